//! Bookings in the built-in PMS. Every change runs in one `BEGIN IMMEDIATE`
//! transaction with its inventory moves, so a booking and its nights are never
//! out of step, and concurrent writers queue instead of failing mid-way.

use super::db_err;
use super::inventory;
use super::quote::{PriceBook, fits_all};
use crate::domain::{
    BookingRef, BookingStatus, Email, IdempotencyKey, Money, Occupancy, PhoneE164, RoomTypeId,
    StayDates,
};
use crate::ports::pms::{Booking, BookingChange, BookingRequest, GuestLookup, PmsError};
use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection, SqlitePool};

pub async fn create(db: &SqlitePool, req: &BookingRequest) -> Result<Booking, PmsError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    if let Some(existing) = load_by(&mut tx, "idempotency_key", req.reference.as_str()).await? {
        let same = existing.room_type == req.room_type
            && existing.stay == req.stay
            && existing.rooms == req.rooms;
        return if same {
            Ok(existing)
        } else {
            Err(PmsError::InvalidRequest(format!(
                "reference {} was already used for booking {}",
                req.reference, existing.reference
            )))
        };
    }
    let book = PriceBook::load(&mut tx).await?;
    check_rooms(&book, &req.room_type, &req.rooms)?;
    let rooms = room_count(&req.rooms);
    let price = book
        .price(req.room_type.as_str(), &req.stay, rooms)?
        .ok_or_else(|| {
            PmsError::NotAvailable(format!(
                "room type {} has no rate for these nights",
                req.room_type
            ))
        })?;
    inventory::take(&mut tx, &req.room_type, &req.stay, rooms).await?;

    let reference =
        format!("CS-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]).to_uppercase();
    let now = chrono::Utc::now().to_rfc3339();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO pms_booking (reference, idempotency_key, room_type_id, checkin, checkout, \
         status, first_name, last_name, email, phone, total_excl_minor, total_incl_minor, \
         currency, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&reference)
    .bind(req.reference.as_str())
    .bind(req.room_type.as_str())
    .bind(req.stay.checkin().to_string())
    .bind(req.stay.checkout().to_string())
    .bind(&req.guest.first_name)
    .bind(&req.guest.last_name)
    .bind(req.guest.email.as_str())
    .bind(req.guest.phone.as_ref().map(PhoneE164::as_str))
    .bind(price.excl.minor())
    .bind(price.incl.minor())
    .bind(book.currency.code())
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    insert_rooms(&mut tx, id, &req.rooms).await?;
    let booking = load_by(&mut tx, "id", &id.to_string())
        .await?
        .ok_or_else(|| PmsError::Unknown("booking vanished while being created".into()))?;
    tx.commit().await.map_err(db_err)?;
    Ok(booking)
}

pub async fn get(db: &SqlitePool, reference: &BookingRef) -> Result<Booking, PmsError> {
    let mut conn = db.acquire().await.map_err(db_err)?;
    load_by(&mut conn, "reference", reference.as_str())
        .await?
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))
}

pub async fn find(db: &SqlitePool, who: &GuestLookup) -> Result<Vec<Booking>, PmsError> {
    let (column, value) = match who {
        GuestLookup::Email(e) => ("email", e.as_str()),
        GuestLookup::Phone(p) => ("phone", p.as_str()),
    };
    let mut conn = db.acquire().await.map_err(db_err)?;
    let sql = match column {
        "email" => "SELECT reference FROM pms_booking WHERE email = ? ORDER BY id DESC",
        _ => "SELECT reference FROM pms_booking WHERE phone = ? ORDER BY id DESC",
    };
    let refs: Vec<String> = sqlx::query_scalar(sql)
        .bind(value)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    let mut out = Vec::with_capacity(refs.len());
    for r in refs {
        if let Some(b) = load_by(&mut conn, "reference", &r).await? {
            out.push(b);
        }
    }
    Ok(out)
}

pub async fn cancel(db: &SqlitePool, reference: &BookingRef) -> Result<Booking, PmsError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let b = load_by(&mut tx, "reference", reference.as_str())
        .await?
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))?;
    if b.status == BookingStatus::Cancelled {
        return Ok(b);
    }
    inventory::give_back(&mut tx, &b.room_type, &b.stay, room_count(&b.rooms)).await?;
    sqlx::query("UPDATE pms_booking SET status = 'cancelled', updated_at = ? WHERE reference = ?")
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(reference.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let b = load_by(&mut tx, "reference", reference.as_str())
        .await?
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))?;
    tx.commit().await.map_err(db_err)?;
    Ok(b)
}

pub async fn modify(
    db: &SqlitePool,
    reference: &BookingRef,
    change: &BookingChange,
) -> Result<Booking, PmsError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let old = load_by(&mut tx, "reference", reference.as_str())
        .await?
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))?;
    if old.status == BookingStatus::Cancelled {
        return Err(PmsError::InvalidRequest(format!(
            "booking {reference} is cancelled"
        )));
    }
    let stay = change.stay.unwrap_or(old.stay);
    let rooms = change.rooms.clone().unwrap_or_else(|| old.rooms.clone());
    let book = PriceBook::load(&mut tx).await?;
    check_rooms(&book, &old.room_type, &rooms)?;
    let count = room_count(&rooms);
    let price = book
        .price(old.room_type.as_str(), &stay, count)?
        .ok_or_else(|| PmsError::NotAvailable("no rate for these nights".into()))?;
    // Old nights go back first so a shorter or shifted stay can reuse them;
    // any failure below rolls both moves back when `tx` drops.
    inventory::give_back(&mut tx, &old.room_type, &old.stay, room_count(&old.rooms)).await?;
    inventory::take(&mut tx, &old.room_type, &stay, count).await?;
    let id: i64 = sqlx::query_scalar(
        "UPDATE pms_booking SET checkin = ?, checkout = ?, total_excl_minor = ?, \
         total_incl_minor = ?, updated_at = ? WHERE reference = ? RETURNING id",
    )
    .bind(stay.checkin().to_string())
    .bind(stay.checkout().to_string())
    .bind(price.excl.minor())
    .bind(price.incl.minor())
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(reference.as_str())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query("DELETE FROM pms_booking_room WHERE booking_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    insert_rooms(&mut tx, id, &rooms).await?;
    let b = load_by(&mut tx, "id", &id.to_string())
        .await?
        .ok_or_else(|| PmsError::NotFound(reference.to_string()))?;
    tx.commit().await.map_err(db_err)?;
    Ok(b)
}

fn room_count(rooms: &[Occupancy]) -> u32 {
    u32::try_from(rooms.len()).unwrap_or(u32::MAX)
}

fn check_rooms(
    book: &PriceBook,
    room_type: &RoomTypeId,
    rooms: &[Occupancy],
) -> Result<(), PmsError> {
    if rooms.is_empty() {
        return Err(PmsError::InvalidRequest(
            "a booking needs at least one room".into(),
        ));
    }
    let t = book
        .types
        .iter()
        .find(|t| &t.room_type.id == room_type)
        .ok_or_else(|| PmsError::InvalidRequest(format!("there is no room type {room_type}")))?;
    if !fits_all(t, rooms) {
        return Err(PmsError::InvalidRequest(format!(
            "room type {room_type} holds at most {} adults, {} children, {} guests",
            t.room_type.capacity.adults,
            t.room_type.capacity.children,
            t.room_type.capacity.max_guests
        )));
    }
    Ok(())
}

async fn insert_rooms(
    db: &mut SqliteConnection,
    id: i64,
    rooms: &[Occupancy],
) -> Result<(), PmsError> {
    for (pos, o) in rooms.iter().enumerate() {
        let ages: Vec<String> = o
            .child_ages()
            .iter()
            .map(|a| a.map_or_else(|| "?".to_string(), |a| a.to_string()))
            .collect();
        sqlx::query("INSERT INTO pms_booking_room (booking_id, position, adults, child_ages) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(i64::try_from(pos).unwrap_or(0))
            .bind(o.adults())
            .bind(ages.join(","))
            .execute(&mut *db)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

macro_rules! select_booking {
    ($column:literal) => {
        concat!(
            "SELECT id, reference, idempotency_key, room_type_id, checkin, checkout, status, \
             email, total_excl_minor, total_incl_minor, currency FROM pms_booking WHERE ",
            $column,
            " = ?"
        )
    };
}

async fn load_by(
    db: &mut SqliteConnection,
    column: &str,
    value: &str,
) -> Result<Option<Booking>, PmsError> {
    let sql = match column {
        "id" => select_booking!("id"),
        "idempotency_key" => select_booking!("idempotency_key"),
        _ => select_booking!("reference"),
    };
    let Some(r) = sqlx::query(sql)
        .bind(value)
        .fetch_optional(&mut *db)
        .await
        .map_err(db_err)?
    else {
        return Ok(None);
    };
    let corrupt = |what: &str| PmsError::Unknown(format!("stored booking has a bad {what}"));
    let date = |c: &str| {
        NaiveDate::parse_from_str(r.get::<&str, _>(c), "%Y-%m-%d").map_err(|_| corrupt(c))
    };
    let currency =
        crate::domain::Currency::parse(r.get("currency")).map_err(|_| corrupt("currency"))?;
    let room_rows = sqlx::query(
        "SELECT adults, child_ages FROM pms_booking_room WHERE booking_id = ? ORDER BY position",
    )
    .bind(r.get::<i64, _>("id"))
    .fetch_all(&mut *db)
    .await
    .map_err(db_err)?;
    let mut rooms = Vec::with_capacity(room_rows.len());
    for rr in room_rows {
        let ages: Vec<Option<u8>> = rr
            .get::<&str, _>("child_ages")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok())
            .collect();
        let adults = u8::try_from(rr.get::<i64, _>("adults")).map_err(|_| corrupt("room"))?;
        rooms.push(Occupancy::new(adults, ages).map_err(|_| corrupt("room"))?);
    }
    Ok(Some(Booking {
        reference: BookingRef::parse(r.get("reference")).map_err(|_| corrupt("reference"))?,
        idempotency_key: IdempotencyKey::parse(r.get("idempotency_key")).ok(),
        status: match r.get::<&str, _>("status") {
            "cancelled" => BookingStatus::Cancelled,
            _ => BookingStatus::Confirmed,
        },
        room_type: RoomTypeId::parse(r.get("room_type_id")).map_err(|_| corrupt("room type"))?,
        stay: StayDates::new(date("checkin")?, date("checkout")?).map_err(|_| corrupt("stay"))?,
        rooms,
        guest_email: Email::parse(r.get("email")).ok(),
        total_excl_tax: Money::from_minor(r.get("total_excl_minor"), currency),
        total_incl_tax: Money::from_minor(r.get("total_incl_minor"), currency),
    }))
}
