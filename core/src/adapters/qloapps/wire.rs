//! Reading QloApps' JSON, which mixes strings and numbers for the same kind of
//! field (quirk 8: generic resources send `"id":"1"`, `"price":"1000.000000"`;
//! `bookings` and `hotel_ari` send numbers) and sends `[]` for empty objects
//! and empty lists (PHP's empty array).

use crate::domain::{Currency, Money};
use crate::ports::pms::PmsError;
use chrono::NaiveDate;
use serde_json::Value;

pub fn unexpected(what: &str) -> PmsError {
    PmsError::Unknown(format!("QloApps answer without a usable {what}"))
}

/// A whole number sent as a number or a string.
pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f.round() as i64),
        _ => None,
    }
}

pub fn int_at(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(int)
}

pub fn u32_at(v: &Value, key: &str) -> Option<u32> {
    int_at(v, key).and_then(|i| u32::try_from(i).ok())
}

pub fn text_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A decimal amount sent as a number or a string.
pub fn money_at(v: &Value, key: &str, currency: Currency) -> Option<Money> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64().and_then(|f| Money::from_f64(f, currency).ok()),
        Value::String(s) => Money::parse_decimal(s, currency).ok(),
        _ => None,
    }
}

/// "2026-12-09" or "2026-12-09 00:00:00".
pub fn date_at(v: &Value, key: &str) -> Option<NaiveDate> {
    let s = text_at(v, key)?;
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The list under `key`; an empty result may come as a bare `[]` or be absent.
pub fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Entries of a JSON object keyed by id (`{"1":{…},"2":{…}}`), or nothing for `[]`.
pub fn entries(v: Option<&Value>) -> Vec<(&str, &Value)> {
    match v {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.get("id_room").and_then(Value::as_str).map(|k| (k, x)))
            .collect(),
        _ => Vec::new(),
    }
}

/// "1"/1/true as true.
pub fn flag_at(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(other) => int(other) == Some(1),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_and_numbers_read_alike() {
        let usd = Currency::parse("USD").expect("usd");
        let v = json!({"id": "7", "n": 7, "price": "1000.000000", "total": 2080, "d": "2026-12-09 00:00:00", "f": "1"});
        assert_eq!((int_at(&v, "id"), int_at(&v, "n")), (Some(7), Some(7)));
        assert_eq!(money_at(&v, "price", usd).map(|m| m.minor()), Some(100_000));
        assert_eq!(money_at(&v, "total", usd).map(|m| m.minor()), Some(208_000));
        assert_eq!(date_at(&v, "d"), NaiveDate::from_ymd_opt(2026, 12, 9));
        assert!(flag_at(&v, "f") && !flag_at(&v, "missing"));
        assert!(list(&json!([]), "customers").is_empty());
        assert!(entries(Some(&json!([]))).is_empty());
        assert_eq!(entries(Some(&json!({"3": {}}))).len(), 1);
    }
}
