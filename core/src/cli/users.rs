//! `conserje users add|list|disable`: staff accounts, offline, straight on
//! the database (safe while the daemon runs). Passwords are read from a
//! prompt or standard input, never from the command line, where they would
//! land in shell history and the process list.

use super::{Cli, block_on, load_settings};
use crate::adapters::sqlite::{self, staff_users};
use crate::audit::Who;
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::HashCost;
use crate::auth::{self, Role};
use crate::ports::clock::{Clock, SystemClock};
use serde_json::{Value, json};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Create a staff account; the password is asked for (or read from standard input).
    Add {
        /// admin, manager or frontdesk.
        #[arg(long)]
        role: Role,
        username: String,
    },
    /// List staff accounts.
    List,
    /// Disable an account: it is signed out everywhere and cannot sign in.
    Disable { username: String },
}

pub fn run(cli: &Cli, cmd: &UsersCommand) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    let settings = load_settings(cli)?;
    let password = match cmd {
        UsersCommand::Add { .. } => Some(read_password()?),
        _ => None,
    };
    block_on(async move {
        let db = sqlite::open(&settings.storage).await?;
        sqlite::migrate(&db).await?;
        let now = SystemClock.now_ms();
        let code = match cmd {
            UsersCommand::Add { role, username } => {
                let new = NewAccount {
                    username,
                    password: password.as_deref().unwrap_or_default(),
                    role: *role,
                };
                let min = settings.admin.password_min_length;
                let user = accounts::create(&db, new, min, HashCost::RECOMMENDED, now).await?;
                println!("created {} ({}), id {}", user.username, user.role, user.id);
                let after = serde_json::json!({"username": user.username, "role": user.role});
                let target = format!("user:{}", user.id);
                crate::audit::record(
                    &db,
                    now,
                    &Who::command_line(),
                    "user.create",
                    &target,
                    Value::Null,
                    after,
                )
                .await?;
                auth::remove_setup_token_file(&settings.storage.resolved_data_dir());
                ExitCode::SUCCESS
            }
            UsersCommand::List => {
                println!("{:<6} {:<32} {:<10} status", "id", "username", "role");
                for u in staff_users::list(&db).await? {
                    let status = if u.active() { "active" } else { "disabled" };
                    println!(
                        "{:<6} {:<32} {:<10} {status}",
                        u.id,
                        u.username,
                        u.role.as_str()
                    );
                }
                ExitCode::SUCCESS
            }
            UsersCommand::Disable { username } => {
                let Some(user) = accounts::by_username(&db, username).await? else {
                    anyhow::bail!(
                        "no staff account named {username:?} (`conserje users list` shows them)"
                    );
                };
                accounts::change(&db, user.id, staff_users::Change::Disable, now).await?;
                let target = format!("user:{}", user.id);
                let (before, after) = (json!({"active": user.active()}), json!({"active": false}));
                crate::audit::record(
                    &db,
                    now,
                    &Who::command_line(),
                    "user.disable",
                    &target,
                    before,
                    after,
                )
                .await?;
                println!("disabled {}; its sessions are signed out", user.username);
                ExitCode::SUCCESS
            }
        };
        db.close().await;
        Ok(code)
    })?
}

/// On a terminal: asked twice without echo. Piped: the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password again: ")?;
        if first != again {
            anyhow::bail!("the two passwords differ; nothing was created");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
