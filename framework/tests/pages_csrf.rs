//! CSRF (docs/sessions.md): a POST/PUT/PATCH/DELETE with a form media type and cookies is refused
//! with 403 unless it carries the session's token or comes from this site's origin; requests
//! without cookies, JSON, and routes with a Bearer/Basic `auth` parameter are exempt. Order:
//! after `auth`'s 401/403, before the body's 415/413/422.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::ServiceResponse;
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpRequest};
use rook::prelude::*;
use rook::{CsrfPolicy, ErrorFormat};

static RAN: AtomicUsize = AtomicUsize::new(0);

#[derive(serde::Deserialize)]
struct Comment {
    text: String,
}

#[derive(serde::Deserialize)]
struct Attached {
    title: String,
    file: Upload,
}

struct Nobody;

impl Authenticate for Nobody {
    async fn authenticate(_: &HttpRequest) -> Result<Self, AuthError> {
        Err(Bearer::challenge())
    }
}

fn app() -> Routes {
    let _ = rook::session::set_secret_key(&[9; 64]);
    let hooks = route! {
        post "hook", body: Body<Comment> => body.into_inner().text,
    }
    .csrf(CsrfPolicy::Off);
    route! {
        get "form", session csrf: CsrfToken => csrf.token(),
        get "page", session csrf: CsrfToken => csrf.field(),
        post "comment", body: Body<Comment> => {
            RAN.fetch_add(1, Ordering::SeqCst);
            format!("comment: {}", body.into_inner().text)
        },
        delete "comment" => "deleted",
        post "attach", body: Body<Attached> => {
            let body = body.into_inner();
            format!("{}: {} bytes", body.title, body.file.bytes().unwrap().len())
        },
        post "api" / "comment", auth _t: Bearer, body: Body<Comment> => body.into_inner().text,
        post "admin", auth _n: Nobody, body: Body<Comment> => body.into_inner().text,
        post "login", session s: Session<Option<String>> => {
            let mut s = s;
            s.set(Some("ada".into()));
            s.rotate();
            "signed in"
        },
        include "hooks" => hooks,
    }
}

fn cookies(res: &ServiceResponse) -> String {
    res.headers()
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("; ")
}

async fn text(res: ServiceResponse) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
}

/// A session cookie and its masked token, as a page that shows a form gives them.
async fn session<S>(app: &S) -> (String, String)
where
    S: actix_web::dev::Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let res = test::call_service(app, TestRequest::get().uri("/form").to_request()).await;
    let cookie = cookies(&res);
    assert!(cookie.starts_with("rook_session="), "{cookie}");
    (cookie, text(res).await)
}

fn form(uri: &str, cookie: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("Host", "shop.example"))
        .insert_header(("Cookie", cookie.to_owned()))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned())
}

const REFUSAL: &str = "cross-site form submission refused: no valid CSRF token (form field `_csrf` or header `X-CSRF-Token`) and not from this site's origin";

#[actix_web::test]
async fn a_forged_cross_site_post_is_refused_and_its_handler_never_runs() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, _) = session(&app).await;
    let before = RAN.load(Ordering::SeqCst);
    for origin in [Some("https://evil.example"), Some("null"), Some("http://shop.example.evil.example"), None] {
        let mut req = form("/comment", &cookie, "text=pwned");
        if let Some(origin) = origin {
            req = req.insert_header(("Origin", origin));
        }
        let res = test::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), 403, "{origin:?}");
        assert_eq!(res.headers().get("content-type").unwrap(), "text/plain; charset=utf-8");
        assert_eq!(text(res).await, REFUSAL, "{origin:?}");
    }
    let res = test::call_service(
        &app,
        form("/comment", &cookie, "text=pwned").insert_header(("Sec-Fetch-Site", "cross-site")).to_request(),
    )
    .await;
    assert_eq!(res.status(), 403);
    // DELETE with a form body, and text/plain (what `enctype="text/plain"` sends).
    let res =
        test::call_service(&app, form("/comment", &cookie, "").method(actix_web::http::Method::DELETE).to_request())
            .await;
    assert_eq!(res.status(), 403);
    let req = form("/comment", &cookie, "text=x").insert_header(("Content-Type", "text/plain"));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 403);
    assert_eq!(RAN.load(Ordering::SeqCst), before, "no refused handler ran");
}

#[actix_web::test]
async fn the_sessions_token_passes_in_the_form_or_in_the_header() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, token) = session(&app).await;
    assert_eq!(token.len(), 128, "{token}");
    let body = format!("text=hello+there&_csrf={token}");
    let req = form("/comment", &cookie, &body).insert_header(("Origin", "https://evil.example"));
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(text(res).await, "comment: hello there", "the body reaches the handler whole");
    // The token first, as `csrf.field()` at the top of a form puts it.
    let res =
        test::call_service(&app, form("/comment", &cookie, &format!("_csrf={token}&text=first")).to_request()).await;
    assert_eq!(text(res).await, "comment: first");
    let req = form("/comment", &cookie, "text=by+script").insert_header(("X-CSRF-Token", token.clone()));
    assert_eq!(text(test::call_service(&app, req.to_request()).await).await, "comment: by script");
    // Each page masks the token anew; every mask passes.
    let (_, again) = session_with(&app, &cookie).await;
    assert_ne!(again, token);
    let res = test::call_service(&app, form("/comment", &cookie, &format!("text=2&_csrf={again}")).to_request()).await;
    assert_eq!(res.status(), 200);
    // `field()` is the hidden input.
    let res = test::call_service(
        &app,
        TestRequest::get().uri("/page").insert_header(("Cookie", cookie.clone())).to_request(),
    )
    .await;
    let page = text(res).await;
    assert!(page.starts_with(r#"<input type="hidden" name="_csrf" value=""#) && page.ends_with(r#"">"#), "{page}");
}

async fn session_with<S>(app: &S, cookie: &str) -> (String, String)
where
    S: actix_web::dev::Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let res = test::call_service(
        app,
        TestRequest::get().uri("/form").insert_header(("Cookie", cookie.to_owned())).to_request(),
    )
    .await;
    assert_eq!(cookies(&res), "", "the token exists already: nothing to write");
    (cookie.to_owned(), text(res).await)
}

#[actix_web::test]
async fn a_wrong_or_foreign_token_is_refused() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, token) = session(&app).await;
    let (_, other) = session(&app).await;
    for bad in [other.as_str(), "", "00", &token[..64], "zz"] {
        let res =
            test::call_service(&app, form("/comment", &cookie, &format!("text=x&_csrf={bad}")).to_request()).await;
        assert_eq!(res.status(), 403, "{bad}");
        let res = test::call_service(
            &app,
            form("/comment", &cookie, "text=x").insert_header(("X-CSRF-Token", bad)).to_request(),
        )
        .await;
        assert_eq!(res.status(), 403, "{bad}");
    }
    // A session without a token (none was ever shown) has nothing to match.
    let res = test::call_service(
        &app,
        form("/comment", "rook_session=garbage", &format!("text=x&_csrf={token}")).to_request(),
    )
    .await;
    assert_eq!(res.status(), 403);
}

#[actix_web::test]
async fn this_sites_origin_passes_and_so_does_same_origin_fetch_metadata() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, _) = session(&app).await;
    for origin in ["http://shop.example", "http://SHOP.example:80", "https://shop.example"] {
        let res = test::call_service(
            &app,
            form("/comment", &cookie, "text=mine").insert_header(("Origin", origin)).to_request(),
        )
        .await;
        assert_eq!(res.status(), 200, "{origin}");
    }
    for origin in ["http://shop.example:8080", "ftp://shop.example"] {
        let res = test::call_service(
            &app,
            form("/comment", &cookie, "text=mine").insert_header(("Origin", origin)).to_request(),
        )
        .await;
        assert_eq!(res.status(), 403, "{origin}");
    }
    // Over TLS (as the proxy says), an http origin is another origin.
    let req = form("/comment", &cookie, "text=x")
        .insert_header(("X-Forwarded-Proto", "https"))
        .insert_header(("Origin", "http://shop.example"));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 403);
    let req = form("/comment", &cookie, "text=x")
        .insert_header(("X-Forwarded-Proto", "https"))
        .insert_header(("Origin", "https://shop.example"));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 200);
    let req = form("/comment", &cookie, "text=mine").insert_header(("Sec-Fetch-Site", "same-origin"));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 200);
    // `Sec-Fetch-Site` counts only without `Origin`.
    let req = form("/comment", &cookie, "text=x")
        .insert_header(("Sec-Fetch-Site", "same-origin"))
        .insert_header(("Origin", "https://evil.example"));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 403);
}

#[actix_web::test]
async fn no_cookies_json_safe_methods_bearer_routes_and_tables_turned_off_are_exempt() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, _) = session(&app).await;
    let evil = ("Origin", "https://evil.example");
    let req = TestRequest::post()
        .uri("/comment")
        .insert_header(evil)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("text=anonymous");
    assert_eq!(text(test::call_service(&app, req.to_request()).await).await, "comment: anonymous");
    let req = TestRequest::post()
        .uri("/comment")
        .insert_header(evil)
        .insert_header(("Cookie", cookie.clone()))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"text":"json"}"#);
    assert_eq!(text(test::call_service(&app, req.to_request()).await).await, "comment: json");
    let req =
        form("/api/comment", &cookie, "text=bearer").insert_header(evil).insert_header(("Authorization", "Bearer abc"));
    assert_eq!(text(test::call_service(&app, req.to_request()).await).await, "bearer");
    let req = form("/hooks/hook", &cookie, "text=hook").insert_header(evil);
    assert_eq!(text(test::call_service(&app, req.to_request()).await).await, "hook");
    let req = TestRequest::get().uri("/form").insert_header(evil).insert_header(("Cookie", cookie.clone()));
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 200);
}

#[actix_web::test]
async fn a_table_turned_off_turns_off_its_includes_unless_they_say_otherwise() {
    let _ = rook::session::set_secret_key(&[9; 64]);
    let strict = route! { post "strict" => "strict" }.csrf(CsrfPolicy::Check);
    let inherits = route! { post "inherits" => "inherits" };
    let outer = route! {
        post "outer" => "outer",
        include "a" => strict,
        include "b" => inherits,
    }
    .csrf(CsrfPolicy::Off);
    let app = test::init_service(App::new().service(outer)).await;
    let post = |uri: &str| form(uri, "other=1", "x=1").insert_header(("Origin", "https://evil.example")).to_request();
    assert_eq!(test::call_service(&app, post("/outer")).await.status(), 200);
    assert_eq!(test::call_service(&app, post("/b/inherits")).await.status(), 200);
    assert_eq!(test::call_service(&app, post("/a/strict")).await.status(), 403);
}

#[actix_web::test]
async fn multipart_forms_carry_the_token_and_their_files_arrive_whole() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, token) = session(&app).await;
    let file = "0123456789".repeat(10_000);
    let multipart = |token: &str| {
        format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnotes\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\n{file}\r\n--XyZ--\r\n"
        )
    };
    let req = |body: String| {
        form("/attach", &cookie, "")
            .insert_header(("Content-Type", "multipart/form-data; boundary=XyZ"))
            .set_payload(body)
            .to_request()
    };
    let res = test::call_service(&app, req(multipart(&token))).await;
    assert_eq!(res.status(), 200);
    assert_eq!(text(res).await, "notes: 100000 bytes");
    let res = test::call_service(&app, req(multipart("0".repeat(128).as_str()))).await;
    assert_eq!(res.status(), 403);
}

#[actix_web::test]
async fn auth_refusals_come_first_and_body_errors_after() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, token) = session(&app).await;
    let evil = ("Origin", "https://evil.example");
    let res = test::call_service(&app, form("/admin", &cookie, "text=x").insert_header(evil).to_request()).await;
    assert_eq!(res.status(), 401, "auth first");
    let res = test::call_service(&app, form("/comment", &cookie, "wrong=field").insert_header(evil).to_request()).await;
    assert_eq!(res.status(), 403, "before the body's 422");
    let res =
        test::call_service(&app, form("/comment", &cookie, &format!("wrong=field&_csrf={token}")).to_request()).await;
    assert_eq!(res.status(), 422, "with the token, the body is judged as before");
    let big = format!("_csrf={token}&text={}", "x".repeat(2 << 20));
    let res = test::call_service(&app, form("/comment", &cookie, &big).to_request()).await;
    assert_eq!(res.status(), 413);
}

#[actix_web::test]
async fn the_refusal_follows_the_tables_error_format() {
    let app = test::init_service(App::new().service(app().error_format(ErrorFormat::ProblemJson))).await;
    let (cookie, _) = session(&app).await;
    let res = test::call_service(
        &app,
        form("/comment", &cookie, "text=x").insert_header(("Origin", "https://evil.example")).to_request(),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers().get("content-type").unwrap(), "application/problem+json");
    let body: serde_json::Value = serde_json::from_str(&text(res).await).unwrap();
    assert_eq!(body["detail"], REFUSAL);
    assert_eq!(body["reason"], "csrf");
}

#[actix_web::test]
async fn signing_in_rotates_the_token() {
    let app = test::init_service(App::new().service(app())).await;
    let (cookie, token) = session(&app).await;
    let req = form("/login", &cookie, &format!("_csrf={token}"));
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), 200);
    let signed_in = cookies(&res);
    assert_ne!(signed_in, cookie);
    let res =
        test::call_service(&app, form("/comment", &signed_in, &format!("text=x&_csrf={token}")).to_request()).await;
    assert_eq!(res.status(), 403, "the token from before signing in is worth nothing after");
    let (_, fresh) = session_with_new_token(&app, &signed_in).await;
    let res = test::call_service(
        &app,
        form("/comment", &fresh, "text=x")
            .insert_header(("X-CSRF-Token", fresh_token(&app, &fresh).await))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
}

/// After a rotation the session has no token: the next page makes one (and sets the cookie).
async fn session_with_new_token<S>(app: &S, cookie: &str) -> (String, String)
where
    S: actix_web::dev::Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let res = test::call_service(
        app,
        TestRequest::get().uri("/form").insert_header(("Cookie", cookie.to_owned())).to_request(),
    )
    .await;
    let set = cookies(&res);
    assert!(set.starts_with("rook_session="), "a new token is written: {set}");
    (text(res).await, set)
}

async fn fresh_token<S>(app: &S, cookie: &str) -> String
where
    S: actix_web::dev::Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let res = test::call_service(
        app,
        TestRequest::get().uri("/form").insert_header(("Cookie", cookie.to_owned())).to_request(),
    )
    .await;
    text(res).await
}

#[actix_web::test]
async fn a_route_inside_middleware_is_refused_before_the_middleware_runs() {
    use actix_web::middleware::DefaultHeaders;
    let _ = rook::session::set_secret_key(&[9; 64]);
    let inner = route! {
        get "form", session csrf: CsrfToken => csrf.token(),
        post "wrapped", body: Body<Comment> => body.into_inner().text,
    }
    .wrap(|| DefaultHeaders::new().add(("X-Wrapped", "yes")));
    let app = test::init_service(App::new().service(route! { include "in" => inner })).await;
    let res = test::call_service(&app, TestRequest::get().uri("/in/form").to_request()).await;
    let cookie = cookies(&res);
    let token = text(res).await;
    let res = test::call_service(
        &app,
        form("/in/wrapped", &cookie, "text=x").insert_header(("Origin", "https://evil.example")).to_request(),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("x-wrapped").is_none(), "the refusal is the router's, outside the middleware");
    let res =
        test::call_service(&app, form("/in/wrapped", &cookie, &format!("text=inside&_csrf={token}")).to_request())
            .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("x-wrapped").unwrap(), "yes");
    assert_eq!(text(res).await, "inside");
}
