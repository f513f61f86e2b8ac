//! Area `settings` (admin only): the connections the daemon runs with —
//! WhatsApp numbers and credentials, the PMS, the speech model, handoff rules —
//! and "test connection" for the PMS and the WhatsApp token.
//!
//! Shown as the daemon runs with them (configuration file, the managed
//! settings file the dashboard writes, `CONSERJE__…` variables), with the
//! keys saved from the dashboard that wait for a restart
//! ([`super::settings_edit`]). Secrets are write-only: each one is shown as
//! `"set"` or `"unset"`, never returned.

use super::endpoint::{ADMIN, Endpoint};
use super::error::ApiError;
use super::extract::ApiJson;
use crate::config::{PmsKind, Secret};
use crate::http::AppState;
use axum::extract::State;
use serde::Serialize;
use serde_json::Value;
use std::time::{Duration, Instant};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    let e = |x: Endpoint| x.tag("settings");
    vec![
        e(Endpoint::get("/settings", ADMIN, view)
            .summary("The connections in use; secrets shown only as set or unset")
            .returns::<SettingsView>(200)),
        e(Endpoint::put("/settings", ADMIN, super::settings_edit::update)
            .summary("Save settings (partial, in the configuration file's shape); they apply at the next start")
            .body::<crate::config::SettingsChange>()
            .returns::<super::settings_edit::SettingsSaved>(200)),
        e(Endpoint::post("/settings/pms/test", ADMIN, test_pms)
            .summary("Ask the PMS now whether it answers: with the saved settings, or with a `pms` change in the body before saving it")
            .body::<crate::config::PmsChange>()
            .returns::<ConnectionTest>(200)),
        e(
            Endpoint::post("/settings/whatsapp/test", ADMIN, test_whatsapp)
                .summary("Ask the Graph API about each number with the access token")
                .returns::<ConnectionTest>(200),
        ),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct SettingsView {
    pub whatsapp: WhatsAppView,
    pub pms: PmsView,
    pub speech: SpeechView,
    pub handoff: HandoffView,
    /// How these settings change.
    pub source: String,
    /// Keys saved from the dashboard that apply at the next start.
    pub pending_restart: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WhatsAppView {
    pub numbers: Vec<NumberView>,
    pub graph_url: String,
    pub api_version: String,
    /// "set" or "unset"; the value is never shown.
    pub access_token: String,
    pub app_secret: String,
    pub verify_token: String,
    pub reengagement_template: String,
    pub reengagement_language: String,
}

#[derive(Serialize, ToSchema)]
pub struct NumberView {
    pub phone_number_id: String,
    pub display_phone_number: String,
}

#[derive(Serialize, ToSchema)]
pub struct PmsView {
    /// "demo" or "qloapps".
    pub kind: String,
    pub url: String,
    pub hotel_id: u32,
    pub api_key: String,
    pub timeout_ms: u64,
}

#[derive(Serialize, ToSchema)]
pub struct SpeechView {
    pub enabled: bool,
    pub model: String,
    pub threads: usize,
    /// auto, es, en or pt.
    #[schema(value_type = String)]
    pub language: crate::config::SpeechLanguage,
    /// clip or full.
    #[schema(value_type = String)]
    pub window: crate::config::SpeechWindow,
    pub max_duration_secs: u64,
}

#[derive(Serialize, ToSchema)]
pub struct HandoffView {
    /// A conversation left with staff this long without a reply returns to the bot.
    pub human_idle_return_minutes: u64,
}

fn shown(s: &Secret) -> String {
    let word = if s.is_set() { "set" } else { "unset" };
    word.into()
}

fn set_if(s: &str) -> String {
    let word = if s.trim().is_empty() { "unset" } else { "set" };
    word.into()
}

async fn view(State(s): State<AppState>) -> Result<ApiJson<SettingsView>, ApiError> {
    let pending_restart = super::settings_edit::pending(&s)?;
    let c = &s.settings;
    let w = &c.whatsapp;
    Ok(ApiJson(SettingsView {
        whatsapp: WhatsAppView {
            numbers: w
                .numbers
                .iter()
                .map(|n| NumberView {
                    phone_number_id: n.phone_number_id.clone(),
                    display_phone_number: n.display_phone_number.clone(),
                })
                .collect(),
            graph_url: w.graph_url.clone(),
            api_version: w.api_version.clone(),
            access_token: shown(&w.access_token),
            app_secret: shown(&w.app_secret),
            verify_token: set_if(&w.verify_token),
            reengagement_template: w.reengagement_template.clone(),
            reengagement_language: w.reengagement_language.clone(),
        },
        pms: PmsView {
            kind: match c.pms.kind {
                PmsKind::Demo => "demo",
                PmsKind::Qloapps => "qloapps",
            }
            .into(),
            url: c.pms.qloapps.url.clone(),
            hotel_id: c.pms.qloapps.hotel_id,
            api_key: shown(&c.pms.qloapps.api_key),
            timeout_ms: c.pms.timeout_ms,
        },
        speech: SpeechView {
            enabled: c.speech.enabled,
            model: c.speech.model.clone(),
            threads: c.speech.threads,
            language: c.speech.language,
            window: c.speech.window,
            max_duration_secs: c.speech.max_duration_secs,
        },
        handoff: HandoffView {
            human_idle_return_minutes: c.hotel.human_idle_return_minutes,
        },
        source: "PUT /api/settings saves a change in settings.toml in the data directory; \
                 it applies when the service restarts. CONSERJE__SECTION__KEY environment \
                 variables win over it and over conserje.toml"
            .into(),
        pending_restart,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ConnectionTest {
    pub ok: bool,
    /// What was tried and what answered, for IT (never a credential).
    pub detail: String,
    pub latency_ms: u64,
    /// One line per WhatsApp number, when testing the token.
    pub numbers: Vec<NumberTest>,
}

#[derive(Serialize, ToSchema)]
pub struct NumberTest {
    pub phone_number_id: String,
    pub ok: bool,
    pub detail: String,
}

fn millis(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The saved PMS settings (what the next start will use), or those with the
/// body's `pms` change applied, so IT can try a key before saving it.
async fn test_pms(
    State(s): State<AppState>,
    body: axum::body::Bytes,
) -> Result<ApiJson<ConnectionTest>, ApiError> {
    let trial = if body.iter().all(u8::is_ascii_whitespace) {
        crate::config::PmsChange::default()
    } else {
        serde_json::from_slice::<crate::config::PmsChange>(&body)
            .map_err(|e| ApiError::invalid("invalid_body", e.to_string()))?
    };
    let saved = super::settings_edit::saved(&s)?;
    let change = saved.merged_with(crate::config::SettingsChange {
        pms: Some(trial),
        ..Default::default()
    });
    let candidate = change.applied_to(&s.settings);
    crate::config::validate(&candidate).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_setting",
            e.to_string(),
        )
    })?;
    let pms = candidate.pms;
    let started = Instant::now();
    let (ok, detail) = match crate::app::pms::test_connection(&pms).await {
        Ok(d) => (true, d),
        Err(d) => (false, d),
    };
    Ok(ApiJson(ConnectionTest {
        ok,
        detail,
        latency_ms: millis(started),
        numbers: Vec::new(),
    }))
}

/// `GET /{version}/{phone-number-id}` with the access token: Meta answers
/// with the number's details, or an error saying what is wrong with the token.
async fn test_whatsapp(State(s): State<AppState>) -> Result<ApiJson<ConnectionTest>, ApiError> {
    let w = &s.settings.whatsapp;
    let started = Instant::now();
    if !w.access_token.is_set() {
        return Ok(ApiJson(ConnectionTest {
            ok: false,
            detail: "whatsapp.access_token is not set".into(),
            latency_ms: 0,
            numbers: Vec::new(),
        }));
    }
    if w.numbers.is_empty() {
        return Ok(ApiJson(ConnectionTest {
            ok: false,
            detail: "whatsapp.numbers is empty: add the phone number id from Meta's manager".into(),
            latency_ms: 0,
            numbers: Vec::new(),
        }));
    }
    crate::adapters::tls::install_crypto_provider();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(w.graph_timeout_secs.max(1)))
        .build()
        .map_err(|e| ApiError::internal(&e))?;
    let mut numbers = Vec::new();
    for n in &w.numbers {
        let url = format!(
            "{}/{}/{}?fields=display_phone_number,verified_name",
            w.graph_url.trim_end_matches('/'),
            w.api_version.trim_matches('/'),
            n.phone_number_id
        );
        let answer = http
            .get(&url)
            .bearer_auth(w.access_token.expose())
            .send()
            .await;
        let (ok, detail) = match answer {
            Err(e) => (
                false,
                format!("the Graph API did not answer: {}", e.without_url()),
            ),
            Ok(r) => {
                let status = r.status();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                if status.is_success() {
                    (
                        true,
                        format!(
                            "token accepted; Meta knows this number as {} ({})",
                            body["display_phone_number"].as_str().unwrap_or("?"),
                            body["verified_name"].as_str().unwrap_or("no verified name")
                        ),
                    )
                } else {
                    (
                        false,
                        format!(
                            "Meta refused (HTTP {}, code {}): {}",
                            status.as_u16(),
                            body["error"]["code"].as_i64().unwrap_or(0),
                            body["error"]["message"].as_str().unwrap_or("no message")
                        ),
                    )
                }
            }
        };
        numbers.push(NumberTest {
            phone_number_id: n.phone_number_id.clone(),
            ok,
            detail,
        });
    }
    let ok = numbers.iter().all(|n| n.ok);
    Ok(ApiJson(ConnectionTest {
        ok,
        detail: if ok {
            "the access token works for every number".into()
        } else {
            "the access token does not work for every number: see numbers".into()
        },
        latency_ms: millis(started),
        numbers,
    }))
}
