//! `PORT=8080 axum`: the app in axum 0.8 on a current-thread Tokio runtime (one worker).

use std::io;

use axum::serve::ListenerExt;
use e2e_axum::app;

fn main() -> io::Result<()> {
    let listener = e2e_common::listener()?;
    listener.set_nonblocking(true)?;
    tokio::runtime::Builder::new_current_thread().enable_io().build()?.block_on(async {
        // actix-http turns Nagle off on every connection; so does this, for an even match.
        let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, app()).await
    })
}
