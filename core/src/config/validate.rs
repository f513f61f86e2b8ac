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
    for entry in &s.server.trusted_proxies {
        if let Err(problem) = super::cidr::IpCidr::parse(entry) {
            return Err(invalid(
                "server.trusted_proxies",
                format!("{entry:?}"),
                &problem,
            ));
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
    if let Err(e) = crate::engine::dialogue::profile_from_settings(
        &s.hotel,
        std::time::Duration::from_secs(s.locks.hold_secs),
    ) {
        return Err(ConfigError::Invalid {
            hint: hint_for(&e.key).into(),
            key: e.key,
            value: format!("{:?}", e.value),
            origin: "after merging all sources".into(),
            problem: e.problem,
        });
    }
    super::whatsapp::validate(&s.whatsapp, &invalid)?;
    super::admin::validate(&s.admin, &invalid)?;
    super::speech::validate(&s.speech, &invalid)?;
    if let Err(e) = tracing_subscriber::EnvFilter::try_new(&s.log.level) {
        return Err(invalid(
            "log.level",
            format!("{:?}", s.log.level),
            &e.to_string(),
        ));
    }
    validate_pms(s, &invalid)
}

fn validate_pms(
    s: &Settings,
    invalid: &dyn Fn(&str, String, &str) -> ConfigError,
) -> Result<(), ConfigError> {
    let p = &s.pms;
    if p.timeout_ms < 100 {
        return Err(invalid(
            "pms.timeout_ms",
            p.timeout_ms.to_string(),
            "too short for any PMS",
        ));
    }
    for (key, v) in [
        ("pms.breaker_failures", p.breaker_failures),
        ("pms.max_calls_per_sec", p.max_calls_per_sec),
    ] {
        if v == 0 {
            return Err(invalid(key, "0".into(), "must be at least 1"));
        }
    }
    if !(30..=3600).contains(&s.locks.hold_secs) {
        return Err(invalid(
            "locks.hold_secs",
            s.locks.hold_secs.to_string(),
            "a hold shorter than 30 s expires while the guest reads; longer than an hour blocks rooms",
        ));
    }
    let redis = s.locks.redis_url.expose();
    if !redis.is_empty() && !redis.starts_with("redis://") {
        return Err(invalid(
            "locks.redis_url",
            "[redacted]".into(),
            "is not a redis:// URL",
        ));
    }
    if p.kind == super::settings::PmsKind::Qloapps {
        let q = &p.qloapps;
        if !(q.url.starts_with("http://") || q.url.starts_with("https://")) {
            return Err(invalid(
                "pms.qloapps.url",
                format!("{:?}", q.url),
                "pms.kind is \"qloapps\" but the URL is missing or not http(s)",
            ));
        }
        if !q.api_key.is_set() {
            return Err(invalid(
                "pms.qloapps.api_key",
                "(missing)".into(),
                "pms.kind is \"qloapps\" but no webservice key is set",
            ));
        }
        if q.hotel_id == 0 {
            return Err(invalid(
                "pms.qloapps.hotel_id",
                "0".into(),
                "hotel ids start at 1",
            ));
        }
    }
    Ok(())
}
