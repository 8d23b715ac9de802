//! [`RouteDoc`]: what `route!` records about a route's types for its OpenAPI description.

use schemars::SchemaGenerator;
use serde_json::Value;

use super::response::ResponseDoc;

/// The schemas of one route's values, body and the extractors that add statuses, built by the
/// function `route!` generates for it (`RouteInfo::doc`).
#[derive(Debug, Clone, Default)]
pub struct RouteDoc {
    /// The schema of each segment of `RouteInfo::segments`: `None` for a literal; for a slurpy,
    /// the schema of one element.
    pub segments: Vec<Option<Value>>,
    /// The schema of the value of each parameter of `RouteInfo::params` (the element, for a
    /// `Vec`).
    pub params: Vec<Value>,
    /// The `Body<T>` extractors (one, usually).
    pub bodies: Vec<BodyDoc>,
    /// A `WebSocket` extractor: the handshake answers 400, 403 and 426.
    pub websocket: bool,
    /// A `Live` extractor: the page (200), the live session (101), event forms (303, 400, 413,
    /// 415) and their `application/x-www-form-urlencoded` body.
    pub live: bool,
    /// The handler serves static files (`static_dir`, `static_file`): 403 and 404.
    pub static_files: bool,
    /// The route's `auth name: T` parameter as a security scheme, `(name, scheme)`: the
    /// document turns it into `security` and 401/403 answers.
    pub auth: Vec<(String, Value)>,
    /// What the type of the handler's value says about its answer (generic when it says
    /// nothing, or when `route!` could not learn the type).
    pub response: ResponseDoc,
}

/// A `Body<T>` or `Form<T>` extractor.
#[derive(Debug, Clone)]
pub struct BodyDoc {
    /// The JSON Schema of `T`.
    pub schema: Value,
    /// `Option<Body<T>>`: the body may be absent.
    pub optional: bool,
    /// `T` is `String`: `text/plain` is accepted too.
    pub text: bool,
    /// `Result<Body<T>, _>` or `Form<T>`: the handler answers the body's errors itself, in its
    /// own format.
    pub handled: bool,
    /// `Form<T>`: only the form media types (urlencoded, multipart) are read.
    pub form: bool,
}

/// The function `route!` generates for each route, which builds its [`RouteDoc`].
#[derive(Clone, Copy)]
pub struct DocFn(pub fn(&mut SchemaGenerator) -> RouteDoc);

impl PartialEq for DocFn {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

impl Eq for DocFn {}

impl std::fmt::Debug for DocFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocFn")
    }
}
