//! docs/composition.md: `ROOK_TRACE=1` logs each routing decision through `log`.

#[path = "support/trace_log.rs"]
mod trace_log;

use actix_web::{App, test as atest};
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "hello" / name: String => format!("hello {name}"),
        post "hello" / name: String => "posted",
        get "items" / id: u32 => format!("item {id}"),
        include "api" => route! { get "parts" / "by-size" / size: u8 => format!("{size}") },
    }
}

#[actix_web::test]
async fn rook_trace_logs_each_decision() {
    trace_log::start();
    let app = atest::init_service(App::new().service(routes())).await;
    let req = atest::TestRequest::put().uri("/hello/ann").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 405);
    let req = atest::TestRequest::post().uri("/hello/bob").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    let req = atest::TestRequest::get().uri("/items/abc").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 404);
    let req = atest::TestRequest::get().uri("/api/parts/by-size/300").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 404);
    let lines = trace_log::lines();
    let expected = [
        r#"PUT ["hello", "ann"]: route #0 (GET /hello/{name: String}) refused: method"#,
        r#"PUT ["hello", "ann"]: route #1 (POST /hello/{name: String}) refused: method"#,
        r#"PUT ["hello", "ann"]: method not allowed; allowed: GET, HEAD, POST, OPTIONS"#,
        r#"POST ["hello", "bob"]: route #0 (GET /hello/{name: String}) refused: method"#,
        r#"POST ["hello", "bob"]: route #1 (POST /hello/{name: String}) chosen"#,
        r#"GET ["items", "abc"]: route #2 (GET /items/{id: u32}) refused: segment 2 "abc" is not a u32"#,
        r#"GET ["items", "abc"]: no route matches this path"#,
        r#"GET ["api", "parts", "by-size", "300"]: route #3 (GET /parts/by-size/{size: u8}) refused: segment 4 "300" is not a u8"#,
        r#"GET ["api", "parts", "by-size", "300"]: no route matches this path"#,
    ];
    assert_eq!(lines, expected);
}
