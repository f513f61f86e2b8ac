//! Dates of a stay already over. Without a year, a day already past this year
//! is read as next year's (flagged `rolled_to_next_year`): in a booking that
//! is the one meant. In a complaint or a thank-you about a past stay ("el 3 de
//! enero me cobraron de más", "we stayed on Feb 2nd") it is this year's. The
//! intents are known only after the entities, so the parse assembly decides
//! and calls [`unroll`].

use crate::domain::StayDates;
use crate::engine::nlu::output::{Entity, EntityFlag, EntityValue};
use chrono::{Datelike, NaiveDate};

/// Moves every date and stay flagged as rolled to next year back to this
/// year, dropping the flag (a 29 February that has no year before stays).
pub fn unroll(entities: &mut [Entity]) {
    for e in entities {
        if !e.flags.contains(&EntityFlag::RolledToNextYear) {
            continue;
        }
        let back = match &e.value {
            EntityValue::Date(d) => year_before(*d).map(EntityValue::Date),
            EntityValue::Stay(s) => year_before(s.checkin())
                .zip(year_before(s.checkout()))
                .and_then(|(a, b)| StayDates::new(a, b).ok())
                .map(EntityValue::Stay),
            _ => None,
        };
        if let Some(value) = back {
            e.value = value;
            e.flags.retain(|f| *f != EntityFlag::RolledToNextYear);
        }
    }
}

fn year_before(d: NaiveDate) -> Option<NaiveDate> {
    d.with_year(d.year() - 1)
}
