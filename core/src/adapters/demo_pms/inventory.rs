//! Rooms per type per night: what is free, and taking or giving back nights
//! inside the caller's transaction.

use super::db_err;
use crate::domain::{RoomTypeId, StayDates};
use crate::ports::pms::PmsError;
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

/// Free rooms per room type on the worst night of the stay; types without an
/// inventory row for a night have all their units free.
pub async fn free_rooms(
    db: &mut SqliteConnection,
    stay: &StayDates,
    units: &HashMap<String, i64>,
) -> Result<HashMap<String, u32>, PmsError> {
    let rows = sqlx::query(
        "SELECT room_type_id, night, total - booked AS free FROM pms_inventory \
         WHERE night >= ? AND night < ?",
    )
    .bind(stay.checkin().to_string())
    .bind(stay.checkout().to_string())
    .fetch_all(&mut *db)
    .await
    .map_err(db_err)?;
    let mut by_night: HashMap<(String, String), i64> = HashMap::new();
    for r in rows {
        by_night.insert((r.get("room_type_id"), r.get("night")), r.get("free"));
    }
    Ok(units
        .iter()
        .map(|(id, units)| {
            let worst = stay
                .each_night()
                .map(|n| {
                    by_night
                        .get(&(id.clone(), n.to_string()))
                        .copied()
                        .unwrap_or(*units)
                })
                .min()
                .unwrap_or(0);
            (id.clone(), u32::try_from(worst.max(0)).unwrap_or(0))
        })
        .collect())
}

/// Takes `rooms` of the type on every night, or fails with `NotAvailable`
/// naming the first full night (the caller rolls back).
pub async fn take(
    db: &mut SqliteConnection,
    room_type: &RoomTypeId,
    stay: &StayDates,
    rooms: u32,
) -> Result<(), PmsError> {
    for night in stay.each_night() {
        let night = night.to_string();
        sqlx::query(
            "INSERT OR IGNORE INTO pms_inventory (room_type_id, night, total, booked) \
             SELECT id, ?, units, 0 FROM pms_room_type WHERE id = ?",
        )
        .bind(&night)
        .bind(room_type.as_str())
        .execute(&mut *db)
        .await
        .map_err(db_err)?;
        let taken = sqlx::query(
            "UPDATE pms_inventory SET booked = booked + ?1 \
             WHERE room_type_id = ?2 AND night = ?3 AND booked + ?1 <= total",
        )
        .bind(rooms)
        .bind(room_type.as_str())
        .bind(&night)
        .execute(&mut *db)
        .await
        .map_err(db_err)?;
        if taken.rows_affected() == 0 {
            return Err(PmsError::NotAvailable(format!(
                "no {rooms} room(s) of type {room_type} free on the night of {night}"
            )));
        }
    }
    Ok(())
}

/// Gives the nights back (cancel, or the old stay of a modification).
pub async fn give_back(
    db: &mut SqliteConnection,
    room_type: &RoomTypeId,
    stay: &StayDates,
    rooms: u32,
) -> Result<(), PmsError> {
    for night in stay.each_night() {
        sqlx::query(
            "UPDATE pms_inventory SET booked = booked - ? WHERE room_type_id = ? AND night = ?",
        )
        .bind(rooms)
        .bind(room_type.as_str())
        .bind(night.to_string())
        .execute(&mut *db)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
