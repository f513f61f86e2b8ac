//! Configuration: one typed [`Settings`], layered sources, secrets that stay secret.

mod admin;
mod change;
mod cidr;
mod error;
mod hotel;
mod load;
pub mod managed;
mod secret;
mod settings;
mod speech;
mod validate;
mod whatsapp;

pub use admin::{AdminSettings, MIN_JWT_SECRET_BYTES};
pub use change::{
    HandoffChange, PmsChange, QloAppsChange, SettingsChange, SpeechChange, WhatsAppChange,
    env_var_for,
};
pub use cidr::IpCidr;
pub use error::ConfigError;
pub use hotel::{HotelSettings, HoursSettings};
pub use load::{ENV_PREFIX, Loaded, Overrides, default_config_file, known_keys, load};
pub use secret::Secret;
pub use settings::{
    LocksSettings, LogFormat, LogSettings, PmsKind, PmsSettings, QloAppsSettings, ServerSettings,
    Settings, StorageSettings, default_data_dir, demo_data_dir,
};
pub use speech::{SpeechLanguage, SpeechSettings, SpeechWindow};
pub use validate::validate;
pub use whatsapp::{WhatsAppNumber, WhatsAppSettings};

/// The full, commented default configuration, as shipped and as printed by
/// `conserje config default`. A test checks it parses to exactly `Settings::default()`.
pub const DEFAULT_TOML: &str = include_str!("../../data/conserje.default.toml");

#[cfg(test)]
mod tests;
