//! Dates written the way the grammar reads them, so tests can check that
//! formatting a date and parsing it back gives the same date.

use crate::domain::Language;
use crate::engine::nlu::entities::vocab::month_name;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 15/03/2027 (day first in every language).
    Numeric,
    /// "15 de marzo de 2027", "March 15, 2027", "15 de março de 2027".
    Long,
    /// 2027-03-15
    Iso,
}

pub fn format(date: NaiveDate, lang: Language, style: Style) -> String {
    let (d, m, y) = (date.day(), date.month(), date.year());
    match style {
        Style::Numeric => format!("{d:02}/{m:02}/{y}"),
        Style::Iso => date.format("%Y-%m-%d").to_string(),
        Style::Long => match lang {
            Language::En => format!("{} {d}, {y}", month_name(lang, m)),
            _ => format!("{d} de {} de {y}", month_name(lang, m)),
        },
    }
}

/// A stay said the common way in each language: "del 15 de marzo al 18 de abril".
pub fn format_stay(checkin: NaiveDate, checkout: NaiveDate, lang: Language) -> String {
    let long = |d: NaiveDate| format(d, lang, Style::Long);
    match lang {
        Language::Es => format!("del {} al {}", long(checkin), long(checkout)),
        Language::En => format!("from {} to {}", long(checkin), long(checkout)),
        Language::Pt => format!("de {} a {}", long(checkin), long(checkout)),
    }
}
