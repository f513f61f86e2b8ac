//! Passing the conversation to a person: tell the guest when to expect an
//! answer (computed from the business hours), and stop the bot.

use super::Cx;
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, HandoffReason};
use crate::engine::replies::Vars;

pub async fn hand_off(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    reason: HandoffReason,
) -> Result<(), DialogueError> {
    let hours = &cx.deps.hours.current().await?;
    let open = hours.is_open(cx.now);
    let next = hours.next_opening(cx.now);
    let opening = cx.say.fmt().opening(next.as_ref())?;
    let text = match reason {
        HandoffReason::Urgent => {
            let phone = cx
                .deps
                .pms
                .hotel_info()
                .await
                .ok()
                .and_then(|f| f.value.phone)
                .unwrap_or_default();
            cx.say
                .t("handoff.urgent", &Vars::new().set("phone", phone))?
        }
        HandoffReason::Complaint if open => cx.say.plain("handoff.complaint")?,
        HandoffReason::PmsDown => cx
            .say
            .t("handoff.pms_down", &Vars::new().set("opening", opening))?,
        HandoffReason::BookingFailed => cx
            .say
            .t("booking.failed", &Vars::new().set("opening", opening))?,
        _ if open => cx.say.plain("handoff.now")?,
        // The desk's hours on the day it reopens, so the guest knows the
        // schedule and not only the next start (legacy §13.2 case 12).
        _ => match next {
            Some(o) => {
                let desk = cx.say.fmt().ranges(hours.ranges_on(o.at.date_naive()));
                let vars = Vars::new().set("opening", opening).set("hours", desk);
                cx.say.t("handoff.after_hours", &vars)?
            }
            None => cx.say.t(
                "handoff.after_hours_unknown",
                &Vars::new().set("opening", opening),
            )?,
        },
    };
    cx.push(text);
    st.hand_off(reason, cx.now);
    cx.handoff = Some(reason);
    Ok(())
}
