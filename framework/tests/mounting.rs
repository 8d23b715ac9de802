//! docs/routing.md, docs/composition.md: a `Routes` value inside an actix-web `App`, next to other services and under
//! middleware.

use actix_web::middleware::Logger;
use actix_web::{App, test as atest, web};
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "hello" / name: String => format!("hello {name}"),
        post "hello" / name: String => "posted",
    }
}

#[actix_web::test]
async fn mounts_next_to_actix_services_and_under_middleware() {
    let app = atest::init_service(
        App::new().wrap(Logger::default()).route("/health", web::get().to(|| async { "ok" })).service(routes()),
    )
    .await;
    for (uri, status, body) in
        [("/health", 200, "ok"), ("/hello/ann", 200, "hello ann"), ("/nope", 404, "no route matches this path")]
    {
        let res = atest::call_service(&app, atest::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(atest::read_body(res).await, body, "{uri}");
    }
}

#[test]
fn routes_are_send_sync_static_and_clone() {
    fn assert_bounds<T: Clone + Send + Sync + 'static>() {}
    assert_bounds::<Routes>();
}

/// `Routes::into_app`: the `App` `rook::serve` runs, the table its whole (its 404 included), app
/// data and middleware added to it as to any `App`; a `fallthrough` table leaves unfit paths to
/// the `App`'s later services.
#[actix_web::test]
async fn into_app_is_the_whole_app() {
    let app = atest::init_service(
        routes().into_app().wrap(Logger::default()).route("/health", web::get().to(|| async { "ok" })),
    )
    .await;
    for (uri, status, body) in [
        ("/hello/ann", 200, "hello ann"),
        ("/nope", 404, "no route matches this path"),
        // The table answers every path, as when it is the App's default service.
        ("/health", 404, "no route matches this path"),
    ] {
        let res = atest::call_service(&app, atest::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(atest::read_body(res).await, body, "{uri}");
    }
    let res = atest::call_service(&app, atest::TestRequest::delete().uri("/hello/ann").to_request()).await;
    assert_eq!(res.status(), 405);

    let app =
        atest::init_service(routes().fallthrough().into_app().route("/health", web::get().to(|| async { "ok" }))).await;
    for (uri, status, body) in [("/hello/ann", 200, "hello ann"), ("/health", 200, "ok"), ("/nope", 404, "")] {
        let res = atest::call_service(&app, atest::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(atest::read_body(res).await, body, "{uri}");
    }
}
