//! `PORT=8443 TLS_CERT=cert.pem TLS_KEY=key.pem rook-h2`: the app served by `rook::Server` over
//! HTTPS with HTTP/2 by ALPN, one worker, for `h2.sh`.

use std::io;

fn main() -> io::Result<()> {
    let listener = e2e_common::listener()?;
    let read = |var: &str| std::env::var(var).map_err(io::Error::other).and_then(std::fs::read);
    let (cert, key) = (read("TLS_CERT")?, read("TLS_KEY")?);
    actix_web::rt::System::new()
        .block_on(rook::Server::new(e2e_rook::app()).listen(listener).workers(1).tls(cert, key).run())
}
