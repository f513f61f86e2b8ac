//! The OpenAPI document describes exactly the declared endpoints.

use super::support::api;
use crate::http::admin::{Access, endpoints};
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn the_document_lists_every_declared_endpoint_with_its_security() {
    let api = api().await;
    let r = api.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["openapi"].as_str().unwrap_or("").starts_with("3."));
    let paths = r.body["paths"].as_object().expect("paths");
    let declared = endpoints();
    let mut operations = 0;
    for (_, item) in paths {
        operations += item.as_object().map_or(0, |o| o.len());
    }
    assert_eq!(operations, declared.len(), "one operation per declaration");
    for e in &declared {
        let op = &paths[&e.full_path()][e.method.as_str().to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} missing from the document",
            e.method,
            e.full_path()
        );
        assert_eq!(
            op.get("security").is_some(),
            e.access != Access::Public,
            "{} {} security",
            e.method,
            e.full_path()
        );
    }
    let schemas = r.body["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in ["LoginRequest", "TokenPair", "UserView", "ErrorBody"] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
}
