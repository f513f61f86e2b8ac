//! What the understanding needs to know about the hotel and the conversation.
//! The caller passes it in: the NLU never reads the clock or the config itself.

use crate::domain::Language;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// How to read an all-numeric date such as `3/4` when both parts could be the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `15/3` is 15 March (es, pt and most of the world).
    #[default]
    DayMonth,
    /// `3/15` is 15 March; applied to English messages only (en-US hotels).
    MonthDay,
}

/// One of the hotel's room types, with the words guests use for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct RoomTypeDef {
    /// The hotel's identifier for the type (what the PMS knows).
    pub id: String,
    /// Display name and synonyms, any language ("Doble", "matrimonial", "casal").
    pub names: Vec<String>,
}

/// The demo hotel's room types (`core/data/nlu/demo_room_types.json`), for the
/// CLI and the corpus, whose `room_type` slots use these ids.
pub fn demo_room_types() -> Vec<RoomTypeDef> {
    serde_json::from_str(include_str!("../../../data/nlu/demo_room_types.json")).unwrap_or_default()
}

#[derive(Debug, Clone)]
pub struct NluContext {
    /// "Today" in the hotel's time zone: relative dates resolve against it.
    pub today: NaiveDate,
    pub tz: Tz,
    /// Language of the conversation so far: used when a message is too short to tell.
    pub conversation_language: Option<Language>,
    /// The hotel's main language: the last fallback.
    pub default_language: Language,
    /// Country calling code for numbers written without one ("54" for Argentina).
    pub default_calling_code: String,
    pub date_order: DateOrder,
    pub room_types: Vec<RoomTypeDef>,
}

impl NluContext {
    /// A context for `today` in `tz`, Spanish, Argentina's calling code, no room types.
    pub fn new(today: NaiveDate, tz: Tz) -> Self {
        Self {
            today,
            tz,
            conversation_language: None,
            default_language: Language::Es,
            default_calling_code: "54".into(),
            date_order: DateOrder::DayMonth,
            room_types: Vec::new(),
        }
    }

    /// "Today" is the date of `now` in the hotel's time zone, not in UTC: at
    /// 22:00 in Buenos Aires it is already tomorrow in UTC.
    pub fn at(now: DateTime<Utc>, tz: Tz) -> Self {
        Self::new(now.with_timezone(&tz).date_naive(), tz)
    }

    pub fn with_conversation_language(mut self, lang: Option<Language>) -> Self {
        self.conversation_language = lang;
        self
    }

    pub fn with_room_types(mut self, room_types: Vec<RoomTypeDef>) -> Self {
        self.room_types = room_types;
        self
    }

    pub fn with_calling_code(mut self, code: impl Into<String>) -> Self {
        self.default_calling_code = code.into();
        self
    }

    pub fn with_date_order(mut self, order: DateOrder) -> Self {
        self.date_order = order;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_room_types_load() {
        let types = demo_room_types();
        assert!(
            types
                .iter()
                .any(|t| t.id == "double" && t.names.iter().any(|n| n == "matrimonial"))
        );
    }

    #[test]
    fn today_is_taken_in_the_hotel_time_zone() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T01:30:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let ctx = NluContext::at(now, chrono_tz::America::Argentina::Buenos_Aires);
        assert_eq!(
            ctx.today,
            NaiveDate::from_ymd_opt(2026, 3, 1).expect("date")
        );
        let ctx = NluContext::at(now, chrono_tz::Europe::Madrid);
        assert_eq!(
            ctx.today,
            NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
        );
    }
}
