//! E-mail addresses and phone numbers, read from the raw text.

use super::Scan;
use super::numbering::{Written, to_e164};
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
/// Identity numbers and prices are not phones, however long.
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
        let mut digits = String::new();
        let mut group_starts = Vec::new();
        let mut prev_digit = false;
        for c in run.chars() {
            let digit = c.is_ascii_digit();
            if digit {
                if !prev_digit && !digits.is_empty() {
                    group_starts.push(digits.len());
                }
                digits.push(c);
            }
            prev_digit = digit;
        }
        let looks_like_date =
            run.matches(['.', '-']).count() == 2 && digits.len() <= 8 && !run.contains(' ');
        if digits.len() >= 8
            && !looks_like_date
            && !scan.bytes_used(i, end)
            && !super::not_phones::is_id_or_money(text, i, end)
        {
            let open = run.trim_start_matches('(');
            let written = Written {
                digits: &digits,
                group_starts: &group_starts,
                international: open.starts_with('+') || open.starts_with("00"),
            };
            if let Some(phone) = to_e164(&written, &scan.ctx.default_calling_code) {
                found.push((i, end, phone));
            }
        }
        i = end.max(i + 1);
    }
    for (start, end, phone) in found {
        scan.push_bytes(start, end, EntityValue::Phone(phone));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{for_test, test_ctx};
    use crate::domain::Language::{self, En, Es, Pt};

    fn phone_at(text: &str, lang: Language, calling_code: &str) -> Option<String> {
        let ctx = test_ctx("2026-03-05").with_calling_code(calling_code);
        for_test(text, lang, &ctx).1.phone.map(|p| p.to_string())
    }

    fn phone(text: &str, lang: Language) -> Option<String> {
        phone_at(text, lang, "54")
    }

    #[test]
    fn argentine_mobiles_with_15_are_plus_54_9() {
        for (text, want) in [
            ("011 15 5555-1234", "+5491155551234"),
            ("11 15 5555 1234", "+5491155551234"),
            ("(0351) 15-555-1234", "+5493515551234"),
            ("tel: 221 15 456 7890", "+5492214567890"),
            ("+54 011 15 5555-1234", "+5491155551234"),
            ("mi cel es 0291 15 412 3456", "+5492914123456"),
            ("reservo para 2, cel 351 15 555 1234", "+5493515551234"),
            // The forms that already worked.
            ("+54 9 11 5555-1234", "+5491155551234"),
            ("5491155551234", "+5491155551234"),
            ("11 5555-1234", "+541155551234"),
        ] {
            assert_eq!(phone(text, Es).as_deref(), Some(want), "{text}");
        }
        assert_eq!(
            phone("my cell is 011 15 5555 1234", En).as_deref(),
            Some("+5491155551234")
        );
    }

    #[test]
    fn identity_numbers_and_prices_are_not_phones() {
        for (text, lang) in [
            ("DNI 30123456", Es),
            ("mi dni es 30.123.456", Es),
            ("cuit 20-30123456-9", Es),
            ("CUIL: 27-12345678-4", Es),
            ("pasaporte 123456789", Es),
            ("passport number 5512345678", En),
            ("meu CPF é 123.456.789-09", Pt),
            ("el total fue $ 150.000.000", Es),
            ("son 1155551234 pesos", Es),
            ("R$ 2.500.000", Pt),
        ] {
            assert_eq!(phone(text, lang), None, "{text}");
        }
        // A phone word after the identity number still gives the phone.
        assert_eq!(
            phone("dni 30123456 y cel 11 5555 1234", Es).as_deref(),
            Some("+541155551234")
        );
    }

    #[test]
    fn local_numbers_without_an_area_code_are_no_phone() {
        for text in ["4555-1234", "15 5555-1234", "cel 4555 1234"] {
            assert_eq!(phone(text, Es), None, "{text}");
        }
        assert_eq!(phone_at("98765-4321", Pt, "55"), None);
        assert_eq!(phone_at("555 0134 22", En, "1"), None);
        // Full national numbers still read, in each country's form.
        assert_eq!(
            phone_at("(11) 98765-4321", Pt, "55").as_deref(),
            Some("+5511987654321")
        );
        assert_eq!(
            phone_at("612 345 678", Es, "34").as_deref(),
            Some("+34612345678")
        );
        assert_eq!(
            phone_at("+1 (415) 555-2671", En, "54").as_deref(),
            Some("+14155552671")
        );
        assert_eq!(
            phone_at("+44 20 7946 0958", En, "54").as_deref(),
            Some("+442079460958")
        );
        // A foreign guest's full number without "+".
        assert_eq!(
            phone_at("5491155551234", Es, "34").as_deref(),
            Some("+5491155551234")
        );
    }
}
