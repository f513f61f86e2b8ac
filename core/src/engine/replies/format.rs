//! Money, dates and times the way each language writes them.

use super::catalog::{Catalog, CatalogError, Vars};
use crate::domain::Language;
use crate::engine::hours::{Opening, OpeningDay, TimeRange};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

/// Minor-unit digits per ISO 4217 code for the currencies our hotels use;
/// anything else is shown with two.
pub fn currency_decimals(code: &str) -> u32 {
    match code {
        "CLP" | "PYG" | "JPY" | "KRW" | "ISK" => 0,
        _ => 2,
    }
}

fn currency_symbol(code: &str) -> &str {
    match code {
        "ARS" | "MXN" | "CLP" | "COP" => "$",
        "USD" => "US$",
        "BRL" => "R$",
        "EUR" => "€",
        "GBP" => "£",
        "UYU" => "$U",
        "PEN" => "S/",
        "PYG" => "₲",
        other => other,
    }
}

pub struct Formatter<'a> {
    catalog: &'a Catalog,
    lang: Language,
}

impl<'a> Formatter<'a> {
    pub fn new(catalog: &'a Catalog, lang: Language) -> Self {
        Self { catalog, lang }
    }

    /// `minor` is in the currency's minor unit (cents). Whole amounts drop the
    /// decimals ("$ 12.000"), as hotels quote prices; others keep them.
    pub fn money(&self, minor: i64, currency: &str) -> String {
        let decimals = currency_decimals(currency);
        let scale = 10_i64.pow(decimals);
        let (whole, frac) = (minor.abs() / scale, minor.abs() % scale);
        let (thousands, decimal) = match self.lang {
            Language::En => (',', '.'),
            Language::Es | Language::Pt => ('.', ','),
        };
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(c);
        }
        if frac != 0 {
            grouped.push(decimal);
            grouped.push_str(&format!("{frac:0width$}", width = decimals as usize));
        }
        let sign = if minor < 0 { "-" } else { "" };
        let symbol = currency_symbol(currency);
        match self.lang {
            Language::En => format!("{sign}{symbol}{grouped}"),
            Language::Es | Language::Pt => format!("{sign}{symbol} {grouped}"),
        }
    }

    /// 24-hour "14:30" for Spanish and Portuguese, "2:30 PM" for English.
    pub fn time(&self, t: NaiveTime) -> String {
        match self.lang {
            Language::En => {
                let (pm, h) = t.hour12();
                format!("{h}:{:02} {}", t.minute(), if pm { "PM" } else { "AM" })
            }
            Language::Es | Language::Pt => format!("{}:{:02}", t.hour(), t.minute()),
        }
    }

    /// "9:00 - 21:00", several ranges joined: "9:00 - 13:00, 16:00 - 21:00".
    pub fn ranges(&self, ranges: &[TimeRange]) -> String {
        ranges
            .iter()
            .map(|r| format!("{} - {}", self.time(r.open), self.time(r.close)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "a las 9:00" / "a la 1:00" / "às 9:00" / "at 9:00 AM".
    pub fn at_time(&self, t: NaiveTime) -> Result<String, CatalogError> {
        // Only one o'clock is singular ("a la 1:00", "à 1:00"); 13:00 is "a las 13:00".
        let key = if t.hour() == 1 {
            "calendar.at_time_one"
        } else {
            "calendar.at_time"
        };
        self.catalog
            .render(self.lang, key, &Vars::new().set("time", self.time(t)))
    }

    pub fn weekday(&self, d: Weekday) -> Result<String, CatalogError> {
        self.pick("calendar.weekdays", d.num_days_from_monday() as usize)
    }

    /// "viernes 15 de marzo" / "Friday, March 15" / "sexta-feira, 15 de março".
    pub fn long_date(&self, d: NaiveDate) -> Result<String, CatalogError> {
        let vars = Vars::new()
            .set("weekday", self.weekday(d.weekday())?)
            .set("day", d.day().to_string())
            .set("month", self.pick("calendar.months", d.month0() as usize)?)
            .set("month_number", format!("{:02}", d.month()));
        self.catalog.render(self.lang, "calendar.long_date", &vars)
    }

    /// "15/03" / "March 15".
    pub fn short_date(&self, d: NaiveDate) -> Result<String, CatalogError> {
        let vars = Vars::new()
            .set("weekday", self.weekday(d.weekday())?)
            .set("day", d.day().to_string())
            .set("month", self.pick("calendar.months", d.month0() as usize)?)
            .set("month_number", format!("{:02}", d.month()));
        self.catalog.render(self.lang, "calendar.short_date", &vars)
    }

    /// "hoy a las 9:00", "el lunes a las 9:00", "on 12/11 at 9:00 AM"…
    pub fn opening(&self, opening: Option<&Opening>) -> Result<String, CatalogError> {
        let Some(o) = opening else {
            return self
                .catalog
                .render(self.lang, "hours.opening_unknown", &Vars::new());
        };
        let vars = Vars::new().set("at_time", self.at_time(o.time)?);
        match o.day {
            OpeningDay::Today => self.catalog.render(self.lang, "hours.opening_today", &vars),
            OpeningDay::Tomorrow => self
                .catalog
                .render(self.lang, "hours.opening_tomorrow", &vars),
            OpeningDay::ThisWeek(w) => {
                let on = self.pick("calendar.on_weekdays", w.num_days_from_monday() as usize)?;
                self.catalog.render(
                    self.lang,
                    "hours.opening_weekday",
                    &vars.set("on_weekday", on),
                )
            }
            OpeningDay::Date(d) => {
                let date = self.short_date(d)?;
                self.catalog
                    .render(self.lang, "hours.opening_date", &vars.set("date", date))
            }
        }
    }

    fn pick(&self, key: &str, i: usize) -> Result<String, CatalogError> {
        self.catalog
            .list(self.lang, key)?
            .get(i)
            .cloned()
            .ok_or_else(|| CatalogError::UnknownKey {
                key: format!("{key}[{i}]"),
                lang: self.lang,
            })
    }
}

#[cfg(test)]
mod tests;
