//! Creating, reading, cancelling and changing bookings through `/api/bookings`.

use super::QloApps;
use super::attempts::AttemptState;
use super::catalog::Catalog;
use super::client::{Body, Client};
use super::document::{Document, create_body, status_of_order_state, update_body};
use super::reconcile;
use super::wire::{int_at, list};
use crate::domain::{BookingRef, BookingStatus, Currency, Email, Occupancy, RoomTypeId};
use crate::ports::pms::{Booking, BookingChange, BookingRequest, PmsError};
use reqwest::Method;

pub async fn create(
    q: &QloApps,
    catalog: &Catalog,
    req: &BookingRequest,
) -> Result<Booking, PmsError> {
    check_rooms(catalog, &req.room_type, &req.rooms)?;
    let currency = catalog.hotel.currency;
    match q.attempts.state(&req.reference).await? {
        Some(AttemptState::Booked(r)) => return get(&q.client, currency, &r).await,
        Some(AttemptState::Pending) => {
            // A previous try's answer was lost: find it before trying again.
            let claimed = q.attempts.claimed_refs(&req.reference).await?;
            if let Some(r) = reconcile::find_ours(&q.client, req, &claimed).await? {
                q.attempts.booked(&req.reference, &r).await?;
                return get(&q.client, currency, &r).await;
            }
        }
        Some(AttemptState::Failed) | None => {}
    }
    q.attempts.begin(req).await?;
    let body = create_body(q.hotel_id, catalog.hotel.currency, req);
    match q
        .client
        .write(Method::POST, "bookings", Body::Json(body))
        .await
    {
        Ok(answer) => {
            let doc = Document::parse(&answer)?;
            q.attempts.booked(&req.reference, &doc.id).await?;
            // booking_status 1 with payment_status 3 is order state 1.
            doc.into_booking(BookingStatus::Pending)
        }
        Err(e) if e.is_outage() => {
            // Quirk 1: a 500 (or a lost answer) may come after the order was
            // made. Look before anyone retries.
            let claimed = q.attempts.claimed_refs(&req.reference).await?;
            match reconcile::find_ours(&q.client, req, &claimed).await {
                Ok(Some(r)) => {
                    tracing::warn!(booking = %r, error = %e, "QloApps failed after creating the booking; reconciled");
                    q.attempts.booked(&req.reference, &r).await?;
                    get(&q.client, currency, &r).await
                }
                Ok(None) => Err(PmsError::Down(format!(
                    "{e}; no booking was found for reference {}, so retrying with it is safe",
                    req.reference
                ))),
                Err(lookup) => Err(PmsError::Down(format!(
                    "{e}; the booking could not be checked yet ({lookup}); retry with reference {}",
                    req.reference
                ))),
            }
        }
        Err(e) => {
            q.attempts.failed(&req.reference).await?;
            Err(e)
        }
    }
}

pub async fn get(
    client: &Client,
    currency: Currency,
    reference: &BookingRef,
) -> Result<Booking, PmsError> {
    let doc = document(client, currency, reference).await?;
    let status = order_status(client, reference).await?;
    doc.into_booking(status)
}

async fn booking_view(client: &Client, reference: &BookingRef) -> Result<Document, PmsError> {
    if reference.as_str().parse::<u64>().is_err() {
        return Err(PmsError::NotFound(reference.to_string()));
    }
    let answer = client
        .get(&format!("bookings/{reference}"), &[])
        .await
        .map_err(|e| match e {
            PmsError::NotFound(_) => PmsError::NotFound(reference.to_string()),
            other => other,
        })?;
    Document::parse(&answer)
}

/// The booking view first; when it answers 500 (quirk 1), the same facts
/// from orders, room_bookings and customers.
async fn document(
    client: &Client,
    currency: Currency,
    reference: &BookingRef,
) -> Result<Document, PmsError> {
    match booking_view(client, reference).await {
        Err(e @ PmsError::Down(_)) => {
            match super::order_view::document(client, reference, currency).await {
                Ok(doc) => {
                    tracing::warn!(booking = %reference, error = %e, "QloApps booking view failed; read from orders instead");
                    Ok(doc)
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    }
}

/// Quirk 5: the booking has no status; the order has.
async fn order_status(client: &Client, reference: &BookingRef) -> Result<BookingStatus, PmsError> {
    // Quirk 9: `display` on a single-id URL returns only ids; filter the list.
    let orders = client
        .get(
            "orders",
            &[
                ("display", "[id,current_state]"),
                ("filter[id]", &format!("[{reference}]")),
            ],
        )
        .await?;
    list(&orders, "orders")
        .iter()
        .find_map(|o| int_at(o, "current_state"))
        .map(status_of_order_state)
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))
}

pub async fn find_by_email(
    client: &Client,
    currency: Currency,
    email: &Email,
) -> Result<Vec<Booking>, PmsError> {
    let mut out = Vec::new();
    for id in reconcile::find_order_ids_of(client, email.as_str()).await? {
        let Ok(r) = BookingRef::parse(&id.to_string()) else {
            continue;
        };
        out.push(get(client, currency, &r).await?);
    }
    Ok(out)
}

pub async fn cancel(
    client: &Client,
    hotel_id: u32,
    currency: Currency,
    reference: &BookingRef,
) -> Result<Booking, PmsError> {
    let doc = document(client, currency, reference).await?;
    if order_status(client, reference).await? == BookingStatus::Cancelled {
        return doc.into_booking(BookingStatus::Cancelled);
    }
    let body = update_body(hotel_id, &doc, &doc.stay, &doc.rooms, true);
    client
        .write(
            Method::PUT,
            &format!("bookings/{reference}"),
            Body::Json(body),
        )
        .await?;
    get(client, currency, reference).await
}

pub async fn modify(
    client: &Client,
    hotel_id: u32,
    catalog: &Catalog,
    reference: &BookingRef,
    change: &BookingChange,
) -> Result<Booking, PmsError> {
    let doc = document(client, catalog.hotel.currency, reference).await?;
    if order_status(client, reference).await? == BookingStatus::Cancelled {
        return Err(PmsError::InvalidRequest(format!(
            "booking {reference} is cancelled"
        )));
    }
    let stay = change.stay.unwrap_or(doc.stay);
    let rooms = change.rooms.clone().unwrap_or_else(|| doc.rooms.clone());
    check_rooms(catalog, &doc.room_type, &rooms)?;
    let body = update_body(hotel_id, &doc, &stay, &rooms, false);
    client
        .write(
            Method::PUT,
            &format!("bookings/{reference}"),
            Body::Json(body),
        )
        .await?;
    get(client, catalog.hotel.currency, reference).await
}

/// Quirk 11: QloApps does not apply occupancy limits to webservice bookings,
/// so we do, from the room type's capacity.
fn check_rooms(
    catalog: &Catalog,
    room_type: &RoomTypeId,
    rooms: &[Occupancy],
) -> Result<(), PmsError> {
    if rooms.is_empty() {
        return Err(PmsError::InvalidRequest(
            "a booking needs at least one room".into(),
        ));
    }
    let t = catalog
        .room_types
        .iter()
        .find(|t| &t.id == room_type)
        .ok_or_else(|| PmsError::InvalidRequest(format!("there is no room type {room_type}")))?;
    if let Some(o) = rooms.iter().find(|o| !t.capacity.fits(o)) {
        return Err(PmsError::InvalidRequest(format!(
            "room type {room_type} holds at most {} adults, {} children, {} guests; asked for {} adults and {} children",
            t.capacity.adults,
            t.capacity.children,
            t.capacity.max_guests,
            o.adults(),
            o.children()
        )));
    }
    Ok(())
}
