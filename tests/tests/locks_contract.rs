//! One contract for room holds, run against the in-process implementation and
//! against Redis (a real redis-server on a free loopback port).

use chrono::NaiveDate;
use conserje::adapters::locks::{InProcessLocks, RedisLocks};
use conserje::domain::{Email, IdempotencyKey, Occupancy, RoomTypeId, StayDates};
use conserje::engine::dialogue::{ConfirmError, confirm_booking};
use conserje::ports::locks::{HoldRequest, LockError, Locks};
use conserje::ports::monotonic::ManualClock;
use conserje::ports::pms::{BookingRequest, GuestContact};
use conserje_e2e::pms::demo_subject;
use conserje_e2e::redis_server::RedisServer;
use std::sync::Arc;
use std::time::Duration;

/// Long enough that no test machine is slow enough to expire it by accident.
const LONG: Duration = Duration::from_secs(60);

struct Subject {
    locks: Arc<dyn Locks>,
    /// Moves time past a TTL: the manual clock in process, real time for Redis.
    clock: Option<Arc<ManualClock>>,
    _redis: Option<RedisServer>,
}

impl Subject {
    async fn advance(&self, by: Duration) {
        match &self.clock {
            Some(c) => c.advance(by),
            None => tokio::time::sleep(by).await,
        }
    }
}

async fn in_process() -> Option<Subject> {
    let clock = Arc::new(ManualClock::default());
    Some(Subject {
        locks: Arc::new(InProcessLocks::with_clock(clock.clone())),
        clock: Some(clock),
        _redis: None,
    })
}

async fn redis() -> Option<Subject> {
    let server = RedisServer::start()?;
    let locks = RedisLocks::connect(&server.url).await.expect("connect");
    Some(Subject {
        locks: Arc::new(locks),
        clock: None,
        _redis: Some(server),
    })
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn hold(room_type: &str, from: &str, to: &str) -> HoldRequest {
    HoldRequest {
        property: "1".into(),
        room_type: RoomTypeId::parse(room_type).expect("id"),
        stay: StayDates::new(d(from), d(to)).expect("stay"),
    }
}

async fn overlapping_stays_conflict_back_to_back_do_not(s: Subject) {
    let l = s.locks.as_ref();
    let _a = l
        .acquire(&hold("STD", "2027-05-10", "2027-05-13"), LONG)
        .await
        .expect("a");
    let err = l
        .acquire(&hold("STD", "2027-05-12", "2027-05-15"), LONG)
        .await;
    assert_eq!(
        err,
        Err(LockError::Conflict {
            night: d("2027-05-12")
        })
    );
    let inside = l
        .acquire(&hold("STD", "2027-05-11", "2027-05-12"), LONG)
        .await;
    assert!(matches!(inside, Err(LockError::Conflict { .. })));
    l.acquire(&hold("STD", "2027-05-13", "2027-05-15"), LONG)
        .await
        .expect("back to back");
    l.acquire(&hold("STD", "2027-05-08", "2027-05-10"), LONG)
        .await
        .expect("ends on check-in");
    l.acquire(&hold("SUP", "2027-05-10", "2027-05-13"), LONG)
        .await
        .expect("other room type");
    let mut other_hotel = hold("STD", "2027-05-10", "2027-05-13");
    other_hotel.property = "2".into();
    l.acquire(&other_hotel, LONG).await.expect("other property");
}

async fn a_failed_acquire_takes_no_night(s: Subject) {
    let l = s.locks.as_ref();
    let _mid = l
        .acquire(&hold("STD", "2027-06-03", "2027-06-04"), LONG)
        .await
        .expect("mid");
    assert!(
        l.acquire(&hold("STD", "2027-06-01", "2027-06-05"), LONG)
            .await
            .is_err()
    );
    // The nights before the conflict were not left taken.
    l.acquire(&hold("STD", "2027-06-01", "2027-06-03"), LONG)
        .await
        .expect("free");
}

async fn release_frees_only_the_owners_hold(s: Subject) {
    let l = s.locks.as_ref();
    let req = hold("STD", "2027-07-01", "2027-07-03");
    let first = l.acquire(&req, LONG).await.expect("first");
    l.release(&first).await.expect("release");
    let second = l
        .acquire(&req, LONG)
        .await
        .expect("free again after release");
    // A late release of the first (already released) hold must not free the second.
    l.release(&first).await.expect("no-op");
    assert!(matches!(
        l.acquire(&req, LONG).await,
        Err(LockError::Conflict { .. })
    ));
    assert_eq!(
        l.renew(&first).await,
        Err(LockError::Expired),
        "not the owner"
    );
    l.renew(&second).await.expect("owner renews");
}

async fn extend_at_most_twice(s: Subject) {
    let l = s.locks.as_ref();
    let mut h = l
        .acquire(&hold("FAM", "2027-08-01", "2027-08-02"), LONG)
        .await
        .expect("h");
    l.extend(&mut h).await.expect("first extension");
    l.extend(&mut h).await.expect("second extension");
    assert_eq!(l.extend(&mut h).await, Err(LockError::ExtensionLimit));
    assert_eq!(h.extensions_used, 2);
}

async fn holds_expire(s: Subject) {
    let l = s.locks.as_ref();
    let ttl = Duration::from_millis(300);
    let req = hold("STD", "2027-09-01", "2027-09-03");
    let mut h = l.acquire(&req, ttl).await.expect("h");
    assert!(l.acquire(&req, LONG).await.is_err());
    s.advance(ttl * 3).await;
    assert_eq!(l.extend(&mut h).await, Err(LockError::Expired));
    l.acquire(&req, LONG).await.expect("free after expiry");
}

async fn two_guests_confirming_the_last_room_get_one_booking(s: Subject) {
    let pms = demo_subject().await;
    let occupancy = Occupancy::new(2, vec![]).expect("occ");
    let request = |i: u32| BookingRequest {
        reference: IdempotencyKey::generate(),
        // The demo penthouse is a single unit.
        room_type: RoomTypeId::parse("PEN").expect("id"),
        stay: StayDates::new(d("2027-10-01"), d("2027-10-03")).expect("stay"),
        rooms: vec![occupancy.clone()],
        guest: GuestContact {
            first_name: "Guest".into(),
            last_name: i.to_string(),
            email: Email::parse(&format!("guest{i}@example.com")).expect("email"),
            phone: None,
        },
    };
    let runs = (0..2).map(|i| {
        let (pms, locks, req) = (pms.pms.clone(), s.locks.clone(), request(i));
        tokio::spawn(async move {
            confirm_booking(pms.as_ref(), locks.as_ref(), "demo", &req, LONG).await
        })
    });
    let outcomes: Vec<_> = futures_join(runs.collect()).await;
    let booked = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(booked, 1, "{outcomes:?}");
    let taken = outcomes
        .iter()
        .find_map(|o| match o {
            Err(ConfirmError::JustTaken { alternatives }) => Some(alternatives),
            _ => None,
        })
        .expect("the other guest hears it was just taken");
    assert!(!taken.is_empty(), "other room types are offered instead");
    assert!(
        taken
            .iter()
            .all(|o| o.room_type.as_str() != "PEN" && o.available >= 1)
    );
}

async fn futures_join<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

macro_rules! contract {
    ($module:ident, $make:path) => {
        mod $module {
            use super::*;

            macro_rules! case {
                ($name:ident) => {
                    #[tokio::test]
                    async fn $name() {
                        if let Some(s) = $make().await {
                            super::$name(s).await
                        }
                    }
                };
            }

            case!(overlapping_stays_conflict_back_to_back_do_not);
            case!(a_failed_acquire_takes_no_night);
            case!(release_frees_only_the_owners_hold);
            case!(extend_at_most_twice);
            case!(holds_expire);
            case!(two_guests_confirming_the_last_room_get_one_booking);
        }
    };
}

contract!(in_process_locks, in_process);
contract!(redis_locks, redis);
