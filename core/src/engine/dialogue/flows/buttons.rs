//! Taps on the buttons we sent. Their ids come back as the message text.

use super::{Cx, availability, booking, handoff, info, pending};
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, HandoffReason};
use crate::engine::nlu::Parse;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressed {
    Yes,
    No,
    Offer(usize),
    Availability,
    Info,
    Human,
}

pub fn pressed(text: &str) -> Option<Pressed> {
    match text.trim() {
        "yes" => Some(Pressed::Yes),
        "no" => Some(Pressed::No),
        "menu:availability" => Some(Pressed::Availability),
        "menu:info" => Some(Pressed::Info),
        "menu:human" => Some(Pressed::Human),
        t => t
            .strip_prefix("offer:")
            .and_then(|n| n.parse().ok())
            .map(Pressed::Offer),
    }
}

pub async fn handle(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    b: Pressed,
) -> Result<(), DialogueError> {
    match b {
        Pressed::Yes => pending::yes_or_no(cx, st, true).await,
        Pressed::No => pending::yes_or_no(cx, st, false).await,
        Pressed::Offer(n) => booking::choose(cx, st, n.saturating_sub(1)).await,
        Pressed::Availability => availability::run(cx, st, parse, false).await,
        Pressed::Info => info::overview(cx).await,
        Pressed::Human => handoff::hand_off(cx, st, HandoffReason::Requested).await,
    }
}
