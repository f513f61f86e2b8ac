//! CTranslate2 Whisper variables → whisper.cpp tensors: names, fused
//! attention projections split, shapes checked against the hyper-parameters.

use super::ImportError;
use super::ct2::{Ct2Model, DType, Variable};
use super::quant::Weights;

/// The model's shape, read from its tensors (the file has no header for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HParams {
    pub n_vocab: usize,
    pub n_audio_ctx: usize,
    pub n_audio_state: usize,
    pub n_audio_head: usize,
    pub n_audio_layer: usize,
    pub n_text_ctx: usize,
    pub n_text_state: usize,
    pub n_text_head: usize,
    pub n_text_layer: usize,
    pub n_mels: usize,
}

impl HParams {
    pub fn multilingual(&self) -> bool {
        self.n_vocab >= 51865
    }

    /// The usual Whisper size names, by encoder width.
    pub fn size_name(&self) -> String {
        let size = match (self.n_audio_state, self.n_audio_layer) {
            (384, 4) => "tiny",
            (512, 6) => "base",
            (768, 12) => "small",
            (1024, 24) => "medium",
            (1280, 32) => "large",
            _ => "custom",
        };
        if self.multilingual() {
            size.to_string()
        } else {
            format!("{size}.en")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutType {
    F32,
    F16,
    /// ggml's 8-bit blocks (see `quant`).
    Q8_0,
}

impl OutType {
    /// ggml's tensor type number, as the file records it.
    pub fn ggml_type(self) -> usize {
        match self {
            Self::F32 => 0,
            Self::F16 => 1,
            Self::Q8_0 => 8,
        }
    }
}

/// One whisper.cpp tensor: row-major logical dims, source bytes and type.
pub struct Piece<'a> {
    pub name: String,
    pub dims: Vec<usize>,
    pub src: &'a [u8],
    pub src_type: DType,
    pub out: OutType,
}

pub fn hparams(m: &Ct2Model<'_>) -> Result<HParams, ImportError> {
    let dims = |n: &str| m.get(n).map(|v| v.dims.clone());
    let emb = dims("decoder/embeddings/weight")?;
    let apos = dims("encoder/position_encodings/encodings")?;
    let tpos = dims("decoder/position_encodings/encodings")?;
    let conv1 = dims("encoder/conv1/weight")?;
    let heads = |n: &str| -> Result<usize, ImportError> {
        let v = m.get(n)?.scalar_int();
        v.and_then(|h| usize::try_from(h).ok())
            .filter(|&h| h > 0)
            .ok_or_else(|| ImportError::Format(format!("{n} is not a positive integer")))
    };
    let two = |d: &[usize], n: &str| -> Result<(usize, usize), ImportError> {
        match d {
            [a, b] => Ok((*a, *b)),
            _ => Err(ImportError::Shape(format!(
                "{n}: expected 2 dims, got {d:?}"
            ))),
        }
    };
    let (n_vocab, n_text_state) = two(&emb, "decoder/embeddings/weight")?;
    let (n_audio_ctx, n_audio_state) = two(&apos, "encoder/position_encodings/encodings")?;
    let (n_text_ctx, _) = two(&tpos, "decoder/position_encodings/encodings")?;
    let n_mels = *conv1
        .get(1)
        .ok_or_else(|| ImportError::Shape(format!("encoder/conv1/weight: {conv1:?}")))?;
    let hp = HParams {
        n_vocab,
        n_audio_ctx,
        n_audio_state,
        n_audio_head: heads("encoder/num_heads")?,
        n_audio_layer: layers(m, "encoder"),
        n_text_ctx,
        n_text_state,
        n_text_head: heads("decoder/num_heads")?,
        n_text_layer: layers(m, "decoder"),
        n_mels,
    };
    if hp.n_audio_layer == 0 || hp.n_text_layer == 0 {
        return Err(ImportError::Shape("no encoder or decoder layers".into()));
    }
    if hp.n_audio_state % hp.n_audio_head != 0 || hp.n_text_state % hp.n_text_head != 0 {
        return Err(ImportError::Shape(format!(
            "widths not divisible by head counts: {hp:?}"
        )));
    }
    Ok(hp)
}

fn layers(m: &Ct2Model<'_>, side: &str) -> usize {
    (0..)
        .take_while(|i| {
            m.vars
                .contains_key(&format!("{side}/layer_{i}/ffn/linear_0/weight"))
        })
        .count()
}

/// All tensors, in a fixed order (so the output is byte-for-byte deterministic).
///
/// With `Weights::Q8_0` the 2-D weight matrices (the ones whisper.cpp creates
/// with the file's weight type) are quantised; the convolutions stay f16 and
/// the small tensors f32, as whisper.cpp expects.
pub fn pieces<'a>(
    m: &Ct2Model<'a>,
    hp: &HParams,
    weights: Weights,
) -> Result<Vec<Piece<'a>>, ImportError> {
    let mut out = Vec::new();
    let (da, dt) = (hp.n_audio_state, hp.n_text_state);
    let mut put = |name: &str, v: &Variable<'a>, dims: &[usize], f32: bool| {
        if v.dims.iter().product::<usize>() != dims.iter().product::<usize>() {
            return Err(ImportError::Shape(format!(
                "{name}: source shape {:?}, expected {dims:?}",
                v.dims
            )));
        }
        let out_type = if f32 || dims.len() < 2 {
            OutType::F32
        } else if dims.len() == 2 && weights == Weights::Q8_0 {
            OutType::Q8_0
        } else {
            OutType::F16
        };
        out.push(Piece {
            name: name.to_string(),
            dims: dims.to_vec(),
            src: v.data,
            src_type: v.dtype,
            out: out_type,
        });
        Ok(())
    };
    let exact = |v: &Variable<'a>, dims: &[usize], n: &str| {
        if v.dims == dims {
            Ok(v.clone())
        } else {
            Err(ImportError::Shape(format!(
                "{n}: shape {:?}, expected {dims:?}",
                v.dims
            )))
        }
    };
    let g = |n: &str, dims: &[usize]| m.get(n).and_then(|v| exact(v, dims, n));

    put(
        "encoder.conv1.weight",
        &g("encoder/conv1/weight", &[da, hp.n_mels, 3])?,
        &[da, hp.n_mels, 3],
        false,
    )?;
    put(
        "encoder.conv1.bias",
        &g("encoder/conv1/bias", &[da])?,
        &[da, 1],
        true,
    )?;
    put(
        "encoder.conv2.weight",
        &g("encoder/conv2/weight", &[da, da, 3])?,
        &[da, da, 3],
        false,
    )?;
    put(
        "encoder.conv2.bias",
        &g("encoder/conv2/bias", &[da])?,
        &[da, 1],
        true,
    )?;
    put(
        "encoder.positional_embedding",
        &g(
            "encoder/position_encodings/encodings",
            &[hp.n_audio_ctx, da],
        )?,
        &[hp.n_audio_ctx, da],
        true,
    )?;
    for i in 0..hp.n_audio_layer {
        let (src, dst) = (format!("encoder/layer_{i}"), format!("encoder.blocks.{i}"));
        let mut tensors = Vec::new();
        attention(
            m,
            &format!("{src}/self_attention"),
            &format!("{dst}.attn"),
            da,
            3,
            &mut tensors,
        )?;
        ffn(m, &src, &dst, da, &mut tensors)?;
        for (name, v, dims) in tensors {
            put(&name, &v, &dims, false)?;
        }
    }
    put(
        "encoder.ln_post.weight",
        &g("encoder/layer_norm/gamma", &[da])?,
        &[da],
        true,
    )?;
    put(
        "encoder.ln_post.bias",
        &g("encoder/layer_norm/beta", &[da])?,
        &[da],
        true,
    )?;

    put(
        "decoder.positional_embedding",
        &g("decoder/position_encodings/encodings", &[hp.n_text_ctx, dt])?,
        &[hp.n_text_ctx, dt],
        true,
    )?;
    put(
        "decoder.token_embedding.weight",
        &g("decoder/embeddings/weight", &[hp.n_vocab, dt])?,
        &[hp.n_vocab, dt],
        false,
    )?;
    for i in 0..hp.n_text_layer {
        let (src, dst) = (format!("decoder/layer_{i}"), format!("decoder.blocks.{i}"));
        let mut tensors = Vec::new();
        attention(
            m,
            &format!("{src}/self_attention"),
            &format!("{dst}.attn"),
            dt,
            3,
            &mut tensors,
        )?;
        attention(
            m,
            &format!("{src}/attention"),
            &format!("{dst}.cross_attn"),
            dt,
            2,
            &mut tensors,
        )?;
        ffn(m, &src, &dst, dt, &mut tensors)?;
        for (name, v, dims) in tensors {
            put(&name, &v, &dims, false)?;
        }
    }
    put(
        "decoder.ln.weight",
        &g("decoder/layer_norm/gamma", &[dt])?,
        &[dt],
        true,
    )?;
    put(
        "decoder.ln.bias",
        &g("decoder/layer_norm/beta", &[dt])?,
        &[dt],
        true,
    )?;
    Ok(out)
}

type Named<'a> = (String, Variable<'a>, Vec<usize>);

/// Self-attention has one fused QKV projection (`fused` = 3); cross-attention
/// a query projection and a fused KV one (`fused` = 2). whisper.cpp's key
/// projection has no bias: the fused key bias must be zeros, or the model
/// would silently change meaning.
fn attention<'a>(
    m: &Ct2Model<'a>,
    src: &str,
    dst: &str,
    d: usize,
    fused: usize,
    out: &mut Vec<Named<'a>>,
) -> Result<(), ImportError> {
    out.push(norm(
        m,
        &format!("{src}/layer_norm/gamma"),
        &format!("{dst}_ln.weight"),
        d,
    )?);
    out.push(norm(
        m,
        &format!("{src}/layer_norm/beta"),
        &format!("{dst}_ln.bias"),
        d,
    )?);
    let (fused_name, out_name) = if fused == 3 {
        (format!("{src}/linear_0"), format!("{src}/linear_1"))
    } else {
        let q = format!("{src}/linear_0");
        out.push((
            format!("{dst}.query.weight"),
            shaped(m, &format!("{q}/weight"), &[d, d])?,
            vec![d, d],
        ));
        out.push((
            format!("{dst}.query.bias"),
            shaped(m, &format!("{q}/bias"), &[d])?,
            vec![d],
        ));
        (format!("{src}/linear_1"), format!("{src}/linear_2"))
    };
    let w = shaped(m, &format!("{fused_name}/weight"), &[fused * d, d])?;
    let b = shaped(m, &format!("{fused_name}/bias"), &[fused * d])?;
    let parts: &[&str] = if fused == 3 {
        &["query", "key", "value"]
    } else {
        &["key", "value"]
    };
    for (k, part) in parts.iter().enumerate() {
        out.push((
            format!("{dst}.{part}.weight"),
            rows(&w, k * d, d),
            vec![d, d],
        ));
        let bias = rows(&b, k * d, d);
        if *part == "key" {
            let values = bias.to_f32()?;
            if values.iter().any(|x| *x != 0.0) {
                return Err(ImportError::Shape(format!(
                    "{fused_name}/bias: the key part is not zero; whisper.cpp has no key bias"
                )));
            }
        } else {
            out.push((format!("{dst}.{part}.bias"), bias, vec![d]));
        }
    }
    out.push((
        format!("{dst}.out.weight"),
        shaped(m, &format!("{out_name}/weight"), &[d, d])?,
        vec![d, d],
    ));
    out.push((
        format!("{dst}.out.bias"),
        shaped(m, &format!("{out_name}/bias"), &[d])?,
        vec![d],
    ));
    Ok(())
}

fn ffn<'a>(
    m: &Ct2Model<'a>,
    src: &str,
    dst: &str,
    d: usize,
    out: &mut Vec<Named<'a>>,
) -> Result<(), ImportError> {
    out.push(norm(
        m,
        &format!("{src}/ffn/layer_norm/gamma"),
        &format!("{dst}.mlp_ln.weight"),
        d,
    )?);
    out.push(norm(
        m,
        &format!("{src}/ffn/layer_norm/beta"),
        &format!("{dst}.mlp_ln.bias"),
        d,
    )?);
    let inner = m
        .get(&format!("{src}/ffn/linear_0/weight"))?
        .dims
        .first()
        .copied()
        .unwrap_or(0);
    out.push((
        format!("{dst}.mlp.0.weight"),
        shaped(m, &format!("{src}/ffn/linear_0/weight"), &[inner, d])?,
        vec![inner, d],
    ));
    out.push((
        format!("{dst}.mlp.0.bias"),
        shaped(m, &format!("{src}/ffn/linear_0/bias"), &[inner])?,
        vec![inner],
    ));
    out.push((
        format!("{dst}.mlp.2.weight"),
        shaped(m, &format!("{src}/ffn/linear_1/weight"), &[d, inner])?,
        vec![d, inner],
    ));
    out.push((
        format!("{dst}.mlp.2.bias"),
        shaped(m, &format!("{src}/ffn/linear_1/bias"), &[d])?,
        vec![d],
    ));
    Ok(())
}

fn norm<'a>(m: &Ct2Model<'a>, src: &str, dst: &str, d: usize) -> Result<Named<'a>, ImportError> {
    Ok((dst.to_string(), shaped(m, src, &[d])?, vec![d]))
}

fn shaped<'a>(m: &Ct2Model<'a>, name: &str, dims: &[usize]) -> Result<Variable<'a>, ImportError> {
    let v = m.get(name)?;
    if v.dims != dims {
        return Err(ImportError::Shape(format!(
            "{name}: shape {:?}, expected {dims:?}",
            v.dims
        )));
    }
    Ok(v.clone())
}

/// Rows `start..start + n` of a tensor whose first dimension is rows.
fn rows<'a>(v: &Variable<'a>, start: usize, n: usize) -> Variable<'a> {
    let row: usize = v.dims.iter().skip(1).product::<usize>() * v.dtype.size();
    let mut dims = v.dims.clone();
    dims[0] = n;
    Variable {
        dims,
        dtype: v.dtype,
        data: &v.data[start * row..(start + n) * row],
    }
}
