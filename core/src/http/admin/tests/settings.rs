//! Settings: secrets shown only as set or unset, and the connection tests
//! answer with what happened.

use super::support::api_with;
use crate::auth::Role;
use crate::config::{Secret, Settings};
use axum::http::{Method, StatusCode};

const TOKEN: &str = "EAAG-very-secret-access-token";
const APP_SECRET: &str = "app-secret-never-shown";
const PMS_KEY: &str = "QLO-KEY-NEVER-SHOWN-0123456789";

fn with_secrets() -> Settings {
    let mut s = Settings::default();
    s.whatsapp.access_token = Secret::new(TOKEN.to_string());
    s.whatsapp.app_secret = Secret::new(APP_SECRET.to_string());
    s.pms.qloapps.api_key = Secret::new(PMS_KEY.to_string());
    // Nothing listens on port 9 of loopback: the token test cannot connect.
    s.whatsapp.graph_url = "http://127.0.0.1:9".into();
    s.whatsapp.graph_timeout_secs = 2;
    s.whatsapp.numbers = vec![crate::config::WhatsAppNumber {
        phone_number_id: "106540352242922".into(),
        display_phone_number: "15550783881".into(),
    }];
    s
}

#[tokio::test]
async fn secrets_are_shown_as_set_or_unset_and_never_returned() {
    let api = api_with(with_secrets()).await;
    let (_, admin, _) = api.signed_in("boss", Role::Admin).await;
    let r = api
        .call(Method::GET, "/api/settings", Some(&admin), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["whatsapp"]["access_token"], "set");
    assert_eq!(r.body["whatsapp"]["app_secret"], "set");
    assert_eq!(r.body["whatsapp"]["verify_token"], "unset");
    assert_eq!(r.body["pms"]["api_key"], "set");
    assert_eq!(r.body["pms"]["kind"], "demo");
    // What `PUT /api/settings` can change under `speech` is shown.
    assert_eq!(r.body["speech"]["language"], "auto");
    assert_eq!(r.body["speech"]["window"], "clip");
    assert_eq!(r.body["speech"]["threads"], 2);
    assert_eq!(
        r.body["whatsapp"]["numbers"][0]["phone_number_id"],
        "106540352242922"
    );
    let text = r.body.to_string();
    for secret in [TOKEN, APP_SECRET, PMS_KEY] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn the_pms_test_runs_its_check_and_a_graph_api_out_of_reach_is_reported() {
    let api = api_with(with_secrets()).await;
    let (_, admin, _) = api.signed_in("boss", Role::Admin).await;
    let pms = api
        .call(Method::POST, "/api/settings/pms/test", Some(&admin), None)
        .await;
    assert_eq!(pms.status, StatusCode::OK, "{}", pms.body);
    assert_eq!(pms.body["ok"], true, "the demo PMS answers: {}", pms.body);

    let wa = api
        .call(
            Method::POST,
            "/api/settings/whatsapp/test",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(wa.status, StatusCode::OK, "{}", wa.body);
    assert_eq!(wa.body["ok"], false);
    let detail = wa.body["numbers"][0]["detail"].as_str().expect("detail");
    assert!(detail.contains("did not answer"), "{detail}");
    assert!(!wa.body.to_string().contains(TOKEN));
}
