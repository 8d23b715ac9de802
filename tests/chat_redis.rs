//! `ChatRoom::redis` under real faults (docs/websockets.md): a real `redis-server`, three showcase processes
//! sharing it (`ROOK_REDIS_URL`), `nginx` in front of them (WebSocket upgrades proxied,
//! round-robin), and K clients through nginx sending uniquely numbered messages while the test
//! kills Redis's connections (`CLIENT KILL TYPE normal`), stalls Redis (`DEBUG SLEEP 2`),
//! stops and continues one Rook process (SIGSTOP/SIGCONT), kills one (SIGKILL: its clients
//! reconnect through nginx with their last id), and restarts Redis empty (clients get `history
//! lost`, then carry on).
//!
//! Pass: every client's log is a dense run of ids (no duplicate, no gap except right after a
//! `history lost`), all clients agree on what each id is, and no message is delivered twice.
//!
//! `harness = false`: the same binary, run with `CHAT_REDIS_CHILD=1`, is a showcase process.
//! Needs `redis-server`, `redis-cli` and `nginx` (Debian: `redis-server redis-tools nginx`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};

const CLIENTS: usize = 6;
const PROTOCOL: &str = "rook.chat.v1";

#[path = "support/processes.rs"]
mod processes;

use processes::{Reaped, Redis, free_port, showcase_process};

fn main() {
    if std::env::var_os("CHAT_REDIS_CHILD").is_some() {
        return showcase_process();
    }
    let outcome = std::panic::catch_unwind(run);
    match outcome {
        Ok(()) => println!("chat_redis: 1 passed, 0 failed"),
        Err(_) => {
            println!("chat_redis: 0 passed, 1 failed");
            std::process::exit(1);
        }
    }
}

/// The Debian tool `name` this test drives.
fn binary(name: &str) -> PathBuf {
    processes::binary(name, "redis-server redis-tools nginx")
}

/// Starts a showcase process (this binary as a child) and waits for its port.
fn rook(redis_url: &str, dir: &Path, n: usize) -> (Reaped, u16) {
    let stderr = std::fs::File::create(dir.join(format!("rook{n}.log"))).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("CHAT_REDIS_CHILD", "1")
        .env("ROOK_REDIS_URL", redis_url)
        .env("PORT", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("the showcase process printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("Rook is serving on http://127.0.0.1:") {
            // `PORT/` and perhaps more (the protocols).
            let port = rest.split('/').next().unwrap_or_default();
            break port.parse().unwrap_or_else(|_| panic!("no port in {line:?}"));
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (Reaped(child), port)
}

fn nginx(dir: &Path, port: u16, upstreams: &[u16]) -> Reaped {
    let servers: String =
        upstreams.iter().map(|p| format!("    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n")).collect();
    let d = dir.display();
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         upstream rook {{\n{servers}  }}\n\
         server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://rook;\n\
         proxy_http_version 1.1;\n      proxy_set_header Upgrade $http_upgrade;\n\
         proxy_set_header Connection \"upgrade\";\n      proxy_set_header Host $host;\n\
         proxy_connect_timeout 1s;\n      proxy_read_timeout 5s;\n      proxy_send_timeout 5s;\n\
         proxy_next_upstream error timeout;\n    }}\n  }}\n}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    let child = Command::new(binary("nginx"))
        .args(["-e", &dir.join("nginx-error.log").display().to_string(), "-p", &d.to_string(), "-c"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not listen; see {d}/nginx-error.log");
        sleep(Duration::from_millis(20));
    }
    Reaped(child)
}

/// One entry as a client saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    epoch: String,
    seq: u64,
    kind: String,
    text: String,
}

fn parse(frame: &str) -> Entry {
    let value: serde_json::Value = serde_json::from_str(frame).unwrap_or_else(|e| panic!("not JSON: {frame:?}: {e}"));
    let id = value["id"].as_str().unwrap();
    let (epoch, seq) = id.split_once('-').unwrap();
    Entry {
        epoch: epoch.to_owned(),
        seq: seq.parse().unwrap(),
        kind: value["kind"].as_str().unwrap().to_owned(),
        text: value["text"].as_str().unwrap().to_owned(),
    }
}

/// What one client did.
#[derive(Default)]
struct Log {
    entries: Vec<Entry>,
    sent: Vec<String>,
    /// Messages sent whose echo had not come when the connection ended (they may or may not
    /// have been published).
    in_flight_at_disconnect: usize,
    connections: usize,
    /// Times the client went away on purpose (and came back with `since`).
    naps: usize,
    refused: usize,
    /// Why joins were refused (the status nginx passed on, or the connection error).
    refusals: BTreeMap<String, usize>,
    closes: BTreeMap<u16, usize>,
    /// Connections that ended without a close frame (the process was killed), by error.
    errors: BTreeMap<String, usize>,
}

type Client = tungstenite::WebSocket<TcpStream>;

fn connect(port: u16, k: usize, since: Option<&str>) -> Result<Client, String> {
    let why = |e: tungstenite::Error| match e {
        tungstenite::Error::Http(response) => response.status().to_string(),
        other => other.to_string(),
    };
    let mut url = format!("ws://127.0.0.1:{port}/chat?name=c{k}");
    if let Some(since) = since {
        url.push_str(&format!("&since={since}"));
    }
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(PROTOCOL));
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    let (client, _) = tungstenite::client(request, stream).map_err(|e| match e {
        tungstenite::HandshakeError::Failure(e) => why(e),
        tungstenite::HandshakeError::Interrupted(_) => "handshake timed out".to_owned(),
    })?;
    client.get_ref().set_read_timeout(Some(Duration::from_millis(10))).unwrap();
    Ok(client)
}

/// A client: sends `c{k}-{i}` one at a time (the next once the previous came back), records
/// every entry, reconnects through nginx with its last id whenever its connection ends; after
/// `stop`, sends `c{k}-end` and reads until every client's end marker has come.
fn client(port: u16, k: usize, stop: Arc<AtomicBool>, nap: Arc<AtomicBool>, deadline: Instant) -> Log {
    let mut log = Log::default();
    let mut conn: Option<Client> = None;
    let mut last_id: Option<String> = None;
    let mut awaiting: Option<String> = None;
    let mut next = 0usize;
    let mut ended = false;
    let mut ends_seen = HashSet::new();
    let mut napped = false;
    while Instant::now() < deadline {
        // Client 0 goes away for a while once, and comes back with more to catch up on than a
        // process keeps in memory: its `since` is served from the Redis stream.
        if k == 0 && !napped && nap.load(Ordering::SeqCst) && awaiting.is_none() {
            napped = true;
            if let Some(mut client) = conn.take() {
                let _ = client.close(None);
                let _ = client.flush();
            }
            sleep(Duration::from_millis(1500));
            log.naps += 1;
        }
        let Some(client) = conn.as_mut() else {
            match connect(port, k, last_id.as_deref()) {
                Ok(client) => {
                    log.connections += 1;
                    conn = Some(client);
                }
                Err(why) => {
                    *log.refusals.entry(why).or_default() += 1;
                    log.refused += 1;
                    sleep(Duration::from_millis(100));
                }
            }
            continue;
        };
        if awaiting.is_none() && !(ended && stop.load(Ordering::SeqCst)) {
            let text = if stop.load(Ordering::SeqCst) {
                ended = true;
                format!("c{k}-end-{}", log.connections)
            } else {
                next += 1;
                format!("c{k}-{next}")
            };
            if client.send(Message::text(text.clone())).is_err() {
                conn = None;
                continue;
            }
            log.sent.push(text.clone());
            awaiting = Some(text);
        }
        match client.read() {
            Ok(Message::Text(frame)) => {
                let entry = parse(frame.as_str());
                last_id = Some(format!("{}-{}", entry.epoch, entry.seq));
                if awaiting.as_deref() == Some(entry.text.as_str()) {
                    awaiting = None;
                }
                if entry.kind == "message" && entry.text.contains("-end-") {
                    ends_seen.insert(entry.text.split('-').next().unwrap().to_owned());
                }
                log.entries.push(entry);
                if ends_seen.len() == CLIENTS {
                    let _ = client.close(None);
                    return log;
                }
            }
            Ok(Message::Close(frame)) => {
                *log.closes.entry(frame.map_or(1005, |f| u16::from(f.code))).or_default() += 1;
                conn = None;
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(err) => {
                *log.errors.entry(err.to_string()).or_default() += 1;
                conn = None;
            }
        }
        if conn.is_none() && awaiting.take().is_some() {
            log.in_flight_at_disconnect += 1;
        }
    }
    panic!("client {k} did not see every client's end marker in time (saw {ends_seen:?})");
}

/// Established TCP connections to the loopback `port` (nginx's connections to a Rook process).
fn connections_to(port: u16) -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let local = format!(":{port:04X}");
    table
        .lines()
        .skip(1)
        .filter(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            cols.len() > 3 && cols[1].ends_with(&local) && cols[3] == "01"
        })
        .count()
}

fn run() {
    for name in ["redis-server", "redis-cli", "nginx"] {
        binary(name);
    }
    // Bad construction arguments are errors, not panics.
    for (url, name) in [
        ("redis://127.0.0.1:1/", "bad\nname"),
        ("redis://127.0.0.1:1/", ""),
        ("redis://127.0.0.1:1/", "{x}"),
        ("http://x/", "ok"),
    ] {
        let err = rook::ChatRoom::redis(url, name).err().unwrap_or_else(|| panic!("{url} {name:?} accepted"));
        assert!(!err.to_string().is_empty());
    }
    let dir = std::env::temp_dir().join(format!("rook-chat-redis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut redis = Redis::start(free_port());
    let url = format!("redis://127.0.0.1:{}/", redis.port);
    let mut rooks: Vec<(Option<Reaped>, u16)> = (0..3)
        .map(|n| {
            let (child, port) = rook(&url, &dir, n);
            (Some(child), port)
        })
        .collect();
    let nginx_port = free_port();
    let _nginx = nginx(&dir, nginx_port, &rooks.iter().map(|(_, p)| *p).collect::<Vec<_>>());

    let stop = Arc::new(AtomicBool::new(false));
    let nap = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(120);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let (stop, nap) = (stop.clone(), nap.clone());
            std::thread::spawn(move || client(nginx_port, k, stop, nap, deadline))
        })
        .collect();

    // The faults, one after another, each with time for the clients to carry on.
    let faults: Mutex<Vec<(&str, Instant)>> = Mutex::new(Vec::new());
    let fault = |name: &'static str| faults.lock().unwrap().push((name, Instant::now()));
    sleep(Duration::from_secs(2));
    fault("CLIENT KILL TYPE normal");
    redis.cli(&["CLIENT", "KILL", "TYPE", "normal"]);
    sleep(Duration::from_secs(2));
    fault("DEBUG SLEEP 2");
    redis.cli(&["DEBUG", "SLEEP", "2"]);
    sleep(Duration::from_secs(2));
    let stopped = rooks[0].0.as_ref().unwrap().0.id().to_string();
    fault("SIGSTOP/SIGCONT one Rook process");
    Command::new("kill").args(["-STOP", &stopped]).status().unwrap();
    sleep(Duration::from_secs(2));
    Command::new("kill").args(["-CONT", &stopped]).status().unwrap();
    sleep(Duration::from_secs(2));
    // The victim: of the two processes not stopped before, the one with more clients.
    let victim = if connections_to(rooks[1].1) >= connections_to(rooks[2].1) { 1 } else { 2 };
    fault("SIGKILL one Rook process");
    drop(rooks[victim].0.take());
    sleep(Duration::from_secs(1));
    fault("client 0 away for 1.5 s (resumes from the Redis stream)");
    nap.store(true, Ordering::SeqCst);
    sleep(Duration::from_secs(2));
    fault("Redis restart");
    redis.restart();
    sleep(Duration::from_secs(3));
    // Redis answers errors: the room's stream replaced by a string (its history is gone), then
    // deleted, so the room works again.
    fault("Redis answers errors for 2 s (WRONGTYPE: the stream overwritten by a string)");
    assert_eq!(redis.cli(&["SET", "rook:chat:{showcase}:stream", "not a stream"]), "OK");
    sleep(Duration::from_secs(2));
    assert_eq!(redis.cli(&["DEL", "rook:chat:{showcase}:stream"]), "1");
    sleep(Duration::from_secs(3));
    stop.store(true, Ordering::SeqCst);
    let logs: Vec<Log> = clients.into_iter().map(|c| c.join().expect("a client panicked")).collect();

    // Check: per client, dense ids (gaps only right after `history lost`), no duplicates; across
    // clients, one meaning per id; every message delivered once at most.
    let mut meaning: HashMap<(String, u64), (String, String)> = HashMap::new();
    let (mut duplicated, mut gaps, mut lost_notices) = (0usize, 0usize, 0usize);
    let (mut lost_epoch, mut lost_history) = (0usize, 0usize);
    let mut delivered: HashSet<String> = HashSet::new();
    for (k, log) in logs.iter().enumerate() {
        let mut prev: Option<&Entry> = None;
        let mut seen_ids = HashSet::new();
        let mut seen_texts = HashSet::new();
        for entry in &log.entries {
            if entry.kind == "lost" {
                lost_notices += 1;
                // A new epoch is the restart's; in the same epoch, history that is gone.
                if prev.is_some_and(|p| p.epoch != entry.epoch) {
                    lost_epoch += 1;
                } else {
                    lost_history += 1;
                }
                prev = Some(entry);
                continue;
            }
            if !seen_ids.insert((entry.epoch.clone(), entry.seq)) {
                duplicated += 1;
                eprintln!("client {k}: id {}-{} twice", entry.epoch, entry.seq);
            }
            if entry.kind == "message" && !seen_texts.insert(entry.text.clone()) {
                duplicated += 1;
                eprintln!("client {k}: message {:?} twice", entry.text);
            }
            if let Some(prev) = prev
                && (prev.epoch != entry.epoch || entry.seq != prev.seq + 1)
            {
                gaps += 1;
                eprintln!(
                    "client {k}: {}-{} follows {}-{} ({})",
                    entry.epoch, entry.seq, prev.epoch, prev.seq, prev.kind
                );
            }
            let said = (entry.kind.clone(), entry.text.clone());
            let agreed = meaning.entry((entry.epoch.clone(), entry.seq)).or_insert_with(|| said.clone());
            assert_eq!(*agreed, said, "clients disagree on {}-{}", entry.epoch, entry.seq);
            if entry.kind == "message" {
                delivered.insert(entry.text.clone());
            }
            prev = Some(entry);
        }
    }
    let sent: usize = logs.iter().map(|l| l.sent.len()).sum();
    let never = logs.iter().flat_map(|l| &l.sent).filter(|t| !delivered.contains(*t)).count();
    let in_flight: usize = logs.iter().map(|l| l.in_flight_at_disconnect).sum();
    let epochs: HashSet<&String> = logs.iter().flat_map(|l| &l.entries).map(|e| &e.epoch).collect();

    println!("chat_redis: 3 Rook processes behind nginx, {CLIENTS} clients, Redis on port {}", redis.port);
    for (name, at) in faults.lock().unwrap().iter() {
        println!("  fault at +{:>5.1} s: {name}", at.duration_since(deadline - Duration::from_secs(120)).as_secs_f64());
    }
    println!(
        "  sent {sent}, delivered {} distinct, duplicated {duplicated}, gaps {gaps}, never delivered {never} (in flight at a disconnect: {in_flight})",
        delivered.len()
    );
    println!(
        "  history-lost notices {lost_notices}: {lost_epoch} for the Redis restart (new epoch; epochs seen: {}), \
         {lost_history} in the same epoch (history gone: the overwritten stream)",
        epochs.len()
    );
    for (k, log) in logs.iter().enumerate() {
        println!(
            "  client {k}: {} entries, {} connections ({} after going away), {} refused joins {:?}, closes {:?}, ended without a close: {:?}",
            log.entries.len(),
            log.connections,
            log.naps,
            log.refused,
            log.refusals,
            log.closes,
            log.errors
        );
    }
    assert_eq!(duplicated, 0, "duplicates");
    assert_eq!(gaps, 0, "gaps not announced as history lost");
    assert!(
        never <= in_flight,
        "{never} messages were never delivered, but only {in_flight} were in flight at a disconnect"
    );
    assert_eq!(epochs.len(), 2, "the Redis restart starts a new epoch, and nothing else does");
    assert!(lost_notices >= 1, "the Redis restart was announced as history lost");
    assert!(logs.iter().any(|l| !l.errors.is_empty()), "the SIGKILL ended some client's connection");
    assert_eq!(logs[0].naps, 1, "client 0 went away and came back");
    assert!(logs.iter().any(|l| l.refusals.contains_key("503 Service Unavailable")), "joins were refused with 503");
    // The processes logged each outage once (not once per member or per retry), and none panicked.
    for n in 0..3 {
        let log = std::fs::read_to_string(dir.join(format!("rook{n}.log"))).unwrap();
        let outages = log.matches("Redis is unreachable").count();
        println!("  rook process {n}: {outages} outage(s) logged");
        assert!(!log.contains("panicked"), "rook process {n} panicked:\n{log}");
        assert!(outages <= 2, "rook process {n} logged {outages} outages for 2 incidents:\n{log}");
    }
    for (k, log) in logs.iter().enumerate() {
        assert!(log.entries.iter().any(|e| e.kind == "lost"), "client {k} was not told history lost");
    }
    // Bad `since`s on a live process: not an id → 400 before the upgrade; past the room's last
    // id → closed with 1008 (this process cannot know it is from the future before asking Redis).
    let live = rooks.iter().find(|(child, _)| child.is_some()).map(|(_, port)| *port).unwrap();
    let epoch = logs[0].entries.last().map(|e| e.epoch.clone()).unwrap();
    match connect(live, 0, Some("not-an-id")) {
        Err(why) => assert_eq!(why, "400 Bad Request"),
        Ok(_) => panic!("a `since` that is not an id was accepted"),
    }
    // A member on the same process hears whether the refused one was announced (it must not be).
    let mut watcher = connect(live, 78, None).expect("the watcher joins");
    let mut future = connect(live, 77, Some(&format!("{epoch}-999999999"))).expect("the upgrade");
    future.get_ref().set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    loop {
        match future.read() {
            Ok(Message::Close(Some(frame))) => {
                assert_eq!((u16::from(frame.code), frame.reason.as_str()), (1008, "since is from the future"));
                break;
            }
            Ok(Message::Text(_)) => {}
            other => panic!("a `since` from the future: {other:?}"),
        }
    }
    let heard_until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < heard_until {
        match watcher.read() {
            Ok(Message::Text(frame)) => {
                let entry = parse(&frame);
                assert!(!entry.text.contains("c77"), "the member closed with 1008 was announced: {frame}");
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => panic!("the watcher: {e}"),
        }
    }
    drop(rooks);
    let _ = std::fs::remove_dir_all(&dir);
}
