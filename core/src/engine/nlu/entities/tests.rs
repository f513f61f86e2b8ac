//! Rules for numbers, guests, contacts, room types, names, references and times.

use super::{for_test, test_ctx};
use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::context::RoomTypeDef;
use crate::engine::nlu::output::Slots;

fn slots(text: &str, lang: Language) -> Slots {
    let ctx = test_ctx("2026-03-05").with_room_types(vec![
        RoomTypeDef {
            id: "double".into(),
            names: vec![
                "Doble".into(),
                "matrimonial".into(),
                "double".into(),
                "casal".into(),
            ],
        },
        RoomTypeDef {
            id: "suite".into(),
            names: vec!["Suite".into(), "suite junior".into()],
        },
        RoomTypeDef {
            id: "family".into(),
            names: vec!["familiar".into(), "family room".into()],
        },
    ]);
    for_test(text, lang, &ctx).1
}

fn get(text: &str, lang: Language, slot: &str) -> Option<String> {
    slots(text, lang).get(slot)
}

#[test]
fn nights() {
    assert_eq!(get("3 noches", Es, "nights").as_deref(), Some("3"));
    assert_eq!(get("two nights please", En, "nights").as_deref(), Some("2"));
    assert_eq!(get("por una semana", Es, "nights").as_deref(), Some("7"));
    assert_eq!(get("umas 4 noites", Pt, "nights").as_deref(), Some("4"));
}

#[test]
fn rooms_but_not_the_article() {
    assert_eq!(get("2 habitaciones", Es, "rooms").as_deref(), Some("2"));
    assert_eq!(get("dos cuartos", Es, "rooms").as_deref(), Some("2"));
    assert_eq!(get("one room", En, "rooms").as_deref(), Some("1"));
    assert_eq!(get("una habitación", Es, "rooms"), None);
}

#[test]
fn guests() {
    let s = slots("somos 4", Es);
    assert_eq!((s.adults, s.children), (Some(4), None));
    assert_eq!(slots("para dos", Es).adults, Some(2));
    let s = slots("una pareja y un bebé", Es);
    assert_eq!(
        (s.adults, s.children, s.child_ages.clone()),
        (Some(2), Some(1), vec![0])
    );
    let s = slots("2 adultos y 2 niños de 5 y 8 años", Es);
    assert_eq!(
        (s.adults, s.children, s.child_ages.clone()),
        (Some(2), Some(2), vec![5, 8])
    );
    let s = slots("somos 4 con 2 nenes", Es);
    assert_eq!((s.adults, s.children), (Some(2), Some(2)));
    assert_eq!(slots("my wife and I", En).adults, Some(2));
    let s = slots("2 adults and 1 kid (7)", En);
    assert_eq!(
        (s.adults, s.children, s.child_ages.clone()),
        (Some(2), Some(1), vec![7])
    );
    assert_eq!(slots("somos um casal", Pt).adults, Some(2));
    assert_eq!(slots("para 3 pessoas", Pt).adults, Some(3));
    // "para dos noches" is nights, "para el 2" a date.
    assert_eq!(slots("para dos noches", Es).adults, None);
    assert_eq!(slots("para el 2", Es).adults, None);
}

#[test]
fn room_types_from_the_hotel_names() {
    assert_eq!(
        get("una matrimonial", Es, "room_type").as_deref(),
        Some("double")
    );
    assert_eq!(
        get("tienen dobles?", Es, "room_type").as_deref(),
        Some("double")
    );
    assert_eq!(
        get("the family room", En, "room_type").as_deref(),
        Some("family")
    );
    assert_eq!(
        get("a suite junior", Es, "room_type").as_deref(),
        Some("suite")
    );
    assert_eq!(
        get("quarto de casal", Pt, "room_type").as_deref(),
        Some("double")
    );
}

#[test]
fn emails_and_phones() {
    assert_eq!(
        get("mi mail es Ana.Gomez@Gmail.com.", Es, "email").as_deref(),
        Some("ana.gomez@gmail.com")
    );
    assert_eq!(
        get("cel 11 5555-1234", Es, "phone").as_deref(),
        Some("+541155551234")
    );
    assert_eq!(
        get("+55 21 98888-7777", Pt, "phone").as_deref(),
        Some("+5521988887777")
    );
    assert_eq!(
        get("llamame al 011 4444 5555", Es, "phone").as_deref(),
        Some("+541144445555")
    );
    assert_eq!(get("el 15.03.2026", Es, "phone"), None);
    let ctx = test_ctx("2026-03-05").with_calling_code("1");
    assert_eq!(
        for_test("call me at (415) 555-0134", En, &ctx)
            .1
            .get("phone")
            .as_deref(),
        Some("+14155550134")
    );
}

#[test]
fn booking_references() {
    assert_eq!(
        get("mi reserva es LSEEJZDXO", Es, "booking_ref").as_deref(),
        Some("LSEEJZDXO")
    );
    assert_eq!(
        get("reserva nro 4521", Es, "booking_ref").as_deref(),
        Some("4521")
    );
    assert_eq!(
        get("booking #A12B9", En, "booking_ref").as_deref(),
        Some("A12B9")
    );
    assert_eq!(get("reserva 2 noches", Es, "booking_ref"), None);
    assert_eq!(get("QUIERO CANCELAR LA RESERVA", Es, "booking_ref"), None);
}

#[test]
fn names() {
    assert_eq!(
        get("me llamo Ana Gómez", Es, "name").as_deref(),
        Some("Ana Gómez")
    );
    assert_eq!(
        get("a nombre de juan perez", Es, "name").as_deref(),
        Some("Juan Perez")
    );
    assert_eq!(
        get("my name is John Smith and I need a room", En, "name").as_deref(),
        Some("John Smith")
    );
    assert_eq!(
        get("meu nome é João da Silva", Pt, "name").as_deref(),
        Some("João da Silva")
    );
    assert_eq!(get("soy de Córdoba", Es, "name"), None);
    assert_eq!(get("I'm looking for a room", En, "name"), None);
}

#[test]
fn clock_times() {
    assert_eq!(
        get("a las 2 de la tarde", Es, "time").as_deref(),
        Some("14:00")
    );
    assert_eq!(get("llego 14hs", Es, "time").as_deref(), Some("14:00"));
    assert_eq!(get("at 2pm", En, "time").as_deref(), Some("14:00"));
    assert_eq!(get("às 15h30", Pt, "time").as_deref(), Some("15:30"));
    assert_eq!(get("a las 10", Es, "time").as_deref(), Some("10:00"));
    assert_eq!(get("around 11:30 am", En, "time").as_deref(), Some("11:30"));
    assert_eq!(get("al mediodía", Es, "time").as_deref(), Some("12:00"));
    assert_eq!(
        get("a las 9 de la noche", Es, "time").as_deref(),
        Some("21:00")
    );
    // Not times: dates and counts.
    assert_eq!(get("15/3", Es, "time"), None);
    assert_eq!(get("del 15 al 18 de marzo", Es, "time"), None);
}

#[test]
fn readings_fixed_after_the_first_test_run() {
    // Portuguese "dos" is "of the"; an article before "night" is not a count.
    assert_eq!(get("me passa os preços dos quartos?", Pt, "rooms"), None);
    assert_eq!(
        get("how much is a night in the double?", En, "nights"),
        None
    );
    assert_eq!(get("for a night", En, "nights").as_deref(), Some("1"));
    assert_eq!(get("necesito agregar una noche mas", Es, "nights"), None);
    assert_eq!(get("2 double rooms", En, "rooms").as_deref(), Some("2"));
    assert_eq!(
        slots("my wife, me and 2 kids aged 3 and 5", En).adults,
        Some(2)
    );
    assert_eq!(
        get("la reserva es la 8812", Es, "booking_ref").as_deref(),
        Some("8812")
    );
    let s = slots("tem quarto pra 3 noites a partir de segunda?", Pt);
    assert_eq!(
        s.checkin.map(|d| d.to_string()).as_deref(),
        Some("2026-03-09")
    );
    let s = slots("quero reservar de 20 a 22", Pt);
    assert_eq!(
        s.checkout.map(|d| d.to_string()).as_deref(),
        Some("2026-03-22")
    );
    assert_eq!(slots("2 niños de 5 a 8 años", Es).checkin, None);
}
