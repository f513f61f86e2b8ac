//! Staff accounts through the API (admin only; the matrix covers refusals).

use super::support::api;
use crate::auth::Role;
use crate::auth::tests::PASSWORD;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_admin_creates_lists_and_manages_accounts() {
    let api = api().await;
    let (admin_id, admin, _) = api.signed_in("boss", Role::Admin).await;
    let create = |body| api.call(Method::POST, "/api/users", Some(&admin), Some(body));

    let made = create(json!({"username": "Luis", "password": PASSWORD, "role": "frontdesk"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.body["username"], "luis");
    let luis = made.body["id"].as_i64().expect("id");

    let dup = create(json!({"username": "luis", "password": PASSWORD, "role": "manager"})).await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "username_taken")
    );
    let weak = create(json!({"username": "eva", "password": "password1", "role": "manager"})).await;
    assert_eq!(
        (weak.status, weak.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "weak_password")
    );
    let bad_role = create(json!({"username": "eva", "password": PASSWORD, "role": "root"})).await;
    assert_eq!(bad_role.status, StatusCode::UNPROCESSABLE_ENTITY);

    let list = api
        .call(Method::GET, "/api/users", Some(&admin), None)
        .await;
    let names: Vec<_> = list.body["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| u["username"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["boss", "luis"]);
    assert!(
        !list.body.to_string().contains("argon2"),
        "no hashes: {}",
        list.body
    );

    // Disabling signs luis out and keeps him out.
    let luis_session = api.login("luis", PASSWORD).await;
    let luis_token = luis_session.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let off = api
        .call(
            Method::POST,
            &format!("/api/users/{luis}/disable"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        (off.status, off.body["active"].clone()),
        (StatusCode::OK, json!(false))
    );
    let after = api
        .call(Method::GET, "/api/me", Some(&luis_token), None)
        .await;
    assert_eq!(after.code(), "session_ended");
    assert_eq!(api.login("luis", PASSWORD).await.code(), "account_disabled");

    let me_off = api
        .call(
            Method::POST,
            &format!("/api/users/{admin_id}/disable"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(me_off.code(), "cannot_disable_self");
    let missing = api
        .call(
            Method::POST,
            "/api/users/424242/disable",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_role_change_applies_to_the_next_request_and_a_reset_ends_sessions() {
    let api = api().await;
    let (_, admin, _) = api.signed_in("boss", Role::Admin).await;
    let (eva, eva_token, eva_refresh) = api.signed_in("eva", Role::Frontdesk).await;
    let api = &api;
    let users =
        |t: String| async move { api.call(Method::GET, "/api/users", Some(&t), None).await };
    assert_eq!(users(eva_token.clone()).await.status, StatusCode::FORBIDDEN);

    let promoted = api
        .call(
            Method::PUT,
            &format!("/api/users/{eva}/role"),
            Some(&admin),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(promoted.body["role"], "admin", "{}", promoted.body);
    assert_eq!(users(eva_token.clone()).await.status, StatusCode::OK);

    let reset = api
        .call(
            Method::PUT,
            &format!("/api/users/{eva}/password"),
            Some(&admin),
            Some(json!({"password": "a brand new passphrase"})),
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(users(eva_token.clone()).await.code(), "session_ended");
    let refresh = api
        .call(
            Method::POST,
            "/api/auth/refresh",
            None,
            Some(json!({"refresh_token": eva_refresh})),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        api.login("eva", "a brand new passphrase").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted() {
    let api = api().await;
    let (boss, admin, _) = api.signed_in("boss", Role::Admin).await;
    let r = api
        .call(
            Method::PUT,
            &format!("/api/users/{boss}/role"),
            Some(&admin),
            Some(json!({"role": "manager"})),
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "last_admin"));
}
