//! docs/routing.md#choosing-the-route: HEAD is served by GET unless a HEAD route exists; OPTIONS is answered 204 + Allow.

mod common;

use common::send;
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "page" => "page body",
        get "both" => "get body",
        head "both" => actix_web::HttpResponse::Ok().insert_header(("x-head", "yes")).finish(),
        options "custom" => "custom options",
        post "form" => "posted",
        get "mirror" / "x" => "get route",
        any what: String / "x" => format!("any {what}"),
    }
}

#[actix_web::test]
async fn head_is_served_by_get() {
    let r = send(&routes(), "HEAD", "/page", &[]).await;
    assert_eq!(r.status, 200);
    let r = send(&routes(), "HEAD", "/both", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (200, ""));
    // An `any` route is not a HEAD route: HEAD still goes where GET goes. (In process the body
    // is still there to tell the route by; on the wire actix-http drops it, see raw_targets.rs.)
    let r = send(&routes(), "HEAD", "/mirror/x", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (200, "get route"));
    assert_eq!(send(&routes(), "GET", "/mirror/x", &[]).await.body, "get route");
    assert_eq!(send(&routes(), "HEAD", "/other/x", &[]).await.status, 200);
    let r = send(&routes(), "HEAD", "/form", &[]).await;
    assert_eq!((r.status, r.allow.as_deref()), (405, Some("POST, OPTIONS")));
}

#[actix_web::test]
async fn options_is_204_with_allow_unless_a_route_answers_it() {
    let r = send(&routes(), "OPTIONS", "/page", &[]).await;
    assert_eq!((r.status, r.allow.as_deref(), r.body.as_str()), (204, Some("GET, HEAD, OPTIONS"), ""));
    let r = send(&routes(), "OPTIONS", "/both", &[]).await;
    assert_eq!((r.status, r.allow.as_deref()), (204, Some("GET, HEAD, OPTIONS")));
    let r = send(&routes(), "OPTIONS", "/custom", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (200, "custom options"));
    assert_eq!(send(&routes(), "OPTIONS", "/nowhere", &[]).await.status, 404);
}
