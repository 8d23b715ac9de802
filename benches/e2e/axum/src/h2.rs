//! `PORT=8443 TLS_CERT=cert.pem TLS_KEY=key.pem axum-h2`: the app in axum 0.8 over HTTPS with
//! HTTP/2 by ALPN (axum-server with rustls and the ring provider), on a current-thread Tokio
//! runtime (one worker), for `h2.sh`.

use std::io;

use axum_server::tls_rustls::RustlsConfig;

fn main() -> io::Result<()> {
    let listener = e2e_common::listener()?;
    listener.set_nonblocking(true)?;
    let (cert, key) = (std::env::var("TLS_CERT").map_err(io::Error::other)?, std::env::var("TLS_KEY").map_err(io::Error::other)?);
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
        // ALPN `h2` then `http/1.1`, as axum-server sets up from PEM files.
        let config = RustlsConfig::from_pem_file(cert, key).await?;
        axum_server::from_tcp_rustls(listener, config)?.serve(e2e_axum::app().into_make_service()).await
    })
}
