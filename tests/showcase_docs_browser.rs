//! The showcase's `/docs` (docs/links-openapi.md): Swagger UI, vendored under `static/docs/`, renders the
//! showcase's `/openapi.json` in headless Chromium and asks no other host for anything. Every
//! request to a host other than the loopback server goes to a trap proxy that counts them; the
//! test wants 0. The screenshot is written to `$CARGO_TARGET_TMPDIR/docs.png`.

#[path = "../framework/tests/support/browser.rs"]
mod browser;
#[path = "../framework/tests/support/server.rs"]
mod server;

use std::io::Read;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rook_examples::showcase;

/// A proxy that answers nothing and records the first line of each request it is sent.
fn trap() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the trap");
    let port = listener.local_addr().expect("trap address").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut buf = [0u8; 512];
            let n = stream.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or_default().to_owned();
            log.lock().unwrap_or_else(|e| e.into_inner()).push(line);
        }
    });
    (port, seen)
}

#[test]
fn docs_render_the_document_from_this_server_only() {
    let server = server::Server::start(|cfg| {
        cfg.service(showcase::app_with_state());
    });
    let (trap_port, requests) = trap();
    // Every host but the loopback server goes through the trap (Chromium never proxies
    // loopback addresses); the browser's own background traffic is not the page's.
    let browser = browser::Browser::launch().expect("launch headless chromium");
    let page = browser
        .open_behind_proxy(&format!("{}/docs", server.url()), &format!("http://127.0.0.1:{trap_port}"))
        .expect("open /docs");
    page.wait_until("document.body.getAttribute('data-api-loaded') === 'yes'", Duration::from_secs(20))
        .expect("Swagger UI loaded the document");
    page.wait_until("document.querySelectorAll('.opblock').length > 0", Duration::from_secs(10))
        .expect("operations rendered");
    let title = page.evaluate("document.querySelector('.info .title').textContent").expect("title");
    assert!(title.as_str().is_some_and(|t| t.starts_with("Rook showcase")), "{title}");
    let operations = page.evaluate("document.querySelectorAll('.opblock').length").expect("count");
    let expected = showcase::openapi()["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, |ops| ops.len()))
        .sum::<usize>();
    assert_eq!(operations.as_u64(), Some(expected as u64), "one block per operation");
    // Every resource the page loaded came from the server.
    let foreign = page
        .evaluate(&format!(
            "performance.getEntriesByType('resource').map(e => e.name).filter(u => !u.startsWith('{}'))",
            server.url()
        ))
        .expect("resource entries");
    assert_eq!(foreign, serde_json::json!([]));
    // A request to another host goes to the trap: this one proves that it catches them.
    page.evaluate("fetch('http://rook-trap.example/probe').then(() => 'answered', () => 'refused')").expect("probe");
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs.png");
    let png = page.screenshot(&shot).expect("screenshot");
    assert!(png.len() > 10_000, "a screenshot of a rendered page");
    browser.close().expect("close chromium");
    let requests = requests.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let probe = "GET http://rook-trap.example/probe HTTP/1.1";
    assert_eq!(requests, [probe], "the page's requests to other hosts (only the test's probe is expected)");
}
