//! Nights and rooms: "3 noches", "two nights", "una semana", "for 5 days", "2 habitaciones",
//! "two double rooms", "2 suites".

use super::{Scan, vocab};
use crate::engine::nlu::output::EntityValue;
use crate::engine::nlu::text::fold_char;

const NIGHTS: &[&str] = &[
    "noche", "noches", "night", "nights", "noite", "noites", "nts", "diarias", "diaria",
];
const WEEKS: &[&str] = &["semana", "semanas", "week", "weeks"];
const DAYS: &[&str] = &["dia", "dias", "day", "days"];
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

const FOR: &[&str] = &["por", "for", "durante", "during", "para", "pra", "x"];

/// Words after a count of weeks or days that make it a moment, not a stay's length:
/// "una semana antes", "a week from now", "3 días de anticipación".
const NOT_A_LENGTH: &[&str] = &[
    "antes", "before", "despues", "after", "depois", "later", "ago", "atras", "prior", "que",
];
/// Words before a count of weeks that make it a moment or a frequency: "hace una semana".
const NOT_A_LENGTH_BEFORE: &[&str] = &[
    "hace", "cada", "every", "within", "last", "after", "despues", "depois", "ultima", "ultimas",
];
/// Beds are not rooms: "2 twin beds", "dos camas separadas".
const BEDS: &[&str] = &["cama", "camas", "bed", "beds"];

/// The hotel's room-type name at `j` ("double", "sea view", "suites"): the index after it.
fn room_type_at(scan: &Scan<'_>, j: usize) -> Option<usize> {
    scan.ctx
        .room_types
        .iter()
        .flat_map(|rt| &rt.names)
        .filter_map(|name| {
            let mut k = j;
            for word in name.split_whitespace() {
                if !same_word(scan.w(k), word) {
                    return None;
                }
                k += 1;
            }
            // "camas separadas", "twin beds": a kind of bed, counted as beds.
            let beds = name
                .split_whitespace()
                .any(|w| BEDS.iter().any(|b| same_word(b, w)));
            (k > j && !beds).then_some(k)
        })
        .max()
}

/// `token` is `name` folded, or its plural ("dobles", "suites", "matrimoniales").
fn same_word(token: &str, name: &str) -> bool {
    let eq = |t: &str| t.chars().eq(name.chars().map(fold_char));
    !token.is_empty()
        && (eq(token)
            || token.strip_suffix('s').is_some_and(eq)
            || token.strip_suffix("es").is_some_and(eq))
}

/// "una semana del 10", "2 semanas", "for 5 days": a length of stay in nights, or None
/// when the count is a moment ("hace una semana", "a week from now", "3 días antes").
fn length_in_nights(scan: &Scan<'_>, i: usize, n: u32, j: usize) -> Option<u32> {
    let per_day = if scan.is(j, WEEKS) {
        7
    } else if scan.is(j, DAYS) && scan.is(i.wrapping_sub(1), FOR) {
        // A number of days is a stay only when said as one: "por 5 días", "for 5 days".
        1
    } else {
        return None;
    };
    // Portuguese "a semana" is "the week"; English "a week" is one.
    if scan.is(i, &["a"]) && !scan.is(j, &["week"]) {
        return None;
    }
    let from_now = scan.is(j + 1, &["from"]) && scan.is(j + 2, &["now", "today"]);
    let in_advance = scan.is(j + 1, &["in"]) && scan.is(j + 2, &["advance"]);
    let moment = scan.is(j + 1, NOT_A_LENGTH);
    let notice = scan.is(j + 1, &["de", "da", "of"])
        && scan.is(
            j + 2,
            &[
                "anticipacion",
                "antelacion",
                "antecedencia",
                "notice",
                "anticipo",
            ],
        );
    if from_now || in_advance || moment || notice || scan.is(i.wrapping_sub(1), NOT_A_LENGTH_BEFORE)
    {
        return None;
    }
    Some(per_day * n)
}

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        let Some((n, j)) = scan.count(i) else {
            i += 1;
            continue;
        };
        // "una noche más", "one more night": an extra night, not the length of the stay.
        if scan.is(j, BETWEEN) {
            i = j + 1;
            continue;
        }
        let article = vocab::is_article(scan.w(i));
        // "2 double rooms", "2 dobles", "duas suítes": a count of the hotel's room type is a
        // count of rooms. The type's words stay free for the room type.
        if let Some(end) = room_type_at(scan, j).filter(|_| !article) {
            let rooms_word = scan.is(end, ROOMS);
            if rooms_word || !scan.is(end, BEDS) {
                let to = end + usize::from(rooms_word);
                scan.push(i, to, EntityValue::Rooms(n), Vec::new());
                scan.used[j..end].iter_mut().for_each(|u| *u = false);
                i = to;
                continue;
            }
        }
        // "how much is a night", "a diária": an article only counts after "for"/"por".
        let counted = !article || i == 0 || scan.is(i.wrapping_sub(1), FOR);
        if scan.is(j, NIGHTS) && counted {
            scan.push(i, j + 1, EntityValue::Nights(n), Vec::new());
        } else if let Some(nights) = length_in_nights(scan, i, n, j) {
            // "en dos semanas" and "in 3 days" were taken as dates before.
            scan.push(i, j + 1, EntityValue::Nights(nights), Vec::new());
        } else if scan.is(j, ROOMS) && !article {
            scan.push(i, j + 1, EntityValue::Rooms(n), Vec::new());
        } else {
            i += 1;
            continue;
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Language::{self, En, Es, Pt};
    use crate::engine::nlu::context::demo_room_types;
    use crate::engine::nlu::entities::{for_test, test_ctx};
    use crate::engine::nlu::output::Slots;

    fn slots(text: &str, lang: Language) -> Slots {
        let ctx = test_ctx("2026-03-05").with_room_types(demo_room_types());
        for_test(text, lang, &ctx).1
    }

    fn get(text: &str, lang: Language, slot: &str) -> Option<String> {
        slots(text, lang).get(slot)
    }

    #[test]
    fn a_week_is_seven_nights() {
        for (text, lang, want) in [
            ("a week", En, "7"),
            ("one week", En, "7"),
            ("two weeks", En, "14"),
            ("una semana", Es, "7"),
            ("1 semana", Es, "7"),
            ("2 semanas", Es, "14"),
            ("dos semanas en enero", Es, "14"),
            ("uma semana", Pt, "7"),
            ("duas semanas", Pt, "14"),
            ("por una semana", Es, "7"),
            ("for 5 days", En, "5"),
            ("por 3 días", Es, "3"),
        ] {
            assert_eq!(get(text, lang, "nights").as_deref(), Some(want), "{text}");
        }
        // Moments and frequencies are not lengths of stay.
        for (text, lang) in [
            ("a week from now", En),
            ("hace una semana que escribo", Es),
            ("2 weeks ago", En),
            ("una semana antes", Es),
            ("a semana que vem", Pt),
            ("cancelación gratis con 3 días de anticipación", Es),
            ("3 días", Es),
            ("in 3 days", En),
            ("en dos semanas", Es),
        ] {
            assert_eq!(get(text, lang, "nights"), None, "{text}");
        }
    }

    #[test]
    fn a_week_from_a_date_is_a_stay() {
        for (text, lang, checkin, checkout) in [
            ("una semana del 10 de abril", Es, "2026-04-10", "2026-04-17"),
            ("a week from april 10", En, "2026-04-10", "2026-04-17"),
            (
                "uma semana a partir de 10 de abril",
                Pt,
                "2026-04-10",
                "2026-04-17",
            ),
            (
                "2 semanas desde el 1 de mayo",
                Es,
                "2026-05-01",
                "2026-05-15",
            ),
            (
                "for 5 days starting april 10",
                En,
                "2026-04-10",
                "2026-04-15",
            ),
            (
                "desde el 10 de abril por 5 dias",
                Es,
                "2026-04-10",
                "2026-04-15",
            ),
        ] {
            let s = slots(text, lang);
            let dates = (
                s.checkin.map(|d| d.to_string()),
                s.checkout.map(|d| d.to_string()),
            );
            assert_eq!(
                dates,
                (Some(checkin.to_string()), Some(checkout.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn a_room_type_between_the_count_and_rooms_is_kept() {
        for (text, lang, rooms, room_type) in [
            ("I need two double rooms", En, "2", "double"),
            ("2 double rooms for march 15-18", En, "2", "double"),
            ("two twin rooms", En, "2", "twin"),
            (
                "we need 3 single rooms from april 2 to 5",
                En,
                "3",
                "single",
            ),
            ("2 family rooms", En, "2", "family"),
            ("2 habitaciones dobles", Es, "2", "double"),
        ] {
            let s = slots(text, lang);
            assert_eq!(
                (s.rooms.map(|r| r.to_string()), s.room_type.clone()),
                (Some(rooms.to_string()), Some(room_type.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn a_count_of_a_room_type_is_a_count_of_rooms() {
        for (text, lang, rooms, room_type) in [
            ("2 dobles", Es, "2", "double"),
            ("dos matrimoniales", Es, "2", "double"),
            ("3 triples", Es, "3", "triple"),
            ("two doubles please", En, "2", "double"),
            ("two singles", En, "2", "single"),
            ("2 suites", En, "2", "suite"),
            ("duas suítes", Pt, "2", "suite"),
            ("dois duplos", Pt, "2", "double"),
        ] {
            let s = slots(text, lang);
            assert_eq!(
                (s.rooms.map(|r| r.to_string()), s.room_type.clone()),
                (Some(rooms.to_string()), Some(room_type.to_string())),
                "{text}"
            );
        }
        // An article is not a count, and beds are not rooms.
        assert_eq!(get("una doble", Es, "rooms"), None);
        assert_eq!(get("a double please", En, "rooms"), None);
        assert_eq!(get("a room with 2 twin beds", En, "rooms"), None);
        assert_eq!(get("2 queen beds", En, "rooms"), None);
        assert_eq!(get("con dos camas separadas", Es, "rooms"), None);
        assert_eq!(
            get("con dos camas separadas", Es, "room_type").as_deref(),
            Some("twin")
        );
    }

    #[test]
    fn the_hotels_own_multi_word_names_count_too() {
        let ctx = test_ctx("2026-03-05").with_room_types(vec![
            crate::engine::nlu::context::RoomTypeDef {
                id: "sea".into(),
                names: vec!["sea view".into(), "cabaña".into(), "loft".into()],
            },
        ]);
        for (text, lang) in [
            ("2 sea view rooms", En),
            ("dos cabañas", Es),
            ("2 lofts", En),
        ] {
            let s = for_test(text, lang, &ctx).1;
            assert_eq!(
                (s.rooms, s.room_type.as_deref()),
                (Some(2), Some("sea")),
                "{text}"
            );
        }
    }
}
