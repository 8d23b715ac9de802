//! The drain (docs/serving.md): SIGINT and SIGTERM both stop a [`Server`](super::Server) gracefully,
//! and every part of it that holds connections learns so from one [`Drain`] signal: HTTP/1.1
//! connections finish their request and close, HTTP/2 connections get GOAWAY, WebSockets are
//! closed with 1001.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::HttpRequest;
use futures_util::future::LocalBoxFuture;
use tokio::sync::watch;

/// The sending side: set once, when the server starts draining.
pub(crate) struct Trigger(watch::Sender<bool>);

/// The receiving side, cloned into every worker and connection (and added to the `App` as app
/// data, where WebSocket code finds it with [`draining`]).
#[derive(Clone)]
pub(crate) struct Drain(watch::Receiver<bool>);

/// A new drain signal, not yet set.
pub(crate) fn channel() -> (Trigger, Drain) {
    let (tx, rx) = watch::channel(false);
    (Trigger(tx), Drain(rx))
}

impl Trigger {
    /// Tells every connection that the server is draining.
    pub(crate) fn pull(&self) {
        self.0.send_replace(true);
    }
}

impl Drain {
    /// Resolves when the server starts draining (at once if it has). If the server is gone
    /// without draining, it never resolves.
    pub(crate) fn wait(&self) -> impl Future<Output = ()> + use<> {
        let mut rx = self.0.clone();
        async move {
            if rx.wait_for(|set| *set).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// A pollable form of [`wait`](Self::wait), for code that polls by hand.
    pub(crate) fn waiter(&self) -> Waiter {
        Waiter(Box::pin(self.wait()))
    }
}

/// [`Drain::wait`] as a value with a `poll` method.
pub(crate) struct Waiter(LocalBoxFuture<'static, ()>);

impl Waiter {
    /// Ready once the server is draining.
    pub(crate) fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.0).poll(cx)
    }
}

/// The drain signal of the [`Server`](super::Server) serving `req`, when it is one (a `Routes`
/// mounted in an application's own `HttpServer` has none). WebSocket code polls it to close its
/// connections with 1001 when the server stops.
pub(crate) fn draining(req: &HttpRequest) -> Option<Waiter> {
    req.app_data::<Drain>().map(Drain::waiter)
}

/// Resolves at the first SIGINT or SIGTERM (Ctrl-C where there are no such signals), after
/// pulling `trigger`.
pub(crate) async fn signalled(trigger: Trigger) {
    let name = wait_for_signal().await;
    log::info!("{name} received: draining (finishing requests in flight, then exiting)");
    trigger.pull();
}

#[cfg(unix)]
async fn wait_for_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            }
        }
        _ => {
            log::error!("could not listen for SIGINT/SIGTERM; the server stops only when killed");
            std::future::pending().await
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}
