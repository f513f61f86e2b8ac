//! Scoring the understanding against labelled lines: intent accuracy,
//! per-intent and per-slot precision/recall/F1, a confusion table and the
//! misclassified lines. Used by `conserje nlu eval` and the quality test.

use super::corpus::{Example, LineError, parse_line};
use super::intent::Intent;
use super::output::Slots;
use super::text::fold;
use super::{Nlu, NluContext};
use serde::Serialize;
use std::collections::BTreeMap;

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

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Report {
    pub lines: usize,
    /// Lines whose intent is not one of ours: not scored.
    pub skipped_unknown_intent: usize,
    /// Lines that are not valid JSON objects with text and intent.
    pub malformed: Vec<String>,
    pub accuracy: f64,
    /// Share of lines with a `lang` whose language was detected right.
    pub language_accuracy: f64,
    pub intents: BTreeMap<String, Prf>,
    pub slots: BTreeMap<String, Prf>,
    /// All slots together (micro-averaged).
    pub slot_f1: f64,
    /// expected → got → count.
    pub confusion: BTreeMap<String, BTreeMap<String, u32>>,
    pub misclassified: Vec<Miss>,
    pub slot_errors: Vec<SlotMiss>,
}

/// Scores every line of `src` (JSONL). Never fails: bad lines are counted.
pub fn evaluate(nlu: &Nlu, ctx: &NluContext, src: &str) -> Report {
    let mut r = Report::default();
    let mut correct = 0usize;
    let (mut lang_lines, mut lang_right) = (0usize, 0usize);
    let mut all_slots = Prf::default();
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
        r.lines += 1;
        // The line's language plays the conversation's: a bare "ok" keeps it.
        let line_ctx = NluContext {
            conversation_language: ex.lang.or(ctx.conversation_language),
            ..ctx.clone()
        };
        let parse = nlu.parse_with(&ex.text, &line_ctx, None, false);
        if let Some(l) = ex.lang {
            lang_lines += 1;
            lang_right += usize::from(parse.language == l);
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
        score_slots(&mut r, &mut all_slots, n + 1, &ex, &parse.slots);
    }
    r.accuracy = if r.lines > 0 {
        correct as f64 / r.lines as f64
    } else {
        0.0
    };
    r.language_accuracy = if lang_lines > 0 {
        lang_right as f64 / lang_lines as f64
    } else {
        0.0
    };
    r.intents.values_mut().for_each(Prf::finish);
    r.slots.values_mut().for_each(Prf::finish);
    all_slots.finish();
    r.slot_f1 = all_slots.f1;
    r
}

fn same(slot: &str, a: &str, b: &str) -> bool {
    match slot {
        // Names compare without case or accents: "jose perez" is "José Pérez".
        "name" => fold(a) == fold(b),
        "email" | "booking_ref" => a.eq_ignore_ascii_case(b),
        _ => a == b,
    }
}

fn score_slots(r: &mut Report, all: &mut Prf, line: usize, ex: &Example, got: &Slots) {
    for name in Slots::NAMES {
        let want = ex.slots.get(name).cloned();
        let have = got.get(name);
        if want.is_none() && have.is_none() {
            continue;
        }
        let prf = r.slots.entry(name.to_string()).or_default();
        match (&want, &have) {
            (Some(w), Some(h)) if same(name, w, h) => {
                prf.tp += 1;
                all.tp += 1;
                continue;
            }
            (Some(_), Some(_)) => {
                prf.fp += 1;
                prf.fn_ += 1;
                all.fp += 1;
                all.fn_ += 1;
            }
            (Some(_), None) => {
                prf.fn_ += 1;
                all.fn_ += 1;
            }
            (None, _) => {
                prf.fp += 1;
                all.fp += 1;
            }
        }
        r.slot_errors.push(SlotMiss {
            line,
            text: ex.text.clone(),
            slot: name.to_string(),
            expected: want,
            got: have,
        });
    }
}
