//! The router: a `route!` block's table, how it chooses a route for a request (docs/routing.md), and
//! how it mounts into actix-web.
//!
//! A request travels `service` → `path` (split, decode) → the generated matcher (against the
//! contract in `generated`) → `choose` (rank, method, parameters) → the handler, or the router's
//! own refusal (`rejection`), rendered by `crate::errors`.

mod choose;
mod future;
pub(crate) mod generated;
pub(crate) mod hook;
pub(crate) mod info;
pub(crate) mod method;
pub(crate) mod missing_data;
pub(crate) mod mount;
pub(crate) mod params;
pub(crate) mod path;
mod recognized;
pub(crate) mod rejection;
pub(crate) mod reply;
mod routes;
pub(crate) mod segment;
mod service;
pub(crate) mod trace;
mod whole;
pub(crate) mod wrap;

pub use future::RoutesFuture;
pub use recognized::Recognized;
pub use routes::Routes;
pub use service::RoutesService;
pub use wrap::Layered;
