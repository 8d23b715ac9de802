//! `Routes::openapi()`: the OpenAPI 3.1 document of a route table.

use std::collections::HashSet;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::doc::RouteDoc;
use crate::body::media::BuiltIn;
use crate::errors::ErrorFormat;
use crate::links::encode::encode_segment;
use crate::router::Routes;
use crate::router::info::{Arity, ParamInfo, RouteEntry, SegmentInfo};
use crate::router::method::Methods;
use crate::router::params::Source;

/// The methods an operation can be documented for, in document order.
const METHODS: [(Methods, &str); 7] = [
    (Methods::GET, "get"),
    (Methods::HEAD, "head"),
    (Methods::POST, "post"),
    (Methods::PUT, "put"),
    (Methods::DELETE, "delete"),
    (Methods::PATCH, "patch"),
    (Methods::OPTIONS, "options"),
];

impl Routes {
    /// The OpenAPI 3.1 document of this table (docs/links-openapi.md), generated from the routes alone.
    ///
    /// Every route and method is an operation (`operationId`: the route's name), on one path
    /// per arity of its optional captures (`/orders/history` and `/orders/history/{page}`) and,
    /// for a slurpy, without and with one `{name}` segment. Path, query, header and cookie
    /// parameters carry their schemas: integer widths as `format` and bounds, a
    /// `#[derive(Segment)]` regex as `pattern` and range as bounds, `Vec` as arrays, defaults.
    /// A `Body<T>` is a request body per media type Rook parses, with the JSON Schema of `T`
    /// (`schemars::JsonSchema`; a generic object when `T` has none). The responses are the
    /// handler's — from the type of its value when that type fixes the answer
    /// ([`ResponseSchema`](crate::ResponseSchema): `Json<T>` is 200 `application/json` with
    /// `T`'s schema, a `String` 200 text, `()` 204, `Result<V, E>` `V`'s answer and a `default`
    /// for `E`'s, `Option<V>` adds an empty 404), a generic `2XX` with any content otherwise —
    /// and every status Rook itself answers for the route, in the table's [`ErrorFormat`]: 400
    /// (a path or parameter that does not decode or bind, a malformed body), 401/403 (`auth`),
    /// 403/404 (static files), 404 (a capture or guard that refuses), 405 with `Allow` (another
    /// method), 408/413/415/422 (bodies), 400/403/426 (WebSocket handshakes), 500 (a panic).
    ///
    /// `info` says `title` "Rook application" and `version` "0.0.0": set them on the value.
    ///
    /// ```
    /// use rook::prelude::*;
    ///
    /// let doc = route! {
    ///     product: get "products" / id: u32 => format!("{id}"),
    /// }
    /// .openapi();
    /// let op = &doc["paths"]["/products/{id}"]["get"];
    /// assert_eq!(op["operationId"], "product");
    /// assert_eq!(op["parameters"][0]["schema"]["format"], "uint32");
    /// assert!(op["responses"]["404"].is_object());
    /// assert_eq!(op["responses"]["200"]["content"]["text/plain; charset=utf-8"]["schema"]["type"], "string");
    /// ```
    pub fn openapi(&self) -> Value {
        let mut generator = SchemaSettings::draft2020_12()
            .with(|s| {
                s.definitions_path = "/components/schemas".into();
                s.meta_schema = None;
            })
            .into_generator();
        let mut paths = Map::new();
        let mut ids = HashSet::new();
        let mut schemes = Map::new();
        // An included table keeps its own error format under its prefix (`Routes::error_format`).
        let format_of = |prefix: &[&str]| {
            let scoped = self.scoped.iter().filter(|(p, _)| prefix.starts_with(p)).max_by_key(|(p, _)| p.len());
            scoped.map_or(&self.format, |(_, format)| format)
        };
        let mut problems = false;
        for entry in self.list() {
            let format = format_of(&entry.prefix);
            problems |= matches!(format, ErrorFormat::ProblemJson | ErrorFormat::Negotiate);
            let errors = error_content(format);
            let doc = (entry.info.doc.0)(&mut generator);
            for (scheme, definition) in &doc.auth {
                schemes.insert(scheme.clone(), definition.clone());
            }
            for variant in variants(&entry, &doc) {
                let item = paths.entry(variant.template.clone()).or_insert_with(|| json!({}));
                for (method, name) in METHODS {
                    if !entry.info.methods.contains(method) {
                        continue;
                    }
                    if let Some(earlier) = item.get_mut(name) {
                        // A path and method documented by an earlier route stay its own (the
                        // earlier route is tried first), but a later route on them is another
                        // way in: its security is an alternative.
                        merge_security(earlier, &doc);
                        continue;
                    }
                    let id = operation_id(&entry, name, &variant.template, &mut ids);
                    let definitions = generator.definitions().clone();
                    item[name] = operation(&entry, &doc, &variant.parameters, id, method, &errors, &definitions);
                }
            }
        }
        let mut components = Map::new();
        let mut schemas = generator.take_definitions(true);
        if problems {
            schemas.insert("Problem".into(), problem_schema());
        }
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if !schemes.is_empty() {
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        let mut out = json!({
            "openapi": "3.1.0",
            "info": { "title": "Rook application", "version": "0.0.0" },
            "paths": paths,
        });
        if !components.is_empty() {
            out["components"] = Value::Object(components);
        }
        out
    }
}

/// One path an operation is documented on.
struct Variant {
    template: String,
    /// The path parameters.
    parameters: Vec<Value>,
}

/// The paths a route answers: one per number of optional captures present, and for a slurpy
/// one without and one with a `{name}` segment.
fn variants(entry: &RouteEntry, doc: &RouteDoc) -> Vec<Variant> {
    let mut fixed = String::new();
    let mut parameters = Vec::new();
    for p in &entry.prefix {
        fixed.push('/');
        fixed.push_str(&encode_segment(p));
    }
    let mut out = Vec::new();
    let schema = |k: usize| doc.segments.get(k).cloned().flatten().unwrap_or_else(|| json!({ "type": "string" }));
    let mut optional_seen = false;
    for (k, seg) in entry.info.segments.iter().enumerate() {
        match *seg {
            SegmentInfo::Literal(text) => {
                fixed.push('/');
                fixed.push_str(&encode_segment(text));
            }
            SegmentInfo::Capture { name, ty } => {
                fixed.push_str(&format!("/{{{name}}}"));
                parameters.push(path_parameter(name, capture_schema(schema(k)), &format!("`{ty}`")));
            }
            SegmentInfo::Optional { name, ty, default } => {
                if !optional_seen {
                    out.push(Variant { template: root(&fixed), parameters: parameters.clone() });
                    optional_seen = true;
                }
                fixed.push_str(&format!("/{{{name}}}"));
                let mut s = capture_schema(schema(k));
                let mut description = format!("`{ty}`, optional: absent in the shorter path");
                if let Some(default) = default {
                    set_default(&mut s, default);
                    description.push_str(&format!(", which means `{default}`"));
                }
                parameters.push(path_parameter(name, s, &description));
                out.push(Variant { template: fixed.clone(), parameters: parameters.clone() });
            }
            SegmentInfo::Slurpy { name, ty } => {
                out.push(Variant { template: root(&fixed), parameters: parameters.clone() });
                fixed.push_str(&format!("/{{{name}}}"));
                let description =
                    format!("`..{name}: Vec<{ty}>`: zero or more segments; one here, `/` escaped as `%2F`");
                parameters.push(path_parameter(name, schema(k), &description));
                out.push(Variant { template: fixed.clone(), parameters: parameters.clone() });
                return out;
            }
        }
    }
    if !optional_seen {
        out.push(Variant { template: root(&fixed), parameters });
    }
    out
}

fn root(path: &str) -> String {
    if path.is_empty() { "/".into() } else { path.into() }
}

/// A capture matches a non-empty segment only (docs/routing.md#paths-and-segments).
fn capture_schema(mut schema: Value) -> Value {
    if schema["type"] == "string" && schema.get("minLength").is_none() {
        schema["minLength"] = json!(1);
    }
    schema
}

fn path_parameter(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": schema, "description": description })
}

/// A default as written (`1`, `-3`, `"d"`, `true`) as a JSON value, when it is a literal.
fn set_default(schema: &mut Value, default: &str) {
    let value = match serde_json::from_str::<Value>(default) {
        Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::String(_))) => v,
        _ => return,
    };
    let fits = match (&value, schema["type"].as_str()) {
        (Value::Number(n), Some("integer")) => n.is_i64() || n.is_u64(),
        (Value::Number(_), Some("number")) => true,
        (Value::Bool(_), Some("boolean")) => true,
        (Value::String(_), Some("string")) => true,
        _ => false,
    };
    if fits {
        schema["default"] = value;
    }
}

fn parameter(p: &ParamInfo, schema: Value) -> Value {
    let place = match p.source {
        Source::Query => "query",
        Source::Header => "header",
        Source::Cookie => "cookie",
    };
    let mut schema = schema;
    if let Some(default) = p.default {
        set_default(&mut schema, default);
    }
    let (schema, required) = match p.arity {
        Arity::Required => (schema, true),
        Arity::Optional => (schema, false),
        Arity::Many => (json!({ "type": "array", "items": schema }), false),
    };
    let mut out = json!({ "name": p.key, "in": place, "required": required, "schema": schema });
    if p.arity == Arity::Many {
        out["style"] = json!("form");
        out["explode"] = json!(true);
    }
    out
}

/// A unique `operationId`: the route's name, with the method and path when the name is taken
/// (a route with several methods or optional captures) or absent.
fn operation_id(entry: &RouteEntry, method: &str, template: &str, ids: &mut HashSet<String>) -> String {
    let slug: String = template
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let candidates = match entry.info.name {
        Some(name) => vec![name.to_owned(), format!("{name}_{method}"), format!("{name}_{method}_{slug}")],
        None => vec![format!("{method}_{}", if slug.is_empty() { "root" } else { &slug })],
    };
    let base = candidates.last().cloned().unwrap_or_default();
    let mut id = candidates.into_iter().find(|c| !ids.contains(c)).unwrap_or_else(|| base.clone());
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    ids.insert(id.clone());
    id
}

/// The security requirement of a route: its `auth` scheme, or `{}` (anyone) without one.
fn requirement(doc: &RouteDoc) -> Value {
    Value::Object(doc.auth.iter().map(|(name, _)| (name.clone(), json!([]))).collect())
}

/// Adds a later route's way in to an earlier operation on the same path and method: an `auth`
/// route after an anonymous one makes the credentials optional, and an anonymous route after an
/// `auth` one (`get "me", auth who: Bearer` then `get "me"`) adds `{}`.
fn merge_security(earlier: &mut Value, later: &RouteDoc) {
    let Some(list) = earlier.get_mut("security").and_then(Value::as_array_mut) else {
        if !later.auth.is_empty() {
            earlier["security"] = json!([{}, requirement(later)]);
        }
        return;
    };
    let alternative = requirement(later);
    if !list.contains(&alternative) {
        list.push(alternative);
    }
}

/// The request headers a WebSocket handshake needs (RFC 6455 §4.1): without them the route
/// answers 400 (426 for another version).
fn websocket_headers() -> Vec<Value> {
    let header = |name: &str, schema: Value, description: &str| json!({ "name": name, "in": "header", "required": true, "schema": schema, "description": description });
    vec![
        header("Upgrade", json!({ "type": "string", "enum": ["websocket"] }), "The WebSocket upgrade"),
        header("Connection", json!({ "type": "string", "enum": ["Upgrade"] }), "Asks for the upgrade"),
        header("Sec-WebSocket-Version", json!({ "type": "string", "enum": ["13"] }), "The protocol version"),
        header(
            "Sec-WebSocket-Key",
            json!({ "type": "string", "pattern": "^[A-Za-z0-9+/]{21}[AQgw]==$" }),
            "16 random bytes in base64",
        ),
    ]
}

/// Whether `schema` (its `$ref`s looked up in `definitions`) has a binary string, such as an
/// `Upload`: only `multipart/form-data` can carry it.
fn has_binary(schema: &Value, definitions: &Map<String, Value>, seen: &mut Vec<String>) -> bool {
    match schema {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("binary") {
                return true;
            }
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next())
                && !seen.iter().any(|s| s == name)
            {
                seen.push(name.to_string());
                if definitions.get(name).is_some_and(|d| has_binary(d, definitions, seen)) {
                    return true;
                }
            }
            map.values().any(|v| has_binary(v, definitions, seen))
        }
        Value::Array(items) => items.iter().any(|v| has_binary(v, definitions, seen)),
        _ => false,
    }
}

fn operation(
    entry: &RouteEntry,
    doc: &RouteDoc,
    path: &[Value],
    id: String,
    method: Methods,
    errors: &Value,
    definitions: &Map<String, Value>,
) -> Value {
    let mut parameters: Vec<Value> = path.to_vec();
    for (k, p) in entry.info.params.iter().enumerate() {
        let schema = doc.params.get(k).cloned().unwrap_or_else(|| json!({ "type": "string" }));
        parameters.push(parameter(p, schema));
    }
    if doc.websocket {
        parameters.extend(websocket_headers());
    }
    let mut op = json!({
        "operationId": id,
        "summary": entry.to_string(),
        "responses": responses(entry, doc, errors),
    });
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    if let Some(body) = doc.bodies.first()
        && !method.contains(Methods::GET)
        && !method.contains(Methods::HEAD)
    {
        let mut content = Map::new();
        let binary = has_binary(&body.schema, definitions, &mut Vec::new());
        for kind in BuiltIn::ALL {
            let schema = match kind {
                // Only multipart carries a file; `text/plain` only a `String`.
                BuiltIn::Multipart => json!({ "schema": body.schema }),
                _ if binary => continue,
                BuiltIn::Json | BuiltIn::Text if body.form => continue,
                BuiltIn::Text if body.text => json!({ "schema": { "type": "string" } }),
                BuiltIn::Text => continue,
                _ => json!({ "schema": body.schema }),
            };
            content.insert(kind.media_type().into(), schema);
        }
        op["requestBody"] = json!({ "required": !body.optional, "content": content });
    }
    if !doc.auth.is_empty() {
        op["security"] = json!([requirement(doc)]);
    }
    if doc.live {
        super::live::describe(&mut op, method, errors);
    }
    op
}

/// The handler's answers and every status Rook answers for this route.
fn responses(entry: &RouteEntry, doc: &RouteDoc, errors: &Value) -> Value {
    let info = entry.info;
    let captures = info.segments.iter().any(|s| !matches!(s, SegmentInfo::Literal(_)));
    let body = !doc.bodies.is_empty();
    let slurpy = info.segments.iter().any(|s| matches!(s, SegmentInfo::Slurpy { .. }));
    // Each status says what, on this route, answers it.
    let either = |parts: Vec<&str>| {
        let mut text = parts.join(", or ");
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    };
    let mut statuses: Vec<(u16, String)> = Vec::new();
    let mut bad = Vec::new();
    if captures {
        bad.push("a path segment that does not percent-decode to UTF-8");
    }
    if !info.params.is_empty() {
        bad.push("a query, header or cookie parameter that is missing, repeated or does not decode");
    }
    if body {
        bad.push("a malformed body");
    }
    if doc.websocket {
        bad.push("a request that is not a WebSocket upgrade");
    }
    if !bad.is_empty() {
        statuses.push((400, either(bad)));
    }
    if !doc.auth.is_empty() {
        statuses.push((401, "Not authenticated (with `WWW-Authenticate`)".into()));
    }
    let mut forbidden = Vec::new();
    if !doc.auth.is_empty() {
        forbidden.push("the caller is known but not allowed (`auth`)");
    }
    if doc.static_files {
        forbidden.push("a static path that would leave its directory");
    }
    if doc.websocket {
        forbidden.push("a WebSocket upgrade from a page of another origin");
    }
    if !forbidden.is_empty() {
        statuses.push((403, either(forbidden)));
    }
    let mut missing = Vec::new();
    if captures {
        missing.push("a capture's type refuses the path");
    }
    if info.guarded {
        missing.push("the guard refuses the path");
    }
    if doc.static_files {
        missing.push("no such static file");
    }
    if !missing.is_empty() {
        statuses.push((404, either(missing)));
    }
    if body {
        statuses.push((408, "The body did not arrive within the body timeout".into()));
        statuses.push((413, "The body is over a limit".into()));
        statuses.push((415, "No parser for the body's Content-Type".into()));
        statuses.push((422, "The body does not fit its type".into()));
    }
    if doc.websocket {
        statuses.push((426, "Another WebSocket version than 13 (with `Sec-WebSocket-Version: 13`)".into()));
    }
    statuses.push((500, "The handler panicked".into()));
    let mut out = Map::new();
    let response = &doc.response;
    match &response.success {
        Some(success) => {
            let mut answer = json!({ "description": format!("The handler's answer (`{}`)", success.description) });
            if let Some((media, schema)) = &success.content {
                answer["content"] = json!({ media.as_str(): { "schema": schema } });
            }
            out.insert(success.status.to_string(), answer);
        }
        None => {
            let any = json!({ "description": "The handler's answer", "content": { "*/*": { "schema": {} } } });
            out.insert("2XX".into(), any);
        }
    }
    let handled = doc.bodies.iter().any(|b| b.handled);
    for (status, description) in statuses {
        let content = if handled && matches!(status, 400 | 408 | 413 | 415 | 422) {
            json!({ "*/*": { "schema": {} } })
        } else {
            errors.clone()
        };
        out.entry(status.to_string()).or_insert_with(|| json!({ "description": description, "content": content }));
    }
    if doc.websocket {
        out.insert("101".into(), json!({ "description": "Switching Protocols: the WebSocket is open" }));
    }
    if doc.static_files && slurpy {
        out.insert(
            "308".into(),
            json!({
                "description": "A directory named without its trailing slash: its path with `/` appended",
                "headers": { "Location": { "description": "The directory's path with `/`, query kept", "schema": { "type": "string" } } },
                "content": errors,
            }),
        );
    }
    if response.none_is_not_found {
        let none = "the handler's value is `None` (an empty body)";
        match out.get_mut("404") {
            Some(listed) => {
                let text = listed["description"].as_str().unwrap_or_default();
                listed["description"] = json!(format!("{text}; or {none}"));
            }
            None => {
                out.insert("404".into(), json!({ "description": format!("Not found: {none}") }));
            }
        }
    }
    out.insert(
        "405".into(),
        json!({
            "description": "Method not allowed: a route fits the path, none the method",
            "headers": {
                "Allow": {
                    "description": "The methods the path's routes answer",
                    "schema": { "type": "string" },
                },
            },
            "content": errors,
        }),
    );
    if let Some(error) = &response.error {
        out.insert(
            "default".into(),
            json!({
                "description": format!("The handler's error (`{error}`), with the status it chooses"),
                "content": { "*/*": { "schema": {} } },
            }),
        );
    }
    Value::Object(out)
}

/// The content of Rook's error answers in `format`.
fn error_content(format: &ErrorFormat) -> Value {
    let text = json!({ "schema": { "type": "string" } });
    let problem = json!({ "schema": { "$ref": "#/components/schemas/Problem" } });
    match format {
        ErrorFormat::Text => json!({ "text/plain": text }),
        ErrorFormat::ProblemJson => json!({ "application/problem+json": problem }),
        ErrorFormat::Negotiate => json!({ "text/plain": text, "application/problem+json": problem }),
        ErrorFormat::Custom(_) => json!({ "*/*": { "schema": {} } }),
    }
}

/// RFC 9457 problem details, as `ErrorFormat::ProblemJson` writes them.
fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "RFC 9457 problem details; members such as `parameter` name what failed",
        "properties": {
            "type": { "type": "string" },
            "title": { "type": "string" },
            "status": { "type": "integer" },
            "detail": { "type": "string" },
        },
        "required": ["type", "title", "status", "detail"],
    })
}
