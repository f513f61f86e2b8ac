//! The XML bodies QloApps insists on (quirk 6: `hotel_ari` and generic
//! resources refuse JSON). Built by hand: they are small and flat, and every
//! value goes through [`escape`].

use crate::domain::{Occupancy, RoomTypeId, StayDates};

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An availability and rates search with a per-night breakdown, listing
/// available and booked rooms so sold-out types still come back with prices.
pub fn hotel_ari(
    hotel_id: u32,
    stay: &StayDates,
    rooms: &[Occupancy],
    room_type: Option<&RoomTypeId>,
) -> String {
    let mut x = String::from("<qloapps><hotel_ari>");
    x.push_str(&format!("<id_hotel>{hotel_id}</id_hotel>"));
    x.push_str(&format!(
        "<date_from>{}</date_from><date_to>{}</date_to>",
        stay.checkin(),
        stay.checkout()
    ));
    if let Some(id) = room_type {
        x.push_str(&format!(
            "<id_room_type>{}</id_room_type>",
            escape(id.as_str())
        ));
    }
    x.push_str(
        "<get_available_rooms>1</get_available_rooms><get_booked_rooms>1</get_booked_rooms>",
    );
    x.push_str("<date_wise_breakdown>1</date_wise_breakdown>");
    x.push_str("<associations><room_occupancies>");
    for o in rooms {
        x.push_str(&format!(
            "<room_occupancy><adults>{}</adults><children>{}</children></room_occupancy>",
            o.adults(),
            o.children()
        ));
    }
    x.push_str("</room_occupancies></associations></hotel_ari></qloapps>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn escapes_and_lists_every_room() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let stay = StayDates::new(d("2026-12-09"), d("2026-12-11")).expect("stay");
        let rooms = [
            Occupancy::new(2, vec![]).expect("o"),
            Occupancy::new(1, vec![Some(4)]).expect("o"),
        ];
        let x = hotel_ari(1, &stay, &rooms, None);
        assert!(x.contains("<date_from>2026-12-09</date_from><date_to>2026-12-11</date_to>"));
        assert_eq!(x.matches("<room_occupancy>").count(), 2);
        assert!(x.contains("<adults>1</adults><children>1</children>"));
    }
}
