//! The last step of a booking conversation: hold the room, book it, let go.
//! Two guests confirming the last room get one booking and one polite
//! "just taken" with what is still free.

use crate::ports::locks::{HoldRequest, LockError, Locks};
use crate::ports::pms::{Booking, BookingRequest, Pms, PmsError, QuoteRequest, RoomOffer};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    /// Someone else holds or has just booked it. `alternatives` are room types
    /// that fit the same guests and still have enough rooms for the same stay.
    #[error("the room was just taken; {} alternatives", alternatives.len())]
    JustTaken { alternatives: Vec<RoomOffer> },
    #[error(transparent)]
    Pms(#[from] PmsError),
    #[error(transparent)]
    Locks(LockError),
}

pub async fn confirm_booking(
    pms: &dyn Pms,
    locks: &dyn Locks,
    property: &str,
    request: &BookingRequest,
    ttl: Duration,
) -> Result<Booking, ConfirmError> {
    let hold_request = HoldRequest {
        property: property.to_string(),
        room_type: request.room_type.clone(),
        stay: request.stay,
    };
    let hold = match locks.acquire(&hold_request, ttl).await {
        Ok(h) => h,
        Err(LockError::Conflict { .. }) => return Err(just_taken(pms, request).await),
        Err(e) => return Err(ConfirmError::Locks(e)),
    };
    let outcome = pms.create_booking(request).await;
    if let Err(e) = locks.release(&hold).await {
        // The TTL frees it anyway; the booking outcome is what matters.
        tracing::warn!(error = %e, "could not release a room hold; it will expire");
    }
    match outcome {
        Ok(b) => Ok(b),
        Err(PmsError::NotAvailable(_)) => Err(just_taken(pms, request).await),
        Err(e) => Err(ConfirmError::Pms(e)),
    }
}

async fn just_taken(pms: &dyn Pms, request: &BookingRequest) -> ConfirmError {
    let quote = pms
        .quote(&QuoteRequest {
            stay: request.stay,
            rooms: request.rooms.clone(),
            room_type: None,
        })
        .await;
    let alternatives = match quote {
        Ok(q) => q
            .offers
            .into_iter()
            .filter(|o| o.room_type != request.room_type && o.can_take(request.rooms.len()))
            .collect(),
        // Still "just taken": the guest hears that, and staff can offer others.
        Err(_) => Vec::new(),
    };
    ConfirmError::JustTaken { alternatives }
}
