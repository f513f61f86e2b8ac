//! Guests quote the 9-letter order reference QloApps' e-mails show
//! (`LSEEJZDXO`), not the numeric order id the adapter books by: the adapter
//! must find, cancel and change a booking by either, over the real wire.

use chrono::NaiveDate;
use conserje::adapters::qloapps::QloApps;
use conserje::domain::{BookingRef, BookingStatus, Email, IdempotencyKey, Occupancy, StayDates};
use conserje::ports::pms::{
    Booking, BookingChange, BookingRequest, GuestContact, PmsBookings, PmsError,
};
use conserje_e2e::fake_qloapps::{FakeQloApps, KEY};
use conserje_e2e::pms::{fake_and_db, qloapps_adapter};
use std::time::Duration;

fn stay(from: &str, to: &str) -> StayDates {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    StayDates::new(d(from), d(to)).expect("stay")
}

fn r(s: &str) -> BookingRef {
    BookingRef::parse(s).expect("ref")
}

/// A fresh fake with one booking in it, and that booking's 9-letter reference.
async fn booked() -> (FakeQloApps, QloApps, Booking, String, tempfile::TempDir) {
    let (fake, db, dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db, Duration::from_secs(5));
    let b = pms
        .create_booking(&BookingRequest {
            reference: IdempotencyKey::generate(),
            room_type: conserje::domain::RoomTypeId::parse("1").expect("id"),
            stay: stay("2026-12-09", "2026-12-11"),
            rooms: vec![Occupancy::new(2, vec![]).expect("occ")],
            guest: GuestContact {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: Email::parse("ada@example.com").expect("email"),
                phone: None,
            },
        })
        .await
        .expect("booked");
    let reference = fake
        .order_reference(b.reference.as_str())
        .expect("the fake gives every order a reference");
    (fake, pms, b, reference, dir)
}

#[tokio::test]
async fn orders_get_nine_upper_case_letters_and_an_empty_filter_is_a_bare_list() {
    let (fake, _pms, _b, reference, _dir) = booked().await;
    assert_eq!(reference.len(), 9, "{reference}");
    assert!(
        reference.bytes().all(|c| c.is_ascii_uppercase()),
        "{reference}"
    );
    conserje::adapters::tls::install_crypto_provider();
    let http = reqwest::Client::new();
    let get = |filter: String| {
        http.get(format!(
            "{}/api/orders?output_format=JSON&display=[id,reference]&filter[reference]=[{filter}]",
            fake.url
        ))
        .basic_auth(KEY, Some(""))
        .send()
    };
    let hit: serde_json::Value = get(reference.clone())
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    assert_eq!(hit["orders"][0]["reference"], reference.as_str());
    // PHP's empty array: no `orders` key at all.
    let miss = get("ZZZZZZZZZ".into()).await.expect("answer");
    assert_eq!(miss.status(), 200);
    assert_eq!(miss.text().await.expect("body"), "[]");
}

#[tokio::test]
async fn get_by_reference_in_either_case_is_the_booking_by_id() {
    let (fake, pms, b, reference, _dir) = booked().await;
    for quoted in [reference.clone(), reference.to_ascii_lowercase()] {
        let got = pms
            .get_booking(&r(&quoted))
            .await
            .expect("found by reference");
        assert_eq!(got, pms.get_booking(&b.reference).await.expect("by id"));
        assert_eq!(got.reference, b.reference, "still the order id");
    }
    let lookup = fake
        .requests()
        .into_iter()
        .rev()
        .find(|q| q.path == "/api/orders" && q.query.contains("reference"))
        .expect("looked up in orders");
    let query = lookup
        .query
        .replace("%5B", "[")
        .replace("%5D", "]")
        .replace("%2C", ",");
    assert!(
        query.contains(&format!("filter[reference]=[{reference}]")),
        "upper-case, on the list URL: {query}"
    );
    assert!(query.contains("display=[id,reference]"), "{query}");
}

#[tokio::test]
async fn cancel_by_reference_cancels_that_booking_and_twice_is_idempotent() {
    let (fake, pms, b, reference, _dir) = booked().await;
    let cancelled = pms.cancel_booking(&r(&reference)).await.expect("cancel");
    assert_eq!(cancelled.reference, b.reference);
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let by_id = pms.get_booking(&b.reference).await.expect("by id");
    assert_eq!(by_id.status, BookingStatus::Cancelled);
    let puts = |f: &FakeQloApps| f.requests().iter().filter(|q| q.method == "PUT").count();
    assert_eq!(puts(&fake), 1);
    let again = pms
        .cancel_booking(&r(&reference.to_ascii_lowercase()))
        .await
        .expect("again");
    assert_eq!(again.status, BookingStatus::Cancelled);
    assert_eq!(again.reference, b.reference);
    assert_eq!(puts(&fake), 1, "already cancelled: nothing sent");
}

#[tokio::test]
async fn modify_by_reference_in_either_case_moves_that_booking() {
    let (_fake, pms, b, reference, _dir) = booked().await;
    let first = stay("2026-12-20", "2026-12-22");
    let second = stay("2026-12-24", "2026-12-27");
    for (quoted, to) in [
        (reference.clone(), first),
        (reference.to_ascii_lowercase(), second),
    ] {
        let change = BookingChange {
            stay: Some(to),
            rooms: None,
        };
        let moved = pms
            .modify_booking(&r(&quoted), &change)
            .await
            .expect("modified");
        assert_eq!(moved.reference, b.reference);
        assert_eq!(moved.stay, to);
        assert_eq!(pms.get_booking(&b.reference).await.expect("by id").stay, to);
    }
}

#[tokio::test]
async fn an_unknown_reference_is_not_found_and_nothing_is_written() {
    let (fake, pms, _b, reference, _dir) = booked().await;
    let unknown = if reference == "QQQQQQQQQ" {
        "WWWWWWWWW"
    } else {
        "QQQQQQQQQ"
    };
    let not_found = |e: &PmsError| matches!(e, PmsError::NotFound(m) if m == unknown);
    let got = pms.get_booking(&r(unknown)).await;
    assert!(got.as_ref().is_err_and(not_found), "{got:?}");
    let cancel = pms.cancel_booking(&r(&unknown.to_ascii_lowercase())).await;
    assert!(cancel.as_ref().is_err_and(not_found), "{cancel:?}");
    let change = BookingChange {
        stay: Some(stay("2026-12-20", "2026-12-22")),
        rooms: None,
    };
    let modify = pms.modify_booking(&r(unknown), &change).await;
    assert!(modify.as_ref().is_err_and(not_found), "{modify:?}");
    assert!(fake.requests().iter().all(|q| q.method != "PUT"));
    let lookups = fake
        .requests()
        .iter()
        .filter(|q| q.path == "/api/orders" && q.query.contains("reference"))
        .count();
    assert_eq!(
        lookups, 3,
        "asked QloApps each time, not refused on its shape"
    );
}

#[tokio::test]
async fn a_reference_on_two_orders_is_refused_never_guessed() {
    let (fake, pms, b, reference, _dir) = booked().await;
    let other = pms
        .create_booking(&BookingRequest {
            reference: IdempotencyKey::generate(),
            room_type: conserje::domain::RoomTypeId::parse("2").expect("id"),
            stay: stay("2026-12-09", "2026-12-11"),
            rooms: vec![Occupancy::new(1, vec![]).expect("occ")],
            guest: GuestContact {
                first_name: "Grace".into(),
                last_name: "Hopper".into(),
                email: Email::parse("grace@example.com").expect("email"),
                phone: None,
            },
        })
        .await
        .expect("booked");
    fake.set_order_reference(other.reference.as_str(), &reference);
    let got = pms.get_booking(&r(&reference)).await;
    assert!(
        matches!(&got, Err(PmsError::InvalidRequest(m)) if m.contains(&reference) && m.contains("2 orders")),
        "{got:?}"
    );
    let cancel = pms.cancel_booking(&r(&reference)).await;
    assert!(
        matches!(cancel, Err(PmsError::InvalidRequest(_))),
        "{cancel:?}"
    );
    assert!(fake.requests().iter().all(|q| q.method != "PUT"));
    let kept = pms.get_booking(&b.reference).await.expect("by id");
    assert!(kept.status.is_active());
}
