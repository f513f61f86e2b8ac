//! The flows of the conversation, each in its own file.

pub mod availability;
pub mod booking;
pub mod buttons;
pub mod handoff;
pub mod info;
pub mod intents;
pub mod manage;
pub mod pending;
pub mod social;

use super::deps::Deps;
use super::reply::Reply;
use super::say::Say;
use super::state::HandoffReason;
use crate::domain::PhoneE164;
use chrono::{DateTime, NaiveDate, Utc};

/// Everything a flow reads, and where it puts what it says.
pub struct Cx<'a> {
    pub deps: &'a Deps,
    pub say: Say<'a>,
    pub now: DateTime<Utc>,
    /// Today in the hotel's time zone.
    pub today: NaiveDate,
    pub conversation: &'a str,
    pub guest_phone: Option<&'a PhoneE164>,
    pub text: &'a str,
    pub out: Vec<Reply>,
    pub handoff: Option<HandoffReason>,
    pub staff_notes: Vec<String>,
    /// Bookings made in this turn, recorded for staff and metrics.
    pub bookings: Vec<crate::ports::pms::Booking>,
}

impl Cx<'_> {
    pub fn push(&mut self, text: String) {
        self.out.push(Reply::text(text));
    }

    /// A question with "yes" / "no" buttons; typing the answer works too.
    pub fn ask_yes_no(&mut self, text: String) -> Result<(), crate::engine::replies::CatalogError> {
        let yes = self.say.plain("menu.yes")?;
        let no = self.say.plain("menu.no")?;
        self.out.push(
            Reply::text(text).with_buttons([("yes".to_string(), yes), ("no".to_string(), no)]),
        );
        Ok(())
    }
}
