//! Desk hours and holidays for staff: read them as "HH:MM-HH:MM" per weekday,
//! replace them whole, with overlaps refused and the reason named.

use super::Desk;
use crate::adapters::sqlite::Holiday;
use crate::adapters::sqlite::desk::DeskError;
use crate::engine::hours::{TimeRange, WeeklyHours};
use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursView {
    /// The hotel's time zone (from `hotel.timezone`; read only here).
    #[serde(default)]
    pub timezone: String,
    /// Per weekday, "HH:MM-HH:MM" ranges; a range ending at or before its
    /// start runs overnight. An empty day is closed.
    pub week: Week,
    pub holidays: Vec<Holiday>,
}

/// Every day must be given (an empty list: closed all day), so a day left
/// out by mistake is an error rather than a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Week {
    pub monday: Vec<String>,
    pub tuesday: Vec<String>,
    pub wednesday: Vec<String>,
    pub thursday: Vec<String>,
    pub friday: Vec<String>,
    pub saturday: Vec<String>,
    pub sunday: Vec<String>,
}

impl Week {
    fn days(&self) -> [(&'static str, &[String]); 7] {
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

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn fmt(r: &TimeRange) -> String {
    format!("{}-{}", r.open.format("%H:%M"), r.close.format("%H:%M"))
}

fn parse_week(w: &Week) -> Result<WeeklyHours, DeskError> {
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    for (i, (name, ranges)) in w.days().into_iter().enumerate() {
        for raw in ranges {
            let bad = || {
                DeskError::Invalid(format!(
                    "{name}: {raw:?} is not a range: write \"HH:MM-HH:MM\", e.g. \"08:00-20:00\""
                ))
            };
            let (open, close) = raw.split_once('-').ok_or_else(bad)?;
            let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
            let r = TimeRange {
                open: t(open)?,
                close: t(close)?,
            };
            if r.open == r.close {
                return Err(DeskError::Invalid(format!(
                    "{name}: {raw:?} opens and closes at the same time; for a whole day write \"00:00-23:59\""
                )));
            }
            days[i].push(r);
        }
    }
    WeeklyHours::new(days).map_err(|e| DeskError::Invalid(format!("the hours were not saved: {e}")))
}

impl Desk {
    pub async fn hours(&self) -> Result<HoursView, DeskError> {
        let (week, holidays) = self
            .hours
            .load()
            .await
            .map_err(|e| DeskError::State(e.to_string()))?;
        let day = |d: Weekday| week.ranges(d).iter().map(fmt).collect::<Vec<_>>();
        let [
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
        ] = DAYS.map(day);
        Ok(HoursView {
            timezone: self.hours.tz().name().to_string(),
            week: Week {
                monday,
                tuesday,
                wednesday,
                thursday,
                friday,
                saturday,
                sunday,
            },
            holidays,
        })
    }

    /// Replaces the hours and holidays; the receptionist uses them from its
    /// next message.
    pub async fn set_hours(&self, input: &HoursView, who: &str) -> Result<HoursView, DeskError> {
        let week = parse_week(&input.week)?;
        let mut dates: Vec<_> = input.holidays.iter().map(|h| h.date).collect();
        dates.sort_unstable();
        if let Some(d) = dates.windows(2).find(|w| w[0] == w[1]) {
            return Err(DeskError::Invalid(format!(
                "holiday {} is listed twice",
                d[0]
            )));
        }
        if let Some(h) = input.holidays.iter().find(|h| h.name.chars().count() > 80) {
            return Err(DeskError::Invalid(format!(
                "holiday {}: the name is longer than 80 characters",
                h.date
            )));
        }
        self.hours
            .replace(&week, &input.holidays, &self.clock.now().to_rfc3339(), who)
            .await?;
        self.hours().await
    }
}
