//! Parties as guests describe them, checked on the slots they fill.

use super::super::{for_test, test_ctx};
use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::context::demo_room_types;
use crate::engine::nlu::output::Slots;

fn slots(text: &str, lang: Language) -> Slots {
    let ctx = test_ctx("2026-03-05").with_room_types(demo_room_types());
    for_test(text, lang, &ctx).1
}

/// (adults, children, child ages).
fn party(text: &str, lang: Language) -> (Option<u8>, Option<u8>, Vec<u8>) {
    let s = slots(text, lang);
    (s.adults, s.children, s.child_ages)
}

fn adults(n: u8) -> (Option<u8>, Option<u8>, Vec<u8>) {
    (Some(n), None, vec![])
}

#[test]
fn an_article_after_somos_starts_a_noun_not_a_count() {
    assert_eq!(party("somos un grupo de 6", Es), adults(6));
    assert_eq!(party("we are a group of 8", En), adults(8));
    assert_eq!(party("we are a couple", En), adults(2));
    assert_eq!(party("we're a couple", En), adults(2));
    assert_eq!(party("we're a family of 4", En), adults(4));
    assert_eq!(party("somos una familia de 5", Es), adults(5));
    assert_eq!(
        party("somos un matrimonio con 2 hijos", Es),
        (Some(2), Some(2), vec![])
    );
    assert_eq!(party("somos un par", Es), adults(2));
    assert_eq!(party("somos uma família de 4 pessoas", Pt), adults(4));
    assert_eq!(party("seremos un grupo de 10 personas", Es), adults(10));
    // An article is no count after a verb of going either.
    assert_eq!(party("vamos a las 4", Es), (None, None, vec![]));
}

#[test]
fn a_family_of_n_is_a_head_count_and_no_room() {
    for (text, lang) in [
        ("familia de 5", Es),
        ("a family of 5", En),
        ("es para una familia de 5", Es),
        ("uma família de 5", Pt),
        ("party of 5", En),
        ("somos una familia de 5 integrantes", Es),
    ] {
        let s = slots(text, lang);
        assert_eq!(
            (s.adults, s.room_type.as_deref()),
            (Some(5), None),
            "{text}"
        );
    }
    for (text, lang) in [
        ("vamos en familia", Es),
        ("viajo con mi familia", Es),
        ("we travel as a family", En),
        ("vou com a minha família", Pt),
    ] {
        assert_eq!(slots(text, lang).room_type, None, "{text}");
    }
    // The family room, when the guest names the room.
    assert_eq!(
        slots("una habitación familiar para 2 adultos y 3 niños", Es)
            .room_type
            .as_deref(),
        Some("family")
    );
    assert_eq!(
        slots("do you have family rooms?", En).room_type.as_deref(),
        Some("family")
    );
    // "una familia de 2 adultos y 2 niños" is read from the counts.
    assert_eq!(
        party("una familia de 2 adultos y 2 niños", Es),
        (Some(2), Some(2), vec![])
    );
    assert_eq!(party("un grupo de 2 familias", Es).0, None);
}

#[test]
fn casal_is_a_couple_unless_it_names_the_room() {
    assert_eq!(
        party("casal com uma criança de 2 anos", Pt),
        (Some(2), Some(1), vec![2])
    );
    assert_eq!(party("casal e uma criança", Pt), (Some(2), Some(1), vec![]));
    assert_eq!(party("casal com 2 filhos", Pt), (Some(2), Some(2), vec![]));
    assert_eq!(slots("casal com 2 filhos", Pt).room_type, None);
    let s = slots(
        "Olá 👋 meu nome é João Conceição, vamos em 4, casal com uma criança de 2 anos, suíte, três noites",
        Pt,
    );
    assert_eq!((s.adults, s.children), (Some(2), Some(1)));
    assert_eq!(s.room_type.as_deref(), Some("suite"));
    // The room: "quarto de casal", "cama de casal".
    for text in [
        "quero um quarto de casal",
        "tem quarto casal?",
        "com cama de casal",
    ] {
        let s = slots(text, Pt);
        assert_eq!(
            (s.adults, s.room_type.as_deref()),
            (None, Some("double")),
            "{text}"
        );
    }
    assert_eq!(
        slots("dos quartos de casal", Pt).room_type.as_deref(),
        Some("double")
    );
    assert_eq!(party("habitación de matrimonio", Es).0, None);
    assert_eq!(party("o de casal pf", Pt).0, None);
}

#[test]
fn going_as_n() {
    assert_eq!(party("vamos em 4", Pt), adults(4));
    assert_eq!(party("oi, vamos em 4 no feriado", Pt), adults(4));
    assert_eq!(party("iremos em 5", Pt), adults(5));
    assert_eq!(party("vamos en 4", Es), adults(4));
    assert_eq!(party("vamos 4", Es), adults(4));
    assert_eq!(party("vamos a ser 5", Es), adults(5));
    assert_eq!(party("vamos ser 3", Pt), adults(3));
    assert_eq!(party("vamos em 4 pessoas", Pt), adults(4));
    // Not a head count.
    assert_eq!(party("vamos en 2 autos", Es).0, None);
    assert_eq!(party("vamos 3 noches", Es).0, None);
    assert_eq!(party("vamos en 2 semanas", Es).0, None);
}

#[test]
fn a_couple_of_things_is_no_couple() {
    for text in [
        "a couple of nights",
        "a couple of questions",
        "I have a couple of questions about parking",
        "couple of days ago I booked",
    ] {
        assert_eq!(party(text, En), (None, None, vec![]), "{text}");
    }
    assert_eq!(party("un par de preguntas", Es), (None, None, vec![]));
    assert_eq!(
        party("a couple and a baby", En),
        (Some(2), Some(1), vec![0])
    );
}

#[test]
fn a_total_with_some_children() {
    assert_eq!(
        party("para 4 personas, 2 son niños", Es),
        (Some(2), Some(2), vec![])
    );
    assert_eq!(
        party("somos 4 pero 1 es bebé", Es),
        (Some(3), Some(1), vec![0])
    );
    assert_eq!(
        party("4 people, 2 of them children", En),
        (Some(2), Some(2), vec![])
    );
    assert_eq!(
        party("somos 5, 2 de ellos son menores", Es),
        (Some(3), Some(2), vec![])
    );
    assert_eq!(
        party("somos 4, 2 são crianças", Pt),
        (Some(2), Some(2), vec![])
    );
}

#[test]
fn children_and_their_ages_agree() {
    assert_eq!(
        party("2 adultos, 1 niño de 5, 1 bebé de 1", Es),
        (Some(2), Some(2), vec![5, 1])
    );
    assert_eq!(
        party("2 adults, 1 child aged 6, 1 baby", En),
        (Some(2), Some(2), vec![6, 0])
    );
    assert_eq!(
        party("2 adultos e 1 criança de 4, 2 bebês", Pt),
        (Some(2), Some(3), vec![4, 0, 0])
    );
    assert_eq!(party("un bebé de 8 meses", Es), (None, Some(1), vec![0]));
    assert_eq!(
        party("2 niños de cinco y ocho años", Es),
        (None, Some(2), vec![5, 8])
    );
}

#[test]
fn a_count_per_room_is_times_the_rooms() {
    let s = slots("2 habitaciones para 2 adultos cada una", Es);
    assert_eq!((s.adults, s.rooms), (Some(4), Some(2)));
    assert_eq!(party("3 rooms, 2 adults in each", En), adults(6));
    assert_eq!(party("2 quartos com 2 pessoas cada", Pt), adults(4));
    assert_eq!(
        party(
            "dos habitaciones, una para 2 adultos y otra para 2 adultos y 1 niño",
            Es
        ),
        (Some(4), Some(1), vec![])
    );
    assert_eq!(
        party(
            "two rooms: one for 2 adults and the other one for 3 adults",
            En
        ),
        adults(5)
    );
    // Without the rooms said, the count stays.
    assert_eq!(party("2 adultos cada una", Es), adults(2));
}

#[test]
fn the_party_in_words() {
    assert_eq!(
        party("yo y mi señora con los 3 chicos", Es),
        (Some(2), Some(3), vec![])
    );
    assert_eq!(
        party("me, my wife and 3 kids aged 2, 5 and 9", En),
        (Some(2), Some(3), vec![2, 5, 9])
    );
    assert_eq!(
        party("vamos con mi marido y mi hija de 12", Es),
        (Some(2), Some(1), vec![12])
    );
    assert_eq!(
        party("eu, minha esposa e meu filho de 5 anos", Pt),
        (Some(2), Some(1), vec![5])
    );
    assert_eq!(party("para mi y mi novia", Es), adults(2));
    assert_eq!(party("vamos con mi esposa", Es), adults(2));
    assert_eq!(party("I'm traveling with my wife", En), adults(2));
    assert_eq!(party("vou com minha esposa", Pt), adults(2));
    assert_eq!(party("somos 2 parejas", Es), adults(4));
    assert_eq!(party("2 parejas", Es), adults(4));
    assert_eq!(party("we are two couples", En), adults(4));
    assert_eq!(
        party("dois casais e 3 crianças", Pt),
        (Some(4), Some(3), vec![])
    );
    assert_eq!(party("party of 6", En), adults(6));
    // Talking about a partner is no party.
    assert_eq!(
        party("hablé con mi esposa y queremos cambiar la fecha", Es).0,
        None
    );
    assert_eq!(party("mi pareja pregunta si hay cochera", Es).0, None);
    assert_eq!(
        party("me, my wife and our son (12)", En),
        (Some(2), Some(1), vec![12])
    );
    assert_eq!(
        party("mi esposa y yo y nuestro bebé", Es),
        (Some(2), Some(1), vec![0])
    );
    // A child spoken of is not a child guest.
    for (text, lang) in [
        ("el ascensor se trabo con mi hijo adentro", Es),
        ("my son got hurt please help", En),
        ("My son booked a room for us", En),
    ] {
        assert_eq!(party(text, lang).1, None, "{text}");
    }
}

#[test]
fn a_corrected_count_replaces_the_first() {
    assert_eq!(
        party("para 2 personas... no, perdón, para 3", Es),
        adults(3)
    );
    assert_eq!(party("2 adults, sorry, I mean 3 adults", En), adults(3));
    assert_eq!(party("somos 4, desculpa, 5", Pt), adults(5));
    // Two counts without a correction: the first stands, the children add up.
    assert_eq!(party("somos 4 con 2 niños", Es), (Some(2), Some(2), vec![]));
}
