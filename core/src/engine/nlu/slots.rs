//! Entities folded into the booking slots the dialogue fills.

use super::entities::dates::loose;
use super::output::{Entity, EntityFlag, EntityValue, Slots};
use super::text::Token;

/// The slots of a message's entities; `toks` are its tokens, for the words
/// that say whether loose dates make a stay.
pub fn fold(entities: &[Entity], toks: &[Token]) -> Slots {
    let mut s = Slots::default();
    let mut total = None;
    for e in entities {
        match &e.value {
            // The booking a change request moves away from is not the stay wanted.
            EntityValue::Stay(_) | EntityValue::Date(_)
                if e.flags.contains(&EntityFlag::Previous) => {}
            EntityValue::Stay(stay) if s.checkin.is_none() => {
                s.checkin = Some(stay.checkin());
                s.checkout = Some(stay.checkout());
            }
            EntityValue::Date(_) => {}
            EntityValue::Nights(n) => s.nights = s.nights.or(Some(*n)),
            EntityValue::Rooms(n) => s.rooms = s.rooms.or(Some(*n)),
            EntityValue::Guests(g) => {
                s.adults = s.adults.or(g.adults);
                if let Some(c) = g.children {
                    s.children = Some(s.children.unwrap_or(0).saturating_add(c));
                    s.child_ages.extend(&g.child_ages);
                }
                total = total.or(g.total);
            }
            EntityValue::RoomType(id) => s.room_type = s.room_type.clone().or(Some(id.clone())),
            EntityValue::Name(n) => s.name = s.name.clone().or(Some(n.clone())),
            EntityValue::Email(m) => s.email = s.email.clone().or(Some(m.clone())),
            EntityValue::Phone(p) => s.phone = s.phone.clone().or(Some(p.clone())),
            EntityValue::BookingRef(r) => s.booking_ref = s.booking_ref.clone().or(Some(r.clone())),
            EntityValue::Time(t) => s.time = s.time.or(Some(*t)),
            EntityValue::Stay(_) => {}
        }
    }
    if s.checkin.is_none() {
        (s.checkin, s.checkout) = loose::stay_of(entities, toks);
    }
    if s.adults.is_none() {
        // "somos 4 con 2 niños": the head count includes the children.
        s.adults = total
            .map(|t| t.saturating_sub(s.children.unwrap_or(0)))
            .filter(|a| *a > 0);
    }
    s
}
