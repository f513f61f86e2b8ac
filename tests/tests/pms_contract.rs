//! One contract for every PMS: the built-in demo PMS and the QloApps adapter
//! (against the fake QloApps server, which reproduces the real wire format and
//! quirks). Each test gets a fresh PMS, so tests never share inventory.

use chrono::NaiveDate;
use conserje::domain::{BookingStatus, Email, IdempotencyKey, Occupancy, StayDates};
use conserje::ports::pms::{
    BookingChange, BookingRequest, GuestContact, GuestLookup, Pms, PmsError, QuoteRequest,
    RoomOffer,
};
use conserje_e2e::pms::{Subject, demo_subject, qloapps_subject, resilient_qloapps_subject};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn stay(from: &str, to: &str) -> StayDates {
    StayDates::new(d(from), d(to)).expect("stay")
}

fn adults(n: u8) -> Occupancy {
    Occupancy::new(n, vec![]).expect("occupancy")
}

fn guest(email: &str) -> GuestContact {
    GuestContact {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: Email::parse(email).expect("email"),
        phone: None,
    }
}

async fn offers(pms: &dyn Pms, s: StayDates, rooms: Vec<Occupancy>) -> Vec<RoomOffer> {
    pms.quote(&QuoteRequest {
        stay: s,
        rooms,
        room_type: None,
    })
    .await
    .expect("quote")
    .offers
}

async fn offer_for(pms: &dyn Pms, s: StayDates, offer: &RoomOffer) -> RoomOffer {
    offers(pms, s, vec![adults(1)])
        .await
        .into_iter()
        .find(|o| o.room_type == offer.room_type)
        .expect("room type still offered")
}

fn request(offer: &RoomOffer, s: StayDates, rooms: Vec<Occupancy>, email: &str) -> BookingRequest {
    BookingRequest {
        reference: IdempotencyKey::generate(),
        room_type: offer.room_type.clone(),
        stay: s,
        rooms,
        guest: guest(email),
    }
}

async fn catalog(subject: Subject) {
    let pms = subject.pms.as_ref();
    let hotel = pms.hotel_info().await.expect("hotel");
    assert!(!hotel.stale);
    assert!(!hotel.value.name.is_empty());
    let types = pms.room_types().await.expect("room types").value;
    assert!(types.len() >= 4, "{types:?}");
    for t in &types {
        assert!(!t.name.is_empty(), "{t:?}");
        assert!(t.capacity.adults >= 1 && t.capacity.max_guests >= t.capacity.adults);
    }
}

async fn quote_has_nightly_breakdown_and_taxes(subject: Subject) {
    let pms = subject.pms.as_ref();
    let s = stay("2027-05-10", "2027-05-13");
    let list = offers(pms, s, vec![adults(2)]).await;
    assert!(!list.is_empty());
    for o in &list {
        assert_eq!(o.nights.len(), 3, "{o:?}");
        assert_eq!(o.nights[0].night, d("2027-05-10"));
        let sum: i64 = o.nights.iter().map(|n| n.excl_tax.minor()).sum();
        assert_eq!(sum, o.total_excl_tax.minor(), "nights add up to the total");
        assert!(
            o.total_incl_tax.minor() > o.total_excl_tax.minor(),
            "tax applies"
        );
        assert!(o.available >= 1);
    }
    let two_rooms = offers(pms, s, vec![adults(2), adults(1)]).await;
    let a = list
        .iter()
        .find(|o| o.room_type == two_rooms[0].room_type)
        .expect("same type");
    assert_eq!(
        two_rooms[0].total_excl_tax.minor(),
        2 * a.total_excl_tax.minor()
    );
}

async fn booking_is_charged_what_was_quoted_and_kept_once(subject: Subject) {
    let pms = subject.pms.as_ref();
    let s = stay("2027-06-01", "2027-06-03");
    let offer = offers(pms, s, vec![adults(2)]).await.remove(0);
    let req = request(&offer, s, vec![adults(2)], "ada@example.com");
    let booking = pms.create_booking(&req).await.expect("booked");
    assert_eq!(
        booking.total_excl_tax, offer.total_excl_tax,
        "quote = charge"
    );
    assert_eq!(
        booking.total_incl_tax, offer.total_incl_tax,
        "quote = charge"
    );
    assert!(booking.status.is_active());
    assert_eq!(booking.stay, s);
    assert_eq!(booking.rooms, vec![adults(2)]);

    let again = pms.create_booking(&req).await.expect("repeat is fine");
    assert_eq!(again.reference, booking.reference, "same key, same booking");
    let after = offer_for(pms, s, &offer).await;
    assert_eq!(
        after.available,
        offer.available - 1,
        "exactly one room taken"
    );

    let fetched = pms.get_booking(&booking.reference).await.expect("get");
    assert_eq!(fetched.reference, booking.reference);
    assert_eq!(fetched.status, booking.status);
    assert_eq!(fetched.total_incl_tax, booking.total_incl_tax);
    let found = pms
        .find_bookings(&GuestLookup::Email(
            Email::parse("ADA@example.com").expect("email"),
        ))
        .await
        .expect("find");
    assert!(
        found.iter().any(|b| b.reference == booking.reference),
        "{found:?}"
    );
}

async fn occupancy_is_stored_as_asked(subject: Subject) {
    let pms = subject.pms.as_ref();
    let s = stay("2027-06-10", "2027-06-11");
    let offer = offers(pms, s, vec![adults(1)]).await.remove(0);
    let booking = pms
        .create_booking(&request(&offer, s, vec![adults(1)], "solo@example.com"))
        .await
        .expect("booked");
    let fetched = pms.get_booking(&booking.reference).await.expect("get");
    assert_eq!(
        fetched.rooms[0].adults(),
        1,
        "one adult, not the base occupancy"
    );
}

async fn cancel_frees_the_room_and_is_idempotent(subject: Subject) {
    let pms = subject.pms.as_ref();
    let s = stay("2027-07-01", "2027-07-04");
    let offer = offers(pms, s, vec![adults(2)]).await.remove(0);
    let booking = pms
        .create_booking(&request(&offer, s, vec![adults(2)], "c@example.com"))
        .await
        .expect("booked");
    let cancelled = pms
        .cancel_booking(&booking.reference)
        .await
        .expect("cancel");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(
        pms.get_booking(&booking.reference)
            .await
            .expect("get")
            .status,
        BookingStatus::Cancelled,
        "status read back after cancel"
    );
    assert_eq!(offer_for(pms, s, &offer).await.available, offer.available);
    let twice = pms.cancel_booking(&booking.reference).await.expect("again");
    assert_eq!(twice.status, BookingStatus::Cancelled);
    assert_eq!(offer_for(pms, s, &offer).await.available, offer.available);
}

async fn modify_moves_the_nights(subject: Subject) {
    let pms = subject.pms.as_ref();
    let old = stay("2027-08-01", "2027-08-03");
    let new = stay("2027-08-10", "2027-08-12");
    let offer = offers(pms, old, vec![adults(2)]).await.remove(0);
    let before_new = offer_for(pms, new, &offer).await.available;
    let booking = pms
        .create_booking(&request(&offer, old, vec![adults(2)], "m@example.com"))
        .await
        .expect("booked");
    let moved = pms
        .modify_booking(
            &booking.reference,
            &BookingChange {
                stay: Some(new),
                rooms: None,
            },
        )
        .await
        .expect("modified");
    assert_eq!(moved.stay, new);
    assert_eq!(moved.reference, booking.reference);
    assert_eq!(
        moved.rooms, booking.rooms,
        "rooms kept when only dates change"
    );
    assert_eq!(offer_for(pms, old, &offer).await.available, offer.available);
    assert_eq!(offer_for(pms, new, &offer).await.available, before_new - 1);
    let fetched = pms.get_booking(&booking.reference).await.expect("get");
    assert_eq!(fetched.stay, new);
    assert!(fetched.status.is_active());
}

async fn selling_out_gives_not_available_and_a_failed_modify_keeps_the_booking(subject: Subject) {
    let pms = subject.pms.as_ref();
    let s = stay("2027-09-01", "2027-09-03");
    let list = offers(pms, s, vec![adults(1)]).await;
    let offer = list
        .iter()
        .min_by_key(|o| o.available)
        .expect("an offer")
        .clone();
    for i in 0..offer.available {
        pms.create_booking(&request(
            &offer,
            s,
            vec![adults(1)],
            &format!("g{i}@example.com"),
        ))
        .await
        .expect("room left");
    }
    assert_eq!(offer_for(pms, s, &offer).await.available, 0);
    let late = pms
        .create_booking(&request(&offer, s, vec![adults(1)], "late@example.com"))
        .await;
    assert!(matches!(late, Err(PmsError::NotAvailable(_))), "{late:?}");

    let elsewhere = stay("2027-09-20", "2027-09-21");
    let mine = pms
        .create_booking(&request(
            &offer,
            elsewhere,
            vec![adults(1)],
            "mover@example.com",
        ))
        .await
        .expect("booked");
    let refused = pms
        .modify_booking(
            &mine.reference,
            &BookingChange {
                stay: Some(s),
                rooms: None,
            },
        )
        .await;
    assert!(
        matches!(refused, Err(PmsError::NotAvailable(_))),
        "{refused:?}"
    );
    let kept = pms.get_booking(&mine.reference).await.expect("get");
    assert_eq!(kept.stay, elsewhere, "the old stay is kept");
    assert!(kept.status.is_active());
}

async fn unknown_booking_and_bad_requests_are_typed(subject: Subject) {
    let pms = subject.pms.as_ref();
    let missing = conserje::domain::BookingRef::parse("99999").expect("ref");
    assert!(matches!(
        pms.get_booking(&missing).await,
        Err(PmsError::NotFound(_))
    ));
    let s = stay("2027-10-01", "2027-10-02");
    let offer = offers(pms, s, vec![adults(1)]).await.remove(0);
    let crowd = Occupancy::new(9, vec![]).expect("nine adults");
    let too_many = pms
        .create_booking(&request(&offer, s, vec![crowd], "crowd@example.com"))
        .await;
    assert!(
        matches!(too_many, Err(PmsError::InvalidRequest(_))),
        "{too_many:?}"
    );
}

macro_rules! contract {
    ($module:ident, $make:path) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn catalog() {
                super::catalog($make().await).await
            }
            #[tokio::test]
            async fn quote_has_nightly_breakdown_and_taxes() {
                super::quote_has_nightly_breakdown_and_taxes($make().await).await
            }
            #[tokio::test]
            async fn booking_is_charged_what_was_quoted_and_kept_once() {
                super::booking_is_charged_what_was_quoted_and_kept_once($make().await).await
            }
            #[tokio::test]
            async fn occupancy_is_stored_as_asked() {
                super::occupancy_is_stored_as_asked($make().await).await
            }
            #[tokio::test]
            async fn cancel_frees_the_room_and_is_idempotent() {
                super::cancel_frees_the_room_and_is_idempotent($make().await).await
            }
            #[tokio::test]
            async fn modify_moves_the_nights() {
                super::modify_moves_the_nights($make().await).await
            }
            #[tokio::test]
            async fn selling_out_gives_not_available_and_a_failed_modify_keeps_the_booking() {
                super::selling_out_gives_not_available_and_a_failed_modify_keeps_the_booking(
                    $make().await,
                )
                .await
            }
            #[tokio::test]
            async fn unknown_booking_and_bad_requests_are_typed() {
                super::unknown_booking_and_bad_requests_are_typed($make().await).await
            }
        }
    };
}

contract!(demo, demo_subject);
contract!(qloapps, qloapps_subject);
contract!(qloapps_behind_cache_and_breaker, resilient_qloapps_subject);
