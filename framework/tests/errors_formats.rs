//! docs/routing.md#statuses-the-router-answers "Error format": every error Rook answers — router 400/401/403/404/405, body
//! 413/415/422, static 404, WebSocket handshake 400, the panic 500 — rendered in each
//! `ErrorFormat`, with `Allow` and `WWW-Authenticate` kept in every one.

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, test as atest};
use rook::ErrorFormat;
use rook::prelude::*;

#[derive(serde::Deserialize)]
struct Item {
    #[allow(dead_code)]
    name: String,
}

/// Known and never allowed.
struct Nobody;

impl Authenticate for Nobody {
    async fn authenticate(_: &HttpRequest) -> Result<Self, AuthError> {
        Err(AuthError::Forbidden)
    }
}

async fn echo(socket: WebSocket) -> impl actix_web::Responder {
    socket.serve(|_conn| async move {})
}

fn routes(format: ErrorFormat) -> Routes {
    route! {
        get "items" / id: u32 ? q: u32 => format!("{id} {q}"),
        get "admin", auth _b: Bearer => "admin",
        get "nobody", auth _n: Nobody => "never",
        post "items", item: Body<Item> => item.name.clone(),
        get "files" / ..path => static_dir(std::env::temp_dir().join("rook-errors-formats-empty"), &path).await,
        get "ws", socket: WebSocket => echo(socket).await,
        get "panic" => { if true { panic!("on purpose") } "never" },
    }
    .app_data(BodyConfig::default().json_limit(16))
    .error_format(format)
}

/// A request of the table: method, target, headers, body.
type Req = (&'static str, &'static str, &'static [(&'static str, &'static str)], &'static str);

/// Every error the table can answer, with its status, the header it must keep and the
/// problem+json member naming what failed.
/// A header or a problem+json member: name and value.
type Named = Option<(&'static str, &'static str)>;

const CASES: &[(Req, u16, Named, Named)] = &[
    (("GET", "/items/1", &[], ""), 400, None, Some(("parameter", "q"))),
    (("GET", "/admin", &[], ""), 401, Some(("www-authenticate", "Bearer")), None),
    (("GET", "/nobody", &[], ""), 403, None, None),
    (("GET", "/nothing", &[], ""), 404, None, None),
    (("DELETE", "/items/1", &[], ""), 405, Some(("allow", "GET, HEAD, OPTIONS")), None),
    (
        ("POST", "/items", &[("content-type", "application/json")], r#"{"name":"far too long a name"}"#),
        413,
        None,
        Some(("limit", "json_limit")),
    ),
    (("POST", "/items", &[("content-type", "text/csv")], "a,b"), 415, None, None),
    (("POST", "/items", &[("content-type", "application/json")], r#"{"nom":1}"#), 422, None, None),
    (("GET", "/files/missing.txt", &[], ""), 404, None, None),
    (("GET", "/ws", &[], ""), 400, None, None),
    (("GET", "/panic", &[], ""), 500, None, None),
];

async fn call(
    format: ErrorFormat,
    (method, target, headers, body): Req,
    accept: Option<&str>,
) -> (StatusCode, actix_web::http::header::HeaderMap, Vec<u8>) {
    let app = atest::init_service(App::new().service(routes(format))).await;
    let mut req = atest::TestRequest::default().method(method.parse().unwrap()).uri(target).set_payload(body);
    for h in headers {
        req = req.insert_header(*h);
    }
    if let Some(accept) = accept {
        req = req.insert_header(("accept", accept));
    }
    let res = atest::call_service(&app, req.to_request()).await;
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, atest::read_body(res).await.to_vec())
}

fn keeps(headers: &actix_web::http::header::HeaderMap, kept: Option<(&str, &str)>, what: &str) {
    if let Some((name, value)) = kept {
        assert_eq!(headers.get(name).map(|v| v.to_str().unwrap()), Some(value), "{what}: {name}");
    }
}

#[actix_web::test]
async fn text_is_one_line_of_plain_text() {
    for &(req, status, kept, _) in CASES {
        let what = format!("{} {}", req.0, req.1);
        let (got, headers, body) = call(ErrorFormat::Text, req, Some("application/json")).await;
        assert_eq!(got.as_u16(), status, "{what}: {}", String::from_utf8_lossy(&body));
        assert_eq!(headers.get("content-type").unwrap(), "text/plain; charset=utf-8", "{what}");
        assert!(!body.is_empty() && !body.contains(&b'\n'), "{what}: {body:?}");
        keeps(&headers, kept, &what);
    }
}

#[actix_web::test]
async fn problem_json_names_what_failed() {
    for &(req, status, kept, member) in CASES {
        let what = format!("{} {}", req.0, req.1);
        let (got, headers, body) = call(ErrorFormat::ProblemJson, req, None).await;
        assert_eq!(got.as_u16(), status, "{what}: {}", String::from_utf8_lossy(&body));
        assert_eq!(headers.get("content-type").unwrap(), "application/problem+json", "{what}");
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(json["status"], status, "{what}");
        assert_eq!(json["type"], "about:blank", "{what}");
        assert_eq!(json["title"], StatusCode::from_u16(status).unwrap().canonical_reason().unwrap(), "{what}");
        assert!(json["detail"].as_str().is_some_and(|d| !d.is_empty()), "{what}: {json}");
        if let Some((name, value)) = member {
            assert_eq!(json[name], value, "{what}: {json}");
        }
        keeps(&headers, kept, &what);
    }
}

#[actix_web::test]
async fn negotiate_follows_accept() {
    for &(req, status, kept, _) in CASES {
        let what = format!("{} {}", req.0, req.1);
        for (accept, content_type) in [
            ("application/json", "application/problem+json"),
            ("text/plain, application/json;q=0.5", "text/plain; charset=utf-8"),
            ("*/*", "text/plain; charset=utf-8"),
        ] {
            let (got, headers, _) = call(ErrorFormat::Negotiate, req, Some(accept)).await;
            assert_eq!(got.as_u16(), status, "{what} ({accept})");
            assert_eq!(headers.get("content-type").unwrap(), content_type, "{what} ({accept})");
            keeps(&headers, kept, &what);
        }
    }
}

#[actix_web::test]
async fn custom_receives_the_error_as_data() {
    let custom = ErrorFormat::custom(|err, _req| {
        HttpResponse::build(err.status()).content_type("text/x-custom").body(format!(
            "custom {}: {}",
            err.status().as_u16(),
            err.detail()
        ))
    });
    for &(req, status, kept, _) in CASES {
        let what = format!("{} {}", req.0, req.1);
        let (got, headers, body) = call(custom.clone(), req, None).await;
        assert_eq!(got.as_u16(), status, "{what}");
        assert_eq!(headers.get("content-type").unwrap(), "text/x-custom", "{what}");
        assert!(String::from_utf8_lossy(&body).starts_with(&format!("custom {status}: ")), "{what}");
        keeps(&headers, kept, &what);
    }
}

#[actix_web::test]
async fn an_include_keeps_its_own_format() {
    let api = route! {
        get "items" / id: u32 ? q: u32 => format!("{id} {q}"),
        get "admin", auth _b: Bearer => "admin",
    }
    .error_format(ErrorFormat::ProblemJson);
    let routes = route! {
        get "page" / n: u32 => format!("page {n}"),
        include "api" / "v2" => api,
    };
    let app = atest::init_service(App::new().service(routes)).await;
    for (uri, status, content_type) in [
        ("/api/v2/items/1", 400, "application/problem+json"),
        ("/api/v2/nothing", 404, "application/problem+json"),
        ("/api/v2/admin", 401, "application/problem+json"),
        ("/api/v2", 404, "application/problem+json"),
        ("/api/nothing", 404, "text/plain; charset=utf-8"),
        ("/page/x", 404, "text/plain; charset=utf-8"),
    ] {
        let res = atest::call_service(&app, atest::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status().as_u16(), status, "{uri}");
        assert_eq!(res.headers().get("content-type").unwrap(), content_type, "{uri}");
        if status == 401 {
            assert_eq!(res.headers().get("www-authenticate").unwrap(), "Bearer");
        }
    }
}
