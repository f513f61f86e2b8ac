use super::*;
use crate::adapters::sqlite::test_db;
use chrono::{TimeZone, Utc};

fn r(open: &str, close: &str) -> TimeRange {
    TimeRange {
        open: NaiveTime::parse_from_str(open, "%H:%M").expect("time"),
        close: NaiveTime::parse_from_str(close, "%H:%M").expect("time"),
    }
}

#[tokio::test]
async fn seeded_once_then_edits_win_and_reach_readers_at_once() {
    let (_dir, db) = test_db::fresh().await;
    let tz: Tz = "America/Montevideo".parse().expect("tz");
    let hours = SqliteHours::new(db, tz);
    let config = WeeklyHours::every_day(vec![r("08:00", "20:00")]).expect("week");
    let xmas = Holiday {
        date: NaiveDate::from_ymd_opt(2026, 12, 25).expect("date"),
        name: String::new(),
    };
    assert!(
        hours
            .seed_if_unset(&config, std::slice::from_ref(&xmas), "t")
            .await
            .expect("seed")
    );
    // Monday 30 Nov 2026, 21:00 in Montevideo (00:00 UTC next day): closed.
    let late = Utc
        .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .expect("t");
    let p = hours.current().await.expect("read");
    assert!(!p.is_open(late));
    assert!(
        p.is_holiday(
            Utc.with_ymd_and_hms(2026, 12, 25, 15, 0, 0)
                .single()
                .expect("t")
        )
    );

    let night = WeeklyHours::every_day(vec![r("08:00", "23:00")]).expect("week");
    hours.replace(&night, &[], "t2", "ana").await.expect("edit");
    assert!(
        hours.current().await.expect("read").is_open(late),
        "edit seen at once"
    );
    assert!(
        !hours
            .seed_if_unset(&config, &[xmas], "t3")
            .await
            .expect("seed"),
        "a later start never overwrites staff's hours"
    );
    let (week, holidays) = hours.load().await.expect("load");
    assert_eq!(week, night);
    assert!(holidays.is_empty());
}
