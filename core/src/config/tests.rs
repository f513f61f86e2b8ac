// figment's `Jail` closures return `figment::Error`, which is large by design.
#![allow(clippy::result_large_err)]

use super::*;
use figment::Jail;
use std::path::Path;

fn load_in(jail: &Jail, file: Option<&str>) -> Result<Loaded, ConfigError> {
    let path = file.map(|f| jail.directory().join(f));
    load(path.as_deref(), &Overrides::default())
}

#[test]
fn shipped_default_file_is_exactly_the_defaults() {
    let parsed: Settings = toml::from_str(DEFAULT_TOML).expect("default toml parses");
    assert_eq!(parsed, Settings::default());
}

#[test]
fn every_key_is_documented_in_the_default_file() {
    for key in known_keys() {
        let leaf = key.rsplit('.').next().unwrap_or_default();
        assert!(
            DEFAULT_TOML.contains(&format!("\n{leaf} = ")),
            "{key} missing from conserje.default.toml"
        );
    }
}

#[test]
fn defaults_apply_without_file_or_env() {
    Jail::expect_with(|jail| {
        let loaded = load_in(jail, None).expect("defaults load");
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(
            loaded.settings.server.public_addr.to_string(),
            "0.0.0.0:8080"
        );
        assert_eq!(
            loaded.settings.server.admin_addr.to_string(),
            "127.0.0.1:8787"
        );
        assert!(loaded.file.is_none());
        Ok(())
    });
}

#[test]
fn file_overrides_defaults_and_env_overrides_file() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "c.toml",
            "[server]\npublic_addr = \"127.0.0.1:9000\"\n[log]\nlevel = \"debug\"\n",
        )?;
        let loaded = load_in(jail, Some("c.toml")).expect("file loads");
        assert_eq!(
            loaded.settings.server.public_addr.to_string(),
            "127.0.0.1:9000"
        );
        assert_eq!(loaded.settings.log.level, "debug");

        jail.set_env("CONSERJE__SERVER__PUBLIC_ADDR", "127.0.0.1:0");
        jail.set_env("CONSERJE__STORAGE__DATA_DIR", "/tmp/x");
        let loaded = load_in(jail, Some("c.toml")).expect("env loads");
        assert_eq!(
            loaded.settings.server.public_addr.to_string(),
            "127.0.0.1:0"
        );
        assert_eq!(loaded.settings.storage.data_dir, Path::new("/tmp/x"));
        assert_eq!(loaded.settings.log.level, "debug", "file value kept");
        Ok(())
    });
}

#[test]
fn conserje_toml_in_the_working_directory_is_picked_up() {
    Jail::expect_with(|jail| {
        jail.create_file("conserje.toml", "[log]\nformat = \"json\"\n")?;
        let loaded = load_in(jail, None).expect("loads");
        assert_eq!(loaded.settings.log.format, LogFormat::Json);
        assert!(loaded.file.is_some());
        Ok(())
    });
}

#[test]
fn command_line_overrides_win() {
    Jail::expect_with(|jail| {
        jail.set_env("CONSERJE__LOG__FORMAT", "pretty");
        let o = Overrides {
            data_dir: Some("/srv/c".into()),
            log_format: Some(LogFormat::Json),
            log_level: Some("warn".into()),
            demo: false,
        };
        let s = load(None, &o).expect("loads").settings;
        assert_eq!(s.log.format, LogFormat::Json);
        assert_eq!(s.log.level, "warn");
        assert_eq!(s.storage.data_dir, Path::new("/srv/c"));
        Ok(())
    });
}

#[test]
fn unknown_env_var_is_a_warning_not_an_error() {
    Jail::expect_with(|jail| {
        jail.set_env("CONSERJE__SERVER__PUBLIK_ADDR", "1.2.3.4:1");
        let loaded = load_in(jail, None).expect("still loads");
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].contains("CONSERJE__SERVER__PUBLIK_ADDR"));
        assert!(loaded.warnings[0].contains("server.publik_addr"));
        Ok(())
    });
}

fn invalid_message(jail: &Jail) -> String {
    match load_in(jail, None) {
        Err(e) => e.to_string(),
        Ok(l) => panic!("expected an error, got {:?}", l.settings),
    }
}

#[test]
fn bad_address_from_env_names_key_value_origin_and_fix() {
    Jail::expect_with(|jail| {
        jail.set_env("CONSERJE__SERVER__PUBLIC_ADDR", "not-an-address");
        let msg = invalid_message(jail);
        assert!(msg.contains("server.public_addr"), "{msg}");
        assert!(msg.contains("\"not-an-address\""), "{msg}");
        assert!(msg.contains("CONSERJE__SERVER__PUBLIC_ADDR"), "{msg}");
        assert!(msg.contains("IP:PORT"), "{msg}");
        Ok(())
    });
}

#[test]
fn every_validation_error_has_a_message_with_key_and_fix() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[server]\nadmin_addr = \"x\"",
            "server.admin_addr",
            "IP:PORT",
        ),
        (
            "[server]\nbody_limit_bytes = 10",
            "server.body_limit_bytes",
            "at least 1024",
        ),
        (
            "[server]\nbody_limit_bytes = \"big\"",
            "server.body_limit_bytes",
            "whole number",
        ),
        (
            "[server]\nrequest_timeout_secs = 0",
            "server.request_timeout_secs",
            "at least 1",
        ),
        (
            "[server]\ndrain_timeout_secs = 0",
            "server.drain_timeout_secs",
            "at least 1",
        ),
        (
            "[server]\npublic_addr = \"127.0.0.1:9\"\nadmin_addr = \"127.0.0.1:9\"",
            "server.admin_addr",
            "different ports",
        ),
        (
            "[storage]\nmax_connections = 0",
            "storage.max_connections",
            "at least 1",
        ),
        (
            "[storage]\nbusy_timeout_ms = -5",
            "storage.busy_timeout_ms",
            "milliseconds",
        ),
        ("[log]\nlevel = \"loud[\"", "log.level", "trace, debug"),
        ("[log]\nformat = \"xml\"", "log.format", "\"json\""),
        (
            "[server]\npublik_addr = \"1.1.1.1:1\"",
            "server.publik_addr",
            "spelling",
        ),
        ("[speach]\nmodel = \"x\"", "speach", "spelling"),
        (
            "[speech]\nmin_confidence = 2.0",
            "speech.min_confidence",
            "between 0 and 1",
        ),
        (
            "[speech]\nwindow = \"half\"",
            "speech.window",
            "`clip` or `full`",
        ),
        ("[pms]\nkind = \"opera\"", "pms.kind", "\"qloapps\""),
        ("[pms]\ntimeout_ms = 5", "pms.timeout_ms", "at least 100"),
        (
            "[pms]\nkind = \"qloapps\"",
            "pms.qloapps.url",
            "without /api",
        ),
        (
            "[pms]\nkind = \"qloapps\"\n[pms.qloapps]\nurl = \"http://h\"",
            "pms.qloapps.api_key",
            "CONSERJE__PMS__QLOAPPS__API_KEY",
        ),
        (
            "[locks]\nhold_secs = 5",
            "locks.hold_secs",
            "between 30 and 3600",
        ),
        (
            "[locks]\nredis_url = \"http://x\"",
            "locks.redis_url",
            "redis://",
        ),
    ];
    for (toml, key, fix) in cases {
        Jail::expect_with(|jail| {
            jail.create_file("bad.toml", toml)?;
            let msg = match load_in(jail, Some("bad.toml")) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("{toml:?} should be refused"),
            };
            assert!(msg.contains(key), "{toml:?}: {msg}");
            assert!(msg.contains(fix), "{toml:?}: {msg}");
            Ok(())
        });
    }
}

#[test]
fn a_named_file_that_does_not_exist_is_an_error() {
    Jail::expect_with(|jail| {
        let msg = match load_in(jail, Some("missing.toml")) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("should fail"),
        };
        assert!(msg.contains("missing.toml"), "{msg}");
        assert!(msg.contains("conserje config default"), "{msg}");
        Ok(())
    });
}

#[test]
fn whatsapp_secrets_and_numbers_come_from_env_without_warnings() {
    Jail::expect_with(|jail| {
        jail.set_env("CONSERJE__WHATSAPP__APP_SECRET", "s3cret-from-env");
        jail.set_env("CONSERJE__WHATSAPP__ACCESS_TOKEN", "token-from-env");
        jail.set_env("CONSERJE__WHATSAPP__VERIFY_TOKEN", "verify-me");
        jail.set_env(
            "CONSERJE__WHATSAPP__NUMBERS",
            r#"[{phone_number_id="106540352242922",display_phone_number="15550783881"}]"#,
        );
        let loaded = load_in(jail, None).expect("loads");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let w = &loaded.settings.whatsapp;
        assert_eq!(w.app_secret.expose(), "s3cret-from-env");
        assert_eq!(w.access_token.expose(), "token-from-env");
        assert_eq!(w.verify_token, "verify-me");
        assert_eq!(w.numbers.len(), 1);
        assert_eq!(
            w.number("106540352242922")
                .map(|n| n.display_phone_number.as_str()),
            Some("15550783881")
        );
        assert!(!format!("{:?}", loaded.settings).contains("s3cret-from-env"));
        Ok(())
    });
}

#[test]
fn an_unknown_engine_is_refused_with_the_fix() {
    Jail::expect_with(|jail| {
        jail.set_env("CONSERJE__WHATSAPP__ENGINE", "gpt");
        let msg = invalid_message(jail);
        assert!(
            msg.contains("whatsapp.engine") && msg.contains("\"none\""),
            "{msg}"
        );
        Ok(())
    });
}

#[test]
fn dashboard_changes_win_over_the_file_and_environment_wins_over_both() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "conserje.toml",
            "[pms]\ntimeout_ms = 900\n[pms.qloapps]\nurl = \"http://from-file\"\nhotel_id = 3\n",
        )?;
        std::fs::create_dir_all(jail.directory().join("data")).map_err(|e| e.to_string())?;
        jail.create_file(
            "data/settings.toml",
            "[pms.qloapps]\nurl = \"http://from-dashboard\"\nhotel_id = 4\n",
        )?;
        jail.set_env("CONSERJE__PMS__QLOAPPS__HOTEL_ID", "5");
        let o = Overrides {
            data_dir: Some(jail.directory().join("data")),
            ..Default::default()
        };
        let loaded = load(Some(&jail.directory().join("conserje.toml")), &o).expect("loads");
        let s = loaded.settings;
        assert_eq!(s.pms.timeout_ms, 900, "the file still counts");
        assert_eq!(s.pms.qloapps.url, "http://from-dashboard");
        assert_eq!(s.pms.qloapps.hotel_id, 5, "environment wins");
        assert_eq!(
            loaded.managed.as_deref(),
            Some(jail.directory().join("data/settings.toml").as_path())
        );
        Ok(())
    });
}

#[test]
fn a_dashboard_change_that_breaks_validation_is_refused_at_load() {
    Jail::expect_with(|jail| {
        std::fs::create_dir_all(jail.directory().join("data")).map_err(|e| e.to_string())?;
        jail.create_file("data/settings.toml", "[pms]\nkind = \"teapot\"\n")?;
        let o = Overrides {
            data_dir: Some(jail.directory().join("data")),
            ..Default::default()
        };
        let e = load(None, &o).expect_err("bad managed value");
        assert!(e.to_string().contains("pms.kind"), "{e}");
        Ok(())
    });
}
