//! What the router tells `rook::testing` about a request, through the request's extensions:
//! which route's handler ran, and whether user code panicked. Records nothing without the
//! `testing` feature.

#[cfg(feature = "testing")]
use actix_web::HttpMessage;
use actix_web::HttpRequest;

/// The `Routes::list()` index of the route whose handler was started.
#[cfg(feature = "testing")]
#[derive(Clone, Copy)]
struct Chosen(usize);

/// A handler, guard or `FromSegment` impl panicked.
#[cfg(feature = "testing")]
#[derive(Clone, Copy)]
struct Panicked;

/// Records that route `index` handles `req`.
#[inline]
pub(crate) fn chosen(_req: &HttpRequest, _index: usize) {
    #[cfg(feature = "testing")]
    _req.extensions_mut().insert(Chosen(_index));
}

/// Records that user code panicked while handling `req`.
pub(crate) fn panicked(_req: &HttpRequest) {
    #[cfg(feature = "testing")]
    _req.extensions_mut().insert(Panicked);
}

/// What the hook recorded for `req`: the chosen route, and whether something panicked.
#[cfg(feature = "testing")]
pub(crate) fn read(req: &HttpRequest) -> (Option<usize>, bool) {
    let ext = req.extensions();
    (ext.get::<Chosen>().map(|c| c.0), ext.get::<Panicked>().is_some())
}
