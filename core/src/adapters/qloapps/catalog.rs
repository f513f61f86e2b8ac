//! The hotel and its room types, from the generic resources (`hotels`,
//! `room_types`, `hotel_room_types`, `services`, `currencies`).

use super::client::Client;
use super::wire::{flag_at, int_at, list, money_at, text_at, u32_at, unexpected};
use crate::domain::{Currency, Language, LocalizedText, Money, RoomTypeId};
use crate::ports::pms::{Capacity, HotelInfo, PmsError, RoomType};
use serde_json::Value;
use std::collections::HashMap;

/// QloApps' `Product::PRICE_CALCULATION_METHOD_PER_DAY`: the service is
/// charged per night (the other method is once per booking).
const PER_DAY: i64 = 2;

/// What quoting needs besides what the port exposes.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub hotel: HotelInfo,
    pub room_types: Vec<RoomType>,
    /// Services QloApps adds to every room of a type by itself ("Room
    /// Maintenance Fees"): included in `hotel_ari` prices but dropped by
    /// `POST /api/bookings` (quirk 2). Per room type: (per night, per stay).
    pub auto_added: HashMap<RoomTypeId, (Money, Money)>,
}

pub async fn load(client: &Client, hotel_id: u32) -> Result<Catalog, PmsError> {
    let hotel_id_s = hotel_id.to_string();
    let by_hotel = [
        ("display", "full"),
        ("filter[id_hotel]", hotel_id_s.as_str()),
    ];
    let hotel_path = format!("hotels/{hotel_id}");
    let (hotel, currencies, types, capacities, services) = tokio::try_join!(
        client.get(&hotel_path, &[]),
        client.get("currencies", &[("display", "[id,iso_code]")]),
        client.get("room_types", &by_hotel),
        client.get("hotel_room_types", &by_hotel),
        client.get("services", &[("display", "full")]),
    )?;
    let currency = list(&currencies, "currencies")
        .iter()
        .find_map(|c| text_at(c, "iso_code").and_then(|s| Currency::parse(s).ok()))
        .ok_or_else(|| unexpected("currency"))?;
    let hotel = hotel_info(
        hotel.get("hotel").ok_or_else(|| unexpected("hotel"))?,
        currency,
    )?;

    let capacity_of: HashMap<i64, Capacity> = list(&capacities, "hotel_room_types")
        .iter()
        .filter_map(|c| {
            let small = |k| u32_at(c, k).and_then(|n| u8::try_from(n).ok());
            Some((
                int_at(c, "id_product")?,
                Capacity {
                    adults: small("max_adults").or_else(|| small("adults"))?,
                    children: small("max_children")
                        .or_else(|| small("children"))
                        .unwrap_or(0),
                    max_guests: small("max_guests")?,
                },
            ))
        })
        .collect();
    let auto_services: Vec<(i64, Money, bool)> = list(&services, "services")
        .iter()
        .filter(|s| flag_at(s, "auto_add_to_cart"))
        .filter_map(|s| {
            let per_day = int_at(s, "price_calculation_method") == Some(PER_DAY);
            Some((int_at(s, "id")?, money_at(s, "price", currency)?, per_day))
        })
        .collect();

    let mut room_types = Vec::new();
    let mut auto_added = HashMap::new();
    for t in list(&types, "room_types") {
        let Some(pid) = int_at(t, "id") else { continue };
        let Ok(id) = RoomTypeId::parse(&pid.to_string()) else {
            continue;
        };
        let capacity = capacity_of.get(&pid).copied().unwrap_or(Capacity {
            adults: u32_at(t, "adults")
                .and_then(|n| u8::try_from(n).ok())
                .unwrap_or(2),
            children: u32_at(t, "children")
                .and_then(|n| u8::try_from(n).ok())
                .unwrap_or(0),
            max_guests: 4,
        });
        let linked: Vec<i64> = t
            .get("associations")
            .map(|a| {
                list(a, "services")
                    .iter()
                    .filter_map(|s| int_at(s, "id"))
                    .collect()
            })
            .unwrap_or_default();
        let (mut night, mut stay) = (Money::zero(currency), Money::zero(currency));
        for (sid, price, per_day) in &auto_services {
            if linked.contains(sid) {
                let slot = if *per_day { &mut night } else { &mut stay };
                *slot = slot
                    .checked_add(*price)
                    .map_err(|e| PmsError::Unknown(e.to_string()))?;
            }
        }
        auto_added.insert(id.clone(), (night, stay));
        room_types.push(RoomType {
            id,
            name: localized(t.get("name")),
            description: localized(t.get("description_short").or_else(|| t.get("description"))),
            capacity,
            photos: Vec::new(),
        });
    }
    if room_types.is_empty() {
        return Err(unexpected("room type for this hotel"));
    }
    Ok(Catalog {
        hotel,
        room_types,
        auto_added,
    })
}

fn hotel_info(h: &Value, currency: Currency) -> Result<HotelInfo, PmsError> {
    let time = |k| text_at(h, k).and_then(|s| chrono::NaiveTime::parse_from_str(s, "%H:%M").ok());
    let address = [text_at(h, "address"), text_at(h, "city")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    Ok(HotelInfo {
        name: text_at(h, "hotel_name")
            .ok_or_else(|| unexpected("hotel name"))?
            .to_string(),
        address,
        coordinates: None,
        checkin_time: time("check_in"),
        checkout_time: time("check_out"),
        phone: text_at(h, "phone").map(str::to_string),
        currency,
    })
}

/// A single-language install sends a string; a multi-language one sends
/// `[{"id":"1","value":"…"}]`. Language ids are the shop's own, so without
/// reading `languages` we keep the first value and call it English.
fn localized(v: Option<&Value>) -> LocalizedText {
    let raw = match v {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Array(a)) => a
            .iter()
            .find_map(|x| x.get("value").and_then(Value::as_str)),
        _ => None,
    };
    match raw.map(strip_tags).filter(|s| !s.is_empty()) {
        Some(text) => LocalizedText::single(Language::En, text),
        None => LocalizedText::default(),
    }
}

/// Descriptions are HTML; guests get plain text.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_from_either_shape_and_descriptions_without_html() {
        assert_eq!(
            localized(Some(&json!("General Rooms"))).get(Language::Es),
            Some("General Rooms")
        );
        let multi = json!([{"id": "1", "value": "Delux"}, {"id": "2", "value": "Lujo"}]);
        assert_eq!(localized(Some(&multi)).get(Language::En), Some("Delux"));
        assert_eq!(strip_tags("<div><p>Big  bed</p>view</div>"), "Big bed view");
    }
}
