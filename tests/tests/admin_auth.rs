//! The admin API's sign-in on the real binary: first-run setup token, the
//! offline `conserje users` command, and secrets kept out of logs and answers.

use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

const JWT_SECRET: &str = "e2e-signing-key-0123456789abcdefghijklmnop";
const PASSWORD: &str = "violet tram 42 lantern";

/// Every answer body is kept, to be scanned for secrets at the end.
struct Client {
    http: reqwest::blocking::Client,
    base: String,
    seen: Vec<String>,
}

impl Client {
    fn new(base: &str) -> Self {
        Self {
            http: reqwest::blocking::Client::new(),
            base: base.to_string(),
            seen: Vec::new(),
        }
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let mut req = self.http.request(method.parse().expect("method"), &url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = res.status().as_u16();
        let text = res.text().expect("body");
        self.seen.push(text.clone());
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[test]
fn the_setup_token_creates_the_first_admin_and_secrets_stay_out_of_logs_and_answers() {
    let d = Daemon::start(
        &conserje_bin(),
        &[
            ("CONSERJE__ADMIN__JWT_SECRET", JWT_SECRET),
            ("CONSERJE__LOG__LEVEL", "debug"),
        ],
    );
    let token_file = d.data_dir.path().join("setup-token");
    let setup_token = std::fs::read_to_string(&token_file)
        .expect("the daemon writes the setup token file on first run")
        .trim()
        .to_string();
    assert_eq!(setup_token.len(), 64);

    let mut c = Client::new(&d.admin);
    assert_eq!(
        c.send("GET", "/api/setup", None, None).1["setup_required"],
        true
    );
    let (status, _) = c.send(
        "POST",
        "/api/setup",
        None,
        Some(json!({"setup_token": "wrong", "username": "boss", "password": PASSWORD})),
    );
    assert_eq!(status, 403);
    let (status, admin) = c.send(
        "POST",
        "/api/setup",
        None,
        Some(json!({"setup_token": setup_token, "username": "boss", "password": PASSWORD})),
    );
    assert_eq!(status, 201, "{admin}");
    assert!(
        !token_file.exists(),
        "a spent setup token leaves no file behind"
    );

    let (status, pair) = c.send(
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"username": "boss", "password": PASSWORD})),
    );
    assert_eq!(status, 200, "{pair}");
    let access = pair["access_token"].as_str().expect("access").to_string();
    let refresh = pair["refresh_token"].as_str().expect("refresh").to_string();

    let (status, health) = c.send("GET", "/api/health", Some(&access), None);
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["ready"], true);
    assert!(health["checks"].as_array().is_some_and(|c| !c.is_empty()));
    assert_eq!(c.send("GET", "/api/health", None, None).0, 401);

    let (status, renewed) = c.send(
        "POST",
        "/api/auth/refresh",
        None,
        Some(json!({"refresh_token": refresh})),
    );
    assert_eq!(status, 200, "{renewed}");
    let refresh2 = renewed["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    assert_eq!(
        c.send(
            "POST",
            "/api/auth/logout",
            None,
            Some(json!({"refresh_token": refresh2}))
        )
        .0,
        204
    );
    let _ = c.send("GET", "/api/users", Some(&access), None);
    let _ = c.send("GET", "/api/openapi.json", None, None);

    let log = d.log_text();
    assert!(
        log.contains("setup token"),
        "the log says where the token is:\n{log}"
    );
    for (what, secret) in [
        ("setup token", setup_token.as_str()),
        ("password", PASSWORD),
        ("signing key", JWT_SECRET),
        ("access token", access.as_str()),
        ("refresh token", refresh.as_str()),
        ("renewed refresh token", refresh2.as_str()),
    ] {
        assert!(!log.contains(secret), "the {what} is in the daemon's log");
    }
    for body in &c.seen {
        for secret in [PASSWORD, JWT_SECRET, setup_token.as_str(), "$argon2"] {
            assert!(!body.contains(secret), "an answer leaks a secret: {body}");
        }
    }
}

fn conserje(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(conserje_bin())
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn conserje");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn users_are_managed_offline_with_the_password_from_stdin() {
    let dir = tempfile::tempdir().expect("tmp");
    let line = format!("{PASSWORD}\n");
    let (ok, out) = conserje(
        dir.path(),
        &["users", "add", "--role", "admin", "Boss"],
        &line,
    );
    assert!(ok, "{out}");
    assert!(out.contains("created boss (admin)"), "{out}");
    let (ok, out) = conserje(
        dir.path(),
        &["users", "add", "--role", "frontdesk", "ana"],
        "Password2026!\n",
    );
    assert!(!ok, "a common password is refused");
    assert!(out.contains("most common passwords"), "{out}");
    let (ok, out) = conserje(
        dir.path(),
        &["users", "add", "--role", "frontdesk", "ana"],
        &line,
    );
    assert!(ok, "{out}");
    let (ok, out) = conserje(dir.path(), &["users", "disable", "ana"], "");
    assert!(ok, "{out}");
    let (ok, out) = conserje(dir.path(), &["users", "disable", "boss"], "");
    assert!(!ok, "the last admin stays: {out}");
    let (_, list) = conserje(dir.path(), &["users", "list"], "");
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows.iter().map(|r| r[1..].to_vec()).collect::<Vec<_>>(),
        [
            vec!["ana", "frontdesk", "disabled"],
            vec!["boss", "admin", "active"]
        ],
        "{list}"
    );

    // The daemon on that data directory needs no setup and accepts boss.
    let d = Daemon::start_in(&conserje_bin(), dir, &[]);
    assert!(!d.data_dir.path().join("setup-token").exists());
    let mut c = Client::new(&d.admin);
    assert_eq!(
        c.send("GET", "/api/setup", None, None).1["setup_required"],
        false
    );
    let (status, _) = c.send(
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"username": "boss", "password": PASSWORD})),
    );
    assert_eq!(status, 200);
    let (status, body) = c.send(
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"username": "ana", "password": PASSWORD})),
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("account_disabled"))
    );
}
