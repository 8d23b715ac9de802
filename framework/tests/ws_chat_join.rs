//! Joining a `ChatRoom` (docs/websockets.md): `?name=` and notices that name members, ids on request
//! (`Sec-WebSocket-Protocol: rook.chat.v1`), `?since=` to resume, and bad input — a bad name or
//! `since`, a `since` from the future (400 before the upgrade), a text that is not UTF-8 (1007),
//! a frame with RSV1 set (1002), a close reason that is not UTF-8 (1007).

#[path = "support/ws.rs"]
mod support;

use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;

use actix_web::{HttpResponse, web};
use rook::Notices;
use rook::{ChatRoom, WebSocket};
use support::{client_frame, close_code, exchange, read_server_frame, serve, tcp, upgrade_request};
use tungstenite::Message;
use tungstenite::client::IntoClientRequest;

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

async fn chat_as_bob(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join_as(socket, "bob")
}

/// One server; each test uses its own room (a scope) so that they do not hear each other.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve(|cfg| {
            for name in ["plain", "ids", "since", "future", "utf8", "trimmed"] {
                // The rooms that count ids have no join notices.
                let notices = if ["plain", "ids"].contains(&name) { Notices::named() } else { Notices::default() };
                let room = ChatRoom::new().notices(notices);
                let room = web::Data::new(if name == "trimmed" { room.history(10) } else { room });
                cfg.service(
                    web::scope(&format!("/{name}"))
                        .app_data(room)
                        .route("/chat", web::get().to(chat))
                        .route("/bob", web::get().to(chat_as_bob)),
                );
            }
        })
    })
}

type Client = tungstenite::WebSocket<TcpStream>;

fn join(path: &str, ids: bool) -> Client {
    let addr = server();
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    if ids {
        request.headers_mut().insert("Sec-WebSocket-Protocol", "rook.chat.v1".parse().unwrap());
    }
    let (client, response) = tungstenite::client(request, tcp(addr)).unwrap();
    assert_eq!(response.status(), 101);
    assert_eq!(
        response.headers().get("sec-websocket-protocol").map(|v| v.to_str().unwrap().to_owned()),
        ids.then(|| "rook.chat.v1".to_owned())
    );
    client
}

fn next_text(client: &mut Client) -> String {
    loop {
        match client.read().unwrap() {
            Message::Text(t) => return t.as_str().to_owned(),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}

fn next_json(client: &mut Client) -> serde_json::Value {
    serde_json::from_str(&next_text(client)).unwrap()
}

fn status_of(path: &str) -> (u16, String) {
    let addr = server();
    let head = exchange(&mut tcp(addr), &upgrade_request(addr, path, &[]));
    (head.status, head.body)
}

#[test]
fn plain_clients_get_bare_text_and_named_notices() {
    let mut alice = join("/plain/chat?name=alice", false);
    assert_eq!(next_text(&mut alice), "alice joined the chat");
    let mut anonymous = join("/plain/chat", false);
    assert_eq!(next_text(&mut alice), "A user joined the chat");
    assert_eq!(next_text(&mut anonymous), "A user joined the chat");
    let mut bob = join("/plain/bob", false);
    assert_eq!(next_text(&mut alice), "bob joined the chat");
    assert_eq!(next_text(&mut bob), "bob joined the chat");
    bob.send(Message::text("<b>hi</b>")).unwrap();
    assert_eq!(next_text(&mut alice), "<b>hi</b>");
    bob.close(None).unwrap();
    assert_eq!(next_text(&mut alice), "bob left the chat");
    for expected in ["bob joined the chat", "<b>hi</b>", "bob left the chat"] {
        assert_eq!(next_text(&mut anonymous), expected);
    }
}

#[test]
fn clients_that_ask_get_json_with_dense_ids() {
    let mut a = join("/ids/chat?name=a", true);
    let joined = next_json(&mut a);
    assert_eq!((joined["kind"].as_str(), joined["text"].as_str()), (Some("join"), Some("a joined the chat")));
    a.send(Message::text("one")).unwrap();
    a.send(Message::text("two")).unwrap();
    let one = next_json(&mut a);
    let two = next_json(&mut a);
    assert_eq!((one["kind"].as_str(), one["text"].as_str()), (Some("message"), Some("one")));
    let id = |v: &serde_json::Value| v["id"].as_str().unwrap().to_owned();
    let (epoch, seq) = id(&one).split_once('-').map(|(e, s)| (e.to_owned(), s.parse::<u64>().unwrap())).unwrap();
    assert_eq!(epoch.len(), 16);
    assert_eq!(id(&two), format!("{epoch}-{}", seq + 1));
    assert_eq!(id(&joined), format!("{epoch}-{}", seq - 1));
}

#[test]
fn since_resumes_after_the_id_and_an_unknown_epoch_is_history_lost() {
    let mut a = join("/since/chat", true);
    for text in ["m1", "m2", "m3"] {
        a.send(Message::text(text)).unwrap();
    }
    let first = next_json(&mut a);
    assert_eq!(first["text"], "m1");
    let (second, third) = (next_json(&mut a), next_json(&mut a));

    // Resuming after m1 gives m2 and m3, then what comes live.
    let mut b = join(&format!("/since/chat?since={}", first["id"].as_str().unwrap()), true);
    assert_eq!(next_json(&mut b), second);
    assert_eq!(next_json(&mut b), third);
    a.send(Message::text("m4")).unwrap();
    assert_eq!(next_json(&mut b)["text"], "m4");

    // An id of another epoch (a history this room does not have): `history lost` first.
    let mut c = join("/since/chat?since=0123456789abcdef-5", true);
    let lost = next_json(&mut c);
    assert_eq!((lost["kind"].as_str(), lost["text"].as_str()), (Some("lost"), Some("history lost")));
    let mut plain = join("/since/chat?since=0123456789abcdef-5", false);
    assert_eq!(next_text(&mut plain), "history lost");
}

#[test]
fn bad_names_and_sinces_are_refused_before_the_upgrade() {
    let long = "n".repeat(65);
    for path in [
        "/plain/chat?name=".to_owned(),
        format!("/plain/chat?name={long}"),
        "/plain/chat?name=a%0Ab".to_owned(),
        "/plain/chat?since=42".to_owned(),
        "/plain/chat?since=0123456789ABCDEF-1".to_owned(),
        "/plain/chat?since=0123456789abcdef-x".to_owned(),
    ] {
        let (status, body) = status_of(&path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(!body.is_empty());
    }

    // A `since` past the room's last id, in its epoch.
    let mut a = join("/future/chat", true);
    a.send(Message::text("now")).unwrap();
    let now = next_json(&mut a);
    let (epoch, seq) = now["id"].as_str().unwrap().split_once('-').unwrap();
    let (status, body) = status_of(&format!("/future/chat?since={epoch}-{}", seq.parse::<u64>().unwrap() + 1));
    assert_eq!(status, 400);
    assert!(body.contains("future"), "{body}");
    assert_eq!(status_of(&format!("/future/chat?since={epoch}-{seq}")).0, 101);
}

#[test]
fn a_text_that_is_not_utf8_is_closed_with_1007() {
    let addr = server();
    let mut stream = tcp(addr);
    assert_eq!(exchange(&mut stream, &upgrade_request(addr, "/utf8/chat", &[])).status, 101);
    std::io::Write::write_all(&mut stream, &client_frame(true, 0x1, &[b'h', 0xff, 0xfe])).unwrap();
    loop {
        let (opcode, payload) = read_server_frame(&mut stream);
        if opcode == 0x8 {
            assert_eq!(close_code(&payload), 1007);
            return;
        }
    }
}

/// Issue 20 (minor): a frame with RSV1 set (no extension negotiated) is a protocol error, 1002,
/// not a text that is not UTF-8.
#[test]
fn a_frame_with_rsv1_set_is_closed_with_1002() {
    let addr = server();
    let mut stream = tcp(addr);
    assert_eq!(exchange(&mut stream, &upgrade_request(addr, "/utf8/chat", &[])).status, 101);
    let mut frame = client_frame(true, 0x1, b"hello");
    frame[0] |= 0x40;
    std::io::Write::write_all(&mut stream, &frame).unwrap();
    loop {
        let (opcode, payload) = read_server_frame(&mut stream);
        if opcode == 0x8 {
            assert_eq!(close_code(&payload), 1002);
            return;
        }
    }
}

/// Issue 20 (minor): a close frame whose reason is not UTF-8 fails the connection with 1007
/// (RFC 6455 §8.1), not 1002, whether it comes in one piece or split across writes.
#[test]
fn a_close_reason_that_is_not_utf8_is_closed_with_1007() {
    let addr = server();
    for split in [None, Some(3), Some(7)] {
        let mut stream = tcp(addr);
        assert_eq!(exchange(&mut stream, &upgrade_request(addr, "/utf8/chat", &[])).status, 101);
        let mut frames = client_frame(true, 0x1, b"hi");
        frames.extend(client_frame(true, 0x8, &[0x03, 0xe8, b'b', 0xff, 0xfe]));
        match split {
            None => std::io::Write::write_all(&mut stream, &frames).unwrap(),
            Some(at) => {
                let at = frames.len() - at;
                std::io::Write::write_all(&mut stream, &frames[..at]).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(50));
                std::io::Write::write_all(&mut stream, &frames[at..]).unwrap();
            }
        }
        loop {
            let (opcode, payload) = read_server_frame(&mut stream);
            if opcode == 0x8 {
                assert_eq!(close_code(&payload), 1007, "split {split:?}");
                break;
            }
        }
    }
}

#[test]
fn a_since_older_than_the_history_kept_is_history_lost_then_what_is_kept() {
    let mut a = join("/trimmed/chat", true);
    for i in 1..=20 {
        a.send(Message::text(format!("m{i}"))).unwrap();
    }
    let sent: Vec<serde_json::Value> = (0..20).map(|_| next_json(&mut a)).collect();
    // The room keeps the last 10: after m1, m2..m10 are gone.
    let mut b = join(&format!("/trimmed/chat?since={}", sent[0]["id"].as_str().unwrap()), true);
    let lost = next_json(&mut b);
    assert_eq!(lost["kind"], "lost");
    assert_eq!(lost["id"], sent[9]["id"], "the client stands after m10");
    for expected in &sent[10..] {
        assert_eq!(next_json(&mut b), *expected);
    }
}
