//! Settings changed from the dashboard on the real binary: saved to the
//! managed settings file, in effect after a restart, secrets write-only
//! everywhere (answers, log, audit), refused when the environment owns the
//! key or the result would not start; and "test connection" for the PMS run
//! against the fake QloApps with credentials before they are saved.

use conserje_e2e::fake_qloapps::{FakeQloApps, Faults, KEY};
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::time::Duration;

const PASSWORD: &str = "violet tram 42 lantern";

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// Creates the first admin with the setup token and signs in.
    async fn first_admin(d: &Daemon) -> Api {
        let http = reqwest::Client::new();
        let setup = std::fs::read_to_string(d.data_dir.path().join("setup-token")).expect("setup");
        let r = http
            .post(format!("{}/api/setup", d.admin))
            .json(
                &json!({"setup_token": setup.trim(), "username": "soporte", "password": PASSWORD}),
            )
            .send()
            .await
            .expect("setup");
        assert_eq!(r.status(), 201);
        Api::sign_in(d).await
    }

    async fn sign_in(d: &Daemon) -> Api {
        let http = reqwest::Client::new();
        let pair: Value = http
            .post(format!("{}/api/auth/login", d.admin))
            .json(&json!({"username": "soporte", "password": PASSWORD}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        Api {
            http,
            base: d.admin.clone(),
            token: pair["access_token"].as_str().expect("token").to_string(),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}/api{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("call");
        let status = r.status().as_u16();
        let text = r.text().await.expect("text");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn settings(&self) -> Value {
        let (status, body) = self.call(reqwest::Method::GET, "/settings", None).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    async fn test_pms(&self, body: Option<Value>) -> Value {
        let (status, b) = self
            .call(reqwest::Method::POST, "/settings/pms/test", body)
            .await;
        assert_eq!(status, 200, "{b}");
        b
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_saved_in_the_dashboard_apply_at_the_next_start_and_secrets_stay_write_only() {
    let fake = FakeQloApps::start().await;
    let d = Daemon::start(&conserje_bin(), &[]);
    let api = Api::first_admin(&d).await;

    let change = json!({
        "pms": {"kind": "qloapps", "qloapps": {"url": fake.url, "api_key": KEY, "hotel_id": 1}},
        "hotel": {"human_idle_return_minutes": 45}
    });
    let (status, saved) = api
        .call(reqwest::Method::PUT, "/settings", Some(change))
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["restart_required"], true);
    let pending: Vec<&str> = saved["pending_restart"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for key in [
        "pms.kind",
        "pms.qloapps.url",
        "pms.qloapps.api_key",
        "hotel.human_idle_return_minutes",
    ] {
        assert!(pending.contains(&key), "{key} not pending: {saved}");
    }

    // Still running with the old settings; the change waits for a restart.
    let view = api.settings().await;
    assert_eq!(view["pms"]["kind"], "demo", "{view}");
    assert_eq!(view["pms"]["api_key"], "unset");
    assert_eq!(view["pending_restart"], saved["pending_restart"]);

    // The saved settings (not yet running) can be tried now.
    let tried = api.test_pms(None).await;
    assert_eq!(tried["ok"], true, "{tried}");
    assert!(
        tried["detail"]
            .as_str()
            .is_some_and(|t| t.contains("The Hotel Prime")),
        "{tried}"
    );

    let file = d.data_dir.path().join("settings.toml");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("saved")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "credentials: owner only");
    }

    let dir = d.crash();
    let d = Daemon::start_in(&conserje_bin(), dir, &[]);
    let api = Api::sign_in(&d).await;
    let view = api.settings().await;
    assert_eq!(view["pms"]["kind"], "qloapps", "{view}");
    assert_eq!(view["pms"]["url"], fake.url.as_str());
    assert_eq!(view["pms"]["api_key"], "set");
    assert_eq!(view["handoff"]["human_idle_return_minutes"], 45);
    assert_eq!(view["pending_restart"], json!([]));

    let (status, audit) = api
        .call(reqwest::Method::GET, "/audit?action=settings.", None)
        .await;
    assert_eq!(status, 200, "{audit}");
    let entries = audit["entries"].as_array().expect("entries");
    assert!(
        entries.iter().any(|e| e["action"] == "settings.update"
            && e["summary"]["after"]["pms"]["qloapps"]["api_key"] == "[redacted]"),
        "{audit}"
    );
    for text in [audit.to_string(), view.to_string(), d.log_text()] {
        assert!(!text.contains(KEY), "the PMS key leaked: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_environment_owns_or_that_would_not_start_is_refused_with_the_reason() {
    let d = Daemon::start(
        &conserje_bin(),
        &[("CONSERJE__PMS__QLOAPPS__URL", "http://pms.from-env.local")],
    );
    let api = Api::first_admin(&d).await;
    let put = |body: Value| api.call(reqwest::Method::PUT, "/settings", Some(body));

    let (status, b) = put(json!({"pms": {"qloapps": {"url": "http://elsewhere"}}})).await;
    assert_eq!(status, 409, "{b}");
    assert_eq!(b["code"], "set_by_environment");
    assert!(
        b["message"]
            .as_str()
            .is_some_and(|m| m.contains("CONSERJE__PMS__QLOAPPS__URL")),
        "{b}"
    );

    // QloApps without a webservice key would not start.
    let (status, b) = put(json!({"pms": {"kind": "qloapps"}})).await;
    assert_eq!(status, 422, "{b}");
    assert_eq!(b["code"], "invalid_setting");
    assert!(
        b["message"]
            .as_str()
            .is_some_and(|m| m.contains("pms.qloapps.api_key")),
        "{b}"
    );

    let (status, b) = put(json!({"storage": {"data_dir": "/"}})).await;
    assert_eq!(status, 422, "only the settings staff may change: {b}");
    let (status, b) = put(json!({})).await;
    assert_eq!(
        (status, b["code"].as_str()),
        (422, Some("empty_change")),
        "{b}"
    );

    assert!(
        !d.data_dir.path().join("settings.toml").exists(),
        "nothing refused was saved"
    );
    assert_eq!(api.settings().await["pending_restart"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pms_test_tries_credentials_before_saving_and_names_what_is_wrong() {
    let fake = FakeQloApps::start().await;
    let d = Daemon::start(&conserje_bin(), &[]);
    let api = Api::first_admin(&d).await;
    let trial = |key: &str, hotel: u32, timeout_ms: u64| {
        json!({"kind": "qloapps", "timeout_ms": timeout_ms,
               "qloapps": {"url": fake.url, "api_key": key, "hotel_id": hotel}})
    };
    let detail = |b: &Value| b["detail"].as_str().unwrap_or_default().to_string();

    let ok = api.test_pms(Some(trial(KEY, 1, 2000))).await;
    assert_eq!(ok["ok"], true, "{ok}");
    assert!(detail(&ok).contains("The Hotel Prime"), "{ok}");

    let wrong_key = "WRONGKEYWRONGKEYWRONGKEYWRONGKEY";
    let refused = api.test_pms(Some(trial(wrong_key, 1, 2000))).await;
    assert_eq!(refused["ok"], false, "{refused}");
    assert!(detail(&refused).contains("refused our key"), "{refused}");
    assert!(!refused.to_string().contains(wrong_key));

    let no_hotel = api.test_pms(Some(trial(KEY, 7, 2000))).await;
    assert_eq!(no_hotel["ok"], false);
    assert!(detail(&no_hotel).contains("no hotel 7"), "{no_hotel}");

    fake.deny("bookings");
    let lacking = api.test_pms(Some(trial(KEY, 1, 2000))).await;
    assert_eq!(lacking["ok"], false);
    assert!(
        detail(&lacking).contains("lacks permission for: bookings"),
        "{lacking}"
    );

    fake.set_faults(Faults {
        delay: Duration::from_secs(3),
        ..Faults::default()
    });
    let slow = api.test_pms(Some(trial(KEY, 1, 300))).await;
    assert_eq!(slow["ok"], false);
    assert!(detail(&slow).contains("not answering"), "{slow}");

    // Trying saves nothing.
    assert_eq!(api.settings().await["pending_restart"], json!([]));
    assert!(!d.data_dir.path().join("settings.toml").exists());
    assert!(!d.log_text().contains(KEY));
}
