//! [`serve`]: run a route table as a server.

use actix_web::middleware::Logger;
use actix_web::{App, HttpServer};

use crate::router::Routes;

/// Serves `routes` on `$HOST:$PORT` (default `127.0.0.1:8080`), one worker per core, printing
/// the URL, and logs each request through `log` (actix-web's `Logger`); stops gracefully on SIGINT or SIGTERM (requests in flight are finished).
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
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p.parse().map_err(|_| std::io::Error::other(format!("PORT is not a port number: {p:?}")))?,
        Err(_) => 8080,
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let server = HttpServer::new(move || App::new().wrap(Logger::default()).service(routes.clone()))
        .workers(workers)
        // Small writes (websocket frames, short answers) must not wait behind delayed ACKs.
        .tcp_nodelay(true)
        .bind((host.as_str(), port))?;
    for addr in server.addrs() {
        println!("Rook is serving on http://{addr}/");
    }
    server.run().await
}
