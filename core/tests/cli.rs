//! The `conserje` command line, run as a real process.

use std::process::{Command, Output};

fn conserje(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conserje"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run conserje")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["serve"],
        &["config"],
        &["config", "default"],
        &["config", "check"],
        &["healthcheck"],
        &["migrate"],
        &["backup"],
        &["version"],
        &["nlu"],
        &["nlu", "parse"],
        &["nlu", "eval"],
        &["chat"],
        &["dialogue"],
        &["dialogue", "run"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = conserje(&args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(stdout(&out).contains("Usage: conserje"), "{args:?}");
    }
}

#[test]
fn version_prints_the_package_version() {
    let out = conserje(&["version"]);
    assert_eq!(
        stdout(&out).trim(),
        format!("conserje {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn config_default_is_a_valid_config_that_check_accepts() {
    let out = conserje(&["config", "default"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("public_addr = \"0.0.0.0:8080\""));
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("c.toml");
    std::fs::write(&file, &text).expect("write");
    let check = conserje(&["config", "check", file.to_str().expect("utf8")]);
    assert!(check.status.success(), "{check:?}");
    assert!(stdout(&check).contains("configuration OK"));
}

#[test]
fn config_check_rejects_a_bad_file_naming_the_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[log]\nformat = \"xml\"\n").expect("write");
    let out = conserje(&["config", "check", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("log.format") && err.contains("\"xml\""),
        "{err}"
    );
}

#[test]
fn readme_configuration_reference_matches_config_default() {
    let readme = include_str!("../../README.md");
    let default = stdout(&conserje(&["config", "default"]));
    assert!(
        readme.contains(&default),
        "README's configuration reference is stale: paste the output of `conserje config default`"
    );
}

async fn count_instance(path: &std::path::Path) -> (i64, String) {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let pool = sqlx::SqlitePool::connect_with(opts).await.expect("open");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .expect("migrations table");
    let id: String = sqlx::query_scalar("SELECT group_concat(install_id) FROM instance")
        .fetch_one(&pool)
        .await
        .expect("instance");
    pool.close().await;
    (n, id)
}

#[tokio::test]
async fn migrate_is_idempotent_and_backup_has_the_same_rows() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let first = conserje(&["migrate", "--data-dir", data_s]);
    assert!(first.status.success(), "{first:?}");
    let second = conserje(&["migrate", "--data-dir", data_s]);
    assert!(second.status.success(), "{second:?}");
    assert_eq!(stdout(&first), stdout(&second));

    // Put a row in, as the daemon would on first start.
    let db = data.join("conserje.db");
    {
        let pool =
            sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
                .await
                .expect("open");
        sqlx::query("INSERT INTO instance (id, install_id, created_at) VALUES (1, 'abc-123', '2026-11-29T10:00:00Z')")
            .execute(&pool)
            .await
            .expect("insert");
        pool.close().await;
    }
    let copy = dir.path().join("copy.db");
    let out = conserje(&["backup", copy.to_str().expect("utf8"), "--data-dir", data_s]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(count_instance(&db).await, count_instance(&copy).await);
    assert_eq!(count_instance(&copy).await.1, "abc-123");

    let again = conserje(&["backup", copy.to_str().expect("utf8"), "--data-dir", data_s]);
    assert_eq!(again.status.code(), Some(1), "never overwrites");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn backup_without_a_database_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = conserje(&[
        "backup",
        "/tmp/x.db",
        "--data-dir",
        dir.path().to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database"));
}
