//! Entities folded into the booking slots the dialogue fills.

use super::output::{Entity, EntityValue, Slots};

pub fn fold(entities: &[Entity]) -> Slots {
    let mut s = Slots::default();
    let mut dates = Vec::new();
    let mut total = None;
    for e in entities {
        match &e.value {
            EntityValue::Stay(stay) if s.checkin.is_none() => {
                s.checkin = Some(stay.checkin());
                s.checkout = Some(stay.checkout());
            }
            EntityValue::Date(d) => dates.push(*d),
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
        // "llego el 15 y me voy el 18": two days are a stay when in order.
        s.checkin = dates.first().copied();
        s.checkout = dates.get(1).copied().filter(|d| Some(*d) > s.checkin);
    }
    if s.adults.is_none() {
        // "somos 4 con 2 niños": the head count includes the children.
        s.adults = total
            .map(|t| t.saturating_sub(s.children.unwrap_or(0)))
            .filter(|a| *a > 0);
    }
    s
}
