//! HTTP to the QloApps webservice: key as Basic user with an empty password,
//! JSON output, one timeout per call, a retry only for reads, and every
//! answer shape QloApps uses for errors mapped to a typed [`PmsError`].

use crate::config::Secret;
use crate::ports::pms::PmsError;
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use std::time::Duration;

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    api: Url,
    key: Secret,
    timeout: Duration,
}

pub enum Body {
    Xml(String),
    Json(Value),
}

impl Client {
    pub fn new(base_url: &str, key: Secret, timeout: Duration) -> Result<Self, PmsError> {
        let api = Url::parse(&format!("{}/api/", base_url.trim_end_matches('/')))
            .map_err(|e| PmsError::InvalidRequest(format!("pms.qloapps.url is not a URL: {e}")))?;
        crate::adapters::tls::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| PmsError::Unknown(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            api,
            key,
            timeout,
        })
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, PmsError> {
        let mut url = self
            .api
            .join(path)
            .map_err(|e| PmsError::InvalidRequest(format!("bad path {path}: {e}")))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("output_format", "JSON");
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// A read. Retried once when the PMS could not be reached or answered
    /// 502–504 (a restart, a proxy hiccup); never after a timeout, which has
    /// already spent the caller's patience.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, PmsError> {
        match self.send(Method::GET, path, query, None).await {
            Err(Failure::Retryable(_)) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                self.send(Method::GET, path, query, None)
                    .await
                    .map_err(Failure::into_error)
            }
            other => other.map_err(Failure::into_error),
        }
    }

    /// A write: never retried here. The caller reconciles ambiguous outcomes.
    pub async fn write(&self, method: Method, path: &str, body: Body) -> Result<Value, PmsError> {
        self.send(method, path, &[], Some(body))
            .await
            .map_err(Failure::into_error)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Body>,
    ) -> Result<Value, Failure> {
        let url = self.url(path, query).map_err(Failure::Final)?;
        let mut req = self
            .http
            .request(method, url)
            .basic_auth(self.key.expose(), Some(""));
        req = match body {
            Some(Body::Xml(x)) => req.header("content-type", "application/xml").body(x),
            Some(Body::Json(j)) => req
                .header("content-type", "application/json")
                .body(j.to_string()),
            None => req,
        };
        let resp = req.send().await.map_err(|e| self.transport(path, &e))?;
        let status = resp.status();
        let text = resp.text().await.map_err(|e| self.transport(path, &e))?;
        if status.is_success() {
            return serde_json::from_str(&text).map_err(|_| {
                Failure::Final(PmsError::Unknown(format!(
                    "{path} answered {status} with a body that is not JSON: {}",
                    snippet(&text)
                )))
            });
        }
        Err(classify(path, status, &text))
    }

    fn transport(&self, path: &str, e: &reqwest::Error) -> Failure {
        if e.is_timeout() {
            Failure::Final(PmsError::Down(format!(
                "{path}: no answer within {} ms",
                self.timeout.as_millis()
            )))
        } else if e.is_connect() {
            Failure::Retryable(PmsError::Down(format!("{path}: cannot connect ({e})")))
        } else {
            // Reset mid-answer: for a write, the PMS may have acted.
            Failure::Final(PmsError::Down(format!("{path}: connection failed ({e})")))
        }
    }
}

enum Failure {
    Retryable(PmsError),
    Final(PmsError),
}

impl Failure {
    fn into_error(self) -> PmsError {
        match self {
            Failure::Retryable(e) | Failure::Final(e) => e,
        }
    }
}

fn snippet(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `{"errors":[{"code":N,"message":"…"}]}` → the messages, joined.
fn messages(text: &str) -> Vec<(i64, String)> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    super::wire::list(&v, "errors")
        .iter()
        .map(|e| {
            (
                super::wire::int_at(e, "code").unwrap_or(0),
                super::wire::text_at(e, "message").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn classify(path: &str, status: StatusCode, text: &str) -> Failure {
    let errs = messages(text);
    let joined = errs
        .iter()
        .map(|(_, m)| m.as_str())
        .filter(|m| !m.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let e = match status.as_u16() {
        // Quirk 7: validation errors are 400 with "code":404 inside; the code
        // means nothing, the message says what failed.
        400 if joined.to_lowercase().contains("not available") => PmsError::NotAvailable(joined),
        400 => PmsError::InvalidRequest(if joined.is_empty() {
            snippet(text)
        } else {
            joined
        }),
        401 | 403 => {
            let no_permission = errs.iter().any(|(c, _)| *c == 21);
            let inactive = errs.iter().any(|(c, _)| *c == 20);
            PmsError::Auth(match (inactive, no_permission) {
                (true, _) => "the webservice key is not active or wrong (QloApps code 20)".into(),
                (false, true) => {
                    format!("the webservice key has no permission for {path} (code 21)")
                }
                _ => "no valid webservice key was accepted".into(),
            })
        }
        // Quirk 7: a missing booking is 404 with an empty body.
        404 => PmsError::NotFound(path.to_string()),
        502..=504 => return Failure::Retryable(PmsError::Down(format!("{path}: HTTP {status}"))),
        500..=599 => PmsError::Down(format!(
            "{path}: HTTP {status}: {}",
            if joined.is_empty() {
                snippet(text)
            } else {
                joined
            }
        )),
        _ => PmsError::Unknown(format!("{path}: HTTP {status}: {}", snippet(text))),
    };
    Failure::Final(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str) -> PmsError {
        classify(
            "bookings",
            StatusCode::from_u16(status).expect("status"),
            body,
        )
        .into_error()
    }

    #[test]
    fn maps_the_real_error_shapes() {
        let na = r#"{"errors":[{"code":404,"message":"Requested room(s) not available."}]}"#;
        assert!(matches!(err(400, na), PmsError::NotAvailable(_)));
        let cur = r#"{"errors":[{"code":404,"message":"Please provide valid currency."}]}"#;
        assert_eq!(
            err(400, cur),
            PmsError::InvalidRequest("Please provide valid currency.".into())
        );
        assert!(matches!(err(404, ""), PmsError::NotFound(_)));
        let key = r#"{"errors":[{"code":20,"message":"Authentification key is not active"},{"code":21,"message":"No permission"}]}"#;
        assert!(matches!(err(401, key), PmsError::Auth(m) if m.contains("code 20")));
        let perm =
            r#"{"errors":[{"code":21,"message":"No permission for this authentication key"}]}"#;
        assert!(
            matches!(err(401, perm), PmsError::Auth(m) if m.contains("no permission for bookings"))
        );
        assert!(matches!(err(401, "401 Unauthorized"), PmsError::Auth(_)));
        let notice = r#"{"errors":[{"code":8,"message":"Undefined index: total_tax"}]}"#;
        assert!(matches!(err(500, notice), PmsError::Down(m) if m.contains("total_tax")));
        assert!(matches!(err(500, "<html>Fatal</html>"), PmsError::Down(_)));
    }
}
