//! Load on a live server in a child process, from clients on one current-thread runtime in
//! this process: idle views and what they cost in memory, event → patch latency under a steady
//! event rate, and the fan-out of one change to many views.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use actix_web::rt::time::{sleep, timeout};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::Message;

use super::client::{Socket, connect, page, recv};
use super::server::Server;

/// The server's memory with `views` idle live views open.
pub(crate) struct Idle {
    /// How many.
    pub(crate) views: usize,
    /// RSS before they opened, bytes.
    pub(crate) before: u64,
    /// RSS with all of them open and idle, bytes.
    pub(crate) after: u64,
}

impl Idle {
    /// Bytes per view.
    pub(crate) fn per_view(&self) -> f64 {
        self.after.saturating_sub(self.before) as f64 / self.views as f64
    }
}

/// Opens `views` counters as browsers do — the page, then the socket that adopts its parked
/// session — and leaves them idle; returns the server's RSS before and after, and the sockets
/// (to be closed by the caller, after the reading).
pub(crate) async fn idle(server: &Server, views: usize) -> (Idle, Vec<Socket>) {
    let addr = server.addr;
    // One view first, so that what every view shares (the runtime's buffers, the template
    // statics, the store's table) is in the baseline.
    let mut sockets = vec![open_counter(addr).await];
    sleep(Duration::from_millis(300)).await;
    let before = server.rss();
    for _ in 0..views {
        sockets.push(open_counter(addr).await);
    }
    sleep(Duration::from_secs(1)).await;
    let after = server.rss();
    (Idle { views, before, after }, sockets)
}

async fn open_counter(addr: SocketAddr) -> Socket {
    let browser = page(addr, "/counter");
    let mut socket = connect(addr, &format!("/counter?_t={}&_s=0", browser.tab), Some(&browser.cookie)).await;
    assert_eq!(recv(&mut socket).await, "[0,null,0]", "the join adopts the page's session");
    socket
}

/// Event → patch latencies, nanoseconds, of events sent after the warm-up.
pub(crate) struct Latency {
    /// One per patch received.
    pub(crate) nanos: Vec<u64>,
    /// Events sent (warm-up included).
    pub(crate) sent: usize,
    /// Patches received (warm-up included).
    pub(crate) received: usize,
}

/// `views` counters (one browser each, no tab) each sending `rate` clicks a second for `secs`
/// seconds, their phases spread evenly; the first `warmup` seconds are not counted.
pub(crate) async fn latency(addr: SocketAddr, views: usize, rate: u32, secs: f64, warmup: f64) -> Latency {
    let mut sockets = Vec::with_capacity(views);
    for _ in 0..views {
        let mut socket = connect(addr, "/counter", None).await;
        recv(&mut socket).await;
        sockets.push(socket);
    }
    let start = Instant::now() + Duration::from_millis(200);
    let period = Duration::from_secs_f64(1.0 / f64::from(rate));
    let (end, counted_from) = (start + Duration::from_secs_f64(secs), start + Duration::from_secs_f64(warmup));
    let nanos = Rc::new(RefCell::new(Vec::new()));
    let (sent, received) = (Rc::new(RefCell::new(0usize)), Rc::new(RefCell::new(0usize)));
    let mut tasks = Vec::new();
    for (i, socket) in sockets.into_iter().enumerate() {
        let (mut sink, mut stream) = socket.split();
        let pending: Rc<RefCell<VecDeque<Instant>>> = Rc::default();
        let phase = period.mul_f64(i as f64 / views as f64);
        let (queue, sent) = (pending.clone(), sent.clone());
        tasks.push(actix_web::rt::spawn(async move {
            let mut next = start + phase;
            let mut seq = 0u64;
            while next < end {
                actix_web::rt::time::sleep_until(next.into()).await;
                seq += 1;
                queue.borrow_mut().push_back(Instant::now());
                *sent.borrow_mut() += 1;
                if sink.send(Message::text(format!("[{seq},\"Inc\"]"))).await.is_err() {
                    break;
                }
                next += period;
            }
            let _ = sink.close().await;
        }));
        let (nanos, received) = (nanos.clone(), received.clone());
        actix_web::rt::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(_) = message else { continue };
                let now = Instant::now();
                let Some(at) = pending.borrow_mut().pop_front() else { continue };
                *received.borrow_mut() += 1;
                if at >= counted_from {
                    nanos.borrow_mut().push(now.duration_since(at).as_nanos() as u64);
                }
            }
        });
    }
    for task in tasks {
        let _ = task.await;
    }
    sleep(Duration::from_millis(500)).await;
    let nanos = std::mem::take(&mut *nanos.borrow_mut());
    let (sent, received) = (*sent.borrow(), *received.borrow());
    Latency { nanos, sent, received }
}

/// One change published to `views` views of [`Shared`](super::views::Shared), `rounds` times.
pub(crate) struct Fanout {
    /// Per round: from the click that publishes to the last view's patch, nanoseconds.
    pub(crate) last: Vec<u64>,
    /// Every view's patch, every round: from the click, nanoseconds.
    pub(crate) each: Vec<u64>,
    /// Patches that did not arrive within 10 s of their round.
    pub(crate) missing: usize,
    /// The server's CPU seconds over all rounds.
    pub(crate) cpu: f64,
    /// This process's (the clients') CPU seconds over all rounds.
    pub(crate) client_cpu: f64,
}

struct Tally {
    /// When each round's click was sent.
    sent: Vec<Instant>,
    /// Views that have each round's patch.
    got: Vec<usize>,
    /// When each round's last patch arrived.
    last: Vec<Option<Instant>>,
    each: Vec<u64>,
}

/// Connects `views` views of `/shared`, then `rounds` times: a click from one more browser
/// publishes, and every view gets a patch; each round waits for the previous one to complete.
pub(crate) async fn fanout(server: &Server, views: usize, rounds: usize) -> Fanout {
    let addr = server.addr;
    let tally = Rc::new(RefCell::new(Tally {
        sent: Vec::with_capacity(rounds),
        got: vec![0; rounds],
        last: vec![None; rounds],
        each: Vec::with_capacity(views * rounds),
    }));
    let done = Rc::new(Notify::new());
    for _ in 0..views {
        let mut socket = connect(addr, "/shared", None).await;
        recv(&mut socket).await;
        let (tally, done) = (tally.clone(), done.clone());
        actix_web::rt::spawn(async move {
            let mut round = 0;
            while let Some(Ok(message)) = socket.next().await {
                let Message::Text(_) = message else { continue };
                let now = Instant::now();
                let mut t = tally.borrow_mut();
                if round >= t.sent.len() {
                    continue;
                }
                let since = now.duration_since(t.sent[round]).as_nanos() as u64;
                t.each.push(since);
                t.got[round] += 1;
                if t.got[round] == views {
                    t.last[round] = Some(now);
                    done.notify_one();
                }
                round += 1;
            }
        });
    }
    let mut publisher = connect(addr, "/shared", None).await;
    recv(&mut publisher).await;
    let (mut sink, mut stream) = publisher.split();
    actix_web::rt::spawn(async move { while let Some(Ok(_)) = stream.next().await {} });
    // The views subscribe as their socket opens, just after their first message.
    sleep(Duration::from_millis(500)).await;
    let cpu_before = server.cpu_seconds();
    let client_before = super::server::cpu_seconds(std::process::id());
    let mut missing = 0;
    for round in 0..rounds {
        tally.borrow_mut().sent.push(Instant::now());
        sink.send(Message::text(format!("[{},\"Bump\"]", round + 1))).await.unwrap();
        let waited = timeout(Duration::from_secs(10), async {
            while tally.borrow().last[round].is_none() {
                done.notified().await;
            }
        })
        .await;
        if waited.is_err() {
            missing += views - tally.borrow().got[round];
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    let cpu = server.cpu_seconds() - cpu_before;
    let client_cpu = super::server::cpu_seconds(std::process::id()) - client_before;
    let t = tally.borrow();
    let last = t
        .last
        .iter()
        .zip(&t.sent)
        .filter_map(|(last, sent)| last.map(|last| last.duration_since(*sent).as_nanos() as u64))
        .collect();
    Fanout { last, each: t.each.clone(), missing, cpu, client_cpu }
}
