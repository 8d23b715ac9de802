//! docs/composition.md `Routes::wrap`: middleware around the requests a table's routes handle, and only
//! those; scoped to an include; nested as in actix-web.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Next, from_fn};
use actix_web::{App, Error, HttpMessage, HttpResponse, test as atest};
use rook::prelude::*;

/// The middleware a request passed, in order.
#[derive(Clone, Default)]
struct Trail(Vec<&'static str>);

/// A factory of middleware that records `$name` in the request's [`Trail`] and marks the
/// response with `x-$name`.
macro_rules! mark {
    ($name:literal) => {
        || from_fn(|req: ServiceRequest, next: Next<BoxBody>| trail($name, req, next))
    };
}

async fn trail(
    name: &'static str,
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut t = req.extensions().get::<Trail>().cloned().unwrap_or_default();
    t.0.push(name);
    req.extensions_mut().insert(t);
    let mut res = next.call(req).await?;
    res.headers_mut().insert(format!("x-{name}").parse().unwrap(), "yes".parse().unwrap());
    Ok(res)
}

fn trail_of(req: &HttpRequest) -> String {
    req.extensions().get::<Trail>().map(|t| t.0.join(",")).unwrap_or_default()
}

static HANDLED: AtomicUsize = AtomicUsize::new(0);

/// Refuses every request without calling the service.
async fn wall(req: ServiceRequest, _next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, Error> {
    Ok(req.into_response(HttpResponse::ImATeapot().body("walled")))
}

fn admin() -> Routes {
    route! {
        get "stats", req: HttpRequest => trail_of(&req),
        get "users" / id: u32 => format!("user {id}"),
    }
    .wrap(mark!("admin"))
}

fn app() -> Routes {
    route! {
        get "open", req: HttpRequest => trail_of(&req),
        get "secret", auth _b: Bearer, req: HttpRequest => trail_of(&req),
        get "need" ? q: u32 => format!("{q}"),
        include "admin" => admin(),
        include "walled" => route! {
            get "count" => { HANDLED.fetch_add(1, Ordering::SeqCst); "counted" },
        }.wrap(|| from_fn(wall)),
    }
    .wrap(mark!("inner"))
    .wrap(mark!("outer"))
}

async fn get(routes: Routes, target: &str, headers: &[(&'static str, &'static str)]) -> (u16, Vec<String>, String) {
    let app = atest::init_service(App::new().service(routes)).await;
    let mut req = atest::TestRequest::get().uri(target);
    for h in headers {
        req = req.insert_header(*h);
    }
    let res = atest::call_service(&app, req.to_request()).await;
    let status = res.status().as_u16();
    let mut marks: Vec<String> =
        res.headers().keys().map(|k| k.as_str().to_owned()).filter(|k| k.starts_with("x-")).collect();
    marks.sort();
    (status, marks, String::from_utf8_lossy(&atest::read_body(res).await).into_owned())
}

#[actix_web::test]
async fn wraps_the_routes_it_handles_in_actix_order() {
    // The last `wrap` runs first; an include's middleware runs inside its includer's.
    assert_eq!(get(app(), "/open", &[]).await, (200, vec!["x-inner".into(), "x-outer".into()], "outer,inner".into()));
    assert_eq!(
        get(app(), "/admin/stats", &[]).await,
        (200, vec!["x-admin".into(), "x-inner".into(), "x-outer".into()], "outer,inner,admin".into())
    );
    assert_eq!(get(app(), "/admin/users/7", &[]).await.0, 200);
    // A route chosen after its auth check awaited is wrapped too.
    let got = get(app(), "/secret", &[("Authorization", "Bearer t")]).await;
    assert_eq!((got.0, got.2.as_str()), (200, "outer,inner"));
}

#[actix_web::test]
async fn the_routers_own_answers_are_not_wrapped() {
    for (target, headers, status) in [
        ("/nothing", &[][..], 404),
        ("/admin/users/x", &[][..], 404),
        ("/need", &[][..], 400),
        ("/secret", &[][..], 401),
        ("/secret", &[("Authorization", "Basic eDp5")][..], 401),
    ] {
        let (got, marks, _) = get(app(), target, headers).await;
        assert_eq!((got, marks), (status, vec![]), "{target}");
    }
    let app = atest::init_service(App::new().service(app())).await;
    let res = atest::call_service(&app, atest::TestRequest::post().uri("/open").to_request()).await;
    assert_eq!(res.status(), 405);
    assert!(res.headers().keys().all(|k| !k.as_str().starts_with("x-")));
}

#[actix_web::test]
async fn middleware_runs_before_the_handler() {
    // The wall answers without calling its service: the handler (which has nothing to await,
    // and would otherwise run while its route is chosen) never runs.
    let before = HANDLED.load(Ordering::SeqCst);
    let (status, marks, body) = get(app(), "/walled/count", &[]).await;
    assert_eq!((status, body.as_str()), (418, "walled"));
    assert_eq!(marks, vec!["x-inner".to_string(), "x-outer".into()]);
    assert_eq!(HANDLED.load(Ordering::SeqCst), before);
}

#[actix_web::test]
async fn any_transform_fits() {
    let routes = route! { get "a" => "a" }.wrap(|| DefaultHeaders::new().add(("Cache-Control", "no-store")));
    let app = atest::init_service(App::new().service(routes)).await;
    let res = atest::call_service(&app, atest::TestRequest::get().uri("/a").to_request()).await;
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let res = atest::call_service(&app, atest::TestRequest::get().uri("/b").to_request()).await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("cache-control").is_none());
}

#[test]
fn list_shows_the_middleware_of_each_route() {
    let list = app().list();
    let shown: Vec<String> = list.iter().map(|r| r.to_string()).collect();
    assert_eq!(shown[0], "GET /open [2 middleware]");
    assert_eq!(shown[1], "GET /secret, auth _b: Bearer [2 middleware]");
    assert_eq!(shown[3], "GET /admin/stats [3 middleware]");
    assert_eq!(list[5].middleware, 3);
    assert_eq!(route! { get "a" => "a" }.list()[0].to_string(), "GET /a");
}
