//! Sign-in, renewal, sign-out and setup over HTTP; error bodies; secrets.

use super::support::api;
use crate::auth::Role;
use crate::auth::tests::PASSWORD;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn login_gives_tokens_that_open_me_until_they_expire() {
    let api = api().await;
    let (_, access, _) = api.signed_in("ana", Role::Frontdesk).await;
    let me = api.call(Method::GET, "/api/me", Some(&access), None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["username"], "ana");
    assert_eq!(me.body["role"], "frontdesk");

    api.f.clock.advance_ms(15 * 60_000);
    let expired = api.call(Method::GET, "/api/me", Some(&access), None).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "token_expired");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_signs_the_session_out() {
    let api = api().await;
    let (_, _, first) = api.signed_in("ana", Role::Frontdesk).await;
    let refresh = |t: &str| {
        api.call(
            Method::POST,
            "/api/auth/refresh",
            None,
            Some(json!({"refresh_token": t})),
        )
    };
    let r = refresh(&first).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let second = r.body["refresh_token"].as_str().expect("new").to_string();
    let new_access = r.body["access_token"].as_str().expect("access").to_string();
    assert_ne!(second, first);

    let reused = refresh(&first).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reused.code(), "refresh_reused");
    assert_eq!(refresh(&second).await.code(), "refresh_reused");
    // The access token already issued lives out its 15 minutes; nothing renews it.
    assert_eq!(
        api.call(Method::GET, "/api/me", Some(&new_access), None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let api = api().await;
    let (_, _, refresh) = api.signed_in("ana", Role::Frontdesk).await;
    let body = Some(json!({"refresh_token": refresh}));
    let out = api
        .call(Method::POST, "/api/auth/logout", None, body.clone())
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let again = api
        .call(Method::POST, "/api/auth/refresh", None, body)
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_username_with_a_clear_answer() {
    let api = api().await;
    api.f.user("ana", Role::Frontdesk).await;
    for _ in 0..5 {
        let r = api.login("ana", "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.code(), "bad_credentials");
    }
    let locked = api.login("ana", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.code(), "locked_out");
    assert_eq!(
        locked.body["message"],
        "too many failed sign-ins for this username: try again in 15 minutes"
    );
    assert_eq!(locked.headers["retry-after"], "900");
    api.f.clock.advance_ms(15 * 60_000);
    assert_eq!(api.login("ana", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_first_admin_is_created_with_the_setup_token_only_once() {
    let api = api().await;
    let status = api.call(Method::GET, "/api/setup", None, None).await;
    assert_eq!(status.body["setup_required"], true);
    let token = api
        .f
        .auth
        .issue_setup_token()
        .await
        .expect("issue")
        .expect("token");
    let setup = |t: &str, name: &str| {
        api.call(
            Method::POST,
            "/api/setup",
            None,
            Some(json!({"setup_token": t, "username": name, "password": PASSWORD})),
        )
    };
    let wrong = setup("0123", "boss").await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::FORBIDDEN, "setup_token_invalid")
    );
    let made = setup(&token, "boss").await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.body["role"], "admin");
    let twice = setup(&token, "boss2").await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "setup_done")
    );
    assert_eq!(api.login("boss", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_requests_get_json_errors_with_their_status() {
    let api = api().await;
    let unknown = api.call(Method::GET, "/api/nothing-here", None, None).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let wrong_method = api
        .call(Method::DELETE, "/api/auth/login", None, None)
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.code(), "method_not_allowed");
    let missing = api
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({"username": "x"})),
        )
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
    );
    let no_body = api.call(Method::POST, "/api/auth/login", None, None).await;
    assert_eq!(no_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bearer_typo = api.call(Method::GET, "/api/me", Some("abc"), None).await;
    assert_eq!(bearer_typo.code(), "unauthenticated");
}
