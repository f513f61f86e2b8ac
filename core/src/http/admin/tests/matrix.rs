//! Every declared endpoint × every role × anonymous, from the declarations:
//! a new endpoint is covered the moment it is declared.

use super::support::api;
use crate::auth::Role;
use crate::http::admin::{Access, endpoints};
use axum::http::StatusCode;
use serde_json::json;

/// Path parameters get an id no row has, so allowed calls change nothing.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "999999" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_endpoint_refuses_anonymous_and_wrong_roles_and_admits_the_declared_ones() {
    let api = api().await;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let (_, access, _) = api.signed_in(&format!("matrix-{role}"), role).await;
        tokens.push((role, access));
    }
    let declared = endpoints();
    assert!(declared.len() >= 10, "the areas declare their endpoints");
    for e in &declared {
        let path = concrete(&e.full_path());
        let body = Some(json!({}));
        let what = format!("{} {}", e.method, e.full_path());

        let anonymous = api.call(e.method.clone(), &path, None, body.clone()).await;
        if e.access == Access::Public {
            assert!(
                !matches!(anonymous.code(), "unauthenticated" | "forbidden"),
                "{what} is public but refused anonymous: {}",
                anonymous.body
            );
        } else {
            assert_eq!(
                anonymous.status,
                StatusCode::UNAUTHORIZED,
                "{what} anonymous"
            );
            assert_eq!(anonymous.code(), "unauthenticated", "{what} anonymous");
            let forged = api
                .call(e.method.clone(), &path, Some("not.a.token"), body.clone())
                .await;
            assert_eq!(
                forged.status,
                StatusCode::UNAUTHORIZED,
                "{what} forged token"
            );
        }

        for (role, token) in &tokens {
            let r = api
                .call(e.method.clone(), &path, Some(token), body.clone())
                .await;
            if e.access.allows(*role) {
                assert!(
                    !matches!(r.code(), "unauthenticated" | "forbidden"),
                    "{what} as {role} is allowed but was refused: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{what} as {role}: {}",
                    r.body
                );
                assert_eq!(r.code(), "forbidden", "{what} as {role}");
            }
        }
    }
}

#[tokio::test]
async fn the_policy_table_lists_every_declared_endpoint_once() {
    let policy = crate::http::admin::policy();
    let mut seen = std::collections::HashSet::new();
    for (method, path, _) in &policy {
        assert!(
            seen.insert((method.clone(), path.clone())),
            "{method} {path} declared twice"
        );
    }
    let users: Vec<_> = policy
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/users"))
        .collect();
    assert!(!users.is_empty());
    assert!(
        users
            .iter()
            .all(|(_, _, a)| *a == crate::http::admin::ADMIN),
        "staff accounts are admin-only"
    );
}
