//! What the receptionist needs from the outside, handed in at composition.

use crate::domain::Language;
use crate::engine::hours::HoursPolicy;
use crate::ports::clock::Clock;
use crate::ports::hours::HoursSource;
use crate::ports::knowledge::KnowledgeBase;
use crate::ports::locks::Locks;
use crate::ports::pms::Pms;
use chrono::NaiveTime;
use chrono_tz::Tz;
use std::sync::Arc;
use std::time::Duration;

/// The hotel's own rules and settings the conversation depends on.
#[derive(Debug, Clone)]
pub struct HotelProfile {
    /// Names this property for room holds (one Redis can serve a group).
    pub property: String,
    pub tz: Tz,
    pub default_language: Language,
    /// For phone numbers guests write without a country code ("598").
    pub calling_code: String,
    /// The hours in the `[hotel]` settings: the seed of the stored hours
    /// ([`Deps::hours`] is what the receptionist reads).
    pub hours: HoursPolicy,
    /// How long an offered room stays held while the guest confirms.
    pub hold_ttl: Duration,
    pub late_checkout_until: NaiveTime,
    pub early_checkin_from: NaiveTime,
    /// Fee for late check-out / early check-in, as a share of one night's price.
    pub late_fee_percent: u32,
    /// A conversation left in human mode this long without staff returns to the bot.
    pub human_idle_return: chrono::Duration,
}

#[derive(Clone)]
pub struct Deps {
    pub pms: Arc<dyn Pms>,
    pub locks: Arc<dyn Locks>,
    pub knowledge: Arc<dyn KnowledgeBase>,
    /// The desk's hours and holidays as staff last edited them.
    pub hours: Arc<dyn HoursSource>,
    pub clock: Arc<dyn Clock>,
    pub profile: HotelProfile,
}
