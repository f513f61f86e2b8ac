//! Labelled utterances: the embedded training corpus and evaluation files
//! share one line format, `{"text", "lang"?, "intent", "intents"?, "subtopic"?, "slots"?}`.

use super::intent::Intent;
use crate::domain::Language;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The training split, per language. The test split (`data/nlu/test/`) is
/// deliberately not embedded: nothing in the product can learn from it.
pub const TRAIN: [(&str, &str); 3] = [
    ("es", include_str!("../../../data/nlu/train/es.jsonl")),
    ("en", include_str!("../../../data/nlu/train/en.jsonl")),
    ("pt", include_str!("../../../data/nlu/train/pt.jsonl")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub lang: Option<Language>,
    /// The main intent (see [`super::output::Parse::primary`]).
    pub intent: Intent,
    /// Every intent in order, when the line has several.
    pub intents: Vec<Intent>,
    /// Expected slot values, normalised, by slot name. `None` when the line
    /// has no `"slots"` key: its slots are not annotated, so not scored;
    /// `"slots": {}` says it expects none.
    pub slots: Option<BTreeMap<String, String>>,
    /// The expected `hotel_info` subtopic of the main intent, as written
    /// (checked by evaluation, which reports a name we do not know).
    pub subtopic: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawLine {
    text: String,
    #[serde(default)]
    lang: Option<String>,
    intent: String,
    #[serde(default)]
    intents: Vec<String>,
    #[serde(default)]
    slots: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    subtopic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("not a JSON object with text and intent: {0}")]
    Malformed(String),
    #[error("unknown intent {0:?}")]
    UnknownIntent(String),
    #[error("{0}")]
    BadLanguage(String),
}

/// One line of a corpus or evaluation file. Blank lines are `Ok(None)`.
pub fn parse_line(line: &str) -> Result<Option<Example>, LineError> {
    let line = line.trim();
    if line.is_empty() || line.starts_with("//") {
        return Ok(None);
    }
    let raw: RawLine =
        serde_json::from_str(line).map_err(|e| LineError::Malformed(e.to_string()))?;
    let intent: Intent = raw.intent.parse().map_err(LineError::UnknownIntent)?;
    let intents = raw
        .intents
        .iter()
        .map(|i| i.parse::<Intent>().map_err(LineError::UnknownIntent))
        .collect::<Result<Vec<_>, _>>()?;
    let lang = raw
        .lang
        .map(|l| {
            l.parse::<Language>()
                .map_err(|e| LineError::BadLanguage(e.to_string()))
        })
        .transpose()?;
    let slots = raw.slots.map(|slots| {
        slots
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect()
    });
    Ok(Some(Example {
        text: raw.text,
        lang,
        intent,
        intents,
        slots,
        subtopic: raw.subtopic,
    }))
}

/// The embedded training split. Its lines are checked by a test, so an error
/// here is a bug in `core/data/nlu/train/`, reported with its line number.
pub fn train() -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for (lang, src) in TRAIN {
        for (n, line) in src.lines().enumerate() {
            match parse_line(line) {
                Ok(Some(mut ex)) => {
                    ex.lang = ex.lang.or_else(|| lang.parse().ok());
                    out.push(ex);
                }
                Ok(None) => {}
                Err(e) => return Err(format!("train/{lang}.jsonl line {}: {e}", n + 1)),
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_with_optional_fields() {
        let ex = parse_line(r#"{"text":"hola","intent":"greeting"}"#)
            .expect("ok")
            .expect("line");
        assert_eq!((ex.intent, ex.lang), (Intent::Greeting, None));
        let ex = parse_line(
            r#"{"text":"somos 2","lang":"es","intent":"provide_info","slots":{"adults":2}}"#,
        )
        .expect("ok")
        .expect("line");
        assert_eq!(
            ex.slots
                .as_ref()
                .and_then(|s| s.get("adults"))
                .map(String::as_str),
            Some("2")
        );
        let line = |json: &str| parse_line(json).expect("ok").expect("line");
        // No "slots" key: not annotated. An empty object: expects none.
        assert_eq!(line(r#"{"text":"hola","intent":"greeting"}"#).slots, None);
        assert_eq!(
            line(r#"{"text":"hola","intent":"greeting","slots":{}}"#).slots,
            Some(BTreeMap::new())
        );
        let ex = line(
            r#"{"text":"wifi?","intent":"hotel_info","subtopic":"wifi","slots":{"child_ages":[4,9]}}"#,
        );
        assert_eq!(ex.subtopic.as_deref(), Some("wifi"));
        assert_eq!(
            ex.slots
                .as_ref()
                .and_then(|s| s.get("child_ages"))
                .map(String::as_str),
            Some("[4,9]")
        );
        assert_eq!(parse_line("  "), Ok(None));
        assert!(matches!(
            parse_line(r#"{"text":"x","intent":"reserva"}"#),
            Err(LineError::UnknownIntent(_))
        ));
        assert!(matches!(parse_line("{"), Err(LineError::Malformed(_))));
    }

    #[test]
    fn the_training_split_is_valid() {
        let train = train().expect("train split");
        assert!(train.len() > 300, "{}", train.len());
        for intent in Intent::ALL {
            assert!(
                train.iter().any(|e| e.intent == *intent),
                "no training line for {intent}"
            );
        }
    }
}
