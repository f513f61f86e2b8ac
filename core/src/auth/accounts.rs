//! Creating and changing staff accounts: shared by the admin API, first-run
//! setup and the offline `conserje users` command.

use super::password::{self, HashCost};
use super::{AuthError, Role, Username};
use crate::adapters::sqlite::refresh_tokens;
use crate::adapters::sqlite::staff_users::{self, Change, StaffUser};
use sqlx::SqlitePool;

/// What a new account needs; the password is checked against the policy.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub role: Role,
}

pub async fn create(
    db: &SqlitePool,
    new: NewAccount<'_>,
    min_length: usize,
    cost: HashCost,
    now_ms: i64,
) -> Result<StaffUser, AuthError> {
    let username = Username::parse(new.username)?;
    password::check_policy(new.password, username.as_str(), min_length)?;
    let hash = password::hash(new.password.to_string(), cost).await?;
    Ok(staff_users::insert(db, &username, &hash, new.role, now_ms).await?)
}

/// Applies one change. Refuses to disable or demote the last active admin, and
/// signs the user out everywhere when their access changes.
pub async fn change(
    db: &SqlitePool,
    id: i64,
    change: Change,
    now_ms: i64,
) -> Result<StaffUser, AuthError> {
    let current = staff_users::by_id(db, id)
        .await?
        .ok_or(AuthError::NoSuchUser(id))?;
    let loses_admin = current.role == Role::Admin
        && current.active()
        && matches!(
            change,
            Change::Disable | Change::Role(Role::Manager | Role::Frontdesk)
        );
    if loses_admin && staff_users::count_active_admins(db).await? <= 1 {
        return Err(AuthError::LastAdmin);
    }
    let updated = staff_users::apply(db, id, &change, now_ms)
        .await?
        .ok_or(AuthError::NoSuchUser(id))?;
    if matches!(change, Change::Disable | Change::Password(_)) {
        refresh_tokens::revoke_user(db, id, now_ms, "account disabled or password reset").await?;
    }
    Ok(updated)
}

/// Hashes a new password for [`Change::Password`], after the policy check.
pub async fn new_password(
    password: &str,
    username: &str,
    min_length: usize,
    cost: HashCost,
) -> Result<Change, AuthError> {
    password::check_policy(password, username, min_length)?;
    Ok(Change::Password(
        password::hash(password.to_string(), cost).await?,
    ))
}

/// The account by username (for the CLI, which names accounts, not ids).
pub async fn by_username(db: &SqlitePool, username: &str) -> Result<Option<StaffUser>, AuthError> {
    Ok(staff_users::with_hash(db, username).await?.map(|(u, _)| u))
}
