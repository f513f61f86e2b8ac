import re
root='/work/wt-admin-api/'
def edit(p, pairs):
    s=open(root+p).read()
    for a,b in pairs:
        if a not in s: raise SystemExit(f"{p}: missing {a[:60]!r}")
        s=s.replace(a,b,1)
    open(root+p,'w').write(s)

edit('core/src/app.rs', [
("""        let engine =
            receptionist::build_engine(&settings, mode, &db, pms.clone(), locks.clone()).await?;""",
"""        let desk = Arc::new(desk::Desk::build(&settings, &db).await?);
        let engine = receptionist::build_engine(
            &settings,
            mode,
            &db,
            pms.clone(),
            locks.clone(),
            &desk,
        )
        .await?;"""),
("""                auth,
            },""","""                auth,
                desk,
            },"""),
])
edit('core/src/http/state.rs', [
("""    pub auth: Arc<Auth>,
}""","""    pub auth: Arc<Auth>,
    /// What staff do to conversations, knowledge, hours and the rest.
    pub desk: Arc<crate::app::desk::Desk>,
}"""),
])
edit('core/src/http/admin/tests/support.rs', [
("""    let state = AppState {""","""    let desk = Arc::new(
        crate::app::desk::Desk::build(&settings, &db)
            .await
            .expect("desk"),
    );
    let state = AppState {"""),
("""        auth: f.auth.clone(),
    };""","""        auth: f.auth.clone(),
        desk,
    };"""),
])
edit('core/src/http/admin/mod.rs', [
("""mod authz;
mod endpoint;""","""mod authz;
mod catalog;
mod conversations;
mod dead_letters;
mod desk_support;
mod endpoint;"""),
("""mod extract;
mod health;""","""mod extract;
mod guests;
mod health;"""),
("""mod openapi;
mod session;""","""mod openapi;
mod reports;
mod session;"""),
("""        health::endpoints(),
    ]""","""        health::endpoints(),
        conversations::endpoints(),
        guests::endpoints(),
        dead_letters::endpoints(),
        catalog::endpoints(),
        reports::endpoints(),
    ]"""),
])
edit('core/src/app/desk/mod.rs', [("mod conversations;\n","mod build;\nmod conversations;\n")])
edit('core/src/app/receptionist.rs', [
("""    let profile = profile_from_settings(
        &settings.hotel,
        std::time::Duration::from_secs(settings.locks.hold_secs),
    )?;
    let hours = Arc::new(SqliteHours::new(db.clone(), profile.tz));
    seed_hours(&hours, &profile.hours, &clock.now().to_rfc3339()).await?;
    let deps = Deps {
        pms,
        locks,
        knowledge: Arc::new(SqliteKnowledge::new(db.clone())),
        hours,
        clock,
        profile,
    };
    Ok(Receptionist::new(deps)?)
}""","""    let profile = profile_from_settings(
        &settings.hotel,
        std::time::Duration::from_secs(settings.locks.hold_secs),
    )?;
    let hours = Arc::new(SqliteHours::new(db.clone(), profile.tz));
    seed_hours(&hours, &profile.hours, &clock.now().to_rfc3339()).await?;
    let knowledge = Arc::new(SqliteKnowledge::new(db.clone()));
    Ok(Receptionist::new(Deps {
        pms,
        locks,
        knowledge,
        hours,
        clock,
        profile,
    })?)
}

/// The receptionist with the desk's knowledge and hours, so staff edits
/// reach its caches at once.
async fn build_for_desk(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
    desk: &crate::app::desk::Desk,
) -> anyhow::Result<Receptionist> {
    let mut bot =
        build_receptionist(settings, mode, db, Arc::new(SystemClock), pms, locks).await?;
    let mut deps = bot.deps().clone();
    deps.knowledge = desk.knowledge.clone();
    deps.hours = desk.hours.clone();
    bot = Receptionist::new(deps)?;
    Ok(bot)
}"""),
("""    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
) -> anyhow::Result<Arc<dyn ConversationEngine>> {""","""    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
    desk: &crate::app::desk::Desk,
) -> anyhow::Result<Arc<dyn ConversationEngine>> {"""),
("""            let bot =
                build_receptionist(settings, mode, db, Arc::new(SystemClock), pms, locks).await?;""","""            let bot = build_for_desk(settings, mode, db, pms, locks, desk).await?;"""),
])
print("ok")
