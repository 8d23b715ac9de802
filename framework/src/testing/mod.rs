//! Route-aware fuzzing (cargo feature `testing`): the route table is the grammar.
//!
//! From a [`Routes`](crate::Routes) value, [`Generator`] writes requests — valid ones for each
//! route, with values at the edges of their types and every spelling of their escapes, and
//! near-misses with one thing wrong — and [`Oracle`], a deliberately naive interpreter of the
//! (docs/routing.md) over `Routes::list()`, says what each must get: which route answers, or 400, 404
//! or 405 with which `Allow`. [`check`] runs them through the app in-process and holds every
//! answer to the oracle's, shrinking a failure to a minimal request printed as `curl`;
//! [`check_sessions`] does the same for several users in interleaved and concurrent sessions,
//! with a model of the app's state.
//!
//! ```
//! use rook::prelude::*;
//!
//! fn app() -> Routes {
//!     route! {
//!         get "catalogue" / "products" / id: u32 => format!("product {id}"),
//!         get "orders" / "history" / page: u32 = 1 => format!("page {page}"),
//!         get "search" ? term: String & page: Option<u32> => term,
//!         get "agent", header "User-Agent" as agent: String => agent,
//!     }
//! }
//!
//! // In a plain `#[test]`:
//! rook::testing::check(app());
//! ```
//!
//! What the oracle cannot know it is told: a user type's acceptance with
//! [`Check::accepts`] (which calls the type's own parser: this tests the router, not the type),
//! and a guard with [`Check::guard`]; an unknown guard makes both of its outcomes acceptable.
//!
//! `PROPTEST_CASES=N` runs longer, `ROOK_TESTING_SEED=N` explores other requests.
//!
//! Live views are driven here too, without a server or a browser: [`LiveTest`] clicks, submits
//! and reads the page and the bytes of each message (also `rook::live::LiveTest`, without the
//! `testing` feature; docs/live.md, *What exists*).

mod answer;
mod auth;
mod check;
mod curl;
mod decode;
mod encode;
pub mod fuzz;
mod generate;
mod judge;
pub(crate) mod loopback;
mod oracle;
mod quiet;
mod request;
mod sessions;
mod types;
mod values;

pub use answer::Answer;
pub use auth::{AuthRefusal, bearer_token};
pub use check::{Check, DEFAULT_CASES, DEFAULT_SEED, RouteRef, check};
pub use curl::curl;
pub use generate::{Generator, METHODS};
pub use judge::{Failure, Report};
pub use oracle::{Captures, NAMED_METHODS, Oracle, Outcome, ParamProblem};
pub use request::Request;
pub use sessions::{Sessions, check_sessions};

pub use crate::Source;
pub use crate::live::{LiveTest, LiveTestError};
