//! Booking: pick an offer, give a name and an email, hear everything read
//! back, say yes — then the room is held and booked once, whatever happens.

use super::availability::{rooms_of, stay_of};
use super::{Cx, handoff};
use crate::domain::{Email, RoomTypeId};
use crate::engine::dialogue::booking_key::booking_key;
use crate::engine::dialogue::confirm::{ConfirmError, confirm_booking};
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, HandoffReason, Step};
use crate::engine::replies::Vars;
use crate::ports::pms::{BookingRequest, GuestContact, QuoteRequest};

pub async fn choose(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    index: usize,
) -> Result<(), DialogueError> {
    let Some(offer) = st.offers.get(index).cloned() else {
        let t = cx.say.plain("ask.choose")?;
        cx.push(t);
        st.step = Step::ChooseOffer;
        return Ok(());
    };
    st.chosen = Some(offer.room_type);
    next(cx, st).await
}

/// Asks for what is still missing, else reads everything back.
pub async fn next(cx: &mut Cx<'_>, st: &mut DialogueState) -> Result<(), DialogueError> {
    if st.name.is_none() {
        let t = cx.say.plain("ask.name")?;
        cx.push(t);
        st.step = Step::AskName;
    } else if st.email.is_none() {
        let t = cx.say.plain("ask.email")?;
        cx.push(t);
        st.step = Step::AskEmail;
    } else {
        read_back(cx, st).await?;
    }
    Ok(())
}

/// A name as guests type it: two to five words of letters.
pub fn plausible_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let ok = (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
        });
    ok.then(|| words.join(" "))
}

fn split_name(full: &str) -> (String, String) {
    match full.split_once(' ') {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (full.to_string(), full.to_string()),
    }
}

/// Quotes the chosen room again, so the total read back is what will be charged.
async fn read_back(cx: &mut Cx<'_>, st: &mut DialogueState) -> Result<(), DialogueError> {
    let (Some(Ok(stay)), Some(rooms), Some(chosen)) =
        (stay_of(&st.draft), rooms_of(&st.draft), st.chosen.clone())
    else {
        st.step = Step::AskDates;
        let t = cx.say.plain("ask.dates")?;
        cx.push(t);
        return Ok(());
    };
    let room_type = RoomTypeId::parse(&chosen).ok();
    let quote = cx
        .deps
        .pms
        .quote(&QuoteRequest {
            stay,
            rooms: rooms.clone(),
            room_type: room_type.clone(),
        })
        .await;
    let offer = match quote {
        Ok(q) => q
            .offers
            .into_iter()
            .find(|o| Some(&o.room_type) == room_type.as_ref() && o.can_take(rooms.len())),
        Err(e) if e.is_outage() => {
            cx.staff_notes
                .push(format!("PMS unavailable before a booking: {e}"));
            return handoff::hand_off(cx, st, HandoffReason::PmsDown).await;
        }
        Err(_) => None,
    };
    let Some(offer) = offer else {
        // The chosen room no longer fits (a correction to the party or the
        // dates) or is gone: show what there is for the stay as it now stands.
        st.chosen = None;
        // Boxed: availability → choose → read back → availability is a cycle.
        return Box::pin(super::availability::run(cx, st, &empty_parse(cx), false)).await;
    };
    let f = cx.say.fmt();
    let text = cx.say.t(
        "booking.readback",
        &Vars::new()
            .set(
                "room",
                offer.name.get(cx.say.lang).unwrap_or(chosen.as_str()),
            )
            .set("checkin", f.long_date(stay.checkin())?)
            .set("checkout", f.long_date(stay.checkout())?)
            .set("nights", cx.say.nights(stay.nights())?)
            .set("guests", cx.say.party(&rooms)?)
            .set("name", st.name.clone().unwrap_or_default())
            .set("email", st.email.clone().unwrap_or_default())
            .set("total", cx.say.amount(&offer.total_incl_tax)),
    )?;
    cx.ask_yes_no(text)?;
    st.step = Step::ConfirmBooking;
    Ok(())
}

fn empty_parse(cx: &Cx<'_>) -> crate::engine::nlu::Parse {
    crate::engine::nlu::Parse {
        language: cx.say.lang,
        language_confidence: 1.0,
        language_source: crate::engine::nlu::LanguageSource::Given,
        intents: Vec::new(),
        entities: Vec::new(),
        slots: Default::default(),
        debug: None,
    }
}

/// The guest said yes: hold, book with the derived idempotency key, release.
pub async fn confirm(cx: &mut Cx<'_>, st: &mut DialogueState) -> Result<(), DialogueError> {
    let (Some(Ok(stay)), Some(rooms), Some(chosen), Some(name), Some(email)) = (
        stay_of(&st.draft),
        rooms_of(&st.draft),
        st.chosen.clone(),
        st.name.clone(),
        st.email.clone(),
    ) else {
        return next(cx, st).await;
    };
    let (Ok(room_type), Ok(email_v)) = (RoomTypeId::parse(&chosen), Email::parse(&email)) else {
        st.email = None;
        return next(cx, st).await;
    };
    let (first_name, last_name) = split_name(&name);
    let request = BookingRequest {
        reference: booking_key(
            cx.conversation,
            &chosen,
            &stay.checkin().to_string(),
            &stay.checkout().to_string(),
            &rooms
                .iter()
                .map(|o| format!("{}a{}c", o.adults(), o.children()))
                .collect::<Vec<_>>()
                .join(","),
            &email,
        ),
        room_type,
        stay,
        rooms: rooms.clone(),
        guest: GuestContact {
            first_name,
            last_name,
            email: email_v,
            phone: cx.guest_phone.cloned(),
        },
    };
    let outcome = confirm_booking(
        cx.deps.pms.as_ref(),
        cx.deps.locks.as_ref(),
        &cx.deps.profile.property,
        &request,
        cx.deps.profile.hold_ttl,
    )
    .await;
    match outcome {
        Ok(booking) => {
            let info = cx.deps.pms.hotel_info().await.ok().map(|f| f.value);
            let checkin_time = info
                .and_then(|i| i.checkin_time)
                .map(|t| cx.say.fmt().time(t))
                .unwrap_or_default();
            let text = cx.say.t(
                "booking.confirmed",
                &Vars::new()
                    .set("reference", booking.reference.as_str())
                    .set("checkin", cx.say.fmt().long_date(stay.checkin())?)
                    .set("checkin_time", checkin_time),
            )?;
            cx.push(text);
            cx.staff_notes.push(format!(
                "Booking {} made by the bot ({}, {} to {}).",
                booking.reference,
                chosen,
                stay.checkin(),
                stay.checkout()
            ));
            if !st.made.contains(&booking.reference.as_str().to_string()) {
                st.made.push(booking.reference.as_str().to_string());
            }
            cx.bookings.push(booking);
            st.reset_flow();
            Ok(())
        }
        Err(ConfirmError::JustTaken { alternatives }) => {
            let mut text = cx.say.plain("booking.just_taken")?;
            if alternatives.is_empty() {
                cx.push(text);
                st.reset_flow();
                return Ok(());
            }
            text.push('\n');
            text.push_str(&cx.say.plain("booking.just_taken_alternatives")?);
            st.offers = alternatives
                .iter()
                .map(|o| super::availability::view(cx, o))
                .collect();
            for (i, o) in st.offers.iter().enumerate() {
                text.push_str(&format!(
                    "\n{}. {} — {}",
                    i + 1,
                    o.name,
                    cx.say.money(o.total_minor, &o.currency)
                ));
            }
            text.push('\n');
            text.push_str(&cx.say.plain("ask.choose")?);
            cx.push(text);
            st.chosen = None;
            st.step = Step::ChooseOffer;
            Ok(())
        }
        Err(e) => {
            // The outcome is unknown (or refused): tell the truth, alert staff;
            // the same key makes any retry of this request book at most once.
            cx.staff_notes.push(format!(
                "Booking not confirmed ({e}); idempotency key {} for {} {} to {}: check the PMS before rebooking.",
                request.reference, chosen, stay.checkin(), stay.checkout()
            ));
            handoff::hand_off(cx, st, HandoffReason::BookingFailed).await
        }
    }
}
