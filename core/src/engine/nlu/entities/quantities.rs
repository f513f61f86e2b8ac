//! Nights and rooms: "3 noches", "two nights", "por una semana", "2 habitaciones".

use super::{Scan, vocab};
use crate::engine::nlu::output::EntityValue;

const NIGHTS: &[&str] = &[
    "noche", "noches", "night", "nights", "noite", "noites", "nts", "diarias", "diaria",
];
const WEEKS: &[&str] = &["semana", "semanas", "week", "weeks"];
const ROOMS: &[&str] = &[
    "habitacion",
    "habitaciones",
    "hab",
    "habs",
    "cuarto",
    "cuartos",
    "room",
    "rooms",
    "quarto",
    "quartos",
];
/// Words that may sit between the count and the unit: "2 habitaciones", "dos *buenas* noches" is rare; only these.
const BETWEEN: &[&str] = &["mas", "more", "extra", "mais"];

/// After "una semana": the day it starts ("una semana desde el 15", "2 weeks from march 15").
const WEEKS_FROM: &[&str] = &["desde", "from", "starting"];

const FOR: &[&str] = &["por", "for", "durante", "during", "para", "pra", "x"];

fn is_room_type_word(scan: &Scan<'_>, j: usize) -> bool {
    let w = scan.w(j);
    !w.is_empty()
        && scan
            .ctx
            .room_types
            .iter()
            .flat_map(|rt| &rt.names)
            .any(|n| {
                let n = crate::engine::nlu::text::fold(n);
                n == w || format!("{n}s") == w
            })
}

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        let Some((n, mut j)) = scan.count(i) else {
            i += 1;
            continue;
        };
        // "una noche más", "one more night": an extra night, not the length of the stay.
        if scan.is(j, BETWEEN) {
            i = j + 1;
            continue;
        }
        // "2 double rooms": a room-type word may sit between the count and "rooms".
        if !scan.is(j, ROOMS) && scan.is(j + 1, ROOMS) && is_room_type_word(scan, j) {
            j += 1;
        }
        let article = vocab::is_article(scan.w(i));
        // "how much is a night", "a diária": an article only counts after "for"/"por".
        let counted = !article || i == 0 || scan.is(i.wrapping_sub(1), FOR);
        if scan.is(j, NIGHTS) && counted {
            scan.push(i, j + 1, EntityValue::Nights(n), Vec::new());
        } else if scan.is(j, WEEKS)
            && (scan.is(i.wrapping_sub(1), FOR)
                || scan.is(j + 1, WEEKS_FROM)
                || scan.is(j + 1, &["a"]) && scan.is(j + 2, &["partir"]))
        {
            // "por una semana", "una semana desde el 15" are stays of 7 nights;
            // "en dos semanas" was taken as a date before.
            scan.push(i, j + 1, EntityValue::Nights(7 * n), Vec::new());
        } else if scan.is(j, ROOMS) && !article {
            scan.push(i, j + 1, EntityValue::Rooms(n), Vec::new());
        } else {
            i += 1;
            continue;
        }
        i = j + 1;
    }
}
