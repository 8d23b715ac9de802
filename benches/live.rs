//! Live views (issue 22): the goals' figures, each measured here.
//!
//! ```text
//! cargo bench --bench live                 # full: 10 000 idle views, 1 000 views × 10 events/s
//!                                          # for 20 s, fan-out to 10 000 views × 30 rounds
//! cargo test --bench live                  # bounded (CI, ~30 s in a debug build): the byte
//!                                          # goals asserted, the load figures on small numbers
//! LIVE_IDLE_VIEWS=15000 LIVE_LOAD_VIEWS=1000 LIVE_LOAD_RATE=10 LIVE_LOAD_SECS=20 \
//!   LIVE_FANOUT_VIEWS=10000 LIVE_FANOUT_ROUNDS=30 cargo bench --bench live
//! ```
//!
//! 1. **Bytes** (deterministic): a counter click over a real socket, up and down, envelope
//!    included; the join after the page; one change to a 300-row keyed table, against
//!    Phoenix's encoding of the same change by a reference encoder of its format
//!    (`live/phoenix.rs`, checked against golden cases from Phoenix's own tests by
//!    `cargo test --test live_phoenix`) and against the full render.
//! 2. **Idle views**: the server's RSS (a child process: this binary run again) before and after
//!    opening N views as browsers do (the page, then the socket that adopts it), per view and
//!    per GiB. Client sockets live in this process and are not counted; kernel socket buffers
//!    are not in any RSS.
//! 3. **Event → patch**: N views each clicking R times a second, phases spread; latency from
//!    just before the send to the patch parsed, p50/p99/p99.9, after a warm-up.
//! 4. **Fan-out**: N views of one shared value; a click from another browser publishes on the
//!    in-process `Topic`; time from the click to the last view's patch, per round.
//!
//! The server has two workers; the clients run on one thread of this process, on the same two
//! cores: their time is in the figures.

#[path = "live/bytes.rs"]
mod bytes;
#[path = "live/client.rs"]
mod client;
#[allow(dead_code, unreachable_pub)] // the example's `main` and links are not used here
#[path = "../examples/live_counter.rs"]
mod example;
#[path = "live/from_rook.rs"]
mod from_rook;
#[path = "live/load.rs"]
mod load;
#[path = "live/phoenix.rs"]
mod phoenix;
#[path = "live/server.rs"]
mod server;
#[path = "live/views.rs"]
mod views;

use server::Server;

fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Nanoseconds as milliseconds at the quantile `q` of sorted `values`.
fn quantile(values: &[u64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values[((values.len() as f64 * q) as usize).min(values.len() - 1)] as f64 / 1e6
}

fn main() {
    if std::env::var_os(server::SERVE).is_some() {
        server::serve(|config| {
            config.service(example::app().fallthrough()).service(views::shared());
        });
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    println!("live views ({} mode)", if full { "full" } else { "bounded" });

    let server = Server::start();
    let counter = actix_web::rt::System::new().block_on(bytes::counter(server.addr));
    drop(server);
    println!("\ncounter click, WebSocket message payloads (frame headers not counted):");
    println!(
        "  Rook, live.js (tab named):  up {} B + down {} B = {} B",
        counter.up,
        counter.down_tab,
        counter.up + counter.down_tab
    );
    println!(
        "  Rook, no tab:               up {} B + down {} B = {} B",
        counter.up,
        counter.down_plain,
        counter.up + counter.down_plain
    );
    println!(
        "  Phoenix (reference):        up {} B + down {} B = {} B",
        counter.phoenix_up,
        counter.phoenix_down,
        counter.phoenix_up + counter.phoenix_down
    );
    println!(
        "join after the page: Rook adopted {} B, Rook not adopted {} B, Phoenix {} B",
        counter.join_adopted, counter.join_whole, counter.phoenix_join
    );
    assert!(counter.up + counter.down_tab <= 32, "goal: a click costs at most 32 B");
    assert!(counter.join_adopted <= 64, "goal: the adopted join costs at most 64 B");

    println!("\n300-row keyed table (message down, envelope included; the diff alone in brackets):");
    for case in bytes::list() {
        let (rook, phoenix) = (case.rook.len(), case.phoenix.len());
        println!(
            "  {:<24} Rook {:>5} B ({:>5} B)  Phoenix {:>5} B ({:>5} B)  Rook/Phoenix {:.2} ({:.2})  Rook/full render {:.3} % of {} B",
            case.name,
            rook,
            case.bodies.0,
            phoenix,
            case.bodies.1,
            rook as f64 / phoenix as f64,
            case.bodies.0 as f64 / case.bodies.1 as f64,
            100.0 * rook as f64 / case.full as f64,
            case.full
        );
        if case.name == "row 150 renamed" {
            println!("      Rook    {}", case.rook);
            println!("      Phoenix {}", case.phoenix);
            assert!(rook * 100 <= case.full, "goal: one changed row is at most 1 % of the render");
            assert!(rook * 10 <= phoenix * 6, "goal: one changed row is at most 0.6 of Phoenix's message");
            assert!(case.bodies.0 * 10 <= case.bodies.1 * 6, "goal: and of Phoenix's diff, envelopes aside");
        }
    }

    let idle_views = setting("LIVE_IDLE_VIEWS", if full { 10_000 } else { 500 });
    let server = Server::start();
    actix_web::rt::System::new().block_on(async {
        let (idle, sockets) = load::idle(&server, idle_views).await;
        println!(
            "\nidle views: {} open, server RSS {:.1} → {:.1} MiB: {:.1} KiB per view, {:.0} views per GiB",
            idle.views,
            idle.before as f64 / 1048576.0,
            idle.after as f64 / 1048576.0,
            idle.per_view() / 1024.0,
            1073741824.0 / idle.per_view()
        );
        drop(sockets);
    });
    drop(server);

    let (views, rate) = (setting("LIVE_LOAD_VIEWS", if full { 1000 } else { 100 }), setting("LIVE_LOAD_RATE", 10u32));
    let secs: f64 = setting("LIVE_LOAD_SECS", if full { 20.0 } else { 2.0 });
    let warmup = (secs / 10.0).min(2.0);
    let server = Server::start();
    actix_web::rt::System::new().block_on(async {
        let cpu = server.cpu_seconds();
        let mut latency = load::latency(server.addr, views, rate, secs, warmup).await;
        let cpu = server.cpu_seconds() - cpu;
        latency.nanos.sort_unstable();
        println!(
            "\nevent → patch: {views} views × {rate} events/s for {secs} s ({warmup} s warm-up): {} patches counted \
             ({} sent, {} received), p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms; server CPU {:.0} µs per event",
            latency.nanos.len(),
            latency.sent,
            latency.received,
            quantile(&latency.nanos, 0.5),
            quantile(&latency.nanos, 0.99),
            quantile(&latency.nanos, 0.999),
            quantile(&latency.nanos, 1.0),
            1e6 * cpu / latency.sent.max(1) as f64
        );
    });
    drop(server);

    let views = setting("LIVE_FANOUT_VIEWS", if full { 10_000 } else { 500 });
    let rounds = setting("LIVE_FANOUT_ROUNDS", if full { 30 } else { 3 });
    let server = Server::start();
    actix_web::rt::System::new().block_on(async {
        let mut fanout = load::fanout(&server, views, rounds).await;
        fanout.last.sort_unstable();
        fanout.each.sort_unstable();
        println!(
            "\nfan-out: {views} views, {} rounds: last patch p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
             each patch p50 {:.1} ms, p99 {:.1} ms; {} missing; CPU per publication: server {:.1} ms, clients {:.1} ms",
            fanout.last.len(),
            quantile(&fanout.last, 0.5),
            quantile(&fanout.last, 0.99),
            quantile(&fanout.last, 1.0),
            quantile(&fanout.each, 0.5),
            quantile(&fanout.each, 0.99),
            fanout.missing,
            1e3 * fanout.cpu / fanout.last.len().max(1) as f64,
            1e3 * fanout.client_cpu / fanout.last.len().max(1) as f64
        );
        assert_eq!(fanout.missing, 0, "every view gets every publication");
    });
    drop(server);
}
