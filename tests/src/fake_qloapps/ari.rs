//! `POST /api/hotel_ari`: XML in only (quirk 6); prices include the
//! auto-added maintenance fee (quirk 2); with `date_wise_breakdown` one entry
//! per night.

use super::wire::{errors, money, tax};
use super::world::{AUTO_FEE_MINOR, World};
use super::xml_in::{blocks, tag};
use super::{Answer, json};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

pub fn search(w: &World, body: &str) -> Answer {
    if !body.trim_start().starts_with('<') {
        return json(
            StatusCode::BAD_REQUEST,
            &json!({"errors": [
                {"code": 2, "message": "[PHP Warning #2] simplexml_load_string(): Entity: line 1: parser error : Start tag expected, '<' not found"},
                {"code": 85, "message": "Validation error: Invalid ARI search parameters found."}]}),
        );
    }
    if tag(body, "id_hotel").is_none() {
        return json(
            StatusCode::BAD_REQUEST,
            &errors(85, "parameter \"id_hotel\" required"),
        );
    }
    let date = |n| tag(body, n).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    let (Some(from), Some(to)) = (date("date_from"), date("date_to")) else {
        return json(
            StatusCode::BAD_REQUEST,
            &errors(85, "Validation error: Invalid ARI search parameters found."),
        );
    };
    if to <= from {
        return json(
            StatusCode::BAD_REQUEST,
            &errors(
                85,
                "Validation error: \"Date to\" must be after \"date from\"",
            ),
        );
    }
    let only: Option<i64> = tag(body, "id_room_type").and_then(|s| s.parse().ok());
    let occupancies: Vec<(i64, i64)> = blocks(body, "room_occupancy")
        .iter()
        .map(|b| {
            let n = |t| tag(b, t).and_then(|s| s.parse().ok()).unwrap_or(0);
            (n("adults"), n("children"))
        })
        .collect();
    let occupancies = if occupancies.is_empty() {
        vec![(1, 0)]
    } else {
        occupancies
    };
    let per_night = tag(body, "date_wise_breakdown") == Some("1");

    let mut days = Vec::new();
    let nights: Vec<NaiveDate> = from.iter_days().take_while(|d| *d < to).collect();
    let ranges: Vec<(NaiveDate, NaiveDate)> = if per_night {
        nights
            .iter()
            .map(|n| (*n, n.succ_opt().unwrap_or(*n)))
            .collect()
    } else {
        vec![(from, to)]
    };
    for (f, t) in ranges {
        let n = (t - f).num_days();
        let room_types: Vec<Value> = w
            .room_types
            .iter()
            .filter(|rt| only.is_none_or(|o| o == rt.id))
            .filter(|_| occupancies.iter().all(|(a, c)| *a <= 2 && *c <= 2 && a + c <= 4))
            .map(|rt| {
                let free = w.free_rooms(rt.id, f, t, None);
                let mut available = Map::new();
                let mut booked = Map::new();
                for (id, num) in &rt.rooms {
                    let entry = json!({"id_room": id.to_string(), "id_product": rt.id.to_string(), "id_hotel": "1",
                        "room_num": num, "max_adult": "2", "max_children": "2", "max_occupancy": "4"});
                    if free.contains(id) {
                        available.insert(id.to_string(), entry);
                    } else {
                        booked.insert(id.to_string(), entry);
                    }
                }
                let nightly = rt.price_minor + AUTO_FEE_MINOR;
                let total = nightly * n * occupancies.len() as i64;
                let as_value = |m: Map<String, Value>| if m.is_empty() { json!([]) } else { Value::Object(m) };
                json!({"id_room_type": rt.id.to_string(), "name": rt.name,
                    "base_price": money(nightly), "base_price_with_tax": money(nightly + tax(nightly)),
                    "total_price": money(total), "total_price_with_tax": money(total + tax(total)),
                    "rooms": {"available": as_value(available), "booked": as_value(booked)}})
            })
            .collect();
        days.push(json!({"id_hotel": "1", "date_from": f.to_string(), "date_to": t.to_string(), "currency": "USD",
            "room_types": room_types}));
    }
    if per_night {
        json(StatusCode::OK, &json!({"hotel_aris": days}))
    } else {
        json(
            StatusCode::OK,
            &json!({"hotel_ari": days.into_iter().next().unwrap_or(Value::Null)}),
        )
    }
}
