//! Quotes from `POST /api/hotel_ari` with a per-night breakdown.
//!
//! Quirk 2: `hotel_ari` prices include services QloApps auto-adds to each
//! room ("Room Maintenance Fees", +250/night in the demo), but a booking made
//! through `/api/bookings` is charged without them. We quote what the booking
//! will cost: the ARI price minus the auto-added services of that room type,
//! taxed at the rate ARI itself applied (room and services share a tax rule
//! in the installs we have seen).

use super::catalog::Catalog;
use super::client::{Body, Client};
use super::wire::{entries, int_at, list, money_at};
use super::xml;
use crate::domain::{Money, MoneyError, RoomTypeId};
use crate::ports::pms::{NightPrice, PmsError, Quote, QuoteRequest, RoomOffer};
use chrono::NaiveDate;
use reqwest::Method;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// One room type on one night, as ARI reports it.
struct NightRow {
    excl: Money,
    incl: Money,
    available: BTreeSet<String>,
}

pub async fn quote(
    client: &Client,
    hotel_id: u32,
    catalog: &Catalog,
    req: &QuoteRequest,
) -> Result<Quote, PmsError> {
    if req.rooms.is_empty() {
        return Err(PmsError::InvalidRequest(
            "a quote needs at least one room".into(),
        ));
    }
    let body = xml::hotel_ari(hotel_id, &req.stay, &req.rooms, req.room_type.as_ref());
    let answer = client
        .write(Method::POST, "hotel_ari", Body::Xml(body))
        .await?;
    let nights = parse(&answer, catalog)?;
    let rooms = u32::try_from(req.rooms.len()).unwrap_or(u32::MAX);
    let money = |e: MoneyError| PmsError::Unknown(e.to_string());

    let mut offers = Vec::new();
    for t in &catalog.room_types {
        if req.room_type.as_ref().is_some_and(|want| want != &t.id)
            || !req.rooms.iter().all(|o| t.capacity.fits(o))
        {
            continue;
        }
        let rows: Option<Vec<(NaiveDate, &NightRow)>> = req
            .stay
            .each_night()
            .map(|n| nights.get(&(n, t.id.clone())).map(|r| (n, r)))
            .collect();
        let Some(rows) = rows else { continue };
        let zero = Money::zero(catalog.hotel.currency);
        let (per_night, per_stay) = catalog
            .auto_added
            .get(&t.id)
            .copied()
            .unwrap_or((zero, zero));
        let mut priced = Vec::new();
        let mut free: Option<BTreeSet<String>> = None;
        for (i, (night, row)) in rows.iter().enumerate() {
            let mut services = per_night.times(rooms).map_err(money)?;
            if i == 0 {
                services = services
                    .checked_add(per_stay.times(rooms).map_err(money)?)
                    .map_err(money)?;
            }
            let room_only =
                Money::from_minor(row.excl.minor() - services.minor(), row.excl.currency());
            let bp = tax_bp(row.excl, row.incl);
            priced.push(NightPrice {
                night: *night,
                excl_tax: room_only,
                incl_tax: room_only
                    .checked_add(room_only.basis_points(bp))
                    .map_err(money)?,
            });
            // A room counts only if it is free on every night of the stay.
            free = Some(match free {
                None => row.available.clone(),
                Some(f) => f.intersection(&row.available).cloned().collect(),
            });
        }
        let total_excl = Money::sum(priced.iter().map(|n| n.excl_tax))
            .map_err(money)?
            .unwrap_or(zero);
        let bp = rows.first().map_or(0, |(_, r)| tax_bp(r.excl, r.incl));
        offers.push(RoomOffer {
            room_type: t.id.clone(),
            name: t.name.clone(),
            available: u32::try_from(free.map_or(0, |f| f.len())).unwrap_or(u32::MAX),
            total_incl_tax: total_excl
                .checked_add(total_excl.basis_points(bp))
                .map_err(money)?,
            total_excl_tax: total_excl,
            nights: priced,
            included: Vec::new(),
        });
    }
    Ok(Quote {
        stay: req.stay,
        offers,
    })
}

/// The tax rate ARI applied, in basis points.
fn tax_bp(excl: Money, incl: Money) -> u32 {
    if excl.minor() <= 0 {
        return 0;
    }
    let bp = ((incl.minor() - excl.minor()) as f64 / excl.minor() as f64 * 10_000.0).round();
    if bp.is_finite() && bp >= 0.0 {
        bp as u32
    } else {
        0
    }
}

fn parse(
    answer: &Value,
    catalog: &Catalog,
) -> Result<HashMap<(NaiveDate, RoomTypeId), NightRow>, PmsError> {
    let currency = catalog.hotel.currency;
    let mut out = HashMap::new();
    let days = list(answer, "hotel_aris");
    if days.is_empty() && answer.get("hotel_aris").is_none() {
        return Err(PmsError::Unknown(
            "hotel_ari answered without hotel_aris".into(),
        ));
    }
    for day in days {
        let Some(night) = super::wire::date_at(day, "date_from") else {
            continue;
        };
        for t in list(day, "room_types") {
            let Some(id) =
                int_at(t, "id_room_type").and_then(|i| RoomTypeId::parse(&i.to_string()).ok())
            else {
                continue;
            };
            let (Some(excl), Some(incl)) = (
                money_at(t, "total_price", currency),
                money_at(t, "total_price_with_tax", currency),
            ) else {
                continue;
            };
            let available = entries(t.get("rooms").and_then(|r| r.get("available")))
                .into_iter()
                .map(|(k, _)| k.to_string())
                .collect();
            out.insert(
                (night, id),
                NightRow {
                    excl,
                    incl,
                    available,
                },
            );
        }
    }
    Ok(out)
}
