//! A tiny synthetic Whisper (width 4, one layer each side) written in
//! CTranslate2's format, converted, and read back tensor by tensor.

use super::*;
use std::collections::BTreeMap;

const D: usize = 4;
const MELS: usize = 2;

struct Ct2 {
    vars: Vec<(String, Vec<usize>, u8, Vec<u8>)>,
}

impl Ct2 {
    fn f16(&mut self, name: &str, dims: &[usize], f: impl Fn(usize) -> f32) {
        let n: usize = dims.iter().product();
        let data = (0..n)
            .flat_map(|i| half::f16::from_f32(f(i)).to_le_bytes())
            .collect();
        self.vars.push((name.into(), dims.to_vec(), 4, data));
    }
    fn i16(&mut self, name: &str, v: i16) {
        self.vars
            .push((name.into(), vec![], 2, v.to_le_bytes().to_vec()));
    }
    fn bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        let s = |b: &mut Vec<u8>, t: &str| {
            b.extend_from_slice(&u16::try_from(t.len() + 1).expect("short").to_le_bytes());
            b.extend_from_slice(t.as_bytes());
            b.push(0);
        };
        b.extend_from_slice(&6u32.to_le_bytes());
        s(&mut b, "WhisperSpec");
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&u32::try_from(self.vars.len()).expect("few").to_le_bytes());
        for (name, dims, dtype, data) in &self.vars {
            s(&mut b, name);
            b.push(u8::try_from(dims.len()).expect("few"));
            for d in dims {
                b.extend_from_slice(&u32::try_from(*d).expect("small").to_le_bytes());
            }
            b.push(*dtype);
            b.extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
            b.extend_from_slice(data);
        }
        b.extend_from_slice(&1u32.to_le_bytes());
        s(&mut b, "decoder/projection/weight");
        s(&mut b, "decoder/embeddings/weight");
        b
    }
}

/// Row r of every weight holds the value r (so splits can be checked).
fn model(key_bias: f32) -> Ct2 {
    let mut m = Ct2 { vars: Vec::new() };
    let row = |cols: usize| move |i: usize| (i / cols) as f32;
    m.i16("encoder/num_heads", 2);
    m.i16("decoder/num_heads", 2);
    m.f16("encoder/conv1/weight", &[D, MELS, 3], |_| 0.5);
    m.f16("encoder/conv1/bias", &[D], |_| 0.25);
    m.f16("encoder/conv2/weight", &[D, D, 3], |_| 0.5);
    m.f16("encoder/conv2/bias", &[D], |_| 0.25);
    m.f16("encoder/position_encodings/encodings", &[6, D], |_| 1.0);
    m.f16("decoder/position_encodings/encodings", &[5, D], |_| 1.0);
    m.f16("decoder/embeddings/weight", &[3, D], row(D));
    for side in ["encoder", "decoder"] {
        let l = format!("{side}/layer_0");
        for ln in ["self_attention/layer_norm", "ffn/layer_norm"] {
            m.f16(&format!("{l}/{ln}/gamma"), &[D], |_| 1.0);
            m.f16(&format!("{l}/{ln}/beta"), &[D], |_| 0.0);
        }
        m.f16(
            &format!("{l}/self_attention/linear_0/weight"),
            &[3 * D, D],
            row(D),
        );
        m.f16(
            &format!("{l}/self_attention/linear_0/bias"),
            &[3 * D],
            |i| {
                if (D..2 * D).contains(&i) {
                    key_bias
                } else {
                    i as f32
                }
            },
        );
        m.f16(
            &format!("{l}/self_attention/linear_1/weight"),
            &[D, D],
            row(D),
        );
        m.f16(&format!("{l}/self_attention/linear_1/bias"), &[D], |_| 0.0);
        m.f16(&format!("{l}/ffn/linear_0/weight"), &[4 * D, D], row(D));
        m.f16(&format!("{l}/ffn/linear_0/bias"), &[4 * D], |_| 0.0);
        m.f16(&format!("{l}/ffn/linear_1/weight"), &[D, 4 * D], row(4 * D));
        m.f16(&format!("{l}/ffn/linear_1/bias"), &[D], |_| 0.0);
        m.f16(&format!("{side}/layer_norm/gamma"), &[D], |_| 1.0);
        m.f16(&format!("{side}/layer_norm/beta"), &[D], |_| 0.0);
    }
    let l = "decoder/layer_0/attention";
    m.f16(&format!("{l}/layer_norm/gamma"), &[D], |_| 1.0);
    m.f16(&format!("{l}/layer_norm/beta"), &[D], |_| 0.0);
    m.f16(&format!("{l}/linear_0/weight"), &[D, D], row(D));
    m.f16(&format!("{l}/linear_0/bias"), &[D], |_| 0.0);
    m.f16(&format!("{l}/linear_1/weight"), &[2 * D, D], row(D));
    m.f16(&format!("{l}/linear_1/bias"), &[2 * D], |i| {
        if i < D { 0.0 } else { 7.0 }
    });
    m.f16(&format!("{l}/linear_2/weight"), &[D, D], row(D));
    m.f16(&format!("{l}/linear_2/bias"), &[D], |_| 0.0);
    m
}

fn npz() -> Vec<u8> {
    let header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({MELS}, 3), }}");
    let mut npy = b"\x93NUMPY\x01\x00".to_vec();
    npy.extend_from_slice(&u16::try_from(header.len()).expect("short").to_le_bytes());
    npy.extend_from_slice(header.as_bytes());
    for i in 0..MELS * 3 {
        npy.extend_from_slice(&(i as f32).to_le_bytes());
    }
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file(
        format!("mel_{MELS}.npy"),
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip entry");
    std::io::Write::write_all(&mut zip, &npy).expect("zip write");
    zip.finish().expect("zip");
    out.into_inner()
}

fn inputs(dir: &std::path::Path, key_bias: f32) -> Vec<PathBuf> {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("assets")).expect("dir");
    let bin = model(key_bias).bytes();
    let (a, b) = bin.split_at(bin.len() / 2);
    std::fs::write(src.join("model.bin.part1"), a).expect("write");
    std::fs::write(src.join("model.bin.part2"), b).expect("write");
    std::fs::write(src.join("assets/mel_filters.npz"), npz()).expect("write");
    std::fs::write(src.join("assets/gpt2.tiktoken"), "IQ== 0\nIg== 1\nIw== 2\n").expect("write");
    vec![src]
}

/// name → (ttype, dims as written, f32 values)
fn tensors(file: &[u8]) -> BTreeMap<String, (i32, Vec<i32>, Vec<f32>)> {
    let mut pos = 0;
    let i32_at = |pos: &mut usize| {
        let v = i32::from_le_bytes(file[*pos..*pos + 4].try_into().expect("4 bytes"));
        *pos += 4;
        v
    };
    pos += 12 * 4;
    let (rows, cols) = (i32_at(&mut pos), i32_at(&mut pos));
    pos += usize::try_from(rows * cols * 4).expect("positive");
    let n_tokens = i32_at(&mut pos);
    for _ in 0..n_tokens {
        let len = usize::try_from(i32_at(&mut pos)).expect("positive");
        pos += len;
    }
    let mut out = BTreeMap::new();
    while pos < file.len() {
        let ndim = i32_at(&mut pos);
        let name_len = usize::try_from(i32_at(&mut pos)).expect("positive");
        let ttype = i32_at(&mut pos);
        let dims: Vec<i32> = (0..ndim).map(|_| i32_at(&mut pos)).collect();
        let name = String::from_utf8(file[pos..pos + name_len].to_vec()).expect("utf8");
        pos += name_len;
        let n = usize::try_from(dims.iter().product::<i32>()).expect("positive");
        let values = if ttype == 0 {
            file[pos..pos + n * 4]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().expect("4")))
                .collect()
        } else {
            file[pos..pos + n * 2]
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect()
        };
        pos += n * if ttype == 0 { 4 } else { 2 };
        out.insert(name, (ttype, dims, values));
    }
    out
}

#[test]
fn a_ctranslate2_model_becomes_a_whisper_cpp_file_with_split_attention() {
    let dir = tempfile::tempdir().expect("tmp");
    let models = dir.path().join("models");
    let report = import(
        &inputs(dir.path(), 0.0),
        &models,
        Some("mini"),
        Weights::F16,
    )
    .expect("imports");
    assert!(!report.unchanged);
    let bytes = std::fs::read(models.join("ggml-mini.bin")).expect("output");
    let hp = ggml::read_header(&mut bytes.as_slice()).expect("header");
    assert_eq!(
        (hp.n_vocab, hp.n_audio_ctx, hp.n_text_ctx, hp.n_mels),
        (3, 6, 5, MELS)
    );
    assert_eq!(
        (hp.n_audio_layer, hp.n_text_layer, hp.n_audio_head),
        (1, 1, 2)
    );
    let t = tensors(&bytes);
    // Fused QKV rows 0..4 / 4..8 / 8..12 → query / key / value, each D×D.
    let q = &t["encoder.blocks.0.attn.query.weight"];
    let k = &t["encoder.blocks.0.attn.key.weight"];
    let v = &t["encoder.blocks.0.attn.value.weight"];
    assert_eq!((q.0, q.1.clone()), (1, vec![4, 4]), "f16, dims reversed");
    assert_eq!((q.2[0], k.2[0], v.2[0]), (0.0, 4.0, 8.0));
    assert!(
        !t.contains_key("encoder.blocks.0.attn.key.bias"),
        "whisper.cpp has no key bias"
    );
    assert_eq!(t["encoder.blocks.0.attn.value.bias"].2[0], 8.0);
    // Cross attention: fused KV split in two; value bias from the second half.
    assert_eq!(t["decoder.blocks.0.cross_attn.value.weight"].2[0], 4.0);
    assert_eq!(t["decoder.blocks.0.cross_attn.value.bias"].2, vec![7.0; D]);
    assert_eq!(t["encoder.conv1.bias"].0, 0, "conv bias f32");
    assert_eq!(
        t["encoder.conv1.bias"].1,
        vec![1, 4],
        "conv bias written [n, 1]"
    );
    assert_eq!(
        t["encoder.positional_embedding"].0, 0,
        "positional embedding f32"
    );
    assert_eq!(t["decoder.ln.weight"].0, 0, "1-D tensors f32");
    assert_eq!(t["encoder.conv1.weight"].1, vec![3, MELS as i32, 4]);
    assert_eq!(
        t.len(),
        5 + 15 + 2 + 2 + 24 + 2,
        "every tensor whisper.cpp loads, nothing else"
    );

    let again = import(
        &inputs(dir.path(), 0.0),
        &models,
        Some("mini"),
        Weights::F16,
    )
    .expect("imports");
    assert!(again.unchanged, "idempotent");
    assert_eq!(again.sha256, report.sha256);
    let listed = crate::catalog::list(&models);
    assert_eq!(listed.len(), 1);
    crate::catalog::verify(&models, &listed[0]).expect("intact");
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    std::fs::write(models.join("ggml-mini.bin"), damaged).expect("write");
    assert!(
        crate::catalog::verify(&models, &listed[0]).is_err(),
        "a changed byte is caught"
    );
}

#[test]
fn a_nonzero_key_bias_or_a_missing_asset_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let err = import(
        &inputs(dir.path(), 0.5),
        &dir.path().join("m"),
        None,
        Weights::F16,
    )
    .expect_err("refused");
    assert!(
        matches!(err, ImportError::Shape(ref m) if m.contains("key part is not zero")),
        "{err}"
    );
    let src = inputs(dir.path(), 0.0);
    std::fs::remove_file(src[0].join("assets/mel_filters.npz")).expect("rm");
    let err = import(&src, &dir.path().join("m"), None, Weights::F16).expect_err("refused");
    assert!(
        matches!(err, ImportError::Missing(ref m) if m.contains("mel_filters")),
        "{err}"
    );
    std::fs::remove_file(src[0].join("model.bin.part1")).expect("rm");
    let err = import(&src, &dir.path().join("m"), None, Weights::F16).expect_err("refused");
    assert!(matches!(err, ImportError::Missing(_)), "{err}");
}

#[test]
fn quantised_weights_need_rows_in_whole_blocks() {
    // The synthetic model is 4 wide: no 32-value block fits its rows, so a
    // q8_0 import is refused naming a tensor, and nothing is left behind.
    let dir = tempfile::tempdir().expect("tmp");
    let models = dir.path().join("m");
    let err = import(&inputs(dir.path(), 0.0), &models, None, Weights::Q8_0).expect_err("refused");
    assert!(
        matches!(err, ImportError::Shape(ref m) if m.contains("weight") && m.contains("q8_0")),
        "{err}"
    );
    assert!(crate::catalog::list(&models).is_empty());
}
