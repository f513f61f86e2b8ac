//! The idempotency key of a booking request, derived from what is booked so a
//! redelivered message, a crash and retry, or a guest saying "sí" twice all
//! send the same key and the PMS books once.

use crate::domain::IdempotencyKey;

/// Same conversation, room type, dates, rooms and email → same key.
pub fn booking_key(
    conversation: &str,
    room_type: &str,
    checkin: &str,
    checkout: &str,
    rooms: &str,
    email: &str,
) -> IdempotencyKey {
    let input = [
        conversation,
        room_type,
        checkin,
        checkout,
        rooms,
        &email.to_lowercase(),
    ]
    .join("\u{1f}");
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, input.as_bytes());
    // "cj-" + 32 hex digits always satisfies IdempotencyKey's rules.
    IdempotencyKey::parse(&format!("{}{}", IdempotencyKey::PREFIX, id.simple()))
        .unwrap_or_else(|_| IdempotencyKey::generate())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_request_same_key_any_change_another() {
        let a = booking_key("c1", "STD", "2027-03-15", "2027-03-18", "2", "Ana@x.com");
        assert_eq!(
            a,
            booking_key("c1", "STD", "2027-03-15", "2027-03-18", "2", "ana@x.com")
        );
        assert_ne!(
            a,
            booking_key("c2", "STD", "2027-03-15", "2027-03-18", "2", "ana@x.com")
        );
        assert_ne!(
            a,
            booking_key("c1", "TWN", "2027-03-15", "2027-03-18", "2", "ana@x.com")
        );
        assert!(a.as_str().starts_with("cj-"));
    }
}
