//! Days of the month said in words, as in voice notes: "del quince al
//! dieciocho de marzo", "the twenty-first", "dia vinte e cinco". Today is
//! Thursday 5 March 2026.

use super::tests::{day, range, stay};
use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::entities::{for_test, test_ctx};

#[test]
fn ranges_of_days_in_words() {
    for (text, lang, checkin, checkout) in [
        (
            "del quince al dieciocho de marzo",
            Es,
            "2026-03-15",
            "2026-03-18",
        ),
        (
            "del primero al tres de abril",
            Es,
            "2026-04-01",
            "2026-04-03",
        ),
        (
            "del veinte al veintidós de abril",
            Es,
            "2026-04-20",
            "2026-04-22",
        ),
        (
            "del veintiocho de marzo al dos de abril",
            Es,
            "2026-03-28",
            "2026-04-02",
        ),
        (
            "from the fifteenth to the eighteenth of March",
            En,
            "2026-03-15",
            "2026-03-18",
        ),
        (
            "March fifteenth to eighteenth",
            En,
            "2026-03-15",
            "2026-03-18",
        ),
        (
            "from the fifteenth to the eighteenth",
            En,
            "2026-03-15",
            "2026-03-18",
        ),
        (
            "de quinze a dezoito de março",
            Pt,
            "2026-03-15",
            "2026-03-18",
        ),
        (
            "do dia vinte ao dia vinte e dois de junho",
            Pt,
            "2026-06-20",
            "2026-06-22",
        ),
        ("do dia quinze ao dezoito", Pt, "2026-03-15", "2026-03-18"),
    ] {
        assert_eq!(stay(text, lang), range(checkin, checkout), "{text}");
    }
}

#[test]
fn single_days_in_words() {
    for (text, lang, date) in [
        ("el veinticinco de diciembre", Es, "2026-12-25"),
        ("treinta y uno de enero", Es, "2027-01-31"),
        ("llegamos el dos de mayo", Es, "2026-05-02"),
        ("el día quince", Es, "2026-03-15"),
        ("the twenty-first", En, "2026-03-21"),
        ("on the twenty first", En, "2026-03-21"),
        ("the first of April", En, "2026-04-01"),
        ("twenty-first of May", En, "2026-05-21"),
        ("May second", En, "2026-05-02"),
        ("dia vinte e cinco", Pt, "2026-03-25"),
        ("primeiro de maio", Pt, "2026-05-01"),
        ("chegamos dia dezesseis", Pt, "2026-03-16"),
    ] {
        assert_eq!(stay(text, lang), day(date), "{text}");
    }
}

/// Slots of `text` that say how many: adults, nights, rooms.
fn counts(text: &str, lang: Language) -> (Option<u8>, Option<u32>) {
    let (_, s) = for_test(
        text,
        lang,
        &crate::engine::nlu::entities::test_ctx("2026-03-05"),
    );
    (s.adults, s.nights)
}

#[test]
fn counts_in_words_stay_counts() {
    for (text, lang) in [
        ("somos dos", Es),
        ("para tres noches", Es),
        ("una doble", Es),
        ("dos adultos y tres niños", Es),
        ("de dos a tres noches", Es),
        ("un día, dos noches", Es),
        ("un dia dos noches", Es),
        ("treinta y cinco", Es),
        ("may two of us share a room?", En),
        ("the second night", En),
        ("first of all, thanks", En),
        ("for three nights", En),
        ("dia dos namorados", Pt),
        ("somos dois", Pt),
        ("para três noites", Pt),
    ] {
        assert_eq!(stay(text, lang), (None, None), "{text}");
    }
    assert_eq!(counts("somos dos", Es), (Some(2), None));
    assert_eq!(counts("para tres noches", Es), (None, Some(3)));
    assert_eq!(counts("for three nights", En), (None, Some(3)));
}

#[test]
fn thirty_five_is_not_a_day_even_with_a_month() {
    assert_eq!(stay("treinta y cinco de marzo", Es), (None, None));
    let (ents, _) = for_test("twenty-first of march", En, &test_ctx("2026-03-05"));
    assert_eq!(ents.len(), 1);
}
