//! Start-to-ready time and idle memory of `conserje serve`.
//!
//! Usage: startup [PATH_TO_CONSERJE] [RUNS]
//!
//! "Ready" is the moment the ready file appears: the daemon writes it only after
//! both listeners have answered an HTTP request. The baseline, measured in the
//! same run, is `conserje version` (process start, runtime-free exit), so the
//! ratio shows what the daemon adds on top of merely starting the binary.

use conserje_bench::{percentile, rss_mib};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/conserje".into()),
    );
    let runs: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    anyhow::ensure!(bin.exists(), "{} not found: build it first", bin.display());

    let mut baseline = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let s = Command::new(&bin)
            .arg("version")
            .stdout(Stdio::null())
            .status()?;
        anyhow::ensure!(s.success());
        baseline.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let mut ready_ms = Vec::new();
    let mut rss = Vec::new();
    for i in 0..runs {
        let dir = tempfile::tempdir()?;
        let ready = dir.path().join("ready.json");
        let t = Instant::now();
        let mut child = Command::new(&bin)
            .args(["serve", "--demo", "--log-level", "warn", "--ready-file"])
            .arg(&ready)
            .arg("--data-dir")
            .arg(dir.path())
            .env("CONSERJE__SERVER__PUBLIC_ADDR", "127.0.0.1:0")
            .env("CONSERJE__SERVER__ADMIN_ADDR", "127.0.0.1:0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        while !ready.exists() {
            anyhow::ensure!(
                t.elapsed() < Duration::from_secs(20),
                "run {i}: not ready in 20 s"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        ready_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        // Idle memory: after start-up allocations settle.
        std::thread::sleep(Duration::from_millis(1000));
        if let Some(m) = rss_mib(child.id()) {
            rss.push(m);
        }
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()?;
        child.wait()?;
    }

    for v in [&mut baseline, &mut ready_ms, &mut rss] {
        v.sort_by(f64::total_cmp);
    }
    let (b50, r50, r99) = (
        percentile(&baseline, 50.0),
        percentile(&ready_ms, 50.0),
        percentile(&ready_ms, 99.0),
    );
    println!("runs: {runs}");
    println!("baseline `conserje version`: p50 {b50:.1} ms");
    println!(
        "start to ready (both listeners answering): p50 {r50:.1} ms, p99 {r99:.1} ms (target <= 300 ms)"
    );
    println!("ratio ready/baseline (p50): {:.1}x", r50 / b50);
    println!(
        "idle RSS: p50 {:.1} MiB, max {:.1} MiB (target <= 40 MB)",
        percentile(&rss, 50.0),
        rss.last().copied().unwrap_or(f64::NAN)
    );
    Ok(())
}
