//! Area `dead-letters` (admin): work that failed for good; retry or discard.

use super::authz::Actor;
use super::endpoint::{ADMIN, Endpoint};
use super::error::ApiError;
use super::extract::ApiQuery;
use super::extract::{ApiJson, ApiPath};
use crate::adapters::sqlite::desk::dead_letters::{self, DeadLetterView};
use crate::http::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/dead-letters", ADMIN, list)
            .tag("dead-letters")
            .summary("Dead letters, newest first (include_discarded=true for all)")
            .returns::<DeadLetterPage>(200),
        Endpoint::post("/dead-letters/{id}/retry", ADMIN, retry)
            .tag("dead-letters")
            .summary("Put the work back in its queue with fresh attempts")
            .returns::<Retried>(200),
        Endpoint::post("/dead-letters/{id}/discard", ADMIN, discard)
            .tag("dead-letters")
            .summary("Give up on it for good (kept for the record)")
            .no_content(),
    ]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadLetterQuery {
    #[serde(default)]
    pub include_discarded: bool,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DeadLetterPage {
    pub items: Vec<DeadLetterView>,
    pub next_cursor: Option<String>,
}

async fn list(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(q): ApiQuery<DeadLetterQuery>,
) -> Result<ApiJson<DeadLetterPage>, ApiError> {
    let page = dead_letters::list(&s.db, q.include_discarded, q.cursor.as_deref(), q.limit).await?;
    Ok(ApiJson(DeadLetterPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Retried {
    /// The queue it went back to: inbox, outbox or media.
    pub requeued_to: String,
}

async fn retry(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<Retried>, ApiError> {
    let source = dead_letters::retry(&s.db, id, s.desk.clock.now_ms()).await?;
    tracing::info!(dead_letter = id, staff = %actor.username, %source, "dead letter retried");
    Ok(ApiJson(Retried {
        requeued_to: source,
    }))
}

async fn discard(
    State(s): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    dead_letters::discard(&s.db, id, &actor.username, s.desk.clock.now_ms()).await?;
    tracing::info!(dead_letter = id, staff = %actor.username, "dead letter discarded");
    Ok(StatusCode::NO_CONTENT)
}
