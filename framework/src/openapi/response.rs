//! [`ResponseSchema`]: what a handler's value type says about the answer it becomes, for the
//! responses of `Routes::openapi()`. `route!` finds the type of each handler's value without
//! running it and probes it by autoref specialisation ([`ViaResponseSchema`], with
//! [`ResponseFallback`] for a type that says nothing: `HttpResponse`, `rook::Response`,
//! `impl Responder`…), so that every handler still compiles.

use std::borrow::Cow;

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut, Html, Json};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

use super::schema::Probe;

/// What a handler's value type says about its answer. The default says nothing: the document
/// then has a generic `2XX` with any content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseDoc {
    /// The answer to a value, when the type fixes it; `None` when it does not.
    pub success: Option<SuccessDoc>,
    /// `Option<V>`: `None` answers **404** with an empty body.
    pub none_is_not_found: bool,
    /// `Result<V, E>`: an `Err` answers `E`'s response, with the status `E` chooses; the
    /// text names `E`.
    pub error: Option<String>,
}

/// The answer a handler's value type fixes: its status and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessDoc {
    /// `200`, `204`…
    pub status: u16,
    /// What the value is, for the response's description (`Json<Product>`).
    pub description: String,
    /// The media type and the JSON Schema of the body; `None` for an answer without one.
    pub content: Option<(String, Value)>,
}

impl ResponseDoc {
    /// `status` with `content` (media type and schema) for a value of type `T`.
    pub fn success<T: ?Sized>(status: StatusCode, content: Option<(&str, Value)>) -> ResponseDoc {
        ResponseDoc {
            success: Some(SuccessDoc {
                status: status.as_u16(),
                description: short_type_name::<T>(),
                content: content.map(|(media, schema)| (media.to_owned(), schema)),
            }),
            ..ResponseDoc::default()
        }
    }
}

/// A handler's value type whose answer is known from the type alone, documented in
/// `Routes::openapi()` as that status and content instead of a generic `2XX`.
///
/// Implemented for what Rook answers the same way every time: `Json<T>` (`T: JsonSchema`: 200,
/// `application/json` with `T`'s schema), `String`, `&str`, `&String`, `Cow<str>` (200,
/// `text/plain; charset=utf-8`), `Html` (200, `text/html; charset=utf-8`), `Vec<u8>`, `Bytes`,
/// `BytesMut`, `&'static [u8]` (200, `application/octet-stream`), `()` (204), `Result<V, E>`
/// (`V`'s answer, and `E`'s with any status) and `Option<V>` (`V`'s answer, and 404 for
/// `None`). Implement it for a `Responder` of your own whose status and content are fixed.
pub trait ResponseSchema {
    /// The answer to a value of this type; named schemas go into `generator`'s definitions.
    fn response_doc(generator: &mut SchemaGenerator) -> ResponseDoc;
}

impl<T: JsonSchema> ResponseSchema for Json<T> {
    fn response_doc(generator: &mut SchemaGenerator) -> ResponseDoc {
        let schema = generator.subschema_for::<T>().to_value();
        ResponseDoc::success::<Json<T>>(StatusCode::OK, Some(("application/json", schema)))
    }
}

macro_rules! fixed {
    ($media:literal, $schema:expr => $($t:ty),*) => {$(
        impl ResponseSchema for $t {
            fn response_doc(_: &mut SchemaGenerator) -> ResponseDoc {
                ResponseDoc::success::<$t>(StatusCode::OK, Some(($media, $schema)))
            }
        }
    )*};
}

fixed!("text/plain; charset=utf-8", json!({ "type": "string" }) => String, &str, &String, Cow<'_, str>);
fixed!("text/html; charset=utf-8", json!({ "type": "string" }) => Html, crate::html::Html);
fixed!("application/octet-stream", json!({ "type": "string", "contentMediaType": "application/octet-stream" })
    => Vec<u8>, Bytes, BytesMut, &'static [u8]);

/// `()`: **204 No Content** (Rook's answer; actix-web's too for `Result<(), E>`).
impl ResponseSchema for () {
    fn response_doc(_: &mut SchemaGenerator) -> ResponseDoc {
        ResponseDoc::success::<()>(StatusCode::NO_CONTENT, None)
    }
}

impl<V: ResponseSchema, E> ResponseSchema for Result<V, E> {
    fn response_doc(generator: &mut SchemaGenerator) -> ResponseDoc {
        ResponseDoc { error: Some(short_type_name::<E>()), ..V::response_doc(generator) }
    }
}

impl<V: ResponseSchema> ResponseSchema for Option<V> {
    fn response_doc(generator: &mut SchemaGenerator) -> ResponseDoc {
        ResponseDoc { none_is_not_found: true, ..V::response_doc(generator) }
    }
}

/// The answer of a value type with a [`ResponseSchema`].
pub trait ViaResponseSchema {
    /// `T::response_doc(generator)`.
    fn response_doc(&self, generator: &mut SchemaGenerator) -> ResponseDoc;
}

impl<T: ResponseSchema> ViaResponseSchema for &Probe<T> {
    fn response_doc(&self, generator: &mut SchemaGenerator) -> ResponseDoc {
        T::response_doc(generator)
    }
}

/// The answer of a value type that says nothing about it: generic.
pub trait ResponseFallback {
    /// [`ResponseDoc::default`].
    fn response_doc(&self, generator: &mut SchemaGenerator) -> ResponseDoc;
}

impl<T> ResponseFallback for Probe<T> {
    fn response_doc(&self, _: &mut SchemaGenerator) -> ResponseDoc {
        ResponseDoc::default()
    }
}

/// Ties `probe`'s type to the type of a handler's `value`, in the never-called code `route!`
/// generates to learn that type (the value of the handler's expression, awaited as the runtime
/// awaits it). Never called.
#[doc(hidden)]
pub fn observe<T>(probe: &Probe<T>, value: T) {
    let _ = (probe, value);
}

/// `Json<Product>` for `actix_web::types::json::Json<my_app::Product>`: the last path segment
/// of each type in the name.
fn short_type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(&word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(&word));
    out
}

#[cfg(test)]
mod tests {
    use actix_web::HttpResponse;

    use super::*;

    struct Plain;

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)] // only its schema is read
    struct Item {
        id: u32,
    }

    #[test]
    #[allow(clippy::needless_borrow)] // the autoref is what picks the impl
    fn probes_pick_the_type_or_the_fallback() {
        let mut generator = SchemaGenerator::default();
        let json = (&&Probe::<Json<Item>>::new()).response_doc(&mut generator);
        let success = json.success.expect("Json<T> says its answer");
        assert_eq!((success.status, success.description.as_str()), (200, "Json<Item>"));
        assert_eq!(success.content.expect("a body").0, "application/json");
        let text = (&&Probe::<Result<String, std::io::Error>>::new()).response_doc(&mut generator);
        assert_eq!(text.success.expect("text").content.expect("a body").0, "text/plain; charset=utf-8");
        assert_eq!(text.error.as_deref(), Some("Error"));
        let unit = (&&Probe::<Option<()>>::new()).response_doc(&mut generator);
        assert!(unit.none_is_not_found);
        assert_eq!(unit.success.expect("()").content, None);
        assert_eq!((&&Probe::<Plain>::new()).response_doc(&mut generator), ResponseDoc::default());
        assert_eq!((&&Probe::<HttpResponse>::new()).response_doc(&mut generator), ResponseDoc::default());
    }

    #[test]
    fn type_names_are_short() {
        assert_eq!(short_type_name::<Json<Vec<Item>>>(), "Json<Vec<Item>>");
        assert_eq!(short_type_name::<&str>(), "&str");
    }
}
