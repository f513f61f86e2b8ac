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
    /// Read `{"text", "lang"?}` lines on stdin, write one parse per line.
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
    /// JSONL lines `{"text", "lang"?, "intent", "intents"?, "slots"?}`.
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
    let mut bad = 0usize;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        // A bad line gets an error line in its place, so outputs stay aligned with inputs.
        let input: JsonlIn = match serde_json::from_str(&line) {
            Ok(i) => i,
            Err(e) => {
                bad += 1;
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "line": n + 1, "error": format!("expected {{\"text\", \"lang\"?}}: {e}") })
                )?;
                continue;
            }
        };
        let lang = match input
            .lang
            .as_deref()
            .map(str::parse::<Language>)
            .transpose()
        {
            Ok(l) => l,
            Err(e) => {
                bad += 1;
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "line": n + 1, "error": e.to_string() })
                )?;
                continue;
            }
        };
        let line_ctx = NluContext {
            conversation_language: lang.or(ctx.conversation_language),
            ..ctx.clone()
        };
        let parse = nlu.parse_with(&input.text, &line_ctx, None, args.debug);
        serde_json::to_writer(&mut out, &parse)?;
        writeln!(out)?;
    }
    out.flush()?;
    if bad > 0 {
        eprintln!(
            "warning: {bad} input line(s) were not {{\"text\", \"lang\"?}} objects; see the error lines"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn evaluate(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let ctx = context(&args.ctx)?;
    let src = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let report = eval::evaluate(Nlu::shared()?, &ctx, &src);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report));
    }
    // The score is information, not a failure: exit 0 whatever it is.
    Ok(ExitCode::SUCCESS)
}

fn render(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "lines scored: {}  skipped (unknown intent): {}  malformed: {}",
        r.lines,
        r.skipped_unknown_intent,
        r.malformed.len()
    );
    for m in &r.malformed {
        let _ = writeln!(s, "  {m}");
    }
    let _ = writeln!(s, "intent accuracy: {:.1}%", r.accuracy * 100.0);
    let _ = writeln!(s, "language accuracy: {:.1}%", r.language_accuracy * 100.0);
    let _ = writeln!(s, "slot F1 (all slots): {:.1}%\n", r.slot_f1 * 100.0);
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
