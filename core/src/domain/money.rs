//! An amount of money in one currency, held in minor units (cents) so sums and
//! taxes never drift the way floats do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// ISO 4217 code: three upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("currency {0:?} is not a three-letter ISO 4217 code such as USD")]
    BadCurrency(String),
    #[error("amount {0:?} is not a decimal number such as 1000.50")]
    BadAmount(String),
    #[error("cannot combine {0} and {1}: different currencies")]
    Mismatch(Currency, Currency),
    #[error("amount out of range")]
    Overflow,
}

impl Currency {
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let up = code.trim().to_ascii_uppercase();
        match up.as_bytes() {
            [a, b, c] if up.bytes().all(|b| b.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(MoneyError::BadCurrency(code.to_string())),
        }
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

/// Two decimal places for every currency: what hotel PMSs store (QloApps keeps
/// six and shows two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::from_minor(0, currency)
    }

    /// Parses "1000", "1000.5", "1000.000000" (QloApps' strings); rounds half
    /// away from zero at the cent.
    pub fn parse_decimal(raw: &str, currency: Currency) -> Result<Self, MoneyError> {
        let bad = || MoneyError::BadAmount(raw.to_string());
        let s = raw.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let mut frac_digits = frac.bytes().map(|b| i64::from(b - b'0'));
        let cents = frac_digits.next().unwrap_or(0) * 10 + frac_digits.next().unwrap_or(0);
        let round_up = frac_digits.next().unwrap_or(0) >= 5;
        let minor = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents + i64::from(round_up)))
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::from_minor(if neg { -minor } else { minor }, currency))
    }

    /// From a JSON number such as 2080 or 1040.5 (QloApps' `bookings` and `hotel_ari`).
    pub fn from_f64(value: f64, currency: Currency) -> Result<Self, MoneyError> {
        let minor = (value * 100.0).round();
        if !minor.is_finite() || minor.abs() > 9e15 {
            return Err(MoneyError::Overflow);
        }
        // Checked above: finite and well inside i64.
        #[allow(clippy::cast_possible_truncation)]
        Ok(Self::from_minor(minor as i64, currency))
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::Mismatch(self.currency, other.currency));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::from_minor(minor, self.currency))
    }

    pub fn times(self, n: u32) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(i64::from(n))
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::from_minor(minor, self.currency))
    }

    /// The share given in basis points (1000 = 10 %), rounded half up at the cent.
    pub fn basis_points(self, bp: u32) -> Money {
        let scaled = i128::from(self.minor) * i128::from(bp);
        let rounded = (scaled + 5_000 * scaled.signum()) / 10_000;
        Self::from_minor(i64::try_from(rounded).unwrap_or(i64::MAX), self.currency)
    }

    /// Sums amounts that must share one currency; `None` for an empty list.
    pub fn sum(items: impl IntoIterator<Item = Money>) -> Result<Option<Money>, MoneyError> {
        let mut total: Option<Money> = None;
        for m in items {
            total = Some(match total {
                None => m,
                Some(t) => t.checked_add(m)?,
            });
        }
        Ok(total)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{} {sign}{}.{:02}", self.currency, abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::parse("usd").expect("usd")
    }

    #[test]
    fn parses_pms_decimal_strings_to_cents() {
        let m = |s| Money::parse_decimal(s, usd()).map(|m| m.minor());
        assert_eq!(m("1000.000000"), Ok(100_000));
        assert_eq!(m("1000"), Ok(100_000));
        assert_eq!(m("12.345"), Ok(1_235));
        assert_eq!(m("0.5"), Ok(50));
        assert_eq!(m("-3.10"), Ok(-310));
        for bad in ["", ".", "1,000", "abc", "1.2.3"] {
            assert!(m(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Money::from_f64(2080.0, usd()).map(|m| m.minor()),
            Ok(208_000)
        );
    }

    #[test]
    fn arithmetic_keeps_currency_and_rounds_taxes_at_the_cent() {
        let a = Money::from_minor(100_000, usd());
        assert_eq!(a.basis_points(400).minor(), 4_000);
        assert_eq!(
            Money::from_minor(1_005, usd()).basis_points(1_000).minor(),
            101
        );
        assert_eq!(a.times(2).map(|m| m.minor()), Ok(200_000));
        let eur = Money::zero(Currency::parse("EUR").expect("eur"));
        assert!(matches!(a.checked_add(eur), Err(MoneyError::Mismatch(..))));
        assert_eq!(a.to_string(), "USD 1000.00");
        assert!(Currency::parse("US").is_err() && Currency::parse("U5D").is_err());
    }
}
