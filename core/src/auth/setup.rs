//! The one-time setup token: while no staff account exists, the daemon prints
//! a token at start, and whoever holds it may create the first admin. Only its
//! hash is kept, in memory: a restart prints a new one.

use super::random::{self, RandomError, constant_time_eq};
use std::sync::Mutex;

#[derive(Default)]
pub struct SetupToken(Mutex<Option<String>>);

impl SetupToken {
    /// A fresh token (replacing any earlier one), to be shown to IT once.
    pub fn issue(&self) -> Result<String, RandomError> {
        let token = random::token()?;
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(random::sha256_hex(&token));
        Ok(token)
    }

    pub fn matches(&self, presented: &str) -> bool {
        let guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().is_some_and(|hash| {
            constant_time_eq(
                hash.as_bytes(),
                random::sha256_hex(presented.trim()).as_bytes(),
            )
        })
    }

    /// Spent once the first admin exists.
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// Where the daemon also writes the token (readable by the service account and
/// root only), for installs where nobody watches its standard output.
pub fn token_file(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("setup-token")
}

pub fn write_token_file(
    data_dir: &std::path::Path,
    token: &str,
) -> std::io::Result<std::path::PathBuf> {
    let path = token_file(data_dir);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&path)?, format!("{token}\n").as_bytes())?;
    Ok(path)
}

/// Once the first admin exists the token is spent; its file goes too.
pub fn remove_token_file(data_dir: &std::path::Path) {
    let _ = std::fs::remove_file(token_file(data_dir));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_issued_token_matches_until_cleared() {
        let s = SetupToken::default();
        assert!(!s.matches(""));
        let t = s.issue().expect("issue");
        assert!(s.matches(&t));
        assert!(!s.matches("0000"));
        s.clear();
        assert!(!s.matches(&t));
    }
}
