//! Refresh tokens in SQLite, by hash, in families (one per sign-in).

use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The old token is spent; the new one is stored in the same family.
    Rotated {
        user_id: i64,
        family_id: String,
    },
    /// The token had already been rotated or revoked: its family is now revoked.
    Reused {
        user_id: i64,
        family_id: String,
    },
    Expired,
    Unknown,
}

pub async fn insert(
    db: &SqlitePool,
    token_hash: &str,
    family_id: &str,
    user_id: i64,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_refresh_tokens
           (token_hash, family_id, user_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(family_id)
    .bind(user_id)
    .bind(now_ms)
    .bind(expires_at_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Spends `old_hash` and stores `new_hash` in one transaction. Two requests
/// racing with one token: the second finds it rotated and revokes the family,
/// which is the safe reading of a token used twice.
pub async fn rotate(
    db: &SqlitePool,
    old_hash: &str,
    new_hash: &str,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<Rotation, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(row) = sqlx::query(
        "SELECT id, family_id, user_id, expires_at_ms, rotated_at_ms, revoked_at_ms
         FROM staff_refresh_tokens WHERE token_hash = ?",
    )
    .bind(old_hash)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Rotation::Unknown);
    };
    let id: i64 = row.try_get("id")?;
    let family_id: String = row.try_get("family_id")?;
    let user_id: i64 = row.try_get("user_id")?;
    let spent = row.try_get::<Option<i64>, _>("rotated_at_ms")?.is_some()
        || row.try_get::<Option<i64>, _>("revoked_at_ms")?.is_some();
    if spent {
        revoke_family_in(
            &mut tx,
            &family_id,
            now_ms,
            "reuse of a rotated refresh token",
        )
        .await?;
        tx.commit().await?;
        return Ok(Rotation::Reused { user_id, family_id });
    }
    if row.try_get::<i64, _>("expires_at_ms")? <= now_ms {
        return Ok(Rotation::Expired);
    }
    let updated = sqlx::query(
        "UPDATE staff_refresh_tokens SET rotated_at_ms = ?
         WHERE id = ? AND rotated_at_ms IS NULL AND revoked_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        revoke_family_in(
            &mut tx,
            &family_id,
            now_ms,
            "reuse of a rotated refresh token",
        )
        .await?;
        tx.commit().await?;
        return Ok(Rotation::Reused { user_id, family_id });
    }
    sqlx::query(
        "INSERT INTO staff_refresh_tokens
           (token_hash, family_id, user_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(new_hash)
    .bind(&family_id)
    .bind(user_id)
    .bind(now_ms)
    .bind(expires_at_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Rotation::Rotated { user_id, family_id })
}

async fn revoke_family_in(
    tx: &mut sqlx::SqliteConnection,
    family_id: &str,
    now_ms: i64,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE staff_refresh_tokens SET revoked_at_ms = ?, revoked_reason = ?
         WHERE family_id = ? AND revoked_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(reason)
    .bind(family_id)
    .execute(tx)
    .await?
    .rows_affected())
}

/// Revokes the family `token_hash` belongs to (sign-out). Returns its user,
/// `None` when the token is unknown.
pub async fn revoke_family_of(
    db: &SqlitePool,
    token_hash: &str,
    now_ms: i64,
    reason: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT family_id, user_id FROM staff_refresh_tokens WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(db)
            .await?;
    let Some((family, user_id)) = row else {
        return Ok(None);
    };
    let mut conn = db.acquire().await?;
    revoke_family_in(&mut conn, &family, now_ms, reason).await?;
    Ok(Some(user_id))
}

/// Every session of a user (disabled, password reset).
pub async fn revoke_user(
    db: &SqlitePool,
    user_id: i64,
    now_ms: i64,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE staff_refresh_tokens SET revoked_at_ms = ?, revoked_reason = ?
         WHERE user_id = ? AND revoked_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(reason)
    .bind(user_id)
    .execute(db)
    .await?
    .rows_affected())
}
