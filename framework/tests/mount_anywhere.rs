//! docs/composition.md: a `Routes` inside `web::scope` routes the path after the scope's prefix;
//! `Routes::fallthrough()` leaves paths no route fits to later services and the default service.

use actix_web::{App, HttpResponse, test as atest, web};
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get / => "root",
        get "hello" / name: String => format!("hello {name}"),
        post "hello" / name: String => "posted",
        get "encoded/slash" => "one segment",
        get "search" ? term: String => term,
        get "admin", auth _b: Bearer => "admin",
    }
}

async fn call<S>(app: &S, method: &str, uri: &str) -> (u16, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
        >,
{
    let req = atest::TestRequest::default().method(method.parse().unwrap()).uri(uri).to_request();
    let res = atest::call_service(app, req).await;
    let status = res.status().as_u16();
    (status, String::from_utf8_lossy(&atest::read_body(res).await).into_owned())
}

fn custom_404() -> HttpResponse {
    HttpResponse::NotFound().body("custom 404")
}

#[actix_web::test]
async fn inside_a_scope_routes_the_rest_of_the_path() {
    let app = atest::init_service(
        App::new().service(web::scope("/api").service(routes())).service(web::scope("/{tenant}/v2").service(routes())),
    )
    .await;
    for (method, uri, status, body) in [
        ("GET", "/api/hello/ann", 200, "hello ann"),
        ("GET", "/api", 200, "root"),
        ("GET", "/api/", 200, "root"),
        ("GET", "/ap%69/hello/b%6Fb", 200, "hello bob"),
        ("GET", "/api/encoded%2Fslash", 200, "one segment"),
        ("GET", "/api/hello/a%2Fb", 200, "hello a/b"),
        ("POST", "/api/hello/ann", 200, "posted"),
        ("DELETE", "/api/hello/ann", 405, "method not allowed; allowed: GET, HEAD, POST, OPTIONS"),
        ("GET", "/api/search", 400, "missing query parameter \"term\""),
        ("GET", "/api/admin", 401, "authentication required"),
        ("GET", "/api/nothing", 404, "no route matches this path"),
        ("GET", "/api/hello/%zz", 400, ""),
        ("GET", "/acme/v2/hello/ann", 200, "hello ann"),
        ("GET", "/acme/v2", 200, "root"),
    ] {
        let (got, text) = call(&app, method, uri).await;
        assert_eq!(got, status, "{method} {uri}: {text}");
        assert!(text.starts_with(body), "{method} {uri}: {text:?}");
    }
    // Outside the scope, actix-web's own 404.
    assert_eq!(call(&app, "GET", "/hello/ann").await, (404, String::new()));
}

#[actix_web::test]
async fn fallthrough_leaves_unfit_paths_to_later_services() {
    let app = atest::init_service(
        App::new()
            .service(routes().fallthrough())
            .route("/legacy", web::get().to(|| async { "legacy" }))
            .default_service(web::to(|| async { custom_404() })),
    )
    .await;
    for (method, uri, status, body) in [
        ("GET", "/hello/ann", 200, "hello ann"),
        ("GET", "/legacy", 200, "legacy"),
        ("GET", "/nothing", 404, "custom 404"),
        ("GET", "/hello/ann/more", 404, "custom 404"),
        // Paths the table fits stay its own.
        ("DELETE", "/hello/ann", 405, "method not allowed"),
        ("GET", "/search", 400, "missing query parameter"),
        ("GET", "/admin", 401, "authentication required"),
    ] {
        let (got, text) = call(&app, method, uri).await;
        assert_eq!(got, status, "{method} {uri}: {text}");
        assert!(text.starts_with(body), "{method} {uri}: {text:?}");
    }
    // Without fallthrough, the table answers every path.
    let app =
        atest::init_service(App::new().service(routes()).route("/legacy", web::get().to(|| async { "legacy" }))).await;
    assert_eq!(call(&app, "GET", "/legacy").await, (404, "no route matches this path".into()));
}

#[actix_web::test]
async fn fallthrough_inside_a_scope() {
    let app = atest::init_service(
        App::new()
            .service(
                web::scope("/api")
                    .service(routes().fallthrough())
                    .route("/later", web::get().to(|| async { "later" }))
                    .default_service(web::to(|| async { custom_404() })),
            )
            .default_service(web::to(|| async { HttpResponse::NotFound().body("app 404") })),
    )
    .await;
    for (method, uri, status, body) in [
        ("GET", "/api/hello/ann", 200, "hello ann"),
        ("GET", "/api/later", 200, "later"),
        ("GET", "/api/nothing", 404, "custom 404"),
        // `/hello/x` fits the end of `/api/api/hello/x`, but not what follows the scope: the
        // table takes it, finds no route, and hands it to the App's default service.
        ("GET", "/api/api/hello/x", 404, "app 404"),
        ("DELETE", "/api/hello/ann", 405, "method not allowed"),
    ] {
        let (got, text) = call(&app, method, uri).await;
        assert_eq!(got, status, "{method} {uri}: {text}");
        assert!(text.starts_with(body), "{method} {uri}: {text:?}");
    }
}
