//! Availability and prices: collect dates and guests one question at a time,
//! quote through the PMS, and show exactly what it says — or the nearest
//! dates that do have room. Never an invented price.

use super::{Cx, booking, handoff};
use crate::domain::{Occupancy, StayDates};
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::reply::Reply;
use crate::engine::dialogue::state::{DialogueState, Draft, HandoffReason, OfferView, Step};
use crate::engine::nlu::{Parse, Slots};
use crate::engine::replies::Vars;
use crate::ports::pms::{PmsError, QuoteRequest, RoomOffer};
use chrono::{Datelike, Days};

pub fn has_stay_slots(s: &Slots) -> bool {
    s.checkin.is_some()
        || s.checkout.is_some()
        || s.nights.is_some()
        || s.adults.is_some()
        || s.children.is_some()
        || s.rooms.is_some()
        || s.room_type.is_some()
}

/// Folds what the guest just said into the draft; later values correct
/// earlier ones. Returns whether anything changed.
pub fn merge(d: &mut Draft, s: &Slots) -> bool {
    let before = d.clone();
    if let Some(ci) = s.checkin {
        // A new check-in alone keeps the length of the stay ("mejor desde el 20").
        if s.checkout.is_none() && s.nights.is_none() {
            if let (Some(old_in), Some(old_out)) = (d.checkin, d.checkout) {
                let n = (old_out - old_in).num_days();
                d.nights = u32::try_from(n).ok().filter(|n| *n > 0).or(d.nights);
                d.checkout = None;
            }
        }
        d.checkin = Some(ci);
    }
    if let Some(co) = s.checkout {
        d.checkout = Some(co);
        d.nights = None;
    }
    if let Some(n) = s.nights {
        d.nights = Some(n);
        if s.checkout.is_none() {
            d.checkout = None;
        }
    }
    if s.adults.is_some() {
        d.adults = s.adults;
        // A new head count replaces the old one whole.
        d.children = s.children.or(Some(0));
        d.child_ages = s.child_ages.clone();
    } else if s.children.is_some() {
        d.children = s.children;
        d.child_ages = s.child_ages.clone();
    }
    if s.rooms.is_some() {
        d.rooms = s.rooms;
    }
    if s.room_type.is_some() {
        d.room_type = s.room_type.clone();
    }
    *d != before
}

/// Words that may stand around a bare day number ("desde el 20", "on the 20th").
const DAY_FILLERS: &[&str] = &[
    "el", "la", "desde", "del", "al", "a", "de", "the", "on", "from", "o", "dia", "día", "day",
    "em", "no",
];

/// The parse's slots, with a bare day number ("mejor desde el 20") read in the
/// month of the stay being discussed rather than the next 20th from today.
pub fn slots_for(d: &Draft, parse: &Parse) -> Slots {
    let mut slots = parse.slots.clone();
    let (Some(current), Some(new)) = (d.checkin, slots.checkin) else {
        return slots;
    };
    let bare = parse.entities.iter().any(|e| {
        matches!(e.value, crate::engine::nlu::EntityValue::Date(v) if v == new)
            && e.text
                .to_lowercase()
                .split_whitespace()
                .filter(|w| !DAY_FILLERS.contains(w))
                .all(|w| {
                    w.trim_end_matches(|c: char| c.is_alphabetic())
                        .chars()
                        .all(|c| c.is_ascii_digit())
                })
    });
    if bare {
        if let Some(anchored) = current.with_day(new.day()) {
            slots.checkin = Some(anchored);
        }
    }
    slots
}

pub fn stay_of(d: &Draft) -> Option<Result<StayDates, crate::domain::StayDatesError>> {
    let checkin = d.checkin?;
    match (d.checkout, d.nights) {
        (Some(co), _) => Some(StayDates::new(checkin, co)),
        (None, Some(n)) => Some(StayDates::from_nights(checkin, n)),
        (None, None) => None,
    }
}

/// One occupancy per room: adults spread as evenly as possible, children
/// (with the ages we know) after them.
pub fn rooms_of(d: &Draft) -> Option<Vec<Occupancy>> {
    let adults = d.adults?;
    let rooms = usize::try_from(d.rooms.unwrap_or(1))
        .ok()?
        .clamp(1, usize::from(adults.max(1)));
    let children = usize::from(d.children.unwrap_or(0)).max(d.child_ages.len());
    let mut out = Vec::with_capacity(rooms);
    for r in 0..rooms {
        let a = adults as usize / rooms + usize::from(r < adults as usize % rooms);
        let ages: Vec<Option<u8>> = (0..children)
            .filter(|c| c % rooms == r)
            .map(|c| d.child_ages.get(c).copied())
            .collect();
        out.push(Occupancy::new(u8::try_from(a).ok()?, ages).ok()?);
    }
    Some(out)
}

pub async fn run(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    booking_intent: bool,
) -> Result<(), DialogueError> {
    let slots = slots_for(&st.draft, parse);
    merge(&mut st.draft, &slots);
    let ask = |key: &'static str, step: Step| (key, step);
    let missing = if st.draft.checkin.is_none() {
        Some(ask("ask.dates", Step::AskDates))
    } else if st.draft.checkout.is_none() && st.draft.nights.is_none() {
        Some(ask("ask.checkout", Step::AskCheckout))
    } else if st.draft.adults.is_none() {
        Some(ask("ask.guests", Step::AskGuests))
    } else {
        None
    };
    if let Some((key, step)) = missing {
        let t = cx.say.plain(key)?;
        cx.push(t);
        st.step = step;
        return Ok(());
    }
    let (Some(Ok(stay)), Some(rooms)) = (stay_of(&st.draft), rooms_of(&st.draft)) else {
        // Dates that make no stay (check-out before check-in) or an impossible party.
        st.draft.checkout = None;
        st.draft.nights = None;
        let t = cx.say.plain("ask.dates")?;
        cx.push(t);
        st.step = Step::AskDates;
        return Ok(());
    };
    let quote = match cx
        .deps
        .pms
        .quote(&QuoteRequest {
            stay,
            rooms: rooms.clone(),
            room_type: None,
        })
        .await
    {
        Ok(q) => q,
        Err(e) if e.is_outage() || matches!(e, PmsError::Auth(_)) => {
            cx.staff_notes
                .push(format!("PMS unavailable for a quote: {e}"));
            return handoff::hand_off(cx, st, HandoffReason::PmsDown).await;
        }
        Err(e) => {
            tracing::info!(error = %e, "quote refused by the PMS; treated as no availability");
            crate::ports::pms::Quote {
                stay,
                offers: Vec::new(),
            }
        }
    };
    let mut offers: Vec<RoomOffer> = quote
        .offers
        .into_iter()
        .filter(|o| o.can_take(rooms.len()))
        .collect();
    offers.sort_by_key(|o| o.total_incl_tax.minor());
    if let Some(wanted) = &st.draft.room_type {
        if let Some(i) = offers.iter().position(|o| o.room_type.as_str() == wanted) {
            let o = offers.remove(i);
            offers.insert(0, o);
        }
    }
    let guests = cx.say.party(&rooms)?;
    let stay_text = cx.say.stay(stay.checkin(), stay.checkout())?;
    if offers.is_empty() {
        let none = cx.say.t(
            "offers.none",
            &Vars::new().set("stay", stay_text).set("guests", guests),
        )?;
        cx.push(none);
        return nearby(cx, st, stay, &rooms).await;
    }

    st.offers = offers.iter().map(|o| view(cx, o)).collect();
    let wanted_first = st.draft.room_type.as_deref() == Some(offers[0].room_type.as_str());
    if booking_intent && wanted_first {
        return booking::choose(cx, st, 0).await;
    }
    let mut text = cx.say.t(
        "offers.header",
        &Vars::new().set("stay", stay_text).set("guests", guests),
    )?;
    for (i, o) in offers.iter().enumerate() {
        text.push('\n');
        text.push_str(&offer_line(cx, i + 1, o)?);
    }
    text.push('\n');
    text.push_str(&cx.say.plain("offers.taxes_included")?);
    text.push('\n');
    text.push_str(&cx.say.plain("ask.choose")?);
    let buttons: Vec<(String, String)> = st
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| (format!("offer:{}", i + 1), o.name.clone()))
        .collect();
    let label = cx.say.plain("menu.options")?;
    cx.out.push(Reply::text(text).with_choices(label, buttons));
    st.step = Step::ChooseOffer;
    Ok(())
}

/// An offer as the guest sees it, kept so 'the second one' can be resolved.
pub fn view(cx: &Cx<'_>, o: &RoomOffer) -> OfferView {
    OfferView {
        room_type: o.room_type.as_str().to_string(),
        name: o
            .name
            .get(cx.say.lang)
            .unwrap_or(o.room_type.as_str())
            .to_string(),
        total_minor: o.total_incl_tax.minor(),
        currency: o.total_incl_tax.currency().code().to_string(),
    }
}

fn offer_line(cx: &Cx<'_>, n: usize, o: &RoomOffer) -> Result<String, DialogueError> {
    let cur = o.total_incl_tax.currency();
    let money = |m: i64| cx.say.money(m, cur.code());
    let nightly: Vec<i64> = o.nights.iter().map(|n| n.incl_tax.minor()).collect();
    let (min, max) = (
        nightly.iter().min().copied().unwrap_or(0),
        nightly.iter().max().copied().unwrap_or(0),
    );
    let room = o
        .name
        .get(cx.say.lang)
        .unwrap_or(o.room_type.as_str())
        .to_string();
    let vars = Vars::new()
        .set("n", n.to_string())
        .set("room", room)
        .set("total", money(o.total_incl_tax.minor()));
    Ok(if min == max {
        cx.say
            .t("offers.line", &vars.set("per_night", money(min)))?
    } else {
        cx.say.t(
            "offers.line_varying",
            &vars
                .set("min_night", money(min))
                .set("max_night", money(max)),
        )?
    })
}

/// The same stay moved by up to three days either way, nearest first.
async fn nearby(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    stay: StayDates,
    rooms: &[Occupancy],
) -> Result<(), DialogueError> {
    let mut found = Vec::new();
    for delta in [1i64, -1, 2, -2, 3, -3] {
        let checkin = if delta > 0 {
            stay.checkin()
                .checked_add_days(Days::new(delta.unsigned_abs()))
        } else {
            stay.checkin()
                .checked_sub_days(Days::new(delta.unsigned_abs()))
        };
        let Some(checkin) = checkin.filter(|d| *d >= cx.today) else {
            continue;
        };
        let Ok(alt) = StayDates::from_nights(checkin, stay.nights()) else {
            continue;
        };
        let Ok(q) = cx
            .deps
            .pms
            .quote(&QuoteRequest {
                stay: alt,
                rooms: rooms.to_vec(),
                room_type: None,
            })
            .await
        else {
            continue;
        };
        if let Some(best) = q
            .offers
            .iter()
            .filter(|o| o.can_take(rooms.len()))
            .min_by_key(|o| o.total_incl_tax.minor())
        {
            found.push((alt, best.clone()));
        }
        if found.len() == 3 {
            break;
        }
    }
    st.step = Step::AskDates;
    if found.is_empty() {
        let t = cx.say.plain("offers.nothing_near")?;
        cx.push(t);
        return Ok(());
    }
    found.sort_by_key(|(s, _)| s.checkin());
    let mut text = cx.say.plain("offers.other_dates")?;
    for (alt, o) in &found {
        let line = cx.say.t(
            "offers.other_dates_line",
            &Vars::new()
                .set("stay", cx.say.stay(alt.checkin(), alt.checkout())?)
                .set(
                    "room",
                    o.name.get(cx.say.lang).unwrap_or(o.room_type.as_str()),
                )
                .set("total", cx.say.amount(&o.total_incl_tax)),
        )?;
        text.push('\n');
        text.push_str(&line);
    }
    cx.push(text);
    // The guest answers with new dates; keep who is coming.
    st.draft.checkin = None;
    st.draft.checkout = None;
    st.draft.nights = Some(stay.nights());
    Ok(())
}
