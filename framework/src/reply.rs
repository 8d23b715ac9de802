//! How a handler's value becomes the response: any actix-web `Responder`, and `()` for
//! **204 No Content** (actix-web has no `Responder` for `()`).
//!
//! Coherence forbids one trait implemented both for every `Responder` and for `()`, so the
//! generated code picks by method resolution ("autoref specialisation"): the impls for `()` and
//! for text are found on the receiver itself, the `Responder` impl only after one more autoref.

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};

/// A handler's value on its way to becoming a response.
#[doc(hidden)]
pub struct Reply<T>(pub Option<T>);

/// `()` → 204.
#[doc(hidden)]
pub trait UnitReply {
    fn __rook_reply(&mut self, req: &HttpRequest) -> HttpResponse;
}

impl UnitReply for Reply<()> {
    fn __rook_reply(&mut self, _: &HttpRequest) -> HttpResponse {
        HttpResponse::new(StatusCode::NO_CONTENT)
    }
}

/// Any `Responder`.
#[doc(hidden)]
pub trait ResponderReply {
    fn __rook_reply(&mut self, req: &HttpRequest) -> HttpResponse;
}

impl<T: Responder> ResponderReply for &mut Reply<T> {
    fn __rook_reply(&mut self, req: &HttpRequest) -> HttpResponse {
        let value = self.0.take().expect("a reply is taken once");
        let mut res = value.respond_to(req).map_into_boxed_body();
        // A static directory's 308 learns the request path and query here (SPEC §8).
        crate::static_files::complete_redirect(req, &mut res);
        res
    }
}

/// Text as actix-web's `&str`/`String` responders send it, without their copy of a `Mime` into
/// a new header value: the same bytes on the wire, one allocation less per request.
#[doc(hidden)]
pub trait TextReply {
    fn __rook_reply(&mut self, req: &HttpRequest) -> HttpResponse;
}

fn text(body: BoxBody) -> HttpResponse {
    let mut res = HttpResponse::with_body(StatusCode::OK, body);
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

impl TextReply for Reply<&'static str> {
    fn __rook_reply(&mut self, _: &HttpRequest) -> HttpResponse {
        text(BoxBody::new(self.0.take().expect("a reply is taken once")))
    }
}

impl TextReply for Reply<String> {
    fn __rook_reply(&mut self, _: &HttpRequest) -> HttpResponse {
        text(BoxBody::new(self.0.take().expect("a reply is taken once")))
    }
}
