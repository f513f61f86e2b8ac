//! Hotel information from the knowledge base; rooms from the PMS.

use super::Cx;
use crate::domain::Topic;
use crate::engine::dialogue::receptionist::DialogueError;
use crate::engine::dialogue::reply::{Location, Reply};
use crate::engine::dialogue::state::{DialogueState, Step};
use crate::engine::replies::Vars;

/// Answers a topic (or a free question). Without an answer the guest is
/// offered a person instead of an invention.
pub async fn answer(
    cx: &mut Cx<'_>,
    st: &mut DialogueState,
    topic: Option<Topic>,
    text: &str,
) -> Result<(), DialogueError> {
    let lang = cx.say.lang;
    let mut found = match topic {
        Some(t) => cx.deps.knowledge.topic(t, lang).await?,
        None => None,
    };
    if found.is_none() {
        found = cx.deps.knowledge.search(text, lang).await?;
    }
    let Some(answer) = found else {
        let t = cx.say.plain("info.unknown")?;
        cx.ask_yes_no(t)?;
        if st.step == Step::Idle {
            st.step = Step::OfferHandoff;
        }
        return Ok(());
    };
    let mut reply = Reply::text(answer.text);
    if answer.topic == Some(Topic::Location) {
        if let Ok(info) = cx.deps.pms.hotel_info().await {
            if let Some((latitude, longitude)) = info.value.coordinates {
                reply = reply.with_location(Location {
                    latitude,
                    longitude,
                    name: info.value.name.clone(),
                    address: info.value.address.clone(),
                });
            }
        }
    }
    cx.out.push(reply);
    Ok(())
}

/// The hotel's room types with their descriptions, from the PMS.
/// The hotel's room types; one named ("fotos de la twin") comes with its
/// photo when the PMS has one.
pub async fn rooms(cx: &mut Cx<'_>, wanted: Option<&str>) -> Result<(), DialogueError> {
    let lang = cx.say.lang;
    let Ok(types) = cx.deps.pms.room_types().await else {
        let t = cx.say.plain("info.unknown")?;
        cx.push(t);
        return Ok(());
    };
    if let Some(rt) = wanted.and_then(|w| types.value.iter().find(|t| t.id.as_str() == w)) {
        let text = cx.say.t(
            "info.room_line",
            &Vars::new()
                .set("room", rt.name.get(lang).unwrap_or(rt.id.as_str()))
                .set("description", rt.description.get(lang).unwrap_or("")),
        )?;
        let reply = match rt.photos.first() {
            Some(url) => Reply::text(text).with_image(url.clone()),
            None => Reply::text(text),
        };
        cx.out.push(reply);
        return Ok(());
    }
    let mut text = cx.say.plain("info.rooms_header")?;
    for rt in &types.value {
        let line = cx.say.t(
            "info.room_line",
            &Vars::new()
                .set("room", rt.name.get(lang).unwrap_or(rt.id.as_str()))
                .set("description", rt.description.get(lang).unwrap_or("")),
        )?;
        text.push('\n');
        text.push_str(&line);
    }
    if types.stale {
        text.push('\n');
        text.push_str(&cx.say.plain("offers.stale")?);
    }
    cx.push(text);
    Ok(())
}

/// The "hotel info" button: where we are and when check-in is.
pub async fn overview(cx: &mut Cx<'_>) -> Result<(), DialogueError> {
    let mut st = DialogueState::default();
    answer(cx, &mut st, Some(Topic::Location), "").await?;
    answer(cx, &mut st, Some(Topic::CheckinCheckout), "").await
}
