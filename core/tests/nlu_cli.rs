//! `conserje nlu parse` and `conserje nlu eval`, run as the real binary.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn conserje(args: &[&str], stdin: Option<&str>) -> Output {
    conserje_bytes(args, stdin.map(str::as_bytes))
}

/// Like [`conserje`], with input that need not be UTF-8.
fn conserje_bytes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conserje"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run conserje");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait")
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

const CTX: [&str; 4] = [
    "--today",
    "2026-03-05",
    "--tz",
    "America/Argentina/Buenos_Aires",
];

#[test]
fn parse_prints_the_documented_json_shape() {
    let mut args = vec![
        "nlu",
        "parse",
        "hola, tienen lugar del 15 al 18 de marzo para 2? y aceptan mascotas?",
    ];
    args.extend(CTX);
    let p = json(&conserje(&args, None));
    assert_eq!(p["language"], "es");
    assert_eq!(p["language_source"], "detected");
    let intents: Vec<&str> = p["intents"]
        .as_array()
        .expect("intents")
        .iter()
        .map(|i| i["intent"].as_str().expect("name"))
        .collect();
    assert_eq!(intents, ["greeting", "check_availability", "hotel_info"]);
    assert_eq!(p["intents"][2]["subtopic"], "pets");
    let conf = p["intents"][1]["confidence"].as_f64().expect("confidence");
    assert!((0.0..=1.0).contains(&conf));
    let stay = p["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["kind"] == "stay")
        .expect("stay");
    assert_eq!(
        stay["value"],
        serde_json::json!({"checkin": "2026-03-15", "checkout": "2026-03-18"})
    );
    assert_eq!(stay["text"], "del 15 al 18 de marzo");
    assert_eq!(
        (stay["start"].as_u64(), stay["end"].as_u64()),
        (Some(19), Some(40))
    );
    assert_eq!(p["slots"]["adults"], 2);
    assert!(p.get("debug").is_none());
}

#[test]
fn parse_debug_explains_and_lang_is_the_fallback_for_short_messages() {
    let mut args = vec!["nlu", "parse", "ok", "--lang", "pt", "--debug"];
    args.extend(CTX);
    let p = json(&conserje(&args, None));
    assert_eq!(
        (p["language"].as_str(), p["language_source"].as_str()),
        (Some("pt"), Some("fallback"))
    );
    assert!(
        p["debug"]["pieces"][0]["top"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(p["debug"]["tokens"].as_array().is_some());
}

#[test]
fn parse_jsonl_answers_every_line_in_order_and_reports_bad_ones() {
    let input = "{\"text\":\"quiero cancelar mi reserva\"}\nnot json\n{\"text\":\"ok\",\"lang\":\"en\"}\n{\"text\":\"x\",\"lang\":\"fr\"}\n";
    let mut args = vec!["nlu", "parse", "--jsonl"];
    args.extend(CTX);
    let out = conserje(&args, Some(input));
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["intents"][0]["intent"], "cancel_booking");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("text"))
    );
    assert_eq!(lines[2]["language"], "en");
    assert!(lines[3]["error"].as_str().is_some_and(|e| e.contains("fr")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 input line"));
}

#[test]
fn parse_refuses_a_bad_time_zone_with_a_clear_message() {
    let out = conserje(&["nlu", "parse", "hola", "--tz", "Mars/Olympus"], None);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--tz"),
        "{out:?}"
    );
}

#[test]
fn eval_scores_counts_skips_and_exits_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("eval.jsonl");
    std::fs::write(
        &file,
        concat!(
            "{\"text\":\"quiero cancelar mi reserva\",\"lang\":\"es\",\"intent\":\"cancel_booking\"}\n",
            "{\"text\":\"del 15 al 18 de marzo\",\"lang\":\"es\",\"intent\":\"provide_info\",\"slots\":{\"checkin\":\"2026-03-15\",\"checkout\":\"2026-03-18\"}}\n",
            "{\"text\":\"hola\",\"intent\":\"saludo_legacy\"}\n",
            "{\"text\":\"where is the hotel?\",\"lang\":\"en\",\"intent\":\"complaint\"}\n",
            "{broken\n",
        ),
    )
    .expect("write");
    let path = file.to_str().expect("utf-8 path");
    let mut args = vec!["nlu", "eval", path, "--json"];
    args.extend(CTX);
    let r = json(&conserje(&args, None));
    assert_eq!(r["lines"], 3);
    assert_eq!(r["skipped_unknown_intent"], 1);
    assert_eq!(r["malformed"].as_array().map(Vec::len), Some(1));
    assert!((r["accuracy"].as_f64().expect("accuracy") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(r["slots"]["checkin"]["tp"], 1);
    assert_eq!(r["confusion"]["complaint"]["hotel_info"], 1);
    assert_eq!(r["misclassified"][0]["text"], "where is the hotel?");

    // The human report has the same facts, and the exit code is 0 despite the misses.
    let mut args = vec!["nlu", "eval", path];
    args.extend(CTX);
    let out = conserje(&args, None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "intent accuracy: 66.7%",
        "skipped (unknown intent): 1",
        "confusion",
        "misclassified (1)",
        "checkin",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
}

/// A floor on the fixed test split (never used for training), so quality
/// cannot silently regress. Issue #4's bar is higher (intent accuracy ≥ 95 %
/// for es and en) and is not met yet: see BENCHMARKS.md for the measured scores.
#[test]
fn the_test_split_stays_above_its_floor() {
    for lang in ["es", "en", "pt"] {
        let path = format!("{}/data/nlu/test/{lang}.jsonl", env!("CARGO_MANIFEST_DIR"));
        let mut args = vec!["nlu", "eval", path.as_str(), "--json"];
        args.extend(CTX);
        let r = json(&conserje(&args, None));
        let (acc, f1) = (
            r["accuracy"].as_f64().expect("accuracy"),
            r["slot_f1"].as_f64().expect("slot f1"),
        );
        assert!(
            r["lines"].as_u64().expect("lines") >= if lang == "pt" { 100 } else { 150 },
            "{lang}"
        );
        assert!(acc >= 0.90, "{lang}: intent accuracy {acc:.3} < 0.90");
        assert!(f1 >= 0.90, "{lang}: slot F1 {f1:.3} < 0.90");
    }
}

/// The test split must stay unseen: no training line may repeat a test line
/// (compared lower-cased and with spaces collapsed), or the reported scores
/// would measure memory, not understanding.
#[test]
fn no_training_line_repeats_a_test_line() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu");
    let texts = |split: &str, lang: &str| -> std::collections::HashSet<String> {
        let src = std::fs::read_to_string(dir.join(split).join(format!("{lang}.jsonl")))
            .expect("split file");
        src.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json line");
                let t = v["text"].as_str().expect("text").to_lowercase();
                t.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect()
    };
    for lang in ["es", "en", "pt"] {
        let train = texts("train", lang);
        let shared: Vec<_> = texts("test", lang).intersection(&train).cloned().collect();
        assert!(shared.is_empty(), "{lang}: {} shared lines", shared.len());
    }
}

#[test]
fn eval_with_nothing_to_score_fails_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content, reason) in [
        ("empty.jsonl", "", "empty"),
        (
            "unknown.jsonl",
            "{\"text\":\"hola\",\"intent\":\"saludo\"}\n",
            "unknown intent",
        ),
        ("broken.jsonl", "{broken\n", "malformed"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, content).expect("write");
        let mut args = vec!["nlu", "eval", file.to_str().expect("utf-8 path")];
        args.extend(CTX);
        let out = conserje(&args, None);
        assert!(!out.status.success(), "{name}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(reason), "{name}: {err}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("accuracy"));
    }
}

#[test]
fn parse_jsonl_keeps_outputs_aligned_past_blank_and_non_utf8_lines() {
    let mut args = vec!["nlu", "parse", "--jsonl"];
    args.extend(CTX);
    let out = conserje_bytes(
        &args,
        Some(b"{\"text\":\"hola\"}\n\n{\"text\":\"caf\xe9\"}\n{\"text\":\"thanks\"}\n"),
    );
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        (lines[1]["line"].as_u64(), lines[2]["line"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(lines[3]["intents"][0]["intent"], "thanks");
}
