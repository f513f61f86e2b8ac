//! The name rules on whole messages, with a fixed day (2026-03-05, Buenos Aires).

use super::super::{for_test, test_ctx};
use crate::domain::Language::{self, En, Es, Pt};

fn name(text: &str, lang: Language) -> Option<String> {
    for_test(text, lang, &test_ctx("2026-03-05")).1.name
}

#[test]
fn questions_places_and_nationalities_are_not_names() {
    for (text, lang) in [
        ("a nombre de quien?", Es),
        ("a nombre de quién está la reserva?", Es),
        ("em nome de quem?", Pt),
        ("I'm Ok", En),
        ("I'm Late", En),
        ("I'm German", En),
        ("I'm Canadian and I need a room", En),
        ("I'm Brazilian", En),
        ("Soy Argentina", Es),
        ("Soy Uruguayo, quiero reservar", Es),
        ("Sou Brasileira", Pt),
        ("I have a reservation for Friday", En),
        ("a booking for Two", En),
    ] {
        assert_eq!(name(text, lang), None, "{text}");
    }
}

#[test]
fn the_name_without_what_surrounds_it() {
    for (text, lang, want) in [
        ("under the name of Smith please", En, "Smith"),
        ("Soy María de Buenos Aires", Es, "María"),
        ("soy Juan de Córdoba", Es, "Juan"),
        ("Sou a Ana do Rio", Pt, "Ana"),
        // A particle after a strong introducer is part of the name.
        ("me llamo María de la Cruz", Es, "María de la Cruz"),
        ("meu nome é João da Silva", Pt, "João da Silva"),
    ] {
        assert_eq!(name(text, lang).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn spanish_names_in_english_messages() {
    for (text, want) in [
        (
            "I have a reservation for Juan Carlos Pérez, can I check in early?",
            "Juan Carlos Pérez",
        ),
        (
            "Hi, this is Jesús María de la Cruz, we arrive on Friday",
            "Jesús María de la Cruz",
        ),
        (
            "booking for Rosario de la Peña, 2 adults",
            "Rosario de la Peña",
        ),
        ("i have a booking under maria gonzalez", "Maria Gonzalez"),
        ("my name is Dolores del Río", "Dolores del Río"),
    ] {
        assert_eq!(name(text, En).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn lower_case_names_after_an_introduction() {
    for (text, lang, want) in [
        ("soy juan perez", Es, "Juan Perez"),
        ("hola soy maría gonzález", Es, "María González"),
        ("me llamo ana", Es, "Ana"),
        ("mi nombre es carlos lopez", Es, "Carlos Lopez"),
        ("a nombre de roberto díaz", Es, "Roberto Díaz"),
        ("buenas, soy lucía", Es, "Lucía"),
        ("Hola, me llamo ana gomez", Es, "Ana Gomez"),
        // After a strong opening a name need not be in the list.
        ("la reserva está a nombre de garcia", Es, "Garcia"),
        ("i'm john smith", En, "John Smith"),
        ("my name is sarah o'connor", En, "Sarah O'Connor"),
        ("this is mike", En, "Mike"),
        ("hi im emily", En, "Emily"),
        ("Hi, this is sarah", En, "Sarah"),
        ("in the name of peter walsh", En, "Peter Walsh"),
        ("sou a joana silva", Pt, "Joana Silva"),
        ("me chamo pedro", Pt, "Pedro"),
        ("meu nome é ana paula costa", Pt, "Ana Paula Costa"),
        ("em nome de joão", Pt, "João"),
        ("oi, sou o rafael", Pt, "Rafael"),
    ] {
        assert_eq!(name(text, lang).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn what_follows_soy_im_or_sou_in_lower_case_is_rarely_a_name() {
    for (text, lang) in [
        ("soy de córdoba", Es),
        ("soy celíaco", Es),
        ("soy el de la 204", Es),
        ("soy yo", Es),
        ("soy su huésped", Es),
        ("soy nuevo aca", Es),
        ("a nombre de ella", Es),
        ("I'm looking for a room", En),
        ("I'm sorry", En),
        ("I'm not sure", En),
        ("I'm here", En),
        ("i'm at the airport", En),
        ("im in room 12", En),
        ("this is urgent", En),
        ("this is the room", En),
        ("sou eu", Pt),
        ("sou vegetariana", Pt),
        ("sou do rio", Pt),
    ] {
        assert_eq!(name(text, lang), None, "{text}");
    }
}

#[test]
fn a_name_in_lower_case_does_not_take_the_words_after_it() {
    for (text, lang, want) in [
        ("soy juan y quiero reservar", Es, "Juan"),
        ("me llamo ana, quiero una doble", Es, "Ana"),
        (
            "mi nombre es carlos lopez tengo una reserva",
            Es,
            "Carlos Lopez",
        ),
        (
            "a nombre de maria gonzalez llego mañana",
            Es,
            "Maria Gonzalez",
        ),
        ("my name is john and I want to book", En, "John"),
        ("i'm john smith checking in tomorrow", En, "John Smith"),
        ("this is mike from room 12", En, "Mike"),
        ("meu nome é ana paula quero um quarto", Pt, "Ana Paula"),
        ("sou a joana e quero reservar", Pt, "Joana"),
    ] {
        assert_eq!(name(text, lang).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn names_signed_with_here_or_introduced_by_aqui_habla_escribe() {
    for (text, lang, want) in [
        ("Luz Marina Ortega here", En, "Luz Marina Ortega"),
        ("Hi, Luz Marina Ortega here", En, "Luz Marina Ortega"),
        ("John Smith speaking", En, "John Smith"),
        ("hey sarah here", En, "Sarah"),
        (
            "Maria de la Cruz here, I have a booking",
            En,
            "Maria de la Cruz",
        ),
        ("Aquí Luz Marina Ortega", Es, "Luz Marina Ortega"),
        ("Les escribe Juan Pablo Ruiz", Es, "Juan Pablo Ruiz"),
        ("Te escribe María de la Cruz", Es, "María de la Cruz"),
        ("Habla Roberto Díaz", Es, "Roberto Díaz"),
        ("hola, aquí juan", Es, "Juan"),
        ("aqui é o Carlos", Pt, "Carlos"),
        ("quem fala é a Fernanda Lima", Pt, "Fernanda Lima"),
    ] {
        assert_eq!(name(text, lang).as_deref(), Some(want), "{text}");
    }
    for (text, lang) in [
        ("I'm here", En),
        ("Parking here?", En),
        ("Everything here is great", En),
        ("Spanish speaking staff?", En),
        ("my taxi is here", En),
        ("Who's speaking?", En),
        ("habla inglés?", Es),
        ("aquí tienen lugar?", Es),
        ("Aquí Tienen lugar?", Es),
        ("aqui é o quarto 12", Pt),
    ] {
        assert_eq!(name(text, lang), None, "{text}");
    }
}
