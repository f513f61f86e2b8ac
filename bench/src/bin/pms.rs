//! PMS adapter costs, against the fake QloApps server on loopback.
//!
//! Usage: pms [ITERATIONS]
//!
//! 1. Quote from cache: `ResilientPms` answering a repeated quote; target p99 < 1 ms.
//! 2. Adapter overhead: the QloApps adapter's `quote` (build the XML, POST
//!    `hotel_ari`, parse, price) against the raw HTTP round trip of the same
//!    request with a bare reqwest client, interleaved in the same run;
//!    target: difference of medians < 1 ms.
//! 3. For reference: a quote from the built-in demo PMS (SQLite).

use chrono::NaiveDate;
use conserje::adapters::pms_resilience::{PmsMetrics, ResilientPms};
use conserje::domain::{Occupancy, StayDates};
use conserje::ports::monotonic::SystemMonotonic;
use conserje::ports::pms::{PmsAvailability, QuoteRequest};
use conserje_bench::percentile;
use conserje_e2e::fake_qloapps::KEY;
use conserje_e2e::pms::{demo_subject, fake_and_db, policy, qloapps_adapter};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&v, 50.0), percentile(&v, 99.0));
    println!(
        "{name}: p50 {p50:.3} ms, p99 {p99:.3} ms ({} runs)",
        v.len()
    );
    (p50, p99)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).map_or(Ok(2_000), |s| s.parse())?;
    let d = NaiveDate::from_ymd_opt(2026, 12, 9).ok_or_else(|| anyhow::anyhow!("date"))?;
    let request = QuoteRequest {
        stay: StayDates::from_nights(d, 2)?,
        rooms: vec![Occupancy::new(2, vec![])?],
        room_type: None,
    };
    let (fake, db, _dir) = fake_and_db().await;

    // 1. Cached quotes.
    let cached = ResilientPms::new(
        qloapps_adapter(&fake.url, db.clone(), Duration::from_secs(5)),
        &policy(),
        Arc::new(SystemMonotonic),
        PmsMetrics::new(None),
    );
    cached.quote(&request).await?;
    let mut hits = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(cached.quote(&request).await?);
        hits.push(ms(t.elapsed()));
    }
    let (_, cache_p99) = summary("quote from cache", hits);

    // 2. Adapter vs raw round trip, interleaved.
    let adapter = qloapps_adapter(&fake.url, db, Duration::from_secs(5));
    adapter.quote(&request).await?;
    conserje::adapters::tls::install_crypto_provider();
    let raw = reqwest::Client::new();
    let url = format!("{}/api/hotel_ari?output_format=JSON", fake.url);
    let xml = "<qloapps><hotel_ari><id_hotel>1</id_hotel><date_from>2026-12-09</date_from>\
        <date_to>2026-12-11</date_to><get_available_rooms>1</get_available_rooms>\
        <get_booked_rooms>1</get_booked_rooms><date_wise_breakdown>1</date_wise_breakdown>\
        <associations><room_occupancies><room_occupancy><adults>2</adults><children>0</children>\
        </room_occupancy></room_occupancies></associations></hotel_ari></qloapps>";
    let (mut through_adapter, mut bare) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(adapter.quote(&request).await?);
        through_adapter.push(ms(t.elapsed()));
        let t = Instant::now();
        let body = raw
            .post(&url)
            .basic_auth(KEY, Some(""))
            .header("content-type", "application/xml")
            .body(xml)
            .send()
            .await?
            .text()
            .await?;
        std::hint::black_box(body);
        bare.push(ms(t.elapsed()));
    }
    let (a50, a99) = summary("adapter quote (uncached)", through_adapter);
    let (r50, r99) = summary("raw HTTP round trip, same request", bare);
    println!(
        "adapter overhead: p50 {:.3} ms, p99 {:.3} ms (target < 1 ms); ratio p50 {:.2}x",
        a50 - r50,
        a99 - r99,
        a50 / r50
    );

    // 3. The built-in PMS.
    let demo = demo_subject().await;
    let mut local = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(demo.pms.quote(&request).await?);
        local.push(ms(t.elapsed()));
    }
    summary("demo PMS quote (SQLite, uncached)", local);
    println!(
        "verdict: cache p99 {} 1 ms; adapter overhead p50 {} 1 ms",
        if cache_p99 < 1.0 { "<" } else { ">=" },
        if a50 - r50 < 1.0 { "<" } else { ">=" }
    );
    Ok(())
}
