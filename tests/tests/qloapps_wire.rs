//! What the QloApps adapter puts on the wire and how it reads the quirks,
//! checked against the fake server's record of each request.

use chrono::NaiveDate;
use conserje::adapters::qloapps::QloAppsCheck;
use conserje::config::Secret;
use conserje::domain::{Email, IdempotencyKey, Occupancy, RoomTypeId, StayDates};
use conserje::ports::health::{CheckStatus, HealthCheck};
use conserje::ports::pms::{
    BookingRequest, GuestContact, PmsAvailability, PmsBookings, PmsCatalog, PmsError, QuoteRequest,
};
use conserje_e2e::fake_qloapps::FakeQloApps;
use conserje_e2e::pms::{fake_and_db, qloapps_adapter};
use std::time::Duration;

fn stay() -> StayDates {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    StayDates::new(d("2026-12-09"), d("2026-12-11")).expect("stay")
}

fn general(rooms: Vec<Occupancy>) -> QuoteRequest {
    QuoteRequest {
        stay: stay(),
        rooms,
        room_type: Some(RoomTypeId::parse("1").expect("id")),
    }
}

fn booking(adults: u8) -> BookingRequest {
    BookingRequest {
        reference: IdempotencyKey::generate(),
        room_type: RoomTypeId::parse("1").expect("id"),
        stay: stay(),
        rooms: vec![Occupancy::new(adults, vec![Some(7)]).expect("occ")],
        guest: GuestContact {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: Email::parse("ada@example.com").expect("email"),
            phone: None,
        },
    }
}

fn last<'a>(
    fake: &'a [conserje_e2e::fake_qloapps::Recorded],
    method: &str,
    path: &str,
) -> &'a conserje_e2e::fake_qloapps::Recorded {
    fake.iter()
        .rev()
        .find(|r| r.method == method && r.path == path)
        .expect("request made")
}

#[tokio::test]
async fn quote_is_what_the_booking_is_charged_not_the_ari_price() {
    let (fake, db, _dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db, Duration::from_secs(5));
    let q = pms
        .quote(&general(vec![Occupancy::new(2, vec![]).expect("occ")]))
        .await
        .expect("quote");
    let offer = &q.offers[0];
    // hotel_ari says 1250/night (room 1000 + auto-added fee 250) = 2500 for
    // the stay; /api/bookings will charge 2000 + 4 % = 2080 (quirk 2).
    assert_eq!(offer.total_excl_tax.minor(), 200_000);
    assert_eq!(offer.total_incl_tax.minor(), 208_000);
    assert_eq!(
        offer
            .nights
            .iter()
            .map(|n| n.excl_tax.minor())
            .collect::<Vec<_>>(),
        vec![100_000, 100_000]
    );
    assert_eq!(offer.available, 5);
    let ari = last(&fake.requests(), "POST", "/api/hotel_ari").clone();
    assert!(
        ari.body.starts_with("<qloapps><hotel_ari>"),
        "XML body (quirk 6): {}",
        ari.body
    );
    assert!(ari.query.contains("output_format=JSON"));

    let b = pms.create_booking(&booking(2)).await.expect("booked");
    assert_eq!(
        (b.total_excl_tax.minor(), b.total_incl_tax.minor()),
        (200_000, 208_000)
    );
}

#[tokio::test]
async fn bookings_say_adult_carry_our_reference_and_read_status_from_the_order() {
    let (fake, db, _dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db, Duration::from_secs(5));
    let req = booking(1);
    let b = pms.create_booking(&req).await.expect("booked");
    let post = last(&fake.requests(), "POST", "/api/bookings").clone();
    let body: serde_json::Value = serde_json::from_str(&post.body).expect("JSON body");
    let room = &body["booking"]["associations"]["room_types"][0]["rooms"][0];
    assert_eq!(room["adult"], 1, "quirk 3: `adult`, singular: {room}");
    assert!(room.get("adults").is_none());
    assert_eq!(body["booking"]["source"], "conserje");
    assert!(
        body["booking"]["remark"]
            .as_str()
            .unwrap_or("")
            .contains(req.reference.as_str())
    );
    assert_eq!(b.idempotency_key.as_ref(), Some(&req.reference));

    let got = pms.get_booking(&b.reference).await.expect("get");
    assert_eq!(
        got.status,
        conserje::domain::BookingStatus::Pending,
        "order state 1: awaiting payment"
    );
    assert_eq!(got.rooms[0].adults(), 1);
    assert_eq!(got.rooms[0].children(), 1);
    let reqs = fake.requests();
    assert!(
        reqs.iter()
            .any(|r| r.path == "/api/orders" && r.query.contains("current_state")),
        "status from orders (quirk 5)"
    );

    let cancelled = pms.cancel_booking(&b.reference).await.expect("cancel");
    let put = last(
        &fake.requests(),
        "PUT",
        &format!("/api/bookings/{}", b.reference),
    )
    .clone();
    let body: serde_json::Value = serde_json::from_str(&put.body).expect("JSON");
    assert_eq!(body["booking"]["booking_status"], 3);
    assert_eq!(
        body["booking"]["associations"]["room_types"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "complete room list (quirk 4)"
    );
    assert_eq!(cancelled.status, conserje::domain::BookingStatus::Cancelled);
}

#[tokio::test]
async fn a_missing_permission_is_named_and_a_wrong_key_is_an_auth_error() {
    let fake = FakeQloApps::start().await;
    let (_f, db, _dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db.clone(), Duration::from_secs(5));
    let check = QloAppsCheck(pms.clone());
    assert_eq!(check.check().await.status, CheckStatus::Up);
    fake.deny("hotel_ari");
    let outcome = check.check().await;
    assert_eq!(outcome.status, CheckStatus::Down);
    assert!(
        outcome
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("hotel_ari"),
        "{outcome:?}"
    );
    let err = pms
        .quote(&general(vec![Occupancy::new(2, vec![]).expect("occ")]))
        .await;
    assert!(
        matches!(&err, Err(PmsError::Auth(m)) if m.contains("hotel_ari")),
        "{err:?}"
    );

    let wrong = conserje::adapters::qloapps::QloApps::new(
        &conserje::adapters::qloapps::QloAppsConfig {
            url: fake.url.clone(),
            api_key: Secret::new("WRONGKEYWRONGKEYWRONGKEYWRONGKEY"),
            hotel_id: 1,
            timeout: Duration::from_secs(5),
            catalog_ttl: Duration::from_secs(60),
        },
        db,
        std::sync::Arc::new(conserje::ports::monotonic::SystemMonotonic),
    )
    .expect("adapter");
    let err = wrong.room_types().await;
    assert!(
        matches!(&err, Err(PmsError::Auth(m)) if m.contains("not active")),
        "{err:?}"
    );
}

#[tokio::test]
async fn validation_errors_map_to_typed_variants() {
    let (fake, db, _dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db, Duration::from_secs(5));
    // Quirk 12: beyond today + 1 year QloApps refuses: a 400 with code 404 inside.
    let mut far = booking(2);
    let d = NaiveDate::from_ymd_opt(2028, 3, 1).expect("date");
    far.stay = StayDates::from_nights(d, 2).expect("stay");
    let err = pms.create_booking(&far).await;
    assert!(
        matches!(&err, Err(PmsError::InvalidRequest(m)) if m.contains("maximum booking date")),
        "{err:?}"
    );
    // A refused create may be tried again with the same reference later.
    far.stay = stay();
    pms.create_booking(&far).await.expect("same key, now valid");
    assert_eq!(fake.orders(), 1);
}
