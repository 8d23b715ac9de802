//! Issue 24 point 6: a wrapped route and a fall-through table's default service run with the
//! request the table holds, and say nothing about it: actix-web's debug-build warning
//! "Cloning an `HttpRequest` might cause panics" is never logged. (One test: it owns the logger.)

use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpResponse, test as atest, web};
use rook::prelude::*;

#[path = "support/warnings.rs"]
mod warnings;

#[actix_web::test]
async fn wrapped_and_fallthrough_requests_log_no_warning() {
    warnings::start();
    let routes = route! { get "a" => "a" }.wrap(|| DefaultHeaders::new().add(("x-wrapped", "yes"))).fallthrough();
    let app = atest::init_service(
        App::new().service(routes).default_service(web::to(|| async { HttpResponse::NotFound().body("elsewhere") })),
    )
    .await;
    for _ in 0..3 {
        let res = atest::call_service(&app, atest::TestRequest::get().uri("/a").to_request()).await;
        assert_eq!(res.headers().get("x-wrapped").unwrap(), "yes");
        assert_eq!(atest::read_body(res).await, "a");
        let res = atest::call_service(&app, atest::TestRequest::get().uri("/b").to_request()).await;
        assert_eq!(atest::read_body(res).await, "elsewhere");
    }
    let warnings = warnings::lines();
    assert!(warnings.is_empty(), "{warnings:#?}");
}
