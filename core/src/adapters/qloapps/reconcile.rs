//! Finding a booking we may have made: after a lost answer (timeout, reset, a
//! 500 after the order was created — quirk 1) and before any retry.
//!
//! 1.6.1 has no filters on `/api/bookings` (quirk 10), so: customer by e-mail
//! → their orders → each order's booking, matched by the key in its remark.
//! When that booking cannot be read (it, too, can answer 500), the order's
//! `room_bookings` are matched on room type and dates instead, skipping
//! orders already linked to another of our attempts.

use super::client::Client;
use super::document::Document;
use super::wire::{date_at, int_at, list};
use crate::domain::BookingRef;
use crate::ports::pms::{BookingRequest, PmsError};
use std::collections::HashSet;

/// Orders of one customer looked at, newest first; ours is among the last few.
const RECENT_ORDERS: usize = 10;

pub async fn find_order_ids_of(client: &Client, email: &str) -> Result<Vec<i64>, PmsError> {
    let customers = client
        .get(
            "customers",
            &[
                ("display", "[id,email]"),
                ("filter[email]", &format!("[{email}]")),
            ],
        )
        .await?;
    let ids: Vec<String> = list(&customers, "customers")
        .iter()
        .filter_map(|c| int_at(c, "id"))
        .map(|i| i.to_string())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let orders = client
        .get(
            "orders",
            &[
                ("display", "[id,id_customer,current_state]"),
                ("filter[id_customer]", &format!("[{}]", ids.join("|"))),
            ],
        )
        .await?;
    let mut order_ids: Vec<i64> = list(&orders, "orders")
        .iter()
        .filter_map(|o| int_at(o, "id"))
        .collect();
    order_ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(order_ids)
}

pub async fn find_ours(
    client: &Client,
    req: &BookingRequest,
    claimed: &HashSet<String>,
) -> Result<Option<BookingRef>, PmsError> {
    let orders = find_order_ids_of(client, req.guest.email.as_str()).await?;
    for id in orders.into_iter().take(RECENT_ORDERS) {
        if claimed.contains(&id.to_string()) {
            continue;
        }
        match client
            .get(&format!("bookings/{id}"), &[])
            .await
            .and_then(|v| Document::parse(&v))
        {
            Ok(doc) if doc.our_key().as_ref() == Some(&req.reference) => return Ok(Some(doc.id)),
            Ok(_) => continue,
            Err(PmsError::Down(_)) | Err(PmsError::Unknown(_)) => {
                if rooms_match(client, id, req).await? {
                    return Ok(BookingRef::parse(&id.to_string()).ok());
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

async fn rooms_match(client: &Client, order: i64, req: &BookingRequest) -> Result<bool, PmsError> {
    let rows = client
        .get(
            "room_bookings",
            &[
                (
                    "display",
                    "[id,id_order,id_product,date_from,date_to,is_cancelled]",
                ),
                ("filter[id_order]", &order.to_string()),
            ],
        )
        .await?;
    let matching = list(&rows, "bookings")
        .iter()
        .filter(|r| {
            int_at(r, "id_product").map(|p| p.to_string()).as_deref()
                == Some(req.room_type.as_str())
                && date_at(r, "date_from") == Some(req.stay.checkin())
                && date_at(r, "date_to") == Some(req.stay.checkout())
        })
        .count();
    Ok(matching == req.rooms.len())
}
