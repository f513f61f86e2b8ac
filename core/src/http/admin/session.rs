//! Area `auth`: first-run setup, sign-in, renewal, sign-out, and "who am I".

use super::audit;
use super::authz::{Actor, ClientAddress};
use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiJson;
use super::users::UserView;
use crate::audit::Who;
use crate::auth::Session;
use crate::http::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/setup", Access::Public, setup_status)
            .tag("auth")
            .summary("Whether the first admin still has to be created")
            .returns::<SetupStatus>(200),
        Endpoint::post("/setup", Access::Public, setup)
            .tag("auth")
            .summary("Create the first admin with the setup token the daemon printed")
            .body::<SetupRequest>()
            .returns::<UserView>(201),
        Endpoint::post("/auth/login", Access::Public, login)
            .tag("auth")
            .summary("Sign in: an access token (15 min) and a refresh token")
            .body::<LoginRequest>()
            .returns::<TokenPair>(200),
        Endpoint::post("/auth/refresh", Access::Public, refresh)
            .tag("auth")
            .summary("Trade the refresh token for a new pair (the old one is spent)")
            .body::<RefreshRequest>()
            .returns::<TokenPair>(200),
        Endpoint::post("/auth/logout", Access::Public, logout)
            .tag("auth")
            .summary("Sign out: the refresh token and its renewals stop working")
            .body::<RefreshRequest>()
            .no_content(),
        Endpoint::get("/me", Access::Staff, me)
            .tag("auth")
            .summary("The signed-in staff member")
            .returns::<UserView>(200),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct SetupStatus {
    pub setup_required: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct SetupRequest {
    /// Printed by the daemon at start while no staff account exists.
    pub setup_token: String,
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: String,
    /// Seconds the access token is valid.
    pub expires_in: i64,
    pub refresh_token: String,
    pub user: UserView,
}

impl From<Session> for TokenPair {
    fn from(s: Session) -> Self {
        Self {
            access_token: s.access_token,
            token_type: "Bearer".into(),
            expires_in: s.expires_in_secs,
            refresh_token: s.refresh_token,
            user: UserView::from(s.user),
        }
    }
}

async fn setup_status(State(state): State<AppState>) -> Result<ApiJson<SetupStatus>, ApiError> {
    Ok(ApiJson(SetupStatus {
        setup_required: state.auth.setup_required().await?,
    }))
}

async fn setup(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(req): ApiJson<SetupRequest>,
) -> Result<(StatusCode, ApiJson<UserView>), ApiError> {
    let user = state
        .auth
        .setup(&req.setup_token, &req.username, &req.password)
        .await?;
    tracing::info!(username = %user.username, "first admin created with the setup token");
    crate::auth::remove_setup_token_file(&state.settings.storage.resolved_data_dir());
    let who = Who {
        actor_id: Some(user.id),
        actor: user.username.clone(),
        address,
    };
    let view = UserView::from(user);
    let after = serde_json::json!({"username": view.username, "role": view.role});
    audit::record(
        &state,
        who,
        "setup.first_admin",
        &format!("user:{}", view.id),
        serde_json::Value::Null,
        after,
    )
    .await;
    Ok((StatusCode::CREATED, ApiJson(view)))
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<ApiJson<TokenPair>, ApiError> {
    match state
        .auth
        .login(&req.username, &req.password, &address)
        .await
    {
        Ok(session) => {
            tracing::info!(username = %session.user.username, %address, "staff signed in");
            let who = Who {
                actor_id: Some(session.user.id),
                actor: session.user.username.clone(),
                address,
            };
            let target = format!("user:{}", session.user.id);
            audit::record(
                &state,
                who,
                "auth.login",
                &target,
                serde_json::Value::Null,
                serde_json::Value::Null,
            )
            .await;
            Ok(ApiJson(session.into()))
        }
        Err(e) => {
            let attempted: String = req.username.trim().chars().take(64).collect();
            tracing::warn!(username = %attempted, %address, reason = %e, "sign-in refused");
            let error = ApiError::from(e);
            let who = Who {
                actor_id: None,
                actor: attempted,
                address,
            };
            let after = serde_json::json!({"refused": error.code});
            audit::record(
                &state,
                who,
                "auth.login_failed",
                "",
                serde_json::Value::Null,
                after,
            )
            .await;
            Err(error)
        }
    }
}

async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<ApiJson<TokenPair>, ApiError> {
    Ok(ApiJson(
        state.auth.refresh(&req.refresh_token).await?.into(),
    ))
}

async fn logout(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<StatusCode, ApiError> {
    if let Some(user) = state.auth.logout(&req.refresh_token).await? {
        let who = Who {
            actor_id: Some(user.id),
            actor: user.username,
            address,
        };
        let target = format!("user:{}", user.id);
        audit::record(
            &state,
            who,
            "auth.logout",
            &target,
            serde_json::Value::Null,
            serde_json::Value::Null,
        )
        .await;
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(state): State<AppState>, actor: Actor) -> Result<ApiJson<UserView>, ApiError> {
    let user = crate::adapters::sqlite::staff_users::by_id(state.auth.db(), actor.user_id)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::unauthenticated("this account no longer exists"))?;
    Ok(ApiJson(UserView::from(user)))
}
