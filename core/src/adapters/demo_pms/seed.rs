//! Loads the demo hotel (`core/data/demo_hotel/hotel.toml`) into the built-in
//! PMS tables, once: a hotel's own edits are never overwritten.

use super::pricing::{REGULAR, parse_mmdd};
use crate::domain::{Currency, Language};
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

pub const DEMO_HOTEL_TOML: &str = include_str!("../../../data/demo_hotel/hotel.toml");

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("demo hotel data is invalid: {0}")]
    Invalid(String),
    #[error("cannot store the demo hotel: {0}")]
    Db(#[from] sqlx::Error),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    hotel: SeedHotel,
    taxes: Vec<SeedTax>,
    seasons: Vec<SeedSeason>,
    room_types: Vec<SeedRoomType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedHotel {
    name: String,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    checkin_time: String,
    checkout_time: String,
    phone: Option<String>,
    currency: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedTax {
    name: String,
    rate_percent: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedSeason {
    code: String,
    from: String,
    to: String,
    priority: i64,
}

type Texts = BTreeMap<Language, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRoomType {
    id: String,
    units: u32,
    adults: u8,
    children: u8,
    max_guests: u8,
    name: Texts,
    description: Texts,
    included: Vec<Texts>,
    photos: Vec<String>,
    /// Season code → seven nightly prices, Monday first, in whole currency units.
    rates: BTreeMap<String, [u32; 7]>,
}

/// Seeds the tables from `toml` unless a hotel is already there. Returns
/// whether it seeded.
pub async fn seed_if_empty(db: &SqlitePool, toml_text: &str) -> Result<bool, SeedError> {
    let seed: SeedFile =
        toml::from_str(toml_text).map_err(|e| SeedError::Invalid(e.to_string()))?;
    validate(&seed)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM pms_hotel")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Ok(false);
    }
    let h = &seed.hotel;
    sqlx::query(
        "INSERT INTO pms_hotel (id, name, address, latitude, longitude, checkin_time, \
         checkout_time, phone, currency) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&h.name)
    .bind(&h.address)
    .bind(h.latitude)
    .bind(h.longitude)
    .bind(&h.checkin_time)
    .bind(&h.checkout_time)
    .bind(&h.phone)
    .bind(h.currency.to_ascii_uppercase())
    .execute(&mut *tx)
    .await?;
    for t in &seed.taxes {
        sqlx::query("INSERT INTO pms_tax (name, rate_bp) VALUES (?, ?)")
            .bind(&t.name)
            .bind(t.rate_percent * 100)
            .execute(&mut *tx)
            .await?;
    }
    for s in &seed.seasons {
        sqlx::query(
            "INSERT INTO pms_season (code, starts_mmdd, ends_mmdd, priority) VALUES (?, ?, ?, ?)",
        )
        .bind(&s.code)
        .bind(&s.from)
        .bind(&s.to)
        .bind(s.priority)
        .execute(&mut *tx)
        .await?;
    }
    for (position, rt) in seed.room_types.iter().enumerate() {
        insert_room_type(&mut tx, position, rt).await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn insert_room_type(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    position: usize,
    rt: &SeedRoomType,
) -> Result<(), SeedError> {
    sqlx::query(
        "INSERT INTO pms_room_type (id, position, units, adults, children, max_guests) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&rt.id)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(rt.units)
    .bind(rt.adults)
    .bind(rt.children)
    .bind(rt.max_guests)
    .execute(&mut **tx)
    .await?;
    let mut texts: Vec<(&str, usize, &Texts)> =
        vec![("name", 0, &rt.name), ("description", 0, &rt.description)];
    texts.extend(
        rt.included
            .iter()
            .enumerate()
            .map(|(i, t)| ("included", i, t)),
    );
    for (field, pos, by_lang) in texts {
        for (lang, text) in by_lang {
            sqlx::query(
                "INSERT INTO pms_room_type_text (room_type_id, language, field, position, text) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&rt.id)
            .bind(lang.code())
            .bind(field)
            .bind(i64::try_from(pos).unwrap_or(0))
            .bind(text)
            .execute(&mut **tx)
            .await?;
        }
    }
    for (pos, url) in rt.photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO pms_room_type_photo (room_type_id, position, url) VALUES (?, ?, ?)",
        )
        .bind(&rt.id)
        .bind(i64::try_from(pos).unwrap_or(0))
        .bind(url)
        .execute(&mut **tx)
        .await?;
    }
    for (season, week) in &rt.rates {
        for (weekday, amount) in week.iter().enumerate() {
            sqlx::query(
                "INSERT INTO pms_rate (room_type_id, season_code, weekday, amount_minor) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(&rt.id)
            .bind(season)
            .bind(i64::try_from(weekday).unwrap_or(0))
            .bind(i64::from(*amount) * 100)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

fn validate(seed: &SeedFile) -> Result<(), SeedError> {
    let bad = |m: String| Err(SeedError::Invalid(m));
    Currency::parse(&seed.hotel.currency).map_err(|e| SeedError::Invalid(e.to_string()))?;
    for t in [&seed.hotel.checkin_time, &seed.hotel.checkout_time] {
        if chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err() {
            return bad(format!("time {t:?} is not HH:MM"));
        }
    }
    for s in &seed.seasons {
        if parse_mmdd(&s.from).is_none() || parse_mmdd(&s.to).is_none() || s.code == REGULAR {
            return bad(format!(
                "season {:?} needs from/to as MM-DD and a code other than regular",
                s.code
            ));
        }
    }
    for rt in &seed.room_types {
        if !rt.rates.contains_key(REGULAR) {
            return bad(format!("room type {} has no regular rates", rt.id));
        }
        if let Some(code) = rt
            .rates
            .keys()
            .find(|c| *c != REGULAR && !seed.seasons.iter().any(|s| &s.code == *c))
        {
            return bad(format!(
                "room type {} has rates for unknown season {code}",
                rt.id
            ));
        }
        if rt.name.is_empty() || rt.adults == 0 || rt.max_guests < rt.adults {
            return bad(format!(
                "room type {} needs a name, adults ≥ 1 and max_guests ≥ adults",
                rt.id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_demo_hotel_is_valid() {
        let seed: SeedFile = toml::from_str(DEMO_HOTEL_TOML).expect("parses");
        validate(&seed).expect("valid");
        assert!((4..=6).contains(&seed.room_types.len()));
        for rt in &seed.room_types {
            for lang in Language::ALL {
                assert!(rt.name.contains_key(&lang), "{} lacks a {lang} name", rt.id);
            }
        }
    }

    #[test]
    fn refuses_rates_for_an_unknown_season() {
        let text = DEMO_HOTEL_TOML.replace("rates.easter", "rates.eastr");
        let seed: SeedFile = toml::from_str(&text).expect("parses");
        let msg = validate(&seed)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("unknown season eastr"), "{msg}");
    }
}
