//! The fake hotel's data: QloApps' demo ("The Hotel Prime": 4 room types, 5
//! rooms each, 4 % tax, an auto-added 250/night maintenance fee), plus the
//! customers and orders the tests create, and the faults they switch on.

use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::time::Duration;

pub const TAX_BP: i64 = 400;
/// "Room Maintenance Fees": added to every room and night by `hotel_ari`,
/// dropped by `/api/bookings` (quirk 2).
pub const AUTO_FEE_MINOR: i64 = 25_000;
/// Quirk 12: bookings beyond today + 1 year are refused. "Today" is fixed.
pub fn max_booking_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 11, 29).unwrap_or_default()
}

pub struct RoomType {
    pub id: i64,
    pub name: &'static str,
    pub price_minor: i64,
    pub rooms: Vec<(i64, String)>,
}

#[derive(Clone)]
pub struct Customer {
    pub id: i64,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub phone: String,
}

#[derive(Clone, Debug)]
pub struct RoomRow {
    pub id: i64,
    pub id_room: i64,
    pub id_product: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub adults: i64,
    pub children: i64,
    pub cancelled: bool,
}

/// A 9-letter upper-case reference, as QloApps makes them, distinct per id:
/// the id times an odd number not divisible by 13 is a bijection modulo
/// 26^9, written in base 26 with letters.
pub fn order_reference(id: i64) -> String {
    const SPACE: u128 = 26u128.pow(9);
    let mut n = u128::from(id.unsigned_abs()) % SPACE * 2_654_435_761 % SPACE;
    let mut out = [b'A'; 9];
    for c in out.iter_mut().rev() {
        *c = b'A' + (n % 26) as u8;
        n /= 26;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone)]
pub struct Order {
    pub id: i64,
    /// QloApps' 9-letter order reference (`orders.reference`), what its
    /// e-mails show the guest.
    pub reference: String,
    pub id_customer: i64,
    pub current_state: i64,
    pub source: String,
    pub remarks: Vec<String>,
    pub rows: Vec<RoomRow>,
}

/// Faults the tests switch on; counters decrement as they fire.
#[derive(Default, Clone)]
pub struct Faults {
    /// Quirk 1: `POST /api/bookings` creates the order, then answers 500.
    pub create_500_after_success: u32,
    /// Quirk 1: `GET /api/bookings/{id}` answers 500 ("Undefined variable: useTax").
    pub get_booking_500: u32,
    /// Every request answers 500 (the PMS is broken).
    pub all_500: bool,
    /// Every request waits this long before being handled.
    pub delay: Duration,
}

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
}

pub struct World {
    pub key: String,
    /// Resources the key has no permission for.
    pub denied: BTreeSet<String>,
    pub room_types: Vec<RoomType>,
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
    pub next_row: i64,
    pub faults: Faults,
    pub requests: Vec<Recorded>,
}

impl World {
    pub fn demo(key: &str) -> Self {
        let types = [
            (1, "General Rooms", 100_000, "GR"),
            (2, "Delux Rooms", 150_000, "DR"),
            (3, "Executive Rooms", 200_000, "ER"),
            (4, "Luxury Rooms", 250_000, "LR"),
        ];
        let room_types = types
            .iter()
            .map(|(id, name, price, prefix)| RoomType {
                id: *id,
                name,
                price_minor: *price,
                rooms: (1..=5)
                    .map(|n| ((id - 1) * 5 + n, format!("{prefix}-10{n}")))
                    .collect(),
            })
            .collect();
        Self {
            key: key.to_string(),
            denied: BTreeSet::new(),
            room_types,
            // Customer 1 is the shop's demo customer, as in a fresh install.
            customers: vec![Customer {
                id: 1,
                firstname: "John".into(),
                lastname: "Demo".into(),
                email: "pub@qloapps.com".into(),
                phone: String::new(),
            }],
            orders: Vec::new(),
            next_row: 1,
            faults: Faults::default(),
            requests: Vec::new(),
        }
    }

    pub fn room_type(&self, id: i64) -> Option<&RoomType> {
        self.room_types.iter().find(|t| t.id == id)
    }

    /// Rooms of a type free on every night of [from, to), ignoring the rows
    /// of `except_order` (a PUT may reuse its own rooms).
    pub fn free_rooms(
        &self,
        id_product: i64,
        from: NaiveDate,
        to: NaiveDate,
        except_order: Option<i64>,
    ) -> Vec<i64> {
        let Some(t) = self.room_type(id_product) else {
            return Vec::new();
        };
        t.rooms
            .iter()
            .map(|(id, _)| *id)
            .filter(|room| {
                !self
                    .orders
                    .iter()
                    .filter(|o| Some(o.id) != except_order)
                    .any(|o| {
                        o.rows.iter().any(|r| {
                            !r.cancelled && r.id_room == *room && r.from < to && from < r.to
                        })
                    })
            })
            .collect()
    }

    pub fn room_num(&self, id_room: i64) -> String {
        self.room_types
            .iter()
            .flat_map(|t| t.rooms.iter())
            .find(|(id, _)| *id == id_room)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }
}
