//! Shared by the `ws_chat_*` tests: a room served on a listener, bursts of frames, readers.
//! Needs the test to declare `support/ws.rs` as `mod support`.
#![allow(dead_code)] // each test file uses a different part

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use rook::{ChatRoom, WebSocket};
use socket2::{Domain, SockAddr, Socket, Type};
use tungstenite::Message;

use crate::support::{client_frame, connect_stream, serve_on};

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

/// Serves `room` at `/chat` on `listener` with two workers.
pub(crate) fn serve_room(listener: TcpListener, room: ChatRoom) -> SocketAddr {
    let data = web::Data::new(room);
    serve_on(listener, 2, move |cfg| {
        cfg.app_data(data.clone()).route("/chat", web::get().to(chat));
    })
}

/// A loopback listener whose accepted sockets have an 8 KiB send buffer, so that the server's
/// writes to a client that does not read soon wait rather than fill megabytes of kernel buffers.
pub(crate) fn small_send_buffer_listener() -> TcpListener {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_send_buffer_size(8 * 1024).unwrap();
    socket.bind(&SockAddr::from("127.0.0.1:0".parse::<SocketAddr>().unwrap())).unwrap();
    socket.listen(128).unwrap();
    socket.into()
}

/// A member whose receive buffer is 4 KiB.
pub(crate) fn small_receive_buffer_client(addr: SocketAddr) -> tungstenite::WebSocket<TcpStream> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4 * 1024).unwrap();
    socket.connect(&SockAddr::from(addr)).unwrap();
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    connect_stream(stream, addr, "/chat")
}

/// All of `texts` as masked text frames in one buffer, for one `write_all`.
pub(crate) fn frames(texts: impl Iterator<Item = String>) -> Vec<u8> {
    texts.flat_map(|t| client_frame(true, 0x1, t.as_bytes())).collect()
}

/// Reads until `count` texts have arrived, keeping only each one's first `keep` characters (so
/// that a test's own copies do not weigh in its memory); panics on a close.
pub(crate) fn read_prefixes(
    client: &mut tungstenite::WebSocket<TcpStream>,
    count: usize,
    keep: usize,
    who: &str,
) -> Vec<String> {
    let mut texts = Vec::with_capacity(count);
    while texts.len() < count {
        match client.read() {
            Ok(Message::Text(t)) => texts.push(t.as_str().chars().take(keep).collect()),
            Ok(Message::Close(frame)) => panic!("{who} was closed after {} texts: {frame:?}", texts.len()),
            Ok(_) => {}
            Err(err) => panic!("{who} after {} texts: {err}", texts.len()),
        }
    }
    texts
}

/// Reads until `count` texts have arrived; panics on a close.
pub(crate) fn read_texts(client: &mut tungstenite::WebSocket<TcpStream>, count: usize, who: &str) -> Vec<String> {
    read_prefixes(client, count, usize::MAX, who)
}

/// Waits (up to 10 s) until the room has `n` members.
pub(crate) fn wait_for_members(room: &ChatRoom, n: usize) {
    for _ in 0..1000 {
        if room.members() == n {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{} members, expected {n}", room.members());
}
