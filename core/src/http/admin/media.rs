//! A message's media for staff: the voice note to listen to, the photo or
//! document the guest sent. Only files the media worker stored under the data
//! directory are served.

use super::authz::Actor;
use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiPath;
use crate::adapters::sqlite::desk::detail;
use crate::http::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get(
            "/conversations/{id}/messages/{message_id}/media",
            Access::Staff,
            download,
        )
        .tag("conversations")
        .summary("The message's stored media file (voice note, image, document), with its type"),
    ]
}

/// Where a message's media is served, when it has been stored.
pub fn url(conversation_id: i64, message: &detail::MessageView) -> Option<String> {
    (message.media_state.as_deref() == Some("stored")).then(|| {
        format!(
            "/api/conversations/{conversation_id}/messages/{}/media",
            message.id
        )
    })
}

async fn download(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath((id, message_id)): ApiPath<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (path, mime) = detail::media_file(&s.db, id, message_id).await?;
    let media_dir = s.settings.storage.resolved_data_dir().join("media");
    let gone = || ApiError::not_found(format!("the media file of message {message_id} is gone"));
    let file = tokio::fs::canonicalize(&path).await.map_err(|_| gone())?;
    let dir = tokio::fs::canonicalize(&media_dir)
        .await
        .map_err(|_| gone())?;
    // The path comes from the database; serve nothing outside the media folder.
    if !file.starts_with(&dir) {
        tracing::error!(
            message_id,
            "stored media path is outside the media folder; not served"
        );
        return Err(gone());
    }
    let bytes = tokio::fs::read(&file).await.map_err(|_| gone())?;
    let mime = mime.unwrap_or_else(|| "application/octet-stream".into());
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        bytes,
    )
        .into_response())
}
