//! The one typed `Settings` tree. Defaults live here, in code; `conserje.toml`
//! and `CONSERJE__SECTION__KEY` variables override them (see `load.rs`).

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub server: ServerSettings,
    pub storage: StorageSettings,
    pub log: LogSettings,
    pub whatsapp: super::whatsapp::WhatsAppSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// Webhooks and health only: this is the port Meta reaches.
    pub public_addr: SocketAddr,
    /// API, live events, metrics and the dashboard: loopback unless IT opens it.
    pub admin_addr: SocketAddr,
    pub body_limit_bytes: u64,
    pub request_timeout_secs: u64,
    pub drain_timeout_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageSettings {
    /// Empty means "the operating system's default" (see [`default_data_dir`]).
    pub data_dir: PathBuf,
    pub busy_timeout_ms: u64,
    pub max_connections: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable on a terminal, JSON otherwise (services, pipes).
    Auto,
    Pretty,
    Json,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            public_addr: SocketAddr::from(([0, 0, 0, 0], 8080)),
            admin_addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            // Meta's webhook payloads are small; 3 MiB leaves room for batches.
            body_limit_bytes: 3 * 1024 * 1024,
            request_timeout_secs: 30,
            drain_timeout_secs: 10,
        }
    }
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::new(),
            busy_timeout_ms: 5_000,
            max_connections: 8,
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            level: "info".into(),
            format: LogFormat::Auto,
        }
    }
}

impl StorageSettings {
    /// The data directory in force: the configured one, else the OS default.
    pub fn resolved_data_dir(&self) -> PathBuf {
        if self.data_dir.as_os_str().is_empty() {
            default_data_dir()
        } else {
            self.data_dir.clone()
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.resolved_data_dir().join("conserje.db")
    }
}

/// Where a system-wide install keeps its data on each OS.
pub fn default_data_dir() -> PathBuf {
    if cfg!(target_os = "windows") {
        let base = std::env::var_os("ProgramData").unwrap_or_else(|| r"C:\ProgramData".into());
        PathBuf::from(base).join("Conserje")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Conserje")
    } else {
        PathBuf::from("/var/lib/conserje")
    }
}

/// Demo mode on a developer's machine must not need root: without an explicit
/// data directory it uses the user's own data folder instead of the system one.
pub fn demo_data_dir() -> PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("conserje-demo")
}
