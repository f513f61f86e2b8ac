//! The hotel's own settings the receptionist works by: time zone, language,
//! desk hours, holidays and the policies it quotes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HotelSettings {
    /// IANA time zone of the hotel: dates, hours and "weekend" are read in it.
    pub timezone: String,
    /// Language used when a guest's message is too short to tell.
    pub language: String,
    /// Country calling code for phone numbers guests write without one.
    pub calling_code: String,
    /// Identifies this property's room holds ("demo", the PMS hotel id…).
    pub property: String,
    pub late_checkout_until: String,
    pub early_checkin_from: String,
    pub late_fee_percent: u32,
    /// A conversation left with staff this long returns to the bot.
    pub human_idle_return_minutes: u64,
    pub hours: HoursSettings,
    /// Dates ("2026-12-25") when the desk is closed all day.
    pub holidays: Vec<String>,
}

/// Desk hours per weekday, as "HH:MM-HH:MM" ranges; a range that ends at or
/// before it starts runs overnight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HoursSettings {
    pub monday: Vec<String>,
    pub tuesday: Vec<String>,
    pub wednesday: Vec<String>,
    pub thursday: Vec<String>,
    pub friday: Vec<String>,
    pub saturday: Vec<String>,
    pub sunday: Vec<String>,
}

impl Default for HotelSettings {
    fn default() -> Self {
        Self {
            timezone: "America/Montevideo".into(),
            language: "es".into(),
            calling_code: "598".into(),
            property: "demo".into(),
            late_checkout_until: "15:00".into(),
            early_checkin_from: "10:00".into(),
            late_fee_percent: 50,
            human_idle_return_minutes: 720,
            hours: HoursSettings::default(),
            holidays: Vec::new(),
        }
    }
}

impl Default for HoursSettings {
    fn default() -> Self {
        let day = || vec!["08:00-20:00".to_string()];
        Self {
            monday: day(),
            tuesday: day(),
            wednesday: day(),
            thursday: day(),
            friday: day(),
            saturday: day(),
            sunday: day(),
        }
    }
}

impl HoursSettings {
    /// Monday first, with each day's config key.
    pub fn days(&self) -> [(&'static str, &[String]); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }
}
