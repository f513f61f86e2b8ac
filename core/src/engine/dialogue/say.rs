//! Rendering replies in the conversation's language.

use crate::domain::{Language, Money, Occupancy};
use crate::engine::replies::{Catalog, CatalogError, Formatter, Vars};
use crate::ports::pms::HotelInfo;
use chrono::NaiveDate;

pub struct Say<'a> {
    pub catalog: &'a Catalog,
    pub lang: Language,
}

impl<'a> Say<'a> {
    pub fn t(&self, key: &str, vars: &Vars) -> Result<String, CatalogError> {
        self.catalog.render(self.lang, key, vars)
    }

    pub fn plain(&self, key: &str) -> Result<String, CatalogError> {
        self.t(key, &Vars::new())
    }

    pub fn fmt(&self) -> Formatter<'a> {
        Formatter::new(self.catalog, self.lang)
    }

    /// "2 adultos y 1 niño".
    pub fn guests(&self, adults: u8, children: usize) -> Result<String, CatalogError> {
        let count = |one: &str, many: &str, n: usize| {
            if n == 1 {
                self.plain(one)
            } else {
                self.t(many, &Vars::new().set("n", n.to_string()))
            }
        };
        let a = count("words.adults_one", "words.adults_many", usize::from(adults))?;
        if children == 0 {
            return Ok(a);
        }
        let c = count("words.children_one", "words.children_many", children)?;
        self.t("words.and", &Vars::new().set("a", a).set("b", c))
    }

    pub fn nights(&self, n: u32) -> Result<String, CatalogError> {
        if n == 1 {
            self.plain("words.nights_one")
        } else {
            self.t("words.nights_many", &Vars::new().set("n", n.to_string()))
        }
    }

    /// "del viernes 15 de marzo al lunes 18 de marzo".
    pub fn stay(&self, checkin: NaiveDate, checkout: NaiveDate) -> Result<String, CatalogError> {
        let f = self.fmt();
        self.t(
            "words.stay",
            &Vars::new()
                .set("checkin", f.long_date(checkin)?)
                .set("checkout", f.long_date(checkout)?),
        )
    }

    pub fn money(&self, minor: i64, currency: &str) -> String {
        self.fmt().money(minor, currency)
    }

    pub fn amount(&self, m: &Money) -> String {
        self.money(m.minor(), m.currency().code())
    }

    /// Everyone in a set of rooms: "2 adultos y 1 niño".
    pub fn party(&self, rooms: &[Occupancy]) -> Result<String, CatalogError> {
        self.guests(
            rooms.iter().map(Occupancy::adults).sum(),
            rooms.iter().map(Occupancy::children).sum(),
        )
    }

    pub fn hotel_name(info: Option<&HotelInfo>) -> String {
        info.map_or_else(String::new, |h| h.name.clone())
    }
}
