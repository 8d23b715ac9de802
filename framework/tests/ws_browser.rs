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
