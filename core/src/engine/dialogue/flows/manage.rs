//! An existing booking: find it (reference, email, or the guest's phone),
//! show it, and cancel it, change it, or add a late check-out / early check-in
//! — each only after the guest confirms.

use super::availability::{merge, rooms_of};
use super::{Cx, handoff};
use crate::domain::{BookingRef, Email, Occupancy, StayDates, Topic};
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, Draft, HandoffReason, ManagePurpose, Step};
use crate::engine::nlu::Parse;
use crate::engine::replies::Vars;
use crate::ports::pms::{Booking, BookingChange, GuestLookup, PmsError, QuoteRequest};
use chrono::Days;

pub async fn start(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    purpose: ManagePurpose,
) -> Result<(), DialogueError> {
    match find(cx, st, parse).await {
        Ok(Some(b)) => act(cx, st, parse, purpose, b).await,
        Ok(None) => {
            // A reference or email the guest gave (named, or typed bare in
            // answer to our question) that matches nothing: say so.
            let given = parse.slots.booking_ref.is_some()
                || parse.slots.email.is_some()
                || matches!(st.step, Step::AskBookingRef { .. });
            let key = if given {
                "manage.not_found"
            } else {
                "ask.booking_ref"
            };
            let t = cx.say.plain(key)?;
            cx.push(t);
            st.step = Step::AskBookingRef { purpose };
            Ok(())
        }
        Err(e) => {
            cx.staff_notes
                .push(format!("PMS unavailable while looking up a booking: {e}"));
            handoff::hand_off(cx, st, HandoffReason::PmsDown).await
        }
    }
}

/// The booking the guest means: the reference they gave, else their newest
/// active booking by the email they gave or the phone they write from.
async fn find(
    cx: &Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
) -> Result<Option<Booking>, PmsError> {
    let pms = &cx.deps.pms;
    let by_ref = parse
        .slots
        .booking_ref
        .clone()
        .or_else(|| st.booking_ref.clone())
        .or_else(|| st.made.last().cloned());
    if let Some(r) = by_ref.and_then(|r| BookingRef::parse(&r).ok()) {
        match pms.get_booking(&r).await {
            Ok(b) => {
                st.booking_ref = Some(b.reference.as_str().to_string());
                return Ok(Some(b));
            }
            Err(PmsError::NotFound(_)) => {}
            Err(e) if e.is_outage() => return Err(e),
            Err(_) => {}
        }
    }
    let caps = pms.capabilities();
    let mut lookups = Vec::new();
    if let Some(e) = parse
        .slots
        .email
        .as_deref()
        .and_then(|e| Email::parse(e).ok())
    {
        if caps.find_by_email {
            lookups.push(GuestLookup::Email(e));
        }
    }
    if let (Some(p), true) = (cx.guest_phone, caps.find_by_phone) {
        lookups.push(GuestLookup::Phone(p.clone()));
    }
    for l in lookups {
        match pms.find_bookings(&l).await {
            Ok(list) => {
                if let Some(b) = list.into_iter().find(|b| b.status.is_active()) {
                    st.booking_ref = Some(b.reference.as_str().to_string());
                    return Ok(Some(b));
                }
            }
            Err(e) if e.is_outage() => return Err(e),
            Err(_) => {}
        }
    }
    Ok(None)
}

async fn describe(cx: &Cx<'_>, b: &Booking) -> Result<String, DialogueError> {
    let f = cx.say.fmt();
    let room = match cx.deps.pms.room_types().await {
        Ok(types) => types
            .value
            .iter()
            .find(|t| t.id == b.room_type)
            .and_then(|t| t.name.get(cx.say.lang).map(String::from))
            .unwrap_or_else(|| b.room_type.as_str().to_string()),
        Err(_) => b.room_type.as_str().to_string(),
    };
    let status = match b.status {
        crate::domain::BookingStatus::Confirmed => "manage.status_active",
        crate::domain::BookingStatus::Cancelled => "manage.status_cancelled",
        crate::domain::BookingStatus::Pending => "manage.status_other",
    };
    Ok(cx.say.t(
        "manage.found",
        &Vars::new()
            .set("reference", b.reference.as_str())
            .set("room", room)
            .set("checkin", f.long_date(b.stay.checkin())?)
            .set("checkout", f.long_date(b.stay.checkout())?)
            .set("guests", cx.say.party(&b.rooms)?)
            .set("total", cx.say.amount(&b.total_incl_tax))
            .set("status", cx.say.plain(status)?),
    )?)
}

async fn act(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    purpose: ManagePurpose,
    b: Booking,
) -> Result<(), DialogueError> {
    let summary = describe(cx, &b).await?;
    match purpose {
        ManagePurpose::Status => {
            cx.push(summary);
            st.step = Step::Idle;
        }
        ManagePurpose::Cancel => {
            cx.push(summary);
            if let Some(policy) = cx
                .deps
                .knowledge
                .topic(Topic::CancellationPolicy, cx.say.lang)
                .await?
            {
                let t = cx.say.t(
                    "manage.cancel_policy",
                    &Vars::new().set("policy", policy.text),
                )?;
                cx.push(t);
            }
            let q = cx.say.t(
                "manage.cancel_confirm",
                &Vars::new().set("reference", b.reference.as_str()),
            )?;
            cx.ask_yes_no(q)?;
            st.step = Step::ConfirmCancel;
        }
        ManagePurpose::Modify => {
            cx.push(summary);
            let mut change = Draft {
                checkin: Some(b.stay.checkin()),
                checkout: Some(b.stay.checkout()),
                adults: Some(b.rooms.iter().map(Occupancy::adults).sum()),
                children: u8::try_from(b.rooms.iter().map(Occupancy::children).sum::<usize>()).ok(),
                rooms: u32::try_from(b.rooms.len()).ok(),
                ..Draft::default()
            };
            let slots = super::availability::slots_for(&change, parse);
            if merge(&mut change, &slots) {
                return propose(cx, st, &b, change).await;
            }
            st.pending_change = Some(change);
            let t = cx.say.plain("manage.modify_ask")?;
            cx.push(t);
            st.step = Step::AskModification;
        }
        ManagePurpose::LateCheckout | ManagePurpose::EarlyCheckin => {
            late(cx, st, purpose, &b).await?
        }
    }
    Ok(())
}

/// New dates/guests for the booking: quote the same room type, then ask.
pub async fn propose(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    b: &Booking,
    change: Draft,
) -> Result<(), DialogueError> {
    let stay = super::availability::stay_of(&change).and_then(Result::ok);
    let rooms = rooms_of(&change);
    let (Some(stay), Some(rooms)) = (stay, rooms) else {
        let t = cx.say.plain("manage.modify_ask")?;
        cx.push(t);
        st.pending_change = Some(change);
        st.step = Step::AskModification;
        return Ok(());
    };
    let quote = cx
        .deps
        .pms
        .quote(&QuoteRequest {
            stay,
            rooms: rooms.clone(),
            room_type: Some(b.room_type.clone()),
        })
        .await;
    let offer = match quote {
        Ok(q) => q
            .offers
            .into_iter()
            .find(|o| o.room_type == b.room_type && o.can_take(rooms.len())),
        Err(e) if e.is_outage() => return handoff::hand_off(cx, st, HandoffReason::PmsDown).await,
        Err(_) => None,
    };
    let Some(offer) = offer else {
        let t = cx.say.plain("manage.modify_unavailable")?;
        cx.push(t);
        st.pending_change = None;
        st.step = Step::Idle;
        return Ok(());
    };
    let f = cx.say.fmt();
    let q = cx.say.t(
        "manage.modify_confirm",
        &Vars::new()
            .set("checkin", f.long_date(stay.checkin())?)
            .set("checkout", f.long_date(stay.checkout())?)
            .set("guests", cx.say.party(&rooms)?)
            .set("total", cx.say.amount(&offer.total_incl_tax)),
    )?;
    cx.ask_yes_no(q)?;
    st.pending_change = Some(change);
    st.step = Step::ConfirmModify;
    Ok(())
}

/// Late check-out: the booking's room type must be free the night after it
/// ends (early check-in: the night before it starts) for someone to stay on.
async fn late(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    purpose: ManagePurpose,
    b: &Booking,
) -> Result<(), DialogueError> {
    let night = if purpose == ManagePurpose::LateCheckout {
        Some(b.stay.checkout())
    } else {
        b.stay.checkin().checked_sub_days(Days::new(1))
    };
    let Some(stay) = night.and_then(|n| StayDates::from_nights(n, 1).ok()) else {
        return Ok(());
    };
    let quote = cx
        .deps
        .pms
        .quote(&QuoteRequest {
            stay,
            rooms: b.rooms.clone(),
            room_type: Some(b.room_type.clone()),
        })
        .await;
    let offer = match quote {
        Ok(q) => q
            .offers
            .into_iter()
            .find(|o| o.room_type == b.room_type && o.available > 0),
        Err(e) if e.is_outage() => return handoff::hand_off(cx, st, HandoffReason::PmsDown).await,
        Err(_) => None,
    };
    let Some(offer) = offer else {
        let t = cx.say.plain("late.unavailable")?;
        cx.push(t);
        cx.staff_notes.push(format!(
            "{purpose:?} requested for booking {}: no room free that night; asked staff to check.",
            b.reference
        ));
        st.step = Step::Idle;
        return Ok(());
    };
    let fee = offer
        .total_incl_tax
        .basis_points(cx.deps.profile.late_fee_percent * 100);
    let fee_text = cx.say.amount(&fee);
    // A hotel that charges nothing says so instead of "for US$ 0".
    let free = fee.minor() == 0;
    let text = if purpose == ManagePurpose::LateCheckout {
        let key = if free {
            "late.late_offer_free"
        } else {
            "late.late_offer"
        };
        let until = cx.say.fmt().time(cx.deps.profile.late_checkout_until);
        cx.say
            .t(key, &Vars::new().set("until", until).set("fee", fee_text))?
    } else {
        let key = if free {
            "late.early_offer_free"
        } else {
            "late.early_offer"
        };
        let from = cx.say.fmt().time(cx.deps.profile.early_checkin_from);
        cx.say
            .t(key, &Vars::new().set("from", from).set("fee", fee_text))?
    };
    cx.ask_yes_no(text)?;
    st.step = Step::ConfirmLate { purpose };
    Ok(())
}

/// The guest confirmed a cancel, change or late/early request.
pub async fn confirmed(cx: &mut Cx<'_>, st: &mut DialogueState) -> Result<(), DialogueError> {
    let Some(r) = st
        .booking_ref
        .clone()
        .and_then(|r| BookingRef::parse(&r).ok())
    else {
        st.step = Step::Idle;
        return Ok(());
    };
    let step = std::mem::take(&mut st.step);
    match step {
        Step::ConfirmCancel => match cx.deps.pms.cancel_booking(&r).await {
            Ok(b) => {
                let t = cx.say.t(
                    "manage.cancelled",
                    &Vars::new().set("reference", b.reference.as_str()),
                )?;
                cx.push(t);
                cx.staff_notes.push(format!(
                    "Booking {} cancelled by the guest through the bot.",
                    b.reference
                ));
            }
            Err(e) => {
                cx.staff_notes.push(format!("Cancelling {r} failed: {e}"));
                return handoff::hand_off(cx, st, HandoffReason::PmsDown).await;
            }
        },
        Step::ConfirmModify => {
            let change = st.pending_change.take().unwrap_or_default();
            let request = BookingChange {
                stay: super::availability::stay_of(&change).and_then(Result::ok),
                rooms: rooms_of(&change),
            };
            match cx.deps.pms.modify_booking(&r, &request).await {
                Ok(b) => {
                    let f = cx.say.fmt();
                    let t = cx.say.t(
                        "manage.modified",
                        &Vars::new()
                            .set("reference", b.reference.as_str())
                            .set("checkin", f.long_date(b.stay.checkin())?)
                            .set("checkout", f.long_date(b.stay.checkout())?)
                            .set("total", cx.say.amount(&b.total_incl_tax)),
                    )?;
                    cx.push(t);
                    cx.staff_notes.push(format!(
                        "Booking {} changed by the guest through the bot.",
                        b.reference
                    ));
                }
                Err(PmsError::NotAvailable(_)) => {
                    let t = cx.say.plain("manage.modify_unavailable")?;
                    cx.push(t);
                }
                Err(e) => {
                    cx.staff_notes.push(format!("Changing {r} failed: {e}"));
                    return handoff::hand_off(cx, st, HandoffReason::PmsDown).await;
                }
            }
        }
        Step::ConfirmLate { purpose } => {
            let t = cx
                .say
                .t("late.recorded", &Vars::new().set("reference", r.as_str()))?;
            cx.push(t);
            // Recorded in Conserje: the caller stores staff notes with the conversation.
            cx.staff_notes.push(format!(
                "{purpose:?} confirmed for booking {r}; add the fee to the bill."
            ));
        }
        _ => {}
    }
    Ok(())
}
