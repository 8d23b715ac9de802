//! Frame and message limits are enforced on the frame header (close 1009 before the payload is
//! read), so a peer announcing a huge frame cannot make the server buffer it.

#[path = "support/ws.rs"]
mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;

use actix_web::web;
use rook::WsConfig;
use support::{
    client_frame, client_frame_header, close_code, echo, exchange, read_server_frame, serve, tcp, upgrade_request,
};

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve(|cfg| {
            cfg.route("/echo", web::get().to(echo)).service(
                web::scope("/small")
                    .app_data(WsConfig::default().max_frame_size(1000).max_message_size(2500))
                    .route("/echo", web::get().to(echo)),
            );
        })
    })
}

fn open(path: &str) -> TcpStream {
    let addr = server();
    let mut stream = tcp(addr);
    assert_eq!(exchange(&mut stream, &upgrade_request(addr, path, &[])).status, 101);
    stream
}

/// Reads frames until the close frame; returns the texts before it and the close payload.
fn texts_then_close(stream: &mut TcpStream) -> (Vec<String>, u16, String) {
    let mut texts = Vec::new();
    loop {
        match read_server_frame(stream) {
            (0x1, payload) => texts.push(String::from_utf8(payload).unwrap()),
            (0x8, payload) => {
                return (texts, close_code(&payload), String::from_utf8_lossy(&payload[2..]).into_owned());
            }
            (opcode, _) => panic!("unexpected opcode {opcode}"),
        }
    }
}

/// This process's resident memory, in bytes.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[test]
fn a_frame_announcing_1_gib_is_closed_with_1009_and_memory_stays_bounded() {
    const PUSHED: usize = 256 << 20;
    // Warm up so the server's own allocations are in the baseline.
    let mut warm = open("/echo");
    warm.write_all(&client_frame(true, 1, b"warm")).unwrap();
    assert_eq!(read_server_frame(&mut warm), (1, b"warm".to_vec()));
    let before = resident();

    let mut stream = open("/echo");
    // A good frame and then, in the same write, a header announcing 1 GiB.
    let mut bytes = client_frame(true, 1, b"before the flood");
    bytes.extend(client_frame_header(true, 1, 1 << 30));
    stream.write_all(&bytes).unwrap();
    // Then try to push a quarter of it; an unguarded server would buffer all of that.
    let mut flood = stream.try_clone().unwrap();
    let pusher = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        let mut pushed = 0;
        while pushed < PUSHED {
            match flood.write(&chunk) {
                Ok(n) => pushed += n,
                Err(_) => break, // closed by the server, or stalled by it for 10 s
            }
        }
        pushed
    });

    let (texts, code, reason) = texts_then_close(&mut stream);
    assert_eq!(texts, ["before the flood"]);
    assert_eq!(code, 1009);
    assert!(reason.contains("1073741824") && reason.contains("65536"), "reason: {reason}");
    // The server then drops the connection rather than reading on for ever.
    let mut rest = [0u8; 64];
    let ended = match stream.read(&mut rest) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => err.kind() == ErrorKind::ConnectionReset,
    };
    assert!(ended, "the connection stayed open after the close frame");
    // After the close frame actix lingers briefly (reading and discarding) before it shuts the
    // socket, so the client may get much of its flood written; none of it may be kept.
    let pushed = pusher.join().unwrap();
    let grown = resident().saturating_sub(before);
    assert!(grown < 32 << 20, "resident memory grew by {grown} bytes (client pushed {pushed})");
}

#[test]
fn the_frame_limit_is_inclusive() {
    let mut stream = open("/small/echo");
    let exact = "a".repeat(1000);
    stream.write_all(&client_frame(true, 1, exact.as_bytes())).unwrap();
    assert_eq!(read_server_frame(&mut stream), (1, exact.into_bytes()));
    stream.write_all(&client_frame(true, 1, "b".repeat(1001).as_bytes())).unwrap();
    let (texts, code, reason) = texts_then_close(&mut stream);
    assert!(texts.is_empty());
    assert_eq!(code, 1009);
    assert!(reason.contains("1000-byte frame limit"), "reason: {reason}");
}

#[test]
fn fragments_may_not_add_up_past_the_message_limit() {
    let mut stream = open("/small/echo");
    let part = "p".repeat(1000);
    // 2 500 bytes in three fragments: exactly the limit.
    let mut bytes = client_frame(false, 1, part.as_bytes());
    bytes.extend(client_frame(false, 0, part.as_bytes()));
    bytes.extend(client_frame(true, 0, &part.as_bytes()[..500]));
    // 3 000 bytes: over it, though each frame is within the frame limit.
    bytes.extend(client_frame(false, 1, part.as_bytes()));
    bytes.extend(client_frame(false, 0, part.as_bytes()));
    bytes.extend(client_frame(true, 0, part.as_bytes()));
    stream.write_all(&bytes).unwrap();
    let (texts, code, reason) = texts_then_close(&mut stream);
    assert_eq!(texts, [part.repeat(2) + &part[..500]]);
    assert_eq!(code, 1009);
    assert!(reason.contains("2500-byte message limit"), "reason: {reason}");
}

#[test]
fn a_control_frame_announcing_too_much_is_refused_too() {
    let mut stream = open("/small/echo");
    stream.write_all(&client_frame_header(true, 9, 1 << 40)).unwrap();
    assert_eq!(texts_then_close(&mut stream).1, 1009);
}
