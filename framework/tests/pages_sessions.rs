//! Sessions (docs/sessions.md): `session s: Session<T>`, `Flash`, rotation, clearing, the 4 KiB limit,
//! and what a tampered, expired or undecodable cookie is (an empty session, never an error).

use std::time::Duration;

use actix_web::dev::ServiceResponse;
use actix_web::test::{self, TestRequest};
use actix_web::{App, http::StatusCode};
use rook::prelude::*;
use rook::{FlashLevel, SessionConfig};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Default, Debug)]
struct Visit {
    count: u32,
    user: Option<String>,
    notes: Vec<String>,
}

/// The log lines of this test binary, for the ones a test must see.
static LINES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        LINES.lock().unwrap().push(format!("{} {}", record.level(), record.args()));
    }

    fn flush(&self) {}
}

fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        log::set_logger(&Capture).unwrap();
        log::set_max_level(log::LevelFilter::Info);
    });
}

fn key() {
    // One key for the whole test binary (the first test to run sets it).
    let _ = rook::session::set_secret_key(&[42; 64]);
}

fn app() -> Routes {
    key();
    route! {
        get "count", session s: Session<Visit> => {
            let mut s = s;
            s.count += 1;
            format!("visit {} user {:?}", s.count, s.user)
        },
        get "peek", session s: Session<Visit> => format!("visit {} user {:?}", s.count, s.user),
        post "login" / name: String, session s: Session<Visit> => {
            let mut s = s;
            s.user = Some(name);
            s.rotate();
            see_other("/count")
        },
        post "logout", session s: Session<Visit> => {
            let mut s = s;
            s.clear();
            see_other("/count")
        },
        post "note" / size: usize, session s: Session<Visit> => {
            let mut s = s;
            s.notes.push("x".repeat(size));
            "noted"
        },
        post "save", session flash: Flash => {
            flash.set(FlashLevel::Success, "Saved.");
            see_other("/flash")
        },
        get "flash", session flash: Flash => {
            let lines: Vec<String> = flash.messages().into_iter().map(|m| format!("{}: {}", m.level, m.text)).collect();
            format!("[{}]", lines.join(", "))
        },
        get "plain" => "no session here",
    }
}

/// The `Set-Cookie` headers of a response.
fn set_cookies(res: &ServiceResponse) -> Vec<String> {
    res.headers().get_all("set-cookie").map(|v| v.to_str().unwrap().to_owned()).collect()
}

/// The `name=value` of the session cookie a response sets.
fn session_cookie(res: &ServiceResponse) -> Option<String> {
    set_cookies(res)
        .into_iter()
        .find(|c| c.starts_with("rook_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

async fn body(res: ServiceResponse) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
}

fn get(uri: &str, cookie: Option<&str>) -> TestRequest {
    let req = TestRequest::get().uri(uri);
    match cookie {
        Some(c) => req.insert_header(("Cookie", c.to_owned())),
        None => req,
    }
}

#[actix_web::test]
async fn a_session_survives_between_requests_with_the_default_attributes() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, get("/count", None).to_request()).await;
    assert_eq!(res.status(), 200);
    let set = set_cookies(&res);
    assert_eq!(set.len(), 1, "{set:?}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1209600"] {
        assert!(set[0].contains(attribute), "{attribute} missing in {}", set[0]);
    }
    assert!(!set[0].contains("Secure"), "plain HTTP: no Secure in {}", set[0]);
    let cookie = session_cookie(&res).unwrap();
    assert_eq!(body(res).await, "visit 1 user None");
    let res = test::call_service(&app, get("/count", Some(&cookie)).to_request()).await;
    assert_eq!(body(res).await, "visit 2 user None");
    // The value is sealed: the data is not readable in it.
    assert!(!cookie.contains("count"), "{cookie}");
}

#[actix_web::test]
async fn over_tls_the_cookie_is_secure() {
    let app = test::init_service(App::new().service(app())).await;
    let req = get("/count", None).insert_header(("X-Forwarded-Proto", "https")).to_request();
    let res = test::call_service(&app, req).await;
    assert!(set_cookies(&res)[0].contains("Secure"), "{:?}", set_cookies(&res));
}

#[actix_web::test]
async fn reading_without_changing_sets_no_cookie_and_routes_without_sessions_none_either() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, get("/count", None).to_request()).await;
    let cookie = session_cookie(&res).unwrap();
    let res = test::call_service(&app, get("/peek", Some(&cookie)).to_request()).await;
    assert!(set_cookies(&res).is_empty(), "{:?}", set_cookies(&res));
    assert_eq!(body(res).await, "visit 1 user None");
    let res = test::call_service(&app, get("/plain", Some(&cookie)).to_request()).await;
    assert!(set_cookies(&res).is_empty());
    let res = test::call_service(&app, get("/peek", None).to_request()).await;
    assert!(set_cookies(&res).is_empty(), "an empty session that stays empty sets nothing");
}

#[actix_web::test]
async fn a_tampered_or_foreign_cookie_is_an_empty_session() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, get("/count", None).to_request()).await;
    let cookie = session_cookie(&res).unwrap();
    let res = test::call_service(&app, get("/count", Some(&cookie)).to_request()).await;
    assert_eq!(body(res).await, "visit 2 user None");
    // Flip one character of the sealed value.
    let (name, value) = cookie.split_once('=').unwrap();
    let mut bytes = value.as_bytes().to_vec();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let tampered = format!("{name}={}", String::from_utf8(bytes).unwrap());
    for bad in [tampered.as_str(), "rook_session=not-sealed-at-all", "rook_session=", "rook_session=%FF%00"] {
        let res = test::call_service(&app, get("/count", Some(bad)).to_request()).await;
        assert_eq!(res.status(), 200, "{bad}");
        assert_eq!(body(res).await, "visit 1 user None", "{bad}");
    }
}

#[actix_web::test]
async fn an_expired_session_is_empty() {
    key();
    let routes = route! {
        get "count", session s: Session<Visit> => {
            let mut s = s;
            s.count += 1;
            format!("visit {}", s.count)
        },
    }
    .app_data(SessionConfig::default().max_age(Duration::from_secs(1)));
    let app = test::init_service(App::new().service(routes)).await;
    let res = test::call_service(&app, get("/count", None).to_request()).await;
    let cookie = session_cookie(&res).unwrap();
    assert!(set_cookies(&res)[0].contains("Max-Age=1"));
    let res = test::call_service(&app, get("/count", Some(&cookie)).to_request()).await;
    assert_eq!(body(res).await, "visit 2");
    std::thread::sleep(Duration::from_millis(2100));
    let res = test::call_service(&app, get("/count", Some(&cookie)).to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(body(res).await, "visit 1", "a client that keeps an expired cookie gets an empty session");
}

#[actix_web::test]
async fn data_that_no_longer_fits_its_type_is_an_empty_session() {
    key();
    #[derive(Serialize, Deserialize, Default)]
    struct Other {
        count: String,
    }
    let routes = route! {
        get "write", session s: Session<Other> => {
            let mut s = s;
            s.count = "not a number".into();
            "written"
        },
        get "count", session s: Session<Visit> => format!("visit {}", s.count),
    };
    let app = test::init_service(App::new().service(routes)).await;
    let res = test::call_service(&app, get("/write", None).to_request()).await;
    let cookie = session_cookie(&res).unwrap();
    let res = test::call_service(&app, get("/count", Some(&cookie)).to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(body(res).await, "visit 0");
}

#[actix_web::test]
async fn a_session_over_4_kib_is_a_500_and_the_old_cookie_stays() {
    capture_logs();
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, TestRequest::post().uri("/note/100").to_request()).await;
    assert_eq!(res.status(), 200);
    let cookie = session_cookie(&res).unwrap();
    let res = test::call_service(
        &app,
        TestRequest::post().uri("/note/5000").insert_header(("Cookie", cookie.clone())).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(set_cookies(&res).is_empty(), "the old cookie stays: {:?}", set_cookies(&res));
    assert_eq!(body(res).await, "internal server error");
    let lines = LINES.lock().unwrap().clone();
    let line = lines.iter().find(|l| l.contains("/note/5000")).expect("a log line for the oversized session");
    assert!(line.starts_with("ERROR POST /note/5000: the session cookie \"rook_session\" would take "), "{line}");
    assert!(line.contains("over the 4096-byte cookie limit: answering 500 and leaving the old cookie"), "{line}");
    // Just under the limit still fits: the limit is the cookie's, not a smaller one.
    let res = test::call_service(
        &app,
        TestRequest::post().uri("/note/2500").insert_header(("Cookie", cookie.clone())).to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let grown = session_cookie(&res).unwrap();
    assert!(grown.len() > 3000 && grown.len() <= 4096, "{}", grown.len());
    // The old cookie still holds the old session.
    let res = test::call_service(&app, get("/peek", Some(&cookie)).to_request()).await;
    assert_eq!(body(res).await, "visit 0 user None");
}

#[actix_web::test]
async fn login_rotates_the_session_and_logout_removes_the_cookie() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, get("/count", None).to_request()).await;
    let before = session_cookie(&res).unwrap();
    let res = test::call_service(
        &app,
        TestRequest::post().uri("/login/ada").insert_header(("Cookie", before.clone())).to_request(),
    )
    .await;
    assert_eq!(res.status(), 303);
    let after = session_cookie(&res).unwrap();
    assert_ne!(before, after, "rotation gives a new cookie");
    let res = test::call_service(&app, get("/count", Some(&after)).to_request()).await;
    assert_eq!(body(res).await, "visit 2 user Some(\"ada\")", "rotation keeps the data");
    let res = test::call_service(
        &app,
        TestRequest::post().uri("/logout").insert_header(("Cookie", after.clone())).to_request(),
    )
    .await;
    assert_eq!(res.status(), 303);
    let set = set_cookies(&res);
    assert_eq!(set.len(), 1);
    assert!(set[0].starts_with("rook_session=;") && set[0].contains("Max-Age=0"), "{}", set[0]);
}

#[actix_web::test]
async fn a_flash_message_is_shown_once_after_the_303() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, TestRequest::post().uri("/save").to_request()).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers().get("location").unwrap(), "/flash");
    let cookie = session_cookie(&res).unwrap();
    let res = test::call_service(&app, get("/flash", Some(&cookie)).to_request()).await;
    // Reading takes the message out: the session is now empty, so the cookie goes.
    let set = set_cookies(&res);
    assert!(set[0].contains("Max-Age=0"), "{set:?}");
    assert_eq!(body(res).await, "[success: Saved.]");
    // A browser that kept the old cookie anyway (the removal got lost) would see it again;
    // one that follows the removal sees nothing.
    let res = test::call_service(&app, get("/flash", None).to_request()).await;
    assert_eq!(body(res).await, "[]");
}
