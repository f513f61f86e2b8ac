//! Staff accounts in SQLite.

use crate::auth::{Role, Username};
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub token_version: i64,
    pub disabled_at_ms: Option<i64>,
    pub created_at_ms: i64,
}

impl StaffUser {
    pub fn active(&self) -> bool {
        self.disabled_at_ms.is_none()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StaffStoreError {
    #[error("a staff account named {0:?} already exists")]
    UsernameTaken(String),
    #[error("the database holds an unknown role {0:?}")]
    BadRole(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// The columns of [`StaffUser`], as a macro so every query stays a static string.
macro_rules! columns {
    () => {
        "id, username, role, token_version, disabled_at_ms, created_at_ms"
    };
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StaffUser, StaffStoreError> {
    let role: String = row.try_get("role")?;
    Ok(StaffUser {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: role.parse().map_err(|_| StaffStoreError::BadRole(role))?,
        token_version: row.try_get("token_version")?,
        disabled_at_ms: row.try_get("disabled_at_ms")?,
        created_at_ms: row.try_get("created_at_ms")?,
    })
}

pub async fn count(db: &SqlitePool) -> Result<i64, StaffStoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM staff_users")
        .fetch_one(db)
        .await?)
}

pub async fn count_active_admins(db: &SqlitePool) -> Result<i64, StaffStoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND disabled_at_ms IS NULL",
    )
    .fetch_one(db)
    .await?)
}

pub async fn insert(
    db: &SqlitePool,
    username: &Username,
    password_hash: &str,
    role: Role,
    now_ms: i64,
) -> Result<StaffUser, StaffStoreError> {
    let inserted = sqlx::query(concat!(
        "INSERT INTO staff_users (username, password_hash, role, created_at_ms, updated_at_ms)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING ",
        columns!()
    ))
    .bind(username.as_str())
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now_ms)
    .bind(now_ms)
    .fetch_optional(db)
    .await?;
    match inserted {
        Some(row) => from_row(&row),
        None => Err(StaffStoreError::UsernameTaken(username.to_string())),
    }
}

pub async fn by_id(db: &SqlitePool, id: i64) -> Result<Option<StaffUser>, StaffStoreError> {
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM staff_users WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The account and its password hash, for sign-in.
pub async fn with_hash(
    db: &SqlitePool,
    username: &str,
) -> Result<Option<(StaffUser, String)>, StaffStoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        ", password_hash FROM staff_users WHERE username = ?"
    ))
    .bind(username.trim().to_ascii_lowercase())
    .fetch_optional(db)
    .await?;
    match row {
        Some(row) => Ok(Some((from_row(&row)?, row.try_get("password_hash")?))),
        None => Ok(None),
    }
}

pub async fn list(db: &SqlitePool) -> Result<Vec<StaffUser>, StaffStoreError> {
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM staff_users ORDER BY username"
    ))
    .fetch_all(db)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// One change to an account; each ends the sessions issued before it.
#[derive(Debug, Clone)]
pub enum Change {
    Disable,
    Enable,
    Password(String),
    Role(Role),
}

/// Applies `change`. A disable or a new password also bumps the token
/// version, ending access tokens issued before; a role change needs no bump
/// because every request reads the role afresh. `None` when no such user.
pub async fn apply(
    db: &SqlitePool,
    id: i64,
    change: &Change,
    now_ms: i64,
) -> Result<Option<StaffUser>, StaffStoreError> {
    macro_rules! update {
        ($set:literal) => {
            concat!(
                "UPDATE staff_users SET ",
                $set,
                ", token_version = token_version + ?4, updated_at_ms = ?2 WHERE id = ?1 RETURNING ",
                columns!()
            )
        };
    }
    // ?3 is unused by enable/disable; SQLite still numbers it, so binding it is fine.
    let (sql, value) = match change {
        Change::Disable => (
            update!("disabled_at_ms = COALESCE(disabled_at_ms, ?2)"),
            String::new(),
        ),
        Change::Enable => (update!("disabled_at_ms = NULL"), String::new()),
        Change::Password(h) => (update!("password_hash = ?3"), h.clone()),
        Change::Role(r) => (update!("role = ?3"), r.as_str().to_string()),
    };
    let bump = i64::from(matches!(change, Change::Disable | Change::Password(_)));
    sqlx::query(sql)
        .bind(id)
        .bind(now_ms)
        .bind(value)
        .bind(bump)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}
