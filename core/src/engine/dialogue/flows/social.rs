//! Greeting, thanks, goodbye, out of scope, and the menu of what we can do.

use super::Cx;
use crate::engine::dialogue::reply::Reply;
use crate::engine::dialogue::say::Say;
use crate::engine::nlu::Intent;
use crate::engine::replies::{CatalogError, Vars};

pub fn menu(cx: &Cx<'_>) -> Result<Vec<(String, String)>, CatalogError> {
    Ok(vec![
        (
            "menu:availability".into(),
            cx.say.plain("menu.availability")?,
        ),
        ("menu:info".into(), cx.say.plain("menu.info")?),
        ("menu:human".into(), cx.say.plain("menu.human")?),
    ])
}

pub async fn reply(cx: &mut Cx<'_>, intent: Intent) -> Result<(), CatalogError> {
    match intent {
        Intent::Greeting => {
            let info = cx.deps.pms.hotel_info().await.ok().map(|f| f.value);
            let text = cx.say.t(
                "social.greeting",
                &Vars::new().set("hotel", Say::hotel_name(info.as_ref())),
            )?;
            let buttons = menu(cx)?;
            cx.out.push(Reply::text(text).with_buttons(buttons));
        }
        Intent::Thanks => {
            let t = cx.say.plain("social.thanks")?;
            cx.push(t);
        }
        Intent::Goodbye => {
            let t = cx.say.plain("social.goodbye")?;
            cx.push(t);
        }
        _ => {
            let text = cx.say.plain("social.out_of_scope")?;
            let buttons = menu(cx)?;
            cx.out.push(Reply::text(text).with_buttons(buttons));
        }
    }
    Ok(())
}
