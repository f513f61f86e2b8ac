//! A booking rebuilt from `orders`, `room_bookings` and `customers`, for when
//! `GET /api/bookings/{id}` itself answers 500 ("Undefined variable: useTax",
//! quirk 1): the booking is there, only that view of it is broken.

use super::client::Client;
use super::document::Document;
use super::wire::{date_at, int_at, list, money_at, text_at, unexpected};
use crate::domain::{BookingRef, Currency, Email, Occupancy, RoomTypeId, StayDates};
use crate::ports::pms::PmsError;
use serde_json::json;

pub async fn document(
    client: &Client,
    reference: &BookingRef,
    currency: Currency,
) -> Result<Document, PmsError> {
    let id = format!("[{reference}]");
    let orders = client
        .get(
            "orders",
            &[
                (
                    "display",
                    "[id,id_customer,total_paid_tax_incl,total_paid_tax_excl]",
                ),
                ("filter[id]", &id),
            ],
        )
        .await?;
    let order = list(&orders, "orders")
        .first()
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))?;
    let customer_id = int_at(order, "id_customer").ok_or_else(|| unexpected("customer"))?;
    let rows = client
        .get(
            "room_bookings",
            &[
                (
                    "display",
                    "[id,id_order,id_product,date_from,date_to,adults,children,is_cancelled]",
                ),
                ("filter[id_order]", reference.as_str()),
            ],
        )
        .await?;
    let customers = client
        .get(
            "customers",
            &[
                ("display", "[id,email,firstname,lastname]"),
                ("filter[id]", &format!("[{customer_id}]")),
            ],
        )
        .await?;
    let customer = list(&customers, "customers")
        .first()
        .ok_or_else(|| unexpected("customer"))?;

    let rows = list(&rows, "bookings");
    let first = rows.first().ok_or_else(|| unexpected("room booking"))?;
    let (product, from, to) = (
        int_at(first, "id_product"),
        date_at(first, "date_from"),
        date_at(first, "date_to"),
    );
    let (Some(product), Some(from), Some(to)) = (product, from, to) else {
        return Err(unexpected("room booking dates"));
    };
    let mut rooms = Vec::new();
    for r in rows.iter().filter(|r| {
        int_at(r, "id_product") == Some(product)
            && date_at(r, "date_from") == Some(from)
            && date_at(r, "date_to") == Some(to)
    }) {
        // Without the stored occupancy we would be guessing: refuse instead.
        let adults = int_at(r, "adults").and_then(|a| u8::try_from(a).ok());
        let children = int_at(r, "children").and_then(|c| usize::try_from(c).ok());
        let (Some(adults), Some(children)) = (adults, children) else {
            return Err(unexpected("room occupancy"));
        };
        rooms.push(
            Occupancy::new(adults, vec![None; children])
                .map_err(|e| PmsError::Unknown(e.to_string()))?,
        );
    }
    let excl =
        money_at(order, "total_paid_tax_excl", currency).ok_or_else(|| unexpected("total"))?;
    let incl =
        money_at(order, "total_paid_tax_incl", currency).ok_or_else(|| unexpected("total"))?;
    Ok(Document {
        id: reference.clone(),
        currency,
        email: text_at(customer, "email").and_then(|e| Email::parse(e).ok()),
        customer: json!({
            "firstname": text_at(customer, "firstname").unwrap_or(""),
            "lastname": text_at(customer, "lastname").unwrap_or(""),
            "email": text_at(customer, "email").unwrap_or(""),
        }),
        // Remarks are only in the broken view; the key stays unknown here.
        remarks: Vec::new(),
        room_type: RoomTypeId::parse(&product.to_string())
            .map_err(|e| PmsError::Unknown(e.to_string()))?,
        stay: StayDates::new(from, to).map_err(|e| PmsError::Unknown(e.to_string()))?,
        rooms,
        total_excl: excl,
        total_tax: crate::domain::Money::from_minor(incl.minor() - excl.minor(), currency),
    })
}
