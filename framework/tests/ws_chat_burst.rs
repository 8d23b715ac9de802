//! Back-pressure on the sender (docs/websockets.md): a burst is not slowness. One client writing 10 000
//! messages in one TCP write kicks no member that keeps reading, and every member receives all
//! of them in one order; a member that never reads is still closed with 1008, with memory bounded.

#[path = "support/chat.rs"]
mod chat_support;
#[path = "support/ws.rs"]
mod support;

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use chat_support::{
    frames, read_prefixes, read_texts, serve_room, small_receive_buffer_client, small_send_buffer_listener,
    wait_for_members,
};
use rook::ChatRoom;
use support::connect;
use tungstenite::Message;

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

#[test]
fn a_member_that_reads_slower_than_the_room_talks_is_closed_with_1008_and_the_room_goes_on() {
    const MESSAGES: usize = 3000;
    // A queue of 16: the trickler must take 8 entries per 300 ms while the room waits for it.
    let room = ChatRoom::new().queue_len(16).slow_timeout(Duration::from_millis(300));
    // Small socket buffers on both sides (accepted sockets inherit the listener's), so that the
    // server's writes soon wait for the trickler rather than for the kernel to absorb megabytes.
    let addr = serve_room(small_send_buffer_listener(), room.clone());
    let mut trickler = small_receive_buffer_client(addr);
    let mut sender = connect(addr, "/chat");
    wait_for_members(&room, 2);
    let payload = "y".repeat(500);
    let burst = frames((0..MESSAGES).map(|i| format!("{i:05} {payload}")));
    let mut raw = sender.get_ref().try_clone().unwrap();
    let writer = std::thread::spawn(move || raw.write_all(&burst).unwrap());

    // One message every 100 ms: far slower than the room talks, but never stopped (for 2 s,
    // long after the 300 ms window; then it reads up to the close at full speed).
    let trickling = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let mut got = 0;
        loop {
            match trickler.read() {
                Ok(Message::Text(_)) => got += 1,
                Ok(Message::Close(frame)) => return (got, frame.map(|f| u16::from(f.code))),
                Ok(_) => {}
                Err(err) => panic!("the trickler after {got} texts: {err}"),
            }
            if started.elapsed() < Duration::from_secs(2) {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    });
    let own = read_prefixes(&mut sender, MESSAGES + 1, 5, "the sender");
    writer.join().unwrap();
    let (got, code) = trickling.join().unwrap();
    assert_eq!(code, Some(1008), "the trickler was closed for being slow");
    assert!(got < MESSAGES / 2, "the trickler got {got} texts");
    let messages: Vec<&String> = own.iter().filter(|t| !t.starts_with("A use")).collect();
    assert!(
        messages.iter().enumerate().all(|(i, t)| **t == format!("{i:05}")),
        "the sender got every message in order"
    );
    assert_eq!(own.len() - messages.len(), 1, "one leave notice");
}
