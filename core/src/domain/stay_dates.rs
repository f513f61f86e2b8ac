//! A stay: check-in date (inclusive) to check-out date (exclusive), at least one night.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawStay")]
pub struct StayDates {
    checkin: NaiveDate,
    checkout: NaiveDate,
}

#[derive(Deserialize)]
struct RawStay {
    checkin: NaiveDate,
    checkout: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StayDatesError {
    #[error("check-out {checkout} must be after check-in {checkin}")]
    NotAfter {
        checkin: NaiveDate,
        checkout: NaiveDate,
    },
    #[error("a stay of {0} nights is longer than the {max} allowed", max = StayDates::MAX_NIGHTS)]
    TooLong(i64),
}

impl TryFrom<RawStay> for StayDates {
    type Error = StayDatesError;
    fn try_from(r: RawStay) -> Result<Self, Self::Error> {
        StayDates::new(r.checkin, r.checkout)
    }
}

impl StayDates {
    /// Longer stays are long-term rentals, handled by staff, not the bot.
    pub const MAX_NIGHTS: i64 = 90;

    pub fn new(checkin: NaiveDate, checkout: NaiveDate) -> Result<Self, StayDatesError> {
        let nights = (checkout - checkin).num_days();
        if nights < 1 {
            return Err(StayDatesError::NotAfter { checkin, checkout });
        }
        if nights > Self::MAX_NIGHTS {
            return Err(StayDatesError::TooLong(nights));
        }
        Ok(Self { checkin, checkout })
    }

    pub fn from_nights(checkin: NaiveDate, nights: u32) -> Result<Self, StayDatesError> {
        let checkout = checkin
            .checked_add_days(Days::new(u64::from(nights)))
            .ok_or(StayDatesError::TooLong(i64::from(nights)))?;
        Self::new(checkin, checkout)
    }

    pub fn checkin(&self) -> NaiveDate {
        self.checkin
    }

    pub fn checkout(&self) -> NaiveDate {
        self.checkout
    }

    pub fn nights(&self) -> u32 {
        u32::try_from((self.checkout - self.checkin).num_days()).unwrap_or(0)
    }

    /// Each night of the stay, by the date it starts.
    pub fn each_night(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.checkin.iter_days().take_while(|d| *d < self.checkout)
    }

    /// Two stays overlap when they share a night; back-to-back stays don't.
    pub fn overlaps(&self, other: &StayDates) -> bool {
        self.checkin < other.checkout && other.checkin < self.checkout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn nights_and_each_night() {
        let s = StayDates::new(d("2026-03-15"), d("2026-03-18")).expect("valid");
        assert_eq!(s.nights(), 3);
        assert_eq!(
            s.each_night().collect::<Vec<_>>(),
            vec![d("2026-03-15"), d("2026-03-16"), d("2026-03-17")]
        );
        assert_eq!(
            StayDates::from_nights(d("2026-12-30"), 3).map(|s| s.checkout()),
            Ok(d("2027-01-02"))
        );
    }

    #[test]
    fn refuses_empty_reversed_and_overlong_stays() {
        assert!(StayDates::new(d("2026-03-15"), d("2026-03-15")).is_err());
        assert!(StayDates::new(d("2026-03-18"), d("2026-03-15")).is_err());
        assert!(matches!(
            StayDates::from_nights(d("2026-01-01"), 91),
            Err(StayDatesError::TooLong(91))
        ));
        assert!(
            serde_json::from_str::<StayDates>(
                r#"{"checkin":"2026-03-18","checkout":"2026-03-15"}"#
            )
            .is_err()
        );
    }

    #[test]
    fn overlap_is_about_shared_nights() {
        let a = StayDates::new(d("2026-03-15"), d("2026-03-18")).expect("valid");
        let back_to_back = StayDates::new(d("2026-03-18"), d("2026-03-20")).expect("valid");
        let inside = StayDates::new(d("2026-03-16"), d("2026-03-17")).expect("valid");
        assert!(!a.overlaps(&back_to_back) && !back_to_back.overlaps(&a));
        assert!(a.overlaps(&inside) && inside.overlaps(&a));
    }
}
