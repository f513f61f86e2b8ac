//! Our local record of booking attempts (see the migration for why).

use crate::domain::{BookingRef, IdempotencyKey};
use crate::ports::pms::{BookingRequest, PmsError};
use sqlx::{Row, SqlitePool};
use std::collections::HashSet;

const PMS: &str = "qloapps";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptState {
    Pending,
    Booked(BookingRef),
    Failed,
}

#[derive(Clone)]
pub struct Attempts {
    db: SqlitePool,
}

fn store_err(e: sqlx::Error) -> PmsError {
    // Without the local record we cannot promise "never twice": refuse to call.
    PmsError::Down(format!("cannot record the booking attempt locally: {e}"))
}

impl Attempts {
    pub fn new(db: SqlitePool) -> Self {
        Self { db }
    }

    pub async fn state(&self, key: &IdempotencyKey) -> Result<Option<AttemptState>, PmsError> {
        let row = sqlx::query(
            "SELECT state, booking_ref FROM pms_booking_attempt WHERE idempotency_key = ?",
        )
        .bind(key.as_str())
        .fetch_optional(&self.db)
        .await
        .map_err(store_err)?;
        Ok(row.map(|r| {
            match (
                r.get::<&str, _>("state"),
                r.get::<Option<&str>, _>("booking_ref"),
            ) {
                ("booked", Some(reference)) => BookingRef::parse(reference)
                    .map(AttemptState::Booked)
                    .unwrap_or(AttemptState::Pending),
                ("failed", _) => AttemptState::Failed,
                _ => AttemptState::Pending,
            }
        }))
    }

    /// Records (or re-arms a failed) attempt as pending; committed before the call.
    pub async fn begin(&self, req: &BookingRequest) -> Result<(), PmsError> {
        let now = chrono::Utc::now().to_rfc3339();
        sqlx::query(
            "INSERT INTO pms_booking_attempt (idempotency_key, pms, state, guest_email, \
             room_type_id, checkin, checkout, rooms, created_at, updated_at) \
             VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (idempotency_key) DO UPDATE SET state = 'pending', updated_at = excluded.updated_at \
             WHERE state = 'failed'",
        )
        .bind(req.reference.as_str())
        .bind(PMS)
        .bind(req.guest.email.as_str())
        .bind(req.room_type.as_str())
        .bind(req.stay.checkin().to_string())
        .bind(req.stay.checkout().to_string())
        .bind(i64::try_from(req.rooms.len()).unwrap_or(i64::MAX))
        .bind(&now)
        .bind(&now)
        .execute(&self.db)
        .await
        .map_err(store_err)?;
        Ok(())
    }

    pub async fn booked(
        &self,
        key: &IdempotencyKey,
        reference: &BookingRef,
    ) -> Result<(), PmsError> {
        sqlx::query(
            "UPDATE pms_booking_attempt SET state = 'booked', booking_ref = ?, updated_at = ? \
             WHERE idempotency_key = ?",
        )
        .bind(reference.as_str())
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(key.as_str())
        .execute(&self.db)
        .await
        .map_err(store_err)?;
        Ok(())
    }

    /// The PMS said no for sure (full, invalid): a later try may go ahead.
    pub async fn failed(&self, key: &IdempotencyKey) -> Result<(), PmsError> {
        sqlx::query(
            "UPDATE pms_booking_attempt SET state = 'failed', updated_at = ? WHERE idempotency_key = ?",
        )
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(key.as_str())
        .execute(&self.db)
        .await
        .map_err(store_err)?;
        Ok(())
    }

    /// PMS bookings already linked to one of our attempts (other than `key`):
    /// a date-based match must not claim them twice.
    pub async fn claimed_refs(&self, key: &IdempotencyKey) -> Result<HashSet<String>, PmsError> {
        let refs: Vec<String> = sqlx::query_scalar(
            "SELECT booking_ref FROM pms_booking_attempt \
             WHERE pms = ? AND booking_ref IS NOT NULL AND idempotency_key <> ?",
        )
        .bind(PMS)
        .bind(key.as_str())
        .fetch_all(&self.db)
        .await
        .map_err(store_err)?;
        Ok(refs.into_iter().collect())
    }
}
