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
    pub hotel: super::hotel::HotelSettings,
    pub pms: PmsSettings,
    pub locks: LocksSettings,
    pub whatsapp: super::whatsapp::WhatsAppSettings,
    pub admin: super::admin::AdminSettings,
    pub speech: super::speech::SpeechSettings,
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
    /// Reverse proxies (addresses or CIDR networks) whose `X-Forwarded-For`
    /// is believed. Empty: the peer address is the client, always.
    pub trusted_proxies: Vec<String>,
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

/// Where availability, prices and bookings come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PmsSettings {
    pub kind: PmsKind,
    /// Longest wait for one PMS call before it counts as down.
    pub timeout_ms: u64,
    /// Consecutive failures that open the circuit breaker (calls then fail fast).
    pub breaker_failures: u32,
    /// How long the breaker stays open before one probe call is let through.
    pub breaker_cooldown_secs: u64,
    /// Client-side ceiling on calls per second, so a busy day never floods the PMS.
    pub max_calls_per_sec: u32,
    /// How long hotel info and room types are reused before asking again.
    pub catalog_cache_secs: u64,
    /// How long a quote is reused for identical questions (0 turns it off).
    pub quote_cache_secs: u64,
    pub qloapps: QloAppsSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PmsKind {
    /// The built-in PMS in Conserje's own database (seeded with a demo hotel).
    Demo,
    Qloapps,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QloAppsSettings {
    /// Base URL of the shop, without `/api` (e.g. "https://hotel.example.com").
    pub url: String,
    /// Webservice key (Advanced Parameters → Webservice).
    pub api_key: crate::config::Secret,
    pub hotel_id: u32,
}

/// Room holds while a guest confirms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LocksSettings {
    /// Empty: holds live in this process (one core). `redis://host:6379/0`:
    /// shared by every core pointed at the same Redis.
    pub redis_url: crate::config::Secret,
    /// How long an offered room stays held for the guest; extendable twice.
    pub hold_secs: u64,
}

impl Default for PmsSettings {
    fn default() -> Self {
        Self {
            kind: PmsKind::Demo,
            timeout_ms: 5_000,
            breaker_failures: 5,
            breaker_cooldown_secs: 30,
            max_calls_per_sec: 10,
            catalog_cache_secs: 3_600,
            quote_cache_secs: 60,
            qloapps: QloAppsSettings::default(),
        }
    }
}

impl Default for QloAppsSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            api_key: crate::config::Secret::default(),
            hotel_id: 1,
        }
    }
}

impl Default for LocksSettings {
    fn default() -> Self {
        Self {
            redis_url: crate::config::Secret::default(),
            hold_secs: 300,
        }
    }
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
            trusted_proxies: Vec::new(),
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
