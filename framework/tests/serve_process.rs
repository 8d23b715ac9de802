//! docs/serving.md with real clients against `rook::serve` in a child process: TLS with ALPN (`curl`,
//! `openssl s_client`), h2c, compression, start-up errors, and the drain on SIGINT/SIGTERM
//! (`curl`, `nghttp`, `h2load`, a WebSocket client).
//!
//! A test binary without libtest's harness: run with `ROOK_SERVE_CHILD=1` it *is* the server
//! (an application calling `rook::serve` with the environment the parent chose), otherwise it
//! runs the checks, each bounded in time. `cargo test --test serve_process -- NAME` runs the
//! checks whose name contains NAME.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use rook::prelude::*;

/// The size of the large answer.
const LARGE: usize = 1_732_839;

fn routes() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        // Says on stdout when it starts, so the parent signals while it is in flight.
        get "slow" / ms: u64 => {
            println!("slow request started");
            actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
            "done\n"
        },
        get "big" => "Rook compresses this line.\n".repeat(4_000),
        // A large answer (the size of the issue's static file) after a pause.
        get "large" / ms: u64 => {
            println!("slow request started");
            actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
            vec![b'x'; LARGE]
        },
        post "echo", text: Body<String> => text.into_inner(),
        get "ws", socket: WebSocket => socket.serve(|mut conn| async move {
            while let Some(text) = conn.recv().await {
                if conn.send(text).await.is_err() {
                    break;
                }
            }
        }),
        get "chat", socket: WebSocket, room: Data<ChatRoom> => room.join(socket),
    }
    .app_data(Data::new(ChatRoom::new()))
}

fn main() {
    if std::env::var_os("ROOK_SERVE_CHILD").is_some() {
        // What an application's `#[rook::main] async fn main() -> io::Result<()>` does.
        let result = actix_web::rt::System::new().block_on(rook::serve(routes()));
        std::process::exit(if result.is_ok() { 0 } else { 1 });
    }
    let checks: &[(&str, fn())] = &[
        ("bad_settings_stop_start_up_naming_them", bad_settings_stop_start_up_naming_them),
        ("tls_negotiates_h2_by_alpn_and_serves_http1_too", tls_negotiates_h2_by_alpn_and_serves_http1_too),
        ("h2c_is_served_beside_http1", h2c_is_served_beside_http1),
        ("rook_compress_answers_gzip_and_brotli", rook_compress_answers_gzip_and_brotli),
        (
            "expect_continue_over_the_limit_is_refused_on_the_headers",
            expect_continue_over_the_limit_is_refused_on_the_headers,
        ),
        ("sigint_drains_requests_in_flight_on_http1_and_http2", sigint_drains_requests_in_flight_on_http1_and_http2),
        ("http2_connections_get_goaway_on_drain", http2_connections_get_goaway_on_drain),
        ("h2load_over_tls_loses_nothing_started_before_sigterm", h2load_over_tls_loses_nothing_started_before_sigterm),
        (
            "http1_keep_alive_loses_nothing_started_before_sigterm",
            http1_keep_alive_loses_nothing_started_before_sigterm,
        ),
        (
            "http2_over_tls_to_a_slow_reader_ends_complete_on_drain",
            http2_over_tls_to_a_slow_reader_ends_complete_on_drain,
        ),
        ("invalid_requests_are_not_logged_as_errors", invalid_requests_are_not_logged_as_errors),
        ("the_last_http1_answer_on_drain_says_connection_close", the_last_http1_answer_on_drain_says_connection_close),
        ("websockets_are_closed_with_1001_on_drain", websockets_are_closed_with_1001_on_drain),
    ];
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let mut failed = Vec::new();
    let mut ran = 0;
    for (name, check) in checks {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        ran += 1;
        print!("test {name} ... ");
        std::io::stdout().flush().unwrap();
        match std::panic::catch_unwind(check) {
            Ok(()) => println!("ok"),
            Err(_) => {
                println!("FAILED");
                failed.push(*name);
            }
        }
    }
    println!(
        "\ntest result: {}. {} passed; {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        ran - failed.len(),
        failed.len()
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}

/// A self-signed certificate for localhost/127.0.0.1 and its key, as PEM files in `dir`.
fn certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, generated.cert.pem()).unwrap();
    std::fs::write(&key, generated.signing_key.serialize_pem()).unwrap();
    (cert, key)
}

/// The server in a child process.
struct Server {
    child: std::process::Child,
    /// Its base URL, as it printed it.
    url: String,
    addr: String,
    stdout: Receiver<String>,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

fn child_command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .env_clear()
        .env("ROOK_SERVE_CHILD", "1")
        .env("HOST", "127.0.0.1")
        .env("PORT", "0")
        .env("WORKERS", "2")
        .env("ROOK_SHUTDOWN_TIMEOUT", "20")
        .env("RUST_LOG", "info");
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

impl Server {
    /// Starts the server with `env` (on top of an OS-chosen port on 127.0.0.1 and 2 workers);
    /// `tls` adds a generated certificate.
    fn start(env: &[(&str, &str)], tls: bool) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut command = child_command(env);
        if tls {
            let (cert, key) = certificate(dir.path());
            command.env("ROOK_TLS_CERT", cert).env("ROOK_TLS_KEY", key);
        }
        let stderr = dir.path().join("stderr.log");
        let mut child = command.stdout(Stdio::piped()).stderr(std::fs::File::create(&stderr).unwrap()).spawn().unwrap();
        let (tx, stdout) = channel();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = stdout.recv_timeout(Duration::from_secs(30)).expect("the server prints where it serves");
        let url = first
            .strip_prefix("Rook is serving on ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .trim_end_matches('/')
            .to_string();
        let addr = url.rsplit("//").next().unwrap().to_string();
        Server { child, url, addr, stdout, stderr, _dir: dir }
    }

    /// Waits until `n` slow requests have started in the server.
    fn wait_started(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = 0;
        while seen < n {
            match self.stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line == "slow request started" => seen += 1,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    panic!("only {seen} of {n} slow requests started")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited; {}", self.log()),
            }
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits for the server to exit (bounded) and returns how.
    fn exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit; {}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        format!("its log:\n{}", std::fs::read_to_string(&self.stderr).unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a client tool to completion (bounded), returning its exit status and stdout + stderr.
fn run(program: &str, args: &[&str], stdin: &[u8]) -> (ExitStatus, String) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} (install it: see .ci/run): {e}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        let _ = err.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{program} {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status, reader.join().unwrap())
}

/// Starts a tool in the background; its output is collected when it is joined.
fn spawn(program: &str, args: &[&str]) -> std::thread::JoinHandle<(ExitStatus, String)> {
    let (program, args): (String, Vec<String>) = (program.into(), args.iter().map(|a| a.to_string()).collect());
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&program, &args, b"")
    })
}

fn curl(args: &[&str]) -> String {
    let mut all = vec!["-sS", "--max-time", "30"];
    all.extend_from_slice(args);
    let (status, output) = run("curl", &all, b"");
    assert!(status.success(), "curl {args:?}: {output}");
    output
}

fn bad_settings_stop_start_up_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(dir.path());
    let (other_cert, other_key) = {
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        certificate(&other)
    };
    let _ = other_cert;
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a PEM file\n").unwrap();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let (cert, key, other_key, garbage) =
        (cert.to_str().unwrap(), key.to_str().unwrap(), other_key.to_str().unwrap(), garbage.to_str().unwrap());
    // (environment, what the message must name)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: &[Case] = &[
        (&[("PORT", "http")], &["PORT"]),
        (&[("PORT", "99999")], &["PORT"]),
        (&[("WORKERS", "0")], &["WORKERS"]),
        (&[("WORKERS", "many")], &["WORKERS"]),
        (&[("ROOK_H2C", "maybe")], &["ROOK_H2C"]),
        (&[("ROOK_SHUTDOWN_TIMEOUT", "30s")], &["ROOK_SHUTDOWN_TIMEOUT"]),
        (&[("ROOK_COMPRESS", "gzip")], &["ROOK_COMPRESS"]),
        (&[("ROOK_TLS_CERT", cert)], &["ROOK_TLS_KEY"]),
        (
            &[("ROOK_TLS_CERT", "/nonexistent/cert.pem"), ("ROOK_TLS_KEY", key)],
            &["ROOK_TLS_CERT", "/nonexistent/cert.pem"],
        ),
        (&[("ROOK_TLS_CERT", garbage), ("ROOK_TLS_KEY", key)], &["ROOK_TLS_CERT"]),
        (&[("ROOK_TLS_CERT", cert), ("ROOK_TLS_KEY", garbage)], &["ROOK_TLS_KEY"]),
        (&[("ROOK_TLS_CERT", cert), ("ROOK_TLS_KEY", other_key)], &["ROOK_TLS_CERT", "ROOK_TLS_KEY"]),
        (&[("PORT", &busy_port)], &[&busy_port]),
    ];
    for (env, named) in cases {
        let mut command = child_command(env);
        let (tx, rx) = channel();
        let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            let _ = tx.send(text);
        });
        let stderr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(text) => text,
            Err(_) => {
                let _ = child.kill();
                panic!("{env:?}: the server started instead of refusing");
            }
        };
        let status = child.wait().unwrap();
        assert!(!status.success(), "{env:?}: exit {status}");
        for name in *named {
            assert!(stderr.contains(name), "{env:?}: the message should name {name}: {stderr}");
        }
    }
    drop(busy);
}

fn tls_negotiates_h2_by_alpn_and_serves_http1_too() {
    let server = Server::start(&[], true);
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let h2 = curl(&["-k", "--http2", "-w", "\n%{http_version}", &format!("{}/", server.url)]);
    assert_eq!(h2, "Hello from Rook\n\n2");
    let h1 = curl(&["-k", "--http1.1", "-w", "\n%{http_version}", &format!("{}/", server.url)]);
    assert_eq!(h1, "Hello from Rook\n\n1.1");
    // The route table answers the same over HTTP/2: the router's own statuses included.
    let missing = curl(&["-k", "--http2", "-o", "/dev/null", "-w", "%{http_code}", &format!("{}/nowhere", server.url)]);
    assert_eq!(missing, "404");
    let (_, handshake) = run("openssl", &["s_client", "-alpn", "h2", "-connect", &server.addr], b"");
    assert!(handshake.contains("ALPN protocol: h2"), "{handshake}");
    let (_, handshake) = run("openssl", &["s_client", "-alpn", "http/1.1", "-connect", &server.addr], b"");
    assert!(handshake.contains("ALPN protocol: http/1.1"), "{handshake}");
}

fn h2c_is_served_beside_http1() {
    let server = Server::start(&[("ROOK_H2C", "1")], false);
    let h2 = curl(&["--http2-prior-knowledge", "-w", "\n%{http_version}", &format!("{}/", server.url)]);
    assert_eq!(h2, "Hello from Rook\n\n2");
    let h1 = curl(&["--http1.1", "-w", "\n%{http_version}", &format!("{}/", server.url)]);
    assert_eq!(h1, "Hello from Rook\n\n1.1");
    let posted = curl(&[
        "--http2-prior-knowledge",
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        "over h2c",
        &format!("{}/echo", server.url),
    ]);
    assert_eq!(posted, "over h2c");
}

fn rook_compress_answers_gzip_and_brotli() {
    let plain = Server::start(&[], false);
    let head = curl(&["-D", "-", "-o", "/dev/null", "-H", "Accept-Encoding: gzip", &format!("{}/big", plain.url)]);
    assert!(!head.to_ascii_lowercase().contains("content-encoding"), "off by default: {head}");
    let server = Server::start(&[("ROOK_COMPRESS", "1")], false);
    for encoding in ["gzip", "br"] {
        let head = curl(&[
            "-D",
            "-",
            "-o",
            "/dev/null",
            "-H",
            &format!("Accept-Encoding: {encoding}"),
            &format!("{}/big", server.url),
        ]);
        assert!(head.to_ascii_lowercase().contains(&format!("content-encoding: {encoding}")), "{head}");
    }
    let body = curl(&["--compressed", &format!("{}/big", server.url)]);
    assert_eq!(body, "Rook compresses this line.\n".repeat(4_000));
}

fn expect_continue_over_the_limit_is_refused_on_the_headers() {
    let server = Server::start(&[], false);
    let first_line = |length: usize| {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"
        )
        .unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        line
    };
    // The text limit is 1 MiB.
    assert!(first_line(1024 * 1024 + 1).starts_with("HTTP/1.1 413"), "over the limit");
    assert!(first_line(1024).starts_with("HTTP/1.1 100"), "within the limit");
    // Issue 20 (minor): a body no parser reads is refused on its headers too (415, no 100).
    for content_type in ["", "Content-Type: image/png\r\n"] {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "POST /echo HTTP/1.1\r\nHost: x\r\n{content_type}Content-Length: 10\r\nExpect: 100-continue\r\n\r\n"
        )
        .unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 415"), "{content_type:?}: {line}");
    }
}

fn sigint_drains_requests_in_flight_on_http1_and_http2() {
    let mut server = Server::start(&[], true);
    let url = format!("{}/slow/1500", server.url);
    let h1 = spawn("curl", &["-sS", "-k", "--http1.1", "--max-time", "30", &url]);
    let h2 = spawn("curl", &["-sS", "-k", "--http2", "--max-time", "30", &url]);
    server.wait_started(2);
    server.signal("-INT");
    for (name, client) in [("HTTP/1.1", h1), ("HTTP/2", h2)] {
        let (status, output) = client.join().unwrap();
        assert!(status.success() && output == "done\n", "{name}: {output}; {}", server.log());
    }
    let status = server.exit();
    assert!(status.success(), "exit {status}; {}", server.log());
    assert!(TcpStream::connect(&server.addr).is_err(), "the port is closed");
}

fn http2_connections_get_goaway_on_drain() {
    let mut server = Server::start(&[], true);
    let client = spawn("nghttp", &["-nv", &format!("{}/slow/1500", server.url)]);
    server.wait_started(1);
    server.signal("-TERM");
    let (status, output) = client.join().unwrap();
    assert!(status.success(), "{output}");
    assert!(output.contains("recv GOAWAY frame"), "{output}");
    assert!(output.contains(":status: 200"), "the stream in flight is answered: {output}");
    assert!(server.exit().success());
}

/// Parses h2load's `requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout`.
fn h2load_requests(output: &str) -> Vec<(String, u64)> {
    let line = output.lines().find(|l| l.starts_with("requests:")).unwrap_or_else(|| panic!("{output}"));
    line["requests:".len()..]
        .split(',')
        .map(|part| {
            let (n, what) = part.trim().split_once(' ').unwrap();
            (what.to_string(), n.parse().unwrap())
        })
        .collect()
}

fn count(requests: &[(String, u64)], what: &str) -> u64 {
    requests.iter().find(|(w, _)| w == what).map(|(_, n)| *n).unwrap()
}

fn h2load_over_tls_loses_nothing_started_before_sigterm() {
    let mut server = Server::start(&[], true);
    // 10 connections × 20 streams: all 200 requests are in flight when the signal comes.
    let load = spawn("h2load", &["-n", "200", "-c", "10", "-m", "20", &format!("{}/slow/2000", server.url)]);
    server.wait_started(200);
    server.signal("-TERM");
    let (_, output) = load.join().unwrap();
    let requests = h2load_requests(&output);
    assert_eq!(count(&requests, "succeeded"), 200, "{output}");
    assert_eq!(count(&requests, "failed"), 0, "{output}");
    assert_eq!(count(&requests, "errored"), 0, "{output}");
    assert!(output.contains("Application protocol: h2"), "{output}");
    let status = server.exit();
    assert!(status.success(), "exit {status}; {}", server.log());
}

fn http1_keep_alive_loses_nothing_started_before_sigterm() {
    let mut server = Server::start(&[], false);
    // Each of the 50 keep-alive connections has its first request in flight at the signal; a
    // second one would start after it, and is refused (the connection closes after the first).
    let load = spawn("h2load", &["--h1", "-n", "100", "-c", "50", &format!("{}/slow/2000", server.url)]);
    server.wait_started(50);
    server.signal("-TERM");
    let (_, output) = load.join().unwrap();
    let requests = h2load_requests(&output);
    assert_eq!(count(&requests, "succeeded"), 50, "every request started before the signal is answered: {output}");
    let status = server.exit();
    assert!(status.success(), "exit {status}; {}", server.log());
}

fn websockets_are_closed_with_1001_on_drain() {
    use tungstenite::protocol::frame::coding::CloseCode;
    use tungstenite::{Message, connect};

    let mut server = Server::start(&[], false);
    let (mut echo, _) = connect(format!("ws://{}/ws", server.addr)).unwrap();
    echo.send(Message::text("hi")).unwrap();
    assert_eq!(echo.read().unwrap(), Message::text("hi"));
    // A chat member too: the room's own connections are closed the same way.
    let (mut member, _) = connect(format!("ws://{}/chat", server.addr)).unwrap();
    member.send(Message::text("hello room")).unwrap();
    assert_eq!(member.read().unwrap(), Message::text("hello room"));
    server.signal("-TERM");
    for socket in [&mut echo, &mut member] {
        let close = loop {
            match socket.read() {
                Ok(Message::Close(frame)) => break frame,
                Ok(_) => {}
                Err(e) => panic!("no close frame: {e}; {}", server.log()),
            }
        };
        assert_eq!(close.map(|f| f.code), Some(CloseCode::Away));
        let _ = socket.close(None);
        while socket.read().is_ok() {}
    }
    assert!(server.exit().success());
}

/// Issue 20, 5: an HTTP/1.1 keep-alive connection whose request is answered during the drain
/// is told the connection closes, so the client does not send another request on it (actix-http
/// 3.20 does so for an answer made once the dispatcher has the drain signal; this holds it).
fn the_last_http1_answer_on_drain_says_connection_close() {
    let mut server = Server::start(&[], false);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/1500 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    server.wait_started(1);
    server.signal("-TERM");
    let mut received = String::new();
    stream.read_to_string(&mut received).unwrap();
    let answers: Vec<&str> = received.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(answers.len(), 2, "{received}");
    assert!(
        !answers[0].to_ascii_lowercase().contains("connection: close"),
        "the answer before the drain keeps the connection: {received}"
    );
    assert!(answers[1].to_ascii_lowercase().contains("connection: close"), "{received}");
    assert!(answers[1].ends_with("done\n"), "{received}");
    assert!(server.exit().success());
}

/// Issue 20, 4, made certain: a client over TLS that reads its answers slowly (a small receive
/// buffer, a pause after each frame) while it keeps granting window. When the drained
/// connection ends, the server's socket still has bytes to send and unread window updates: a
/// close without reading them resets the connection and the ends of the answers are lost.
fn http2_over_tls_to_a_slow_reader_ends_complete_on_drain() {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;

    const STREAMS: usize = 8;
    let mut server = Server::start(&[], true);
    let cert = CertificateDer::from_pem_file(server._dir.path().join("cert.pem")).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    let mut config = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let addr: std::net::SocketAddr = server.addr.parse().unwrap();
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(8 * 1024).unwrap();
    socket.connect(&addr.into()).unwrap();
    let tcp: std::net::TcpStream = socket.into();
    tcp.set_nonblocking(true).unwrap();

    let (tx, started) = channel();
    let client = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let tcp = tokio::net::TcpStream::from_std(tcp).unwrap();
            let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
            let tls = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await.unwrap();
            // Windows larger than the socket buffers: the server has written its last bytes
            // (and ended the connection) long before this client has read them.
            let (client, conn) = h2::client::Builder::new()
                .initial_window_size(256 * 1024)
                .initial_connection_window_size(2 * 1024 * 1024)
                .handshake::<_, actix_web::web::Bytes>(tls)
                .await
                .unwrap();
            actix_web::rt::spawn(async move {
                let _ = conn.await;
            });
            let mut streams = Vec::new();
            for _ in 0..STREAMS {
                let mut client = client.clone().ready().await.unwrap();
                let request = http::Request::get(format!("https://{addr}/large/1000")).body(()).unwrap();
                let (response, _) = client.send_request(request, true).unwrap();
                streams.push(actix_web::rt::spawn(async move {
                    let mut body = response.await?.into_body();
                    let mut received = 0;
                    while let Some(chunk) = body.data().await {
                        let chunk = chunk?;
                        received += chunk.len();
                        let _ = body.flow_control().release_capacity(chunk.len());
                        actix_web::rt::time::sleep(Duration::from_millis(2)).await;
                    }
                    Ok::<_, h2::Error>((received, body.is_end_stream()))
                }));
            }
            tx.send(()).unwrap();
            let mut outcomes = Vec::new();
            for stream in streams {
                outcomes.push(stream.await.unwrap().map_err(|e| e.to_string()));
            }
            outcomes
        })
    });
    started.recv_timeout(Duration::from_secs(20)).unwrap();
    server.wait_started(STREAMS);
    server.signal("-TERM");
    let outcomes = client.join().unwrap();
    let complete = outcomes.iter().filter(|o| matches!(o, Ok((n, true)) if *n == LARGE)).count();
    assert_eq!(complete, STREAMS, "{outcomes:?}; {}", server.log());
    assert!(server.exit().success());
}

/// Issue 20 (minor): a request the server cannot parse is the client's mistake: with
/// `RUST_LOG=warn` it is no `ERROR` line each, but one summary line (at most once a minute).
fn invalid_requests_are_not_logged_as_errors() {
    let mut server = Server::start(&[("RUST_LOG", "warn")], false);
    for _ in 0..5 {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    server.signal("-TERM");
    assert!(server.exit().success());
    let log = std::fs::read_to_string(&server.stderr).unwrap();
    assert!(!log.contains("ERROR"), "{log}");
    assert_eq!(log.matches("invalid HTTP/1.1 request").count(), 1, "one summary: {log}");
}
