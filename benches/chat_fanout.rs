//! Chat fan-out on loopback: messages delivered per second and delivery latency (p50, p99)
//! with 1 000 members in one `ChatRoom`.
//!
//! ```text
//! cargo bench --bench chat_fanout
//! CHAT_MEMBERS=1000 CHAT_MESSAGES=2000 CHAT_WINDOW=64 cargo bench --bench chat_fanout
//! ```
//!
//! One server worker thread and one client thread (all 1 000 clients on one current-thread
//! runtime), so each gets one of two cores. One member sends; a message is *complete* once every
//! member has it, and at most `CHAT_WINDOW` messages are incomplete at a time — a closed loop
//! that measures the room's throughput without overrunning members' queues (256). Latency is
//! from just before the send to the moment a member's client has parsed the message.

use std::cell::RefCell;
use std::net::TcpListener;
use std::rc::Rc;
use std::time::Instant;

use actix_web::{App, HttpResponse, HttpServer, web};
use futures_util::{SinkExt, StreamExt};
use rook::{ChatRoom, WebSocket};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::Message;

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What the members' readers have seen.
struct Tally {
    /// Per message, how many members have it.
    copies: Vec<usize>,
    /// Messages every member has.
    complete: usize,
    /// Nanoseconds from send to receipt, one per delivery.
    latencies: Vec<u64>,
    last_delivery: Option<Instant>,
}

fn main() {
    let members = setting("CHAT_MEMBERS", 1000);
    let messages = setting("CHAT_MESSAGES", 2000);
    let window = setting("CHAT_WINDOW", 64);
    actix_web::rt::System::new().block_on(run(members, messages, window));
}

async fn run(members: usize, messages: usize, window: usize) {
    let room = web::Data::new(ChatRoom::new());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let app_room = room.clone();
    let server = HttpServer::new(move || App::new().app_data(app_room.clone()).route("/chat", web::get().to(chat)))
        .workers(1)
        .tcp_nodelay(true)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let url = format!("ws://{addr}/chat");
    let mut clients = Vec::with_capacity(members);
    for _ in 0..members {
        let (client, _) = tokio_tungstenite::connect_async_with_config(&url, None, true).await.unwrap();
        clients.push(client);
    }
    while room.members() < members {
        actix_web::rt::task::yield_now().await;
    }

    let start = Instant::now();
    let tally = Rc::new(RefCell::new(Tally {
        copies: vec![0; messages],
        complete: 0,
        latencies: Vec::with_capacity(members * messages),
        last_delivery: None,
    }));
    let progress = Rc::new(Notify::new());
    let mut sender = None;
    for (i, client) in clients.into_iter().enumerate() {
        let (sink, mut stream) = client.split();
        if i == 0 {
            sender = Some(sink);
        }
        let (tally, progress) = (tally.clone(), progress.clone());
        actix_web::rt::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else { continue };
                let Some((seq, sent)) = text.as_str().split_once(':') else { continue };
                let (Ok(seq), Ok(sent)) = (seq.parse::<usize>(), sent.parse::<u64>()) else { continue };
                let now = Instant::now();
                let mut t = tally.borrow_mut();
                t.latencies.push(now.duration_since(start).as_nanos() as u64 - sent);
                t.last_delivery = Some(now);
                t.copies[seq] += 1;
                if t.copies[seq] == members {
                    t.complete += 1;
                    progress.notify_one();
                }
            }
        });
    }

    let mut sender = sender.expect("at least one member");
    for seq in 0..messages {
        while seq - tally.borrow().complete >= window {
            progress.notified().await;
        }
        let sent = start.elapsed().as_nanos() as u64;
        sender.send(Message::text(format!("{seq}:{sent}"))).await.unwrap();
    }
    while tally.borrow().complete < messages {
        progress.notified().await;
    }

    // Taken out so that no reader can find the tally borrowed while the server stops.
    let (last_delivery, mut latencies) = {
        let mut t = tally.borrow_mut();
        (t.last_delivery.unwrap(), std::mem::take(&mut t.latencies))
    };
    let elapsed = last_delivery.duration_since(start).as_secs_f64();
    let deliveries = latencies.len();
    latencies.sort_unstable();
    let percentile = |p: f64| latencies[((deliveries as f64 * p) as usize).min(deliveries - 1)] as f64 / 1e6;
    println!("chat fan-out: {members} members, {messages} messages, window {window}");
    println!(
        "  delivered {deliveries} in {elapsed:.2} s: {:.0} messages/s delivered ({:.0} sent/s)",
        deliveries as f64 / elapsed,
        messages as f64 / elapsed
    );
    println!("  latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms", percentile(0.50), percentile(0.99), percentile(1.0));
    handle.stop(false).await;
}
