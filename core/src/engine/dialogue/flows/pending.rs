//! The answer to the question we asked last: consumed on the next message,
//! with corrections ("no, mejor 3 adultos") folded in wherever they come.

use super::{Cx, availability, booking, handoff, manage};
use crate::domain::{BookingRef, Email};
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, HandoffReason, ManagePurpose, Step};
use crate::engine::nlu::{Intent, Parse};
use crate::engine::replies::Vars;

/// Ordinals guests use to pick from a list we showed.
const ORDINALS: [&[&str]; 3] = [
    &["primera", "primero", "first", "primeira", "primeiro"],
    &["segunda", "segundo", "second"],
    &["tercera", "tercero", "third", "terceira", "terceiro"],
];

fn picked_index(text: &str, parse: &Parse, st: &DialogueState) -> Option<usize> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if let [w] = words.as_slice() {
        if let Ok(n) = w.parse::<usize>() {
            return (1..=st.offers.len()).contains(&n).then(|| n - 1);
        }
    }
    if let Some(rt) = &parse.slots.room_type {
        if let Some(i) = st.offers.iter().position(|o| &o.room_type == rt) {
            return Some(i);
        }
    }
    if let Some(i) = ORDINALS
        .iter()
        .position(|forms| words.iter().any(|w| forms.contains(w)))
    {
        return (i < st.offers.len()).then_some(i);
    }
    // "la 2", "opción 2", "number 2"
    words
        .iter()
        .filter_map(|w| w.parse::<usize>().ok())
        .find(|n| (1..=st.offers.len()).contains(n))
        .map(|n| n - 1)
}

/// Ways guests drop what they were doing; the understanding layer reads them
/// as a weak yes or no, so the booking flow checks for them itself.
const ABANDON: &[&str] = &[
    "olvidalo",
    "olvídalo",
    "olvidate",
    "olvídate",
    "dejalo",
    "déjalo",
    "dejá",
    "deja nomas",
    "no importa",
    "forget it",
    "never mind",
    "nevermind",
    "cancel that",
    "esquece",
    "esqueça",
    "deixa pra lá",
    "deixa para lá",
    "deixa quieto",
];

fn abandons(text: &str) -> bool {
    let t = text.to_lowercase();
    ABANDON.iter().any(|a| t.contains(a))
}

pub fn in_booking_flow(step: &Step) -> bool {
    matches!(
        step,
        Step::AskDates
            | Step::AskCheckout
            | Step::AskGuests
            | Step::ChooseOffer
            | Step::AskName
            | Step::AskEmail
            | Step::ConfirmBooking
    )
}

/// Returns whether the message answered the pending question.
pub async fn answer(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    sure: &[Intent],
) -> Result<bool, DialogueError> {
    let has = |i: Intent| sure.contains(&i);
    // "olvidalo", "cancel", "no quiero reservar": drop the booking being built.
    if in_booking_flow(&st.step)
        && (has(Intent::CancelBooking)
            || abandons(cx.text)
            || (has(Intent::Deny)
                && st.step != Step::ConfirmBooking
                && !availability::has_stay_slots(&parse.slots)))
    {
        st.reset_flow();
        let t = cx.say.plain("booking.abandoned")?;
        cx.push(t);
        return Ok(true);
    }
    let corrected = availability::has_stay_slots(&parse.slots);
    match st.step.clone() {
        Step::AskDates | Step::AskCheckout | Step::AskGuests => {
            if !corrected {
                return Ok(false);
            }
            availability::run(cx, st, parse, false).await?;
        }
        Step::ChooseOffer => {
            if let Some(i) = picked_index(cx.text, parse, st) {
                booking::choose(cx, st, i).await?;
            } else if corrected {
                availability::run(cx, st, parse, false).await?;
            } else {
                return Ok(false);
            }
        }
        Step::AskName => {
            let name = parse
                .slots
                .name
                .clone()
                .or_else(|| booking::plausible_name(cx.text));
            let Some(name) = name else { return Ok(false) };
            st.name = Some(name);
            if let Some(e) = parse
                .slots
                .email
                .as_deref()
                .and_then(|e| Email::parse(e).ok())
            {
                st.email = Some(e.as_str().to_string());
            }
            booking::next(cx, st).await?;
        }
        Step::AskEmail => {
            match parse
                .slots
                .email
                .as_deref()
                .or_else(|| cx.text.split_whitespace().find(|w| w.contains('@')))
                .map(Email::parse)
            {
                Some(Ok(e)) => {
                    st.email = Some(e.as_str().to_string());
                    booking::next(cx, st).await?;
                }
                Some(Err(_)) => {
                    let t = cx.say.plain("ask.email")?;
                    cx.push(t);
                }
                None => return Ok(false),
            }
        }
        Step::ConfirmBooking => {
            if corrected {
                let t = cx.say.plain("booking.changed")?;
                cx.push(t);
                let slots = availability::slots_for(&st.draft, parse);
                availability::merge(&mut st.draft, &slots);
                if let Some(rt) = parse.slots.room_type.clone() {
                    st.chosen = Some(rt);
                }
                booking::next(cx, st).await?;
            } else if let Some(e) = parse
                .slots
                .email
                .as_deref()
                .and_then(|e| Email::parse(e).ok())
            {
                st.email = Some(e.as_str().to_string());
                booking::next(cx, st).await?;
            } else if has(Intent::Affirm) {
                booking::confirm(cx, st).await?;
            } else if has(Intent::Deny) {
                let t = cx.say.plain("booking.ask_confirm_again")?;
                cx.push(t);
            } else {
                return Ok(false);
            }
        }
        Step::AskBookingRef { purpose } => {
            let by_ref = parse.slots.booking_ref.is_some() || parse.slots.email.is_some();
            let bare = cx.text.trim();
            if !by_ref && !bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Ok(false);
            }
            if !by_ref {
                // A bare token is the reference itself ("A1B2C3").
                st.booking_ref = BookingRef::parse(bare).ok().map(|r| r.as_str().to_string());
            }
            manage::start(cx, st, parse, purpose).await?;
        }
        Step::AskModification => {
            if !corrected {
                return Ok(false);
            }
            let mut change = st.pending_change.clone().unwrap_or_default();
            let slots = availability::slots_for(&change, parse);
            availability::merge(&mut change, &slots);
            let r = st
                .booking_ref
                .clone()
                .and_then(|r| BookingRef::parse(&r).ok());
            match r {
                Some(r) => match cx.deps.pms.get_booking(&r).await {
                    Ok(b) => manage::propose(cx, st, &b, change).await?,
                    Err(_) => {
                        return handoff::hand_off(cx, st, HandoffReason::PmsDown)
                            .await
                            .map(|()| true);
                    }
                },
                None => manage::start(cx, st, parse, ManagePurpose::Modify).await?,
            }
        }
        // "no, cancelar" to a late check-out offer drops the request, not the booking.
        Step::ConfirmLate { .. }
            if !has(Intent::Affirm)
                && (has(Intent::Deny) || has(Intent::CancelBooking) || abandons(cx.text)) =>
        {
            yes_or_no(cx, st, false).await?;
        }
        Step::ConfirmCancel
        | Step::ConfirmModify
        | Step::ConfirmLate { .. }
        | Step::OfferHandoff => {
            if has(Intent::Affirm) {
                yes_or_no(cx, st, true).await?;
            } else if has(Intent::Deny) {
                yes_or_no(cx, st, false).await?;
            } else {
                return Ok(false);
            }
        }
        Step::Idle => return Ok(false),
    }
    Ok(true)
}

pub async fn yes_or_no(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    yes: bool,
) -> Result<(), DialogueError> {
    match (&st.step, yes) {
        (Step::ConfirmBooking, true) => booking::confirm(cx, st).await,
        (Step::ConfirmBooking, false) => {
            let t = cx.say.plain("booking.ask_confirm_again")?;
            cx.push(t);
            Ok(())
        }
        (Step::ConfirmCancel | Step::ConfirmModify | Step::ConfirmLate { .. }, true) => {
            manage::confirmed(cx, st).await
        }
        (Step::ConfirmLate { .. }, false) => {
            st.step = Step::Idle;
            let reference = st.booking_ref.clone().unwrap_or_default();
            let t = cx.say.t(
                "late.declined",
                &Vars::new().set("reference", reference.as_str()),
            )?;
            cx.push(t);
            cx.staff_notes.push(format!(
                "The guest declined the late check-out / early check-in offered for booking {reference}."
            ));
            Ok(())
        }
        (Step::ConfirmCancel | Step::ConfirmModify, false) => {
            st.step = Step::Idle;
            st.pending_change = None;
            let t = cx.say.plain("manage.kept")?;
            cx.push(t);
            Ok(())
        }
        (Step::OfferHandoff, true) => handoff::hand_off(cx, st, HandoffReason::InfoMissing).await,
        _ => {
            st.step = Step::Idle;
            let t = cx.say.plain("social.acknowledge")?;
            cx.push(t);
            Ok(())
        }
    }
}

/// After answering a side question mid-flow, ask the pending question again.
pub async fn ask_again(cx: &mut Cx<'_>, st: &mut DialogueState) -> Result<(), DialogueError> {
    let key = match st.step {
        Step::AskDates => "ask.dates",
        Step::AskCheckout => "ask.checkout",
        Step::AskGuests => "ask.guests",
        Step::ChooseOffer => "ask.choose",
        Step::AskName => "ask.name",
        Step::AskEmail => "ask.email",
        Step::ConfirmBooking => "booking.ask_confirm_again",
        Step::AskBookingRef { .. } => "ask.booking_ref",
        Step::AskModification => "manage.modify_ask",
        Step::Idle
        | Step::ConfirmCancel
        | Step::ConfirmModify
        | Step::ConfirmLate { .. }
        | Step::OfferHandoff => return Ok(()),
    };
    let t = cx.say.plain(key)?;
    cx.push(t);
    Ok(())
}
