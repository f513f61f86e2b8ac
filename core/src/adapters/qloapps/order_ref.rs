//! The two names QloApps gives an order: the numeric order id (our
//! [`BookingRef`], what `/api/bookings/{id}` takes) and a 9-letter reference
//! such as `LSEEJZDXO` (`orders.reference`), which is what QloApps' own
//! confirmation e-mails and the guest's account page show, so what guests
//! quote. A reference is turned into the order id before anything else.

use super::client::Client;
use super::wire::{int_at, list};
use crate::domain::BookingRef;
use crate::ports::pms::PmsError;

/// QloApps 1.6 makes references of 9 upper-case letters (no digits); guests
/// may type them in lower case.
const LETTERS: usize = 9;

/// The reference in QloApps' own (upper) case, if `r` looks like one.
pub fn order_reference(r: &BookingRef) -> Option<String> {
    let s = r.as_str();
    (s.len() == LETTERS && s.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| s.to_ascii_uppercase())
}

/// The order id `r` names: itself when numeric, the one order carrying it
/// when it is a 9-letter reference. Anything else is not a booking here.
pub async fn resolve(client: &Client, r: &BookingRef) -> Result<BookingRef, PmsError> {
    if r.as_str().parse::<u64>().is_ok() {
        return Ok(r.clone());
    }
    let Some(reference) = order_reference(r) else {
        return Err(PmsError::NotFound(r.to_string()));
    };
    // Quirk 9: `display` needs the list URL; the filter is an exact match.
    let orders = client
        .get(
            "orders",
            &[
                ("display", "[id,reference]"),
                ("filter[reference]", &format!("[{reference}]")),
            ],
        )
        .await?;
    // A bare `[]` (no match) reads as an empty list.
    let ids: Vec<i64> = list(&orders, "orders")
        .iter()
        .filter_map(|o| int_at(o, "id"))
        .collect();
    match ids.as_slice() {
        [] => Err(PmsError::NotFound(reference)),
        [id] => BookingRef::parse(&id.to_string()).map_err(|e| PmsError::Unknown(e.to_string())),
        // QloApps does not enforce unique references: never pick one.
        many => Err(PmsError::InvalidRequest(format!(
            "order reference {reference} belongs to {} orders (ids {}); quote the order id instead",
            many.len(),
            many.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> BookingRef {
        BookingRef::parse(s).expect("ref")
    }

    #[test]
    fn nine_letters_in_either_case_are_an_order_reference() {
        assert_eq!(
            order_reference(&r("LSEEJZDXO")).as_deref(),
            Some("LSEEJZDXO")
        );
        assert_eq!(
            order_reference(&r("lseejzdxo")).as_deref(),
            Some("LSEEJZDXO")
        );
        assert_eq!(
            order_reference(&r(" LseEjzDxo ")).as_deref(),
            Some("LSEEJZDXO")
        );
    }

    #[test]
    fn ids_and_other_shapes_are_not() {
        for s in [
            "42",
            "LSEEJZDX",
            "LSEEJZDXOO",
            "LSEEJZDX0",
            "REF000001",
            "LSEEJ-DXO",
            "ÑSEEJZDXO",
        ] {
            assert_eq!(order_reference(&r(s)), None, "{s}");
        }
    }
}
