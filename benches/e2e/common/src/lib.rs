//! What every end-to-end server shares: where it listens, and the in-process allocation count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The body of `/json`.
#[derive(Serialize)]
pub struct Message {
    /// Always [`HELLO`]'s.
    pub message: &'static str,
}

/// `{"message":"Hello, World!"}`.
pub const HELLO: Message = Message { message: "Hello, World!" };

/// The query of `/search` for the frameworks that read a query into a struct.
#[derive(Deserialize)]
pub struct Search {
    /// The search text (required).
    pub q: String,
    /// The page, 1 when absent.
    #[serde(default = "first_page")]
    pub page: u32,
}

fn first_page() -> u32 {
    1
}

/// The one token `GET /me` accepts: `Authorization: Bearer let-me-in`.
pub const TOKEN: &str = "let-me-in";

/// The body of `GET /me` with [`TOKEN`].
pub const WELCOME: &str = "welcome";

/// The body of `GET /me` without [`TOKEN`] (401, `WWW-Authenticate: Bearer`, text/plain):
/// Rook's text error format's words for a refused `auth` parameter, which the peers copy.
pub const UNAUTHORIZED: &str = "authentication required";

/// The port from `$PORT` (default 8080).
pub fn port() -> io::Result<u16> {
    match std::env::var("PORT") {
        Ok(p) => p.parse().map_err(|_| io::Error::other(format!("PORT is not a port number: {p:?}"))),
        Err(_) => Ok(8080),
    }
}

/// Binds `127.0.0.1:$PORT` and says so on stdout; `run.sh` waits for that line.
pub fn listener() -> io::Result<TcpListener> {
    let listener = TcpListener::bind(("127.0.0.1", port()?))?;
    listening(listener.local_addr()?.port());
    Ok(listener)
}

/// The line `run.sh` waits for, printed once the port is bound.
pub fn listening(port: u16) {
    println!("listening on http://127.0.0.1:{port}/");
}

/// A global allocator that counts allocations (reallocations included: each may move).
pub struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// A request whose allocations are counted: its name in the report, path, extra header lines
/// (each ending in `\r\n`), and the body it must answer.
pub struct AllocationRoute {
    /// The path, or for a request with headers the path and `#` a word, as `run.sh` names it.
    pub name: &'static str,
    /// The request target.
    pub path: &'static str,
    /// Header lines sent besides `Host`.
    pub headers: &'static str,
    /// The answer's body.
    pub body: &'static str,
}

const fn route(path: &'static str, body: &'static str) -> AllocationRoute {
    AllocationRoute { name: path, path, headers: "", body }
}

/// The requests whose allocations are counted.
pub const ALLOCATION_ROUTES: &[AllocationRoute] = &[
    route("/plaintext", "Hello, World!"),
    route("/json", r#"{"message":"Hello, World!"}"#),
    route("/authorizations", "0"),
    route("/user/keys/p1", "129"),
    route("/repos/p1/p2/stats/punch_card", "107"),
    route("/catalogue/products/42", "product 42"),
    route("/search?q=rust&page=2", "rust 2"),
    AllocationRoute { name: "/me#token", path: "/me", headers: "Authorization: Bearer let-me-in\r\n", body: WELCOME },
];

const WARM_UP: usize = 1_000;
const MEASURED: usize = 10_000;

/// Runs `serve` (a server that blocks forever) on its own thread with a listener on an
/// OS-chosen port, then sends each of [`ALLOCATION_ROUTES`] over one keep-alive connection and
/// prints the heap allocations per request: the process's whole count (server threads and
/// this client, whose loop allocates nothing) over `MEASURED` requests, after a warm-up.
/// The binary must install [`Counting`] as its `#[global_allocator]`. A `floor` server answers
/// the same body whatever the path: `check_body` false skips the body check.
///
/// `ALLOC_ROUTE=/plaintext` (a name of the list) sends only that route: run the binary under
/// `heaptrack` or `valgrind --tool=dhat` to see whose each allocation is (`MEASURED` +
/// `WARM_UP` + 1 = 11 001 of each per-request allocation site; benches/README.md).
pub fn count_allocations(name: &str, check_body: bool, serve: impl FnOnce(TcpListener) -> io::Result<()> + Send + 'static) -> io::Result<()> {
    let only = std::env::var("ALLOC_ROUTE").ok();
    if let Some(only) = &only
        && !ALLOCATION_ROUTES.iter().any(|r| r.name == only)
    {
        return Err(io::Error::other(format!("ALLOC_ROUTE={only} is not one of the counted routes")));
    }
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || serve(listener).expect("the server failed"));
    let mut conn = TcpStream::connect(addr)?;
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = [0u8; 8192];
    for AllocationRoute { name: route, path, headers, body } in ALLOCATION_ROUTES {
        if only.as_deref().is_some_and(|only| only != *route) {
            continue;
        }
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n");
        let got = exchange(&mut conn, request.as_bytes(), &mut buf)?;
        if check_body && got != body.as_bytes() {
            return Err(io::Error::other(format!("{name} {path}: answered {:?}, not {body:?}", String::from_utf8_lossy(got))));
        }
        for _ in 0..WARM_UP {
            exchange(&mut conn, request.as_bytes(), &mut buf)?;
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..MEASURED {
            exchange(&mut conn, request.as_bytes(), &mut buf)?;
        }
        let n = ALLOCATIONS.load(Ordering::Relaxed) - before;
        println!("{name}\t{route}\t{:.2}", n as f64 / MEASURED as f64);
    }
    Ok(())
}

/// Sends one request and reads its `200` response (`Content-Length` framed) into `buf`,
/// returning the body. Allocates nothing.
fn exchange<'b>(conn: &mut TcpStream, request: &[u8], buf: &'b mut [u8]) -> io::Result<&'b [u8]> {
    conn.write_all(request)?;
    let mut len = 0;
    let head_end = loop {
        let n = conn.read(&mut buf[len..])?;
        if n == 0 {
            return Err(io::Error::other("the server closed the connection"));
        }
        len += n;
        if let Some(i) = buf[..len].windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = &buf[..head_end];
    if !head.starts_with(b"HTTP/1.1 200 ") {
        return Err(io::Error::other(format!("not a 200: {}", String::from_utf8_lossy(head))));
    }
    let body_len = content_length(head).ok_or_else(|| io::Error::other("no Content-Length"))?;
    while len < head_end + body_len {
        let n = conn.read(&mut buf[len..])?;
        if n == 0 {
            return Err(io::Error::other("the server closed the connection"));
        }
        len += n;
    }
    Ok(&buf[head_end..head_end + body_len])
}

fn content_length(head: &[u8]) -> Option<usize> {
    head.split(|&b| b == b'\n').find_map(|line| {
        let (name, value) = line.split_at(line.iter().position(|&b| b == b':')?);
        if !name.eq_ignore_ascii_case(b"content-length") {
            return None;
        }
        std::str::from_utf8(&value[1..]).ok()?.trim().parse().ok()
    })
}
