//! The showcase's index page against the running app: every link and script on the pages it
//! reaches answers 200, every `curl` command it shows does what it says, and together the links,
//! forms and commands reach every route of the showcase's `route!` block.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use actix_web::http::Method;
use actix_web::{App, HttpServer};
use rook_examples::showcase;

/// The showcase served on an OS-chosen loopback port by one worker; stopped when dropped.
struct Running {
    addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<thread::JoinHandle<()>>,
}

impl Running {
    fn start() -> Running {
        let (tx, rx) = mpsc::channel();
        let thread = thread::spawn(move || {
            let system = actix_web::rt::System::new();
            let routes = showcase::app_with_state();
            let server = HttpServer::new(move || App::new().service(routes.clone()))
                .workers(1)
                .disable_signals()
                .bind(("127.0.0.1", 0))
                .expect("bind 127.0.0.1:0");
            let addr = server.addrs()[0];
            system.block_on(async move {
                let running = server.run();
                tx.send((addr, running.handle())).expect("report the address");
                let _ = running.await;
            });
        });
        let (addr, handle) = rx.recv().expect("the showcase started");
        Running { addr, handle, thread: Some(thread) }
    }

    /// Sends one request and reads the answer: the whole of it, or only its head for a 101.
    fn send(&self, method: &str, target: &str, headers: &[(String, String)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(self.addr).expect("connect to the showcase");
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head =
            format!("{method} {target} HTTP/1.1\r\nHost: {}\r\nUser-Agent: showcase-index-test\r\n", self.addr);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("connection")) {
            head.push_str("Connection: close\r\n");
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0; 8192];
        loop {
            let n = stream.read(&mut buf).expect("read the answer");
            raw.extend_from_slice(&buf[..n]);
            let switched = raw.starts_with(b"HTTP/1.1 101") && raw.windows(4).any(|w| w == b"\r\n\r\n");
            if n == 0 || switched {
                break;
            }
        }
        Answer::parse(&raw)
    }

    fn get(&self, target: &str) -> Answer {
        self.send("GET", target, &[], b"")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

impl Answer {
    fn parse(raw: &[u8]) -> Answer {
        let at = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
        let head = String::from_utf8_lossy(&raw[..at]);
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
        let headers: BTreeMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw[at + 4..].to_vec();
        if headers.get("transfer-encoding").is_some_and(|te| te.contains("chunked")) {
            body = unchunk(&body);
        }
        Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&data[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
    out
}

/// The values of `attr="..."` in `html`, entities `&amp;` decoded.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest[..rest.find('"').expect("a closed attribute")].replace("&amp;", "&")
        })
        .collect()
}

/// The `curl` commands shown in `<pre class="curl">` blocks (one per line), entities decoded.
fn curl_commands(html: &str) -> Vec<String> {
    html.split("<pre class=\"curl\"><code>")
        .skip(1)
        .flat_map(|block| block[..block.find("</code></pre>").expect("a closed block")].lines())
        .map(|line| line.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        .collect()
}

/// Splits a shell command line on spaces outside single quotes (all the index uses).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, started) = (!quoted, true),
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => (word.push(c), started = true).1,
        }
    }
    if started {
        words.push(word);
    }
    assert!(!quoted, "unbalanced quotes in {line:?}");
    words
}

/// A curl command as a request: method, target, headers and body (`-H`, `-d`, `-F`, `-X`), and
/// the status a trailing `# NNN …` comment says it gets.
struct CurlRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    expect: Option<u16>,
}

fn curl_request(line: &str) -> CurlRequest {
    let (line, expect) = match line.split_once(" # ") {
        Some((command, comment)) => {
            let digits: String = comment.chars().take_while(char::is_ascii_digit).collect();
            (command.trim_end(), Some(digits.parse().unwrap_or_else(|_| panic!("{line}: the comment names no status"))))
        }
        None => (line, None),
    };
    let words = shell_words(line);
    assert_eq!(words.first().map(String::as_str), Some("curl"), "{line}");
    let (mut method, mut target, mut headers, mut data, mut fields) = (None, None, Vec::new(), None, Vec::new());
    let mut words = words.into_iter().skip(1);
    while let Some(word) = words.next() {
        match word.as_str() {
            "-i" | "-N" => {}
            "-X" => method = words.next(),
            "-H" => {
                let header = words.next().expect("a header after -H");
                let (name, value) = header.split_once(':').expect("Name: value");
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            "-d" => data = words.next(),
            "-F" => fields.push(words.next().expect("a field after -F")),
            url => {
                let path = url
                    .strip_prefix("http://127.0.0.1:8080")
                    .unwrap_or_else(|| panic!("{line}: {url:?} is not on the showcase"));
                target = Some(path.to_owned());
            }
        }
    }
    let mut body = Vec::new();
    if let Some(data) = data {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
        }
        body = data.into_bytes();
    } else if !fields.is_empty() {
        const BOUNDARY: &str = "showcase-index-test-boundary";
        headers.push(("Content-Type".into(), format!("multipart/form-data; boundary={BOUNDARY}")));
        for field in fields {
            let (name, value) = field.split_once('=').expect("name=value");
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            match value.strip_prefix('@') {
                Some(file) => {
                    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                        .expect("the file to upload");
                    body.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                    );
                    body.extend_from_slice(&bytes);
                }
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}").as_bytes(),
                ),
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    }
    let method = method.unwrap_or_else(|| if body.is_empty() { "GET" } else { "POST" }.into());
    CurlRequest { method, target: target.unwrap_or_else(|| panic!("{line}: no URL")), headers, body, expect }
}

#[test]
fn every_link_answers_and_every_route_is_shown() {
    let app = Running::start();
    let routes = showcase::app();
    // Route indices in `routes.list()` reached by the pages (links and forms) and commands.
    let mut reached = BTreeSet::new();
    let list = routes.list();
    let mut reach_as = |method: &Method, target: &str, authorized: bool, how: &str| {
        let path = target.split('?').next().unwrap_or_default();
        match routes.recognize(method, path) {
            // `recognize` takes an `auth` route to accept; a caller without credentials is
            // served by the next route of the same pattern without `auth` (the fallback).
            Ok(route) if !authorized && route.info.auth.is_some() => {
                let fallback = (route.index + 1..list.len()).find(|&i| {
                    list[i].info.auth.is_none()
                        && list[i].pattern() == list[route.index].pattern()
                        && list[i].methods() == list[route.index].methods()
                });
                reached
                    .insert(fallback.unwrap_or_else(|| panic!("{how} {method} {target}: its route needs credentials")));
            }
            Ok(route) => {
                reached.insert(route.index);
            }
            Err(e) => panic!("{how} {method} {target}: no route ({e})"),
        };
    };
    let mut reach = |method: &Method, target: &str, how: &str| reach_as(method, target, false, how);

    // Every page reachable by links from the index, and every link, stylesheet and script on it.
    let mut to_visit = vec!["/index.html".to_string()];
    let mut visited = BTreeSet::new();
    let mut pages = BTreeMap::new();
    while let Some(target) = to_visit.pop() {
        if !visited.insert(target.clone()) {
            continue;
        }
        let answer = app.get(&target);
        assert_eq!(answer.status, 200, "GET {target}: {}", answer.body);
        reach(&Method::GET, &target, "link");
        if answer.headers.get("content-type").is_some_and(|t| t.starts_with("text/html")) {
            let mut links = attributes(&answer.body, "href");
            links.extend(attributes(&answer.body, "src"));
            for link in links.into_iter().filter(|l| !l.starts_with("data:")) {
                assert!(
                    link.starts_with('/') && !link.starts_with("//"),
                    "{target}: link {link:?} is not a path on the showcase"
                );
                to_visit.push(link);
            }
            pages.insert(target, answer.body);
        }
    }
    assert!(pages.contains_key("/chat.html") && pages.contains_key("/upload"), "{:?}", pages.keys());
    for (page, html) in &pages {
        // Every page links back to the index.
        assert!(attributes(html, "href").iter().any(|l| l == "/index.html"), "{page} does not link the index");
        for action in attributes(html, "action") {
            reach(&Method::POST, &action, &format!("{page} form"));
        }
    }

    // The curl commands work as shown.
    let commands = curl_commands(&pages["/index.html"]);
    assert!(commands.len() >= 4, "{commands:?}");
    for line in &commands {
        let req = curl_request(line);
        let method = Method::from_bytes(req.method.as_bytes()).unwrap();
        let authorized = req.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        // A redirect is the route's own answer (a form's 303), an error status is not.
        if req.expect.is_none_or(|s| s < 400) {
            reach_as(&method, &req.target, authorized, "curl");
        }
        let answer = app.send(&req.method, &req.target, &req.headers, &req.body);
        let upgrade = req.headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("upgrade") && v == "websocket");
        let expected = match (upgrade, req.method.as_str()) {
            _ if req.expect.is_some() => req.expect.unwrap(),
            (true, _) => 101,
            (false, "POST") if req.target == "/log" => 201,
            _ => 200,
        };
        assert_eq!(answer.status, expected, "{line}: {}", answer.body);
    }

    // Together they reach every route of the table.
    for (index, route) in routes.list().iter().enumerate() {
        assert!(reached.contains(&index), "the index page shows no link, form or curl command for {route}");
    }
}
