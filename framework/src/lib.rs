//! # Rook
//!
//! A declarative, signature-routed web framework on actix-web. An application declares its
//! routes in one [`route!`] block; each route is a *signature* — method, path segments, query,
//! header and cookie parameters, extractors — and the block compiles into a matcher that
//! answers 404, 405 (with `Allow`) and 400 by itself.
//!
//! ```
//! use rook::prelude::*;
//!
//! fn app() -> Routes {
//!     route! {
//!         get / => "Hello from Rook\n",
//!         get "catalogue" / "products" / id: u32 => format!("product {id}"),
//!         get "orders" / "history" / page: u32 = 1 => format!("page {page}"),
//!         get "search" ? term: String & limit: Option<u32> => format!("{term} {limit:?}"),
//!         get "agent", header "User-Agent" as agent: String => agent,
//!     }
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! use actix_web::{test, App};
//! let app = test::init_service(App::new().service(app())).await;
//! let res = test::call_service(&app, test::TestRequest::get().uri("/catalogue/products/7").to_request()).await;
//! assert_eq!(test::read_body(res).await, "product 7");
//! let res = test::call_service(&app, test::TestRequest::get().uri("/search").to_request()).await;
//! assert_eq!(res.status(), 400); // missing query parameter "term"
//! # });
//! ```
//!
//! Serve it with `rook::serve(app()).await`, or mount it in an actix-web `App` with
//! `App::new().service(app())`. The route language and its statuses are described in the
//! README and in [`route!`].

#![warn(missing_docs)]

mod auth;
mod body;
mod errors;
mod forms;
mod html;
mod links;
pub mod live;
mod media;
mod openapi;
mod pchar;
mod respond;
mod router;
mod serve;
pub mod session;
mod static_files;
#[cfg(feature = "testing")]
pub mod testing;
mod ws;

pub use auth::{AuthConfig, AuthError, Authenticate, Basic, Bearer};
pub use body::{Body, BodyConfig, BodyError, BodyErrorKind, BodyParser, Limit, Upload};
pub use errors::{ErrorFormat, RookError};
pub use forms::{Form, FormErrors};
pub use html::{Children, Context as HtmlContext, Display, Html, Render, SizeHint, Writer, display};
pub use links::base::{LinkBaseError, set_link_base};
pub use links::link::Link;
pub use links::text::LinkText;
pub use links::to_segment::ToSegment;
pub use openapi::doc::{BodyDoc, DocFn, RouteDoc};
pub use openapi::response::{ResponseDoc, ResponseSchema, SuccessDoc};
pub use openapi::schema::SegmentSchema;
pub use respond::{
    BodySerializer, ErasedSerialize, Response, SerializeError, bad_request, conflict, content, created, forbidden,
    not_found, redirect, redirect_permanent, see_other, server_error,
};
pub use router::info::{Arity, AuthInfo, DataInfo, ParamInfo, RouteEntry, RouteInfo, RouteList, SegmentInfo};
pub use router::method::Methods;
pub use router::params::{ParamError, Problem, Source};
pub use router::path::{PathError, Segments, split_decode};
pub use router::rejection::RouterError;
pub use router::segment::{FromSegment, SegmentError};
pub use router::{Layered, Recognized, Routes, RoutesFuture, RoutesService};
/// schemars, whose `JsonSchema` documents request bodies in [`Routes::openapi`].
pub use schemars;
pub use serve::{Server, serve};
pub use session::{CsrfPolicy, CsrfToken, Flash, FlashLevel, FlashMessage, FromSession, Session, SessionConfig};
pub use static_files::{NamedFile, StaticError, StaticFiles, static_dir, static_file};
#[cfg(feature = "redis")]
pub use ws::RedisError;
pub use ws::{
    CHAT_PROTOCOL, ChatLine, ChatRoom, CloseCode, Connection, HandshakeError, MAX_NAME_CHARS, Notices, SendError,
    WebSocket, WsConfig,
};

/// actix-web, which Rook is built on: for its types (`HttpRequest`, `HttpResponse`, `App`,
/// `HttpServer`, middleware) without a dependency of your own.
pub use actix_web;

/// Marks the `async fn main` that runs a Rook server on actix-web's runtime:
/// `#[rook::main] async fn main() -> std::io::Result<()> { rook::serve(app()).await }`.
pub use rook_derive::main;
/// Marks an `async fn` test that runs on actix-web's runtime: `#[rook::test] async fn it_answers() { .. }`.
pub use rook_derive::test;
pub use rook_derive::{Segment, html, route, routes};

// The traits through which a handler's value becomes its response: named here, at the root,
// so that compile errors about a handler's value name them in a user's terms.
#[doc(hidden)]
pub use router::reply::{HandlerValue, RespondWith};

/// The README's examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The guide's examples (`docs/*.md`), compiled and run as doctests so that they stay true.
#[cfg(doctest)]
mod guide_doctests {
    #[doc = include_str!("../../docs/routing.md")]
    pub struct Routing;
    #[doc = include_str!("../../docs/bodies.md")]
    pub struct Bodies;
    #[doc = include_str!("../../docs/static.md")]
    pub struct Static;
    #[doc = include_str!("../../docs/websockets.md")]
    pub struct Websockets;
    #[doc = include_str!("../../docs/auth.md")]
    pub struct Auth;
    #[doc = include_str!("../../docs/composition.md")]
    pub struct Composition;
    #[doc = include_str!("../../docs/links-openapi.md")]
    pub struct LinksOpenapi;
    #[doc = include_str!("../../docs/serving.md")]
    pub struct Serving;
    #[doc = include_str!("../../docs/testing.md")]
    pub struct Testing;
    #[doc = include_str!("../../docs/pages.md")]
    pub struct Pages;
    #[doc = include_str!("../../docs/live.md")]
    pub struct Live;
}

/// Everything a route block usually needs: `use rook::prelude::*;`.
pub mod prelude {
    pub use crate::live::{Live, LiveView};
    pub use crate::{AuthError, Authenticate, Basic, Bearer};
    pub use crate::{
        Body, BodyConfig, BodyParser, BodySerializer, Response, Upload, bad_request, conflict, content, created,
        forbidden, not_found, redirect, redirect_permanent, see_other, server_error,
    };
    pub use crate::{ChatRoom, WebSocket, WsConfig};
    pub use crate::{CsrfToken, Flash, Form, FormErrors, Session};
    pub use crate::{FromSegment, Link, Routes, Segment, ToSegment, route};
    pub use crate::{Html, Render, Writer, html};
    pub use crate::{StaticFiles, static_dir, static_file};
    pub use actix_web::HttpRequest;
    pub use actix_web::web::Data;
}

/// What the code generated by `route!`, `#[derive(Segment)]` and `#[rook::main]` refers to.
/// Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::Routes;
    pub use crate::auth::Authenticate;
    pub use crate::auth::slot::{AuthFuture, Authenticated, authenticate, no_authentication};
    pub use crate::links::builder::LinkBuilder;
    pub use crate::links::link::Link;
    pub use crate::links::text::LinkText;
    pub use crate::links::to_segment::ToSegment;
    pub use crate::openapi::doc::{BodyDoc, DocFn, RouteDoc};
    pub use crate::openapi::response::{ResponseDoc, ResponseFallback, ViaResponseSchema, observe};
    pub use crate::openapi::schema::{
        BodyFallback, Probe, SegmentFallback, SegmentSchema, ViaJsonSchema, ViaSegmentSchema, with_pattern, with_range,
        with_validation,
    };
    pub use crate::router::generated::{
        Block, Candidates, Captured, Cursor, Handler, Item, Kind, Origin, Table, kinds, refuses,
    };
    pub use crate::router::info::{Arity, AuthInfo, DataInfo, ParamInfo, RouteInfo, SegmentInfo};
    pub use crate::router::method::Methods;
    pub use crate::router::missing_data::missing_data;
    pub use crate::router::params::{
        ParamError, Source, cookie_values, header_values, many, one, optional, query_values,
    };
    pub use crate::router::reply::{JsonReply, Reply, RespondWith, TextReply, UnitReply};
    pub use crate::router::segment::{FromSegment, SegmentError};
    pub use crate::serve::exit_if_reported;
    pub use crate::session::{FromSession, SessionJar};
    pub use actix_web::dev::Extensions;
    pub use actix_web::dev::Payload;
    pub use actix_web::rt::System;
    pub use actix_web::{FromRequest, HttpRequest, HttpResponse};
    pub use regex::Regex;
    pub use schemars::SchemaGenerator;
    pub use serde_json::Value as JsonValue;
    pub use std::borrow::Cow;
    pub use std::sync::LazyLock;
}
