//! Per-message latency of the understanding (language, intents, entities).
//!
//! Usage: nlu [ROUNDS]
//!
//! Parses every line of the test splits (es, en, pt) ROUNDS times in one
//! process, timing each call, and prints p50/p90/p99/max. The baseline in the
//! same run is folding the same messages (lower case, accents off), the
//! cheapest pass over the text, so the ratio shows what
//! language detection, entity rules and the classifier add. Also prints the
//! one-off cost of building the NLU (training the classifier).

use conserje::engine::nlu::{Nlu, NluContext, demo_room_types};
use conserje_bench::percentile;
use std::hint::black_box;
use std::time::Instant;

const SPLITS: [&str; 3] = [
    include_str!("../../../core/data/nlu/test/es.jsonl"),
    include_str!("../../../core/data/nlu/test/en.jsonl"),
    include_str!("../../../core/data/nlu/test/pt.jsonl"),
];

fn main() -> anyhow::Result<()> {
    let rounds: usize = std::env::args().nth(1).map_or(Ok(50), |s| s.parse())?;
    let texts: Vec<String> = SPLITS
        .iter()
        .flat_map(|s| s.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect();
    anyhow::ensure!(!texts.is_empty(), "no test lines found");

    let t = Instant::now();
    let nlu = Nlu::build()?;
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;

    let today =
        chrono::NaiveDate::from_ymd_opt(2026, 3, 5).ok_or_else(|| anyhow::anyhow!("date"))?;
    let ctx = NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
        .with_room_types(demo_room_types());

    // Warm-up: caches and branch predictors, not measured.
    for text in &texts {
        black_box(nlu.parse(text, &ctx));
    }
    let mut parse_us = Vec::with_capacity(texts.len() * rounds);
    let mut tokenize_us = Vec::with_capacity(texts.len() * rounds);
    for _ in 0..rounds {
        for text in &texts {
            let t = Instant::now();
            black_box(nlu.parse(black_box(text), &ctx));
            parse_us.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            black_box(conserje::engine::nlu::text::fold(black_box(text)));
            tokenize_us.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    parse_us.sort_by(f64::total_cmp);
    tokenize_us.sort_by(f64::total_cmp);
    let p = |v: &[f64], q| percentile(v, q);
    println!(
        "messages: {} distinct × {rounds} rounds = {}",
        texts.len(),
        parse_us.len()
    );
    println!("build (load lexicons + train classifier): {build_ms:.0} ms");
    println!(
        "parse µs:     p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        p(&parse_us, 50.0),
        p(&parse_us, 90.0),
        p(&parse_us, 99.0),
        parse_us.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "baseline (fold text) µs: p50 {:.2}  p99 {:.2}   → parse/baseline at p50: {:.0}×",
        p(&tokenize_us, 50.0),
        p(&tokenize_us, 99.0),
        p(&parse_us, 50.0) / p(&tokenize_us, 50.0).max(1e-3)
    );
    Ok(())
}
