//! Types with invariants, parsed at the edge and valid inside. Nothing here
//! depends on the rest of the crate.

mod booking;
mod email;
mod language;
mod localized;
mod money;
mod occupancy;
mod phone;
mod stay_dates;
mod topic;

pub use booking::{BadId, BookingRef, BookingStatus, IdempotencyKey, RoomTypeId};
pub use email::{Email, EmailError};
pub use language::{Language, UnknownLanguage};
pub use localized::LocalizedText;
pub use money::{Currency, Money, MoneyError};
pub use occupancy::{Occupancy, OccupancyError};
pub use phone::{PhoneE164, PhoneError};
pub use stay_dates::{StayDates, StayDatesError};
pub use topic::{Topic, UnknownTopic};
