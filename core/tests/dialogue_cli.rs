//! `conserje dialogue run` over the shipped demo-hotel scripts (es, en, pt),
//! with a fixed date, through the real binary.

use std::process::Command;

fn run(file: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_conserje"))
        .args(["dialogue", "run", file, "--today", "2026-11-30"])
        .env_remove("RUST_LOG")
        .output()
        .expect("run conserje")
}

#[track_caller]
fn passes(name: &str) {
    let script = format!("{}/data/dialogues/{name}.jsonl", env!("CARGO_MANIFEST_DIR"));
    let ok = run(&script);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains(" 0 failed"), "{out}");
}

/// Every flow in Spanish: social, availability with alternatives, prices,
/// booking with read-back and corrections, abandon, topic switch and resume,
/// status, modify, late check-out / early check-in (incl. "no, cancelar"),
/// cancel with the policy, hotel info by subtopic, not understood twice,
/// handoff on request.
#[test]
fn every_flow_in_spanish() {
    passes("flows_es");
}

#[test]
fn every_flow_in_english() {
    passes("flows_en");
}

#[test]
fn the_booking_flow_in_portuguese() {
    passes("flows_pt");
}

#[test]
fn the_demo_hotel_scripts_pass_and_a_wrong_expectation_fails() {
    passes("demo_hotel");
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"guest\": \"hola\", \"expect\": {\"contains\": [\"no dice esto\"]}}\n",
    )
    .expect("write");
    let failed = run(bad.to_str().expect("utf8"));
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stdout).contains("FAIL"));
}
