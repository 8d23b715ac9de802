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
    assert_eq!(
        state,
        serde_json::json!([true, true, "hello world", 11]),
        "the same field, focused, its text and caret kept"
    );
    chromium.close().unwrap();
}

/// A TCP proxy to `target` that can go down: severing every connection it carries and refusing
/// new ones (accepting and closing them at once) until it comes back up.
struct Proxy {
    addr: std::net::SocketAddr,
    down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Proxy {
    fn start(target: std::net::SocketAddr) -> Proxy {
        use std::io::copy;
        use std::net::{TcpListener, TcpStream};
        use std::sync::atomic::Ordering;

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy = Proxy { addr: listener.local_addr().unwrap(), down: Default::default(), open: Default::default() };
        let (down, open) = (proxy.down.clone(), proxy.open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if down.load(Ordering::SeqCst) {
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(target) else { continue };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let mut held = open.lock().unwrap();
                held.push(client.try_clone().unwrap());
                held.push(server.try_clone().unwrap());
                drop(held);
                let (mut client_read, mut server_write) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = copy(&mut client_read, &mut server_write);
                    let _ = server_write.shutdown(std::net::Shutdown::Both);
                });
                let (mut server_read, mut client_write) = (server, client);
                std::thread::spawn(move || {
                    let _ = copy(&mut server_read, &mut client_write);
                    let _ = client_write.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        proxy
    }

    fn go_down(&self) {
        self.down.store(true, std::sync::atomic::Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    fn come_up(&self) {
        self.down.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn clicks_during_an_outage_are_applied_once_after_it() {
    let server = support::serve(|config| {
        config.service(app());
    });
    let proxy = Proxy::start(server);
    let chromium = browser::Browser::launch().expect("launch headless chromium");
    let page = chromium.open(&format!("http://{}/with-js", proxy.addr)).unwrap();
    let status = "document.querySelector('[data-rook-live]').dataset.rookLive";
    page.wait_until(&format!("{status} === 'on'"), WAIT).unwrap();
    page.evaluate("window.__same_document = true").unwrap();
    page.click(&button("Inc")).unwrap();
    page.wait_until("document.querySelector('p').textContent === 'Count: 1'", WAIT).unwrap();

    proxy.go_down();
    page.wait_until(&format!("{status} === 'off'"), WAIT).unwrap();
    for _ in 0..3 {
        page.click(&button("Inc")).unwrap();
    }
    // Refused for a while (3 s; `ROOK_LIVE_OUTAGE_SECS=30` for the outage): the client
    // retries with backoff, its clicks waiting.
    let outage = std::env::var("ROOK_LIVE_OUTAGE_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    std::thread::sleep(Duration::from_secs(outage));
    assert_eq!(page.evaluate("document.querySelector('p').textContent").unwrap(), "Count: 1");
    proxy.come_up();
    page.wait_until("document.querySelector('p').textContent === 'Count: 4'", WAIT).unwrap();
    page.wait_until(&format!("{status} === 'on'"), WAIT).unwrap();
    assert_eq!(page.evaluate("window.__same_document").unwrap(), Value::Bool(true), "no reload, no form post");
    // The server holds the same: each click applied once.
    std::thread::sleep(Duration::from_millis(300));
    page.navigate(&format!("http://{}/with-js", proxy.addr)).unwrap();
    assert_eq!(page.evaluate("document.querySelector('p').textContent").unwrap(), "Count: 4");
    chromium.close().unwrap();
}
