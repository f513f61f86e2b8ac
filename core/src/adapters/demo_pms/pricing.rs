//! Nightly rates: which season a night falls in, and what one room costs then.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// A recurring season, by month and day, inclusive; may wrap the new year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    pub code: String,
    pub from: (u32, u32),
    pub to: (u32, u32),
    pub priority: i64,
}

pub const REGULAR: &str = "regular";

impl Season {
    pub fn contains(&self, night: NaiveDate) -> bool {
        let md = (night.month(), night.day());
        if self.from <= self.to {
            self.from <= md && md <= self.to
        } else {
            md >= self.from || md <= self.to
        }
    }
}

/// Parses "MM-DD".
pub fn parse_mmdd(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted.
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The season of a night: the highest-priority one containing it, else regular.
pub fn season_of(seasons: &[Season], night: NaiveDate) -> &str {
    seasons
        .iter()
        .filter(|s| s.contains(night))
        .max_by_key(|s| s.priority)
        .map_or(REGULAR, |s| s.code.as_str())
}

/// One room type's rates: (season code, weekday 0 = Monday) → minor units.
#[derive(Debug, Default, Clone)]
pub struct Rates(pub HashMap<(String, u8), i64>);

impl Rates {
    /// A season without its own rate for that weekday falls back to regular;
    /// `None` means the room type has no price that night and is not sold.
    pub fn nightly(&self, seasons: &[Season], night: NaiveDate) -> Option<i64> {
        let weekday = u8::try_from(night.weekday().num_days_from_monday()).unwrap_or(0);
        let season = season_of(seasons, night);
        self.0
            .get(&(season.to_string(), weekday))
            .or_else(|| self.0.get(&(REGULAR.to_string(), weekday)))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn seasons() -> Vec<Season> {
        vec![
            Season {
                code: "high".into(),
                from: (12, 15),
                to: (3, 10),
                priority: 1,
            },
            Season {
                code: "easter".into(),
                from: (3, 1),
                to: (3, 5),
                priority: 2,
            },
        ]
    }

    #[test]
    fn seasons_wrap_the_year_and_priority_decides_overlaps() {
        let s = seasons();
        assert_eq!(season_of(&s, d("2026-12-31")), "high");
        assert_eq!(season_of(&s, d("2027-01-15")), "high");
        assert_eq!(season_of(&s, d("2027-03-03")), "easter");
        assert_eq!(season_of(&s, d("2027-03-11")), REGULAR);
        assert_eq!(season_of(&s, d("2026-12-14")), REGULAR);
    }

    #[test]
    fn rates_by_weekday_with_regular_fallback() {
        let mut r = Rates::default();
        for wd in 0..7 {
            r.0.insert((REGULAR.into(), wd), 100 + i64::from(wd));
        }
        r.0.insert(("high".into(), 5), 500);
        let s = seasons();
        // 2027-01-16 is a Saturday (weekday 5) in high season.
        assert_eq!(r.nightly(&s, d("2027-01-16")), Some(500));
        // High-season Friday without its own rate: the regular Friday.
        assert_eq!(r.nightly(&s, d("2027-01-15")), Some(104));
        assert_eq!(r.nightly(&s, d("2027-05-03")), Some(100));
        assert_eq!(parse_mmdd("02-29"), Some((2, 29)));
        assert_eq!(parse_mmdd("13-01"), None);
    }
}
