//! What the router tells `check` about a request, through the request's extensions: which
//! route's handler ran, and whether user code panicked. Only built with the `testing` feature.

use actix_web::HttpMessage;
use actix_web::HttpRequest;

/// The `Routes::list()` index of the route whose handler was started.
#[derive(Clone, Copy)]
pub(crate) struct Chosen(pub usize);

/// A handler, guard or `FromSegment` impl panicked.
#[derive(Clone, Copy)]
pub(crate) struct Panicked;

pub(crate) fn chosen(req: &HttpRequest, index: usize) {
    req.extensions_mut().insert(Chosen(index));
}

pub(crate) fn panicked(req: &HttpRequest) {
    req.extensions_mut().insert(Panicked);
}

/// What the hook recorded for `req`: the chosen route, and whether something panicked.
pub(crate) fn read(req: &HttpRequest) -> (Option<usize>, bool) {
    let ext = req.extensions();
    (ext.get::<Chosen>().map(|c| c.0), ext.get::<Panicked>().is_some())
}
