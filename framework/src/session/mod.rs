//! Sessions, flash messages and CSRF (docs/sessions.md): `session name: Type` parameters.
//!
//! A route that declares `session s: Session<T>` (or `session f: Flash`, `session t:
//! CsrfToken`) gets the request's session, loaded once from its cookie, and the code `route!`
//! generates for it writes the session back as the response leaves, only when the handler
//! changed it. Routes without `session` parameters pay nothing. The cookie is sealed with
//! cookie's private jar (AES-256-GCM: encrypted and authenticated) under the key of
//! `ROOK_SECRET_KEY`; with feature `redis`, [`SessionConfig::redis`] keeps the data in Redis and
//! only the session's id in the cookie.
//!
//! The router's CSRF check ([`CsrfPolicy`], set per table with
//! [`Routes::csrf`](crate::Routes::csrf)) refuses cross-site form submissions with **403**.
//! See `docs/sessions.md` for the whole story.

mod config;
pub(crate) mod csrf;
mod envelope;
mod flash;
mod from_session;
pub(crate) mod guard;
mod jar;
mod key;
mod message;
#[cfg(feature = "redis")]
mod redis;
mod store;
mod value;

pub use config::SessionConfig;
pub use csrf::{CSRF_FIELD, CSRF_HEADER, CsrfPolicy, CsrfToken};
pub use flash::Flash;
pub use from_session::FromSession;
pub use jar::SessionJar;
pub use key::{KeyError, MIN_KEY_BYTES, SECRET_KEY_VAR, check_key, set_secret_key};
pub use message::{FlashLevel, FlashMessage};
pub use store::COOKIE_LIMIT;
pub use value::Session;

/// `docs/sessions.md`'s examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../../../docs/sessions.md")]
#[cfg(doctest)]
pub struct SessionsDoctests;
