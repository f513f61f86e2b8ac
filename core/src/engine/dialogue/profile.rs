//! Turning the hotel's settings into the validated profile the receptionist
//! uses; every mistake names the setting and how to write it.

use super::deps::HotelProfile;
use crate::config::HotelSettings;
use crate::engine::hours::{HoursPolicy, TimeRange, WeeklyHours};
use chrono::{NaiveDate, NaiveTime};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid setting {key} = {value:?}: {problem}")]
pub struct ProfileError {
    pub key: String,
    pub value: String,
    pub problem: String,
}

fn err(key: &str, value: &str, problem: impl Into<String>) -> ProfileError {
    ProfileError {
        key: key.into(),
        value: value.into(),
        problem: problem.into(),
    }
}

fn time(key: &str, raw: &str) -> Result<NaiveTime, ProfileError> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| err(key, raw, "use HH:MM, e.g. \"15:00\""))
}

/// `hold` is how long an offered room stays held (`locks.hold_secs`).
pub fn profile_from_settings(
    s: &HotelSettings,
    hold: Duration,
) -> Result<HotelProfile, ProfileError> {
    let tz = HoursPolicy::parse_tz(&s.timezone)
        .map_err(|e| err("hotel.timezone", &s.timezone, e.to_string()))?;
    let default_language = s
        .language
        .parse()
        .map_err(|e: crate::domain::UnknownLanguage| {
            err("hotel.language", &s.language, e.to_string())
        })?;
    if !(1..=3).contains(&s.calling_code.len())
        || !s.calling_code.chars().all(|c| c.is_ascii_digit())
    {
        return Err(err(
            "hotel.calling_code",
            &s.calling_code,
            "use the country calling code digits, e.g. \"598\"",
        ));
    }
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    for (i, (name, ranges)) in s.hours.days().into_iter().enumerate() {
        let key = format!("hotel.hours.{name}");
        for r in ranges {
            let (open, close) = r
                .split_once('-')
                .ok_or_else(|| err(&key, r, "use \"HH:MM-HH:MM\", e.g. \"08:00-20:00\""))?;
            days[i].push(TimeRange {
                open: time(&key, open)?,
                close: time(&key, close)?,
            });
        }
    }
    let weekly = WeeklyHours::new(days).map_err(|e| err("hotel.hours", "", e.to_string()))?;
    let holidays = s
        .holidays
        .iter()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| err("hotel.holidays", d, "use YYYY-MM-DD"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if s.late_fee_percent > 100 {
        return Err(err(
            "hotel.late_fee_percent",
            &s.late_fee_percent.to_string(),
            "use 0 to 100",
        ));
    }
    Ok(HotelProfile {
        property: s.property.clone(),
        tz,
        default_language,
        calling_code: s.calling_code.clone(),
        hours: HoursPolicy::new(tz, weekly, holidays),
        hold_ttl: hold,
        late_checkout_until: time("hotel.late_checkout_until", &s.late_checkout_until)?,
        early_checkin_from: time("hotel.early_checkin_from", &s.early_checkin_from)?,
        late_fee_percent: s.late_fee_percent,
        human_idle_return: chrono::Duration::minutes(
            i64::try_from(s.human_idle_return_minutes).unwrap_or(i64::MAX / 60_000),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_a_valid_profile() {
        let p = profile_from_settings(&HotelSettings::default(), Duration::from_secs(300))
            .expect("valid");
        assert_eq!(p.tz.name(), "America/Montevideo");
        assert_eq!(p.hold_ttl, Duration::from_secs(300));
    }

    #[test]
    fn each_mistake_names_its_setting() {
        type Edit = Box<dyn Fn(&mut HotelSettings)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|s| s.timezone = "Mars/Base".into()),
                "hotel.timezone",
            ),
            (Box::new(|s| s.language = "fr".into()), "hotel.language"),
            (
                Box::new(|s| s.calling_code = "+598".into()),
                "hotel.calling_code",
            ),
            (
                Box::new(|s| s.hours.monday = vec!["8 to 20".into()]),
                "hotel.hours.monday",
            ),
            (
                Box::new(|s| s.hours.tuesday = vec!["08:00-13:00".into(), "12:00-18:00".into()]),
                "hotel.hours",
            ),
            (
                Box::new(|s| s.holidays = vec!["25/12".into()]),
                "hotel.holidays",
            ),
            (
                Box::new(|s| s.late_checkout_until = "3pm".into()),
                "hotel.late_checkout_until",
            ),
            (
                Box::new(|s| s.late_fee_percent = 150),
                "hotel.late_fee_percent",
            ),
        ];
        for (change, key) in cases {
            let mut s = HotelSettings::default();
            change(&mut s);
            let e = profile_from_settings(&s, Duration::from_secs(300)).expect_err(key);
            assert!(e.to_string().contains(key), "{e}");
        }
    }
}
