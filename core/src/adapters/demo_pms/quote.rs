//! Prices for a stay, computed one way for quotes and bookings alike, so a
//! quote is exactly what the booking will be charged.

use super::catalog::{self, SellableType};
use super::inventory;
use super::pricing::{Rates, Season};
use crate::domain::{Currency, Money, Occupancy, StayDates};
use crate::ports::pms::{NightPrice, PmsError, Quote, QuoteRequest, RoomOffer};
use sqlx::SqliteConnection;
use std::collections::HashMap;

pub struct StayPrice {
    pub nights: Vec<NightPrice>,
    pub excl: Money,
    pub incl: Money,
}

/// Tax is computed per night and room, then summed, the way an invoice lists it.
pub fn price_stay(
    rates: &Rates,
    seasons: &[Season],
    tax_bp: u32,
    currency: Currency,
    stay: &StayDates,
    rooms: u32,
) -> Result<Option<StayPrice>, PmsError> {
    let overflow = |e: crate::domain::MoneyError| PmsError::Unknown(e.to_string());
    let mut nights = Vec::new();
    for night in stay.each_night() {
        let Some(minor) = rates.nightly(seasons, night) else {
            return Ok(None);
        };
        let one = Money::from_minor(minor, currency);
        let one_incl = one
            .checked_add(one.basis_points(tax_bp))
            .map_err(overflow)?;
        nights.push(NightPrice {
            night,
            excl_tax: one.times(rooms).map_err(overflow)?,
            incl_tax: one_incl.times(rooms).map_err(overflow)?,
        });
    }
    let zero = Money::zero(currency);
    let excl = Money::sum(nights.iter().map(|n| n.excl_tax)).map_err(overflow)?;
    let incl = Money::sum(nights.iter().map(|n| n.incl_tax)).map_err(overflow)?;
    Ok(Some(StayPrice {
        excl: excl.unwrap_or(zero),
        incl: incl.unwrap_or(zero),
        nights,
    }))
}

pub fn fits_all(t: &SellableType, rooms: &[Occupancy]) -> bool {
    rooms.iter().all(|o| t.room_type.capacity.fits(o))
}

/// Everything pricing needs, read in one go.
pub struct PriceBook {
    pub types: Vec<SellableType>,
    pub seasons: Vec<Season>,
    pub rates: HashMap<String, Rates>,
    pub tax_bp: u32,
    pub currency: Currency,
}

impl PriceBook {
    pub async fn load(db: &mut SqliteConnection) -> Result<Self, PmsError> {
        Ok(Self {
            types: catalog::room_types(db).await?,
            seasons: catalog::seasons(db).await?,
            rates: catalog::rates(db).await?,
            tax_bp: catalog::tax_bp(db).await?,
            currency: catalog::currency(db).await?,
        })
    }

    pub fn price(
        &self,
        room_type: &str,
        stay: &StayDates,
        rooms: u32,
    ) -> Result<Option<StayPrice>, PmsError> {
        let Some(rates) = self.rates.get(room_type) else {
            return Ok(None);
        };
        price_stay(
            rates,
            &self.seasons,
            self.tax_bp,
            self.currency,
            stay,
            rooms,
        )
    }
}

pub async fn quote(db: &mut SqliteConnection, req: &QuoteRequest) -> Result<Quote, PmsError> {
    if req.rooms.is_empty() {
        return Err(PmsError::InvalidRequest(
            "a quote needs at least one room".into(),
        ));
    }
    let book = PriceBook::load(db).await?;
    let units = book
        .types
        .iter()
        .map(|t| (t.room_type.id.to_string(), t.units))
        .collect();
    let free = inventory::free_rooms(db, &req.stay, &units).await?;
    let rooms = u32::try_from(req.rooms.len()).unwrap_or(u32::MAX);
    let mut offers = Vec::new();
    for t in &book.types {
        let id = &t.room_type.id;
        if req.room_type.as_ref().is_some_and(|want| want != id) || !fits_all(t, &req.rooms) {
            continue;
        }
        let Some(price) = book.price(id.as_str(), &req.stay, rooms)? else {
            continue;
        };
        offers.push(RoomOffer {
            room_type: id.clone(),
            name: t.room_type.name.clone(),
            available: free.get(id.as_str()).copied().unwrap_or(0),
            nights: price.nights,
            total_excl_tax: price.excl,
            total_incl_tax: price.incl,
            included: t.included.clone(),
        });
    }
    Ok(Quote {
        stay: req.stay,
        offers,
    })
}
