//! [`Auth`]: sign-in, token renewal, sign-out, first-run setup, and checking
//! the access token of every API request.

use super::access::{AccessError, AccessTokens};
use super::accounts::{self, NewAccount};
use super::lockout::{LockoutPolicy, LoginLimiter};
use super::password::{self, HashCost};
use super::random;
use super::setup::SetupToken;
use super::tickets::Tickets;
use super::{AuthError, Role};
use crate::adapters::sqlite::refresh_tokens::{self, Rotation};
use crate::adapters::sqlite::{generated_keys, staff_users, staff_users::StaffUser};
use crate::config::AdminSettings;
use crate::ports::clock::Clock;
use sqlx::SqlitePool;
use std::sync::Arc;

/// What a successful sign-in or renewal hands the client.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in_secs: i64,
    pub user: StaffUser,
}

pub struct Auth {
    db: SqlitePool,
    clock: Arc<dyn Clock>,
    access: AccessTokens,
    limiter: LoginLimiter,
    setup: SetupToken,
    tickets: Tickets,
    cost: HashCost,
    refresh_ttl_ms: i64,
    pub password_min_length: usize,
    /// Verified against when the username does not exist, so a wrong username
    /// takes as long as a wrong password and does not reveal which accounts exist.
    decoy_hash: String,
}

const JWT_KEY_NAME: &str = "admin.jwt_secret";

impl Auth {
    pub async fn build(
        db: SqlitePool,
        settings: &AdminSettings,
        clock: Arc<dyn Clock>,
        cost: HashCost,
    ) -> Result<Self, AuthError> {
        let key = if settings.jwt_secret.is_set() {
            settings.jwt_secret.expose().to_string()
        } else {
            generated_keys::get_or_insert(&db, JWT_KEY_NAME, &random::token()?, clock.now_ms())
                .await?
        };
        let lockout_ms =
            i64::try_from(settings.lockout_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        let limiter = LoginLimiter::new(
            LockoutPolicy {
                max_per_user: settings.max_failed_logins,
                max_per_address: settings.max_failed_logins_per_ip,
                lockout_ms,
            },
            clock.clone(),
        );
        Ok(Self {
            access: AccessTokens::new(key.as_bytes(), settings.access_token_secs, clock.clone()),
            limiter,
            setup: SetupToken::default(),
            tickets: Tickets::new(clock.clone()),
            cost,
            refresh_ttl_ms: i64::try_from(settings.refresh_token_days.saturating_mul(86_400_000))
                .unwrap_or(i64::MAX),
            password_min_length: settings.password_min_length,
            decoy_hash: password::hash(random::token()?, cost).await?,
            db,
            clock,
        })
    }

    pub fn cost(&self) -> HashCost {
        self.cost
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn db(&self) -> &SqlitePool {
        &self.db
    }

    /// While no account exists: a new one-time setup token to print.
    pub async fn issue_setup_token(&self) -> Result<Option<String>, AuthError> {
        if staff_users::count(&self.db).await? > 0 {
            return Ok(None);
        }
        Ok(Some(self.setup.issue()?))
    }

    pub async fn setup_required(&self) -> Result<bool, AuthError> {
        Ok(staff_users::count(&self.db).await? == 0)
    }

    /// Creates the first admin with the printed setup token.
    pub async fn setup(
        &self,
        token: &str,
        username: &str,
        password: &str,
    ) -> Result<StaffUser, AuthError> {
        if !self.setup_required().await? {
            return Err(AuthError::SetupDone);
        }
        if !self.setup.matches(token) {
            return Err(AuthError::SetupTokenInvalid);
        }
        let user = self
            .create_user(NewAccount {
                username,
                password,
                role: Role::Admin,
            })
            .await?;
        self.setup.clear();
        Ok(user)
    }

    pub async fn create_user(&self, new: NewAccount<'_>) -> Result<StaffUser, AuthError> {
        accounts::create(
            &self.db,
            new,
            self.password_min_length,
            self.cost,
            self.now_ms(),
        )
        .await
    }

    pub async fn login(
        &self,
        username: &str,
        password: &str,
        address: &str,
    ) -> Result<Session, AuthError> {
        self.limiter
            .check(username, address)
            .map_err(AuthError::LockedOut)?;
        let found = staff_users::with_hash(&self.db, username).await?;
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), hash),
            None => (None, self.decoy_hash.clone()),
        };
        let ok = password::verify(password.to_string(), hash).await?;
        let user = match (user, ok) {
            (Some(user), true) => user,
            _ => {
                self.limiter.record_failure(username, address);
                return Err(AuthError::BadCredentials);
            }
        };
        self.limiter.record_success(username);
        if !user.active() {
            return Err(AuthError::Disabled);
        }
        let family = uuid::Uuid::new_v4().to_string();
        let refresh = random::token()?;
        let now = self.now_ms();
        refresh_tokens::insert(
            &self.db,
            &random::sha256_hex(&refresh),
            &family,
            user.id,
            now,
            now.saturating_add(self.refresh_ttl_ms),
        )
        .await?;
        self.session(user, refresh)
    }

    /// Trades a refresh token for a new pair. The old one is spent.
    pub async fn refresh(&self, token: &str) -> Result<Session, AuthError> {
        let fresh = random::token()?;
        let now = self.now_ms();
        let outcome = refresh_tokens::rotate(
            &self.db,
            &random::sha256_hex(token.trim()),
            &random::sha256_hex(&fresh),
            now,
            now.saturating_add(self.refresh_ttl_ms),
        )
        .await?;
        match outcome {
            Rotation::Rotated { user_id, .. } => {
                let user = staff_users::by_id(&self.db, user_id)
                    .await?
                    .ok_or(AuthError::RefreshInvalid)?;
                if !user.active() {
                    return Err(AuthError::Disabled);
                }
                self.session(user, fresh)
            }
            Rotation::Reused { user_id, family_id } => {
                tracing::warn!(
                    user_id,
                    family = %family_id,
                    "a rotated refresh token was presented again: its sign-in is revoked"
                );
                Err(AuthError::RefreshReused)
            }
            Rotation::Expired => Err(AuthError::RefreshExpired),
            Rotation::Unknown => Err(AuthError::RefreshInvalid),
        }
    }

    /// Ends the sign-in the refresh token belongs to, returning whose it was.
    /// Unknown tokens are fine: signing out twice is not an error.
    pub async fn logout(&self, token: &str) -> Result<Option<StaffUser>, AuthError> {
        let user_id = refresh_tokens::revoke_family_of(
            &self.db,
            &random::sha256_hex(token.trim()),
            self.now_ms(),
            "signed out",
        )
        .await?;
        match user_id {
            Some(id) => Ok(staff_users::by_id(&self.db, id).await?),
            None => Ok(None),
        }
    }

    /// The staff user behind an access token, as they are now: a disabled
    /// account or a changed password/role ends tokens issued before.
    pub async fn authenticate(&self, access_token: &str) -> Result<StaffUser, AuthError> {
        let claims = self.access.verify(access_token).map_err(|e| match e {
            AccessError::Expired => AuthError::AccessExpired,
            AccessError::Invalid => AuthError::AccessInvalid,
        })?;
        let id: i64 = claims.sub.parse().map_err(|_| AuthError::AccessInvalid)?;
        let user = staff_users::by_id(&self.db, id)
            .await?
            .ok_or(AuthError::SessionEnded)?;
        if !user.active() || user.token_version != claims.ver {
            return Err(AuthError::SessionEnded);
        }
        Ok(user)
    }

    /// A single-use ticket for the live-events socket.
    pub fn events_ticket(&self, user_id: i64) -> Result<String, AuthError> {
        Ok(self.tickets.issue(user_id)?)
    }

    /// The active user a ticket was issued to.
    pub async fn redeem_events_ticket(&self, ticket: &str) -> Result<StaffUser, AuthError> {
        let id = self
            .tickets
            .redeem(ticket)
            .ok_or(AuthError::AccessInvalid)?;
        match staff_users::by_id(&self.db, id).await? {
            Some(user) if user.active() => Ok(user),
            _ => Err(AuthError::SessionEnded),
        }
    }

    fn session(&self, user: StaffUser, refresh_token: String) -> Result<Session, AuthError> {
        let access_token = self
            .access
            .issue(user.id, &user.username, user.role, user.token_version)
            .map_err(|_| AuthError::AccessInvalid)?;
        Ok(Session {
            access_token,
            refresh_token,
            expires_in_secs: self.access.ttl_secs(),
            user,
        })
    }
}
