//! `/api/bookings`: create (JSON), read (no status, quirk 5), update with PUT
//! replacing the whole room list (quirk 4), `adult` not `adults` (quirk 3),
//! 400-with-404 validation errors and the 500-after-create of quirk 1.

use super::wire::{booking_doc, errors};
use super::world::{Customer, Order, RoomRow, World, max_booking_date};
use super::{Answer, json, not_found};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde_json::{Value, json};

fn bad(message: &str) -> Answer {
    // Quirk 7: HTTP 400, "code":404 inside.
    json(StatusCode::BAD_REQUEST, &errors(404, message))
}

fn notice_500(message: &str) -> Answer {
    json(StatusCode::INTERNAL_SERVER_ERROR, &errors(8, message))
}

pub fn list(w: &World) -> Answer {
    let ids: Vec<Value> = w.orders.iter().map(|o| json!({"id": o.id})).collect();
    json(StatusCode::OK, &json!({"bookings": ids}))
}

pub fn get(w: &mut World, id: &str) -> Answer {
    let Some(o) = id
        .parse::<i64>()
        .ok()
        .and_then(|id| w.orders.iter().find(|o| o.id == id))
    else {
        return not_found();
    };
    let doc = booking_doc(w, o);
    if w.faults.get_booking_500 > 0 {
        w.faults.get_booking_500 -= 1;
        return notice_500("Undefined variable: useTax");
    }
    json(StatusCode::OK, &doc)
}

/// One requested room type entry: product, dates, and per-room occupancy.
struct Wanted {
    product: i64,
    from: NaiveDate,
    to: NaiveDate,
    rooms: Vec<(i64, i64)>,
}

fn wanted(rt: &Value) -> Result<Wanted, Answer> {
    let date = |k: &str| {
        rt.get(k)
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
    };
    let (Some(from), Some(to)) = (date("checkin_date"), date("checkout_date")) else {
        return Err(bad("Invalid check-in or check-out date."));
    };
    if to <= from {
        return Err(bad("Invalid check-in or check-out date."));
    }
    if to > max_booking_date() {
        return Err(bad(
            "Booking is not allowed beyond the maximum booking date.",
        ));
    }
    let product = rt.get("id_room_type").and_then(Value::as_i64).unwrap_or(0);
    let count = rt
        .get("number_of_rooms")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let listed = rt.get("rooms").and_then(Value::as_array);
    if let Some(l) = listed {
        if l.len() as i64 != count {
            return Err(bad("Room count does not matches with the number of rooms"));
        }
    }
    let rooms = (0..count)
        .map(|i| match listed.and_then(|l| l.get(i as usize)) {
            // Quirk 3: only `adult` counts; `adults` is ignored and the room
            // type's base occupancy (2) stored.
            Some(r) => (
                r.get("adult").and_then(Value::as_i64).unwrap_or(2),
                r.get("child").and_then(Value::as_i64).unwrap_or(0),
            ),
            None => (2, 2),
        })
        .collect();
    Ok(Wanted {
        product,
        from,
        to,
        rooms,
    })
}

fn allocate(
    w: &mut World,
    want: &[Wanted],
    order: Option<i64>,
    keep: &[RoomRow],
) -> Result<Vec<RoomRow>, Answer> {
    let mut rows = Vec::new();
    for wt in want {
        if w.room_type(wt.product).is_none() {
            return Err(bad("Invalid room type."));
        }
        let mut reuse: Vec<&RoomRow> = keep
            .iter()
            .filter(|r| {
                !r.cancelled && (r.id_product, r.from, r.to) == (wt.product, wt.from, wt.to)
            })
            .collect();
        let mut free = w.free_rooms(wt.product, wt.from, wt.to, order);
        free.retain(|room| !reuse.iter().any(|r| r.id_room == *room));
        for (adults, children) in &wt.rooms {
            let (id, id_room) = if let Some(r) = (!reuse.is_empty()).then(|| reuse.remove(0)) {
                (r.id, r.id_room)
            } else if !free.is_empty() {
                let room = free.remove(0);
                w.next_row += 1;
                (w.next_row - 1, room)
            } else {
                return Err(bad("Requested room(s) not available."));
            };
            rows.push(RoomRow {
                id,
                id_room,
                id_product: wt.product,
                from: wt.from,
                to: wt.to,
                adults: *adults,
                children: *children,
                cancelled: false,
            });
        }
    }
    Ok(rows)
}

pub fn create(w: &mut World, body: &str) -> Answer {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return bad("Invalid booking data (this fake reads JSON bodies only).");
    };
    let b = &v["booking"];
    if b.get("id_property").and_then(Value::as_i64) != Some(1) {
        return bad("Please provide a valid id_property.");
    }
    if b.get("currency").and_then(Value::as_str) != Some("USD") {
        return bad("Please provide valid currency.");
    }
    let c = &b["associations"]["customer_detail"];
    let Some(email) = c.get("email").and_then(Value::as_str) else {
        return bad("Customer details not found.");
    };
    let mut want = Vec::new();
    for rt in b["associations"]["room_types"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        match wanted(rt) {
            Ok(x) => want.push(x),
            Err(e) => return e,
        }
    }
    if want.is_empty() {
        return bad("Room types not found.");
    }
    let rows = match allocate(w, &want, None, &[]) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let text = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let id_customer = match w
        .customers
        .iter()
        .find(|x| x.email.eq_ignore_ascii_case(email))
    {
        Some(x) => x.id,
        None => {
            let id = w.customers.iter().map(|x| x.id).max().unwrap_or(0) + 1;
            w.customers.push(Customer {
                id,
                firstname: text("firstname"),
                lastname: text("lastname"),
                email: email.to_string(),
                phone: text("phone"),
            });
            id
        }
    };
    let state = match (b["booking_status"].as_i64(), b["payment_status"].as_i64()) {
        (Some(2), Some(1)) => 2,
        (_, Some(2)) => 8,
        _ => 1,
    };
    let id = w.orders.iter().map(|o| o.id).max().unwrap_or(0) + 1;
    let order = Order {
        id,
        reference: super::world::order_reference(id),
        id_customer,
        current_state: state,
        source: b["source"].as_str().unwrap_or("webservice").to_string(),
        remarks: b["remark"]
            .as_str()
            .map(|r| vec![r.to_string()])
            .unwrap_or_default(),
        rows,
    };
    let doc = booking_doc(w, &order);
    w.orders.push(order);
    if w.faults.create_500_after_success > 0 {
        // Quirk 1: the order exists, the answer says otherwise.
        w.faults.create_500_after_success -= 1;
        return notice_500("Undefined index: total_tax");
    }
    json(StatusCode::OK, &doc)
}

pub fn update(w: &mut World, id: &str, body: &str) -> Answer {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return bad("Invalid booking data.");
    };
    let b = &v["booking"];
    let Some(idx) = id
        .parse::<i64>()
        .ok()
        .and_then(|id| w.orders.iter().position(|o| o.id == id))
    else {
        return not_found();
    };
    if b.get("id")
        .and_then(Value::as_i64)
        .map(|i| i.to_string())
        .as_deref()
        != Some(id)
        || b.get("id_property").and_then(Value::as_i64) != Some(1)
    {
        return bad("Please provide a valid id_property.");
    }
    let email = b["associations"]["customer_detail"]["email"]
        .as_str()
        .unwrap_or("");
    if !w
        .customers
        .iter()
        .any(|c| c.email.eq_ignore_ascii_case(email))
    {
        return bad("Customer details not found.");
    }
    let order_id = w.orders[idx].id;
    if b["booking_status"].as_i64() == Some(3) {
        let o = &mut w.orders[idx];
        o.current_state = 4;
        for r in &mut o.rows {
            r.cancelled = true;
        }
        let doc = booking_doc(w, &w.orders[idx]);
        return json(StatusCode::OK, &doc);
    }
    let mut want = Vec::new();
    for rt in b["associations"]["room_types"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        match wanted(rt) {
            Ok(x) => want.push(x),
            Err(e) => return e,
        }
    }
    // Quirk 4: the rooms sent ARE the order now; anything left out is removed.
    let keep = w.orders[idx].rows.clone();
    match allocate(w, &want, Some(order_id), &keep) {
        Ok(rows) => {
            w.orders[idx].rows = rows;
            let doc = booking_doc(w, &w.orders[idx]);
            json(StatusCode::OK, &doc)
        }
        Err(e) => e,
    }
}
