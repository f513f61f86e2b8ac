//! The files an import reads, gathered from directories and wheels (zip
//! files) by base name, each with its SHA-256 for the manifest.

use super::ImportError;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Base names the converter uses; anything else in a wheel is ignored.
fn wanted(name: &str) -> bool {
    name == "model.bin"
        || name.starts_with("model.bin.part")
        || name == "mel_filters.npz"
        || name.ends_with(".tiktoken")
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    /// Where it was found: a path, or `wheel!inner/path`.
    pub origin: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Default)]
pub struct Sources {
    files: BTreeMap<String, (SourceFile, Vec<u8>)>,
}

impl Sources {
    pub fn gather(inputs: &[PathBuf]) -> Result<Self, ImportError> {
        let mut s = Self::default();
        for input in inputs {
            if input.is_dir() {
                s.walk(input)?;
            } else if input.is_file() {
                s.zip(input)?;
            } else {
                return Err(ImportError::Input(format!(
                    "{} does not exist",
                    input.display()
                )));
            }
        }
        Ok(s)
    }

    fn add(&mut self, name: &str, origin: String, bytes: Vec<u8>) -> Result<(), ImportError> {
        let meta = SourceFile {
            name: name.to_string(),
            origin,
            sha256: hex::encode(Sha256::digest(&bytes)),
            bytes: bytes.len() as u64,
        };
        if let Some((old, _)) = self.files.get(name) {
            if old.sha256 != meta.sha256 {
                return Err(ImportError::Input(format!(
                    "two different {name}: {} and {}",
                    old.origin, meta.origin
                )));
            }
            return Ok(());
        }
        self.files.insert(name.to_string(), (meta, bytes));
        Ok(())
    }

    fn walk(&mut self, dir: &Path) -> Result<(), ImportError> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                self.walk(&path)?;
            } else if wanted(&name) {
                let bytes = std::fs::read(&path)?;
                self.add(&name, path.display().to_string(), bytes)?;
            }
        }
        Ok(())
    }

    fn zip(&mut self, path: &Path) -> Result<(), ImportError> {
        let bad = |e: String| ImportError::Input(format!("{}: {e}", path.display()));
        let file = std::fs::File::open(path)?;
        let mut zip = zip::ZipArchive::new(file)
            .map_err(|e| bad(format!("not a directory nor a wheel/zip ({e})")))?;
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
            let inner = entry.name().to_string();
            let name = inner.rsplit('/').next().unwrap_or(&inner).to_string();
            if entry.is_file() && wanted(&name) {
                let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
                entry
                    .read_to_end(&mut bytes)
                    .map_err(|e| bad(e.to_string()))?;
                self.add(&name, format!("{}!{inner}", path.display()), bytes)?;
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(|(_, b)| b.as_slice())
    }

    /// `model.bin`, or its parts `model.bin.part1..N` joined in order.
    pub fn model_bin(&self) -> Result<Vec<u8>, ImportError> {
        if let Some(b) = self.get("model.bin") {
            return Ok(b.to_vec());
        }
        let mut out = Vec::new();
        let mut n = 1;
        while let Some(part) = self.get(&format!("model.bin.part{n}")) {
            out.extend_from_slice(part);
            n += 1;
        }
        let total = self
            .files
            .keys()
            .filter(|k| k.starts_with("model.bin.part"))
            .count();
        if n == 1 {
            return Err(ImportError::Missing(
                "model.bin (or model.bin.part1…)".into(),
            ));
        }
        if total != n - 1 {
            return Err(ImportError::Missing(format!(
                "model.bin.part{n} (found {total} parts)"
            )));
        }
        Ok(out)
    }

    pub fn used(&self) -> Vec<SourceFile> {
        self.files.values().map(|(m, _)| m.clone()).collect()
    }
}
