//! `conserje chat`: talk to the receptionist as a guest, in the terminal.

use super::{Cli, block_on};
use crate::adapters::sqlite;
use crate::app::receptionist::build_receptionist;
use crate::domain::Language;
use crate::engine::dialogue::{DialogueState, Reply, Turn};
use crate::http::Mode;
use crate::ports::clock::{Clock, ManualClock, SystemClock};
use crate::ports::health::HealthRegistry;
use crate::telemetry::Metrics;
use anyhow::Context;
use chrono::{NaiveDate, TimeZone};
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ChatArgs {
    /// Start the conversation in this language (es, en, pt); otherwise detected.
    #[arg(long)]
    pub lang: Option<Language>,
    /// Pretend today is this date (YYYY-MM-DD), at noon in the hotel's time zone.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// After each turn, print the understanding (intents, entities) and the state.
    #[arg(long)]
    pub debug: bool,
}

/// A receptionist on a throw-away copy of the demo hotel (or the configured
/// data directory, when one is given).
pub(super) struct Session {
    pub bot: crate::engine::dialogue::Receptionist,
    _dir: Option<tempfile::TempDir>,
}

pub(super) async fn session(cli: &Cli, today: Option<NaiveDate>) -> anyhow::Result<Session> {
    let mut settings = super::load_settings(cli)?;
    let dir = if cli.data_dir.is_none() && settings.storage.data_dir.as_os_str().is_empty() {
        let d = tempfile::tempdir().context("cannot create a temporary data directory")?;
        settings.storage.data_dir = d.path().to_path_buf();
        Some(d)
    } else {
        None
    };
    let db = sqlite::open(&settings.storage).await?;
    sqlite::migrate(&db).await?;
    let profile = crate::engine::dialogue::profile_from_settings(
        &settings.hotel,
        std::time::Duration::from_secs(settings.locks.hold_secs),
    )?;
    let clock: Arc<dyn Clock> = match today {
        Some(d) => {
            let noon = profile
                .tz
                .from_local_datetime(&d.and_hms_opt(12, 0, 0).context("noon")?)
                .earliest()
                .context("that date has no noon in the hotel's time zone")?;
            Arc::new(ManualClock::at(noon.with_timezone(&chrono::Utc)))
        }
        None => Arc::new(SystemClock),
    };
    let mode = if matches!(settings.pms.kind, crate::config::PmsKind::Demo) {
        Mode::Demo
    } else {
        Mode::Production
    };
    let mut health = HealthRegistry::new(Duration::from_secs(2));
    let pms =
        crate::app::pms::build_pms(&settings, mode, &db, &mut health, &Metrics::new()).await?;
    let locks = crate::app::pms::build_locks(&settings).await?;
    let bot = build_receptionist(&settings, mode, &db, clock, pms, locks).await?;
    Ok(Session { bot, _dir: dir })
}

pub(super) fn print_reply(out: &mut impl Write, r: &Reply) -> std::io::Result<()> {
    for line in r.text.lines() {
        writeln!(out, "  conserje │ {line}")?;
    }
    for b in &r.buttons {
        writeln!(out, "           │   [{}] {}", b.id, b.title)?;
    }
    if let Some(l) = &r.location {
        writeln!(
            out,
            "           │   📍 {} — {} ({}, {})",
            l.name, l.address, l.latitude, l.longitude
        )?;
    }
    Ok(())
}

fn print_debug(out: &mut impl Write, turn: &Turn, state: &DialogueState) -> std::io::Result<()> {
    if let Some(p) = &turn.parse {
        let intents: Vec<String> = p
            .intents
            .iter()
            .map(|h| format!("{} {:.2}", h.intent, h.confidence))
            .collect();
        writeln!(
            out,
            "     debug │ lang {} ({:?}) · intents [{}]",
            p.language,
            p.language_source,
            intents.join(", ")
        )?;
        writeln!(
            out,
            "     debug │ slots {}",
            serde_json::to_string(&p.slots).unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "     debug │ state {}",
        serde_json::to_string(state).unwrap_or_default()
    )?;
    for n in &turn.staff_notes {
        writeln!(out, "     staff │ {n}")?;
    }
    Ok(())
}

pub fn run(cli: &Cli, args: &ChatArgs) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    block_on(async {
        let s = session(cli, args.today).await?;
        let mut state = DialogueState {
            lang: args.lang,
            ..DialogueState::default()
        };
        let stdin = std::io::stdin();
        let mut out = std::io::stdout();
        writeln!(
            out,
            "Conserje: you are a guest writing to the hotel on WhatsApp. Type a message;"
        )?;
        writeln!(
            out,
            "/back hands a conversation back from staff to the bot, /reset starts over, /quit leaves."
        )?;
        loop {
            write!(out, "     guest › ")?;
            out.flush()?;
            let mut line = String::new();
            if stdin.lock().read_line(&mut line)? == 0 {
                break;
            }
            let text = line.trim();
            match text {
                "" => continue,
                "/quit" | "/exit" => break,
                "/reset" => {
                    state = DialogueState {
                        lang: args.lang,
                        ..DialogueState::default()
                    };
                    continue;
                }
                "/back" => {
                    state.hand_back();
                    writeln!(out, "           │ (back to the bot)")?;
                    continue;
                }
                _ => {}
            }
            let turn = s.bot.turn("chat", &mut state, text, None).await?;
            for r in &turn.replies {
                print_reply(&mut out, r)?;
            }
            if let Some(reason) = turn.handoff {
                writeln!(
                    out,
                    "           │ (handed to staff: {reason:?}; the bot stays silent until /back)"
                )?;
            } else if turn.replies.is_empty() {
                writeln!(
                    out,
                    "           │ (staff have this conversation; the bot stays silent)"
                )?;
            }
            if args.debug {
                print_debug(&mut out, &turn, &state)?;
            }
        }
        Ok(ExitCode::SUCCESS)
    })?
}
