//! The inbox worker under a flood of webhooks: it gives way, and still
//! processes every row.

use super::inbox_tests::*;
use super::*;
use crate::adapters::sqlite::FLOODED;
use std::time::{Duration, Instant};
use tokio::sync::watch;

#[tokio::test]
async fn a_flood_of_webhooks_slows_processing_down_but_never_stops_it() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![text("wamid.A", "34600111222", 100, "hola")]),
        0,
    )
    .await;
    // Webhook requests waiting for their commit, held for the whole test.
    let queue = r.inbox.ingest_queue().clone();
    let _flood: Vec<_> = (0..FLOODED).map(|_| queue.enter()).collect();
    let started = Instant::now();
    let (stop_tx, stop_rx) = watch::channel(false);
    let task = tokio::spawn(r.worker.clone().run(stop_rx));
    tokio::time::sleep(inbox_worker::GIVE_WAY_MAX / 3).await;
    assert_eq!(
        r.count("SELECT count(*) FROM wa_inbox WHERE state = 'pending'")
            .await,
        1,
        "processed while webhooks were waiting"
    );
    while r
        .count("SELECT count(*) FROM wa_inbox WHERE state = 'pending'")
        .await
        > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "a flood must not stop processing"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(started.elapsed() >= inbox_worker::GIVE_WAY_MAX);
    assert_eq!(r.outbox_bodies().await, vec!["re: hola"]);
    stop_tx.send(true).expect("stop");
    task.await.expect("worker ends");
}

#[tokio::test]
async fn a_lasting_flood_with_new_rows_in_the_lane_still_lets_rows_through() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![
            text("wamid.A", "34600111222", 100, "uno"),
            text("wamid.B", "34600111222", 200, "dos"),
            text("wamid.C", "34600111222", 300, "tres"),
        ]),
        0,
    )
    .await;
    let queue = r.inbox.ingest_queue().clone();
    let _flood: Vec<_> = (0..FLOODED).map(|_| queue.enter()).collect();
    // The lane keeps moving, faster than a row gives way, for the whole test.
    let arrivals = r.inbox.arrivals().clone();
    let mover = tokio::spawn(async move {
        loop {
            arrivals.note("34600111222");
            tokio::time::sleep(inbox_worker::GIVE_WAY_MAX / 10).await;
        }
    });
    r.run_until_idle().await;
    mover.abort();
    assert_eq!(
        r.outbox_bodies().await,
        vec!["re: uno", "re: dos", "re: tres"]
    );
}
