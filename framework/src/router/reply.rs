//! How a handler's value becomes the response: any actix-web `Responder`, and `()` for
//! **204 No Content** (actix-web has no `Responder` for `()`).
//!
//! Coherence forbids one trait implemented both for every `Responder` and for `()`, so the
//! generated code picks by method resolution ("autoref specialisation"): the impls for `()` and
//! for text are found on the receiver itself, the `Responder` impl only after one more autoref.

use actix_web::body::BoxBody;
use actix_web::error::JsonPayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::web::Json;
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

/// A handler's value on its way to becoming a response.
#[doc(hidden)]
pub struct Reply<T>(pub Option<T>);

/// `()` → 204.
#[doc(hidden)]
pub trait UnitReply {
    fn rook_respond(&mut self, req: &HttpRequest) -> HttpResponse;
}

impl UnitReply for Reply<()> {
    fn rook_respond(&mut self, _: &HttpRequest) -> HttpResponse {
        HttpResponse::new(StatusCode::NO_CONTENT)
    }
}

/// What a handler's value must be: an actix-web `Responder` (or `()`, taken before this).
#[diagnostic::on_unimplemented(
    message = "a handler's value must be a response, but `{Self}` is not one",
    label = "this handler's value is a `{Self}`",
    note = "a handler's value implements actix-web's `Responder`: `&str`, `String`, `rook::Response` (from `content`, `created`, `redirect`…), `HttpResponse`, `Json<T>`, `()` for 204, or `Result<R, E>` with `R: Responder` and `E: actix_web::ResponseError`",
    note = "if it is a future, such as `static_dir(..)` or `static_file(..)`, add `.await`"
)]
pub trait HandlerValue {
    /// The response.
    fn into_reply(self, req: &HttpRequest) -> HttpResponse;
}

impl<T: Responder> HandlerValue for T {
    fn into_reply(self, req: &HttpRequest) -> HttpResponse {
        self.respond_to(req).map_into_boxed_body()
    }
}

/// Any `Responder`. The bound sits on the method, not on the impl, so that a value that is not
/// one is reported as an unmet [`HandlerValue`] bound, in the user's terms.
pub trait RespondWith<T> {
    /// The response to the handler's value.
    fn rook_respond(&mut self, req: &HttpRequest) -> HttpResponse
    where
        T: HandlerValue;
}

impl<T> RespondWith<T> for &mut Reply<T> {
    fn rook_respond(&mut self, req: &HttpRequest) -> HttpResponse
    where
        T: HandlerValue,
    {
        self.0.take().expect("a reply is taken once").into_reply(req)
    }
}

/// Text as actix-web's `&str`/`String` responders send it, without their copy of a `Mime` into
/// a new header value: the same bytes on the wire, one allocation less per request.
#[doc(hidden)]
pub trait TextReply {
    fn rook_respond(&mut self, req: &HttpRequest) -> HttpResponse;
}

fn text(body: BoxBody) -> HttpResponse {
    let mut res = HttpResponse::with_body(StatusCode::OK, body);
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

impl TextReply for Reply<&'static str> {
    fn rook_respond(&mut self, _: &HttpRequest) -> HttpResponse {
        text(BoxBody::new(self.0.take().expect("a reply is taken once")))
    }
}

impl TextReply for Reply<String> {
    fn rook_respond(&mut self, _: &HttpRequest) -> HttpResponse {
        text(BoxBody::new(self.0.take().expect("a reply is taken once")))
    }
}

/// `Json<T>` as actix-web's responder sends it (200, `application/json`, or its 500 when `T`
/// does not serialise), without its copy of a `Mime` into a new header value: one allocation
/// less per request.
#[doc(hidden)]
pub trait JsonReply {
    fn rook_respond(&mut self, req: &HttpRequest) -> HttpResponse;
}

impl<T: Serialize> JsonReply for Reply<Json<T>> {
    fn rook_respond(&mut self, _: &HttpRequest) -> HttpResponse {
        let Json(value) = self.0.take().expect("a reply is taken once");
        match serde_json::to_vec(&value) {
            Ok(body) => {
                let mut res = HttpResponse::with_body(StatusCode::OK, BoxBody::new(body));
                res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                res
            }
            Err(err) => HttpResponse::from_error(JsonPayloadError::Serialize(err)),
        }
    }
}
