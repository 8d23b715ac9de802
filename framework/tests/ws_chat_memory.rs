//! Back-pressure keeps memory bounded (docs/websockets.md): a member that never reads is closed with 1008,
//! and the process's resident memory does not grow with what passes through the room. Alone in
//! its test binary, so that no other test's allocations count.

#[path = "support/chat.rs"]
mod chat_support;
#[path = "support/ws.rs"]
mod support;

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use chat_support::{frames, read_prefixes, serve_room, small_receive_buffer_client, wait_for_members};
use rook::ChatRoom;
use support::{connect, read_until_close};

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
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let room = ChatRoom::new().slow_timeout(Duration::from_secs(2));
    let addr = serve_room(listener, room.clone());
    // Its receive buffer is small, so that it stops taking entries soon.
    let mut never = small_receive_buffer_client(addr);
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
