//! The showcase's live views (`/live/…`) in headless Chromium, twice: in one browser with
//! JavaScript (events over the WebSocket, the page patched in place) and in another with
//! scripts disabled (the same buttons and forms post, then 303 back). Each page ends in the
//! same DOM both ways: the counter, the keyed list, the form (whose errors show as you type
//! with JavaScript, and after the post without), and the live chat, where each browser's
//! message reaches the other's page.

#[path = "../framework/tests/support/browser.rs"]
mod browser;
#[path = "../framework/tests/support/server.rs"]
mod server;

use std::time::Duration;

use rook_examples::showcase;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);
/// The view's markup, without the session's CSRF token: the page's forms carry it for posts
/// without JavaScript (each browser has its own), patches never do.
const VIEW: &str = "(() => { const view = document.querySelector('[data-rook-live]').cloneNode(true);
    view.querySelectorAll('input[name=_csrf]').forEach(input => input.remove());
    return view.innerHTML; })()";

fn button(event: &str) -> String {
    format!("button[name=\"_e\"][value=\"{event}\"]")
}

/// The submit button of the form whose event is `event`.
fn submit(event: &str) -> String {
    format!("form:has(input[name=\"_e\"][value=\"{event}\"]) button")
}

fn text(page: &browser::Page, selector: &str) -> String {
    let value = page.evaluate(&format!("(document.querySelector({selector:?}) || {{}}).textContent || ''")).unwrap();
    value.as_str().unwrap_or_default().trim().to_owned()
}

/// Waits until `selector`'s text is `expected`.
fn wait_text(page: &browser::Page, selector: &str, expected: &str) {
    let condition =
        format!("((document.querySelector({selector:?}) || {{}}).textContent || '').trim() === {expected:?}");
    page.wait_until(&condition, WAIT)
        .unwrap_or_else(|e| panic!("{selector} never read {expected:?} ({e:?}): {:?}", text(page, selector)));
}

/// Opens `path` with JavaScript and waits for the live session.
fn open_live(page: &browser::Page, url: &str) {
    page.navigate(url).unwrap();
    page.wait_until("document.querySelector('[data-rook-live]').dataset.rookLive === 'on'", WAIT).unwrap();
    page.evaluate("window.__same_document = true").unwrap();
}

fn same_document(page: &browser::Page) {
    assert_eq!(page.evaluate("window.__same_document").unwrap(), Value::Bool(true), "patched in place, no navigation");
}

#[test]
fn every_live_page_ends_in_the_same_dom_with_and_without_javascript() {
    let server = server::Server::start(|cfg| {
        cfg.service(showcase::app_with_state());
    });
    let base = server.url();
    // Two browsers: two profiles, so two `rook-live` cookies and two states per page.
    let with_js = browser::Browser::launch().expect("launch headless chromium");
    let without_js = browser::Browser::launch().expect("launch another headless chromium");
    let live = with_js.open("about:blank").unwrap();
    let plain = without_js.open("about:blank").unwrap();
    plain.disable_scripts().unwrap();

    // The counter.
    open_live(&live, &format!("{base}/live/counter"));
    for (event, count) in [("Inc", "1"), ("Inc", "2"), ("Dec", "1")] {
        live.click(&button(event)).unwrap();
        wait_text(&live, "output", count);
    }
    same_document(&live);
    plain.navigate(&format!("{base}/live/counter")).unwrap();
    for event in ["Inc", "Inc", "Dec"] {
        plain.click_to_navigate(&button(event)).unwrap();
    }
    assert_eq!(text(&plain, "output"), "1");
    assert_eq!(live.evaluate(VIEW).unwrap(), plain.evaluate(VIEW).unwrap(), "the counter");

    // The keyed list: each click changes one row of 300.
    open_live(&live, &format!("{base}/live/list"));
    assert_eq!(live.evaluate("document.querySelectorAll('tbody tr').length").unwrap(), 300);
    for n in 1..=3 {
        live.click(&button("Change")).unwrap();
        live.wait_until(&format!("document.querySelector('main p').textContent.startsWith('{n} changes')"), WAIT)
            .unwrap();
    }
    same_document(&live);
    plain.navigate(&format!("{base}/live/list")).unwrap();
    for _ in 0..3 {
        plain.click_to_navigate(&button("Change")).unwrap();
    }
    let changed = "[...document.querySelectorAll('tbody tr')].filter(r => r.textContent.includes('changed')).length";
    assert_eq!(plain.evaluate(changed).unwrap(), 3);
    assert_eq!(live.evaluate(VIEW).unwrap(), plain.evaluate(VIEW).unwrap(), "the list");

    // The form: with JavaScript, errors as you type.
    open_live(&live, &format!("{base}/live/form"));
    live.type_into("input[name=name]", "Ada").unwrap();
    live.type_into("input[name=email]", "ada").unwrap();
    wait_text(&live, "#email-error", "An address such as ada@example.org.");
    assert_eq!(text(&live, "#name-error"), "");
    assert_eq!(text(&live, "#age-error"), "", "a field not typed into shows nothing yet");
    live.type_into("input[name=email]", "@example.org").unwrap();
    wait_text(&live, "#email-error", "");
    live.type_into("input[name=age]", "7").unwrap();
    wait_text(&live, "#age-error", "From 13 to 130.");
    // Sent with a wrong age: the same validation refuses it, every field's problem shown.
    live.click(&submit("Save")).unwrap();
    live.wait_until("document.querySelector('#age-error').textContent === 'From 13 to 130.'", WAIT).unwrap();
    // The refused form keeps its values, as the page after a refused post does.
    assert_eq!(live.evaluate("document.querySelector('input[name=name]').value").unwrap(), "Ada");
    live.type_into("input[name=age]", "3").unwrap();
    wait_text(&live, "#age-error", "");
    live.click(&submit("Save")).unwrap();
    wait_text(&live, ".flash", "Welcome, Ada!");
    same_document(&live);
    // Without JavaScript: the errors come with the page after the post.
    plain.navigate(&format!("{base}/live/form")).unwrap();
    plain.type_into("input[name=name]", "Ada").unwrap();
    plain.type_into("input[name=email]", "ada").unwrap();
    plain.type_into("input[name=age]", "7").unwrap();
    plain.click_to_navigate(&submit("Save")).unwrap();
    assert_eq!(text(&plain, "#email-error"), "An address such as ada@example.org.");
    assert_eq!(text(&plain, "#age-error"), "From 13 to 130.");
    assert_eq!(plain.evaluate("document.querySelector('input[name=name]').value").unwrap(), "Ada", "the text stays");
    plain.evaluate("document.querySelector('input[name=email]').value = 'ada@example.org'").unwrap();
    plain.evaluate("document.querySelector('input[name=age]').value = '73'").unwrap();
    plain.click_to_navigate(&submit("Save")).unwrap();
    assert_eq!(text(&plain, ".flash"), "Welcome, Ada!");
    assert_eq!(live.evaluate(VIEW).unwrap(), plain.evaluate(VIEW).unwrap(), "the form");

    // The live chat: one room for both browsers.
    open_live(&live, &format!("{base}/live/chat"));
    live.type_into("input[name=name]", "ada").unwrap();
    live.click(&submit("Join")).unwrap();
    live.wait_until("!!document.querySelector('input[name=text]')", WAIT).unwrap();
    live.type_into("input[name=text]", "hello from the socket").unwrap();
    live.click(&submit("Say")).unwrap();
    wait_text(&live, ".chat-log li:last-child", "ada: hello from the socket");
    // Said: the box is empty again, as on the page after the post without JavaScript.
    live.wait_until("document.querySelector('input[name=text]').value === ''", WAIT).unwrap();
    plain.navigate(&format!("{base}/live/chat")).unwrap();
    assert_eq!(text(&plain, ".chat-log li:last-child"), "ada: hello from the socket");
    plain.type_into("input[name=name]", "ada").unwrap();
    plain.click_to_navigate(&submit("Join")).unwrap();
    plain.type_into("input[name=text]", "hello from a form").unwrap();
    plain.click_to_navigate(&submit("Say")).unwrap();
    assert_eq!(text(&plain, ".chat-log li:last-child"), "ada: hello from a form");
    // The page with JavaScript shows the other browser's message as it is said.
    wait_text(&live, ".chat-log li:last-child", "ada: hello from a form");
    same_document(&live);
    assert_eq!(live.evaluate(VIEW).unwrap(), plain.evaluate(VIEW).unwrap(), "the chat");

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    live.screenshot(dir.join("live-chat.png")).unwrap();
    live.close().unwrap();
    plain.close().unwrap();
    with_js.close().unwrap();
    without_js.close().unwrap();
}
