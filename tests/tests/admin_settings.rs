//! Settings on the real binary: "test connection" for the WhatsApp token
//! against the fake Graph API, accepted and refused, and the token never in an
//! answer or the log.

use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};

const TOKEN: &str = "e2e-access-token-settings";
const NUMBER: &str = "106540352242922";
const PASSWORD: &str = "violet tram 42 lantern";

fn start(fake: &FakeGraph, token: &str) -> Daemon {
    let numbers = format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#);
    Daemon::start(
        &conserje_bin(),
        &[
            ("CONSERJE__WHATSAPP__APP_SECRET", "e2e-app-secret"),
            ("CONSERJE__WHATSAPP__ACCESS_TOKEN", token),
            ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.as_str()),
            ("CONSERJE__WHATSAPP__NUMBERS", numbers.as_str()),
        ],
    )
}

/// The first admin, signed in: an access token.
fn admin(d: &Daemon) -> String {
    let http = reqwest::blocking::Client::new();
    let setup = std::fs::read_to_string(d.data_dir.path().join("setup-token")).expect("setup");
    let r = http
        .post(format!("{}/api/setup", d.admin))
        .json(&json!({"setup_token": setup.trim(), "username": "soporte", "password": PASSWORD}))
        .send()
        .expect("setup");
    assert_eq!(r.status(), 201);
    let pair: Value = http
        .post(format!("{}/api/auth/login", d.admin))
        .json(&json!({"username": "soporte", "password": PASSWORD}))
        .send()
        .expect("login")
        .json()
        .expect("json");
    pair["access_token"].as_str().expect("token").to_string()
}

fn test_token(d: &Daemon, access: &str) -> (u16, Value) {
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/api/settings/whatsapp/test", d.admin))
        .bearer_auth(access)
        .send()
        .expect("test");
    (r.status().as_u16(), r.json().expect("json"))
}

#[test]
fn the_whatsapp_token_test_says_whether_meta_accepts_it() {
    let fake = FakeGraph::start(TOKEN);
    fake.add_number(NUMBER, "+1 555-078-3881");

    let good = start(&fake, TOKEN);
    let access = admin(&good);
    let (s, b) = test_token(&good, &access);
    assert_eq!((s, b["ok"].as_bool()), (200, Some(true)), "{b}");
    assert!(
        b["numbers"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("+1 555-078-3881")),
        "{b}"
    );
    let asked = fake.requests();
    let lookup = asked
        .iter()
        .find(|r| r.method == "GET" && r.path.ends_with(NUMBER))
        .expect("the number was looked up");
    assert_eq!(lookup.bearer.as_deref(), Some(TOKEN));
    let (_, view) = {
        let r = reqwest::blocking::Client::new()
            .get(format!("{}/api/settings", good.admin))
            .bearer_auth(&access)
            .send()
            .expect("settings");
        (r.status().as_u16(), r.text().expect("text"))
    };
    assert!(view.contains(r#""access_token":"set""#), "{view}");
    assert!(!view.contains(TOKEN), "{view}");
    assert!(
        !good.log_text().contains(TOKEN),
        "the token reached the log"
    );

    let bad = start(&fake, "an-expired-token");
    let access = admin(&bad);
    let (s, b) = test_token(&bad, &access);
    assert_eq!((s, b["ok"].as_bool()), (200, Some(false)), "{b}");
    let detail = b["numbers"][0]["detail"].as_str().expect("detail");
    assert!(
        detail.contains("401")
            && detail.contains("190")
            && detail.contains("Invalid OAuth access token"),
        "{detail}"
    );
    assert!(!b.to_string().contains("an-expired-token"));
    assert!(!bad.log_text().contains("an-expired-token"));
}
