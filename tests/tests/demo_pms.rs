//! What the built-in PMS promises beyond the shared contract: rates that follow
//! the weekday and the season, and inventory that holds under concurrency.

use chrono::NaiveDate;
use conserje::domain::{Email, IdempotencyKey, Occupancy, RoomTypeId, StayDates};
use conserje::ports::pms::{BookingRequest, GuestContact, PmsError, QuoteRequest};
use conserje_e2e::pms::demo_subject;

fn stay(from: &str, nights: u32) -> StayDates {
    let d = NaiveDate::parse_from_str(from, "%Y-%m-%d").expect("date");
    StayDates::from_nights(d, nights).expect("stay")
}

fn req(room_type: &str, s: StayDates, email: &str) -> BookingRequest {
    BookingRequest {
        reference: IdempotencyKey::generate(),
        room_type: RoomTypeId::parse(room_type).expect("id"),
        stay: s,
        rooms: vec![Occupancy::new(2, vec![]).expect("occ")],
        guest: GuestContact {
            first_name: "Bea".into(),
            last_name: "Souza".into(),
            email: Email::parse(email).expect("email"),
            phone: None,
        },
    }
}

#[tokio::test]
async fn rates_follow_weekday_and_season_with_tax() {
    let s = demo_subject().await;
    let quote = |stay| {
        let pms = s.pms.clone();
        async move {
            let q = pms
                .quote(&QuoteRequest {
                    stay,
                    rooms: vec![Occupancy::new(2, vec![]).expect("occ")],
                    room_type: Some(RoomTypeId::parse("STD").expect("id")),
                })
                .await
                .expect("quote");
            q.offers.into_iter().next().expect("STD offered")
        }
    };
    // Mon 2027-05-10 → Sun 2027-05-16, regular season: seeded 80 … 90.
    let week = quote(stay("2027-05-10", 7)).await;
    let nightly: Vec<i64> = week
        .nights
        .iter()
        .map(|n| n.excl_tax.minor() / 100)
        .collect();
    assert_eq!(nightly, vec![80, 80, 80, 85, 105, 115, 90]);
    // 10 % IVA on each night.
    assert_eq!(week.nights[4].incl_tax.minor(), 11_550);
    // Saturday 2027-01-16 is high season; Saturday 2027-03-27 regular; 2027-04-03 Easter.
    let high = quote(stay("2027-01-16", 1)).await;
    let easter = quote(stay("2027-04-03", 1)).await;
    let regular = quote(stay("2027-03-27", 1)).await;
    assert_eq!(high.total_excl_tax.minor(), 18_500);
    assert_eq!(easter.total_excl_tax.minor(), 20_500);
    assert_eq!(regular.total_excl_tax.minor(), 11_500);
    assert_eq!(week.included.len(), 2, "breakfast and Wi-Fi");
}

#[tokio::test]
async fn concurrent_bookings_of_the_last_room_make_exactly_one() {
    let s = demo_subject().await;
    // The penthouse is a single unit.
    let st = stay("2027-02-01", 3);
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let pms = s.pms.clone();
            tokio::spawn(async move {
                pms.create_booking(&req("PEN", st, &format!("p{i}@example.com")))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(PmsError::NotAvailable(_)) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 1);
    let booked: i64 =
        sqlx::query_scalar("SELECT max(booked) FROM pms_inventory WHERE room_type_id = 'PEN'")
            .fetch_one(&s.db)
            .await
            .expect("inventory");
    assert_eq!(booked, 1);
}

#[tokio::test]
async fn a_reference_reused_for_another_stay_is_refused() {
    let s = demo_subject().await;
    let first = req("STD", stay("2027-05-03", 2), "r@example.com");
    s.pms.create_booking(&first).await.expect("booked");
    let mut other = first.clone();
    other.stay = stay("2027-05-20", 2);
    let err = s.pms.create_booking(&other).await;
    assert!(matches!(err, Err(PmsError::InvalidRequest(_))), "{err:?}");
}
