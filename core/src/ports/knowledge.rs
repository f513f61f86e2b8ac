//! Hotel facts and FAQ answers, as the engine asks for them.

use crate::domain::{Language, Topic};
use crate::engine::knowledge::Answer;
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("the knowledge store cannot be read: {0}")]
    Store(String),
}

#[async_trait]
pub trait KnowledgeBase: Send + Sync {
    /// The hotel's main fact on a topic, or `None` when staff have not written one.
    async fn topic(&self, topic: Topic, lang: Language) -> Result<Option<Answer>, KnowledgeError>;
    /// The FAQ entry that clearly answers a free question, if any.
    async fn search(&self, text: &str, lang: Language) -> Result<Option<Answer>, KnowledgeError>;
}
