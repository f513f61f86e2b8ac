//! One guest message in, the replies out: understand it, answer what was asked
//! in the order it was asked, keep the pending question, and hand off when a
//! person should take over.

use super::deps::Deps;
use super::flows::{self, Cx};
use super::reply::Reply;
use super::say::Say;
use super::state::{ConversationMode, DialogueState, HandoffReason, Step};
use crate::domain::PhoneE164;
use crate::engine::nlu::{DateOrder, Intent, Nlu, NluContext, NluError, Parse, RoomTypeDef};
use crate::engine::replies::{Catalog, CatalogError};
use crate::ports::knowledge::KnowledgeError;
use serde::Serialize;

/// Below this the classifier's guess is not acted on: better one clarifying
/// question than a confident wrong answer.
pub(super) const MIN_CONFIDENCE: f32 = 0.45;

#[derive(Debug, thiserror::Error)]
pub enum DialogueError {
    #[error("reply templates: {0}")]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error("understanding: {0}")]
    Nlu(#[from] NluError),
    #[error(transparent)]
    Hours(#[from] crate::ports::hours::HoursReadError),
}

/// What one guest message produced.
#[derive(Debug, Clone, Serialize)]
pub struct Turn {
    pub replies: Vec<Reply>,
    /// Set when this message moved the conversation to staff.
    pub handoff: Option<HandoffReason>,
    /// Things staff should see (a late check-out request, a failed booking).
    pub staff_notes: Vec<String>,
    /// The understanding of the message, for the dashboard and `--debug`.
    pub parse: Option<Parse>,
    /// Bookings made in the PMS in this turn.
    #[serde(skip)]
    pub bookings: Vec<crate::ports::pms::Booking>,
}

pub struct Receptionist {
    deps: Deps,
    nlu: &'static Nlu,
    catalog: &'static Catalog,
}

impl Receptionist {
    pub fn new(deps: Deps) -> Result<Self, DialogueError> {
        let catalog = Catalog::builtin().map_err(|e| DialogueError::Catalog(e.clone()))?;
        Ok(Self {
            deps,
            nlu: Nlu::shared()?,
            catalog,
        })
    }

    /// A fixed message in the conversation's language (or the hotel's).
    pub fn render_plain(
        &self,
        lang: Option<crate::domain::Language>,
        key: &str,
    ) -> Result<String, CatalogError> {
        let lang = lang.unwrap_or(self.deps.profile.default_language);
        Say {
            catalog: self.catalog,
            lang,
        }
        .plain(key)
    }

    /// A message with placeholders in the conversation's language (or the hotel's).
    pub fn render(
        &self,
        lang: Option<crate::domain::Language>,
        key: &str,
        vars: &crate::engine::replies::Vars,
    ) -> Result<String, CatalogError> {
        let lang = lang.unwrap_or(self.deps.profile.default_language);
        Say {
            catalog: self.catalog,
            lang,
        }
        .t(key, vars)
    }

    pub fn deps(&self) -> &Deps {
        &self.deps
    }

    /// Handles one message. `conversation` identifies the conversation (for the
    /// booking idempotency key); `guest_phone` is the WhatsApp number, used to
    /// find the guest's bookings.
    pub async fn turn(
        &self,
        conversation: &str,
        state: &mut DialogueState,
        text: &str,
        guest_phone: Option<&PhoneE164>,
    ) -> Result<Turn, DialogueError> {
        let now = self.deps.clock.now();
        if state.mode == ConversationMode::Human {
            let idle = state
                .human_since
                .is_some_and(|t| now - t >= self.deps.profile.human_idle_return);
            if !idle {
                // Staff are on it: the bot says nothing at all.
                return Ok(Turn {
                    replies: Vec::new(),
                    handoff: None,
                    staff_notes: Vec::new(),
                    parse: None,
                    bookings: Vec::new(),
                });
            }
            state.hand_back();
        }

        let today = now.with_timezone(&self.deps.profile.tz).date_naive();
        let ctx = NluContext {
            today,
            tz: self.deps.profile.tz,
            conversation_language: state.lang,
            default_language: self.deps.profile.default_language,
            default_calling_code: self.deps.profile.calling_code.clone(),
            date_order: DateOrder::DayMonth,
            room_types: self.room_type_defs().await,
        };
        let parse = self.nlu.parse(text, &ctx);
        // Switch the conversation's language only on a clear sign: an email
        // address or a name says nothing about the language of the guest.
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .count();
        let clear = parse.language_source == crate::engine::nlu::LanguageSource::Detected
            && parse.language_confidence >= 0.8
            && words >= 2;
        if state.lang.is_none() || clear {
            state.lang = Some(parse.language);
        }
        let lang = state.lang.unwrap_or(parse.language);
        let mut cx = Cx {
            deps: &self.deps,
            say: Say {
                catalog: self.catalog,
                lang,
            },
            now,
            today,
            conversation,
            guest_phone,
            text,
            out: Vec::new(),
            handoff: None,
            staff_notes: Vec::new(),
            bookings: Vec::new(),
        };
        route(&mut cx, state, &parse).await?;
        Ok(Turn {
            replies: cx.out,
            handoff: cx.handoff,
            staff_notes: cx.staff_notes,
            parse: Some(parse),
            bookings: cx.bookings,
        })
    }

    /// The hotel's room types with every name they have, for the NLU to match.
    async fn room_type_defs(&self) -> Vec<RoomTypeDef> {
        match self.deps.pms.room_types().await {
            Ok(f) => f
                .value
                .iter()
                .map(|rt| {
                    let mut names: Vec<String> = crate::domain::Language::ALL
                        .iter()
                        .filter(|l| rt.name.has(**l))
                        .filter_map(|l| rt.name.get(*l).map(String::from))
                        .collect();
                    let short: Vec<String> = names.iter().filter_map(|n| short_name(n)).collect();
                    names.extend(short);
                    names.push(rt.id.as_str().to_string());
                    RoomTypeDef {
                        id: rt.id.as_str().to_string(),
                        names,
                    }
                })
                .collect(),
            Err(e) => {
                tracing::warn!(error = %e, "room types unavailable; room names will not be recognised");
                Vec::new()
            }
        }
    }
}

/// Escalations first, then the answer to our pending question, then every
/// request in the order the guest wrote it.
async fn route(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
) -> Result<(), DialogueError> {
    let sure: Vec<Intent> = parse
        .intents
        .iter()
        .filter(|h| h.confidence >= MIN_CONFIDENCE || h.intent.is_social())
        .map(|h| h.intent)
        .collect();

    // The after-hours reply tells guests to write URGENTE to reach the staff
    // on duty: that word escalates whatever else the message asks.
    if says_urgent(cx.text) {
        return flows::handoff::hand_off(cx, st, HandoffReason::Urgent).await;
    }
    // A one-word answer to our question ("A1B2C3", "Pérez") is that answer,
    // whatever the classifier makes of a word it never saw.
    let bare_answer = st.step != Step::Idle && cx.text.split_whitespace().count() <= 1;
    for (intent, reason) in [
        (Intent::Urgent, HandoffReason::Urgent),
        (Intent::Complaint, HandoffReason::Complaint),
        (Intent::TalkToHuman, HandoffReason::Requested),
    ] {
        if sure.contains(&intent) && !bare_answer {
            return flows::handoff::hand_off(cx, st, reason).await;
        }
    }

    if let Some(b) = flows::buttons::pressed(cx.text) {
        return flows::buttons::handle(cx, st, parse, b).await;
    }

    let asked = st.step.clone();
    let answered = if st.step != Step::Idle {
        flows::pending::answer(cx, st, parse, &sure).await?
    } else {
        false
    };

    let mut handled = answered;
    let step_before = st.step.clone();
    let mut seen = Vec::new();
    for hit in &parse.intents {
        let i = hit.intent;
        if seen.contains(&i) || !sure.contains(&i) {
            continue;
        }
        seen.push(i);
        // A pending question already consumed the answer-like intents, and a
        // "cancelar" in its answer ("no, cancelar") cancelled that question
        // (or the booking being built), not an existing booking.
        let cancel_was_the_answer = i == Intent::CancelBooking
            && (!matches!(asked, Step::Idle | Step::OfferHandoff)
                && (!flows::pending::in_booking_flow(&asked) || parse.slots.booking_ref.is_none()));
        // In the booking flow the answer ("Mariana Costa", "no, mejor 3
        // adultos") already moved the flow on: a classifier's guess that it
        // also asked for availability must not show the offers again.
        let booking_answer = flows::pending::in_booking_flow(&asked)
            && matches!(
                i,
                Intent::CheckAvailability
                    | Intent::AskPrices
                    | Intent::MakeBooking
                    | Intent::ModifyBooking
            );
        if answered
            && (matches!(i, Intent::Affirm | Intent::Deny | Intent::ProvideInfo)
                || cancel_was_the_answer
                || booking_answer)
        {
            continue;
        }
        handled |= flows::intents::handle(cx, st, parse, hit).await?;
        if cx.handoff.is_some() {
            return Ok(());
        }
    }
    // A side question mid-flow ("¿tienen estacionamiento?") was answered:
    // bring the guest back to where we were.
    if handled && !answered && st.step != Step::Idle && st.step == step_before {
        flows::pending::ask_again(cx, st).await?;
    }

    if handled {
        st.misunderstood = 0;
        return Ok(());
    }
    st.misunderstood += 1;
    if st.misunderstood >= 2 {
        return flows::handoff::hand_off(cx, st, HandoffReason::NotUnderstood).await;
    }
    let text = cx.say.plain("fallback.first")?;
    cx.out
        .push(Reply::text(text).with_buttons(flows::social::menu(cx)?));
    Ok(())
}

/// Words that always mean "a person, now", folded, in any of our languages.
const URGENT_WORDS: [&str; 5] = ["urgente", "urgent", "urgencia", "emergencia", "emergency"];

/// "URGENTE", "es una emergencia", but not "no es urgente".
fn says_urgent(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(crate::engine::nlu::text::fold)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let negated = words[..i]
            .iter()
            .rev()
            .take(2)
            .any(|p| matches!(p.as_str(), "no" | "not" | "nao" | "isnt" | "nada"));
        URGENT_WORDS.contains(&w.as_str()) && !negated
    })
}

/// Words that say "room" in a room type's name rather than which room.
const GENERIC_ROOM_WORDS: [&str; 4] = ["habitacion", "room", "quarto", "cuarto"];

/// "Habitación Twin" → "Twin", "Standard Room" → "Standard": what guests
/// write ("la twin", "the standard"). `None` when nothing generic is removed.
fn short_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !GENERIC_ROOM_WORDS.contains(&crate::engine::nlu::text::fold(w).as_str()))
        .collect();
    (!kept.is_empty() && kept.len() < words.len()).then(|| kept.join(" "))
}
