//! The audit log: staff actions land in it, admins read it with filters, and
//! nothing can change a row.

use super::support::api;
use crate::auth::Role;
use crate::auth::tests::PASSWORD;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn account_changes_and_sign_ins_are_recorded_with_who_where_and_before_after() {
    let api = api().await;
    let (_, admin, _) = api.signed_in("boss", Role::Admin).await;
    let made = api
        .call(
            Method::POST,
            "/api/users",
            Some(&admin),
            Some(json!({"username": "luis", "password": PASSWORD, "role": "frontdesk"})),
        )
        .await;
    let luis = made.body["id"].as_i64().expect("id");
    api.call(
        Method::PUT,
        &format!("/api/users/{luis}/role"),
        Some(&admin),
        Some(json!({"role": "manager"})),
    )
    .await;
    let _ = api.login("luis", "wrong password here").await;

    let page = api
        .call(Method::GET, "/api/audit?action=user.", Some(&admin), None)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let entries = page.body["entries"].as_array().expect("entries");
    let actions: Vec<_> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(actions, ["user.role_change", "user.create"], "newest first");
    let change = &entries[0];
    assert_eq!(change["actor"], "boss");
    assert_eq!(change["address"], "192.0.2.10");
    assert_eq!(change["target"], format!("user:{luis}"));
    assert_eq!(change["summary"]["before"]["role"], "frontdesk");
    assert_eq!(change["summary"]["after"]["role"], "manager");
    assert_eq!(
        change["at"], "2026-11-29T12:00:00.000Z",
        "the fixed clock's time"
    );
    assert!(!page.body.to_string().contains(PASSWORD));

    let failed = api
        .call(
            Method::GET,
            "/api/audit?action=auth.login_failed",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(failed.body["entries"][0]["actor"], "luis");
    assert_eq!(
        failed.body["entries"][0]["summary"]["after"]["refused"],
        "bad_credentials"
    );
    let by_boss = api
        .call(
            Method::GET,
            "/api/audit?actor=boss&limit=1",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(by_boss.body["entries"].as_array().map(Vec::len), Some(1));
    let next = by_boss.body["next_before_id"]
        .as_i64()
        .expect("a next page");
    let older = api
        .call(
            Method::GET,
            &format!("/api/audit?actor=boss&before_id={next}"),
            Some(&admin),
            None,
        )
        .await;
    assert!(
        older.body["entries"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    let bad = api
        .call(Method::GET, "/api/audit?from=yesterday", Some(&admin), None)
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_query")
    );
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_audit_rows() {
    let api = api().await;
    api.signed_in("boss", Role::Admin).await;
    let db = api.f.auth.db();
    let update = sqlx::query("UPDATE audit_log SET actor = 'someone else'")
        .execute(db)
        .await;
    assert!(update.is_err_and(|e| e.to_string().contains("append-only")));
    let delete = sqlx::query("DELETE FROM audit_log").execute(db).await;
    assert!(delete.is_err_and(|e| e.to_string().contains("append-only")));
}

#[tokio::test]
async fn every_successful_staff_change_through_the_api_is_recorded_and_refusals_are_not() {
    let api = api().await;
    let (_, manager, _) = api.signed_in("marta", Role::Manager).await;
    let (_, admin, _) = api.signed_in("boss", Role::Admin).await;
    let made = api
        .call(
            Method::POST,
            "/api/knowledge",
            Some(&manager),
            Some(json!({"lang": "es", "question": "¿Tienen cuna?", "answer": "Sí, sin cargo."})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.body["id"].as_i64().expect("id");
    let refused = api
        .call(
            Method::POST,
            "/api/knowledge",
            Some(&manager),
            Some(json!({"lang": "xx", "question": "?", "answer": "no"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let page = api
        .call(
            Method::GET,
            "/api/audit?action=knowledge.",
            Some(&admin),
            None,
        )
        .await;
    let entries = page.body["entries"].as_array().expect("entries");
    assert_eq!(
        entries.len(),
        1,
        "only the change that happened: {}",
        page.body
    );
    let e = &entries[0];
    assert_eq!(e["action"], "knowledge.create");
    assert_eq!(e["actor"], "marta");
    assert_eq!(e["address"], "192.0.2.10");
    assert_eq!(e["target"], "knowledge");
    assert_eq!(e["summary"]["after"]["answer"], "Sí, sin cargo.");

    let gone = api
        .call(
            Method::DELETE,
            &format!("/api/knowledge/{id}"),
            Some(&manager),
            None,
        )
        .await;
    assert!(gone.status.is_success(), "{}", gone.body);
    let page = api
        .call(
            Method::GET,
            "/api/audit?action=knowledge.delete",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(page.body["entries"][0]["target"], format!("knowledge/{id}"));
}

#[test]
fn every_changing_staff_endpoint_is_audited_one_way_or_another() {
    use crate::http::admin::endpoint::Audit;
    for e in crate::http::admin::endpoints() {
        if e.method == Method::GET || e.access == crate::http::admin::Access::Public {
            continue;
        }
        // The only exceptions: a socket ticket, and dictation (audio in, text
        // out: it changes no data).
        assert!(
            e.audit != Audit::Not || ["/events/ticket", "/dictation"].contains(&e.path),
            "{} {} changes something but is not audited",
            e.method,
            e.path
        );
    }
}
