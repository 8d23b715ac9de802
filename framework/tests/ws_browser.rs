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
        serde_json::json!(["bob joined the chat", "alicehello from alice", "bobhi alice, bob here", "alice left the chat"])
    );
    chromium.close().unwrap();
}

/// The upgrade requests' query strings, for [`resumes_after_the_server_goes_away`].
static QUERIES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

async fn chat_noting_queries(req: actix_web::HttpRequest, socket: WebSocket, room: web::Data<ChatRoom>) -> HttpResponse {
    QUERIES.lock().unwrap().push(req.query_string().to_string());
    room.join(socket)
}

/// Issue 24 point 9: the page speaks `rook.chat.v1`; when the server closes it with 1001 (here
/// an idle timeout) it says why, joins again with `?since=` the last id it saw, and shows no
/// entry twice.
#[test]
fn resumes_after_the_server_goes_away() {
    let room = ChatRoom::new().notices(rook::Notices::named());
    let data = web::Data::new(room.clone());
    // Pings never come, so the browser never answers one: it is closed as idle (1001).
    let config = rook::WsConfig::default().ping_interval(Duration::from_secs(3600)).idle_timeout(Duration::from_millis(1500));
    let addr = support::serve(move |cfg| {
        cfg.app_data(data.clone())
            .app_data(config.clone())
            .route("/chat", web::get().to(chat_noting_queries))
            .route("/chat.html", web::get().to(page));
    });
    let chromium = browser::Browser::launch().expect("headless Chromium (apt-get install chromium)");
    let alice = chromium.open(&format!("http://{addr}/chat.html")).unwrap();
    join(&alice, "alice");
    say(&alice, "before the break");
    wait_for_line(&alice, "alicebefore the break");
    alice.wait_until("document.getElementById('status').textContent.includes('The server went away')", WAIT).unwrap();
    alice.wait_until("document.getElementById('status').textContent === 'Connected as alice.'", WAIT).unwrap();
    let queries = QUERIES.lock().unwrap().clone();
    assert!(queries[0].starts_with("name=alice") && !queries[0].contains("since="), "{queries:?}");
    assert!(queries[1..].iter().any(|q| q.starts_with("name=alice&since=")), "{queries:?}");
    say(&alice, "after the break");
    wait_for_line(&alice, "aliceafter the break");
    let log = alice.evaluate(LOG).unwrap();
    let said: Vec<&Value> = log.as_array().unwrap().iter().filter(|l| l.as_str().is_some_and(|l| l.starts_with("alice") && !l.contains("chat"))).collect();
    assert_eq!(said, [&Value::from("alicebefore the break"), &Value::from("aliceafter the break")], "{log}");
    chromium.close().unwrap();
}
