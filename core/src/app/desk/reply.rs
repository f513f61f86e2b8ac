//! Staff replies: typed text, a canned response, or an approved template. Free
//! text needs the guest's 24-hour window open; outside it the answer names
//! the template choice and lists the templates staff can send.

use super::Desk;
use crate::adapters::sqlite::desk::reply::{self, Queued};
use crate::adapters::sqlite::desk::{DeskError, TemplateChoice, library};
use crate::domain::OutboundMessage;
use crate::engine::dialogue::StaffAction;
use crate::workers::WINDOW_MS;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StaffMessage {
    Text {
        text: String,
    },
    /// A canned response by id, sent as its text.
    Canned {
        id: i64,
    },
    /// An approved WhatsApp template (works with the window closed).
    Template {
        name: String,
        language: String,
    },
}

impl Desk {
    /// The templates staff may send: the stored ones and the configured
    /// re-engagement template.
    pub async fn template_choices(&self) -> Result<Vec<TemplateChoice>, DeskError> {
        let mut out: Vec<TemplateChoice> = library::list_templates(&self.db)
            .await?
            .into_iter()
            .map(|t| TemplateChoice {
                name: t.name,
                language: t.language,
            })
            .collect();
        if let Some((name, language)) = &self.configured_template {
            let c = TemplateChoice {
                name: name.clone(),
                language: language.clone(),
            };
            if !out.contains(&c) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Queues a reply from staff member `who`. Replying takes the
    /// conversation over: the bot must not talk over staff.
    pub async fn reply(
        &self,
        conversation_id: i64,
        who: &str,
        msg: &StaffMessage,
    ) -> Result<Queued, DeskError> {
        let target = reply::target(&self.db, conversation_id).await?;
        let out = match msg {
            StaffMessage::Text { text } => OutboundMessage::text(text.trim()),
            StaffMessage::Canned { id } => {
                OutboundMessage::text(library::get_canned(&self.db, *id).await?.body)
            }
            StaffMessage::Template { name, language } => {
                let choices = self.template_choices().await?;
                if !choices
                    .iter()
                    .any(|c| &c.name == name && &c.language == language)
                {
                    return Err(DeskError::Invalid(format!(
                        "template {name} ({language}) is not one of the approved templates: add it under templates first"
                    )));
                }
                OutboundMessage::Template {
                    name: name.clone(),
                    language: language.clone(),
                    components: serde_json::Value::Array(Vec::new()),
                }
            }
        };
        if let OutboundMessage::Text { body, .. } = &out {
            if body.is_empty() {
                return Err(DeskError::Invalid("the reply is empty".into()));
            }
        }
        out.check_limits()
            .map_err(|e| DeskError::Invalid(format!("the reply breaks WhatsApp's limits: {e}")))?;
        let now = self.clock.now_ms();
        let open = now - target.last_inbound_ts.saturating_mul(1000) < WINDOW_MS;
        if out.needs_open_window() && !open {
            return Err(self.template_required(target.last_inbound_ts).await?);
        }
        self.staff_action(conversation_id, StaffAction::TakeOver)
            .await?;
        let queued = reply::queue(&self.db, &target, who, &out, now).await?;
        tracing::info!(
            conversation_id,
            staff = who,
            outbox_id = queued.outbox_id,
            "staff reply queued"
        );
        Ok(queued)
    }

    async fn template_required(&self, last_inbound_ts: i64) -> Result<DeskError, DeskError> {
        let templates = self.template_choices().await?;
        let last = chrono::DateTime::from_timestamp(last_inbound_ts, 0)
            .map(|t| {
                t.with_timezone(&self.tz)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| "never".into());
        let choice = if templates.is_empty() {
            "no template is configured: add the name of a template approved in Meta's \
             WhatsApp manager under templates, then send it"
                .to_string()
        } else {
            let names: Vec<String> = templates
                .iter()
                .map(|t| format!("{} ({})", t.name, t.language))
                .collect();
            format!("send a template instead: {}", names.join(", "))
        };
        Ok(DeskError::TemplateRequired {
            message: format!(
                "the guest's 24-hour window is closed (their last message: {last}), so WhatsApp \
                 only accepts an approved template; {choice}"
            ),
            templates,
        })
    }
}
