//! Responses (docs/bodies.md#responses): the chainable [`Response`] builder, its helpers ([`content`],
//! [`created`], [`redirect`], …) and the [`BodySerializer`]s that turn values into bodies.

mod redirect;
pub(crate) mod serializer;

use std::fmt;

use actix_web::body::BoxBody;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

pub use serializer::{BodySerializer, ErasedSerialize, SerializeError};

use crate::body::BodyConfig;
use crate::errors::error::RookError;
use crate::media::essence;
use serializer::builtin;

/// A response under construction: a status, headers, cookies and optionally a body that is
/// serialised when responding, by the [`BodySerializer`] for its media type (so serializers
/// registered in [`BodyConfig`] apply). An actix-web [`Responder`].
///
/// Build one with a helper and chain: [`content`], [`created`], [`redirect`],
/// [`redirect_permanent`], [`see_other`], [`not_found`], [`bad_request`], [`forbidden`],
/// [`conflict`], [`server_error`].
///
/// ```
/// use rook::{content, created, not_found};
/// use actix_web::{web, App, test};
/// use actix_web::cookie::Cookie;
///
/// #[derive(serde::Serialize)]
/// struct Item { id: u32, name: &'static str }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new()
///     .route("/hello", web::get().to(|| async { content("text/plain", "Hello\n") }))
///     .route("/items", web::post().to(|| async {
///         created("/items/7")
///             .content("application/json", Item { id: 7, name: "lamp" })
///             .header("Link", "</items>; rel=\"collection\"")
///             .cookie(Cookie::new("last", "7"))
///     }))
///     .route("/gone", web::get().to(|| async { not_found().content("text/plain", "no such item") })),
/// ).await;
///
/// let res = test::call_service(&app, test::TestRequest::get().uri("/hello").to_request()).await;
/// assert_eq!(res.headers().get("content-type").unwrap(), "text/plain; charset=utf-8");
///
/// let res = test::call_service(&app, test::TestRequest::post().uri("/items").to_request()).await;
/// assert_eq!(res.status(), 201);
/// assert_eq!(res.headers().get("location").unwrap(), "/items/7");
/// assert_eq!(test::read_body(res).await, r#"{"id":7,"name":"lamp"}"#);
///
/// let res = test::call_service(&app, test::TestRequest::get().uri("/gone").to_request()).await;
/// assert_eq!(res.status(), 404);
/// # });
/// ```
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    content: Option<Content>,
    fault: Option<Fault>,
}

/// A body waiting to be serialised.
struct Content {
    media_type: String,
    value: Box<dyn ErasedSerialize + Send>,
}

/// Something went wrong while building; it decides the response whatever else is chained.
enum Fault {
    /// **400**: a redirect target or location that must not be sent.
    Refused(&'static str),
    /// **500**: the handler built an invalid response (logged; the client sees a generic body).
    Invalid(String),
}

impl Response {
    /// An empty response with `status`.
    pub fn new(status: StatusCode) -> Self {
        Response { status, headers: HeaderMap::new(), content: None, fault: None }
    }

    /// Sets the body: `value` serialised by the serializer for `media_type` when responding,
    /// which also becomes the `Content-Type` (`text/*` gets `; charset=utf-8` unless it names a
    /// charset). A value that serializer does not take answers **500** (and is logged).
    pub fn content(mut self, media_type: impl AsRef<str>, value: impl Serialize + Send + 'static) -> Self {
        self.content = Some(Content { media_type: media_type.as_ref().to_owned(), value: Box::new(value) });
        self
    }

    /// Overrides the status (`u16` or [`StatusCode`]); an invalid code answers **500**.
    pub fn status<S: TryInto<StatusCode>>(mut self, code: S) -> Self {
        match code.try_into() {
            Ok(status) => self.status = status,
            Err(_) => self.fail(Fault::Invalid("invalid status code".to_owned())),
        }
        self
    }

    /// Appends a header: two `Link` headers stay two. `Content-Type` replaces the body's.
    /// An invalid name or value answers **500**.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let (name, value) = (name.as_ref(), value.as_ref());
        match (HeaderName::try_from(name), HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => self.headers.append(name, value),
            _ => self.fail(Fault::Invalid(format!("invalid header {name:?}: {value:?}"))),
        }
        self
    }

    /// Adds a `Set-Cookie` header for `cookie` (written as `Cookie`'s `Display` does, like
    /// actix-web's builder). A cookie that is not a valid header value (a CR or LF in its
    /// value, say) answers **500** and is not sent.
    pub fn cookie(mut self, cookie: Cookie<'static>) -> Self {
        match HeaderValue::from_str(&cookie.to_string()) {
            Ok(value) => self.headers.append(header::SET_COOKIE, value),
            Err(_) => self.fail(Fault::Invalid(format!("invalid cookie {:?}", cookie.name()))),
        }
        self
    }

    /// Sets `Location`, made safe to send; a refused target answers **400** with nothing sent
    /// in a header.
    fn location(mut self, target: impl AsRef<str>) -> Self {
        match redirect::location(target.as_ref()) {
            Ok(value) => drop(self.headers.insert(header::LOCATION, value)),
            Err(why) => self.fail(Fault::Refused(why)),
        }
        self
    }

    /// Keeps the first fault: it is the one that explains the others.
    fn fail(&mut self, fault: Fault) {
        self.fault.get_or_insert(fault);
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("content", &self.content.as_ref().map(|c| &c.media_type))
            .finish()
    }
}

impl Responder for Response {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        if let Some(fault) = self.fault {
            return fault.response();
        }
        let mut res = HttpResponse::build(self.status);
        let mut res = match self.content {
            None => res.finish(),
            Some(content) => match content.serialize(req) {
                Ok((content_type, body)) => res.insert_header((header::CONTENT_TYPE, content_type)).body(body),
                Err(why) => return Fault::Invalid(why).response(),
            },
        };
        let headers = res.headers_mut();
        for (name, value) in self.headers {
            if name == header::CONTENT_TYPE || name == header::LOCATION {
                headers.insert(name, value);
            } else {
                headers.append(name, value);
            }
        }
        res
    }
}

impl Content {
    /// The `Content-Type` and body bytes.
    fn serialize(self, req: &HttpRequest) -> Result<(HeaderValue, Vec<u8>), String> {
        let essence = essence(&self.media_type);
        let serializer = BodyConfig::of(req).serializer_for(&essence).unwrap_or_else(|| builtin(&essence));
        let body = serializer
            .serialize(&*self.value)
            .map_err(|e| format!("response body could not be serialised as {}: {e}", self.media_type))?;
        let content_type = if essence.starts_with("text/") && !names_charset(&self.media_type) {
            format!("{}; charset=utf-8", self.media_type)
        } else {
            self.media_type
        };
        let content_type = HeaderValue::try_from(content_type).map_err(|e| format!("invalid media type: {e}"))?;
        Ok((content_type, body))
    }
}

fn names_charset(media_type: &str) -> bool {
    media_type
        .split(';')
        .skip(1)
        .any(|param| param.trim_start().get(..8).is_some_and(|name| name.eq_ignore_ascii_case("charset=")))
}

impl Fault {
    fn response(self) -> HttpResponse {
        let (status, body) = match self {
            Fault::Refused(why) => (StatusCode::BAD_REQUEST, why),
            Fault::Invalid(why) => {
                log::error!("rook: {why}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        };
        HttpResponse::from_error(RookError::new(status, body))
    }
}

/// **200** with `value` serialised for `media_type` (see [`Response::content`]).
///
/// ```
/// # use rook::content;
/// let hello = content("text/plain", "Hello from Rook\n");
/// let data = content("application/json", serde_json::json!({"ok": true}));
/// let bytes = content("application/octet-stream", vec![0u8, 1, 2]);
/// # drop((hello, data, bytes));
/// ```
pub fn content(media_type: impl AsRef<str>, value: impl Serialize + Send + 'static) -> Response {
    Response::new(StatusCode::OK).content(media_type, value)
}

/// **201 Created** with `Location: location` (made safe as for [`redirect`]).
pub fn created(location: impl AsRef<str>) -> Response {
    Response::new(StatusCode::CREATED).location(location)
}

/// **307 Temporary Redirect** to `to` (method and body kept). A target with CR, LF, NUL or
/// another control character answers **400** and sends no `Location`; one that starts with
/// `//` or `/\` (which would leave the origin) has its leading slashes collapsed to one.
pub fn redirect(to: impl AsRef<str>) -> Response {
    Response::new(StatusCode::TEMPORARY_REDIRECT).location(to)
}

/// **308 Permanent Redirect** to `to` (made safe as for [`redirect`]).
pub fn redirect_permanent(to: impl AsRef<str>) -> Response {
    Response::new(StatusCode::PERMANENT_REDIRECT).location(to)
}

/// **303 See Other** to `to` (made safe as for [`redirect`]): the client follows with a GET.
pub fn see_other(to: impl AsRef<str>) -> Response {
    Response::new(StatusCode::SEE_OTHER).location(to)
}

/// **404 Not Found**, empty unless followed by [`.content(..)`](Response::content).
pub fn not_found() -> Response {
    Response::new(StatusCode::NOT_FOUND)
}

/// **400 Bad Request**, empty unless followed by [`.content(..)`](Response::content).
pub fn bad_request() -> Response {
    Response::new(StatusCode::BAD_REQUEST)
}

/// **403 Forbidden**, empty unless followed by [`.content(..)`](Response::content).
pub fn forbidden() -> Response {
    Response::new(StatusCode::FORBIDDEN)
}

/// **409 Conflict**, empty unless followed by [`.content(..)`](Response::content).
pub fn conflict() -> Response {
    Response::new(StatusCode::CONFLICT)
}

/// **500 Internal Server Error**, empty unless followed by [`.content(..)`](Response::content).
pub fn server_error() -> Response {
    Response::new(StatusCode::INTERNAL_SERVER_ERROR)
}
