//! Open or closed at an instant, and when staff are next at the desk — always
//! in the hotel's time zone, whatever the server's clock zone is.

use super::schedule::{HoursError, TimeRange, WeeklyHours};
use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct HoursPolicy {
    tz: Tz,
    weekly: WeeklyHours,
    holidays: BTreeSet<NaiveDate>,
}

/// How a reply names the day of the next opening: "hoy", "mañana", "el lunes",
/// or a date when it is a week or more away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningDay {
    Today,
    Tomorrow,
    ThisWeek(Weekday),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub at: DateTime<Tz>,
    pub day: OpeningDay,
    pub time: NaiveTime,
}

/// How far ahead to look for an opening; a desk closed for longer is
/// reported as "no opening known" rather than searched forever.
const HORIZON_DAYS: u64 = 31;

impl HoursPolicy {
    pub fn new(tz: Tz, weekly: WeeklyHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            tz,
            weekly,
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Parses an IANA zone name with an error that says what to write instead.
    pub fn parse_tz(name: &str) -> Result<Tz, HoursError> {
        name.parse()
            .map_err(|_| HoursError::TimeZone(name.to_string()))
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn weekly(&self) -> &WeeklyHours {
        &self.weekly
    }

    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    pub fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.tz)
    }

    pub fn is_holiday(&self, at: DateTime<Utc>) -> bool {
        self.holidays.contains(&self.local(at).date_naive())
    }

    /// Saturday or Sunday in the hotel's zone (not the server's, not UTC).
    pub fn is_weekend(&self, at: DateTime<Utc>) -> bool {
        matches!(self.local(at).weekday(), Weekday::Sat | Weekday::Sun)
    }

    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let local = self.local(at);
        let today = local.date_naive();
        let minute = local.hour() * 60 + local.minute();
        let mins = |t: NaiveTime| t.hour() * 60 + t.minute();

        let open_today = !self.holidays.contains(&today)
            && self.weekly.ranges(today.weekday()).iter().any(|r| {
                let end = if r.is_overnight() {
                    24 * 60
                } else {
                    mins(r.close)
                };
                mins(r.open) <= minute && minute < end
            });
        let yesterday = today.pred_opt();
        let spill_from_yesterday = yesterday.is_some_and(|y| {
            !self.holidays.contains(&y)
                && self
                    .weekly
                    .ranges(y.weekday())
                    .iter()
                    .any(|r| r.is_overnight() && minute < mins(r.close))
        });
        open_today || spill_from_yesterday
    }

    /// The desk's ranges on a local date (none on a holiday), so a reply can
    /// say what the hours are, not only when they start.
    pub fn ranges_on(&self, day: NaiveDate) -> &[TimeRange] {
        if self.holidays.contains(&day) {
            return &[];
        }
        self.weekly.ranges(day.weekday())
    }

    /// The first opening strictly after `at`, or `None` when the desk has no
    /// opening within a month (hours not set up, or a long closure).
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<Opening> {
        let today = self.local(at).date_naive();
        for offset in 0..=HORIZON_DAYS {
            let day = today.checked_add_days(Days::new(offset))?;
            if self.holidays.contains(&day) {
                continue;
            }
            for range in self.weekly.ranges(day.weekday()) {
                let start = self.resolve(day, range.open)?;
                if start > at.with_timezone(&self.tz) {
                    return Some(Opening {
                        day: match offset {
                            0 => OpeningDay::Today,
                            1 => OpeningDay::Tomorrow,
                            2..=6 => OpeningDay::ThisWeek(day.weekday()),
                            _ => OpeningDay::Date(day),
                        },
                        time: range.open,
                        at: start,
                    });
                }
            }
        }
        None
    }

    /// A local wall-clock time on a day; inside a DST gap it moves to the first
    /// valid minute after, on a repeated hour it takes the first occurrence.
    fn resolve(&self, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Tz>> {
        let naive = day.and_time(time);
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => Some(t),
            LocalResult::Ambiguous(first, _) => Some(first),
            LocalResult::None => (1..=180).find_map(|m| {
                self.tz
                    .from_local_datetime(&(naive + chrono::Duration::minutes(m)))
                    .earliest()
            }),
        }
    }
}

#[cfg(test)]
mod tests;
