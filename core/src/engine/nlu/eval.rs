//! Scoring the understanding against labelled lines: intent accuracy,
//! per-intent and per-slot precision/recall/F1, a confusion table and the
//! misclassified lines. Used by `conserje nlu eval` and the quality test.

use super::corpus::{Example, LineError, parse_line};
use super::intent::{InfoTopic, Intent};
use super::output::{LanguageSource, Slots};
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

fn same(slot: &str, a: &str, b: &str) -> bool {
    match slot {
        // Names compare without case or accents: "jose perez" is "José Pérez".
        "name" => fold(a) == fold(b),
        "email" | "booking_ref" => a.eq_ignore_ascii_case(b),
        // Which ages, not the order they were said in: "[4, 9]" is "[9,4]".
        "child_ages" => ages(a).is_some_and(|a| Some(a) == ages(b)),
        _ => a == b,
    }
}

/// A list of ages as written in an evaluation file, sorted.
fn ages(s: &str) -> Option<Vec<u8>> {
    let mut ages: Vec<u8> = serde_json::from_str(s).ok()?;
    ages.sort_unstable();
    Some(ages)
}

fn score_slots(
    r: &mut Report,
    all: &mut Prf,
    line: usize,
    text: &str,
    want: &BTreeMap<String, String>,
    got: &Slots,
) {
    for name in Slots::NAMES {
        // Ages are scored only where a line gives them: they are not among
        // the issue's slot names, so files written to it leave them out.
        if name == "child_ages" && !want.contains_key(name) {
            continue;
        }
        // `"child_ages": []` expects no ages, as the parse writes none.
        let want = want
            .get(name)
            .filter(|v| !(name == "child_ages" && ages(v).is_some_and(|a| a.is_empty())))
            .cloned();
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
            text: text.to_string(),
            slot: name.to_string(),
            expected: want,
            got: have,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nlu::demo_room_types;

    fn ctx() -> NluContext {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
        NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
            .with_room_types(demo_room_types())
    }

    fn eval(src: &str) -> Report {
        evaluate(Nlu::shared().expect("nlu"), &ctx(), src)
    }

    #[test]
    fn a_line_without_slots_is_not_scored_for_slots() {
        for (text, lang) in [
            ("del 15 al 18 de marzo para 2", "es"),
            ("from the 15th to the 18th of march for 2", "en"),
            ("de 15 a 18 de março para 2", "pt"),
        ] {
            let line = format!(r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info""#);
            // Intent only: whatever slots the parse finds are not errors.
            let r = eval(&format!("{line}}}\n"));
            assert_eq!((r.lines, r.slot_lines), (1, 0), "{text}");
            assert!(
                r.slots.is_empty() && r.slot_errors.is_empty(),
                "{text}: {r:?}"
            );
            // `"slots": {}` expects none: every slot found is a false positive.
            let r = eval(&format!("{line},\"slots\":{{}}}}\n"));
            assert_eq!(r.slot_lines, 1, "{text}");
            assert!(
                r.slot_errors.iter().any(|e| e.slot == "checkin"),
                "{text}: {r:?}"
            );
            // Beside an annotated line, an intent-only line leaves its F1 alone.
            let annotated = format!(
                "{line},\"slots\":{{\"checkin\":\"2026-03-15\",\"checkout\":\"2026-03-18\",\"adults\":2}}}}"
            );
            let r = eval(&format!("{line}}}\n{annotated}\n{line}}}\n"));
            assert_eq!((r.lines, r.slot_lines), (3, 1), "{text}");
            assert_eq!(r.slot_f1, 1.0, "{text}: {:?}", r.slot_errors);
        }
    }

    #[test]
    fn an_unknown_slot_or_subtopic_name_is_an_error_for_its_line() {
        let r = eval(concat!(
            r#"{"text":"del 15 al 18 de marzo","intent":"provide_info","slots":{"check_in":"2026-03-20","adultos":5}}"#,
            "\n",
            r#"{"text":"from the 15th to the 18th of march","intent":"provide_info","slots":{"checkin":"2026-03-15","guests":2}}"#,
            "\n",
            r#"{"text":"tem wifi?","intent":"hotel_info","subtopic":"wi-fi"}"#,
            "\n",
            r#"{"text":"quiero cancelar mi reserva","intent":"cancel_booking","slots":{}}"#,
            "\n",
        ));
        assert_eq!(r.lines, 1);
        assert_eq!(r.malformed.len(), 3, "{:?}", r.malformed);
        assert!(r.malformed[0].starts_with("line 1: unknown slot \"adultos\""));
        assert!(r.malformed[1].starts_with("line 2: unknown slot \"guests\""));
        assert!(r.malformed[2].starts_with("line 3: unknown subtopic \"wi-fi\""));
    }

    #[test]
    fn a_file_with_nothing_to_score_says_why() {
        let empty = eval("");
        assert!(empty.unusable().is_some_and(|w| w.contains("empty")));
        assert!(eval("\n  \n// a comment\n").unusable().is_some());
        let unknown = eval(concat!(
            r#"{"text":"hola","intent":"saludo"}"#,
            "\n",
            r#"{"text":"oi","intent":"hello"}"#,
            "\n"
        ));
        assert!(
            unknown
                .unusable()
                .is_some_and(|w| w.contains("2 with an unknown intent")),
            "{unknown:?}"
        );
        let broken = eval("{broken\nnot json\n");
        assert!(
            broken
                .unusable()
                .is_some_and(|w| w.contains("2 malformed") && w.contains("line 2:")),
            "{broken:?}"
        );
        let one = eval("{broken\n{\"text\":\"hi\",\"intent\":\"greeting\"}\n");
        assert_eq!(one.unusable(), None);
        // No line has a `lang`: there is no language accuracy, not 0 %.
        assert_eq!(one.language_accuracy, None);
    }

    #[test]
    fn child_ages_are_scored_like_the_other_slots() {
        for (text, lang) in [
            ("somos 2 adultos y 2 niños de 4 y 9 años", "es"),
            ("we are 2 adults and 2 kids aged 4 and 9", "en"),
            ("somos 2 adultos e 2 crianças de 4 e 9 anos", "pt"),
        ] {
            let line = |ages: &str| {
                format!(
                    r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info","slots":{{"adults":2,"children":2,"child_ages":{ages}}}}}"#
                )
            };
            let right = eval(&line("[9, 4]"));
            assert_eq!(right.slots["child_ages"].tp, 1, "{text}: {right:?}");
            let wrong = eval(&line("[5,8]"));
            assert_eq!(
                (wrong.slots["child_ages"].fp, wrong.slots["child_ages"].fn_),
                (1, 1),
                "{text}"
            );
            assert!(wrong.slot_errors.iter().any(|e| e.slot == "child_ages"
                && e.expected.as_deref() == Some("[5,8]")
                && e.got.as_deref() == Some("[4,9]")));
            // A line that leaves ages out is not scored on them.
            let silent = eval(&format!(
                r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info","slots":{{"adults":2,"children":2}}}}"#
            ));
            assert!(!silent.slots.contains_key("child_ages"), "{text}");
            assert_eq!(silent.slot_f1, 1.0, "{text}");
        }
    }

    #[test]
    fn language_accuracy_counts_only_detected_lines() {
        let r = eval(concat!(
            r#"{"text":"ok","lang":"pt","intent":"affirm"}"#,
            "\n",
            r#"{"text":"ok","lang":"es","intent":"affirm"}"#,
            "\n",
            r#"{"text":"quiero cancelar mi reserva","lang":"es","intent":"cancel_booking"}"#,
            "\n",
            r#"{"text":"i want to cancel my booking","lang":"en","intent":"cancel_booking"}"#,
            "\n",
            r#"{"text":"quero cancelar minha reserva","lang":"pt","intent":"cancel_booking"}"#,
            "\n",
        ));
        assert_eq!((r.language_lines, r.language_fallback), (3, 2), "{r:?}");
        assert_eq!(r.language_accuracy, Some(1.0));
        // Only fallbacks: nothing measured detection.
        let r = eval(r#"{"text":"ok","lang":"en","intent":"affirm"}"#);
        assert_eq!((r.language_accuracy, r.language_fallback), (None, 1));
    }

    #[test]
    fn the_order_of_intents_and_the_subtopic_are_scored() {
        let r = eval(concat!(
            r#"{"text":"hola, tienen lugar el finde? y aceptan mascotas?","intent":"check_availability","intents":["greeting","check_availability","hotel_info"],"subtopic":"pets"}"#,
            "\n",
            r#"{"text":"hi! do you have rooms this weekend? and is there parking?","intent":"check_availability","intents":["check_availability","greeting","hotel_info"]}"#,
            "\n",
            r#"{"text":"vocês aceitam cachorro?","intent":"hotel_info","subtopic":"wifi"}"#,
            "\n",
            r#"{"text":"is there wifi in the rooms?","intent":"hotel_info","subtopic":"wifi"}"#,
            "\n",
        ));
        assert_eq!((r.intent_order_lines, r.subtopic_lines), (2, 3));
        assert_eq!(r.intent_order_accuracy, Some(0.5));
        assert_eq!(r.order_errors.len(), 1);
        assert_eq!(r.order_errors[0].line, 2);
        assert_eq!(
            r.order_errors[0].got,
            [
                Intent::Greeting,
                Intent::CheckAvailability,
                Intent::HotelInfo
            ]
        );
        assert_eq!(
            r.subtopic_accuracy,
            Some(2.0 / 3.0),
            "{:?}",
            r.subtopic_errors
        );
        assert_eq!(r.subtopic_errors.len(), 1);
        assert_eq!(
            (r.subtopic_errors[0].line, r.subtopic_errors[0].got),
            (3, Some(InfoTopic::Pets))
        );
        // Without "intents" or "subtopic" there is nothing to score.
        let r = eval(r#"{"text":"hola","intent":"greeting"}"#);
        assert_eq!((r.intent_order_accuracy, r.subtopic_accuracy), (None, None));
    }
}
