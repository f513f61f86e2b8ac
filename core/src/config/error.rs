//! Why a configuration was refused, worded for the IT person who has to fix it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "config file {} cannot be read: {reason}. Check the path and its permissions, \
         or create one with `conserje config default > {}`",
        path.display(), path.display()
    )]
    FileUnreadable { path: PathBuf, reason: String },

    #[error("invalid setting {key} = {value} ({origin}): {problem}. Fix: {hint}")]
    Invalid {
        key: String,
        value: String,
        origin: String,
        problem: String,
        hint: String,
    },

    #[error(
        "unknown setting {key} ({origin}). Fix: remove it or correct its spelling; \
         `conserje config default` lists every setting"
    )]
    UnknownKey { key: String, origin: String },
}

/// How to fix a bad value, per key. Keys not listed get a generic pointer.
pub(super) fn hint_for(key: &str) -> &'static str {
    match key {
        "server.public_addr" => "use IP:PORT, e.g. \"0.0.0.0:8080\" (port 0 picks a free port)",
        "server.admin_addr" => {
            "use IP:PORT, e.g. \"127.0.0.1:8787\"; keep it on loopback unless the LAN needs it"
        }
        "server.trusted_proxies" => {
            "use a list of IP addresses or CIDR networks, e.g. [\"127.0.0.1\", \"10.0.0.0/8\"]"
        }
        "server.body_limit_bytes" => "use a whole number of bytes of at least 1024, e.g. 3145728",
        "server.request_timeout_secs" | "server.drain_timeout_secs" => {
            "use a whole number of seconds of at least 1"
        }
        "storage.data_dir" => "use a directory path the daemon can write to",
        "storage.busy_timeout_ms" => "use a whole number of milliseconds, e.g. 5000",
        "storage.max_connections" => "use a whole number of at least 1, e.g. 8",
        "log.level" => {
            "use trace, debug, info, warn or error, or a filter such as \"info,conserje=debug\""
        }
        "log.format" => "use \"auto\", \"pretty\" or \"json\"",
        "pms.kind" => "use \"demo\" or \"qloapps\"",
        "pms.timeout_ms" => "use a whole number of milliseconds of at least 100, e.g. 5000",
        "pms.breaker_failures" | "pms.max_calls_per_sec" => "use a whole number of at least 1",
        "pms.qloapps.url" => {
            "use the hotel's QloApps address without /api, e.g. \"https://hotel.example.com\""
        }
        "pms.qloapps.api_key" => {
            "create a webservice key in QloApps (Advanced Parameters > Webservice) and set \
             CONSERJE__PMS__QLOAPPS__API_KEY"
        }
        "pms.qloapps.hotel_id" => "use the hotel's id from QloApps (Hotels > Manage hotels)",
        "locks.redis_url" => "leave empty for one core, or use \"redis://HOST:PORT/DB\"",
        "locks.hold_secs" => "use a whole number of seconds between 30 and 3600",
        k if k.starts_with("hotel.hours") => {
            "use a list of \"HH:MM-HH:MM\" ranges that do not overlap, e.g. [\"08:00-20:00\"]"
        }
        "hotel.timezone" => "use an IANA time zone name, e.g. \"America/Montevideo\"",
        "hotel.language" => "use \"es\", \"en\" or \"pt\"",
        "hotel.holidays" => "use a list of dates, e.g. [\"2026-12-25\"]",
        "whatsapp.engine" => "use \"none\" (\"echo-for-tests\" is for the end-to-end tests only)",
        "whatsapp.graph_url" => "use the Graph API base URL, e.g. \"https://graph.facebook.com\"",
        "whatsapp.numbers" => {
            "list each number as { phone_number_id = \"…\", display_phone_number = \"…\" } with the id from Meta's dashboard"
        }
        k if k.starts_with("whatsapp.") => "use a whole number of at least 1",
        _ => "see `conserje config default` for the accepted values",
    }
}
