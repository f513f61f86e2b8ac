//! The shapes the fake answers in, copied from what the real instance sent:
//! strings for generic resources, numbers for `bookings` and `hotel_ari`.

use super::world::{Order, TAX_BP, World};
use serde_json::{Value, json};

pub fn money(minor: i64) -> Value {
    json!(minor as f64 / 100.0)
}

pub fn money_str(minor: i64) -> String {
    format!("{}.{:02}0000", minor / 100, minor % 100)
}

pub fn tax(minor: i64) -> i64 {
    (minor * TAX_BP + 5_000) / 10_000
}

/// Total excl. tax of an order: room price × nights, no services (quirk 2).
pub fn order_total(w: &World, o: &Order) -> i64 {
    o.rows
        .iter()
        .map(|r| {
            let price = w.room_type(r.id_product).map_or(0, |t| t.price_minor);
            price * (r.to - r.from).num_days()
        })
        .sum()
}

/// `GET /api/bookings/{id}`: no status field (quirk 5).
pub fn booking_doc(w: &World, o: &Order) -> Value {
    let customer = w.customers.iter().find(|c| c.id == o.id_customer);
    let mut groups: Vec<(i64, chrono::NaiveDate, chrono::NaiveDate)> = Vec::new();
    for r in &o.rows {
        let k = (r.id_product, r.from, r.to);
        if !groups.contains(&k) {
            groups.push(k);
        }
    }
    let room_types: Vec<Value> = groups
        .iter()
        .map(|(p, from, to)| {
            let nights = (*to - *from).num_days();
            let price = w.room_type(*p).map_or(0, |t| t.price_minor);
            let rows: Vec<&super::world::RoomRow> =
                o.rows.iter().filter(|r| (r.id_product, r.from, r.to) == (*p, *from, *to)).collect();
            let rooms: Vec<Value> = rows
                .iter()
                .map(|r| {
                    json!({"id_room": r.id_room, "id_hotel_booking": r.id, "adults": r.adults, "child": r.children,
                        "unit_price_without_tax": money(price * nights), "total_tax": money(tax(price * nights))})
                })
                .collect();
            let total: i64 = price * nights * rows.len() as i64;
            json!({"id_room_type": p, "checkin_date": format!("{from} 00:00:00"), "checkout_date": format!("{to} 00:00:00"),
                "total_tax": money(tax(total)), "number_of_rooms": rows.len(),
                "name": w.room_type(*p).map_or("", |t| t.name), "rooms": rooms})
        })
        .collect();
    let total = order_total(w, o);
    json!({"booking": {
        "id": o.id, "id_property": 1, "currency": "USD", "source": o.source,
        "booking_date": "2026-11-29 08:19:40", "id_language": 1,
        "associations": {
            "customer_detail": customer.map_or(Value::Null, |c| json!({"id_customer": c.id, "firstname": c.firstname,
                "lastname": c.lastname, "email": c.email, "phone": c.phone})),
            "price_details": {"total_paid": 0, "total_price_without_tax": money(total), "total_tax": money(tax(total))},
            "cart_rules": [],
            "remarks": o.remarks,
            "room_types": room_types,
        }
    }})
}

pub fn errors(code: i64, message: &str) -> Value {
    json!({"errors": [{"code": code, "message": message}]})
}
