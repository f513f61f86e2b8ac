//! Phone numbers identify guests: logs carry only enough of one to tell two
//! conversations apart (the first two and the last three digits).

use std::fmt;

/// `+5491155551234` → `+54********234`. Anything too short to mask safely is
/// hidden entirely rather than partly shown.
pub fn mask_phone(raw: &str) -> String {
    let digits: Vec<char> = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "*".repeat(digits.len().max(3));
    }
    let head: String = digits[..2].iter().collect();
    let tail: String = digits[digits.len() - 3..].iter().collect();
    let hidden = "*".repeat(digits.len() - 5);
    let plus = if raw.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    format!("{plus}{head}{hidden}{tail}")
}

/// For `tracing` fields: `phone = %MaskedPhone(&number)`.
pub struct MaskedPhone<'a>(pub &'a str);

impl fmt::Display for MaskedPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_phone(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_prefix_and_last_three_digits_only() {
        assert_eq!(mask_phone("+5491155551234"), "+54********234");
        assert_eq!(mask_phone("5491155551234"), "54********234");
        assert_eq!(mask_phone("+1 (415) 555-0199"), "+14******199");
    }

    #[test]
    fn short_or_empty_values_are_fully_hidden() {
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_phone(""), "***");
    }

    #[test]
    fn no_run_of_more_than_five_original_digits_survives() {
        let n = "+34600111222";
        let masked = format!("{}", MaskedPhone(n));
        assert!(!masked.contains("600111"));
        assert_eq!(masked.chars().filter(char::is_ascii_digit).count(), 5);
    }
}
