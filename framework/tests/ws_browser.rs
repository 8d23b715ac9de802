//! static/chat.html in a real browser: two headless Chromium pages join the room, each sees the
//! other's message, and when one page closes the other sees the leave notice.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/ws.rs"]
mod support;

use std::time::Duration;

use actix_web::{HttpResponse, web};
use rook::{ChatRoom, WebSocket};
use serde_json::Value;

const CHAT_PAGE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../static/chat.html"));
const WAIT: Duration = Duration::from_secs(20);

async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    room.join(socket)
}

async fn page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(CHAT_PAGE)
}

/// JS: the texts of the page's log lines.
const LOG: &str = "[...document.querySelectorAll('#log li')].map(li => li.textContent)";

fn join(page: &browser::Page, name: &str) {
    page.evaluate(&format!(
        "document.getElementById('name').value = {name:?}; document.getElementById('joining').requestSubmit()"
    ))
    .unwrap();
    page.wait_until("!document.getElementById('composer').hidden", WAIT).unwrap();
}

fn say(page: &browser::Page, text: &str) {
    page.evaluate(&format!(
        "document.getElementById('message').value = {text:?}; document.getElementById('composer').requestSubmit()"
    ))
    .unwrap();
}

fn wait_for_line(page: &browser::Page, line: &str) {
    page.wait_until(&format!("{LOG}.includes({line:?})"), WAIT).unwrap();
}

fn wait_for_members(room: &ChatRoom, n: usize) {
    for _ in 0..2000 {
        if room.members() == n {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the room has {} members, expected {n}", room.members());
}

#[test]
fn two_browsers_chat_and_see_each_other_leave() {
    let room = ChatRoom::new().notices(rook::Notices::named());
    let data = web::Data::new(room.clone());
    let addr = support::serve(move |cfg| {
        cfg.app_data(data.clone()).route("/chat", web::get().to(chat)).route("/chat.html", web::get().to(page));
    });
    let url = format!("http://{addr}/chat.html");

    let chromium = browser::Browser::launch().expect("headless Chromium (apt-get install chromium)");
    let alice = chromium.open(&url).unwrap();
    let bob = chromium.open(&url).unwrap();
    join(&alice, "alice");
    join(&bob, "bob");
    // The page is open once the 101 arrives; membership starts just after, on the server.
    wait_for_members(&room, 2);
    // The page joins with `?name=`, so the notices name the members.
    wait_for_line(&alice, "bob joined the chat");

    say(&alice, "hello from alice");
    wait_for_line(&bob, "alicehello from alice");
    wait_for_line(&alice, "alicehello from alice");
    say(&bob, "hi alice, bob here");
    wait_for_line(&alice, "bobhi alice, bob here");
    wait_for_line(&bob, "bobhi alice, bob here");

    // Both saw the same conversation, in the same order (alice also saw bob join).
    let (alice_log, bob_log) = (alice.evaluate(LOG).unwrap(), bob.evaluate(LOG).unwrap());
    let (alice_log, bob_log) = (alice_log.as_array().unwrap(), bob_log.as_array().unwrap());
    assert_eq!(alice_log[..2], [Value::from("alice joined the chat"), Value::from("bob joined the chat")]);
    assert_eq!(alice_log[1..], bob_log[..]);
    // Names are rendered as names, not as part of the text.
    assert_eq!(bob.evaluate("document.querySelector('#log li b').textContent").unwrap(), Value::from("alice"));

    alice.close().unwrap();
    bob.wait_until(
        "[...document.querySelectorAll('#log li.notice')].some(li => li.textContent === 'alice left the chat')",
        WAIT,
    )
    .unwrap();
    wait_for_members(&room, 1);
    assert_eq!(
        bob.evaluate(LOG).unwrap(),
        serde_json::json!([
            "bob joined the chat",
            "alicehello from alice",
            "bobhi alice, bob here",
            "alice left the chat"
        ])
    );
    chromium.close().unwrap();
}

/// The upgrade requests' query strings, for [`resumes_after_the_server_goes_away`].
static QUERIES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// The first connection plays a room that says one entry and goes away (1001, as a server does
/// when it shuts down); later ones join the real room.
async fn going_away_once(req: actix_web::HttpRequest, socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    let first = {
        let mut queries = QUERIES.lock().unwrap();
        queries.push(req.query_string().to_string());
        queries.len() == 1
    };
    if !first {
        return room.join(socket);
    }
    let mut res = socket.serve(|mut conn| async move {
        let entry =
            serde_json::json!({ "id": "0000000000000001-7", "kind": "message", "text": "alice: before the break" });
        let _ = conn.send(entry.to_string()).await;
        conn.close(rook::CloseCode::Away).await;
    });
    res.headers_mut().insert(
        actix_web::http::header::SEC_WEBSOCKET_PROTOCOL,
        actix_web::http::header::HeaderValue::from_static(rook::CHAT_PROTOCOL),
    );
    res
}

/// Issue 24 point 9: the page speaks `rook.chat.v1`; when the server closes it with 1001 it
/// says why, joins again with `?since=` the last id it saw (this one from another epoch of the
/// room, so the room says history was lost), and goes on.
#[test]
fn resumes_after_the_server_goes_away() {
    let room = ChatRoom::new().notices(rook::Notices::named());
    let data = web::Data::new(room.clone());
    let addr = support::serve(move |cfg| {
        cfg.app_data(data.clone())
            .route("/chat", web::get().to(going_away_once))
            .route("/chat.html", web::get().to(page));
    });
    let chromium = browser::Browser::launch().expect("headless Chromium (apt-get install chromium)");
    let alice = chromium.open(&format!("http://{addr}/chat.html")).unwrap();
    alice
        .evaluate("document.getElementById('name').value = 'alice'; document.getElementById('joining').requestSubmit()")
        .unwrap();
    wait_for_line(&alice, "alicebefore the break");
    alice.wait_until("document.getElementById('status').textContent.includes('The server went away')", WAIT).unwrap();
    alice.wait_until("document.getElementById('status').textContent === 'Connected as alice.'", WAIT).unwrap();
    wait_for_line(&alice, "(some messages were missed while disconnected)");
    let queries = QUERIES.lock().unwrap().clone();
    assert_eq!(queries[0], "name=alice", "{queries:?}");
    assert_eq!(queries[1], "name=alice&since=0000000000000001-7", "{queries:?}");
    say(&alice, "after the break");
    wait_for_line(&alice, "aliceafter the break");
    chromium.close().unwrap();
}
