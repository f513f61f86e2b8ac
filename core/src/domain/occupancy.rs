//! Who sleeps in one room: adults and the ages of any children.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawOccupancy")]
pub struct Occupancy {
    adults: u8,
    /// One entry per child; `None` when the guest has not said the age yet.
    child_ages: Vec<Option<u8>>,
}

#[derive(Deserialize)]
struct RawOccupancy {
    adults: u8,
    #[serde(default)]
    child_ages: Vec<Option<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OccupancyError {
    #[error("a room needs at least one adult")]
    NoAdult,
    #[error("{0} guests in one room is more than any room holds ({max})", max = Occupancy::MAX_GUESTS)]
    TooMany(usize),
    #[error("a child aged {0} is an adult; count them as one")]
    ChildTooOld(u8),
}

impl TryFrom<RawOccupancy> for Occupancy {
    type Error = OccupancyError;
    fn try_from(r: RawOccupancy) -> Result<Self, Self::Error> {
        Occupancy::new(r.adults, r.child_ages)
    }
}

impl Occupancy {
    pub const MAX_GUESTS: usize = 12;
    pub const ADULT_AGE: u8 = 18;

    pub fn new(adults: u8, child_ages: Vec<Option<u8>>) -> Result<Self, OccupancyError> {
        if adults == 0 {
            return Err(OccupancyError::NoAdult);
        }
        let total = usize::from(adults) + child_ages.len();
        if total > Self::MAX_GUESTS {
            return Err(OccupancyError::TooMany(total));
        }
        if let Some(age) = child_ages.iter().flatten().find(|a| **a >= Self::ADULT_AGE) {
            return Err(OccupancyError::ChildTooOld(*age));
        }
        Ok(Self { adults, child_ages })
    }

    pub fn adults(&self) -> u8 {
        self.adults
    }

    pub fn children(&self) -> usize {
        self.child_ages.len()
    }

    pub fn child_ages(&self) -> &[Option<u8>] {
        &self.child_ages
    }

    pub fn total(&self) -> usize {
        usize::from(self.adults) + self.child_ages.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_rooms() {
        let o = Occupancy::new(2, vec![Some(3), None]).expect("valid");
        assert_eq!((o.adults(), o.children(), o.total()), (2, 2, 4));
    }

    #[test]
    fn invalid_rooms() {
        assert_eq!(
            Occupancy::new(0, vec![Some(5)]),
            Err(OccupancyError::NoAdult)
        );
        assert_eq!(
            Occupancy::new(12, vec![None]),
            Err(OccupancyError::TooMany(13))
        );
        assert_eq!(
            Occupancy::new(1, vec![Some(18)]),
            Err(OccupancyError::ChildTooOld(18))
        );
        assert!(serde_json::from_str::<Occupancy>(r#"{"adults":0}"#).is_err());
    }
}
