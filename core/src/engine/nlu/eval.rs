//! Scoring the understanding against labelled lines: intent accuracy,
//! per-intent and per-slot precision/recall/F1, a confusion table and the
//! misclassified lines. Used by `conserje nlu eval` and the quality test.

use super::corpus::{Example, LineError, parse_line};
use super::intent::{InfoTopic, Intent};
use super::output::{LanguageSource, Slots};
use super::{Nlu, NluContext};
use serde::Serialize;
use slots::score_slots;
use std::collections::BTreeMap;

mod slots;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: u32,
    pub fp: u32,
    #[serde(rename = "fn")]
    pub fn_: u32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn finish(&mut self) {
        let (tp, fp, fn_) = (f64::from(self.tp), f64::from(self.fp), f64::from(self.fn_));
        self.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        self.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Miss {
    pub line: usize,
    pub text: String,
    pub expected: Intent,
    pub got: Intent,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlotMiss {
    pub line: usize,
    pub text: String,
    pub slot: String,
    pub expected: Option<String>,
    pub got: Option<String>,
}

/// A line whose intents, in order, are not the ones the file expects.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrderMiss {
    pub line: usize,
    pub text: String,
    pub expected: Vec<Intent>,
    pub got: Vec<Intent>,
}

/// A line whose first `hotel_info` intent has another subtopic (or there is none).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubtopicMiss {
    pub line: usize,
    pub text: String,
    pub expected: InfoTopic,
    pub got: Option<InfoTopic>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Report {
    pub lines: usize,
    /// Lines whose intent is not one of ours: not scored.
    pub skipped_unknown_intent: usize,
    /// Lines that are not valid JSON objects with text and intent, or that
    /// name a slot or subtopic we do not know: not scored.
    pub malformed: Vec<String>,
    pub accuracy: f64,
    /// Share of lines with a `lang`, whose language was detected from the
    /// text, detected right. `None` when there is no such line.
    pub language_accuracy: Option<f64>,
    /// Lines with a `lang` whose language was detected (the denominator).
    pub language_lines: usize,
    /// Lines with a `lang` too short or mixed to tell: they take the line's
    /// `lang` as the conversation's, so they say nothing about detection.
    pub language_fallback: usize,
    pub intents: BTreeMap<String, Prf>,
    pub slots: BTreeMap<String, Prf>,
    /// All slots together (micro-averaged), over the lines with `"slots"`.
    pub slot_f1: f64,
    /// Lines with a `"slots"` key; the others are not annotated for slots.
    pub slot_lines: usize,
    /// Lines with `"intents"`, and the share whose intents came out exactly
    /// so, in order. `None` when there is no such line.
    pub intent_order_lines: usize,
    pub intent_order_accuracy: Option<f64>,
    /// Lines with `"subtopic"`, and the share whose first `hotel_info`
    /// intent has it.
    pub subtopic_lines: usize,
    pub subtopic_accuracy: Option<f64>,
    /// expected → got → count.
    pub confusion: BTreeMap<String, BTreeMap<String, u32>>,
    pub misclassified: Vec<Miss>,
    pub slot_errors: Vec<SlotMiss>,
    pub order_errors: Vec<OrderMiss>,
    pub subtopic_errors: Vec<SubtopicMiss>,
}

impl Report {
    /// Why the report measures nothing, when no line could be scored: a
    /// 0 % accuracy would read as a broken model, not a broken file.
    pub fn unusable(&self) -> Option<String> {
        if self.lines > 0 {
            return None;
        }
        if self.malformed.is_empty() && self.skipped_unknown_intent == 0 {
            return Some("no labelled lines: the file is empty".into());
        }
        let mut why = format!(
            "no line could be scored ({} malformed, {} with an unknown intent)",
            self.malformed.len(),
            self.skipped_unknown_intent
        );
        for m in self.malformed.iter().take(5) {
            why.push_str("\n  ");
            why.push_str(m);
        }
        Some(why)
    }
}

fn share(right: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| right as f64 / of as f64)
}

/// What evaluation checks beyond `corpus::parse_line`: slot and subtopic
/// names (a typo would silently drop the annotation from the score). Gives
/// the expected subtopic.
fn check_names(ex: &Example) -> Result<Option<InfoTopic>, String> {
    if let Some(slots) = &ex.slots
        && let Some(bad) = slots.keys().find(|k| !Slots::NAMES.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown slot {bad:?} (slots are {})",
            Slots::NAMES.join(", ")
        ));
    }
    ex.subtopic
        .as_deref()
        .map(|t| {
            t.parse::<InfoTopic>().map_err(|t| {
                let known: Vec<&str> = InfoTopic::ALL.iter().map(|t| t.as_str()).collect();
                format!(
                    "unknown subtopic {t:?} (subtopics are {})",
                    known.join(", ")
                )
            })
        })
        .transpose()
}

/// Scores every line of `src` (JSONL). Never fails: bad lines are counted,
/// and [`Report::unusable`] says when nothing could be scored.
pub fn evaluate(nlu: &Nlu, ctx: &NluContext, src: &str) -> Report {
    let mut r = Report::default();
    let mut correct = 0usize;
    let (mut lang_right, mut order_right, mut subtopic_right) = (0usize, 0usize, 0usize);
    let mut all_slots = Prf::default();
    // A byte-order mark is how some editors start a UTF-8 file, not JSON.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    for (n, line) in src.lines().enumerate() {
        let ex: Example = match parse_line(line) {
            Ok(Some(ex)) => ex,
            Ok(None) => continue,
            Err(LineError::UnknownIntent(_)) => {
                r.skipped_unknown_intent += 1;
                continue;
            }
            Err(e) => {
                r.malformed.push(format!("line {}: {e}", n + 1));
                continue;
            }
        };
        let subtopic = match check_names(&ex) {
            Ok(t) => t,
            Err(e) => {
                r.malformed.push(format!("line {}: {e}", n + 1));
                continue;
            }
        };
        r.lines += 1;
        // The line's language plays the conversation's: a bare "ok" keeps it.
        let line_ctx = NluContext {
            conversation_language: ex.lang.or(ctx.conversation_language),
            ..ctx.clone()
        };
        let parse = nlu.parse_with(&ex.text, &line_ctx, None, false);
        if let Some(l) = ex.lang {
            if parse.language_source == LanguageSource::Fallback {
                r.language_fallback += 1;
            } else {
                r.language_lines += 1;
                lang_right += usize::from(parse.language == l);
            }
        }
        let got = parse.primary();
        *r.confusion
            .entry(ex.intent.to_string())
            .or_default()
            .entry(got.intent.to_string())
            .or_default() += 1;
        if got.intent == ex.intent {
            correct += 1;
            r.intents.entry(ex.intent.to_string()).or_default().tp += 1;
        } else {
            r.intents.entry(ex.intent.to_string()).or_default().fn_ += 1;
            r.intents.entry(got.intent.to_string()).or_default().fp += 1;
            r.misclassified.push(Miss {
                line: n + 1,
                text: ex.text.clone(),
                expected: ex.intent,
                got: got.intent,
                confidence: got.confidence,
            });
        }
        if !ex.intents.is_empty() {
            r.intent_order_lines += 1;
            let all: Vec<Intent> = parse.intents.iter().map(|h| h.intent).collect();
            if all == ex.intents {
                order_right += 1;
            } else {
                r.order_errors.push(OrderMiss {
                    line: n + 1,
                    text: ex.text.clone(),
                    expected: ex.intents.clone(),
                    got: all,
                });
            }
        }
        if let Some(want) = subtopic {
            r.subtopic_lines += 1;
            // Subtopics belong to hotel_info, which is often not the main
            // intent ("tienen lugar? y aceptan mascotas?"): the first one's.
            let have = parse
                .intents
                .iter()
                .find(|h| h.intent == Intent::HotelInfo)
                .and_then(|h| h.subtopic);
            if have == Some(want) {
                subtopic_right += 1;
            } else {
                r.subtopic_errors.push(SubtopicMiss {
                    line: n + 1,
                    text: ex.text.clone(),
                    expected: want,
                    got: have,
                });
            }
        }
        if let Some(want) = &ex.slots {
            r.slot_lines += 1;
            score_slots(&mut r, &mut all_slots, n + 1, &ex.text, want, &parse.slots);
        }
    }
    r.accuracy = share(correct, r.lines).unwrap_or(0.0);
    r.language_accuracy = share(lang_right, r.language_lines);
    r.intent_order_accuracy = share(order_right, r.intent_order_lines);
    r.subtopic_accuracy = share(subtopic_right, r.subtopic_lines);
    r.intents.values_mut().for_each(Prf::finish);
    r.slots.values_mut().for_each(Prf::finish);
    all_slots.finish();
    r.slot_f1 = all_slots.f1;
    r
}

#[cfg(test)]
mod tests;
