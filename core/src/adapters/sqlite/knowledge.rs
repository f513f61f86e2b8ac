//! Knowledge entries in SQLite, served from an in-memory snapshot that is
//! rebuilt after every edit (entries are few; reads are on every guest question).

use crate::domain::{Language, Topic};
use crate::engine::knowledge::{Answer, KnowledgeEntry, Snapshot};
use crate::ports::knowledge::{KnowledgeBase, KnowledgeError};
use async_trait::async_trait;
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::RwLock;

/// The demo hotel's knowledge, shipped in the binary.
pub const DEMO_KNOWLEDGE: &str = include_str!("../../../data/knowledge/demo_hotel.toml");

pub struct SqliteKnowledge {
    pool: SqlitePool,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
}

impl SqliteKnowledge {
    pub fn new(pool: SqlitePool) -> Self {
        Self {
            pool,
            snapshot: RwLock::new(None),
        }
    }

    /// Drops the snapshot; the next read rebuilds it. Called after edits.
    pub async fn invalidate(&self) {
        *self.snapshot.write().await = None;
    }

    async fn current(&self) -> Result<Arc<Snapshot>, KnowledgeError> {
        if let Some(s) = self.snapshot.read().await.as_ref() {
            return Ok(s.clone());
        }
        let mut slot = self.snapshot.write().await;
        if let Some(s) = slot.as_ref() {
            return Ok(s.clone());
        }
        let fresh = Arc::new(Snapshot::new(load_all(&self.pool).await?));
        *slot = Some(fresh.clone());
        Ok(fresh)
    }
}

#[async_trait]
impl KnowledgeBase for SqliteKnowledge {
    async fn topic(&self, topic: Topic, lang: Language) -> Result<Option<Answer>, KnowledgeError> {
        Ok(self.current().await?.topic(topic, lang))
    }

    async fn search(&self, text: &str, lang: Language) -> Result<Option<Answer>, KnowledgeError> {
        Ok(self.current().await?.search(text, lang))
    }
}

type Row = (i64, Option<String>, String, Option<String>, String);

pub async fn load_all(pool: &SqlitePool) -> Result<Vec<KnowledgeEntry>, KnowledgeError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, topic, lang, question, answer FROM knowledge_entries ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| KnowledgeError::Store(e.to_string()))?;
    rows.into_iter()
        .map(|(id, topic, lang, question, answer)| {
            Ok(KnowledgeEntry {
                id,
                // The CHECK constraint and the admin API keep these valid; a bad
                // row is reported rather than silently skipped.
                topic: topic
                    .map(|t| t.parse())
                    .transpose()
                    .map_err(|e| KnowledgeError::Store(format!("entry {id}: {e}")))?,
                lang: lang
                    .parse()
                    .map_err(|e| KnowledgeError::Store(format!("entry {id}: {e}")))?,
                question,
                answer,
            })
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    #[serde(default)]
    entry: Vec<SeedFact>,
    #[serde(default)]
    faq: Vec<BTreeMap<Language, SeedFaq>>,
}

// No deny_unknown_fields here: serde cannot combine it with `flatten`; an
// unknown language key fails as a `Language` instead.
#[derive(Debug, Deserialize)]
struct SeedFact {
    topic: Topic,
    #[serde(flatten)]
    text: BTreeMap<Language, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFaq {
    q: String,
    a: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("knowledge seed file is invalid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("knowledge seed: {0}")]
    Store(#[from] sqlx::Error),
}

/// Fills an empty knowledge base from a seed file; a base staff have already
/// edited (any row present) is left alone. Returns the number of rows written.
pub async fn seed_if_empty(
    pool: &SqlitePool,
    toml_text: &str,
    now: &str,
) -> Result<usize, SeedError> {
    let seed: SeedFile = toml::from_str(toml_text)?;
    let mut tx = pool.begin().await?;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM knowledge_entries")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let mut written = 0;
    for fact in &seed.entry {
        for (lang, text) in &fact.text {
            sqlx::query("INSERT INTO knowledge_entries (topic, lang, answer, updated_at) VALUES (?, ?, ?, ?)")
                .bind(fact.topic.as_str())
                .bind(lang.code())
                .bind(text)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            written += 1;
        }
    }
    for faq in &seed.faq {
        for (lang, entry) in faq {
            sqlx::query("INSERT INTO knowledge_entries (lang, question, answer, updated_at) VALUES (?, ?, ?, ?)")
                .bind(lang.code())
                .bind(&entry.q)
                .bind(&entry.a)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            written += 1;
        }
    }
    tx.commit().await?;
    Ok(written)
}

#[cfg(test)]
mod tests;
