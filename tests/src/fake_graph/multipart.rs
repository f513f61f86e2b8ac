//! Reading the `multipart/form-data` of a media upload, strictly enough to
//! catch a malformed form: every part needs a name, the boundary must close.

use std::collections::HashMap;

pub struct Part {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Parts by field name, or why the form is malformed.
pub fn parse(content_type: &str, body: &[u8]) -> Result<HashMap<String, Part>, String> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .ok_or("content type is not multipart/form-data with a boundary")?;
    let delim = format!("--{boundary}");
    let mut parts = HashMap::new();
    let mut at = find(body, delim.as_bytes(), 0).ok_or("no opening boundary")? + delim.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Ok(parts);
        }
        if body.get(at..at + 2) != Some(b"\r\n") {
            return Err("boundary not followed by CRLF".into());
        }
        let head_end = find(body, b"\r\n\r\n", at).ok_or("part without header end")?;
        let head = String::from_utf8_lossy(&body[at + 2..head_end]).to_string();
        let next = find(body, format!("\r\n{delim}").as_bytes(), head_end + 4)
            .ok_or("part not closed by the boundary")?;
        let data = body[head_end + 4..next].to_vec();
        let mut name = None;
        let mut filename = None;
        let mut ctype = None;
        for line in head.split("\r\n") {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition: form-data") {
                for attr in line.split(';').skip(1) {
                    let (k, v) = attr.trim().split_once('=').ok_or("bad disposition")?;
                    let v = v.trim_matches('"').to_string();
                    match k {
                        "name" => name = Some(v),
                        "filename" => filename = Some(v),
                        _ => {}
                    }
                }
            } else if lower.starts_with("content-type:") {
                ctype = Some(line["content-type:".len()..].trim().to_string());
            }
        }
        let name = name.ok_or("part without a name")?;
        parts.insert(
            name,
            Part {
                filename,
                content_type: ctype,
                data,
            },
        );
        at = next + 2 + delim.len();
    }
}
