use super::*;
use chrono::Duration;

#[test]
fn nearest_rank_percentiles() {
    let p = Percentiles::of(vec![5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    assert_eq!((p.count, p.median_ms, p.p90_ms), (10, Some(5), Some(9)));
    let one = Percentiles::of(vec![42]);
    assert_eq!((one.median_ms, one.p90_ms), (Some(42), Some(42)));
    assert_eq!(Percentiles::of(vec![]).median_ms, None);
}

#[tokio::test]
async fn the_summary_counts_volume_by_local_day_responses_handoffs_and_intents() {
    let f = fx().await;
    let start = f.desk.clock.now();
    f.guest_writes("59899000001", "hola! aceptan mascotas?")
        .await;
    let c = f
        .guest_writes("59899000002", "quiero hablar con una persona")
        .await;
    f.clock.advance_ms(120_000);
    f.desk
        .reply(
            c,
            "ana",
            &StaffMessage::Text {
                text: "Hola, soy Ana".into(),
            },
        )
        .await
        .expect("reply");
    sqlx::query(
        "INSERT INTO conversation_bookings VALUES ('BK1', ?, 'standard', '2026-12-01', '2026-12-03', 24000, 'USD', 'confirmed', ?)",
    )
    .bind(c)
    .bind(f.clock.now_ms())
    .execute(&f.db)
    .await
    .expect("booking");

    let m = f
        .desk
        .metrics(start - Duration::hours(1), start + Duration::hours(1))
        .await
        .expect("metrics");
    let inbound: i64 = m
        .messages_per_day
        .iter()
        .filter(|r| r.direction == "in")
        .map(|r| r.count)
        .sum();
    assert_eq!(inbound, 2);
    // 15:00 UTC is noon in Montevideo: the same local day.
    assert!(
        m.messages_per_day.iter().all(|r| r.at == "2026-11-30"),
        "{:?}",
        m.messages_per_day
    );
    assert_eq!(
        m.first_response_bot.count, 2,
        "both messages answered by the bot"
    );
    assert_eq!(
        m.first_response_bot.median_ms,
        Some(0),
        "queued in the same instant"
    );
    assert_eq!(m.first_response_staff.median_ms, Some(120_000));
    assert_eq!(m.handoffs.total, 1);
    assert_eq!(m.handoffs.by_reason.get("requested"), Some(&1));
    assert_eq!(m.handoffs.waiting.median_ms, Some(120_000));
    assert_eq!(m.bookings.len(), 1);
    assert_eq!((m.bookings[0].count, m.bookings[0].total_minor), (1, 24000));
    assert_eq!(m.intents.get("talk_to_human"), Some(&1));
    assert_eq!(m.voice_notes, 0);

    let err = f.desk.metrics(start, start).await.expect_err("empty range");
    assert!(matches!(err, DeskError::Invalid(_)));
}
