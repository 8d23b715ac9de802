//! Connections no client can hold (docs/bodies.md): after Rook answers a request whose body it did not
//! read to the end, the connection is closed.
//!
//! actix-http closes an HTTP/1.1 connection whose unread `Content-Length` body is dropped, but a
//! dropped *chunked* body is drained: the dispatcher keeps reading (and discarding) chunks until
//! the final zero-size one arrives, with no timer at all. A client that sends one chunk and waits
//! holds the connection forever, whatever the answer said (even `Connection: close`).
//!
//! The dispatcher closes instead of draining when the request's payload is still *alive* (not
//! dropped) as the response goes out. So for a chunked HTTP/1.1 request, [`watch`] moves the
//! payload into a shared cell that also records whether it was read to its end; [`Held::settle`]
//! marks an answer to an unfinished one `Connection: close` and lets its body keep the payload
//! alive until the last byte of the answer is written. actix-http then closes the connection
//! after the answer (lingering at most its client-disconnect timeout for the client to go).

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use futures_util::Stream;

/// The payload of a chunked HTTP/1.1 request and whether it was read to its end.
struct Cell {
    payload: actix_http::h1::Payload,
    finished: bool,
}

/// What [`watch`] found: a chunked request's payload, shared with the stream handed on.
#[derive(Default)]
pub(crate) struct Held(Option<Rc<RefCell<Cell>>>);

/// Takes over the payload of a chunked HTTP/1.1 request (other requests are left as they are:
/// actix-http already closes after an unread `Content-Length` body, and HTTP/2 streams do not
/// hold a connection).
pub(crate) fn watch(req: &HttpRequest, payload: &mut Payload) -> Held {
    if !matches!(payload, Payload::H1 { .. }) || !req.chunked().unwrap_or(false) {
        return Held(None);
    }
    let Payload::H1 { payload: h1 } = payload.take() else { unreachable!("checked above") };
    let cell = Rc::new(RefCell::new(Cell { payload: h1, finished: false }));
    *payload = Payload::Stream { payload: Box::pin(Reader(Rc::clone(&cell))) };
    Held(Some(cell))
}

impl Held {
    /// The answer to send: unchanged when the body was read to its end (or there was none to
    /// watch); otherwise marked `Connection: close`, its body keeping the unread payload alive so
    /// that actix-http closes the connection instead of draining it.
    pub(crate) fn settle(&mut self, mut res: HttpResponse) -> HttpResponse {
        let Some(cell) = self.0.take() else {
            return res;
        };
        if cell.borrow().finished || res.status() == StatusCode::SWITCHING_PROTOCOLS {
            return res;
        }
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        // An answer without a body is judged with its head, which the extensions live in; one
        // with a body is judged again after its last byte, which `Holding` lives until.
        res.extensions_mut().insert(Keep(Rc::clone(&cell)));
        res.map_body(|_, body| match body.size() {
            BodySize::None => body,
            _ => BoxBody::new(Holding { body, _cell: cell }),
        })
    }
}

/// Keeps the unread payload alive as long as the answer's head.
struct Keep(#[allow(dead_code)] Rc<RefCell<Cell>>);

/// The stream the handler reads: the chunked payload, noting when it ends.
struct Reader(Rc<RefCell<Cell>>);

impl Stream for Reader {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut cell = self.0.borrow_mut();
        let next = Pin::new(&mut cell.payload).poll_next(cx);
        if let Poll::Ready(None) = next {
            cell.finished = true;
        }
        next
    }
}

/// An answer's body that keeps the request's unread payload alive until it is written.
struct Holding {
    body: BoxBody,
    _cell: Rc<RefCell<Cell>>,
}

impl MessageBody for Holding {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}
