//! Checks that types alone cannot express.

use super::error::{ConfigError, hint_for};
use super::settings::Settings;

pub fn validate(s: &Settings) -> Result<(), ConfigError> {
    let invalid = |key: &str, value: String, problem: &str| ConfigError::Invalid {
        key: key.into(),
        value,
        origin: "after merging all sources".into(),
        problem: problem.into(),
        hint: hint_for(key).into(),
    };

    if s.server.body_limit_bytes < 1024 {
        return Err(invalid(
            "server.body_limit_bytes",
            s.server.body_limit_bytes.to_string(),
            "too small to hold a webhook",
        ));
    }
    for (key, v) in [
        ("server.request_timeout_secs", s.server.request_timeout_secs),
        ("server.drain_timeout_secs", s.server.drain_timeout_secs),
    ] {
        if v == 0 {
            return Err(invalid(key, v.to_string(), "must be at least 1 second"));
        }
    }
    if s.storage.max_connections == 0 {
        return Err(invalid(
            "storage.max_connections",
            "0".into(),
            "must be at least 1",
        ));
    }
    if s.server.public_addr == s.server.admin_addr && s.server.public_addr.port() != 0 {
        return Err(invalid(
            "server.admin_addr",
            format!("\"{}\"", s.server.admin_addr),
            "is the same address as server.public_addr; the two listeners need different ports",
        ));
    }
    super::whatsapp::validate(&s.whatsapp, &invalid)?;
    if let Err(e) = tracing_subscriber::EnvFilter::try_new(&s.log.level) {
        return Err(invalid(
            "log.level",
            format!("{:?}", s.log.level),
            &e.to_string(),
        ));
    }
    Ok(())
}
