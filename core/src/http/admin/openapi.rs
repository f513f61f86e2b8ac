//! `/api/openapi.json`, built from the endpoint declarations: every declared
//! endpoint appears, with who may call it, and nothing else does.

use super::endpoint::{Access, Endpoint};
use super::error::ErrorBody;
use axum::http::Method;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, Paths};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, Content, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, ResponseBuilder,
    schema::Schema,
};
use utoipa::{PartialSchema, ToSchema};

const BEARER: &str = "bearer";

pub fn document(endpoints: &[Endpoint]) -> OpenApi {
    let mut schemas: Vec<(String, RefOr<Schema>)> = Vec::new();
    schemas.push((ErrorBody::name().into_owned(), ErrorBody::schema()));
    let error_ref = Ref::from_schema_name(ErrorBody::name());
    let mut paths = Paths::new();
    for e in endpoints {
        let mut op = OperationBuilder::new()
            .summary(Some(e.summary))
            .description(Some(format!("Access: {}.", e.access.describe())))
            .operation_id(Some(operation_id(e)))
            .tag(if e.tag.is_empty() { "api" } else { e.tag });
        if let Some(request) = e.request {
            let name = request(&mut schemas);
            op = op.request_body(Some(
                RequestBodyBuilder::new()
                    .content(
                        "application/json",
                        Content::new(Some(Ref::from_schema_name(name))),
                    )
                    .required(Some(utoipa::openapi::Required::True))
                    .build(),
            ));
        }
        let (status, body) = e.response;
        let mut ok = ResponseBuilder::new().description("success");
        if let Some(body) = body {
            let name = body(&mut schemas);
            ok = ok.content(
                "application/json",
                Content::new(Some(Ref::from_schema_name(name))),
            );
        }
        op = op.response(status.to_string(), ok.build()).response(
            "default",
            ResponseBuilder::new()
                .description("an error: `{code, message}`")
                .content("application/json", Content::new(Some(error_ref.clone())))
                .build(),
        );
        if e.access != Access::Public {
            op = op.security(SecurityRequirement::new::<_, _, &str>(BEARER, []));
        }
        paths.add_path_operation(e.full_path(), vec![http_method(&e.method)], op.build());
    }
    let mut components = ComponentsBuilder::new().security_scheme(
        BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .build(),
        ),
    );
    for (name, schema) in schemas {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Conserje admin API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Staff API of the Conserje daemon. Sign in with POST /api/auth/login; send \
                     the access token as `Authorization: Bearer`; renew it with \
                     POST /api/auth/refresh. Errors are `{code, message}`.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components.build()))
        .build()
}

fn operation_id(e: &Endpoint) -> String {
    let path: String = e
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '{' || c == '}'))
        .collect::<Vec<_>>()
        .join("_");
    format!("{}_{}", e.method.as_str().to_lowercase(), path)
}

fn http_method(m: &Method) -> HttpMethod {
    match *m {
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::PATCH => HttpMethod::Patch,
        Method::DELETE => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}
