//! `GET /api/` at start and on `/health/ready`: is QloApps there, and may our
//! key use every resource Conserje needs? A missing permission is named, so IT
//! knows which box to tick in the back office.

use super::QloApps;
use super::client::Client;
use crate::ports::health::{CheckOutcome, HealthCheck};
use crate::ports::pms::PmsError;
use async_trait::async_trait;
use serde_json::Value;

/// Resource and the methods Conserje uses on it.
pub const REQUIRED: &[(&str, &[&str])] = &[
    ("hotels", &["get"]),
    ("room_types", &["get"]),
    ("hotel_room_types", &["get"]),
    ("services", &["get"]),
    ("currencies", &["get"]),
    ("hotel_ari", &["post"]),
    ("bookings", &["get", "post", "put"]),
    ("customers", &["get"]),
    ("orders", &["get"]),
    ("room_bookings", &["get"]),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionReport {
    /// "bookings (put)", "hotel_ari": what the key lacks.
    pub missing: Vec<String>,
}

/// The JSON shape of the API root was not captured on the real instance, so
/// this reads it leniently: resource names as keys (at the top or under
/// `api`), each optionally with `get`/`post`/`put` flags ("true"/true).
pub async fn permissions(client: &Client) -> Result<PermissionReport, PmsError> {
    let root = client.get("", &[]).await?;
    let resources = root.get("api").unwrap_or(&root);
    let Some(map) = resources.as_object() else {
        return Err(PmsError::Unknown("GET /api/ did not list resources".into()));
    };
    let mut missing = Vec::new();
    for (name, methods) in REQUIRED {
        match map.get(*name) {
            None => missing.push((*name).to_string()),
            Some(entry) => {
                let lacking: Vec<&str> = methods
                    .iter()
                    .copied()
                    .filter(|m| matches!(entry.get(*m), Some(v) if !truthy(v)))
                    .collect();
                if !lacking.is_empty() {
                    missing.push(format!("{name} ({})", lacking.join(", ")));
                }
            }
        }
    }
    Ok(PermissionReport { missing })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => s == "true" || s == "1",
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

pub struct QloAppsCheck(pub QloApps);

#[async_trait]
impl HealthCheck for QloAppsCheck {
    fn name(&self) -> &str {
        "pms"
    }

    fn required(&self) -> bool {
        true
    }

    async fn check(&self) -> CheckOutcome {
        match self.0.permissions().await {
            Ok(r) if r.missing.is_empty() => CheckOutcome::up(),
            Ok(r) => CheckOutcome::down(format!(
                "QloApps webservice key lacks permission for: {}",
                r.missing.join(", ")
            )),
            Err(e) => CheckOutcome::down(format!("QloApps: {e}")),
        }
    }
}

/// "Test connection" for IT, with credentials that may not be saved yet: the
/// key's permissions, then the configured hotel. `Ok` names the hotel; `Err`
/// says what to fix, never the key.
pub async fn probe(
    url: &str,
    key: crate::config::Secret,
    hotel_id: u32,
    timeout: std::time::Duration,
) -> Result<String, String> {
    let client = Client::new(url, key, timeout).map_err(|e| e.to_string())?;
    let report = permissions(&client)
        .await
        .map_err(|e| format!("QloApps at {url}: {e}"))?;
    if !report.missing.is_empty() {
        return Err(format!(
            "QloApps answered, but the webservice key lacks permission for: {}",
            report.missing.join(", ")
        ));
    }
    let hotel = client
        .get(&format!("hotels/{hotel_id}"), &[])
        .await
        .map_err(|e| match e {
            PmsError::NotFound(_) => {
                format!("the key works, but QloApps has no hotel {hotel_id} (pms.qloapps.hotel_id)")
            }
            e => format!("QloApps at {url}: {e}"),
        })?;
    let name = hotel["hotel"]["hotel_name"].as_str().unwrap_or("(no name)");
    Ok(format!(
        "QloApps answered, the key has every permission Conserje needs, and hotel {hotel_id} is \"{name}\""
    ))
}
