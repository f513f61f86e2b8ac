//! A full admin router over real state, and a client that calls it.

use crate::auth::Role;
use crate::auth::tests::{Fixture, PASSWORD, fixture};
use crate::config::Settings;
use crate::http::{AppState, Mode, admin_router};
use crate::ports::health::HealthRegistry;
use crate::telemetry::Metrics;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub struct Api {
    pub f: Fixture,
    pub router: Router,
    /// The bus the router's live-events socket forwards.
    pub events: crate::events::EventBus,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: HeaderMap,
}

pub async fn api() -> Api {
    api_with(Settings::default()).await
}

/// The router over `settings` (the demo PMS whatever `pms.kind` says).
pub async fn api_with(mut settings: Settings) -> Api {
    settings.pms.kind = crate::config::PmsKind::Demo;
    let f = fixture().await;
    let db = f.auth.db().clone();
    let metrics = Arc::new(Metrics::new());
    let mut health = HealthRegistry::new(Duration::from_secs(2));
    health.register(Arc::new(crate::adapters::sqlite::DatabaseCheck(db.clone())));
    let pms = crate::app::pms::build_pms(&settings, Mode::Demo, &db, &mut health, &metrics)
        .await
        .expect("demo pms");
    let locks = crate::app::pms::build_locks(&settings)
        .await
        .expect("locks");
    let desk = Arc::new(
        crate::app::desk::Desk::build(&settings, &db)
            .await
            .expect("desk"),
    );
    let state = AppState {
        settings: Arc::new(settings),
        mode: Mode::Demo,
        db,
        health: Arc::new(health),
        metrics,
        pms,
        locks,
        auth: f.auth.clone(),
        transcriber: None,
        desk,
        events: crate::events::EventBus::default(),
    };
    Api {
        events: state.events.clone(),
        router: admin_router(state),
        f,
    }
}

impl Api {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.call_from(method, path, token, body, "192.0.2.10:5000")
            .await
    }

    pub async fn call_from(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        peer: &str,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let mut req = req.body(body).expect("request");
        let peer: SocketAddr = peer.parse().expect("peer address");
        req.extensions_mut().insert(ConnectInfo(peer));
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Creates an account with the fixture password and signs it in.
    pub async fn signed_in(&self, name: &str, role: Role) -> (i64, String, String) {
        let user = self.f.user(name, role).await;
        let r = self.login(name, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        (
            user.id,
            r.body["access_token"].as_str().expect("access").to_string(),
            r.body["refresh_token"]
                .as_str()
                .expect("refresh")
                .to_string(),
        )
    }

    pub async fn login(&self, name: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(serde_json::json!({"username": name, "password": password})),
        )
        .await
    }
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}
