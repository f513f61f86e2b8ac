//! The `booking` document of `/api/bookings`: reading it, and writing the
//! bodies for create and update.

use super::wire::{date_at, int_at, list, money_at, text_at, unexpected};
use crate::domain::{
    BookingRef, BookingStatus, Currency, Email, IdempotencyKey, Money, Occupancy, RoomTypeId,
    StayDates,
};
use crate::ports::pms::{Booking, BookingRequest, PmsError};
use serde_json::{Value, json};

/// What Conserje writes into `source`, and before its key in `remark`.
pub const SOURCE: &str = "conserje";

/// A booking as `GET /api/bookings/{id}` returns it. It has no status
/// (quirk 5): that comes from `orders.current_state`.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: BookingRef,
    pub currency: Currency,
    pub customer: Value,
    pub email: Option<Email>,
    pub remarks: Vec<String>,
    pub room_type: RoomTypeId,
    pub stay: StayDates,
    pub rooms: Vec<Occupancy>,
    pub total_excl: Money,
    pub total_tax: Money,
}

impl Document {
    pub fn parse(answer: &Value) -> Result<Self, PmsError> {
        let b = answer.get("booking").ok_or_else(|| unexpected("booking"))?;
        let id = int_at(b, "id").ok_or_else(|| unexpected("booking id"))?;
        let currency = text_at(b, "currency")
            .and_then(|c| Currency::parse(c).ok())
            .ok_or_else(|| unexpected("currency"))?;
        let assoc = b
            .get("associations")
            .ok_or_else(|| unexpected("associations"))?;
        let customer = assoc.get("customer_detail").cloned().unwrap_or(Value::Null);
        // One room type per booking is all Conserje makes; an order edited in
        // the back office to hold several shows its first.
        let rt = list(assoc, "room_types")
            .first()
            .ok_or_else(|| unexpected("room type"))?;
        let stay = match (date_at(rt, "checkin_date"), date_at(rt, "checkout_date")) {
            (Some(i), Some(o)) => {
                StayDates::new(i, o).map_err(|e| PmsError::Unknown(e.to_string()))?
            }
            _ => return Err(unexpected("stay dates")),
        };
        let rooms = list(rt, "rooms")
            .iter()
            .map(|r| {
                // Responses say `adults` (quirk 3 is only about requests).
                let adults = int_at(r, "adults")
                    .and_then(|a| u8::try_from(a).ok())
                    .unwrap_or(1);
                let children = int_at(r, "child")
                    .and_then(|c| usize::try_from(c).ok())
                    .unwrap_or(0);
                Occupancy::new(adults.max(1), vec![None; children])
                    .map_err(|e| PmsError::Unknown(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let prices = assoc
            .get("price_details")
            .ok_or_else(|| unexpected("price details"))?;
        Ok(Self {
            id: BookingRef::parse(&id.to_string()).map_err(|e| PmsError::Unknown(e.to_string()))?,
            currency,
            email: text_at(&customer, "email").and_then(|e| Email::parse(e).ok()),
            customer,
            remarks: list(assoc, "remarks")
                .iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect(),
            room_type: int_at(rt, "id_room_type")
                .and_then(|i| RoomTypeId::parse(&i.to_string()).ok())
                .ok_or_else(|| unexpected("room type id"))?,
            stay,
            rooms,
            total_excl: money_at(prices, "total_price_without_tax", currency)
                .ok_or_else(|| unexpected("total"))?,
            total_tax: money_at(prices, "total_tax", currency).unwrap_or(Money::zero(currency)),
        })
    }

    /// Our idempotency key, if this booking carries one in a remark.
    pub fn our_key(&self) -> Option<IdempotencyKey> {
        self.remarks.iter().find_map(|r| {
            r.split_whitespace()
                .find(|w| w.starts_with(IdempotencyKey::PREFIX))
                .and_then(|w| IdempotencyKey::parse(w).ok())
        })
    }

    pub fn into_booking(self, status: BookingStatus) -> Result<Booking, PmsError> {
        let total_incl = self
            .total_excl
            .checked_add(self.total_tax)
            .map_err(|e| PmsError::Unknown(e.to_string()))?;
        Ok(Booking {
            idempotency_key: self.our_key(),
            reference: self.id,
            status,
            room_type: self.room_type,
            stay: self.stay,
            rooms: self.rooms,
            guest_email: self.email,
            total_excl_tax: self.total_excl,
            total_incl_tax: total_incl,
        })
    }
}

/// Order states of QloApps 1.6.1 (`order_states`).
pub fn status_of_order_state(state: i64) -> BookingStatus {
    match state {
        4 | 5 => BookingStatus::Cancelled,
        2 | 7 | 8 | 10 | 12 => BookingStatus::Confirmed,
        _ => BookingStatus::Pending,
    }
}

fn rooms_json(rooms: &[Occupancy]) -> Vec<Value> {
    rooms
        .iter()
        .map(|o| {
            let ages: Vec<u8> = o.child_ages().iter().flatten().copied().collect();
            // Quirk 3: `adult`, singular. `adults` is silently ignored and
            // the room type's base occupancy stored instead.
            json!({"adult": o.adults(), "child": o.children(), "child_ages": ages})
        })
        .collect()
}

pub fn create_body(hotel_id: u32, currency: Currency, req: &BookingRequest) -> Value {
    let mut customer = json!({
        "firstname": req.guest.first_name,
        "lastname": req.guest.last_name,
        "email": req.guest.email.as_str(),
    });
    if let Some(p) = &req.guest.phone {
        customer["phone"] = json!(p.as_str());
    }
    json!({"booking": {
        "id_property": hotel_id,
        "currency": currency.code(),
        "booking_status": 1,   // new
        "payment_status": 3,   // awaiting: the guest pays at the hotel
        "source": SOURCE,
        "remark": format!("{SOURCE} {}", req.reference),
        "associations": {
            "customer_detail": customer,
            "room_types": [{
                "id_room_type": req.room_type.as_str().parse::<i64>().unwrap_or(0),
                "checkin_date": req.stay.checkin().to_string(),
                "checkout_date": req.stay.checkout().to_string(),
                "number_of_rooms": req.rooms.len(),
                "rooms": rooms_json(&req.rooms),
            }],
        },
    }})
}

/// Quirk 4: a PUT replaces the order's rooms with the list sent, so the list
/// is always complete. `cancel` sends booking_status 3, which QloApps turns
/// into order state 4 (Canceled) and refunds the rooms.
pub fn update_body(
    hotel_id: u32,
    doc: &Document,
    stay: &StayDates,
    rooms: &[Occupancy],
    cancel: bool,
) -> Value {
    let mut customer = json!({});
    for k in ["firstname", "lastname", "email", "phone"] {
        if let Some(v) = doc.customer.get(k) {
            customer[k] = v.clone();
        }
    }
    let mut room_type = json!({
        "id_room_type": doc.room_type.as_str().parse::<i64>().unwrap_or(0),
        "checkin_date": stay.checkin().to_string(),
        "checkout_date": stay.checkout().to_string(),
        "number_of_rooms": rooms.len(),
    });
    if !cancel {
        room_type["rooms"] = json!(rooms_json(rooms));
    }
    let mut booking = json!({
        "id": doc.id.as_str().parse::<i64>().unwrap_or(0),
        "id_property": hotel_id,
        "currency": doc.currency.code(),
        "associations": {"customer_detail": customer, "room_types": [room_type]},
    });
    if cancel {
        booking["booking_status"] = json!(3);
    }
    json!({ "booking": booking })
}
