//! The settings staff may change through the admin API (WhatsApp numbers and
//! credentials, the PMS connection, the speech model, the handoff rule), as a
//! partial document in the configuration file's own shape: what is absent is
//! left as it is. Changes are kept in the managed settings file
//! ([`super::managed`]), which the next start layers over `conserje.toml`.

use super::settings::{PmsKind, Settings};
use super::speech::{SpeechLanguage, SpeechWindow};
use super::whatsapp::WhatsAppNumber;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<WhatsAppChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pms: Option<PmsChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<SpeechChange>,
    /// The handoff rule lives in the `[hotel]` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotel: Option<HandoffChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppChange {
    /// Replaces the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub numbers: Option<Vec<WhatsAppNumber>>,
    /// Write-only; `""` unsets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Write-only; `""` unsets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_secret: Option<String>,
    /// Write-only; `""` unsets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reengagement_template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reengagement_language: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PmsChange {
    /// "demo" or "qloapps".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<PmsKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qloapps: Option<QloAppsChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QloAppsChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Write-only; `""` unsets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotel_id: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeechChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// auto, es, en or pt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub language: Option<SpeechLanguage>,
    /// clip or full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub window: Option<SpeechWindow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoffChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_idle_return_minutes: Option<u64>,
}

/// One setting touched by a change: its dotted key and whether the running
/// settings already have that value.
struct Touch {
    key: &'static str,
    same: bool,
}

/// Sets `$dst` from `$src` when the change carries it, recording the key.
macro_rules! touch {
    ($out:ident, $key:literal, $src:expr, $dst:expr) => {
        if let Some(v) = &$src {
            let v = v.clone().into();
            $out.push(Touch {
                key: $key,
                same: $dst == v,
            });
            $dst = v;
        }
    };
}

impl SettingsChange {
    /// `newer` wins key by key; what it leaves out stays as `self` had it.
    pub fn merged_with(self, newer: SettingsChange) -> SettingsChange {
        fn pick<T>(old: Option<T>, new: Option<T>, both: impl FnOnce(T, T) -> T) -> Option<T> {
            match (old, new) {
                (Some(o), Some(n)) => Some(both(o, n)),
                (o, n) => n.or(o),
            }
        }
        SettingsChange {
            whatsapp: pick(self.whatsapp, newer.whatsapp, |o, n| WhatsAppChange {
                numbers: n.numbers.or(o.numbers),
                access_token: n.access_token.or(o.access_token),
                app_secret: n.app_secret.or(o.app_secret),
                verify_token: n.verify_token.or(o.verify_token),
                reengagement_template: n.reengagement_template.or(o.reengagement_template),
                reengagement_language: n.reengagement_language.or(o.reengagement_language),
            }),
            pms: pick(self.pms, newer.pms, |o, n| PmsChange {
                kind: n.kind.or(o.kind),
                timeout_ms: n.timeout_ms.or(o.timeout_ms),
                qloapps: pick(o.qloapps, n.qloapps, |o, n| QloAppsChange {
                    url: n.url.or(o.url),
                    api_key: n.api_key.or(o.api_key),
                    hotel_id: n.hotel_id.or(o.hotel_id),
                }),
            }),
            speech: pick(self.speech, newer.speech, |o, n| SpeechChange {
                enabled: n.enabled.or(o.enabled),
                model: n.model.or(o.model),
                threads: n.threads.or(o.threads),
                language: n.language.or(o.language),
                window: n.window.or(o.window),
            }),
            hotel: pick(self.hotel, newer.hotel, |o, n| HandoffChange {
                human_idle_return_minutes: n
                    .human_idle_return_minutes
                    .or(o.human_idle_return_minutes),
            }),
        }
    }

    /// Writes the change into `s`; returns every key it carries and whether
    /// `s` already had that value.
    fn apply_touching(&self, s: &mut Settings) -> Vec<Touch> {
        let mut out = Vec::new();
        if let Some(w) = &self.whatsapp {
            touch!(out, "whatsapp.numbers", w.numbers, s.whatsapp.numbers);
            touch!(
                out,
                "whatsapp.access_token",
                w.access_token,
                s.whatsapp.access_token
            );
            touch!(
                out,
                "whatsapp.app_secret",
                w.app_secret,
                s.whatsapp.app_secret
            );
            touch!(
                out,
                "whatsapp.verify_token",
                w.verify_token,
                s.whatsapp.verify_token
            );
            touch!(
                out,
                "whatsapp.reengagement_template",
                w.reengagement_template,
                s.whatsapp.reengagement_template
            );
            touch!(
                out,
                "whatsapp.reengagement_language",
                w.reengagement_language,
                s.whatsapp.reengagement_language
            );
        }
        if let Some(p) = &self.pms {
            touch!(out, "pms.kind", p.kind, s.pms.kind);
            touch!(out, "pms.timeout_ms", p.timeout_ms, s.pms.timeout_ms);
            if let Some(q) = &p.qloapps {
                touch!(out, "pms.qloapps.url", q.url, s.pms.qloapps.url);
                touch!(out, "pms.qloapps.api_key", q.api_key, s.pms.qloapps.api_key);
                touch!(
                    out,
                    "pms.qloapps.hotel_id",
                    q.hotel_id,
                    s.pms.qloapps.hotel_id
                );
            }
        }
        if let Some(sp) = &self.speech {
            touch!(out, "speech.enabled", sp.enabled, s.speech.enabled);
            touch!(out, "speech.model", sp.model, s.speech.model);
            touch!(out, "speech.threads", sp.threads, s.speech.threads);
            touch!(out, "speech.language", sp.language, s.speech.language);
            touch!(out, "speech.window", sp.window, s.speech.window);
        }
        if let Some(h) = &self.hotel {
            touch!(
                out,
                "hotel.human_idle_return_minutes",
                h.human_idle_return_minutes,
                s.hotel.human_idle_return_minutes
            );
        }
        out
    }

    /// `s` with this change applied.
    pub fn applied_to(&self, s: &Settings) -> Settings {
        let mut next = s.clone();
        self.apply_touching(&mut next);
        next
    }

    /// Every dotted key the change carries (`pms.qloapps.url`, …).
    pub fn keys(&self) -> Vec<&'static str> {
        let mut scratch = Settings::default();
        self.apply_touching(&mut scratch)
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    /// The keys whose value here is not what `running` has: saved but not in
    /// effect until the next start.
    pub fn pending_against(&self, running: &Settings) -> Vec<&'static str> {
        let mut scratch = running.clone();
        self.apply_touching(&mut scratch)
            .into_iter()
            .filter(|t| !t.same)
            .map(|t| t.key)
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.keys().is_empty()
    }
}

/// The environment variable that sets a dotted key (`pms.qloapps.url` →
/// `CONSERJE__PMS__QLOAPPS__URL`).
pub fn env_var_for(key: &str) -> String {
    format!(
        "{}{}",
        super::ENV_PREFIX,
        key.replace('.', "__").to_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(json: serde_json::Value) -> SettingsChange {
        serde_json::from_value(json).expect("a valid change")
    }

    #[test]
    fn applying_sets_only_what_the_change_carries() {
        let base = Settings::default();
        let c = change(serde_json::json!({
            "pms": {"kind": "qloapps", "qloapps": {"url": "http://pms.local", "api_key": "K"}},
            "hotel": {"human_idle_return_minutes": 30}
        }));
        let next = c.applied_to(&base);
        assert_eq!(next.pms.kind, PmsKind::Qloapps);
        assert_eq!(next.pms.qloapps.url, "http://pms.local");
        assert_eq!(next.pms.qloapps.api_key.expose(), "K");
        assert_eq!(next.pms.qloapps.hotel_id, base.pms.qloapps.hotel_id);
        assert_eq!(next.hotel.human_idle_return_minutes, 30);
        assert_eq!(next.speech, base.speech);
        assert_eq!(
            c.keys(),
            vec![
                "pms.kind",
                "pms.qloapps.url",
                "pms.qloapps.api_key",
                "hotel.human_idle_return_minutes"
            ]
        );
    }

    #[test]
    fn a_newer_change_wins_key_by_key_and_keeps_the_rest() {
        let old = change(serde_json::json!({
            "pms": {"timeout_ms": 900, "qloapps": {"url": "http://a", "api_key": "old"}},
            "speech": {"enabled": false}
        }));
        let new = change(serde_json::json!({
            "pms": {"qloapps": {"api_key": "new"}},
            "speech": {"window": "full"}
        }));
        let m = old.merged_with(new);
        let q = m
            .pms
            .as_ref()
            .and_then(|p| p.qloapps.as_ref())
            .expect("qloapps");
        assert_eq!(q.url.as_deref(), Some("http://a"));
        assert_eq!(q.api_key.as_deref(), Some("new"));
        assert_eq!(m.pms.as_ref().and_then(|p| p.timeout_ms), Some(900));
        let speech = m.speech.expect("speech");
        assert_eq!(speech.enabled, Some(false));
        assert_eq!(speech.window, Some(SpeechWindow::Full));
        let next = change(serde_json::json!({"speech": {"window": "full"}}))
            .applied_to(&Settings::default());
        assert_eq!(next.speech.window, SpeechWindow::Full);
    }

    #[test]
    fn pending_keys_are_those_the_running_settings_lack_secrets_included() {
        let mut running = Settings::default();
        running.pms.qloapps.api_key = crate::config::Secret::new("same");
        let c = change(serde_json::json!({
            "pms": {"qloapps": {"api_key": "same", "url": "http://elsewhere"}},
            "whatsapp": {"access_token": "EAAG-new"}
        }));
        assert_eq!(
            c.pending_against(&running),
            vec!["whatsapp.access_token", "pms.qloapps.url"]
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let r = serde_json::from_value::<SettingsChange>(
            serde_json::json!({"pms": {"qloapps": {"apikey": "x"}}}),
        );
        assert!(r.is_err());
        let r = serde_json::from_value::<SettingsChange>(
            serde_json::json!({"storage": {"data_dir": "/"}}),
        );
        assert!(r.is_err(), "only the settings staff may change");
    }

    #[test]
    fn each_key_has_its_environment_variable() {
        assert_eq!(
            env_var_for("pms.qloapps.api_key"),
            "CONSERJE__PMS__QLOAPPS__API_KEY"
        );
    }
}
