//! docs/bodies.md at scale, against `rook::Server`: 2 000 connections each holding an unfinished chunked
//! body are all closed (after the answer, or after the 408 of the body timeout), a new client is
//! served meanwhile, and the server's descriptors go back to their count before the attack (the
//! server runs in this process: `/proc/self/fd`).

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use rook::prelude::*;

const HELD: usize = 2_000;
const BODY_TIMEOUT: Duration = Duration::from_secs(2);

/// Raises this process's descriptor limit to its hard limit: the 2 000 connections need one
/// descriptor on each side, both in this process. Returns the (soft) limit now in force.
fn raise_fd_limit() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain syscalls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = route! {
        get / => "hello",
        post "echo", text: Body<String> => text.into_inner(),
    }
    .app_data(BodyConfig::default().timeout(BODY_TIMEOUT));
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(rook::Server::new(routes).listen(listener).workers(1).run())
    });
    addr
}

fn get(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn held_chunked_connections_are_all_closed_and_release_their_descriptors() {
    let fd_limit = raise_fd_limit();
    assert!(fd_limit >= 2 * HELD + 256, "the test needs {} descriptors; the hard limit is {fd_limit}", 2 * HELD + 256);
    let addr = start();
    // Warm up (worker thread, its buffers) and wait for the listener.
    assert!(get(addr).ends_with("hello"));
    let before = open_fds();

    let started = Instant::now();
    let mut held = Vec::with_capacity(HELD);
    for i in 0..HELD {
        let mut stream = TcpStream::connect(addr).unwrap();
        // Half to a route that never reads the body, half to one that reads it until the timeout.
        let head =
            if i % 2 == 0 { "GET / HTTP/1.1\r\n" } else { "POST /echo HTTP/1.1\r\nContent-Type: text/plain\r\n" };
        write!(stream, "{head}Host: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n").unwrap();
        held.push(stream);
    }
    // Before the body timeout has passed for most of them, a new client is served.
    assert!(get(addr).ends_with("hello"), "a new client is served while {HELD} connections are held");

    // Every connection is closed by the server: the body timeout, the client-disconnect linger
    // (1 s) and a margin for a loaded machine. A held connection would run into the read timeout.
    let deadline = started + BODY_TIMEOUT + Duration::from_secs(1) + Duration::from_secs(20);
    let (mut answered, mut timed_out) = (0, 0);
    for mut stream in held {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).unwrap();
        let mut answer = Vec::new();
        match stream.read_to_end(&mut answer) {
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("a connection was held open")
            }
            Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset, "{e}"),
        }
        let answer = String::from_utf8_lossy(&answer);
        if answer.starts_with("HTTP/1.1 200") {
            answered += 1;
        } else if answer.starts_with("HTTP/1.1 408") {
            timed_out += 1;
        }
    }
    assert_eq!((answered, timed_out), (HELD / 2, HELD / 2));

    // The server's side of every connection is gone too.
    let settle = Instant::now() + Duration::from_secs(20);
    while open_fds() > before && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(open_fds() <= before, "descriptors: {} before the attack, {} after", before, open_fds());
}
