//! `X-Hub-Signature-256`: `sha256=` + lower-case hex HMAC-SHA256 of the raw
//! request body, keyed with the Meta App secret. Checked before parsing.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("X-Hub-Signature-256 is not `sha256=` followed by 64 lower-case hex digits")]
    Malformed,
    #[error("X-Hub-Signature-256 does not match the body")]
    Mismatch,
    #[error("no app secret is configured, so no signature can be valid")]
    NoSecret,
}

/// Verifies `header` against `body`. The comparison is constant-time (the
/// `hmac` crate's `verify_slice`), so timing reveals nothing about the
/// expected value. There is no bypass: an empty secret fails every request.
pub fn verify(secret: &[u8], header: Option<&str>, body: &[u8]) -> Result<(), SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_part = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    // Meta sends lower case; the issue fixes the format, so anything else is
    // malformed rather than silently normalised.
    if hex_part.len() != 64
        || !hex_part
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(SignatureError::Malformed);
    }
    let expected = hex::decode(hex_part).map_err(|_| SignatureError::Malformed)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| SignatureError::NoSecret)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The header value Meta would send for `body` (used by tests, the fake Graph
/// API and the benchmark).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // An HMAC key of any length is valid, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"app-secret";
    const BODY: &[u8] =
        "{\"object\":\"whatsapp_business_account\",\"text\":\"¿Habitación? 🙂\"}".as_bytes();

    #[test]
    fn a_good_signature_over_the_raw_body_passes() {
        let header = sign(SECRET, BODY);
        assert!(header.starts_with("sha256="));
        assert_eq!(header.len(), 7 + 64);
        assert_eq!(verify(SECRET, Some(&header), BODY), Ok(()));
    }

    #[test]
    fn a_known_vector_matches() {
        // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog"), RFC 4231 style vector.
        let h = sign(b"key", b"The quick brown fox jumps over the lazy dog");
        assert_eq!(
            h,
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn wrong_secret_fails() {
        let header = sign(b"other-secret", BODY);
        assert_eq!(
            verify(SECRET, Some(&header), BODY),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn tampered_body_fails() {
        let header = sign(SECRET, BODY);
        let mut tampered = BODY.to_vec();
        tampered[5] ^= 1;
        assert_eq!(
            verify(SECRET, Some(&header), &tampered),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn missing_header_fails() {
        assert_eq!(verify(SECRET, None, BODY), Err(SignatureError::Missing));
    }

    #[test]
    fn upper_case_prefix_or_digits_are_malformed() {
        let header = sign(SECRET, BODY);
        let upper_prefix = header.replacen("sha256=", "SHA256=", 1);
        assert_eq!(
            verify(SECRET, Some(&upper_prefix), BODY),
            Err(SignatureError::Malformed)
        );
        let upper_hex = format!("sha256={}", header[7..].to_uppercase());
        assert_eq!(
            verify(SECRET, Some(&upper_hex), BODY),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn empty_values_fail() {
        assert_eq!(
            verify(SECRET, Some(""), BODY),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(SECRET, Some("sha256="), BODY),
            Err(SignatureError::Malformed)
        );
        // An empty body still needs its own valid signature.
        assert_eq!(verify(SECRET, Some(&sign(SECRET, b"")), b""), Ok(()));
        assert_eq!(
            verify(SECRET, Some(&sign(SECRET, BODY)), b""),
            Err(SignatureError::Mismatch)
        );
        // And an empty secret never validates anything, even a matching HMAC.
        assert_eq!(
            verify(b"", Some(&sign(b"", BODY)), BODY),
            Err(SignatureError::NoSecret)
        );
    }
}
