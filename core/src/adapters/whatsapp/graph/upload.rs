//! Uploading outbound media: `POST /{version}/{phone_number_id}/media` as
//! `multipart/form-data` with the fields `messaging_product`, `type` and
//! `file`; Meta answers `{"id": "<media id>"}`. The form is written here by
//! hand (RFC 7578: three parts), which spares a multipart dependency.

use super::client::{GraphClient, transport};
use super::errors::classify;
use crate::ports::messenger::{MediaUploader, PermanentKind, SendError, UploadFile};
use async_trait::async_trait;

/// WhatsApp's size caps per media type, checked before the upload.
pub fn upload_limit(mime_type: &str) -> u64 {
    const MB: u64 = 1024 * 1024;
    match mime_type.split('/').next().unwrap_or("") {
        "image" if mime_type.starts_with("image/webp") => 500 * 1024, // stickers
        "image" => 5 * MB,
        "audio" | "video" => 16 * MB,
        _ => 100 * MB,
    }
}

fn refuse(title: String) -> SendError {
    SendError::Permanent {
        code: None,
        title,
        details: None,
        kind: PermanentKind::Media,
    }
}

/// The form body and its content type. `boundary` must not occur in the file
/// (the caller picks a random one and checks).
pub fn multipart_body(file: &UploadFile, boundary: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(file.bytes.len() + 512);
    let text = |name: &str, value: &str, body: &mut Vec<u8>| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    text("messaging_product", "whatsapp", &mut body);
    text("type", &file.mime_type, &mut body);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: {}\r\n\r\n",
            file.filename, file.mime_type
        )
        .as_bytes(),
    );
    body.extend_from_slice(&file.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// Header values cannot carry line breaks or quotes; file names keep only
/// characters that need no escaping.
fn check(file: &UploadFile) -> Result<(), SendError> {
    if file.bytes.is_empty() {
        return Err(refuse("media file is empty".into()));
    }
    let max = upload_limit(&file.mime_type);
    if file.bytes.len() as u64 > max {
        return Err(refuse(format!(
            "media file is {} bytes; WhatsApp accepts at most {max} for {}",
            file.bytes.len(),
            file.mime_type
        )));
    }
    let mime_ok = !file.mime_type.is_empty()
        && file.mime_type.contains('/')
        && file
            .mime_type
            .bytes()
            .all(|b| (b.is_ascii_graphic() && b != b'"') || b == b' ');
    if !mime_ok {
        return Err(refuse(format!("{:?} is not a MIME type", file.mime_type)));
    }
    let name_ok = !file.filename.is_empty()
        && file
            .filename
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !name_ok {
        return Err(refuse(format!(
            "file name {:?} must be letters, digits, '.', '_' or '-'",
            file.filename
        )));
    }
    Ok(())
}

#[async_trait]
impl MediaUploader for GraphClient {
    async fn upload(&self, phone_number_id: &str, file: &UploadFile) -> Result<String, SendError> {
        check(file)?;
        let boundary = loop {
            let b = format!("conserje-{}", uuid::Uuid::new_v4().simple());
            if !file.bytes.windows(b.len()).any(|w| w == b.as_bytes()) {
                break b;
            }
        };
        let response = self
            .http
            .post(format!("{}/{phone_number_id}/media", self.base))
            .bearer_auth(self.token.expose())
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(multipart_body(file, &boundary))
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.map_err(transport)?;
        if !status.is_success() {
            return Err(classify(status, &headers, &text));
        }
        let answer: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| SendError::Retryable {
                code: None,
                title: format!("unreadable answer from the Graph API: {e}"),
                retry_after: None,
            })?;
        answer["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| refuse(format!("media upload answered without an id: {answer}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8], mime: &str, name: &str) -> UploadFile {
        UploadFile {
            bytes: bytes.to_vec(),
            mime_type: mime.into(),
            filename: name.into(),
        }
    }

    #[test]
    fn the_form_has_the_three_fields_meta_expects() {
        let body = multipart_body(
            &file(b"OggS\x00data", "audio/ogg; codecs=opus", "r.ogg"),
            "XB",
        );
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(
            "--XB\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
        ));
        assert!(text.contains("name=\"type\"\r\n\r\naudio/ogg; codecs=opus\r\n"));
        assert!(text.contains(
            "name=\"file\"; filename=\"r.ogg\"\r\nContent-Type: audio/ogg; codecs=opus\r\n\r\nOggS\u{0}data\r\n--XB--\r\n"
        ));
    }

    #[test]
    fn files_that_would_be_refused_are_refused_before_any_call() {
        let big = vec![0u8; 5 * 1024 * 1024 + 1];
        assert!(
            check(&file(&big, "image/jpeg", "a.jpg")).is_err(),
            "image over 5 MB"
        );
        assert!(
            check(&file(&big, "audio/ogg", "a.ogg")).is_ok(),
            "audio up to 16 MB"
        );
        assert!(check(&file(b"", "audio/ogg", "a.ogg")).is_err(), "empty");
        assert!(
            check(&file(b"x", "audio/ogg\r\nX: y", "a.ogg")).is_err(),
            "header injection"
        );
        assert!(
            check(&file(b"x", "audio/ogg", "a\".ogg")).is_err(),
            "quote in name"
        );
        assert!(
            check(&file(b"x", "ogg", "a.ogg")).is_err(),
            "not a MIME type"
        );
    }
}
