//! One declaration per endpoint: its method and path, who may call it, its
//! handler and what the OpenAPI document says about it. The router, the policy
//! table, the authorization matrix test and the OpenAPI document are all built
//! from the same list, so they cannot disagree.

use crate::auth::Role;
use crate::http::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No token needed (sign-in, setup, renewal).
    Public,
    /// Any signed-in staff member.
    Staff,
    /// Signed-in staff with one of these roles.
    Roles(&'static [Role]),
}

pub const ADMIN: Access = Access::Roles(&[Role::Admin]);
pub const ADMIN_MANAGER: Access = Access::Roles(&[Role::Admin, Role::Manager]);

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Staff => true,
            Access::Roles(roles) => roles.contains(&role),
        }
    }

    /// Words for the OpenAPI document and error messages.
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::Staff => "any signed-in staff".into(),
            Access::Roles(roles) => roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Registers a type's schema (and those it refers to); returns its name.
pub type SchemaFn = fn(&mut Vec<(String, RefOr<Schema>)>) -> String;

fn schema_of<T: utoipa::ToSchema>(out: &mut Vec<(String, RefOr<Schema>)>) -> String {
    let name = T::name().into_owned();
    out.push((name.clone(), T::schema()));
    T::schemas(out);
    name
}

/// How a change made through an endpoint reaches the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    /// The API's audit trail records every successful call (the default for
    /// staff endpoints that are not GET).
    Trail,
    /// The handler records it, with a better before/after than the request.
    Handler,
    /// Changes nothing worth a record (a socket ticket).
    Not,
}

pub struct Endpoint {
    pub method: Method,
    /// Below `/api`, in axum syntax: `/users/{id}/role`.
    pub path: &'static str,
    pub access: Access,
    pub route: MethodRouter<AppState>,
    pub tag: &'static str,
    pub summary: &'static str,
    pub request: Option<SchemaFn>,
    /// Success status and body (`None`: no body).
    pub response: (u16, Option<SchemaFn>),
    pub audit: Audit,
}

macro_rules! constructor {
    ($name:ident, $method:ident, $route:path) => {
        pub fn $name<H, T>(path: &'static str, access: Access, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            Self::new(Method::$method, path, access, $route(handler))
        }
    };
}

impl Endpoint {
    constructor!(get, GET, routing::get);
    constructor!(post, POST, routing::post);
    constructor!(put, PUT, routing::put);
    constructor!(patch, PATCH, routing::patch);
    constructor!(delete, DELETE, routing::delete);

    fn new(
        method: Method,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> Self {
        let audit = if method == Method::GET {
            Audit::Not
        } else {
            Audit::Trail
        };
        Self {
            method,
            path,
            access,
            route,
            tag: "",
            summary: "",
            request: None,
            response: (200, None),
            audit,
        }
    }

    /// Groups endpoints in the OpenAPI document (usually the area's name).
    pub fn tag(mut self, tag: &'static str) -> Self {
        self.tag = tag;
        self
    }

    pub fn summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }

    /// The JSON body the endpoint reads.
    pub fn body<T: utoipa::ToSchema>(mut self) -> Self {
        self.request = Some(schema_of::<T>);
        self
    }

    /// The JSON body answered on success, with its status.
    pub fn returns<T: utoipa::ToSchema>(mut self, status: u16) -> Self {
        self.response = (status, Some(schema_of::<T>));
        self
    }

    /// Success without a body (204).
    pub fn no_content(mut self) -> Self {
        self.response = (204, None);
        self
    }

    /// The handler appends its own audit record (see `audit::record`).
    pub fn audited_in_handler(mut self) -> Self {
        self.audit = Audit::Handler;
        self
    }

    /// Nothing to audit: the call changes no data.
    pub fn not_audited(mut self) -> Self {
        self.audit = Audit::Not;
        self
    }

    /// The audit log's name for calls of this endpoint.
    pub fn action(&self) -> String {
        super::trail::action_name(self.tag, &self.method, self.path)
    }

    /// The full path as served.
    pub fn full_path(&self) -> String {
        format!("/api{}", self.path)
    }
}
