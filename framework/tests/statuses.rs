//! docs/routing.md#statuses-the-router-answers: the statuses the router answers by itself, and their bodies.

mod common;

use common::{NOT_FOUND, send};
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "product" / id: u32 => format!("{id}"),
        post "product" / id: u32 => "posted",
        delete "product" / name: String => "deleted",
        put "only-put" => "put",
        get "search" ? term: String & page: u32 = 1 => format!("{term} {page}"),
        any "anything" => "any",
        get "panic" => panic_now(),
        get "panic-later" => panic_later().await,
        get "unit" => (),
    }
}

fn panic_now() -> &'static str {
    panic!("handler bug")
}

async fn panic_later() -> &'static str {
    actix_web::rt::task::yield_now().await;
    panic!("handler bug after an await")
}

#[actix_web::test]
async fn not_found_when_no_path_fits() {
    let r = send(&routes(), "GET", "/productx", &[]).await;
    assert_eq!((r.status, r.body.as_str(), r.allow), (404, NOT_FOUND, None));
    assert_eq!(r.content_type.as_deref(), Some("text/plain; charset=utf-8"));
    // `/productx` is not `/product`: only routes matching the whole path take part.
    assert_eq!(send(&routes(), "PUT", "/productx", &[]).await.status, 404);
    assert_eq!(send(&routes(), "PUT", "/product", &[]).await.status, 404);
}

#[actix_web::test]
async fn method_not_allowed_lists_every_method_whose_route_fits() {
    let r = send(&routes(), "PUT", "/product/3", &[]).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.allow.as_deref(), Some("GET, HEAD, POST, DELETE, OPTIONS"));
    assert_eq!(r.body, "method not allowed; allowed: GET, HEAD, POST, DELETE, OPTIONS");
    // A name that is not a u32 fits only the DELETE route.
    let r = send(&routes(), "GET", "/product/ab", &[]).await;
    assert_eq!((r.status, r.allow.as_deref()), (405, Some("DELETE, OPTIONS")));
    let r = send(&routes(), "GET", "/only-put", &[]).await;
    assert_eq!((r.status, r.allow.as_deref()), (405, Some("PUT, OPTIONS")));
}

#[actix_web::test]
async fn any_answers_every_method() {
    for method in ["GET", "POST", "PATCH", "TRACE", "OPTIONS"] {
        let r = send(&routes(), method, "/anything", &[]).await;
        assert_eq!((r.status, r.body.as_str()), (200, "any"), "{method}");
    }
}

#[actix_web::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    for (target, body) in [
        ("/search", r#"missing query parameter "term""#),
        ("/search?term=a&term=b", r#"repeated query parameter "term""#),
        ("/search?term=a&page=x", r#"query parameter "page": invalid digit"#),
        ("/search?term=a&page=-1", r#"query parameter "page": invalid digit"#),
        ("/search?term=a&page=99999999999", r#"query parameter "page": number too large"#),
    ] {
        let r = send(&routes(), "GET", target, &[]).await;
        assert_eq!((r.status, r.body.as_str()), (400, body), "{target}");
    }
    let r = send(&routes(), "GET", "/search?term=&page=02", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (200, " 2"));
    // Parameters are only looked at once path and method fit: a POST is a 405.
    assert_eq!(send(&routes(), "POST", "/search", &[]).await.status, 405);
}

#[actix_web::test]
async fn bad_escapes_are_400_before_any_route_is_tried() {
    for (target, body) in [
        ("/product/%zz", "malformed percent-escape in path"),
        ("/product/%4", "malformed percent-escape in path"),
        ("/nowhere/%FF", "path segment is not valid UTF-8 after decoding"),
    ] {
        let r = send(&routes(), "GET", target, &[]).await;
        assert_eq!((r.status, r.body.as_str()), (400, body), "{target}");
    }
}

#[actix_web::test]
async fn unit_is_204_and_a_panic_is_500_and_serving_goes_on() {
    let app = actix_web::test::init_service(actix_web::App::new().service(routes())).await;
    for uri in ["/panic", "/panic-later", "/panic"] {
        let req = actix_web::test::TestRequest::get().uri(uri).to_request();
        let res = actix_web::test::call_service(&app, req).await;
        assert_eq!(res.status(), 500);
        assert_eq!(actix_web::test::read_body(res).await, "internal server error");
        let req = actix_web::test::TestRequest::get().uri("/product/1").to_request();
        assert_eq!(actix_web::test::call_service(&app, req).await.status(), 200);
    }
    let r = send(&routes(), "GET", "/unit", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (204, ""));
}

#[actix_web::test]
async fn a_panicking_guard_or_parser_is_500_too() {
    fn boom(_: &u32) -> bool {
        panic!("validator bug")
    }
    #[derive(Segment)]
    #[segment(validate = boom)]
    struct Fragile(u32);
    let routes = route! {
        get "fragile" / f: Fragile => format!("{}", f.0),
        get "guard" / n: u32 if n / (n - n) > 0 => "never",
    };
    assert_eq!(send(&routes, "GET", "/fragile/1", &[]).await.status, 500);
    assert_eq!(send(&routes, "GET", "/guard/1", &[]).await.status, 500);
}
