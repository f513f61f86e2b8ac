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

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        let Some((n, mut j)) = scan.count(i) else {
            i += 1;
            continue;
        };
        if scan.is(j, BETWEEN) {
            j += 1;
        }
        let article = vocab::is_article(scan.w(i));
        if scan.is(j, NIGHTS) {
            scan.push(i, j + 1, EntityValue::Nights(n), Vec::new());
        } else if scan.is(j, WEEKS)
            && (article || scan.is(i.wrapping_sub(1), &["por", "for", "durante", "during"]))
        {
            // "por una semana" is a stay of 7 nights; "en dos semanas" was taken as a date before.
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
