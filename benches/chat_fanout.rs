//! Chat fan-out on loopback: messages delivered per second and delivery latency (p50, p99), for
//! the in-process room and, in the same run, the Redis room spread over several processes.
//!
//! ```text
//! cargo bench --bench chat_fanout
//! CHAT_MEMBERS=900 CHAT_MESSAGES=2000 CHAT_WINDOW=64 CHAT_PROCESSES=3 cargo bench --bench chat_fanout
//! ```
//!
//! 1. **In-process**: `CHAT_MEMBERS` members of one `ChatRoom::new()` served by one worker thread
//!    in this process.
//! 2. **Redis**: the same number of members spread evenly over `CHAT_PROCESSES` server processes
//!    (this binary, re-run), each with one worker and `ChatRoom::redis` on a `redis-server` the
//!    bench starts on a free loopback port (skipped, and said so, when `redis-server` is missing).
//!
//! All clients run on one current-thread runtime in this process. One member sends; a message
//! is *complete* once every member has it, and at most `CHAT_WINDOW` messages are incomplete at
//! a time — a closed loop that measures the room's throughput without overrunning members'
//! queues. Latency is from just before the send to the moment a member's client has parsed the
//! message. Before measuring, warm-up messages go round until every member has received one (a
//! member's join completes on the server a little after its 101).

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

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
    /// Members that have received a warm-up message.
    warm: usize,
    /// Nanoseconds from send to receipt, one per delivery.
    latencies: Vec<u64>,
    last_delivery: Option<Instant>,
}

/// One server with one worker on a free loopback port, serving `room` at `/chat`.
fn server(room: ChatRoom) -> (SocketAddr, actix_web::dev::Server) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let room = web::Data::new(room);
    let server = HttpServer::new(move || App::new().app_data(room.clone()).route("/chat", web::get().to(chat)))
        .workers(1)
        .tcp_nodelay(true)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    (addr, server)
}

/// Kills and reaps a child when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    // Re-run as a Redis room's server process: print the address, serve until killed.
    if let Ok(url) = std::env::var("CHAT_FANOUT_SERVE") {
        return actix_web::rt::System::new().block_on(async move {
            let (addr, server) = server(ChatRoom::redis(&url, "chat_fanout").expect("a Redis URL"));
            println!("serving {addr}");
            server.await.unwrap();
        });
    }
    let members = setting("CHAT_MEMBERS", 900);
    let messages = setting("CHAT_MESSAGES", 2000);
    let window = setting("CHAT_WINDOW", 64);
    let processes = setting("CHAT_PROCESSES", 3).max(1);
    println!("chat fan-out: {members} members, {messages} messages, window {window}");

    actix_web::rt::System::new().block_on(async {
        let (addr, server) = server(ChatRoom::new());
        let handle = server.handle();
        actix_web::rt::spawn(server);
        let report = measure(&vec![addr; members], messages, window).await;
        println!("  in-process room, 1 process:        {report}");
        handle.stop(false).await;
    });

    let Some(redis_server) =
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].into_iter().find(|p| std::path::Path::new(p).exists())
    else {
        println!("  Redis room: skipped (redis-server is not installed)");
        return;
    };
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let _redis = Reaped(
        Command::new(redis_server)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let url = format!("redis://127.0.0.1:{port}/");
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..processes {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .env("CHAT_FANOUT_SERVE", &url)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        addrs.push(line.trim().strip_prefix("serving ").unwrap().parse::<SocketAddr>().unwrap());
        children.push(Reaped(child));
    }
    // Wait until Redis answers (the processes' rooms take members once their reader has synced).
    std::thread::sleep(Duration::from_millis(500));
    let spread: Vec<SocketAddr> = (0..members).map(|i| addrs[i % addrs.len()]).collect();
    actix_web::rt::System::new().block_on(async {
        let report = measure(&spread, messages, window).await;
        println!("  Redis room, {processes} processes:           {report}");
    });
}

/// Connects one member per address, warms up, then sends `messages` from the first member with
/// at most `window` incomplete; returns the figures as a line.
async fn measure(addrs: &[SocketAddr], messages: usize, window: usize) -> String {
    let members = addrs.len();
    let mut clients = Vec::with_capacity(members);
    for addr in addrs {
        let url = format!("ws://{addr}/chat");
        let client = loop {
            // A Redis room answers 503 until its process has reached Redis.
            match tokio_tungstenite::connect_async_with_config(&url, None, true).await {
                Ok((client, _)) => break client,
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(50)).await,
            }
        };
        clients.push(client);
    }

    let start = Instant::now();
    let tally = Rc::new(RefCell::new(Tally {
        copies: vec![0; messages],
        complete: 0,
        warm: 0,
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
            let mut warm = false;
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else { continue };
                if text.as_str().starts_with("warm-up") {
                    if !warm {
                        warm = true;
                        tally.borrow_mut().warm += 1;
                        progress.notify_one();
                    }
                    continue;
                }
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
    while tally.borrow().warm < members {
        sender.send(Message::text("warm-up")).await.unwrap();
        let _ = actix_web::rt::time::timeout(Duration::from_millis(100), progress.notified()).await;
    }
    let measured_from = Instant::now();
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
    let elapsed = last_delivery.duration_since(measured_from).as_secs_f64();
    let deliveries = latencies.len();
    latencies.sort_unstable();
    let percentile = |p: f64| latencies[((deliveries as f64 * p) as usize).min(deliveries - 1)] as f64 / 1e6;
    let _ = sender.close().await;
    format!(
        "{:>7.0} delivered/s ({:.0} sent/s), latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        deliveries as f64 / elapsed,
        messages as f64 / elapsed,
        percentile(0.50),
        percentile(0.99),
        percentile(1.0)
    )
}
