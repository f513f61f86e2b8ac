//! `conserje dialogue run` over the shipped demo-hotel scripts (es, en, pt),
//! with a fixed date, through the real binary.

use std::process::Command;

#[test]
fn the_demo_hotel_scripts_pass_and_a_wrong_expectation_fails() {
    let scripts = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/dialogues/demo_hotel.jsonl"
    );
    let run = |file: &str| {
        Command::new(env!("CARGO_BIN_EXE_conserje"))
            .args(["dialogue", "run", file, "--today", "2026-11-30"])
            .env_remove("RUST_LOG")
            .output()
            .expect("run conserje")
    };
    let ok = run(scripts);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains(" 0 failed"), "{out}");

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
