use super::*;
use crate::engine::hours::TimeRange;

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("time")
}

fn r(open: &str, close: &str) -> TimeRange {
    TimeRange {
        open: t(open),
        close: t(close),
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Local wall-clock time in Buenos Aires (UTC-3, no DST) as a UTC instant.
fn ba(s: &str) -> DateTime<Utc> {
    let tz: Tz = "America/Argentina/Buenos_Aires".parse().expect("tz");
    tz.from_local_datetime(&chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("dt"))
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

/// Mon–Fri 09–18, Sat 10–14, Sun closed, Christmas closed.
fn front_desk() -> HoursPolicy {
    let weekday = vec![r("09:00", "18:00")];
    let weekly = WeeklyHours::new([
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday,
        vec![r("10:00", "14:00")],
        vec![],
    ])
    .expect("valid");
    HoursPolicy::new(
        HoursPolicy::parse_tz("America/Argentina/Buenos_Aires").expect("tz"),
        weekly,
        [d("2026-12-25")],
    )
}

#[test]
fn the_ranges_of_a_day_are_its_weekday_s_and_none_on_a_holiday() {
    let p = front_desk();
    assert_eq!(p.ranges_on(d("2026-12-24")), [r("09:00", "18:00")]);
    assert_eq!(p.ranges_on(d("2026-12-26")), [r("10:00", "14:00")]);
    assert!(p.ranges_on(d("2026-12-25")).is_empty(), "holiday");
    assert!(p.ranges_on(d("2026-12-27")).is_empty(), "Sunday");
}

#[test]
fn open_and_closed_by_local_time() {
    let p = front_desk();
    assert!(p.is_open(ba("2026-11-30 09:00")), "Monday at opening");
    assert!(
        !p.is_open(ba("2026-11-30 18:00")),
        "closing minute is closed"
    );
    assert!(!p.is_open(ba("2026-11-29 12:00")), "Sunday");
    assert!(!p.is_open(ba("2026-12-25 12:00")), "holiday on a Friday");
}

#[test]
fn next_opening_today_tomorrow_weekday_and_after_a_holiday() {
    let p = front_desk();
    let o = p.next_opening(ba("2026-11-30 07:30")).expect("opening");
    assert_eq!((o.day, o.time), (OpeningDay::Today, t("09:00")));

    let o = p.next_opening(ba("2026-11-27 20:00")).expect("opening");
    assert_eq!(
        (o.day, o.time),
        (OpeningDay::Tomorrow, t("10:00")),
        "Friday night → Saturday 10:00"
    );

    let o = p.next_opening(ba("2026-11-28 15:00")).expect("opening");
    assert_eq!(
        (o.day, o.time),
        (OpeningDay::ThisWeek(Weekday::Mon), t("09:00")),
        "Saturday afternoon → Monday"
    );

    let o = p.next_opening(ba("2026-12-24 19:00")).expect("opening");
    assert_eq!(
        o.day,
        OpeningDay::ThisWeek(Weekday::Sat),
        "Christmas is skipped"
    );
    assert_eq!(o.at.date_naive(), d("2026-12-26"));
}

#[test]
fn weekend_is_decided_in_the_hotel_zone_not_utc() {
    let p = front_desk();
    // Sunday 23:30 in Buenos Aires is already Monday 02:30 UTC.
    let at = ba("2026-11-29 23:30");
    assert_eq!(at.weekday(), Weekday::Mon);
    assert!(p.is_weekend(at));
    // Friday 22:00 local is Saturday 01:00 UTC: not the weekend yet.
    assert!(!p.is_weekend(ba("2026-11-27 22:00")));
}

#[test]
fn overnight_ranges_cover_the_small_hours_of_the_next_day() {
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    days[4] = vec![r("20:00", "06:00")]; // Friday night porter
    let p = HoursPolicy::new(
        HoursPolicy::parse_tz("America/Argentina/Buenos_Aires").expect("tz"),
        WeeklyHours::new(days).expect("valid"),
        [],
    );
    assert!(p.is_open(ba("2026-11-27 23:00")));
    assert!(p.is_open(ba("2026-11-28 05:59")), "Saturday early morning");
    assert!(!p.is_open(ba("2026-11-28 06:00")));
    let o = p.next_opening(ba("2026-11-28 07:00")).expect("opening");
    assert_eq!(
        o.day,
        OpeningDay::ThisWeek(Weekday::Fri),
        "six days away is named by weekday"
    );

    let mut days: [Vec<TimeRange>; 7] = Default::default();
    days[4] = vec![r("20:00", "06:00")];
    let closed_next_friday = HoursPolicy::new(
        p.tz(),
        WeeklyHours::new(days).expect("valid"),
        [d("2026-12-04")],
    );
    let o = closed_next_friday
        .next_opening(ba("2026-11-28 07:00"))
        .expect("opening");
    assert_eq!(
        o.day,
        OpeningDay::Date(d("2026-12-11")),
        "a week or more away is named by date"
    );
}

#[test]
fn an_opening_inside_a_dst_gap_moves_to_the_first_valid_minute() {
    // Madrid skips 02:00–03:00 on 2026-03-29.
    let tz = HoursPolicy::parse_tz("Europe/Madrid").expect("tz");
    let p = HoursPolicy::new(
        tz,
        WeeklyHours::every_day(vec![r("02:30", "04:00")]).expect("valid"),
        [],
    );
    let before = tz
        .from_local_datetime(&d("2026-03-29").and_time(t("01:00")))
        .single()
        .expect("valid")
        .with_timezone(&Utc);
    let o = p.next_opening(before).expect("opening");
    assert_eq!(o.at.time(), t("03:00"));
}

#[test]
fn no_hours_means_no_opening_and_unknown_zone_is_a_clear_error() {
    let p = HoursPolicy::new(chrono_tz::UTC, WeeklyHours::default(), []);
    assert_eq!(p.next_opening(ba("2026-11-30 10:00")), None);
    let err = HoursPolicy::parse_tz("Mars/Olympus").expect_err("bad zone");
    assert!(err.to_string().contains("IANA"));
}
