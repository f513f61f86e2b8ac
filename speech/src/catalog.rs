//! The models directory: `ggml-<name>.bin` files, each with a manifest
//! `ggml-<name>.json` written by the import (checksum, shape, sources).

use crate::import::{HParams, ImportError, SourceFile, Weights, ggml};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub name: String,
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub hparams: HParams,
    /// Manifests written before quantised imports existed hold f16 models.
    #[serde(default)]
    pub weights: Weights,
    pub sources: Vec<SourceFile>,
}

pub fn file_name(name: &str) -> String {
    format!("ggml-{name}.bin")
}

fn manifest_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("ggml-{name}.json"))
}

pub fn read_manifest(dir: &Path, name: &str) -> Result<Manifest, ImportError> {
    let text = std::fs::read_to_string(manifest_path(dir, name))?;
    serde_json::from_str(&text).map_err(|e| ImportError::Format(format!("manifest of {name}: {e}")))
}

pub fn write_manifest(dir: &Path, m: &Manifest) -> Result<(), ImportError> {
    let text = serde_json::to_string_pretty(m).map_err(|e| ImportError::Format(e.to_string()))?;
    let path = manifest_path(dir, &m.name);
    let tmp = path.with_extension("json.part");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path)?;
    Ok(())
}

/// Models with a manifest, by name.
pub fn list(dir: &Path) -> Vec<Manifest> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Manifest> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let name = n.strip_prefix("ggml-")?.strip_suffix(".json")?.to_string();
            read_manifest(dir, &name).ok()
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The file is there, has the recorded size and checksum, and its header
/// describes the recorded shape.
pub fn verify(dir: &Path, m: &Manifest) -> Result<(), ImportError> {
    let path = dir.join(&m.file);
    let mut f = std::fs::File::open(&path)
        .map_err(|e| ImportError::Input(format!("{}: {e}", path.display())))?;
    let header = ggml::read_header(&mut f)?;
    if header != m.hparams {
        return Err(ImportError::Format(format!(
            "{}: header {header:?} differs from the manifest",
            m.file
        )));
    }
    let mut f = std::fs::File::open(&path)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        bytes += n as u64;
    }
    let sha = hex::encode(hash.finalize());
    if bytes != m.bytes || sha != m.sha256 {
        return Err(ImportError::Format(format!(
            "{}: {bytes} bytes with sha256 {sha}; the manifest says {} bytes, {}",
            m.file, m.bytes, m.sha256
        )));
    }
    Ok(())
}

/// `speech.model` as a path to a file, or a model name in `dir`.
pub fn resolve(dir: &Path, model: &str) -> PathBuf {
    let p = Path::new(model);
    if p.is_absolute() || model.contains('/') || model.ends_with(".bin") {
        p.to_path_buf()
    } else {
        dir.join(file_name(model))
    }
}
