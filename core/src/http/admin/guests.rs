//! Area `guests` (admin, frontdesk): guests, their conversations, and the
//! bookings the bot made.

use super::authz::Actor;
use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiQuery;
use super::extract::{ApiJson, ApiPath};
use crate::adapters::sqlite::desk::bookings::{self, BookingFilter, BookingView};
use crate::adapters::sqlite::desk::guests::{self, GuestView};
use crate::auth::Role;
use crate::http::AppState;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const FRONT: Access = Access::Roles(&[Role::Admin, Role::Frontdesk]);

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/guests", FRONT, list)
            .tag("guests")
            .summary("Guests by name or number (q), newest first; cursor pages")
            .returns::<GuestPage>(200),
        Endpoint::get("/guests/{id}", FRONT, get)
            .tag("guests")
            .summary("A guest: profile, language, conversations and bookings made through Conserje")
            .returns::<GuestDetail>(200),
        Endpoint::get("/bookings", FRONT, list_bookings)
            .tag("bookings")
            .summary("Bookings the bot made: PMS reference, stay, value, status; filters guest_id, conversation_id, from_ms/to_ms")
            .returns::<BookingPage>(200),
    ]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestQuery {
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GuestPage {
    pub items: Vec<GuestView>,
    pub next_cursor: Option<String>,
}

async fn list(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(q): ApiQuery<GuestQuery>,
) -> Result<ApiJson<GuestPage>, ApiError> {
    let page = guests::list(&s.db, q.q.as_deref(), q.cursor.as_deref(), q.limit).await?;
    Ok(ApiJson(GuestPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct GuestDetail {
    pub guest: GuestView,
    pub conversations: Vec<super::conversations::ConversationView>,
    pub bookings: Vec<BookingView>,
}

async fn get(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<GuestDetail>, ApiError> {
    let guest = guests::get(&s.db, id).await?;
    let conversations = guests::conversations(&s.db, id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let bookings = bookings::list(
        &s.db,
        &BookingFilter {
            guest_id: Some(id),
            limit: Some(crate::adapters::sqlite::desk::MAX_PAGE),
            ..BookingFilter::default()
        },
    )
    .await?
    .items;
    Ok(ApiJson(GuestDetail {
        guest,
        conversations,
        bookings,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct BookingPage {
    pub items: Vec<BookingView>,
    pub next_cursor: Option<String>,
}

async fn list_bookings(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(f): ApiQuery<BookingFilter>,
) -> Result<ApiJson<BookingPage>, ApiError> {
    let page = bookings::list(&s.db, &f).await?;
    Ok(ApiJson(BookingPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}
