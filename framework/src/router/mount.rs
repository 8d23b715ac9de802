//! Mounting anywhere (docs/composition.md): the part of the path a mounted table routes, and the guard
//! of [`Routes::fallthrough`](crate::Routes::fallthrough).
//!
//! Inside `web::scope("/api")`, actix-web has consumed the scope's prefix: the request's
//! `match_info()` tells how much (of its re-quoted path). Re-quoting never decodes `/` (`%2F`
//! stays as it is), so the prefix is a whole number of `/`-separated segments; the table routes
//! the *raw* path after as many separators, decoded by its own rules (docs/routing.md#paths-and-segments).

use std::sync::Arc;

use actix_web::HttpRequest;
use actix_web::guard::{Guard, GuardContext};

use super::generated::{Candidates, Table};
use super::path::{DecodeBuf, with_cursor};

/// Where a table is mounted, as far as it knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Mount {
    /// Registered as a service of the `App` itself (with an empty prefix): it routes the whole
    /// path, and the `App` consumed nothing of it.
    Root,
    /// Inside a scope, or as a default service: what was consumed is read from the request.
    #[default]
    Anywhere,
}

impl Mount {
    /// The raw path the table routes (see [`routed_path`]), without reading the request's
    /// match info when mounted at the root.
    #[inline]
    pub(crate) fn path(self, req: &HttpRequest) -> &str {
        match self {
            Mount::Root => req.uri().path(),
            Mount::Anywhere => routed_path(req),
        }
    }
}

/// The raw path after the prefix that the services around the table consumed; the whole
/// path when mounted at the root. An empty rest (the scope's own path, `/api`) is `/`.
fn routed_path(req: &HttpRequest) -> &str {
    let raw = req.uri().path();
    let info = req.match_info();
    let (full, rest) = (info.as_str(), info.unprocessed());
    if rest.len() == full.len() {
        return raw;
    }
    let consumed = full[..full.len() - rest.len()].bytes().filter(|&b| b == b'/').count();
    match raw.match_indices('/').nth(consumed) {
        Some((at, _)) => &raw[at..],
        None => "/",
    }
}

/// Lets actix-web pass a request on to the services registered after the table (and the
/// default service) when no route's path fits it.
///
/// A guard sees the whole path, not what a surrounding scope consumed. At the root the whole
/// path is what the table routes; inside a scope, the guard admits the request when the path
/// from any of its `/` on fits (the prefix ends before one of them; the scope's own path, with
/// nothing after it, is left to later services), and the table itself passes a request it then
/// finds no route for to the App's default service.
pub(crate) struct Fits {
    pub(crate) table: Arc<Table>,
    pub(crate) root: bool,
}

impl Guard for Fits {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let path = ctx.head().uri.path();
        if self.root {
            return fits(&self.table, path);
        }
        path.match_indices('/').any(|(at, _)| fits(&self.table, &path[at..]))
    }
}

/// Whether some route's path pattern fits `path` (the part that the table routes): the
/// question of [`Routes::fallthrough`](crate::Routes::fallthrough).
pub(crate) fn fits(table: &Table, path: &str) -> bool {
    let (mut buf, mut found) = (DecodeBuf::default(), Candidates::new());
    with_cursor(
        path,
        &mut buf,
        &mut found,
        None,
        |path, found| table.push(path, found, None),
        |_, found| !found.cands.is_empty(),
        |_| false,
    )
}
