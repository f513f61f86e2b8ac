//! What staff reply with: canned responses (free text, per language) and the
//! WhatsApp templates approved in Meta's manager (for a closed window).

use super::{DeskError, on_unique};
use crate::domain::Language;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Canned {
    pub id: i64,
    pub title: String,
    pub lang: String,
    pub body: String,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CannedInput {
    pub title: String,
    pub lang: String,
    pub body: String,
}

fn check_canned(c: &CannedInput) -> Result<(), DeskError> {
    let title = c.title.trim();
    if title.is_empty() || title.chars().count() > 80 {
        return Err(DeskError::Invalid(
            "a title needs 1 to 80 characters".into(),
        ));
    }
    c.lang
        .parse::<Language>()
        .map_err(|e| DeskError::Invalid(format!("lang: {e}")))?;
    let n = c.body.trim().chars().count();
    if n == 0 || n > crate::domain::TEXT_MAX_CHARS {
        return Err(DeskError::Invalid(format!(
            "the text needs 1 to {} characters (WhatsApp's limit)",
            crate::domain::TEXT_MAX_CHARS
        )));
    }
    Ok(())
}

pub async fn list_canned(db: &SqlitePool, lang: Option<&str>) -> Result<Vec<Canned>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT id, title, lang, body, updated_at_ms FROM canned_responses \
         WHERE ? IS NULL OR lang = ? ORDER BY title, lang",
    )
    .bind(lang)
    .bind(lang)
    .fetch_all(db)
    .await?)
}

pub async fn get_canned(db: &SqlitePool, id: i64) -> Result<Canned, DeskError> {
    sqlx::query_as("SELECT id, title, lang, body, updated_at_ms FROM canned_responses WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DeskError::NotFound(format!("canned response {id}")))
}

/// Creates (`id` None) or replaces one; returns it as stored.
pub async fn save_canned(
    db: &SqlitePool,
    id: Option<i64>,
    c: &CannedInput,
    now_ms: i64,
) -> Result<Canned, DeskError> {
    check_canned(c)?;
    let dup = || {
        format!(
            "a canned response titled {:?} in {} exists",
            c.title.trim(),
            c.lang
        )
    };
    let id = match id {
        None => sqlx::query_scalar(
            "INSERT INTO canned_responses (title, lang, body, updated_at_ms) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(c.title.trim())
        .bind(&c.lang)
        .bind(c.body.trim())
        .bind(now_ms)
        .fetch_one(db)
        .await
        .map_err(|e| on_unique(e, dup))?,
        Some(id) => {
            let n = sqlx::query(
                "UPDATE canned_responses SET title = ?, lang = ?, body = ?, updated_at_ms = ? WHERE id = ?",
            )
            .bind(c.title.trim())
            .bind(&c.lang)
            .bind(c.body.trim())
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map_err(|e| on_unique(e, dup))?;
            if n.rows_affected() == 0 {
                return Err(DeskError::NotFound(format!("canned response {id}")));
            }
            id
        }
    };
    get_canned(db, id).await
}

pub async fn delete_canned(db: &SqlitePool, id: i64) -> Result<(), DeskError> {
    let n = sqlx::query("DELETE FROM canned_responses WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    if n.rows_affected() == 0 {
        return Err(DeskError::NotFound(format!("canned response {id}")));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReplyTemplate {
    pub id: i64,
    pub name: String,
    pub language: String,
    pub description: String,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    /// The template's name in Meta's manager.
    pub name: String,
    /// Its language code there ("es", "en_US", "pt_BR").
    pub language: String,
    #[serde(default)]
    pub description: String,
}

/// Meta's rules: lowercase letters, digits and underscores; language codes
/// like "es" or "en_US".
fn check_template(t: &TemplateInput) -> Result<(), DeskError> {
    let name_ok = !t.name.is_empty()
        && t.name.len() <= 512
        && t.name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !name_ok {
        return Err(DeskError::Invalid(format!(
            "template name {:?} is not valid: use the name from Meta's manager (lowercase letters, digits, _)",
            t.name
        )));
    }
    let lang_ok = matches!(t.language.len(), 2 | 3 | 5)
        && t.language
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'_');
    if !lang_ok {
        return Err(DeskError::Invalid(format!(
            "template language {:?} is not valid: use Meta's code, e.g. \"es\" or \"en_US\"",
            t.language
        )));
    }
    Ok(())
}

pub async fn list_templates(db: &SqlitePool) -> Result<Vec<ReplyTemplate>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT id, name, language, description, updated_at_ms FROM reply_templates ORDER BY name, language",
    )
    .fetch_all(db)
    .await?)
}

pub async fn save_template(
    db: &SqlitePool,
    id: Option<i64>,
    t: &TemplateInput,
    now_ms: i64,
) -> Result<ReplyTemplate, DeskError> {
    check_template(t)?;
    let dup = || format!("template {} ({}) is already listed", t.name, t.language);
    let id = match id {
        None => sqlx::query_scalar(
            "INSERT INTO reply_templates (name, language, description, updated_at_ms) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(&t.name)
        .bind(&t.language)
        .bind(t.description.trim())
        .bind(now_ms)
        .fetch_one(db)
        .await
        .map_err(|e| on_unique(e, dup))?,
        Some(id) => {
            let n = sqlx::query(
                "UPDATE reply_templates SET name = ?, language = ?, description = ?, updated_at_ms = ? WHERE id = ?",
            )
            .bind(&t.name)
            .bind(&t.language)
            .bind(t.description.trim())
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map_err(|e| on_unique(e, dup))?;
            if n.rows_affected() == 0 {
                return Err(DeskError::NotFound(format!("template {id}")));
            }
            id
        }
    };
    sqlx::query_as(
        "SELECT id, name, language, description, updated_at_ms FROM reply_templates WHERE id = ?",
    )
    .bind(id)
    .fetch_one(db)
    .await
    .map_err(DeskError::from)
}

pub async fn delete_template(db: &SqlitePool, id: i64) -> Result<(), DeskError> {
    let n = sqlx::query("DELETE FROM reply_templates WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    if n.rows_affected() == 0 {
        return Err(DeskError::NotFound(format!("template {id}")));
    }
    Ok(())
}
