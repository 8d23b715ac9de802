//! Request bodies (docs/bodies.md): [`Body<T>`] parses the body with the parser for its `Content-Type`.
//!
//! Built-in parsers: JSON (`application/json`, `application/*+json`), urlencoded forms,
//! `multipart/form-data` (text parts into `T`'s fields, file parts into [`Upload`] fields) and
//! `text/plain` (into `String`). [`BodyConfig`] sets the limits and the body timeout and
//! registers custom [`BodyParser`]s, which are tried first.

mod budget;
mod config;
mod error;
mod expect;
pub(crate) mod fields;
mod form;
mod held;
mod json;
pub(crate) mod media;
pub(crate) mod multipart;
mod parser;
mod part_headers;
mod read;
mod spill;
mod text;
mod upload;

use std::fmt;
use std::ops::{Deref, DerefMut};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::media::essence;
use media::BuiltIn;

pub use config::BodyConfig;
pub use error::{BodyError, BodyErrorKind, Limit};
pub(crate) use expect::refuse as refuse_on_headers;
pub(crate) use held::{Held, watch as watch_held};
pub use parser::BodyParser;
pub use upload::Upload;

pub(crate) use read::read_to_limit;

/// The request body, parsed into `T` by the parser registered for its `Content-Type`
/// (parameters such as `charset` ignored). An actix-web extractor.
///
/// | outcome | status |
/// |---|---|
/// | no parser for the type, or no `Content-Type` (the body lists the accepted types) | 415 |
/// | malformed (the parser's message, with the position) | 400 |
/// | well-formed but not fitting `T` (names the field) | 422 |
/// | over a [`BodyConfig`] limit (names the limit) | 413 |
/// | not received within the body timeout | 408 |
///
/// Alternatives (several accepted shapes) are a `#[serde(untagged)]` enum. In multipart
/// bodies a name given several times fills a `Vec<_>` field (add `#[serde(default)]` for zero
/// times); urlencoded forms take each name once (serde_urlencoded).
///
/// ```
/// use rook::Body;
/// use actix_web::{web, App, test};
///
/// #[derive(serde::Deserialize)]
/// struct LogEntry { level: String, message: String }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().route("/log", web::post().to(|entry: Body<LogEntry>| async move {
///     let entry = entry.into_inner();
///     format!("[{}] {}", entry.level, entry.message)
/// }))).await;
///
/// let json = test::TestRequest::post().uri("/log")
///     .insert_header(("Content-Type", "application/json"))
///     .set_payload(r#"{"level":"info","message":"hi"}"#).to_request();
/// assert_eq!(test::call_and_read_body(&app, json).await, "[info] hi");
///
/// let form = test::TestRequest::post().uri("/log")
///     .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
///     .set_payload("level=warn&message=disk+full").to_request();
/// assert_eq!(test::call_and_read_body(&app, form).await, "[warn] disk full");
///
/// let unfit = test::TestRequest::post().uri("/log")
///     .insert_header(("Content-Type", "application/json"))
///     .set_payload(r#"{"level":"info"}"#).to_request();
/// assert_eq!(test::call_service(&app, unfit).await.status(), 422);
/// # });
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    /// The parsed body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Body<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Body<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = BodyError;
    type Future = LocalBoxFuture<'static, Result<Self, BodyError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let config = BodyConfig::of(&req);
            match tokio::time::timeout(config.timeout, parse::<T>(&req, payload, config)).await {
                Ok(parsed) => parsed.map(Body),
                Err(_) => Err(BodyError::timeout(config.timeout)),
            }
        })
    }
}

/// Picks the parser for the request's media type: registered ones first, then the built-ins.
async fn parse<T: DeserializeOwned>(
    req: &HttpRequest,
    mut payload: Payload,
    config: &BodyConfig,
) -> Result<T, BodyError> {
    let media = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().map(essence));
    let essence = match media {
        Some(Ok(essence)) => essence,
        Some(Err(_)) => return Err(unsupported::<T>("unreadable Content-Type", config)),
        None => return Err(unsupported::<T>("no Content-Type", config)),
    };
    if let Some(parser) = config.parser_for(&essence) {
        let body = read_to_limit(req, &mut payload, Limit::Parser, config.parser_limit).await?;
        let value = parser.parse(req, &body).map_err(BodyError::malformed)?;
        return json::from_value(value);
    }
    let kind = BuiltIn::of(&essence).filter(|k| *k != BuiltIn::Text || text::accepts::<T>());
    let Some(kind) = kind else {
        return Err(unsupported::<T>(&format!("unsupported Content-Type \"{essence}\""), config));
    };
    if kind == BuiltIn::Multipart {
        return multipart::parse(req, payload, config).await;
    }
    let (limit, bytes) = kind.limit(config);
    let body = read_to_limit(req, &mut payload, limit, bytes).await?;
    match kind {
        BuiltIn::Json => json::parse(&body),
        BuiltIn::Form => form::parse(&body),
        _ => text::parse(&body),
    }
}

/// A 415 listing the media types this `Body<T>` accepts.
fn unsupported<T: DeserializeOwned>(what: &str, config: &BodyConfig) -> BodyError {
    unsupported_media(what, config, text::accepts::<T>())
}

/// A 415 listing the media types the parsers read (`text/plain` when `text`).
fn unsupported_media(what: &str, config: &BodyConfig, text: bool) -> BodyError {
    let mut accepted: Vec<&str> = config.parser_types().collect();
    let built_in = BuiltIn::ALL.into_iter().filter(|b| *b != BuiltIn::Text || text);
    accepted.extend(built_in.flat_map(|b| b.accepted().iter().copied()));
    BodyError::new(BodyErrorKind::Unsupported, format!("{what}; accepted: {}", accepted.join(", ")))
}
