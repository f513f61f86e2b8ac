//! The PMS as the daemon composes it: demo mode on the built-in PMS, QloApps
//! by `pms.kind`, each with a `pms` entry in `/health/ready`, and the real
//! binary serving it.

use conserje::app::App;
use conserje::config::{PmsKind, Secret, Settings};
use conserje::http::Mode;
use conserje::ports::health::CheckStatus;
use conserje_e2e::fake_qloapps::{FakeQloApps, KEY};
use conserje_e2e::{Daemon, conserje_bin};

fn settings(dir: &std::path::Path) -> Settings {
    let mut s = Settings::default();
    s.storage.data_dir = dir.to_path_buf();
    s.server.public_addr = "127.0.0.1:0".parse().expect("addr");
    s.server.admin_addr = "127.0.0.1:0".parse().expect("addr");
    s
}

#[tokio::test]
async fn qloapps_kind_composes_the_adapter_and_readiness_names_a_missing_permission() {
    let fake = FakeQloApps::start().await;
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = settings(dir.path());
    s.pms.kind = PmsKind::Qloapps;
    s.pms.qloapps.url = fake.url.clone();
    s.pms.qloapps.api_key = Secret::new(KEY);
    let app = App::build(s, Mode::Production).await.expect("build");
    let state = app.state().clone();
    let hotel = state.pms.hotel_info().await.expect("hotel");
    assert_eq!(hotel.value.name, "The Hotel Prime");
    assert!(!state.pms.capabilities().find_by_phone);

    let pms_check = |r: &conserje::ports::health::HealthReport| {
        r.checks
            .iter()
            .find(|c| c.name == "pms")
            .cloned()
            .expect("pms check")
    };
    let report = state.health.run().await;
    assert_eq!(pms_check(&report).status, CheckStatus::Up);
    fake.deny("bookings");
    let report = state.health.run().await;
    assert!(!report.ready, "the PMS is required");
    let check = pms_check(&report);
    assert!(
        check.detail.as_deref().unwrap_or("").contains("bookings"),
        "{check:?}"
    );
}

#[tokio::test]
async fn demo_mode_always_runs_on_the_built_in_pms() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = settings(dir.path());
    // Even when the file says QloApps, `--demo` means the built-in hotel.
    s.pms.kind = PmsKind::Qloapps;
    let app = App::build(s, Mode::Demo).await.expect("build");
    let hotel = app.state().pms.hotel_info().await.expect("hotel");
    assert_eq!(hotel.value.name, "Hotel Costa Serena");
    assert!(app.state().pms.capabilities().find_by_phone);
}

#[test]
fn the_daemon_reports_the_pms_in_readiness() {
    let d = Daemon::start(&conserje_bin(), &[]);
    let client = reqwest::blocking::Client::new();
    let ready: serde_json::Value = client
        .get(format!("{}/health/ready", d.public))
        .send()
        .and_then(|r| r.json())
        .expect("ready");
    let pms = ready["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "pms"))
        .cloned()
        .expect("pms entry");
    assert_eq!(pms["status"], "up");
}
