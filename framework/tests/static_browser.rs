//! The showcase's `static/index.html`, served by `static_dir`, loads in headless Chromium with
//! its stylesheet and script applied.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, Responder, web};
use rook::split_decode;
use rook::static_dir;
use serde_json::json;

/// Serves the repository's `static/` at `/`, as the showcase does.
async fn site(req: HttpRequest, root: web::Data<PathBuf>) -> HttpResponse {
    let Ok(decoded) = split_decode(req.uri().path()) else {
        return HttpResponse::BadRequest().finish();
    };
    let segments: Vec<String> = decoded.iter().map(|s| s.to_string()).collect();
    let served = static_dir(root.as_ref(), &segments).index("index.html").await;
    served.respond_to(&req).map_into_boxed_body()
}

#[test]
fn showcase_index_renders_with_its_css_and_js() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static");
    let data = web::Data::new(root);
    let server = server::Server::start(move |cfg| {
        cfg.app_data(data.clone()).default_service(web::to(site));
    });

    let browser = browser::Browser::launch().expect("launch headless chromium");
    let page = browser.open(&format!("{}/", server.url())).expect("open the index page");

    assert_eq!(page.evaluate("document.title").unwrap(), "Rook showcase");
    // Colours set only by /css/site.css: the stylesheet was served and applied.
    let styles = page
        .evaluate(
            "({ body: getComputedStyle(document.body).backgroundColor,
                masthead: getComputedStyle(document.querySelector('.masthead')).backgroundColor,
                border: getComputedStyle(document.querySelector('.routes li')).borderLeftColor })",
        )
        .unwrap();
    assert_eq!(
        styles,
        json!({ "body": "rgb(246, 244, 239)", "masthead": "rgb(29, 35, 48)", "border": "rgb(138, 59, 18)" })
    );
    // /js/site.js ran.
    page.wait_until(
        "document.getElementById('route-count').textContent === '29 routes listed.'",
        Duration::from_secs(10),
    )
    .unwrap();
    let links = page.evaluate("[...document.querySelectorAll('.routes a')].map(a => a.getAttribute('href'))").unwrap();
    assert_eq!(
        links,
        json!([
            "/",
            "/catalogue/products/42",
            "/catalogue/search/chair",
            "/products/by-tag/garden",
            "/products/by-tag",
            "/orders/history",
            "/orders/history/2",
            "/user-log/0123456789ab4def8123456789abcdef",
            "/advent/12",
            "/search?term=lamp",
            "/category/chairs?min-price=10&max=90",
            "/agent",
            "/api/products",
            "/api/products/42",
            "/openapi.json",
            "/docs/",
            "/log/1",
            "/upload",
            "/guestbook",
            "/guestbook/sign-in",
            "/live/counter",
            "/live/list",
            "/live/form",
            "/live/chat",
            "/chat.html",
            "/index.html",
            "/css/site.css",
            "/js/site.js",
            "/me",
            "/api/v2/products/1",
        ])
    );

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("static_showcase.png");
    let png = page.screenshot(&shot).expect("screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    println!("screenshot: {}", shot.display());
    browser.close().unwrap();
}
