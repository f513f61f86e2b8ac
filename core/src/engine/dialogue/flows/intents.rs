//! One recognised request → the flow that answers it.

use super::{Cx, availability, info, manage, social};
use crate::domain::Topic;
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::state::{DialogueState, ManagePurpose};
use crate::engine::nlu::{Intent, IntentHit, Parse};

/// Returns whether the message was answered.
pub async fn handle(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    parse: &Parse,
    hit: &IntentHit,
) -> Result<bool, DialogueError> {
    let has_request = parse
        .intents
        .iter()
        .any(|h| h.intent.is_request() && h.intent != Intent::OutOfScope);
    match hit.intent {
        // A greeting before a question is answered by answering the question.
        Intent::Greeting | Intent::Thanks | Intent::Goodbye if has_request => {}
        Intent::Greeting | Intent::Thanks | Intent::Goodbye => {
            social::reply(cx, hit.intent).await?
        }
        Intent::OutOfScope if has_request && parse.intents.len() > 1 => return Ok(false),
        Intent::OutOfScope => social::reply(cx, hit.intent).await?,
        Intent::HotelInfo => {
            let topic = hit.subtopic.and_then(|t| t.as_str().parse::<Topic>().ok());
            let piece = cx
                .text
                .get(hit.start..hit.end)
                .unwrap_or(cx.text)
                .to_string();
            info::answer(cx, st, topic, &piece).await?;
        }
        Intent::CheckinCheckoutTimes => {
            info::answer(cx, st, Some(Topic::CheckinCheckout), cx.text).await?
        }
        Intent::RoomTypesPhotos => info::rooms(cx, parse.slots.room_type.as_deref()).await?,
        Intent::CheckAvailability | Intent::AskPrices => {
            availability::run(cx, st, parse, false).await?
        }
        Intent::MakeBooking => availability::run(cx, st, parse, true).await?,
        Intent::CancelBooking => manage::start(cx, st, parse, ManagePurpose::Cancel).await?,
        Intent::ModifyBooking => manage::start(cx, st, parse, ManagePurpose::Modify).await?,
        Intent::BookingStatus => manage::start(cx, st, parse, ManagePurpose::Status).await?,
        Intent::LateCheckout => manage::start(cx, st, parse, ManagePurpose::LateCheckout).await?,
        Intent::EarlyCheckin => manage::start(cx, st, parse, ManagePurpose::EarlyCheckin).await?,
        Intent::Affirm | Intent::Deny => {
            let t = cx.say.plain("social.acknowledge")?;
            cx.push(t);
        }
        Intent::ProvideInfo => {
            if availability::has_stay_slots(&parse.slots) {
                availability::run(cx, st, parse, false).await?;
            } else {
                return Ok(false);
            }
        }
        // Escalations are routed before any intent is handled.
        Intent::TalkToHuman | Intent::Complaint | Intent::Urgent => return Ok(false),
    }
    Ok(true)
}
