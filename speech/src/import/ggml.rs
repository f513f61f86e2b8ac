//! whisper.cpp's legacy model file: magic, hyper-parameters, mel filters,
//! vocabulary, then tensors. Written through a SHA-256 so the checksum comes
//! for free; the header can be read back for `models list` and `check`.

use super::ImportError;
use super::assets::MelFilters;
use super::ct2::DType;
use super::mapping::{HParams, OutType, Piece};
use super::quant::{self, Weights};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

pub const MAGIC: u32 = 0x6767_6d6c;

/// A writer that hashes what passes through it.
pub struct Hashing<W> {
    inner: W,
    hash: Sha256,
    pub bytes: u64,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }
    pub fn finish(mut self) -> std::io::Result<(W, String, u64)> {
        self.inner.flush()?;
        Ok((self.inner, hex::encode(self.hash.finalize()), self.bytes))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn i32_of(v: usize) -> Result<[u8; 4], ImportError> {
    i32::try_from(v)
        .map(i32::to_le_bytes)
        .map_err(|_| ImportError::Shape(format!("{v} does not fit the file's 32-bit fields")))
}

pub fn write<W: Write>(
    w: &mut W,
    hp: &HParams,
    mel: &MelFilters,
    tokens: &[Vec<u8>],
    pieces: &[Piece<'_>],
    weights: Weights,
) -> Result<(), ImportError> {
    let mut put = |v: usize| -> Result<(), ImportError> { Ok(w.write_all(&i32_of(v)?)?) };
    put(MAGIC as usize)?;
    for v in [
        hp.n_vocab,
        hp.n_audio_ctx,
        hp.n_audio_state,
        hp.n_audio_head,
        hp.n_audio_layer,
        hp.n_text_ctx,
        hp.n_text_state,
        hp.n_text_head,
        hp.n_text_layer,
        hp.n_mels,
        weights.ftype(),
    ] {
        put(v)?;
    }
    put(mel.rows)?;
    put(mel.cols)?;
    let mut buf = Vec::with_capacity(mel.values.len() * 4);
    for v in &mel.values {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&buf)?;
    w.write_all(&i32_of(tokens.len())?)?;
    for t in tokens {
        w.write_all(&i32_of(t.len())?)?;
        w.write_all(t)?;
    }
    for p in pieces {
        w.write_all(&i32_of(p.dims.len())?)?;
        w.write_all(&i32_of(p.name.len())?)?;
        w.write_all(&i32_of(p.out.ggml_type())?)?;
        for d in p.dims.iter().rev() {
            w.write_all(&i32_of(*d)?)?;
        }
        w.write_all(p.name.as_bytes())?;
        w.write_all(&convert(p)?)?;
    }
    Ok(())
}

fn convert(p: &Piece<'_>) -> Result<Vec<u8>, ImportError> {
    let bad = || {
        ImportError::Format(format!(
            "{}: {:?} is not a float tensor",
            p.name, p.src_type
        ))
    };
    Ok(match (p.src_type, p.out) {
        (DType::F16, OutType::F16) | (DType::F32, OutType::F32) => p.src.to_vec(),
        (DType::F16, OutType::F32) => p
            .src
            .chunks_exact(2)
            .flat_map(|c| {
                half::f16::from_le_bytes([c[0], c[1]])
                    .to_f32()
                    .to_le_bytes()
            })
            .collect(),
        (DType::F32, OutType::F16) => p
            .src
            .chunks_exact(4)
            .flat_map(|c| {
                half::f16::from_f32(f32::from_le_bytes([c[0], c[1], c[2], c[3]])).to_le_bytes()
            })
            .collect(),
        (DType::F16 | DType::F32, OutType::Q8_0) => {
            let values: Vec<f32> = if p.src_type == DType::F16 {
                p.src
                    .chunks_exact(2)
                    .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                    .collect()
            } else {
                p.src
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            };
            // ggml's rows run along the last logical dimension.
            let row = p.dims.last().copied().unwrap_or(0);
            quant::q8_0(&values, row).map_err(|e| ImportError::Shape(format!("{}: {e}", p.name)))?
        }
        _ => return Err(bad()),
    })
}

/// The hyper-parameters at the head of a ggml Whisper file.
pub fn read_header<R: Read>(r: &mut R) -> Result<HParams, ImportError> {
    let mut next = || -> Result<usize, ImportError> {
        let mut b = [0u8; 4];
        r.read_exact(&mut b)?;
        usize::try_from(i32::from_le_bytes(b))
            .map_err(|_| ImportError::Format("negative header field".into()))
    };
    if next()? != MAGIC as usize {
        return Err(ImportError::Format(
            "not a whisper.cpp ggml file (bad magic)".into(),
        ));
    }
    Ok(HParams {
        n_vocab: next()?,
        n_audio_ctx: next()?,
        n_audio_state: next()?,
        n_audio_head: next()?,
        n_audio_layer: next()?,
        n_text_ctx: next()?,
        n_text_state: next()?,
        n_text_head: next()?,
        n_text_layer: next()?,
        n_mels: next()?,
    })
}
