//! Test support for end-to-end tests: start the real `conserje` binary on
//! port 0 with its own data directory, find its addresses, stop it.

pub mod db;
pub mod fake_graph;
pub mod fake_qloapps;
pub mod pms;
pub mod redis_server;
pub mod speech;
pub mod whatsapp_daemon;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The `conserje` binary of this build (`target/<profile>/conserje`).
pub fn conserje_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/<profile>/conserje
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable lives in target/<profile>/deps");
    let bin = dir.join(format!("conserje{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build the workspace first (`cargo build --workspace`)",
        bin.display()
    );
    bin
}

/// A running daemon; killed when dropped.
pub struct Daemon {
    child: Child,
    pub data_dir: tempfile::TempDir,
    pub public: String,
    pub admin: String,
    pub log: PathBuf,
}

impl Daemon {
    /// Starts `conserje serve --demo` (or another binary speaking the same
    /// flags) on loopback port 0 and waits for its ready file.
    pub fn start(bin: &Path, extra_env: &[(&str, &str)]) -> Daemon {
        Self::start_in(bin, tempfile::tempdir().expect("temp dir"), extra_env)
    }

    /// Like [`Daemon::start`], on an existing data directory (a restart).
    pub fn start_in(bin: &Path, data_dir: tempfile::TempDir, extra_env: &[(&str, &str)]) -> Daemon {
        // The tests' own reqwest clients need it too (see conserje::adapters::tls).
        conserje::adapters::tls::install_crypto_provider();
        let _ = std::fs::remove_file(data_dir.path().join("ready.json"));
        let ready = data_dir.path().join("ready.json");
        let log = data_dir.path().join("daemon.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut cmd = Command::new(bin);
        cmd.args(["serve", "--demo", "--log-format", "json", "--ready-file"])
            .arg(&ready)
            .arg("--data-dir")
            .arg(data_dir.path())
            .env("CONSERJE__SERVER__PUBLIC_ADDR", "127.0.0.1:0")
            .env("CONSERJE__SERVER__ADMIN_ADDR", "127.0.0.1:0")
            // Tests that hear voice notes turn speech on; the others need no model.
            .env("CONSERJE__SPEECH__ENABLED", "false")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn daemon");
        let deadline = Instant::now() + Duration::from_secs(30);
        let info = loop {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    break v;
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "daemon exited with {status} before ready:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "daemon not ready within 30 s");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(info["pid"].as_u64(), Some(u64::from(child.id())));
        Daemon {
            public: format!("http://{}", info["public"].as_str().expect("public addr")),
            admin: format!("http://{}", info["admin"].as_str().expect("admin addr")),
            child,
            data_dir,
            log,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as systemd does on `stop`.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Kills with SIGKILL (a crash, as far as the daemon can tell).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGKILL, keeping the data directory for a restart.
    pub fn crash(mut self) -> tempfile::TempDir {
        self.kill();
        let dir = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.data_dir, dir)
    }

    /// Waits for the process to exit, up to `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
