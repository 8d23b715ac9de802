//! ChatRoom invariants as a bounded soak: 50 clients — an observer that stays from first to
//! last, 48 workers that join, talk and leave at random, and one that never reads — ~10 000
//! messages. Every receiver gets every message of its stay exactly once, in the one order the
//! observer saw; the reader that never reads is closed with 1008; everybody else completes.

#[path = "support/ws.rs"]
mod support;

use std::collections::HashSet;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use rook::{ChatRoom, WebSocket};
use socket2::{Domain, SockAddr, Socket, Type};
use support::{connect, connect_stream, read_until_close, serve_on};
use tungstenite::Message;

const WORKERS: usize = 48;
const MESSAGES_PER_WORKER: usize = 210;
const LEAVE_NOTICE: &str = "A user left the chat";

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

/// The server's sockets get small send buffers (accepted sockets inherit the listener's) so
/// that a client that never reads fills its queue after a few hundred messages rather than
/// after the kernel has absorbed megabytes.
fn small_buffered_listener() -> TcpListener {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_send_buffer_size(8 * 1024).unwrap();
    socket.bind(&SockAddr::from("127.0.0.1:0".parse::<SocketAddr>().unwrap())).unwrap();
    socket.listen(1024).unwrap();
    socket.into()
}

/// A client whose own receive buffer is small too.
fn slow_client(addr: SocketAddr) -> tungstenite::WebSocket<TcpStream> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4 * 1024).unwrap();
    socket.connect(&SockAddr::from(addr)).unwrap();
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    connect_stream(stream, addr, "/chat")
}

/// xorshift64: deterministic per worker, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What one connection ("session") of a worker sent and received.
struct Session {
    sent: Vec<String>,
    received: Vec<String>,
}

fn text_or_panic(message: Message, who: &str) -> Option<String> {
    match message {
        Message::Text(t) => Some(t.as_str().to_owned()),
        Message::Close(frame) => panic!("{who} was closed by the server: {frame:?}"),
        _ => None,
    }
}

/// Joins, sends a random number of messages (each one waiting for its own copy to come back,
/// reading everybody else's meanwhile), leaves; again until its quota is sent.
fn worker(addr: SocketAddr, id: usize) -> Vec<Session> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (id as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut sessions = Vec::new();
    let mut seq = 0;
    while seq < MESSAGES_PER_WORKER {
        let mut client = connect(addr, "/chat");
        let mut session = Session { sent: Vec::new(), received: Vec::new() };
        let burst = 1 + rng.below(40) as usize;
        for _ in 0..burst.min(MESSAGES_PER_WORKER - seq) {
            let message = format!("w{id}:{seq}:{}", "x".repeat(rng.below(120) as usize));
            seq += 1;
            client.send(Message::text(message.clone())).unwrap();
            loop {
                let Some(text) = text_or_panic(client.read().unwrap(), &format!("worker {id}")) else { continue };
                session.received.push(text.clone());
                if text == message {
                    break;
                }
            }
            session.sent.push(message);
        }
        client.close(None).unwrap();
        // Messages keep coming until the server answers the close. Then hang up at once:
        // waiting for the server's FIN would only wait out actix's lingering close (1 s).
        loop {
            match client.read() {
                Ok(Message::Text(t)) => session.received.push(t.as_str().to_owned()),
                Ok(Message::Close(_)) | Err(tungstenite::Error::ConnectionClosed) => break,
                Ok(_) => {}
                Err(err) => panic!("worker {id} leaving: {err}"),
            }
        }
        sessions.push(session);
    }
    sessions
}

/// Stays from before the first worker to after the last; `done` tells it to send its last word
/// and read up to it.
fn observer(addr: SocketAddr, joined: std::sync::mpsc::Sender<()>, done: Arc<AtomicBool>) -> Vec<String> {
    let mut client = connect(addr, "/chat");
    client.send(Message::text("observer:start")).unwrap();
    let mut seen = Vec::new();
    loop {
        if let Some(text) = text_or_panic(client.read().unwrap(), "the observer") {
            seen.push(text);
            if seen.last().unwrap() == "observer:start" {
                break;
            }
        }
    }
    joined.send(()).unwrap();
    client.get_mut().set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let mut sent_end = false;
    loop {
        match client.read() {
            Ok(message) => {
                if let Some(text) = text_or_panic(message, "the observer") {
                    let end = text == "observer:end";
                    seen.push(text);
                    if end {
                        return seen;
                    }
                }
            }
            Err(tungstenite::Error::Io(err)) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if done.load(Ordering::SeqCst) && !sent_end {
                    client.send(Message::text("observer:end")).unwrap();
                    sent_end = true;
                }
            }
            Err(err) => panic!("observer: {err}"),
        }
    }
}

/// Asserts `seq` is a contiguous run of `order` (so: each message once, in that order, none
/// skipped), locating it by its first message that is not a (repeated) leave notice.
fn assert_window(order: &[String], seq: &[String], who: &str) {
    let Some(k) = seq.iter().position(|m| m != LEAVE_NOTICE) else {
        panic!("{who} received only leave notices");
    };
    let p = order
        .iter()
        .position(|m| *m == seq[k])
        .unwrap_or_else(|| panic!("{who} got {:?}, which the observer never saw", seq[k]));
    assert!(p >= k && p - k + seq.len() <= order.len(), "{who}'s messages do not fit in the observer's order");
    let window = &order[p - k..p - k + seq.len()];
    if let Some(i) = (0..seq.len()).find(|&i| window[i] != seq[i]) {
        panic!("{who} diverges from the shared order at its message {i}: got {:?}, expected {:?}", seq[i], window[i]);
    }
}

#[test]
fn every_member_gets_every_message_once_in_one_order_and_a_slow_reader_is_closed_with_1008() {
    // 48 bots sending as fast as echoes return is far burstier than people: on two shared cores
    // an attentive client's thread can be descheduled while hundreds of messages arrive. A
    // larger queue keeps attentive clients in; the one that never reads still overflows it
    // thousands of messages before the end.
    let room = ChatRoom::new().queue_len(2048);
    let data = web::Data::new(room.clone());
    let addr = serve_on(small_buffered_listener(), 2, move |cfg| {
        cfg.app_data(data.clone()).route("/chat", web::get().to(chat));
    });

    let done = Arc::new(AtomicBool::new(false));
    let (joined, observer_joined) = std::sync::mpsc::channel();
    let observer = {
        let done = done.clone();
        std::thread::spawn(move || observer(addr, joined, done))
    };
    observer_joined.recv().unwrap();
    let mut slow = slow_client(addr);

    let workers: Vec<_> = (0..WORKERS).map(|id| std::thread::spawn(move || worker(addr, id))).collect();
    let sessions: Vec<Vec<Session>> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    done.store(true, Ordering::SeqCst);
    let order = observer.join().unwrap();

    // The observer saw every message sent, once each, and a leave notice for every departure
    // (each worker session, and the slow reader's eviction).
    let sent: Vec<&String> = sessions.iter().flatten().flat_map(|s| &s.sent).collect();
    assert_eq!(sent.len(), WORKERS * MESSAGES_PER_WORKER);
    let chat: Vec<&String> = order.iter().filter(|m| *m != LEAVE_NOTICE).collect();
    let unique: HashSet<&String> = chat.iter().copied().collect();
    assert_eq!(unique.len(), chat.len(), "the observer received some message twice");
    assert_eq!(chat.len(), sent.len() + 2, "observer:start and :end, plus every worker message");
    assert!(sent.iter().all(|m| unique.contains(m)));
    let departures = sessions.iter().map(Vec::len).sum::<usize>() + 1;
    assert_eq!(order.len() - chat.len(), departures, "leave notices");

    // Every worker session: its stay is a contiguous run of the shared order, with its own
    // messages in it (reading up to each one's echo would have hung otherwise).
    for (id, worker_sessions) in sessions.iter().enumerate() {
        for (n, session) in worker_sessions.iter().enumerate() {
            assert_window(&order, &session.received, &format!("worker {id} session {n}"));
        }
    }

    // The reader that never read: what it did get is also a run of the shared order, and then
    // the 1008 close; it left long before the end.
    let (code, texts) = read_until_close(&mut slow);
    assert_eq!(code, 1008);
    assert!(!texts.is_empty());
    assert_window(&order, &texts, "the slow reader");
    assert!(texts.len() < order.len() / 2, "the slow reader got {} of {} messages", texts.len(), order.len());

    // And the room is empty again: nobody lingers as a member.
    for _ in 0..1000 {
        if room.members() == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{} members still in the room", room.members());
}
