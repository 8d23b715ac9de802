//! Serving in production (docs/serving.md): [`serve`] and the [`Server`] builder — TLS with HTTP/2,
//! h2c, a drain on SIGINT and SIGTERM, an access log, compression.

mod conn;
mod env;
mod h1;
mod h2;
mod log;
mod server;
mod shutdown;
mod tls;

pub use server::Server;
pub(crate) use shutdown::draining;

use crate::router::Routes;

/// Serves `routes` as configured by the environment, printing the URL; logs each request through
/// `log` at `info` (installing `env_logger`, filtered by `RUST_LOG`, default `info`, when the
/// application has set no logger); SIGINT and SIGTERM drain it (requests in flight are finished)
/// and it returns `Ok(())`.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `HOST`, `PORT` | the address to listen on | `127.0.0.1`, `8080` |
/// | `WORKERS` | worker threads | one per core |
/// | `ROOK_TLS_CERT`, `ROOK_TLS_KEY` | PEM files: serve HTTPS (HTTP/2 and HTTP/1.1) | plain HTTP |
/// | `ROOK_H2C` | `1`: HTTP/2 with prior knowledge on plain TCP too | `0` |
/// | `ROOK_SHUTDOWN_TIMEOUT` | seconds requests in flight have after the signal | `30` |
/// | `ROOK_COMPRESS` | `1`: gzip or brotli answers, as `Accept-Encoding` asks | `0` |
/// | `ROOK_HEAD_TIMEOUT` | seconds a client has for each request head (and an h2c preface) | `5` |
/// | `ROOK_SEND_TIMEOUT` | seconds a client may read nothing (HTTP/1.1) or grant no window (HTTP/2) | `30` |
/// | `ROOK_H2_MAX_STREAMS` | streams an HTTP/2 client may have open on one connection | `100` |
///
/// A value that does not parse, or a certificate or key that cannot be read or used, is an
/// error naming the variable, returned before anything is served (from `main`, a non-zero exit).
/// See [`Server`] for the same settings in code.
///
/// ```no_run
/// use rook::prelude::*;
///
/// #[rook::main]
/// async fn main() -> std::io::Result<()> {
///     rook::serve(route! { get / => "Hello from Rook\n" }).await
/// }
/// ```
pub async fn serve(routes: Routes) -> std::io::Result<()> {
    log::install();
    let result = match env::server(routes) {
        Ok(server) => server.run().await,
        Err(error) => Err(error),
    };
    result.map_err(|error| {
        // Said plainly here, in one line; `#[rook::main]` then exits with 1 without repeating
        // it in the `Debug` form `main` returning an error would print.
        eprintln!("rook: {error}");
        std::io::Error::new(error.kind(), Reported(error.to_string()))
    })
}

/// An error [`serve`] has printed already (its text is the original error's).
#[derive(Debug)]
struct Reported(String);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

/// What `#[rook::main]` does with `main`'s result: an error [`serve`] has printed already ends
/// the process with exit code 1 at once (instead of `Error: Custom { .. }` after the line);
/// anything else is returned for `main` to report as usual.
pub fn exit_if_reported<T, E: 'static>(result: Result<T, E>) -> Result<T, E> {
    if let Err(error) = &result {
        let error: &dyn std::any::Any = error;
        let reported = error
            .downcast_ref::<std::io::Error>()
            .and_then(|e| e.get_ref())
            .is_some_and(|inner| inner.is::<Reported>());
        if reported {
            std::process::exit(1);
        }
    }
    result
}
