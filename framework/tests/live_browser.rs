//! The live counter in headless Chromium: with JavaScript, clicks go over the WebSocket and the
//! page is patched in place (no navigation); with scripts disabled, the same clicks post the
//! form and the page comes back through a 303; both end with the same DOM.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/ws.rs"]
mod support;

// The example's links and `main` are not used here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/live_counter.rs"]
mod example;

use std::time::Duration;

use rook::prelude::*;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

/// A search box: each keystroke (debounced) goes up; the box's own `value` and the echo below
/// it come down, so the patch redraws the block holding the focused field.
#[derive(Clone, Default)]
struct Search {
    q: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
enum Find {
    Query(Query),
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Query {
    q: String,
}

impl LiveView for Search {
    type Event = Find;

    fn render(&self) -> Html {
        html! {
            <input name="q" value={&self.q} data-debounce="20" on:input={Find::Query}/>
            <p>"You typed " {&self.q}</p>
        }
    }

    fn update(&mut self, Find::Query(query): Find) {
        self.q = query.q;
    }
}

#[rook::routes]
fn app() -> Routes {
    route! {
        get | post "with-js", live: Live => live.view(example::Counter::default()),
        get | post "without-js", live: Live => live.view(example::Counter::default()),
        get "search", live: Live => live.view(Search::default()),
        get "_rook" / "live.js" => rook::live::script(),
    }
}

const VIEW: &str = "document.querySelector('[data-rook-live]').innerHTML";

fn button(label: &str) -> String {
    format!("button[name=\"_e\"][value=\"{label}\"]")
}

#[test]
fn clicks_end_in_the_same_page_with_and_without_javascript() {
    let addr = support::serve(|config| {
        config.service(app());
    });
    let chromium = browser::Browser::launch().expect("launch headless chromium");

    let live = chromium.open(&format!("http://{addr}/with-js")).unwrap();
    live.wait_until("document.querySelector('[data-rook-live]').dataset.rookLive === 'on'", WAIT).unwrap();
    live.evaluate("window.__same_document = true").unwrap();
    for (label, count) in [("Inc", 1), ("Inc", 2), ("Dec", 1)] {
        live.click(&button(label)).unwrap();
        live.wait_until(&format!("document.querySelector('p').textContent === 'Count: {count}'"), WAIT).unwrap();
    }
    assert_eq!(live.evaluate("window.__same_document").unwrap(), Value::Bool(true), "patched in place, no navigation");
    let with_js = live.evaluate(VIEW).unwrap();

    let plain = chromium.open("about:blank").unwrap();
    plain.disable_scripts().unwrap();
    plain.navigate(&format!("http://{addr}/without-js")).unwrap();
    for label in ["Inc", "Inc", "Dec"] {
        plain.click_to_navigate(&button(label)).unwrap();
    }
    let without_js = plain.evaluate(VIEW).unwrap();
    assert_eq!(plain.evaluate("document.querySelector('p').textContent").unwrap(), "Count: 1");
    assert_eq!(with_js, without_js, "the same DOM with and without JavaScript");
    chromium.close().unwrap();
}

#[test]
fn typing_is_never_clobbered_by_the_patches_it_causes() {
    let addr = support::serve(|config| {
        config.service(app());
    });
    let chromium = browser::Browser::launch().expect("launch headless chromium");
    let page = chromium.open(&format!("http://{addr}/search")).unwrap();
    page.wait_until("document.querySelector('[data-rook-live]').dataset.rookLive === 'on'", WAIT).unwrap();
    let input = "document.querySelector('input[name=q]')";
    page.evaluate(&format!("window.__box = {input}")).unwrap();
    for word in ["hel", "lo w", "orld"] {
        page.type_into("input[name=q]", word).unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }
    page.wait_until("document.querySelector('p').textContent === 'You typed hello world'", WAIT).unwrap();
    let state = page
        .evaluate(&format!(
            "[document.activeElement === window.__box, {input} === window.__box, {input}.value, {input}.selectionStart]"
        ))
        .unwrap();
    assert_eq!(state, serde_json::json!([true, true, "hello world", 11]), "the same field, focused, its text and caret kept");
    chromium.close().unwrap();
}
