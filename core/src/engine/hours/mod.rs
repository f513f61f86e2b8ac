//! Business hours: when staff are at the desk. The bot answers around the
//! clock; hours decide what it promises about a human answer.

mod policy;
mod schedule;

pub use policy::{HoursPolicy, Opening, OpeningDay};
pub use schedule::{HoursError, TimeRange, WeeklyHours};
