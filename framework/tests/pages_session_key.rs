//! The session key at start-up (docs/sessions.md): a malformed `ROOK_SECRET_KEY`
//! stops `Server::run` before it binds, naming the variable, when a route takes a `session`
//! parameter; a table without one does not need the key. Its own test binary: the key is
//! process-wide.

use rook::prelude::*;

#[actix_web::test]
async fn a_malformed_key_stops_start_up_naming_the_variable() {
    // SAFETY: the only test of this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ROOK_SECRET_KEY", "c2hvcnQ=") };
    let routes = route! { get "count", session s: Session<u32> => format!("{}", *s) };
    let err = rook::Server::new(routes).bind("127.0.0.1:0").run().await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let message = err.to_string();
    assert!(
        message.starts_with("ROOK_SECRET_KEY: decodes to 5 bytes; a key needs at least 64 random bytes"),
        "{message}"
    );
    assert!(rook::session::check_key().is_err());
    // A table without sessions does not ask for the key: the server starts (and is stopped).
    let plain = rook::Server::new(route! { get / => "home" }).bind("127.0.0.1:0").workers(1).run();
    let stopped = actix_web::rt::time::timeout(std::time::Duration::from_millis(500), plain).await;
    assert!(stopped.is_err(), "still serving: the key was not asked for");
}
