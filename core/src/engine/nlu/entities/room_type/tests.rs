//! Room-type words as room types and as ordinary words.

use super::super::{for_test, test_ctx};
use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::context::demo_room_types;

fn room_type(text: &str, lang: Language) -> Option<String> {
    let ctx = test_ctx("2026-03-05").with_room_types(demo_room_types());
    for_test(text, lang, &ctx).1.room_type
}

#[test]
fn ordinary_words_are_no_room_types() {
    for (text, lang) in [
        ("me cobraron el doble", Es),
        ("the double charge on my card", En),
        ("una pregunta simple, tienen wifi?", Es),
        ("el precio es por persona o individual?", Es),
        ("I'm single", En),
        ("tienen cochera doble?", Es),
        ("cobraram o dobro, pagamento duplo", Pt),
        ("a single person supplement?", En),
        ("is there a double booking on my name?", En),
        ("es muy simple", Es),
        ("el piso superior", Es),
        ("can you double check my booking please", En),
    ] {
        assert_eq!(room_type(text, lang), None, "{text}");
    }
}

#[test]
fn room_type_words_naming_a_room() {
    for (text, lang, id) in [
        ("una doble", Es, "double"),
        ("Doble, por favor", Es, "double"),
        ("tienen dobles?", Es, "double"),
        ("habitación doble del 15 al 18", Es, "double"),
        ("2 habitaciones dobles", Es, "double"),
        ("dos dobles", Es, "double"),
        ("precio de la single", Es, "single"),
        ("a double for 2 nights", En, "double"),
        ("do you have a double available?", En, "double"),
        ("single or double?", En, "single"),
        ("double bed", En, "double"),
        ("quero um quarto duplo", Pt, "double"),
        ("cama matrimonial", Es, "double"),
        ("una triple para el finde", Es, "triple"),
        ("a suite", En, "suite"),
        ("quiero una familiar", Es, "family"),
        ("les queda alguna doble para el viernes?", Es, "double"),
        ("is the double free on the 12th?", En, "double"),
        ("any doubles left for thursday?", En, "double"),
        ("is the triple availble 10-12 may?", En, "triple"),
        ("superior double", En, "double"),
        ("reserve double fri", En, "double"),
        ("the family one please", En, "family"),
        ("quero reservar o triplo pro dia 8 de abril", Pt, "triple"),
        ("fecha o duplo", Pt, "double"),
        ("o de casal pf", Pt, "double"),
    ] {
        assert_eq!(room_type(text, lang).as_deref(), Some(id), "{text}");
    }
    // A list: the first type said fills the slot, the second still counts.
    let ctx = test_ctx("2026-03-05").with_room_types(demo_room_types());
    let (ents, _) = for_test("doble o triple?", Es, &ctx);
    assert_eq!(ents.len(), 2);
}

#[test]
fn typos_of_room_types() {
    assert_eq!(room_type("una dobel", Es).as_deref(), Some("double"));
    assert_eq!(room_type("habitasion dobel", Es).as_deref(), Some("double"));
    assert_eq!(room_type("una tripel", Es).as_deref(), Some("triple"));
    assert_eq!(room_type("tienen suit?", Es).as_deref(), Some("suite"));
    assert_eq!(room_type("tem suit?", Pt).as_deref(), Some("suite"));
    assert_eq!(room_type("a doubel room", En).as_deref(), Some("double"));
    // "suit" is an English word; "sweet" too far from "suite" to guess.
    assert_eq!(room_type("does it suit you?", En), None);
    assert_eq!(room_type("la sweet", Es), None);
    assert_eq!(room_type("sweet, thanks!", En), None);
}
