//! Reading the hotel, its room types, seasons, rates and taxes.

use super::db_err;
use super::pricing::{Rates, Season, parse_mmdd};
use crate::domain::{Currency, Language, LocalizedText, RoomTypeId};
use crate::ports::pms::{Capacity, HotelInfo, PmsError, RoomType};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

pub async fn hotel(db: &mut SqliteConnection) -> Result<HotelInfo, PmsError> {
    let row = sqlx::query(
        "SELECT name, address, latitude, longitude, checkin_time, checkout_time, phone, currency \
         FROM pms_hotel WHERE id = 1",
    )
    .fetch_optional(&mut *db)
    .await
    .map_err(db_err)?
    .ok_or_else(|| PmsError::Unknown("the built-in PMS has no hotel configured".into()))?;
    let lat: Option<f64> = row.get("latitude");
    let lon: Option<f64> = row.get("longitude");
    let time = |c: &str| chrono::NaiveTime::parse_from_str(row.get::<&str, _>(c), "%H:%M").ok();
    Ok(HotelInfo {
        name: row.get("name"),
        address: row.get("address"),
        coordinates: lat.zip(lon),
        checkin_time: time("checkin_time"),
        checkout_time: time("checkout_time"),
        phone: row.get("phone"),
        currency: currency(&mut *db).await?,
    })
}

pub async fn currency(db: &mut SqliteConnection) -> Result<Currency, PmsError> {
    let code: String = sqlx::query_scalar("SELECT currency FROM pms_hotel WHERE id = 1")
        .fetch_one(&mut *db)
        .await
        .map_err(db_err)?;
    Currency::parse(&code).map_err(|e| PmsError::Unknown(e.to_string()))
}

/// A room type with what the quote needs besides the catalogue entry.
pub struct SellableType {
    pub room_type: RoomType,
    pub units: i64,
    pub included: Vec<LocalizedText>,
}

pub async fn room_types(db: &mut SqliteConnection) -> Result<Vec<SellableType>, PmsError> {
    let rows = sqlx::query(
        "SELECT id, units, adults, children, max_guests FROM pms_room_type ORDER BY position, id",
    )
    .fetch_all(&mut *db)
    .await
    .map_err(db_err)?;
    let texts = sqlx::query(
        "SELECT room_type_id, language, field, position, text FROM pms_room_type_text \
         ORDER BY room_type_id, field, position",
    )
    .fetch_all(&mut *db)
    .await
    .map_err(db_err)?;
    let photos = sqlx::query(
        "SELECT room_type_id, url FROM pms_room_type_photo ORDER BY room_type_id, position",
    )
    .fetch_all(&mut *db)
    .await
    .map_err(db_err)?;

    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.get("id");
        let mut name = LocalizedText::default();
        let mut description = LocalizedText::default();
        let mut included: Vec<LocalizedText> = Vec::new();
        for t in texts
            .iter()
            .filter(|t| t.get::<&str, _>("room_type_id") == id)
        {
            let Ok(lang) = t.get::<&str, _>("language").parse::<Language>() else {
                continue;
            };
            let text: String = t.get("text");
            match t.get::<&str, _>("field") {
                "name" => name = name.with(lang, text),
                "description" => description = description.with(lang, text),
                _ => {
                    let pos = usize::try_from(t.get::<i64, _>("position")).unwrap_or(0);
                    if included.len() <= pos {
                        included.resize_with(pos + 1, LocalizedText::default);
                    }
                    included[pos] = std::mem::take(&mut included[pos]).with(lang, text);
                }
            }
        }
        let small = |c: &str| u8::try_from(r.get::<i64, _>(c)).unwrap_or(u8::MAX);
        out.push(SellableType {
            room_type: RoomType {
                id: RoomTypeId::parse(&id).map_err(|e| PmsError::Unknown(e.to_string()))?,
                name,
                description,
                capacity: Capacity {
                    adults: small("adults"),
                    children: small("children"),
                    max_guests: small("max_guests"),
                },
                photos: photos
                    .iter()
                    .filter(|p| p.get::<&str, _>("room_type_id") == id)
                    .map(|p| p.get("url"))
                    .collect(),
            },
            units: r.get("units"),
            included: included.into_iter().filter(|t| !t.is_empty()).collect(),
        });
    }
    Ok(out)
}

pub async fn seasons(db: &mut SqliteConnection) -> Result<Vec<Season>, PmsError> {
    let rows = sqlx::query("SELECT code, starts_mmdd, ends_mmdd, priority FROM pms_season")
        .fetch_all(&mut *db)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let code: String = r.get("code");
            match (
                parse_mmdd(r.get("starts_mmdd")),
                parse_mmdd(r.get("ends_mmdd")),
            ) {
                (Some(from), Some(to)) => Ok(Season {
                    code,
                    from,
                    to,
                    priority: r.get("priority"),
                }),
                _ => Err(PmsError::Unknown(format!("season {code} has bad dates"))),
            }
        })
        .collect()
}

pub async fn rates(db: &mut SqliteConnection) -> Result<HashMap<String, Rates>, PmsError> {
    let rows = sqlx::query("SELECT room_type_id, season_code, weekday, amount_minor FROM pms_rate")
        .fetch_all(&mut *db)
        .await
        .map_err(db_err)?;
    let mut out: HashMap<String, Rates> = HashMap::new();
    for r in rows {
        let weekday = u8::try_from(r.get::<i64, _>("weekday")).unwrap_or(0);
        out.entry(r.get("room_type_id"))
            .or_default()
            .0
            .insert((r.get("season_code"), weekday), r.get("amount_minor"));
    }
    Ok(out)
}

/// All taxes together, in basis points.
pub async fn tax_bp(db: &mut SqliteConnection) -> Result<u32, PmsError> {
    let bp: i64 = sqlx::query_scalar("SELECT coalesce(sum(rate_bp), 0) FROM pms_tax")
        .fetch_one(&mut *db)
        .await
        .map_err(db_err)?;
    Ok(u32::try_from(bp).unwrap_or(0))
}
