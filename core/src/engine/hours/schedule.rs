//! Weekly opening ranges, validated: no overlaps within a day or across midnight.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// `open`–`close` in local time. A range whose close is not after its open runs
/// overnight and ends the next day (e.g. 22:00–06:00 for a night porter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

impl TimeRange {
    pub fn is_overnight(&self) -> bool {
        self.close <= self.open
    }

    /// Minutes from the start of its own day: [start, end), end may pass 1440.
    fn span_minutes(&self) -> (u32, u32) {
        let m = |t: NaiveTime| {
            use chrono::Timelike;
            t.hour() * 60 + t.minute()
        };
        let (s, e) = (m(self.open), m(self.close));
        (s, if e <= s { e + 24 * 60 } else { e })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{day}: {a} and {b} overlap")]
    Overlap { day: String, a: String, b: String },
    #[error("{day}: the overnight range {range} runs into {next_day}'s opening at {next_open}")]
    OverlapNextDay {
        day: String,
        range: String,
        next_day: String,
        next_open: String,
    },
    #[error("unknown time zone {0:?}: use an IANA name such as America/Argentina/Buenos_Aires")]
    TimeZone(String),
}

/// Ranges per weekday, Monday first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    days: [Vec<TimeRange>; 7],
}

fn fmt_range(r: &TimeRange) -> String {
    format!("{}–{}", r.open.format("%H:%M"), r.close.format("%H:%M"))
}

impl WeeklyHours {
    /// Builds and validates; ranges are kept sorted by opening time.
    pub fn new(mut days: [Vec<TimeRange>; 7]) -> Result<Self, HoursError> {
        for ranges in &mut days {
            ranges.sort_by_key(|r| r.open);
        }
        for (i, ranges) in days.iter().enumerate() {
            let day = weekday(i).to_string();
            for pair in ranges.windows(2) {
                let (a, b) = (pair[0].span_minutes(), pair[1].span_minutes());
                if b.0 < a.1 {
                    return Err(HoursError::Overlap {
                        day,
                        a: fmt_range(&pair[0]),
                        b: fmt_range(&pair[1]),
                    });
                }
            }
            // An overnight range must end before the next day's first opening.
            if let Some(last) = ranges.last().filter(|r| r.is_overnight()) {
                let next = &days[(i + 1) % 7];
                if let Some(first) = next.first() {
                    if first.open < last.close {
                        return Err(HoursError::OverlapNextDay {
                            day,
                            range: fmt_range(last),
                            next_day: weekday(i + 1).to_string(),
                            next_open: first.open.format("%H:%M").to_string(),
                        });
                    }
                }
            }
        }
        Ok(Self { days })
    }

    /// The same ranges every day of the week.
    pub fn every_day(ranges: Vec<TimeRange>) -> Result<Self, HoursError> {
        Self::new(std::array::from_fn(|_| ranges.clone()))
    }

    pub fn ranges(&self, day: Weekday) -> &[TimeRange] {
        &self.days[day.num_days_from_monday() as usize]
    }
}

fn weekday(i: usize) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][i % 7]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(open: &str, close: &str) -> TimeRange {
        TimeRange {
            open: NaiveTime::parse_from_str(open, "%H:%M").expect("time"),
            close: NaiveTime::parse_from_str(close, "%H:%M").expect("time"),
        }
    }

    #[test]
    fn overlapping_ranges_are_rejected_with_the_reason() {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        days[0] = vec![r("09:00", "13:00"), r("12:00", "18:00")];
        let err = WeeklyHours::new(days).expect_err("overlap");
        assert_eq!(err.to_string(), "Mon: 09:00–13:00 and 12:00–18:00 overlap");
    }

    #[test]
    fn overnight_range_must_end_before_next_day_opens() {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        days[4] = vec![r("20:00", "08:00")];
        days[5] = vec![r("07:00", "12:00")];
        let err = WeeklyHours::new(days.clone()).expect_err("overlap");
        assert!(err.to_string().contains("Sat's opening at 07:00"), "{err}");
        days[5] = vec![r("08:00", "12:00")];
        assert!(WeeklyHours::new(days).is_ok(), "touching is fine");
    }

    #[test]
    fn back_to_back_ranges_are_fine_and_sorted() {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        days[2] = vec![r("14:00", "18:00"), r("09:00", "14:00")];
        let w = WeeklyHours::new(days).expect("valid");
        assert_eq!(w.ranges(Weekday::Wed)[0], r("09:00", "14:00"));
    }
}
