//! The one authorization layer. Every declared endpoint is wrapped in
//! [`authorize`] with its declared [`Access`]: it reads the bearer token,
//! checks it, checks the role against the declaration, and hands the handler
//! an [`Actor`]. Handlers never check roles themselves.

use super::endpoint::Access;
use super::error::ApiError;
use crate::auth::Role;
use crate::http::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The signed-in staff member making the request, as the database says now
/// (a role change applies at once), and where the request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub address: String,
}

pub async fn authorize(
    State((state, access)): State<(AppState, Access)>,
    mut req: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(req).await;
    }
    let Some(token) = bearer(&req) else {
        return ApiError::unauthenticated(
            "sign in first: send the access token as `Authorization: Bearer <token>`",
        )
        .into_response();
    };
    let user = match state.auth.authenticate(token).await {
        Ok(user) => user,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if !access.allows(user.role) {
        return ApiError::forbidden(format!(
            "your role ({}) cannot do this; it needs: {}",
            user.role,
            access.describe()
        ))
        .into_response();
    }
    let address = client_address(req.extensions());
    req.extensions_mut().insert(Actor {
        user_id: user.id,
        username: user.username,
        role: user.role,
        address,
    });
    next.run(req).await
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The peer address. Forwarded headers are ignored on purpose: the admin
/// listener is reached directly, and a header is trivially forged.
fn client_address(ext: &axum::http::Extensions) -> String {
    ext.get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Present whenever the endpoint was declared with a non-public access;
        // a public endpoint asking for an Actor is a declaration mistake.
        parts.extensions.get::<Actor>().cloned().ok_or_else(|| {
            ApiError::unauthenticated("sign in first: this endpoint needs an access token")
        })
    }
}

/// Where a request came from, for public endpoints (sign-in rate limits).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(&parts.extensions)))
    }
}
