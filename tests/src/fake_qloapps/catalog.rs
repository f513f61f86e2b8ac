//! Generic resources: strings for ids and prices (quirk 8), a bare `[]` for
//! an empty filtered list, and `rooms`/`bookings` as top-level keys where
//! QloApps uses them.

use super::wire::{money_str, tax};
use super::world::World;
use super::{Answer, Query, json, not_found};
use axum::http::StatusCode;
use serde_json::{Value, json};

const RESOURCES: &[&str] = &[
    "bookings",
    "currencies",
    "customers",
    "hotel_ari",
    "hotel_room_types",
    "hotel_rooms",
    "hotels",
    "order_histories",
    "order_states",
    "orders",
    "qlo",
    "room_bookings",
    "room_types",
    "services",
];

fn listing(key: &str, items: Vec<Value>) -> Answer {
    if items.is_empty() {
        // PHP's empty array: no key at all.
        return (StatusCode::OK, "[]".into());
    }
    json(StatusCode::OK, &json!({ key: items }))
}

pub fn root(w: &World) -> Answer {
    let mut api = serde_json::Map::new();
    for r in RESOURCES.iter().filter(|r| !w.denied.contains(**r)) {
        api.insert(
            (*r).to_string(),
            json!({"description": format!("The {r}"), "get": "true", "put": "true", "post": "true", "delete": "false", "head": "true"}),
        );
    }
    json(StatusCode::OK, &json!({"api": api}))
}

pub fn hotel(id: &str) -> Answer {
    if id != "1" {
        return not_found();
    }
    json(
        StatusCode::OK,
        &json!({"hotel": {"id": "1", "phone": "0987654321", "address": "Monticello Dr, Montgomery, 10010",
            "id_country": "21", "id_state": "1", "city": "Demo City", "zipcode": "10010", "email": "hotelprime@htl.com",
            "rating": "3", "check_in": "12:00", "check_out": "11:00", "active": "1", "hotel_name": "The Hotel Prime",
            "description": "<div><p>Hotel Prime</p></div>", "short_description": "Prime",
            "associations": {"room_types": [{"id": "1"}, {"id": "2"}, {"id": "3"}, {"id": "4"}]}}}),
    )
}

pub fn currencies() -> Answer {
    json(
        StatusCode::OK,
        &json!({"currencies": [{"id": 1, "iso_code": "USD"}]}),
    )
}

pub fn room_types(w: &World) -> Answer {
    let items = w
        .room_types
        .iter()
        .map(|t| {
            json!({"id": t.id, "id_hotel": "1", "adults": "2", "children": "2", "id_tax_rules_group": "1",
                "type": "virtual", "price": money_str(t.price_minor), "active": "1", "name": t.name,
                "description_short": format!("<p>{} with city view</p>", t.name),
                "associations": {
                    "hotel_rooms": t.rooms.iter().map(|(id, _)| json!({"id": id.to_string()})).collect::<Vec<_>>(),
                    "services": [{"id": "5"}, {"id": "7"}]}})
        })
        .collect();
    listing("room_types", items)
}

pub fn hotel_room_types(w: &World) -> Answer {
    let items = w
        .room_types
        .iter()
        .map(|t| {
            json!({"id": t.id.to_string(), "id_product": t.id.to_string(), "id_hotel": "1", "adults": "2", "children": "2",
                "max_adults": "2", "max_children": "2", "max_guests": "4", "min_los": "1", "max_los": "0"})
        })
        .collect();
    listing("hotel_room_types", items)
}

pub fn services() -> Answer {
    json(
        StatusCode::OK,
        &json!({"services": [
            {"id": 5, "name": "Room Maintenance Fees", "price": money_str(super::world::AUTO_FEE_MINOR),
             "auto_add_to_cart": "1", "price_addition_type": "1", "price_calculation_method": "2"},
            {"id": 7, "name": "Airport Shuttle", "price": "50.000000",
             "auto_add_to_cart": "0", "price_addition_type": "2", "price_calculation_method": "1"}]}),
    )
}

pub fn customers(w: &World, q: &Query) -> Answer {
    let emails = q.filter("email");
    let ids = q.filter("id");
    let items = w
        .customers
        .iter()
        .filter(|c| emails.as_ref().is_none_or(|e| e.iter().any(|e| e.eq_ignore_ascii_case(&c.email))))
        .filter(|c| ids.as_ref().is_none_or(|i| i.contains(&c.id.to_string())))
        .map(|c| json!({"id": c.id, "email": c.email, "firstname": c.firstname, "lastname": c.lastname}))
        .collect();
    listing("customers", items)
}

pub fn orders(w: &World, q: &Query) -> Answer {
    let ids = q.filter("id");
    let customers = q.filter("id_customer");
    let references = q.filter("reference");
    let items = w
        .orders
        .iter()
        .filter(|o| ids.as_ref().is_none_or(|i| i.contains(&o.id.to_string())))
        .filter(|o| customers.as_ref().is_none_or(|c| c.contains(&o.id_customer.to_string())))
        // An exact match under MySQL's default case-insensitive collation.
        .filter(|o| references.as_ref().is_none_or(|r| r.iter().any(|r| r.eq_ignore_ascii_case(&o.reference))))
        .map(|o| {
            let total = super::wire::order_total(w, o);
            json!({"id": o.id, "id_customer": o.id_customer.to_string(), "current_state": o.current_state.to_string(),
                "payment": "Order from API", "total_paid_tax_incl": money_str(total + tax(total)),
                "total_paid_tax_excl": money_str(total),
                "total_paid_real": "0.000000", "source": o.source, "reference": o.reference})
        })
        .collect();
    listing("orders", items)
}

pub fn room_bookings(w: &World, q: &Query) -> Answer {
    let orders = q.filter("id_order");
    let items = w
        .orders
        .iter()
        .filter(|o| orders.as_ref().is_none_or(|i| i.contains(&o.id.to_string())))
        .flat_map(|o| o.rows.iter().map(move |r| (o, r)))
        .map(|(o, r)| {
            let flag = if r.cancelled { "1" } else { "0" };
            json!({"id": r.id.to_string(), "id_order": o.id.to_string(), "id_product": r.id_product.to_string(),
                "id_room": r.id_room.to_string(), "id_status": "1", "room_num": w.room_num(r.id_room),
                "date_from": format!("{} 00:00:00", r.from), "date_to": format!("{} 00:00:00", r.to),
                "adults": r.adults.to_string(), "children": r.children.to_string(),
                "is_refunded": flag, "is_cancelled": flag})
        })
        .collect();
    // Quirk: the JSON key of room_bookings is "bookings".
    listing("bookings", items)
}
