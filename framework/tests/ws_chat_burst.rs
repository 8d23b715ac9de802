//! Back-pressure on the sender (SPEC §9): a burst is not slowness. One client writing 10 000
//! messages in one TCP write kicks no member that keeps reading, and every member receives all
//! of them in one order; a member that never reads is still closed with 1008, with memory bounded.

#[path = "support/ws.rs"]
mod support;

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use rook::{ChatRoom, WebSocket};
use socket2::{Domain, SockAddr, Socket, Type};
use support::{client_frame, connect, connect_stream, read_until_close, serve_on};
use tungstenite::Message;

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

fn serve_room(listener: TcpListener, room: ChatRoom) -> SocketAddr {
    let data = web::Data::new(room);
    serve_on(listener, 2, move |cfg| {
        cfg.app_data(data.clone()).route("/chat", web::get().to(chat));
    })
}

/// All of `texts` as masked text frames in one buffer, for one `write_all`.
fn frames(texts: impl Iterator<Item = String>) -> Vec<u8> {
    texts.flat_map(|t| client_frame(true, 0x1, t.as_bytes())).collect()
}

/// Reads until `count` texts have arrived; panics on a close.
fn read_texts(client: &mut tungstenite::WebSocket<TcpStream>, count: usize, who: &str) -> Vec<String> {
    let mut texts = Vec::with_capacity(count);
    while texts.len() < count {
        match client.read() {
            Ok(Message::Text(t)) => texts.push(t.as_str().to_owned()),
            Ok(Message::Close(frame)) => {
                panic!("{who} was closed after {} texts: {frame:?}", texts.len())
            }
            Ok(_) => {}
            Err(err) => panic!("{who} after {} texts: {err}", texts.len()),
        }
    }
    texts
}

fn wait_for_members(room: &ChatRoom, n: usize) {
    for _ in 0..1000 {
        if room.members() == n {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{} members, expected {n}", room.members());
}

#[test]
fn ten_thousand_messages_in_one_write_reach_ten_readers_in_order_and_close_nobody() {
    const MESSAGES: usize = 10_000;
    const READERS: usize = 10;
    let room = ChatRoom::new();
    let addr = serve_room(TcpListener::bind("127.0.0.1:0").unwrap(), room.clone());

    let readers: Vec<_> = (0..READERS).map(|_| connect(addr, "/chat")).collect();
    let mut sender = connect(addr, "/chat");
    wait_for_members(&room, READERS + 1);
    let readers: Vec<_> = readers
        .into_iter()
        .enumerate()
        .map(|(i, mut client)| {
            std::thread::spawn(move || (read_texts(&mut client, MESSAGES, &format!("reader {i}")), client))
        })
        .collect();

    // The sender writes every frame in one write, from another handle on its socket, while
    // its WebSocket reads (it is a member too and must keep reading).
    let burst = frames((0..MESSAGES).map(|i| format!("burst {i}")));
    let mut raw = sender.get_ref().try_clone().unwrap();
    let writer = std::thread::spawn(move || raw.write_all(&burst).unwrap());
    let own = read_texts(&mut sender, MESSAGES, "the sender");
    writer.join().unwrap();

    let expected: Vec<String> = (0..MESSAGES).map(|i| format!("burst {i}")).collect();
    assert!(own == expected, "the sender's copy is not the burst in order");
    let mut clients = Vec::new();
    for (i, reader) in readers.into_iter().enumerate() {
        let (got, client) = reader.join().unwrap();
        assert!(got == expected, "reader {i} did not receive the burst in order");
        clients.push(client);
    }
    assert_eq!(room.members(), READERS + 1, "nobody was closed");
    drop(clients);
}

/// Reads until `count` texts have arrived, keeping only each one's first `keep` bytes (so that
/// the test's own copies do not count in the server's memory).
fn read_prefixes(client: &mut tungstenite::WebSocket<TcpStream>, count: usize, keep: usize, who: &str) -> Vec<String> {
    let mut texts = Vec::with_capacity(count);
    while texts.len() < count {
        match client.read() {
            Ok(Message::Text(t)) => texts.push(t.as_str().chars().take(keep).collect()),
            Ok(Message::Close(frame)) => {
                panic!("{who} was closed after {} texts: {frame:?}", texts.len())
            }
            Ok(_) => {}
            Err(err) => panic!("{who} after {} texts: {err}", texts.len()),
        }
    }
    texts
}

/// This process's resident memory, in bytes.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[test]
fn a_member_that_never_reads_is_closed_with_1008_and_memory_stays_bounded() {
    const MESSAGES: usize = 40_000;
    const SIZE: usize = 1000;
    // The never-reader's receive buffer is small, so that it stops taking entries soon.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let room = ChatRoom::new().slow_timeout(Duration::from_secs(2));
    let addr = serve_room(listener, room.clone());
    let mut never = {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket.set_recv_buffer_size(4 * 1024).unwrap();
        socket.connect(&SockAddr::from(addr)).unwrap();
        let stream: TcpStream = socket.into();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        connect_stream(stream, addr, "/chat")
    };
    let mut reader = connect(addr, "/chat");
    let mut sender = connect(addr, "/chat");
    wait_for_members(&room, 3);
    let before = resident();

    let reading = std::thread::spawn(move || (read_prefixes(&mut reader, MESSAGES, 12, "the reader"), reader));
    let payload = "x".repeat(SIZE - 8);
    let mut raw = sender.get_ref().try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        for chunk in 0..MESSAGES / 1000 {
            raw.write_all(&frames((chunk * 1000..(chunk + 1) * 1000).map(|i| format!("{i:07} {payload}")))).unwrap();
        }
    });
    // The sender reads its own messages (and the never-reader's leave notice).
    let own = read_prefixes(&mut sender, MESSAGES + 1, 12, "the sender");
    writer.join().unwrap();
    let (got, _reader) = reading.join().unwrap();
    let grown = resident().saturating_sub(before);

    let in_order = |texts: &[String]| {
        let messages: Vec<&String> = texts.iter().filter(|t| !t.starts_with("A user left")).collect();
        messages.len() == MESSAGES && messages.iter().enumerate().all(|(i, t)| t.starts_with(&format!("{i:07} ")))
    };
    assert!(in_order(&own), "the sender did not get every message once, in order");
    let leave = own.iter().position(|t| t.starts_with("A user left")).expect("the never-reader's leave notice");
    assert!(leave < MESSAGES, "the never-reader was closed only after the burst");
    // The reader got the notice (it may be its last text, still unread here) and the messages.
    assert!(got.iter().filter(|t| !t.starts_with("A user left")).count() >= MESSAGES - 1);
    assert!(
        got.iter()
            .take_while(|t| !t.starts_with("A user left"))
            .enumerate()
            .all(|(i, t)| t.starts_with(&format!("{i:07} ")))
    );

    let (code, texts) = read_until_close(&mut never);
    assert_eq!(code, 1008);
    assert!(texts.len() < MESSAGES / 4, "the never-reader got {} messages", texts.len());
    // 40 MB went through the room; a queue that grew for the never-reader would hold most of it.
    assert!(grown < 16 << 20, "resident memory grew by {} MiB", grown >> 20);
    assert_eq!(room.members(), 2);
}
