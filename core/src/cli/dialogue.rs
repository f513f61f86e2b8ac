//! `conserje dialogue run FILE.jsonl`: scripted conversations with
//! expectations, one turn per line, a blank line between conversations.

use super::chat::{print_reply, session};
use super::{Cli, block_on};
use crate::engine::dialogue::DialogueState;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum DialogueCommand {
    /// Run scripted conversations and check each reply.
    Run {
        file: PathBuf,
        /// Pretend today is this date (YYYY-MM-DD), at noon in the hotel's time zone.
        #[arg(long)]
        today: Option<NaiveDate>,
        /// One JSON report on stdout instead of the readable transcript.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    guest: String,
    #[serde(default)]
    expect: Expect,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    contains: Vec<String>,
    intent: Option<String>,
    state: Option<serde_json::Map<String, Value>>,
}

/// Every key given must equal the state's value (a partial match).
fn state_matches(expected: &serde_json::Map<String, Value>, state: &Value) -> Vec<String> {
    expected
        .iter()
        .filter(|(k, v)| state.get(k.as_str()) != Some(v))
        .map(|(k, v)| {
            format!(
                "state.{k}: expected {v}, got {}",
                state.get(k.as_str()).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

pub fn run(cli: &Cli, cmd: &DialogueCommand) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    let DialogueCommand::Run {
        file,
        today,
        json: as_json,
    } = cmd;
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let mut conversations: Vec<Vec<(usize, Line)>> = vec![Vec::new()];
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            if conversations.last().is_some_and(|c| !c.is_empty()) {
                conversations.push(Vec::new());
            }
            continue;
        }
        let line: Line = serde_json::from_str(raw)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", file.display(), i + 1))?;
        if let Some(c) = conversations.last_mut() {
            c.push((i + 1, line));
        }
    }
    conversations.retain(|c| !c.is_empty());

    block_on(async {
        let mut out = std::io::stdout();
        let (mut passed, mut failed) = (0usize, 0usize);
        let mut report = Vec::new();
        for (n, convo) in conversations.iter().enumerate() {
            // A fresh hotel per conversation: no booking leaks from one script into the next.
            let s = session(cli, *today).await?;
            let mut state = DialogueState::default();
            if !*as_json {
                writeln!(out, "── conversation {} ──", n + 1)?;
            }
            for (line_no, line) in convo {
                let turn = s
                    .bot
                    .turn(&format!("script-{}", n + 1), &mut state, &line.guest, None)
                    .await?;
                let reply: String = turn
                    .replies
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut failures: Vec<String> = line
                    .expect
                    .contains
                    .iter()
                    .filter(|c| !reply.contains(c.as_str()))
                    .map(|c| format!("reply does not contain {c:?}"))
                    .collect();
                if let Some(want) = &line.expect.intent {
                    let got = turn
                        .parse
                        .as_ref()
                        .map(|p| p.primary().intent.to_string())
                        .unwrap_or_default();
                    if &got != want {
                        failures.push(format!("intent: expected {want}, got {got}"));
                    }
                }
                if let Some(want) = &line.expect.state {
                    failures.extend(state_matches(want, &serde_json::to_value(&state)?));
                }
                let checks = line.expect.contains.len()
                    + usize::from(line.expect.intent.is_some())
                    + line.expect.state.as_ref().map_or(0, |s| s.len());
                failed += failures.len();
                passed += checks - failures.len().min(checks);
                if *as_json {
                    report.push(json!({"conversation": n + 1, "line": line_no, "guest": line.guest, "reply": reply, "failures": failures}));
                } else {
                    writeln!(out, "     guest › {}", line.guest)?;
                    for r in &turn.replies {
                        print_reply(&mut out, r)?;
                    }
                    for f in &failures {
                        writeln!(out, "      FAIL │ line {line_no}: {f}")?;
                    }
                    if failures.is_empty() && checks > 0 {
                        writeln!(out, "      pass │ {checks} expectation(s)")?;
                    }
                }
            }
        }
        if *as_json {
            writeln!(
                out,
                "{}",
                json!({"passed": passed, "failed": failed, "turns": report})
            )?;
        } else {
            writeln!(out, "{passed} passed, {failed} failed")?;
        }
        Ok(if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    })?
}
