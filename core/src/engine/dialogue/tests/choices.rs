//! Options as WhatsApp lists when there are more than buttons allow, and room
//! photos when the PMS has them — each with its plain-text equivalent.

use super::harness::{Harness, has};
use crate::domain::OutboundMessage;
use crate::engine::dialogue::to_outbound;

#[tokio::test]
async fn more_than_three_offers_come_as_a_list_numbered_as_in_the_text() {
    let mut h = Harness::new().await;
    let turn = h
        .turn("tienen lugar del 15 al 18 de marzo para 2 adultos?")
        .await;
    let r = &turn.replies[0];
    let list = r.list.as_ref().expect("more than three offers: a list");
    assert!(r.buttons.is_empty());
    assert!(list.rows.len() > 3, "{list:?}");
    for (i, row) in list.rows.iter().enumerate() {
        assert_eq!(row.id, format!("offer:{}", i + 1));
        has(&r.text, &[&format!("{}. {}", i + 1, row.title)]);
    }
    match &to_outbound(r)[0] {
        OutboundMessage::List {
            button, sections, ..
        } => {
            assert_eq!(button, "Ver opciones");
            assert_eq!(sections[0].rows.len(), list.rows.len());
        }
        other => panic!("expected a list, got {other:?}"),
    }
    // A tapped row comes back as its id; typing the number works the same.
    has(&h.say("offer:2").await, &["nombre"]);
}

#[tokio::test]
async fn three_options_or_fewer_stay_buttons() {
    let mut h = Harness::new().await;
    let turn = h.turn("asdkjh qwpoeiru zmxn").await;
    let r = &turn.replies[0];
    assert!(r.list.is_none());
    assert!((1..=3).contains(&r.buttons.len()));
    assert!(matches!(
        &to_outbound(r)[0],
        OutboundMessage::Buttons { .. }
    ));
}

#[tokio::test]
async fn photos_of_a_named_room_type_come_with_its_picture() {
    let mut h = Harness::new().await;
    let turn = h.turn("hola, me mandás fotos de la habitación twin?").await;
    let r = &turn.replies[0];
    assert_eq!(
        r.image.as_deref(),
        Some("https://demo.conserje.invalid/photos/twn-1.jpg")
    );
    has(&r.text, &["Habitación Twin"]);
    match &to_outbound(r)[0] {
        OutboundMessage::Media {
            caption: Some(c), ..
        } => has(c, &["Habitación Twin"]),
        other => panic!("expected an image, got {other:?}"),
    }
    // No room type named: every room, in text.
    let all = h.turn("qué habitaciones tienen?").await;
    assert!(all.replies[0].image.is_none());
    has(&all.replies[0].text, &["Estas son nuestras habitaciones"]);
}
