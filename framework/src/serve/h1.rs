//! Deadlines actix-http's HTTP/1.1 dispatcher does not keep, kept around it.
//!
//! actix-http times the head of a connection's *first* request only: a client that sends one
//! request, reads the answer and then one byte of the next head held the connection for ever.
//! And a client that never reads held a connection (and the file it was sent) as long as it
//! liked. [`Paced`] wraps the connection's stream (TCP or TLS) and keeps both deadlines:
//!
//! - every request head must be complete within the head deadline after the connection opened or
//!   the previous answer was written (`408` and close when bytes of a head came, a plain close
//!   when none did);
//! - a write that makes no progress for the send timeout fails, which closes the connection;
//! - a request line longer than the `http` crate takes gets `414` with a line of text (and
//!   close), where actix-http would answer an empty `400`.
//!
//! The stream learns where requests begin and end from [`Answering`], the service in front of
//! the application: it marks the connection busy when a request's head has been parsed and idle
//! when the answer's body has been written (dropped by the dispatcher). The per-request cost is
//! one timer reset.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_http::body::{BodySize, MessageBody};
use actix_http::{Request, Response};
use actix_service::{Service, ServiceFactory};
use actix_web::dev::ServiceResponse;
use actix_web::web::Bytes;
use pin_project_lite::pin_project;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// The answer a client gets when its request head is late (then the connection closes).
const TIMED_OUT: &[u8] = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// Longest request line (method, target, version): the `http` crate takes no longer target
/// (65 534 bytes), and actix-http would answer an empty 400.
const MAX_REQUEST_LINE: usize = 65_534 + 32;

/// The answer to a longer request line (then the connection closes).
const URI_TOO_LONG: &[u8] = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 55\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\nthe request target is longer than 65534 bytes: refused\n";

/// The deadlines of one HTTP/1.1 connection.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadlines {
    /// How long a request head may take, from the connection's start or the previous answer.
    pub(crate) head: Duration,
    /// How long a write may make no progress before the connection is closed.
    pub(crate) send: Duration,
}

/// [`Pace::line`] once the request line has ended.
const LINE_READ: usize = usize::MAX;

/// What a connection's stream and the requests on it share.
pub(crate) struct Pace {
    /// A request's head has been parsed and its answer is not written yet.
    busy: Cell<bool>,
    /// Bytes have come since the last answer: a head has begun.
    begun: Cell<bool>,
    /// Bytes of the request line read so far, [`LINE_READ`] once its end has come.
    line: Cell<usize>,
    /// The head deadline is set and has not passed yet.
    armed: Cell<bool>,
    /// The head deadline.
    timer: RefCell<Pin<Box<Sleep>>>,
    head: Duration,
}

impl Pace {
    /// A request's head has been parsed: no head deadline until it is answered.
    fn start(&self) {
        self.busy.set(true);
    }

    /// A request has been answered: the next head must come within the head deadline.
    fn answered(&self) {
        self.busy.set(false);
        self.begun.set(false);
        self.line.set(0);
        self.armed.set(true);
        self.timer.borrow_mut().as_mut().reset(Instant::now() + self.head);
    }
}

/// A connection's stream with the head deadline and the send timeout.
pub(crate) struct Paced<T> {
    io: T,
    pace: Rc<Pace>,
    send: Duration,
    /// The send timeout, made on the first write that had to wait.
    stall: Option<Pin<Box<Sleep>>>,
    /// A write is waiting (the send timeout is running).
    stalled: bool,
    /// The head deadline passed or the request line was too long: the stream reads as closed.
    ended: bool,
}

impl<T> Paced<T> {
    /// `io` with `deadlines`; the first head's deadline starts now.
    pub(crate) fn new(io: T, deadlines: Deadlines) -> Paced<T> {
        let pace = Rc::new(Pace {
            busy: Cell::new(false),
            begun: Cell::new(false),
            line: Cell::new(0),
            armed: Cell::new(true),
            timer: RefCell::new(Box::pin(tokio::time::sleep(deadlines.head))),
            head: deadlines.head,
        });
        Paced { io, pace, send: deadlines.send, stall: None, stalled: false, ended: false }
    }

    /// The state the requests on this connection report to (the dispatcher hands it to each
    /// request as connection data).
    pub(crate) fn pace(&self) -> Rc<Pace> {
        Rc::clone(&self.pace)
    }
}

impl<T: AsyncWrite + Unpin> Paced<T> {
    /// A write had to wait: `Pending`, or an error once it has waited for the send timeout.
    fn waiting<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        let deadline = Instant::now() + self.send;
        let stall = self.stall.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.stalled {
            self.stalled = true;
            stall.as_mut().reset(deadline);
        }
        ready!(stall.as_mut().poll(cx));
        log::debug!("HTTP/1.1: the client read nothing for {:?}; closing", self.send);
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "send timeout: the client does not read")))
    }

    fn wrote<R>(&mut self, done: Poll<io::Result<R>>, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        match done {
            Poll::Pending => self.waiting(cx),
            done => {
                self.stalled = false;
                done
            }
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for Paced<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        if let Poll::Ready(read) = Pin::new(&mut this.io).poll_read(cx, buf) {
            let pace = &this.pace;
            if buf.filled().len() > before && !pace.busy.get() {
                pace.begun.set(true);
                // The request line's length, until its end has come.
                let line = pace.line.get();
                if line != LINE_READ {
                    let new = &buf.filled()[before..];
                    let end = new.iter().position(|&b| b == b'\n');
                    match end {
                        Some(at) if line + at <= MAX_REQUEST_LINE => pace.line.set(LINE_READ),
                        None if line + new.len() <= MAX_REQUEST_LINE => {
                            pace.line.set(line + new.len());
                        }
                        _ => {
                            log::debug!("HTTP/1.1: a request line over {MAX_REQUEST_LINE} bytes; 414");
                            // The dispatcher has nothing to write while it waits for a head.
                            let _ = Pin::new(&mut this.io).poll_write(cx, URI_TOO_LONG);
                            this.ended = true;
                            buf.set_filled(before);
                            return Poll::Ready(Ok(()));
                        }
                    }
                }
            }
            return Poll::Ready(read);
        }
        // Nothing to read: between answers, the head deadline runs.
        let pace = &this.pace;
        if pace.busy.get() || !pace.armed.get() {
            return Poll::Pending;
        }
        let mut timer = pace.timer.borrow_mut();
        ready!(timer.as_mut().poll(cx));
        if this.stalled {
            // The last answer is still being written: the send timeout governs.
            let again = Instant::now() + pace.head;
            timer.as_mut().reset(again);
            let _ = timer.as_mut().poll(cx);
            return Poll::Pending;
        }
        pace.armed.set(false);
        this.ended = true;
        if pace.begun.get() {
            log::debug!("HTTP/1.1: a request head took over {:?}; 408", pace.head);
            // Best effort: the dispatcher has nothing to write while it waits for a head.
            let _ = Pin::new(&mut this.io).poll_write(cx, TIMED_OUT);
        }
        // Read as closed: the dispatcher flushes, shuts the connection down and ends.
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Paced<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.io).poll_write(cx, buf);
        this.wrote(done, cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.wrote(done, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.io).poll_flush(cx);
        this.wrote(done, cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.io).poll_shutdown(cx);
        this.wrote(done, cx)
    }
}

/// The application as the HTTP/1.1 dispatcher's service: tells the connection's [`Pace`] when
/// a request starts and when its answer has been written. (An answer made while the server
/// drains says `Connection: close` already: actix-http's dispatcher sees to that.)
pub(crate) struct Answering<A, B> {
    app: Rc<A>,
    body: PhantomData<fn() -> B>,
}

impl<A, B> Answering<A, B> {
    /// `app`, reporting to the connection's [`Pace`].
    pub(crate) fn new(app: Rc<A>) -> Answering<A, B> {
        Answering { app, body: PhantomData }
    }
}

impl<A, B> ServiceFactory<Request> for Answering<A, B>
where
    A: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    type Response = Response<Tracked<B>>;
    type Error = actix_web::Error;
    type Config = ();
    type Service = Answering<A, B>;
    type InitError = ();
    type Future = std::future::Ready<Result<Answering<A, B>, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        std::future::ready(Ok(Answering::new(Rc::clone(&self.app))))
    }
}

impl<A, B> Service<Request> for Answering<A, B>
where
    A: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    type Response = Response<Tracked<B>>;
    type Error = actix_web::Error;
    type Future = Answer<A::Future, B>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.app.poll_ready(cx)
    }

    fn call(&self, req: Request) -> Self::Future {
        let pace = req.conn_data::<Rc<Pace>>().cloned();
        if let Some(pace) = &pace {
            pace.start();
        }
        Answer { call: self.app.call(req), pace, body: PhantomData }
    }
}

pin_project! {
    /// [`Answering`]'s future: the application's answer, its body tracked.
    pub(crate) struct Answer<F, B> {
        #[pin]
        call: F,
        pace: Option<Rc<Pace>>,
        body: PhantomData<fn() -> B>,
    }
}

impl<F, R, B> Future for Answer<F, B>
where
    F: Future<Output = Result<R, actix_web::Error>>,
    R: Into<Response<B>>,
    B: MessageBody,
{
    type Output = Result<Response<Tracked<B>>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match ready!(this.call.poll(cx)) {
            Ok(res) => {
                let res: Response<B> = res.into();
                let pace = this.pace.take();
                Poll::Ready(Ok(res.map_body(|_, body| Tracked { body, pace })))
            }
            Err(e) => {
                // The dispatcher writes the error's answer at once.
                if let Some(pace) = this.pace.take() {
                    pace.answered();
                }
                Poll::Ready(Err(e))
            }
        }
    }
}

pin_project! {
    /// An answer's body that tells the connection when it has been written (dropped).
    pub(crate) struct Tracked<B> {
        #[pin]
        body: B,
        pace: Option<Rc<Pace>>,
    }

    impl<B> PinnedDrop for Tracked<B> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(pace) = this.project().pace.take() {
                pace.answered();
            }
        }
    }
}

impl<B: MessageBody> MessageBody for Tracked<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.project().body.poll_next(cx)
    }
}
