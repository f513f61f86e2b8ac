//! The managed settings file, `<data dir>/settings.toml`: what staff changed
//! through the admin API, in the configuration file's shape. It is read at
//! start after `conserje.toml` and before environment variables, so a change
//! made in the dashboard wins over the file IT installed, and a variable IT
//! set on the service wins over both (the API refuses to change such a key).
//! It holds credentials, so it is written owner-only and replaced atomically:
//! a crash mid-write leaves the previous file.

use super::change::SettingsChange;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "settings.toml";

#[derive(Debug, thiserror::Error)]
pub enum ManagedError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} is not a settings file this version understands: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// The saved change; empty when nothing was ever changed.
pub fn read(path: &Path) -> Result<SettingsChange, ManagedError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SettingsChange::default()),
        Err(e) => {
            return Err(ManagedError::Read {
                path: path.into(),
                reason: e.to_string(),
            });
        }
    };
    toml::from_str(&text).map_err(|e| ManagedError::Parse {
        path: path.into(),
        reason: e.to_string(),
    })
}

const HEADER: &str = "# Written by Conserje when staff change settings in the dashboard.\n\
# Read at start after conserje.toml; CONSERJE__… environment variables win over it.\n\
# Holds credentials: keep it readable by the service's user only.\n\n";

pub fn write(path: &Path, change: &SettingsChange) -> Result<(), ManagedError> {
    let failed = |e: &dyn std::fmt::Display| ManagedError::Write {
        path: path.into(),
        reason: e.to_string(),
    };
    let body = toml::to_string(change).map_err(|e| failed(&e))?;
    let tmp = path.with_extension("toml.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(|e| failed(&e))?;
    f.write_all(HEADER.as_bytes())
        .and_then(|()| f.write_all(body.as_bytes()))
        .and_then(|()| f.sync_all())
        .map_err(|e| failed(&e))?;
    std::fs::rename(&tmp, path).map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_change_reads_back_owner_only_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = path(dir.path());
        assert_eq!(
            read(&p).expect("missing is fine"),
            SettingsChange::default()
        );
        let change: SettingsChange = serde_json::from_value(serde_json::json!({
            "whatsapp": {"numbers": [{"phone_number_id": "1065", "display_phone_number": "1555"}],
                         "access_token": "EAAG"},
            "pms": {"kind": "qloapps", "qloapps": {"hotel_id": 2}}
        }))
        .expect("change");
        write(&p, &change).expect("write");
        assert_eq!(read(&p).expect("read"), change);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!p.with_extension("toml.tmp").exists());
    }

    #[test]
    fn a_damaged_file_is_a_parse_error_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = path(dir.path());
        std::fs::write(&p, "pms = [not toml").expect("write");
        let e = read(&p).expect_err("damaged");
        assert!(e.to_string().contains("settings.toml"), "{e}");
    }
}
