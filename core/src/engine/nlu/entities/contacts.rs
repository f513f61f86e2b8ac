//! E-mail addresses and phone numbers, read from the raw text.

use super::Scan;
use crate::domain::PhoneE164;
use crate::engine::nlu::output::EntityValue;

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

pub fn emails(scan: &mut Scan<'_>) {
    let text = scan.text;
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        // The character before the address may be several bytes long
        // ("¿ana@x.com?", "“ana@x.com”"): step over all of it.
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| !is_local_char(*c))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let after = &text[at + 1..];
        let len = after
            .find(|c: char| !is_domain_char(c))
            .unwrap_or(after.len());
        let domain = after[..len].trim_end_matches(['.', '-']);
        let local = text[start..at].trim_start_matches('.');
        let start = at - local.len();
        if local.is_empty() || !domain.contains('.') || domain.starts_with('.') {
            continue;
        }
        let end = at + 1 + domain.len();
        found.push((start, end));
    }
    for (start, end) in found {
        let value = scan.text[start..end].to_ascii_lowercase();
        scan.push_bytes(start, end, EntityValue::Email(value));
    }
}

/// Numbers with 8–15 digits written with spaces, dashes, dots or parentheses;
/// without `+` or `00` they are national and get the hotel's calling code.
pub fn phones(scan: &mut Scan<'_>) {
    let text = scan.text;
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i] == b'+' || bytes[i].is_ascii_digit() || bytes[i] == b'(';
        let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/');
        if !starts || after_word {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || matches!(bytes[end], b' ' | b'-' | b'.' | b'(' | b')'))
        {
            end += 1;
        }
        while end > i && !bytes[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let run = &text[i..end];
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let looks_like_date =
            run.matches(['.', '-']).count() == 2 && digits.len() <= 8 && !run.contains(' ');
        if digits.len() >= 8 && !looks_like_date && !scan.bytes_used(i, end) {
            if let Some(phone) = normalise(run, &digits, &scan.ctx.default_calling_code) {
                found.push((i, end, phone));
            }
        }
        i = end.max(i + 1);
    }
    for (start, end, phone) in found {
        scan.push_bytes(start, end, EntityValue::Phone(phone));
    }
}

fn normalise(run: &str, digits: &str, calling_code: &str) -> Option<PhoneE164> {
    let run = run.trim_start_matches('(');
    if run.starts_with('+') || run.starts_with("00") {
        return PhoneE164::parse(run).ok();
    }
    if digits.starts_with(calling_code) && digits.len() >= 11 {
        // Written with the country code but without "+".
        return PhoneE164::from_digits(digits).ok();
    }
    // National form: drop the trunk prefix 0 ("011 …", "0351 …").
    let national = digits.trim_start_matches('0');
    PhoneE164::from_digits(&format!("{calling_code}{national}")).ok()
}
