//! The real binary: listeners on port 0, health, metrics, healthcheck, signals.

use conserje_e2e::{Daemon, conserje_bin};
use std::process::Command;
use std::time::{Duration, Instant};

fn get(url: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .get(url)
        .send()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

#[test]
fn both_listeners_answer_health_and_metrics() {
    let d = Daemon::start(&conserje_bin(), &[]);

    let live = get(&format!("{}/health/live", d.public));
    assert_eq!(live.status(), 200);
    let ready = get(&format!("{}/health/ready", d.public));
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().expect("json");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["mode"], "demo");
    let checks = body["checks"].as_array().expect("checks");
    let db = checks
        .iter()
        .find(|c| c["name"] == "database")
        .expect("database check");
    assert_eq!(db["status"], "up");
    assert_eq!(db["required"], true);

    // Metrics are on the admin listener only, never on the one Meta reaches.
    assert_eq!(get(&format!("{}/metrics", d.public)).status(), 404);
    let metrics = get(&format!("{}/metrics", d.admin));
    assert_eq!(metrics.status(), 200);
    assert_eq!(metrics.headers()["x-content-type-options"], "nosniff");
    assert_eq!(metrics.headers()["x-frame-options"], "DENY");
    let text = metrics.text().expect("text");
    assert!(
        text.contains(r#"conserje_http_requests_total{listener="public",method="GET",route="/health/ready",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
}

#[test]
fn request_id_is_echoed_or_generated_and_logged() {
    let d = Daemon::start(&conserje_bin(), &[("CONSERJE__LOG__LEVEL", "debug")]);
    let client = reqwest::blocking::Client::new();
    let r = client
        .get(format!("{}/health/live", d.public))
        .header("x-request-id", "test-req-42")
        .send()
        .expect("send");
    assert_eq!(r.headers()["x-request-id"], "test-req-42");
    let generated = get(&format!("{}/health/live", d.public));
    let id = generated.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert_eq!(id.len(), 36, "a UUID is generated: {id}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !d.log_text().contains("test-req-42") {
        assert!(
            Instant::now() < deadline,
            "request id not in logs:\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn oversized_body_is_refused_with_413() {
    let d = Daemon::start(
        &conserje_bin(),
        &[("CONSERJE__SERVER__BODY_LIMIT_BYTES", "2048")],
    );
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/health/live", d.public))
        .body(vec![b'x'; 10_000])
        .send()
        .expect("send");
    assert_eq!(r.status(), 413);
}

#[test]
fn healthcheck_exits_0_against_a_running_instance_and_1_once_stopped() {
    let mut d = Daemon::start(&conserje_bin(), &[]);
    let run = |url: &str| {
        Command::new(conserje_bin())
            .args(["healthcheck", "--url", url, "--timeout", "3"])
            .output()
            .expect("run healthcheck")
    };
    let ok = run(&d.public);
    assert!(ok.status.success(), "{ok:?}");
    assert!(String::from_utf8_lossy(&ok.stdout).contains("\"ready\""));

    d.terminate();
    let status = d
        .wait_exit(Duration::from_secs(10))
        .expect("exits after SIGTERM");
    assert!(status.success(), "idle daemon exits 0 on SIGTERM: {status}");
    let down = run(&d.public);
    assert_eq!(down.status.code(), Some(1), "{down:?}");
    assert!(String::from_utf8_lossy(&down.stderr).contains("not running"));
}

#[test]
fn sigterm_during_a_slow_request_lets_it_finish_and_exits_0() {
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_slow_daemon"));
    let mut d = Daemon::start(&bin, &[("CONSERJE__SERVER__DRAIN_TIMEOUT_SECS", "5")]);
    let url = format!("{}/test/slow?ms=1500", d.public);
    let request = std::thread::spawn(move || {
        let r = reqwest::blocking::Client::new()
            .get(url)
            .send()
            .expect("slow request");
        (r.status().as_u16(), r.text().unwrap_or_default())
    });
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    d.terminate();

    let (status, body) = request.join().expect("request thread");
    assert_eq!((status, body.as_str()), (200, "slept 1500 ms"));
    let exit = d
        .wait_exit(Duration::from_secs(6))
        .expect("exits within the drain time");
    assert!(exit.success(), "exit status {exit}");
    assert!(signalled.elapsed() < Duration::from_secs(5));
    assert!(
        d.log_text().contains("all requests finished"),
        "{}",
        d.log_text()
    );
}

#[test]
fn drain_timeout_bounds_shutdown_when_a_request_hangs() {
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_slow_daemon"));
    let mut d = Daemon::start(&bin, &[("CONSERJE__SERVER__DRAIN_TIMEOUT_SECS", "1")]);
    let url = format!("{}/test/slow?ms=20000", d.public);
    std::thread::spawn(move || {
        let _ = reqwest::blocking::Client::new().get(url).send();
    });
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    d.terminate();
    let exit = d
        .wait_exit(Duration::from_secs(5))
        .expect("exits after the drain time");
    assert!(exit.success());
    let took = signalled.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "{took:?}"
    );
    assert!(d.log_text().contains("drain time over"), "{}", d.log_text());
}

#[test]
fn a_port_in_use_fails_at_start_with_a_clear_message() {
    let d = Daemon::start(&conserje_bin(), &[]);
    let taken = d.public.trim_start_matches("http://").to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new(conserje_bin())
        .args(["serve", "--log-format", "json", "--data-dir"])
        .arg(dir.path())
        .env("CONSERJE__SERVER__PUBLIC_ADDR", &taken)
        .env("CONSERJE__SERVER__ADMIN_ADDR", "127.0.0.1:0")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&taken) && err.contains("server.public_addr"),
        "{err}"
    );
}

#[test]
fn a_request_over_the_timeout_gets_408() {
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_slow_daemon"));
    let d = Daemon::start(&bin, &[("CONSERJE__SERVER__REQUEST_TIMEOUT_SECS", "1")]);
    let r = get(&format!("{}/test/slow?ms=3000", d.public));
    assert_eq!(r.status(), 408);
    let fast = get(&format!("{}/test/slow?ms=10", d.public));
    assert_eq!(fast.status(), 200);
}
