//! `LiveConfig`: changed live limits are honoured — the event size (socket 1009, form 413),
//! the burst and rate (1008), and the grace period of a parked session.

#[path = "support/ws.rs"]
mod support;
use support::recv;

// The example's links and `main` are not used here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/live_counter.rs"]
mod example;

use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use rook::live::LiveConfig;
use support::{Head, exchange, serve, tcp};
use tungstenite::Message;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::WebSocket as Client;

fn server() -> SocketAddr {
    let config =
        LiveConfig::default().event_limit(1024).event_burst(5).event_rate(1).park_for(Duration::from_millis(300));
    serve(move |app| {
        app.service(example::app().app_data(config.clone()));
    })
}

fn page(addr: SocketAddr) -> (String, String) {
    let head = exchange(&mut tcp(addr), &format!("GET /counter HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert_eq!(head.status, 200);
    let cookies: Vec<&str> =
        head.headers.iter().filter(|(n, _)| n == "set-cookie").map(|(_, v)| v.split(';').next().unwrap()).collect();
    let tab = head.body.rsplit(r#""t":""#).next().unwrap().split('"').next().unwrap().to_owned();
    (cookies.join("; "), tab)
}

fn post(addr: SocketAddr, cookie: &str, body: &str) -> Head {
    exchange(
        &mut tcp(addr),
        &format!(
            "POST /counter HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn socket(addr: SocketAddr, path: &str, cookie: &str) -> Client<TcpStream> {
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    request.headers_mut().insert("Cookie", cookie.parse().unwrap());
    tungstenite::client(request, tcp(addr)).unwrap().0
}

/// Reads until the close frame: its code, and the text messages before it.
fn until_close(client: &mut Client<TcpStream>) -> (u16, usize) {
    let mut texts = 0;
    loop {
        match client.read() {
            Ok(Message::Text(_)) => texts += 1,
            Ok(Message::Close(frame)) => return (frame.map_or(1005, |f| u16::from(f.code)), texts),
            Ok(_) => {}
            Err(err) => panic!("no close frame: {err}"),
        }
    }
}

#[test]
fn a_smaller_event_limit_refuses_forms_and_messages_past_it() {
    let addr = server();
    let (cookie, _) = page(addr);
    // 2 KiB: well within the default 16 KiB, over this app's 1 KiB.
    let pad = "x".repeat(2048);
    assert_eq!(post(addr, &cookie, &format!("_e=Inc&pad={pad}")).status, 413);
    assert_eq!(post(addr, &cookie, "_e=Inc&pad=x").status, 303);
    let mut ws = socket(addr, "/counter", &cookie);
    recv(&mut ws);
    ws.send(Message::text(format!(r#"[1,"Inc","pad={pad}"]"#))).unwrap();
    assert_eq!(until_close(&mut ws).0, 1009);
}

#[test]
fn a_smaller_burst_and_rate_close_a_flood_sooner() {
    let addr = server();
    let (cookie, _) = page(addr);
    let mut ws = socket(addr, "/counter", &cookie);
    recv(&mut ws);
    for seq in 1..=20 {
        if ws.send(Message::text(format!(r#"[{seq},"Inc"]"#))).is_err() {
            break;
        }
    }
    let (code, patches) = until_close(&mut ws);
    assert_eq!(code, 1008);
    // A burst of 5 (and at most one more token refilled at 1 a second), where the default
    // burst of 100 would have taken all 20.
    assert!((5..=6).contains(&patches), "{patches} patches");
}

#[test]
fn a_shorter_grace_period_sends_the_whole_tree_after_it() {
    let addr = server();
    let (cookie, tab) = page(addr);
    let mut ws = socket(addr, &format!("/counter?_t={tab}&_s=0"), &cookie);
    assert_eq!(recv(&mut ws), "[0,null,0]", "adopted within the grace period");
    let (cookie, tab) = page(addr);
    std::thread::sleep(Duration::from_millis(600));
    let mut ws = socket(addr, &format!("/counter?_t={tab}&_s=0"), &cookie);
    let join = recv(&mut ws);
    assert!(join.starts_with(r#"[0,{"#), "past the 300 ms grace period, the whole tree: {join}");
}
