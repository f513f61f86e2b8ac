//! Slot scoring: each slot a line gives (or the parse invents) is a hit, a
//! miss or a false alarm, compared the way a receptionist would read it.

use super::{Prf, Report, SlotMiss};
use crate::engine::nlu::output::Slots;
use crate::engine::nlu::text::fold;
use std::collections::BTreeMap;

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

pub(super) fn score_slots(
    r: &mut Report,
    all: &mut Prf,
    line: usize,
    text: &str,
    want: &BTreeMap<String, String>,
    got: &Slots,
) {
    for name in Slots::NAMES {
        // Ages are scored only where a line gives them: they are not among
        // the slot names, so files written to it leave them out.
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
