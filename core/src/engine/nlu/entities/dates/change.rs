//! Change requests: "tengo una reserva para el 15 y necesito cambiarla para
//! el 20", "change my booking from the 15th-18th to the 20th-23rd", "en vez
//! del 15 el 20". The dates after the change cue are the stay wanted; the
//! ones it moves away from are flagged [`EntityFlag::Previous`] so the slots
//! carry only the new stay while the entities keep both.

use super::spans::{self, Dated};
use crate::engine::nlu::output::{Entity, EntityFlag};
use crate::engine::nlu::text::Token;

/// Verbs that move a booking (infinitives with a pronoun are one token:
/// "cambiarla", "pasarla", "moverla").
const CHANGE: &[&str] = &[
    "cambiar",
    "cambiarla",
    "cambiarlo",
    "cambiarlas",
    "cambio",
    "cambiamos",
    "cambien",
    "cambies",
    "modificar",
    "modificarla",
    "modificarlo",
    "pasar",
    "pasarla",
    "pasarlo",
    "pasen",
    "mover",
    "moverla",
    "moverlo",
    "muevan",
    "correr",
    "correrla",
    "correrlo",
    "postergar",
    "postergarla",
    "adelantar",
    "adelantarla",
    "change",
    "changing",
    "changed",
    "move",
    "moving",
    "moved",
    "switch",
    "reschedule",
    "rebook",
    "push",
    "mudar",
    "mudem",
    "muda",
    "trocar",
    "troca",
    "troquem",
    "passar",
    "passa",
    "alterar",
    "altera",
    "remarcar",
    "adiar",
];
/// The word that leads to the new dates after a change verb: "cambiarla
/// para el 20", "pasarla al 20", "change it to the 20th", "mudar para o dia 20".
const TO: &[&str] = &[
    "para", "pra", "al", "a", "to", "for", "pro", "ao", "until", "till",
];
/// How many words after the change verb its "to" may come ("change my
/// booking from the 15th-18th to the 20th-23rd").
const TO_REACH: usize = 12;
/// "instead of the 15th", "en vez del 15", "em vez do dia 15": the date after
/// these words is the one given up.
const INSTEAD_OF: &[&[&str]] = &[
    &["instead", "of"],
    &["en", "vez", "del"],
    &["en", "vez", "de"],
    &["en", "lugar", "del"],
    &["en", "lugar", "de"],
    &["em", "vez", "de"],
    &["em", "vez", "do"],
    &["em", "vez", "da"],
    &["ao", "inves", "de"],
    &["ao", "inves", "do"],
    &["no", "lugar", "de"],
    &["no", "lugar", "do"],
];

/// Flags the dates a change request gives up.
pub fn mark_previous(entities: &mut [Entity], toks: &[Token]) {
    let dated = spans::dated(entities, toks);
    if dated.len() < 2 {
        return;
    }
    let old: Vec<usize> = if let Some(given_up) = instead_of(&dated, toks) {
        vec![given_up]
    } else if let Some(boundary) = changed_to(&dated, toks) {
        dated
            .iter()
            .filter(|d| d.first < boundary)
            .map(|d| d.index)
            .collect()
    } else if let Some(new) = instead_after(&dated, toks) {
        dated
            .iter()
            .filter(|d| d.first < dated[new].first)
            .map(|d| d.index)
            .collect()
    } else {
        return;
    };
    // Something must remain as the new stay.
    if old.len() >= dated.len() {
        return;
    }
    for k in old {
        if let Some(e) = entities.get_mut(k) {
            e.flags.push(EntityFlag::Previous);
        }
    }
}

/// The entity index of the date right after "instead of"/"en vez de".
fn instead_of(dated: &[Dated], toks: &[Token]) -> Option<usize> {
    // Whether a phrase ends just before token `upto`.
    let ends_before = |upto: usize| {
        INSTEAD_OF.iter().any(|phrase| {
            upto >= phrase.len()
                && toks
                    .get(upto - phrase.len()..upto)
                    .is_some_and(|ts| phrase.iter().zip(ts).all(|(w, t)| t.is(w)))
        })
    };
    // The phrase may end just before the date or on its first word ("en vez
    // del 15", where "del" may lead the date).
    dated
        .iter()
        .find(|d| ends_before(d.first) || ends_before(d.first + 1))
        .map(|d| d.index)
}

/// The first token of the new dates: the "to" after a change verb that a
/// date follows (or begins: "pasarla al 20", where "al" leads the date).
fn changed_to(dated: &[Dated], toks: &[Token]) -> Option<usize> {
    let verb = toks.iter().position(|t| t.is_any(CHANGE))?;
    let last = (verb + TO_REACH).min(toks.len());
    (verb + 1..last).find(|&t| {
        let before_a_date =
            !spans::inside(dated, t) && dated.iter().any(|d| d.first > t && d.first <= t + 3);
        toks[t].is_any(TO) && (before_a_date || spans::starts(dated, t))
    })
}

/// "I booked the 15th but can we do the 20th instead": the date said right
/// before "instead" (not "instead of") is the new one; its position in `dated`.
fn instead_after(dated: &[Dated], toks: &[Token]) -> Option<usize> {
    let at = toks
        .iter()
        .enumerate()
        .position(|(k, t)| t.is("instead") && !toks.get(k + 1).is_some_and(|n| n.is("of")))?;
    dated
        .iter()
        .rposition(|d| d.end <= at && at - d.end <= 2)
        .filter(|&k| k > 0)
}
