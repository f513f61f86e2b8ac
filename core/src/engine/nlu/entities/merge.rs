//! Entities that mean more together: a day and a number of nights are a stay
//! ("next Friday for 3 nights", "el 15 por 2 noches").

use crate::domain::StayDates;
use crate::engine::nlu::output::{Entity, EntityValue};

/// Joins a date with the nights said right after it into a stay; the nights
/// stay in the list too (they are also a slot of their own).
pub fn dates_with_nights(mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.sort_by_key(|e| e.start);
    let has_stay = entities
        .iter()
        .any(|e| matches!(e.value, EntityValue::Stay(_)));
    if has_stay {
        return entities;
    }
    let date = entities
        .iter()
        .position(|e| matches!(e.value, EntityValue::Date(_)));
    let nights = entities
        .iter()
        .position(|e| matches!(e.value, EntityValue::Nights(_)));
    if let (Some(di), Some(ni)) = (date, nights) {
        if let (EntityValue::Date(d), EntityValue::Nights(n)) =
            (&entities[di].value, &entities[ni].value)
        {
            if let Ok(stay) = StayDates::from_nights(*d, *n) {
                let e = &entities[di];
                entities[di] = Entity {
                    value: EntityValue::Stay(stay),
                    ..e.clone()
                };
            }
        }
    }
    entities
}
