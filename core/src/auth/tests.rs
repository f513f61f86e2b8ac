//! Sign-in, renewal and sign-out against a real SQLite file and a fixed clock.

use super::accounts::NewAccount;
use super::lockout::LockedOut;
use super::password::HashCost;
use super::{Auth, AuthError, Role};
use crate::adapters::sqlite;
use crate::adapters::sqlite::staff_users::{Change, StaffUser};
use crate::config::{AdminSettings, StorageSettings};
use crate::ports::clock::ManualClock;
use std::sync::Arc;

/// 2026-11-29 12:00 UTC.
pub(crate) const T0_MS: i64 = 1_795_953_600_000;
pub(crate) const PASSWORD: &str = "violet tram 42 lantern";

pub(crate) struct Fixture {
    pub _dir: tempfile::TempDir,
    pub auth: Arc<Auth>,
    pub clock: ManualClock,
}

pub(crate) async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let db = sqlite::open(&storage).await.expect("open");
    sqlite::migrate(&db).await.expect("migrate");
    let clock = ManualClock::at_ms(T0_MS);
    let auth = Auth::build(
        db,
        &AdminSettings::default(),
        Arc::new(clock.clone()),
        HashCost::FAST_FOR_TESTS,
    )
    .await
    .expect("auth");
    Fixture {
        _dir: dir,
        auth: Arc::new(auth),
        clock,
    }
}

impl Fixture {
    pub(crate) async fn user(&self, name: &str, role: Role) -> StaffUser {
        self.auth
            .create_user(NewAccount {
                username: name,
                password: PASSWORD,
                role,
            })
            .await
            .expect("create user")
    }
}

#[tokio::test]
async fn an_access_token_works_for_fifteen_minutes_then_says_expired() {
    let f = fixture().await;
    f.user("ana", Role::Manager).await;
    let s = f
        .auth
        .login("ana", PASSWORD, "10.0.0.1")
        .await
        .expect("login");
    assert_eq!(s.expires_in_secs, 900);
    assert_eq!(
        f.auth
            .authenticate(&s.access_token)
            .await
            .expect("valid")
            .username,
        "ana"
    );
    f.clock.advance_ms(900_000);
    assert!(matches!(
        f.auth.authenticate(&s.access_token).await,
        Err(AuthError::AccessExpired)
    ));
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_sign_in() {
    let f = fixture().await;
    f.user("ana", Role::Frontdesk).await;
    let first = f.auth.login("ana", PASSWORD, "ip").await.expect("login");
    f.clock.advance_ms(60_000);
    let second = f.auth.refresh(&first.refresh_token).await.expect("rotate");
    assert_ne!(second.refresh_token, first.refresh_token);
    let third = f
        .auth
        .refresh(&second.refresh_token)
        .await
        .expect("rotate again");

    // The first token is presented again: someone copied it.
    assert!(matches!(
        f.auth.refresh(&first.refresh_token).await,
        Err(AuthError::RefreshReused)
    ));
    // Every token of that sign-in is dead now, including the newest.
    assert!(matches!(
        f.auth.refresh(&third.refresh_token).await,
        Err(AuthError::RefreshReused)
    ));
    // Another sign-in of the same user is untouched.
    let other = f.auth.login("ana", PASSWORD, "ip").await.expect("login");
    assert!(f.auth.refresh(&other.refresh_token).await.is_ok());
}

#[tokio::test]
async fn a_refresh_token_expires_after_its_days() {
    let f = fixture().await;
    f.user("ana", Role::Frontdesk).await;
    let s = f.auth.login("ana", PASSWORD, "ip").await.expect("login");
    f.clock.advance_ms(14 * 86_400_000);
    assert!(matches!(
        f.auth.refresh(&s.refresh_token).await,
        Err(AuthError::RefreshExpired)
    ));
    assert!(matches!(
        f.auth.refresh("not-a-token").await,
        Err(AuthError::RefreshInvalid)
    ));
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let f = fixture().await;
    f.user("ana", Role::Frontdesk).await;
    let s = f.auth.login("ana", PASSWORD, "ip").await.expect("login");
    f.auth.logout(&s.refresh_token).await.expect("logout");
    f.auth
        .logout(&s.refresh_token)
        .await
        .expect("logout twice is fine");
    assert!(f.auth.refresh(&s.refresh_token).await.is_err());
}

#[tokio::test]
async fn repeated_failures_lock_the_username_with_the_wait_in_the_error() {
    let f = fixture().await;
    f.user("ana", Role::Frontdesk).await;
    for _ in 0..5 {
        assert!(matches!(
            f.auth.login("ana", "wrong password!", "10.0.0.1").await,
            Err(AuthError::BadCredentials)
        ));
    }
    // Locked: even the right password is refused, and the wait is stated.
    match f.auth.login("ana", PASSWORD, "10.0.0.2").await {
        Err(AuthError::LockedOut(LockedOut::Username { retry_after_secs })) => {
            assert_eq!(retry_after_secs, 900);
        }
        other => panic!("expected a lockout, got {other:?}"),
    }
    f.clock.advance_ms(900_000);
    assert!(f.auth.login("ana", PASSWORD, "10.0.0.2").await.is_ok());
}

#[tokio::test]
async fn unknown_usernames_count_against_the_address() {
    let f = fixture().await;
    for i in 0..20 {
        let _ = f.auth.login(&format!("ghost{i}"), "x", "10.9.9.9").await;
    }
    assert!(matches!(
        f.auth.login("ghost99", "x", "10.9.9.9").await,
        Err(AuthError::LockedOut(LockedOut::Address { .. }))
    ));
}

#[tokio::test]
async fn a_password_reset_ends_existing_sessions_and_disabled_users_cannot_sign_in() {
    let f = fixture().await;
    f.user("boss", Role::Admin).await;
    let ana = f.user("ana", Role::Frontdesk).await;
    let s = f.auth.login("ana", PASSWORD, "ip").await.expect("login");
    let change =
        super::accounts::new_password("new violet tram 43", "ana", 10, HashCost::FAST_FOR_TESTS)
            .await
            .expect("policy");
    super::accounts::change(f.auth.db(), ana.id, change, T0_MS)
        .await
        .expect("reset");
    assert!(matches!(
        f.auth.authenticate(&s.access_token).await,
        Err(AuthError::SessionEnded)
    ));
    assert!(f.auth.refresh(&s.refresh_token).await.is_err());
    assert!(
        f.auth
            .login("ana", "new violet tram 43", "ip")
            .await
            .is_ok()
    );

    super::accounts::change(f.auth.db(), ana.id, Change::Disable, T0_MS)
        .await
        .expect("disable");
    assert!(matches!(
        f.auth.login("ana", "new violet tram 43", "ip").await,
        Err(AuthError::Disabled)
    ));
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_disabled_or_demoted() {
    let f = fixture().await;
    let boss = f.user("boss", Role::Admin).await;
    for change in [Change::Disable, Change::Role(Role::Manager)] {
        assert!(matches!(
            super::accounts::change(f.auth.db(), boss.id, change, T0_MS).await,
            Err(AuthError::LastAdmin)
        ));
    }
    f.user("boss2", Role::Admin).await;
    assert!(
        super::accounts::change(f.auth.db(), boss.id, Change::Disable, T0_MS)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn setup_needs_the_printed_token_and_works_once() {
    let f = fixture().await;
    let token = f
        .auth
        .issue_setup_token()
        .await
        .expect("issue")
        .expect("no users yet");
    assert!(matches!(
        f.auth.setup("wrong", "boss", PASSWORD).await,
        Err(AuthError::SetupTokenInvalid)
    ));
    let admin = f.auth.setup(&token, "boss", PASSWORD).await.expect("setup");
    assert_eq!(admin.role, Role::Admin);
    assert!(matches!(
        f.auth.setup(&token, "boss2", PASSWORD).await,
        Err(AuthError::SetupDone)
    ));
    assert_eq!(f.auth.issue_setup_token().await.expect("issue"), None);
}
