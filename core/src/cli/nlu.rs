//! `conserje nlu parse` and `conserje nlu eval`: the understanding from the
//! command line, for trying messages and scoring labelled files.

use crate::domain::Language;
use crate::engine::nlu::eval::{self, Report};
use crate::engine::nlu::{DateOrder, Nlu, NluContext, RoomTypeDef, demo_room_types};
use anyhow::Context;
use chrono::NaiveDate;
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum NluCommand {
    /// Print the parse of a message as JSON (or of each stdin line with --jsonl).
    Parse(ParseArgs),
    /// Score a labelled JSONL file: accuracy, per-intent and per-slot P/R/F1.
    Eval(EvalArgs),
}

/// What the hotel would tell the understanding.
#[derive(Debug, Args)]
pub struct ContextArgs {
    /// "Today" for relative dates (default: today in --tz).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// The hotel's time zone.
    #[arg(
        long,
        value_name = "Area/City",
        default_value = "America/Argentina/Buenos_Aires"
    )]
    pub tz: String,
    /// Country calling code for phone numbers written without one.
    #[arg(long, value_name = "DIGITS", default_value = "54")]
    pub calling_code: String,
    /// Read ambiguous English dates like 3/4 as month/day (en-US hotels).
    #[arg(long)]
    pub month_first: bool,
    /// Room types as JSON `[{"id","names":[…]}]` (default: the demo hotel's).
    #[arg(long, value_name = "FILE")]
    pub room_types: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The message (omit with --jsonl).
    pub text: Option<String>,
    /// The conversation's language, used when the message is too short to tell.
    #[arg(long, value_name = "es|en|pt")]
    pub lang: Option<Language>,
    /// Read `{"text", "lang"?}` lines on stdin, write one line per input line:
    /// its parse, or `{"line", "error"}` for a blank, non-UTF-8 or malformed one.
    #[arg(long)]
    pub jsonl: bool,
    /// Include why: tokens, language evidence, per-piece probabilities and cues.
    #[arg(long)]
    pub debug: bool,
    #[command(flatten)]
    pub ctx: ContextArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// JSONL lines `{"text", "lang"?, "intent", "intents"?, "subtopic"?, "slots"?}`;
    /// a line without "slots" is not scored for slots.
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub ctx: ContextArgs,
}

pub fn run(cmd: &NluCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NluCommand::Parse(args) => parse(args),
        NluCommand::Eval(args) => evaluate(args),
    }
}

fn context(args: &ContextArgs) -> anyhow::Result<NluContext> {
    let tz: Tz = args.tz.parse().map_err(|e| {
        anyhow::anyhow!(
            "--tz {:?} is not a time zone name like America/Argentina/Buenos_Aires: {e}",
            args.tz
        )
    })?;
    anyhow::ensure!(
        !args.calling_code.is_empty()
            && args.calling_code.len() <= 3
            && args.calling_code.chars().all(|c| c.is_ascii_digit()),
        "--calling-code must be 1 to 3 digits, like 54"
    );
    // The command line is the edge: the clock is read here, never inside the NLU.
    let today = args
        .today
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz).date_naive());
    let room_types: Vec<RoomTypeDef> = match &args.room_types {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text).with_context(|| {
                format!(
                    "{}: expected [{{\"id\", \"names\": [...]}}]",
                    path.display()
                )
            })?
        }
        None => demo_room_types(),
    };
    let order = if args.month_first {
        DateOrder::MonthDay
    } else {
        DateOrder::DayMonth
    };
    Ok(NluContext::new(today, tz)
        .with_room_types(room_types)
        .with_calling_code(args.calling_code.clone())
        .with_date_order(order))
}

#[derive(serde::Deserialize)]
struct JsonlIn {
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

fn parse(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let ctx = context(&args.ctx)?.with_conversation_language(args.lang);
    let nlu = Nlu::shared()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !args.jsonl {
        let text = args
            .text
            .as_deref()
            .context("give the message to parse, or --jsonl to read stdin")?;
        let parse = nlu.parse_with(text, &ctx, None, args.debug);
        serde_json::to_writer_pretty(&mut out, &parse)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    anyhow::ensure!(
        args.text.is_none(),
        "--jsonl reads messages from stdin: drop the TEXT argument"
    );
    let bad = answer_jsonl(nlu, &ctx, args.debug, std::io::stdin().lock(), &mut out)?;
    out.flush()?;
    if bad > 0 {
        eprintln!(
            "warning: {bad} input line(s) were not {{\"text\", \"lang\"?}} objects; see the error lines"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One output line per input line, so output line N always answers input
/// line N: a parse, or `{"line", "error"}` for a blank, non-UTF-8 or
/// malformed line. Returns how many lines were errors.
fn answer_jsonl(
    nlu: &Nlu,
    ctx: &NluContext,
    debug: bool,
    mut input: impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    let mut bad = 0usize;
    let mut buf = Vec::new();
    for n in 1.. {
        buf.clear();
        if input.read_until(b'\n', &mut buf).context("reading stdin")? == 0 {
            break;
        }
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        match jsonl_line(nlu, ctx, debug, n, bytes) {
            Ok(parse) => serde_json::to_writer(&mut *out, &parse)?,
            Err(error) => {
                bad += 1;
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({ "line": n, "error": error }),
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(bad)
}

fn jsonl_line(
    nlu: &Nlu,
    ctx: &NluContext,
    debug: bool,
    n: usize,
    bytes: &[u8],
) -> Result<crate::engine::nlu::Parse, String> {
    let line = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (byte {}): save the input as UTF-8",
            e.valid_up_to() + 1
        )
    })?;
    // A byte-order mark is how some editors start a UTF-8 file, not JSON.
    let line = if n == 1 {
        line.strip_prefix('\u{feff}').unwrap_or(line)
    } else {
        line
    };
    if line.trim().is_empty() {
        return Err("blank line: expected {\"text\", \"lang\"?}".into());
    }
    let input: JsonlIn =
        serde_json::from_str(line).map_err(|e| format!("expected {{\"text\", \"lang\"?}}: {e}"))?;
    let lang = input
        .lang
        .as_deref()
        .map(str::parse::<Language>)
        .transpose()
        .map_err(|e| e.to_string())?;
    let line_ctx = NluContext {
        conversation_language: lang.or(ctx.conversation_language),
        ..ctx.clone()
    };
    Ok(nlu.parse_with(&input.text, &line_ctx, None, debug))
}

fn evaluate(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let ctx = context(&args.ctx)?;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let src = utf8(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let report = eval::evaluate(Nlu::shared()?, &ctx, src);
    if let Some(why) = report.unusable() {
        anyhow::bail!("{}: {why}", args.file.display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report));
    }
    // The score is information, not a failure: exit 0 whatever it is.
    Ok(ExitCode::SUCCESS)
}

/// The file as text, or which line is not UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let ok = &bytes[..e.valid_up_to()];
        let line = 1 + ok.iter().filter(|b| **b == b'\n').count();
        format!("line {line} is not UTF-8: save the file as UTF-8")
    })
}

/// A share as a percentage, or "n/a" when no line measured it.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

fn render(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "lines scored: {}  skipped (unknown intent): {}  malformed or unknown names: {}",
        r.lines,
        r.skipped_unknown_intent,
        r.malformed.len()
    );
    for m in &r.malformed {
        let _ = writeln!(s, "  {m}");
    }
    let _ = writeln!(s, "intent accuracy: {:.1}%", r.accuracy * 100.0);
    let _ = writeln!(
        s,
        "language accuracy: {} over {} detected line(s); {} too short to tell (not counted)",
        percent(r.language_accuracy),
        r.language_lines,
        r.language_fallback
    );
    let _ = writeln!(
        s,
        "intents in order: {} over {} line(s) with \"intents\"",
        percent(r.intent_order_accuracy),
        r.intent_order_lines
    );
    let _ = writeln!(
        s,
        "subtopic accuracy: {} over {} line(s) with \"subtopic\"",
        percent(r.subtopic_accuracy),
        r.subtopic_lines
    );
    let slot_f1 = (r.slot_lines > 0).then_some(r.slot_f1);
    let _ = writeln!(
        s,
        "slot F1 (all slots): {} over {} line(s) with \"slots\"\n",
        percent(slot_f1),
        r.slot_lines
    );
    let _ = writeln!(
        s,
        "{:<24} {:>6} {:>6} {:>6} {:>4} {:>4} {:>4}",
        "intent", "P", "R", "F1", "tp", "fp", "fn"
    );
    for (name, p) in &r.intents {
        let _ = writeln!(
            s,
            "{name:<24} {:>6.3} {:>6.3} {:>6.3} {:>4} {:>4} {:>4}",
            p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
        );
    }
    let _ = writeln!(
        s,
        "\n{:<24} {:>6} {:>6} {:>6} {:>4} {:>4} {:>4}",
        "slot", "P", "R", "F1", "tp", "fp", "fn"
    );
    for (name, p) in &r.slots {
        let _ = writeln!(
            s,
            "{name:<24} {:>6.3} {:>6.3} {:>6.3} {:>4} {:>4} {:>4}",
            p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
        );
    }
    let _ = writeln!(s, "\nconfusion (expected → got × count):");
    for (want, row) in &r.confusion {
        let cells: Vec<String> = row.iter().map(|(got, n)| format!("{got}×{n}")).collect();
        let _ = writeln!(s, "  {want:<24} {}", cells.join("  "));
    }
    let _ = writeln!(s, "\nmisclassified ({}):", r.misclassified.len());
    for m in &r.misclassified {
        let _ = writeln!(
            s,
            "  line {}: {:?}  expected {}  got {} ({:.2})",
            m.line, m.text, m.expected, m.got, m.confidence
        );
    }
    if r.intent_order_lines > 0 {
        let _ = writeln!(s, "\nintents not in order ({}):", r.order_errors.len());
        let names = |v: &[crate::engine::nlu::Intent]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        for m in &r.order_errors {
            let _ = writeln!(
                s,
                "  line {}: {:?}  expected [{}]  got [{}]",
                m.line,
                m.text,
                names(&m.expected),
                names(&m.got)
            );
        }
    }
    if r.subtopic_lines > 0 {
        let _ = writeln!(s, "\nsubtopic errors ({}):", r.subtopic_errors.len());
        for m in &r.subtopic_errors {
            let _ = writeln!(
                s,
                "  line {}: {:?}  expected {}  got {}",
                m.line,
                m.text,
                m.expected,
                m.got.map_or("-", |t| t.as_str())
            );
        }
    }
    let _ = writeln!(s, "\nslot errors ({}):", r.slot_errors.len());
    for e in &r.slot_errors {
        let _ = writeln!(
            s,
            "  line {}: {:?}  {}: expected {}  got {}",
            e.line,
            e.text,
            e.slot,
            e.expected.as_deref().unwrap_or("-"),
            e.got.as_deref().unwrap_or("-")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> NluContext {
        let today = NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
        NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
            .with_room_types(demo_room_types())
    }

    fn answer(input: &[u8]) -> (Vec<serde_json::Value>, usize) {
        let mut out = Vec::new();
        let nlu = Nlu::shared().expect("nlu");
        let bad = answer_jsonl(nlu, &ctx(), false, input, &mut out).expect("answered");
        let lines = String::from_utf8(out)
            .expect("utf-8 output")
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        (lines, bad)
    }

    #[test]
    fn every_jsonl_input_line_gets_exactly_one_output_line() {
        // A blank line, a Latin-1 "café" and a CRLF line among good ones.
        let input = b"{\"text\":\"quiero cancelar mi reserva\"}\n\n{\"text\":\"caf\xe9\"}\n   \r\n{\"text\":\"ok\",\"lang\":\"en\"}\r\n{\"text\":\"quero cancelar a reserva\"}";
        let (lines, bad) = answer(input);
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert_eq!(bad, 3);
        assert_eq!(lines[0]["intents"][0]["intent"], "cancel_booking");
        assert_eq!(lines[1]["line"], 2);
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("blank"))
        );
        assert_eq!(lines[2]["line"], 3);
        assert!(
            lines[2]["error"]
                .as_str()
                .is_some_and(|e| e.contains("UTF-8"))
        );
        assert_eq!(lines[3]["line"], 4);
        assert_eq!(lines[4]["language"], "en");
        assert_eq!(lines[5]["intents"][0]["intent"], "cancel_booking");
    }

    #[test]
    fn a_byte_order_mark_does_not_spoil_the_first_line() {
        let (lines, bad) =
            answer("\u{feff}{\"text\":\"hi, i want to cancel my booking\"}\n".as_bytes());
        assert_eq!((lines.len(), bad), (1, 0), "{lines:?}");
        assert_eq!(lines[0]["language"], "en");
    }

    #[test]
    fn an_eval_file_that_is_not_utf8_names_the_line() {
        assert_eq!(utf8(b"{}\n{}\n"), Ok("{}\n{}\n"));
        let err = utf8(b"{\"text\":\"hola\"}\n{\"text\":\"caf\xe9\"}\n").expect_err("latin-1");
        assert!(err.starts_with("line 2 "), "{err}");
    }

    #[test]
    fn the_eval_report_says_n_a_where_nothing_was_measured() {
        let nlu = Nlu::shared().expect("nlu");
        let r = eval::evaluate(
            nlu,
            &ctx(),
            "{\"text\":\"ok\",\"lang\":\"es\",\"intent\":\"affirm\"}\n{\"text\":\"quiero cancelar mi reserva\",\"intent\":\"cancel_booking\"}\n",
        );
        let text = render(&r);
        for needle in [
            "intent accuracy: 100.0%",
            "language accuracy: n/a over 0 detected line(s); 1 too short to tell",
            "intents in order: n/a",
            "subtopic accuracy: n/a",
            "slot F1 (all slots): n/a over 0 line(s)",
        ] {
            assert!(text.contains(needle), "{needle} not in:\n{text}");
        }
    }
}
