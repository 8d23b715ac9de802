//! The showcase's live chat (`/live/chat`) across processes: a real `redis-server` on a free
//! port, two showcase processes sharing it (`ROOK_REDIS_URL`). A message said through the live
//! view of process A (posted without JavaScript) reaches a live view's socket on process B and
//! a plain `/chat` WebSocket member on B; what the member on B says shows on A's page.
//!
//! `harness = false`: the same binary, run with `LIVE_REDIS_CHILD=1`, is a showcase process.
//! Needs `redis-server` and `redis-cli` (Debian: `apt-get install redis-server redis-tools`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tungstenite::Message;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::WebSocket;

#[path = "support/processes.rs"]
mod processes;

use processes::{Reaped, Redis, free_port, showcase_process};

fn main() {
    if std::env::var_os("LIVE_REDIS_CHILD").is_some() {
        return showcase_process();
    }
    match std::panic::catch_unwind(run) {
        Ok(()) => println!("live_redis: 1 passed, 0 failed"),
        Err(_) => {
            println!("live_redis: 0 passed, 1 failed");
            std::process::exit(1);
        }
    }
}

/// Starts a showcase process (this binary as a child) and waits for its port.
fn showcase(redis_url: &str) -> (Reaped, u16) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("LIVE_REDIS_CHILD", "1")
        .env("ROOK_REDIS_URL", redis_url)
        .env("PORT", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("the showcase process printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("Rook is serving on http://127.0.0.1:") {
            let port = rest.split('/').next().unwrap_or_default();
            break port.parse().unwrap_or_else(|_| panic!("no port in {line:?}"));
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (Reaped(child), port)
}

/// One HTTP/1.1 exchange (`Connection: close`): the status, the `Set-Cookie` pair, the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> (u16, Option<String>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(form) = form {
        // As a browser posts the page's form: with its origin (the router's CSRF check).
        request.push_str(&format!(
            "Origin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ));
    } else {
        request.push_str("\r\n");
    }
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    // Every cookie set (a live page sets the view's and the session's), as a `Cookie` header.
    let cookies: Vec<&str> = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .map(|v| v.split(';').next().unwrap())
        .collect();
    let cookie = (!cookies.is_empty()).then(|| cookies.join("; "));
    (status, cookie, body.to_owned())
}

fn socket(port: u16, path: &str, cookie: Option<&str>) -> WebSocket<TcpStream> {
    let mut request = format!("ws://127.0.0.1:{port}{path}").into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("Cookie", cookie.parse().unwrap());
    }
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (client, response) = tungstenite::client(request, stream).unwrap();
    assert_eq!(response.status(), 101, "{path}");
    client
}

/// Reads text messages until one contains `needle`; all read, in order.
fn read_until(client: &mut WebSocket<TcpStream>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match client.read() {
            Ok(Message::Text(text)) => {
                seen.push(text.as_str().to_owned());
                if text.contains(needle) {
                    return seen;
                }
            }
            Ok(Message::Close(frame)) => panic!("closed: {frame:?} after {seen:?}"),
            Ok(_) => {}
            Err(err) => panic!("no message with {needle:?} ({err}); read {seen:?}"),
        }
    }
}

fn run() {
    let redis = Redis::start(free_port());
    let redis_port = redis.port;
    let url = format!("redis://127.0.0.1:{redis_port}/0");
    let (_a, a) = showcase(&url);
    let (_b, b) = showcase(&url);

    // The room takes members once each process's reader has reached Redis.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut member = loop {
        let request = format!("ws://127.0.0.1:{b}/chat?name=carol").into_client_request().unwrap();
        let stream = TcpStream::connect(("127.0.0.1", b)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        match tungstenite::client(request, stream) {
            Ok((client, _)) => break client,
            Err(err) => {
                assert!(Instant::now() < deadline, "B's chat never took a member: {err}");
                sleep(Duration::from_millis(50));
            }
        }
    };
    read_until(&mut member, "carol");

    // A live view of the chat on B, over its socket.
    let (status, cookie_b, page) = http(b, "GET", "/live/chat", None, None);
    assert_eq!(status, 200, "{page}");
    let cookie_b = cookie_b.expect("a live cookie");
    let mut view_b = socket(b, "/live/chat", Some(&cookie_b));
    let first = read_until(&mut view_b, "[0,");
    assert!(first[0].contains("carol"), "B's view shows the join notice read from Redis: {}", first[0]);

    // Alice, on A, without JavaScript: a name, then a message; each post answers 303.
    let (status, cookie_a, _) = http(a, "GET", "/live/chat", None, None);
    assert_eq!(status, 200);
    let cookie_a = cookie_a.expect("a live cookie");
    let started = Instant::now();
    assert_eq!(http(a, "POST", "/live/chat", Some(&cookie_a), Some("_e=Join&name=alice")).0, 303);
    assert_eq!(http(a, "POST", "/live/chat", Some(&cookie_a), Some("_e=Say&text=hello+across")).0, 303);

    // It reaches B: the live view's socket gets a patch with it, and so does the plain member.
    let patches = read_until(&mut view_b, "alice: hello across");
    let across = started.elapsed();
    assert!(patches.last().unwrap().starts_with('['), "{patches:?}");
    read_until(&mut member, "alice: hello across");
    println!("A's post → B's live patch in {across:?}: {}", patches.last().unwrap());

    // The member on B speaks: A's page shows it (once A's reader has read it).
    member.send(Message::text("carol: hi back")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, page) = http(a, "GET", "/live/chat", Some(&cookie_a), None);
        assert_eq!(status, 200);
        if page.contains("carol: hi back") {
            assert!(page.contains("alice: hello across"), "{page}");
            break;
        }
        assert!(Instant::now() < deadline, "A's page never showed B's message: {page}");
        sleep(Duration::from_millis(50));
    }
    // And B's live view, too.
    read_until(&mut view_b, "carol: hi back");
}
