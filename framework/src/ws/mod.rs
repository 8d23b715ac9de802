//! WebSockets (docs/websockets.md): the [`WebSocket`] extractor, its [`Connection`], the [`WsConfig`]
//! limits, and [`ChatRoom`].
//!
//! A handler takes `socket: WebSocket` and returns `socket.serve(|mut conn| async move { .. })`:
//! the request is answered **101** and the closure runs with the open connection. Requests
//! that are not acceptable upgrades never reach the handler (see [`HandshakeError`]).
//!
//! ```
//! use actix_web::{App, Responder, web};
//! use rook::{ChatRoom, WebSocket};
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Sum { a: i64, b: i64 }
//!
//! // Answers each `{"a":1,"b":2}` with `3`.
//! async fn adder(socket: WebSocket) -> impl Responder {
//!     socket.serve(|mut conn| async move {
//!         while let Some(request) = conn.recv_json::<Sum>().await {
//!             let reply = match request {
//!                 Ok(Sum { a, b }) => conn.send_json(&(a + b)).await,
//!                 Err(err) => conn.send(format!("bad request: {err}")).await,
//!             };
//!             if reply.is_err() {
//!                 break;
//!             }
//!         }
//!     })
//! }
//!
//! async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> impl Responder {
//!     room.join(socket)
//! }
//!
//! let app = App::new()
//!     .app_data(web::Data::new(ChatRoom::new()))
//!     .route("/adder", web::get().to(adder))
//!     .route("/chat", web::get().to(chat));
//! ```
//!
//! Two actix-web server settings matter to WebSockets. Chat-like traffic is many small frames:
//! `HttpServer::tcp_nodelay(true)` keeps Nagle's algorithm from holding them back. And after a
//! close, actix-web keeps reading (and discarding) for up to `client_disconnect_timeout` (1 s by
//! default) before it drops the TCP connection, so a client that waits for the server to hang
//! up, as RFC 6455 suggests, sees its close complete only then.

mod chat;
mod config;
mod conn;
mod handshake;
mod limit;
mod origin;
mod socket;

pub use actix_http::ws::CloseCode;
#[cfg(feature = "redis")]
pub use chat::RedisError;
pub use chat::{CHAT_PROTOCOL, ChatLine, ChatRoom, MAX_NAME_CHARS, Notices};
pub use config::WsConfig;
pub use conn::{Connection, SendError};
pub use handshake::HandshakeError;
pub use socket::WebSocket;
