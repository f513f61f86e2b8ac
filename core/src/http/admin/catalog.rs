//! Area `catalog` (admin, manager; canned responses readable by all staff):
//! knowledge entries, desk hours and holidays, reply templates, canned responses.

use super::authz::Actor;
use super::endpoint::{ADMIN_MANAGER, Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiQuery;
use super::extract::{ApiJson, ApiPath};
use crate::adapters::sqlite::desk::knowledge::{self, KnowledgeInput, KnowledgeView};
use crate::adapters::sqlite::desk::library::{
    self, Canned, CannedInput, ReplyTemplate, TemplateInput,
};
use crate::app::desk::HoursView;
use crate::http::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    let k = |x: Endpoint| x.tag("knowledge");
    let h = |x: Endpoint| x.tag("hours");
    let t = |x: Endpoint| x.tag("templates");
    vec![
        k(Endpoint::get("/knowledge", ADMIN_MANAGER, list_knowledge)
            .summary("Knowledge entries (filters lang, topic)")
            .returns::<KnowledgeList>(200)),
        k(
            Endpoint::post("/knowledge", ADMIN_MANAGER, create_knowledge)
                .summary("Add a topic's main fact or a FAQ entry")
                .body::<KnowledgeInput>()
                .returns::<KnowledgeView>(201),
        ),
        k(
            Endpoint::put("/knowledge/{id}", ADMIN_MANAGER, update_knowledge)
                .summary("Replace an entry; the bot answers with it from the next message")
                .body::<KnowledgeInput>()
                .returns::<KnowledgeView>(200),
        ),
        k(
            Endpoint::delete("/knowledge/{id}", ADMIN_MANAGER, delete_knowledge)
                .summary("Remove an entry")
                .no_content(),
        ),
        h(Endpoint::get("/hours", ADMIN_MANAGER, get_hours)
            .summary("Desk hours per weekday and holidays")
            .returns::<HoursView>(200)),
        h(Endpoint::put("/hours", ADMIN_MANAGER, put_hours)
            .summary("Replace hours and holidays; overlapping ranges are refused with the reason")
            .body::<HoursView>()
            .returns::<HoursView>(200)),
        t(Endpoint::get("/templates", ADMIN_MANAGER, list_templates)
            .summary("WhatsApp templates approved in Meta's manager that staff may send")
            .returns::<TemplateList>(200)),
        t(Endpoint::post("/templates", ADMIN_MANAGER, create_template)
            .summary("List an approved template (name and language as in Meta's manager)")
            .body::<TemplateInput>()
            .returns::<ReplyTemplate>(201)),
        t(
            Endpoint::put("/templates/{id}", ADMIN_MANAGER, update_template)
                .summary("Change a listed template")
                .body::<TemplateInput>()
                .returns::<ReplyTemplate>(200),
        ),
        t(
            Endpoint::delete("/templates/{id}", ADMIN_MANAGER, delete_template)
                .summary("Stop offering a template")
                .no_content(),
        ),
        t(
            Endpoint::get("/canned-responses", Access::Staff, list_canned)
                .summary("Quick replies (filter lang)")
                .returns::<CannedList>(200),
        ),
        t(
            Endpoint::post("/canned-responses", ADMIN_MANAGER, create_canned)
                .summary("Add a quick reply")
                .body::<CannedInput>()
                .returns::<Canned>(201),
        ),
        t(
            Endpoint::put("/canned-responses/{id}", ADMIN_MANAGER, update_canned)
                .summary("Change a quick reply")
                .body::<CannedInput>()
                .returns::<Canned>(200),
        ),
        t(
            Endpoint::delete("/canned-responses/{id}", ADMIN_MANAGER, delete_canned)
                .summary("Remove a quick reply")
                .no_content(),
        ),
    ]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeQuery {
    pub lang: Option<String>,
    pub topic: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeList {
    pub entries: Vec<KnowledgeView>,
}

async fn list_knowledge(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(q): ApiQuery<KnowledgeQuery>,
) -> Result<ApiJson<KnowledgeList>, ApiError> {
    Ok(ApiJson(KnowledgeList {
        entries: knowledge::list(&s.db, q.lang.as_deref(), q.topic.as_deref()).await?,
    }))
}

async fn create_knowledge(
    State(s): State<AppState>,
    _actor: Actor,
    ApiJson(body): ApiJson<KnowledgeInput>,
) -> Result<(StatusCode, ApiJson<KnowledgeView>), ApiError> {
    let saved = s.desk.save_knowledge(None, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(saved)))
}

async fn update_knowledge(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<KnowledgeInput>,
) -> Result<ApiJson<KnowledgeView>, ApiError> {
    Ok(ApiJson(s.desk.save_knowledge(Some(id), &body).await?))
}

async fn delete_knowledge(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.desk.delete_knowledge(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_hours(
    State(s): State<AppState>,
    _actor: Actor,
) -> Result<ApiJson<HoursView>, ApiError> {
    Ok(ApiJson(s.desk.hours().await?))
}

async fn put_hours(
    State(s): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<HoursView>,
) -> Result<ApiJson<HoursView>, ApiError> {
    Ok(ApiJson(s.desk.set_hours(&body, &actor.username).await?))
}

#[derive(Serialize, ToSchema)]
pub struct TemplateList {
    pub templates: Vec<ReplyTemplate>,
}

async fn list_templates(
    State(s): State<AppState>,
    _actor: Actor,
) -> Result<ApiJson<TemplateList>, ApiError> {
    Ok(ApiJson(TemplateList {
        templates: library::list_templates(&s.db).await?,
    }))
}

async fn create_template(
    State(s): State<AppState>,
    _actor: Actor,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<(StatusCode, ApiJson<ReplyTemplate>), ApiError> {
    let saved = library::save_template(&s.db, None, &body, s.desk.clock.now_ms()).await?;
    Ok((StatusCode::CREATED, ApiJson(saved)))
}

async fn update_template(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<ApiJson<ReplyTemplate>, ApiError> {
    Ok(ApiJson(
        library::save_template(&s.db, Some(id), &body, s.desk.clock.now_ms()).await?,
    ))
}

async fn delete_template(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    library::delete_template(&s.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LangQuery {
    pub lang: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CannedList {
    pub canned: Vec<Canned>,
}

async fn list_canned(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> Result<ApiJson<CannedList>, ApiError> {
    Ok(ApiJson(CannedList {
        canned: library::list_canned(&s.db, q.lang.as_deref()).await?,
    }))
}

async fn create_canned(
    State(s): State<AppState>,
    _actor: Actor,
    ApiJson(body): ApiJson<CannedInput>,
) -> Result<(StatusCode, ApiJson<Canned>), ApiError> {
    let saved = library::save_canned(&s.db, None, &body, s.desk.clock.now_ms()).await?;
    Ok((StatusCode::CREATED, ApiJson(saved)))
}

async fn update_canned(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CannedInput>,
) -> Result<ApiJson<Canned>, ApiError> {
    Ok(ApiJson(
        library::save_canned(&s.db, Some(id), &body, s.desk.clock.now_ms()).await?,
    ))
}

async fn delete_canned(
    State(s): State<AppState>,
    _actor: Actor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    library::delete_canned(&s.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
