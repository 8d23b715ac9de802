//! Bodies and response helpers inside a `route!` block, as users write them.

use actix_web::{App, test};
use rook::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct LogEntry {
    level: String,
    message: String,
}

fn log(entry: LogEntry) -> Response {
    if entry.level == "panic" {
        return bad_request().content("text/plain", "no panicking");
    }
    created(format!("/log/{}", entry.level)).content("application/json", serde_json::json!({ "logged": entry.message }))
}

fn app() -> Routes {
    route! {
        get / => content("text/plain", "Hello from Rook\n"),
        post "log", entry: Body<LogEntry> => log(entry.into_inner()),
        post "echo", text: Body<String> => content("text/plain", text.into_inner()),
        get "old" => redirect_permanent("/new"),
    }
}

#[actix_web::test]
async fn bodies_and_helpers_work_in_route_blocks() {
    let app = test::init_service(App::new().service(app())).await;

    let res = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.headers().get("content-type").unwrap(), "text/plain; charset=utf-8");
    assert_eq!(test::read_body(res).await, "Hello from Rook\n");

    let req = test::TestRequest::post()
        .uri("/log")
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"level":"info","message":"started"}"#);
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers().get("location").unwrap(), "/log/info");
    assert_eq!(test::read_body(res).await, r#"{"logged":"started"}"#);

    let req = test::TestRequest::post()
        .uri("/log")
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("level=panic&message=x");
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 400);

    let req = test::TestRequest::post().uri("/log").set_payload("level=info");
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), 415);

    let req = test::TestRequest::post().uri("/echo").insert_header(("Content-Type", "text/plain")).set_payload("echo");
    assert_eq!(test::call_and_read_body(&app, req.to_request()).await, "echo");

    let res = test::call_service(&app, test::TestRequest::get().uri("/old").to_request()).await;
    assert_eq!((res.status().as_u16(), res.headers().get("location").unwrap().to_str().unwrap()), (308, "/new"));
}
