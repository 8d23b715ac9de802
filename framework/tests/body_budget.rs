//! docs/bodies.md, resources under load: all bodies being read at once share one memory budget
//! (`BodyConfig::in_flight_limit`); past it new bodies get 503 with `Retry-After`. The attack of
//! issue 12, scaled down: 40 clients each sending an 8 MiB multipart upload (inside every other
//! limit) and withholding its last bytes, against a 32 MiB budget with spilling off. The server
//! runs in this process; its resident set is sampled while the attack lasts.

mod body_common;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::{App, web};
use body_common::{MIB, connect, read_response, rss, serve};
use rook::{Body, BodyConfig, Upload};
use serde::Deserialize;

const CLIENTS: usize = 40;
const UPLOAD: usize = 8 * MIB;
const BUDGET: usize = 32 * MIB;
/// What the rest of the process may add while the attack runs (buffers, threads, allocator).
const SLACK: usize = 24 * MIB;
const BOUNDARY: &str = "AaB03x";

#[derive(Deserialize)]
#[allow(dead_code)] // only whether it parses matters
struct Form {
    file: Upload,
}

#[test]
fn withheld_uploads_past_the_budget_get_503_and_memory_stays_bounded() {
    let addr = serve(|| {
        App::new()
            .app_data(
                BodyConfig::default().in_flight_limit(BUDGET).spill_threshold(64 * MIB).timeout(Duration::from_secs(4)),
            )
            .route("/upload", web::post().to(|_: Body<Form>| async { "stored" }))
    });
    // Warm up the worker.
    let mut stream = connect(addr);
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_response(&mut stream).unwrap();
    drop(stream);

    // The clients' data, allocated once before measuring (the server shares this process).
    let data: Arc<Vec<u8>> = Arc::new(vec![b'z'; UPLOAD - 1024]);
    let before = rss();
    let peak = Arc::new(AtomicUsize::new(before));
    let attacking = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, attacking) = (Arc::clone(&peak), Arc::clone(&attacking));
        std::thread::spawn(move || {
            while attacking.load(Ordering::Relaxed) {
                peak.fetch_max(rss(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    let head = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\r\n");
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let length = head.len() + UPLOAD + tail.len();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (head, data) = (head.clone(), Arc::clone(&data));
            std::thread::spawn(move || {
                let mut stream = connect(addr);
                let mut writer = stream.try_clone().unwrap();
                let sender = std::thread::spawn(move || {
                    let request = format!(
                        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
                         Content-Length: {length}\r\n\r\n{head}"
                    );
                    if writer.write_all(request.as_bytes()).is_err() {
                        return;
                    }
                    // All of the file but its last KiB, and never the closing boundary.
                    for piece in data.chunks(256 * 1024) {
                        if writer.write_all(piece).is_err() {
                            return; // answered already: the server stopped reading
                        }
                    }
                });
                let res = read_response(&mut stream).expect("an answer");
                stream.shutdown(std::net::Shutdown::Both).ok();
                sender.join().unwrap();
                res
            })
        })
        .collect();
    let answers: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    attacking.store(false, Ordering::Relaxed);
    sampler.join().unwrap();

    let busy: Vec<_> = answers.iter().filter(|r| r.status == 503).collect();
    let timed_out = answers.iter().filter(|r| r.status == 408).count();
    let growth = peak.load(Ordering::Relaxed).saturating_sub(before);
    eprintln!(
        "{} answered 503, {timed_out} read until the body timeout; peak resident growth {} MiB",
        busy.len(),
        growth / MIB
    );
    assert_eq!(busy.len() + timed_out, CLIENTS, "{answers:?}");
    // At most BUDGET / UPLOAD bodies fit in the budget; some do.
    assert!(busy.len() >= CLIENTS - BUDGET / UPLOAD, "{} answered 503", busy.len());
    assert!(timed_out >= 1, "the bodies within the budget were read (until the body timeout)");
    for res in &busy {
        assert!(res.head.to_ascii_lowercase().contains("retry-after: 1"), "{}", res.head);
        assert!(res.body.contains("BodyConfig::in_flight_limit"), "{}", res.body);
    }
    assert!(growth < BUDGET + SLACK, "resident set grew by {} MiB", growth / MIB);
}
