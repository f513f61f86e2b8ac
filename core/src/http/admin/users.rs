//! Area `users` (admin only): staff accounts.

use super::audit;
use super::authz::Actor;
use super::endpoint::{ADMIN, Endpoint};
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use crate::adapters::sqlite::staff_users::{self, Change, StaffUser};
use crate::auth::Role;
use crate::auth::accounts::{self, NewAccount};
use crate::http::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/users", ADMIN, list)
            .tag("users")
            .summary("Staff accounts")
            .returns::<UserList>(200),
        Endpoint::post("/users", ADMIN, create)
            .tag("users")
            .summary("Create a staff account")
            .body::<NewUser>()
            .returns::<UserView>(201),
        Endpoint::post("/users/{id}/disable", ADMIN, disable)
            .tag("users")
            .summary("Disable an account: it is signed out everywhere and cannot sign in")
            .returns::<UserView>(200),
        Endpoint::post("/users/{id}/enable", ADMIN, enable)
            .tag("users")
            .summary("Enable a disabled account")
            .returns::<UserView>(200),
        Endpoint::put("/users/{id}/password", ADMIN, reset_password)
            .tag("users")
            .summary("Set a new password: the account is signed out everywhere")
            .body::<NewPassword>()
            .returns::<UserView>(200),
        Endpoint::put("/users/{id}/role", ADMIN, change_role)
            .tag("users")
            .summary("Change an account's role (applies to its next request)")
            .body::<NewRole>()
            .returns::<UserView>(200),
    ]
}

/// A staff account as the API shows it (never its password hash).
#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub active: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl From<StaffUser> for UserView {
    fn from(u: StaffUser) -> Self {
        Self {
            id: u.id,
            active: u.active(),
            username: u.username,
            role: u.role,
            created_at: chrono::DateTime::from_timestamp_millis(u.created_at_ms)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    pub users: Vec<UserView>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub role: Role,
}

#[derive(Deserialize, ToSchema)]
pub struct NewPassword {
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewRole {
    pub role: Role,
}

async fn list(State(state): State<AppState>) -> Result<ApiJson<UserList>, ApiError> {
    let users = staff_users::list(state.auth.db())
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(ApiJson(UserList {
        users: users.into_iter().map(UserView::from).collect(),
    }))
}

async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(req): ApiJson<NewUser>,
) -> Result<(StatusCode, ApiJson<UserView>), ApiError> {
    let user = state
        .auth
        .create_user(NewAccount {
            username: &req.username,
            password: &req.password,
            role: req.role,
        })
        .await?;
    tracing::info!(by = %actor.username, username = %user.username, role = %user.role, "staff account created");
    let view = UserView::from(user);
    audit::record(
        &state,
        &actor,
        "user.create",
        &format!("user:{}", view.id),
        Value::Null,
        summary(&view),
    )
    .await;
    Ok((StatusCode::CREATED, ApiJson(view)))
}

async fn disable(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<UserView>, ApiError> {
    if id == actor.user_id {
        return Err(ApiError::conflict(
            "cannot_disable_self",
            "you cannot disable your own account; ask another admin",
        ));
    }
    apply(&state, &actor, id, Change::Disable, "user.disable").await
}

async fn enable(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<UserView>, ApiError> {
    apply(&state, &actor, id, Change::Enable, "user.enable").await
}

async fn reset_password(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<NewPassword>,
) -> Result<ApiJson<UserView>, ApiError> {
    let user = staff_users::by_id(state.auth.db(), id)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::not_found(format!("no staff account with id {id}")))?;
    let change = accounts::new_password(
        &req.password,
        &user.username,
        state.auth.password_min_length,
        state.auth.cost(),
    )
    .await?;
    apply(&state, &actor, id, change, "user.password_reset").await
}

async fn change_role(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<NewRole>,
) -> Result<ApiJson<UserView>, ApiError> {
    apply(
        &state,
        &actor,
        id,
        Change::Role(req.role),
        "user.role_change",
    )
    .await
}

/// What the audit log keeps of an account (never the password or its hash).
fn summary(u: &UserView) -> Value {
    json!({"username": u.username, "role": u.role, "active": u.active})
}

async fn apply(
    state: &AppState,
    actor: &Actor,
    id: i64,
    change: Change,
    action: &str,
) -> Result<ApiJson<UserView>, ApiError> {
    let before = staff_users::by_id(state.auth.db(), id)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::not_found(format!("no staff account with id {id}")))?;
    let user = accounts::change(state.auth.db(), id, change, state.auth.now_ms()).await?;
    tracing::info!(by = %actor.username, username = %user.username, role = %user.role, action, "staff account changed");
    let (before, after) = (UserView::from(before), UserView::from(user));
    audit::record(
        state,
        actor,
        action,
        &format!("user:{id}"),
        summary(&before),
        summary(&after),
    )
    .await;
    Ok(ApiJson(after))
}
