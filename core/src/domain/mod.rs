//! Types with invariants, parsed at the edge and valid inside. Nothing here
//! depends on the rest of the crate.

mod language;
mod occupancy;
mod phone;
mod stay_dates;
mod topic;

pub use language::{Language, UnknownLanguage};
pub use occupancy::{Occupancy, OccupancyError};
pub use phone::{PhoneE164, PhoneError};
pub use stay_dates::{StayDates, StayDatesError};
pub use topic::{Topic, UnknownTopic};
