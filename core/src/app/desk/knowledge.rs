//! Knowledge edits: stored, then the receptionist's snapshot is dropped so
//! its next answer reads the new text.

use super::Desk;
use crate::adapters::sqlite::desk::DeskError;
use crate::adapters::sqlite::desk::knowledge::{self, KnowledgeInput, KnowledgeView};

impl Desk {
    pub async fn save_knowledge(
        &self,
        id: Option<i64>,
        input: &KnowledgeInput,
    ) -> Result<KnowledgeView, DeskError> {
        let saved = knowledge::save(&self.db, id, input, &self.clock.now().to_rfc3339()).await?;
        self.knowledge.invalidate().await;
        Ok(saved)
    }

    pub async fn delete_knowledge(&self, id: i64) -> Result<(), DeskError> {
        knowledge::delete(&self.db, id).await?;
        self.knowledge.invalidate().await;
        Ok(())
    }
}
