//! The parse: the one typed value the dialogue layer consumes. Its JSON shape
//! is documented in the README and kept stable.

use super::intent::{InfoTopic, Intent};
use crate::domain::{Language, PhoneE164, StayDates};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parse {
    pub language: Language,
    pub language_confidence: f32,
    pub language_source: LanguageSource,
    /// In the order the guest wrote them; never empty.
    pub intents: Vec<IntentHit>,
    pub entities: Vec<Entity>,
    /// The entities folded into booking slots, for the dialogue layer.
    pub slots: Slots,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug: Option<super::explain::Explain>,
}

impl Parse {
    /// The intent that says what the guest wants: `urgent` if any piece
    /// surely is (an emergency outranks whatever the message said before it:
    /// "i feel really sick, call emergency services"), else the first request (not
    /// politeness, not a bare yes/no/answer), else the first that is not
    /// politeness, else the first. Evaluation compares this one.
    pub fn primary(&self) -> &IntentHit {
        primary_of(&self.intents).0
    }
}

/// [`Parse::primary`] of these intents, and which rule chose it (for `--debug`).
pub(super) fn primary_of(intents: &[IntentHit]) -> (&IntentHit, &'static str) {
    type Rule = (&'static str, fn(&IntentHit) -> bool);
    let rules: [Rule; 4] = [
        ("an emergency outranks the rest", |h| {
            h.intent == Intent::Urgent && h.confidence >= SURELY_URGENT
        }),
        ("the first request", |h| h.intent.is_request()),
        ("no request: the first answer", |h| !h.intent.is_social()),
        ("only politeness: the first", |_| true),
    ];
    rules
        .iter()
        .find_map(|(why, rule)| intents.iter().find(|h| rule(h)).map(|h| (h, *why)))
        .unwrap_or((&FALLBACK_HIT, "nothing read"))
}

/// How sure a piece read as urgent must be to outrank an earlier request as
/// the primary intent. An emergency named in `emergency.txt` is given at
/// least this confidence; a piece that only sounds like one ("cancel my room,
/// my mum is sick") stays in its place. The dialogue hands off on any sure
/// urgent piece either way.
pub(super) const SURELY_URGENT: f32 = 0.9;

static FALLBACK_HIT: IntentHit = IntentHit {
    intent: Intent::OutOfScope,
    confidence: 0.0,
    subtopic: None,
    start: 0,
    end: 0,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageSource {
    /// Told by the text itself.
    Detected,
    /// Too short or mixed to tell: the conversation's (or the hotel's) language.
    Fallback,
    /// Forced by the caller.
    Given,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntentHit {
    pub intent: Intent,
    /// Probability from the classifier for this part of the message (0..1).
    pub confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtopic: Option<InfoTopic>,
    /// Byte span of the part of the message that carries this intent.
    pub start: usize,
    pub end: usize,
}

/// Something recognised in the text, with its byte span in the original message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub value: EntityValue,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<EntityFlag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum EntityValue {
    /// A single day ("mañana", "el 15"): the dialogue decides if it is check-in.
    Date(NaiveDate),
    /// A stay from check-in to check-out.
    Stay(StayDates),
    Nights(u32),
    Rooms(u32),
    Guests(Guests),
    /// The hotel's room-type id.
    RoomType(String),
    Name(String),
    Email(String),
    Phone(PhoneE164),
    BookingRef(String),
    Time(NaiveTime),
}

impl EntityValue {
    /// The `kind` name in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            EntityValue::Date(_) => "date",
            EntityValue::Stay(_) => "stay",
            EntityValue::Nights(_) => "nights",
            EntityValue::Rooms(_) => "rooms",
            EntityValue::Guests(_) => "guests",
            EntityValue::RoomType(_) => "room_type",
            EntityValue::Name(_) => "name",
            EntityValue::Email(_) => "email",
            EntityValue::Phone(_) => "phone",
            EntityValue::BookingRef(_) => "booking_ref",
            EntityValue::Time(_) => "time",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Guests {
    /// A head count that may include children ("somos 4", "para dos").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adults: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<u8>,
    /// One entry per child whose age was said.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_ages: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityFlag {
    /// The date had already passed this year: moved to next year.
    RolledToNextYear,
    /// A vague period ("next week", "el finde largo") given a concrete reading.
    Approximate,
    /// `3/4`-style date read with the configured order because both readings were possible.
    AmbiguousOrder,
    /// The dates of the booking a change request moves away from ("tengo
    /// reserva para el 15 y quiero cambiarla para el 20": the 15th). Not
    /// folded into the slots, which carry the new dates.
    Previous,
}

/// Booking slots, named as in `conserje nlu eval` files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Slots {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkin: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nights: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adults: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_ages: Vec<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rooms: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneE164>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
}

impl Slots {
    /// The slot names, in the order `conserje nlu eval` reports them.
    pub const NAMES: [&'static str; 13] = [
        "checkin",
        "checkout",
        "nights",
        "adults",
        "children",
        "child_ages",
        "rooms",
        "room_type",
        "name",
        "email",
        "phone",
        "booking_ref",
        "time",
    ];

    /// A slot's normalised value as text, for comparison with an evaluation file.
    pub fn get(&self, name: &str) -> Option<String> {
        fn s<T: ToString>(v: &Option<T>) -> Option<String> {
            v.as_ref().map(ToString::to_string)
        }
        match name {
            "checkin" => s(&self.checkin),
            "checkout" => s(&self.checkout),
            "nights" => s(&self.nights),
            "adults" => s(&self.adults),
            "children" => s(&self.children),
            // As an evaluation file writes it: `[4,9]`.
            "child_ages" => (!self.child_ages.is_empty()).then(|| {
                let ages: Vec<String> = self.child_ages.iter().map(u8::to_string).collect();
                format!("[{}]", ages.join(","))
            }),
            "rooms" => s(&self.rooms),
            "room_type" => s(&self.room_type),
            "name" => s(&self.name),
            "email" => s(&self.email),
            "phone" => s(&self.phone),
            "booking_ref" => s(&self.booking_ref),
            "time" => self.time.map(|t| t.format("%H:%M").to_string()),
            _ => None,
        }
    }

    /// Check-in and check-out as a valid stay, when both are known.
    pub fn stay(&self) -> Option<StayDates> {
        StayDates::new(self.checkin?, self.checkout?).ok()
    }

    /// One room's occupancy, when the adults are known and the guests fit.
    pub fn occupancy(&self) -> Option<crate::domain::Occupancy> {
        let adults = self.adults?;
        let known = self.child_ages.iter().map(|a| Some(*a));
        let missing = usize::from(self.children.unwrap_or(0)).saturating_sub(self.child_ages.len());
        let ages = known.chain(std::iter::repeat_n(None, missing)).collect();
        crate::domain::Occupancy::new(adults, ages).ok()
    }
}
