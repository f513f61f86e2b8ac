//! Area `conversations` (every staff role): the list, one conversation with
//! its messages, takeover and hand back, close and reopen, read, labels,
//! internal notes, and staff replies.

use super::authz::Actor;
use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiQuery;
use super::extract::{ApiJson, ApiPath};
use crate::adapters::sqlite::desk::detail::{self, MessageView, NoteView};
use crate::adapters::sqlite::desk::list::{self, ConversationFilter, ConversationSummary};
use crate::adapters::sqlite::desk::{TemplateChoice, annotations, control, library};
use crate::app::desk::{ModeChange, StaffMessage};
use crate::http::AppState;
use crate::workers::WINDOW_MS;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    let e = |x: Endpoint| x.tag("conversations");
    vec![
        e(Endpoint::get("/conversations", Access::Staff, list_conversations)
            .summary("Conversations, newest activity first: filters mode, waiting, unread, channel, label, q, status, from_ms/to_ms; cursor pages")
            .returns::<ConversationPage>(200)),
        e(Endpoint::get("/conversations/{id}", Access::Staff, get_conversation)
            .summary("One conversation: summary, labels and notes (messages are paged separately)")
            .returns::<ConversationDetail>(200)),
        e(Endpoint::get("/conversations/{id}/messages", Access::Staff, messages)
            .summary("Its messages, newest first (cursor = next_cursor of the previous page)")
            .returns::<MessagePage>(200)),
        e(Endpoint::post("/conversations/{id}/takeover", Access::Staff, take_over)
            .summary("Take the conversation from the bot: it sends nothing until handed back")
            .returns::<ModeChangeView>(200)),
        e(Endpoint::post("/conversations/{id}/handback", Access::Staff, hand_back)
            .summary("Give the conversation back to the bot")
            .returns::<ModeChangeView>(200)),
        e(Endpoint::post("/conversations/{id}/close", Access::Staff, close)
            .summary("Close it (a new guest message reopens it)")
            .no_content()),
        e(Endpoint::post("/conversations/{id}/reopen", Access::Staff, reopen)
            .summary("Reopen a closed conversation")
            .no_content()),
        e(Endpoint::post("/conversations/{id}/read", Access::Staff, mark_read)
            .summary("Mark messages read, up to up_to_message_id (default: all)")
            .body::<MarkRead>()
            .returns::<ReadUpTo>(200)),
        e(Endpoint::put("/conversations/{id}/labels", Access::Staff, set_labels)
            .summary("Replace its labels")
            .body::<Labels>()
            .returns::<Labels>(200)),
        e(Endpoint::get("/labels", Access::Staff, all_labels)
            .summary("Labels in use, with how many conversations carry each")
            .returns::<LabelCounts>(200)),
        e(Endpoint::post("/conversations/{id}/notes", Access::Staff, add_note)
            .summary("Add an internal note (never sent to the guest)")
            .body::<NewNote>()
            .returns::<NoteCreated>(201)),
        e(Endpoint::get("/conversations/{id}/reply-options", Access::Staff, reply_options)
            .summary("Whether free text can reach the guest now (24-hour window), the templates and canned responses")
            .returns::<ReplyOptions>(200)),
        e(Endpoint::post("/conversations/{id}/reply", Access::Staff, reply)
            .summary("Reply as staff (text, canned response or template); takes the conversation over. 409 template_required when the window is closed")
            .body::<StaffMessage>()
            .returns::<Queued>(202)),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConversationView {
    #[serde(flatten)]
    pub summary: ConversationSummary,
    pub labels: Vec<String>,
}

impl From<ConversationSummary> for ConversationView {
    fn from(summary: ConversationSummary) -> Self {
        Self {
            labels: summary.labels(),
            summary,
        }
    }
}

async fn list_conversations(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(f): ApiQuery<ConversationFilter>,
) -> Result<ApiJson<ConversationPage>, ApiError> {
    let page = list::list(&s.db, &f).await?;
    Ok(ApiJson(ConversationPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ConversationDetail {
    pub conversation: ConversationView,
    /// Staff's internal notes and the bot's notes (bookings made, failures).
    pub notes: Vec<NoteView>,
}

async fn get_conversation(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ConversationDetail>, ApiError> {
    let summary = list::summary(&s.db, id).await?;
    Ok(ApiJson(ConversationDetail {
        conversation: summary.into(),
        notes: detail::notes(&s.db, id).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageOut {
    #[serde(flatten)]
    pub message: MessageView,
    /// The message as stored: buttons, locations, captions, templates…
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// How the bot understood a guest's text: language, intents, entities.
    #[schema(value_type = Option<Object>)]
    pub understanding: Option<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<MessageOut>,
    pub next_cursor: Option<String>,
}

async fn messages(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<ApiJson<MessagePage>, ApiError> {
    control::ensure_exists(&s.db, id).await?;
    let page = detail::messages(&s.db, id, q.cursor.as_deref(), q.limit).await?;
    Ok(ApiJson(MessagePage {
        items: page
            .items
            .into_iter()
            .map(|m| MessageOut {
                content: m.content_json(),
                understanding: m.understanding_json(),
                message: m,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ModeChangeView {
    /// "bot" or "human", before and after.
    pub was: String,
    pub now: String,
}

impl From<ModeChange> for ModeChangeView {
    fn from(c: ModeChange) -> Self {
        let name = |m| match m {
            crate::engine::dialogue::ConversationMode::Bot => "bot".to_string(),
            crate::engine::dialogue::ConversationMode::Human => "human".to_string(),
        };
        Self {
            was: name(c.was),
            now: name(c.now),
        }
    }
}

async fn take_over(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ModeChangeView>, ApiError> {
    let change = s.desk.take_over(id, &actor.username).await?;
    Ok(ApiJson(change.into()))
}

async fn hand_back(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ModeChangeView>, ApiError> {
    let change = s.desk.hand_back(id, &actor.username).await?;
    Ok(ApiJson(change.into()))
}

async fn close(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    control::set_closed(&s.db, id, true, s.desk.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reopen(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    control::set_closed(&s.db, id, false, s.desk.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    pub up_to_message_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReadUpTo {
    pub read_up_to_message_id: i64,
}

async fn mark_read(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MarkRead>,
) -> Result<ApiJson<ReadUpTo>, ApiError> {
    let upto = control::mark_read(&s.db, id, body.up_to_message_id).await?;
    Ok(ApiJson(ReadUpTo {
        read_up_to_message_id: upto,
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub labels: Vec<String>,
}

async fn set_labels(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Labels>,
) -> Result<ApiJson<Labels>, ApiError> {
    let labels = annotations::set_labels(&s.db, id, &body.labels).await?;
    Ok(ApiJson(Labels { labels }))
}

#[derive(Serialize, ToSchema)]
pub struct LabelCount {
    pub label: String,
    pub conversations: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LabelCounts {
    pub labels: Vec<LabelCount>,
}

async fn all_labels(
    State(s): State<AppState>,
    _actor: Actor,
) -> Result<ApiJson<LabelCounts>, ApiError> {
    let labels = annotations::all_labels(&s.db)
        .await?
        .into_iter()
        .map(|(label, conversations)| LabelCount {
            label,
            conversations,
        })
        .collect();
    Ok(ApiJson(LabelCounts { labels }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct NoteCreated {
    pub id: i64,
}

async fn add_note(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewNote>,
) -> Result<(StatusCode, ApiJson<NoteCreated>), ApiError> {
    let note = annotations::add_note(
        &s.db,
        id,
        &actor.username,
        &body.body,
        s.desk.clock.now_ms(),
    )
    .await?;
    Ok((StatusCode::CREATED, ApiJson(NoteCreated { id: note })))
}

#[derive(Serialize, ToSchema)]
pub struct ReplyOptions {
    /// Free text (and canned responses) reach the guest only while open.
    pub window_open: bool,
    /// When the window closes (RFC 3339); absent if the guest never wrote.
    pub window_closes_at: Option<String>,
    pub templates: Vec<TemplateChoice>,
    pub canned: Vec<library::Canned>,
}

async fn reply_options(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ReplyOptions>, ApiError> {
    let summary = list::summary(&s.db, id).await?;
    let closes = (summary.last_inbound_ts > 0)
        .then(|| summary.last_inbound_ts.saturating_mul(1000) + WINDOW_MS);
    Ok(ApiJson(ReplyOptions {
        window_open: closes.is_some_and(|c| s.desk.clock.now_ms() < c),
        window_closes_at: closes.map(super::desk_support::rfc3339),
        templates: s.desk.template_choices().await?,
        canned: library::list_canned(&s.db, None).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Queued {
    /// The message as staff see it in the conversation (status "queued").
    pub message_id: i64,
    pub outbox_id: i64,
}

async fn reply(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<(StatusCode, ApiJson<Queued>), ApiError> {
    let q = s.desk.reply(id, &actor.username, &body).await?;
    Ok((
        StatusCode::ACCEPTED,
        ApiJson(Queued {
            message_id: q.message_id,
            outbox_id: q.outbox_id,
        }),
    ))
}
