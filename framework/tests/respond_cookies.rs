//! `.cookie(..)`: `Set-Cookie` headers on any response.

mod body_common;

use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};
use body_common::render;
use rook::{content, not_found, see_other};

#[actix_web::test]
async fn a_cookie_becomes_set_cookie() {
    let res = render(content("text/plain", "hi").cookie(Cookie::new("session", "abc123")), None).await;
    assert_eq!(res.all("set-cookie"), ["session=abc123"]);
    assert_eq!(res.text(), "hi");
}

#[actix_web::test]
async fn attributes_are_kept() {
    let cookie = Cookie::build("session", "abc")
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(Duration::hours(1))
        .finish();
    let res = render(see_other("/home").cookie(cookie), None).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.all("set-cookie"), ["session=abc; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=3600"]);
}

#[actix_web::test]
async fn several_cookies_are_several_headers() {
    let res = render(
        not_found().cookie(Cookie::new("a", "1")).cookie(Cookie::new("b", "2")).header("Set-Cookie", "c=3"),
        None,
    )
    .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.all("set-cookie"), ["a=1", "b=2", "c=3"]);
}

#[actix_web::test]
async fn a_removal_cookie_expires() {
    let mut cookie = Cookie::new("session", "");
    cookie.make_removal();
    let res = render(content("text/plain", "bye").cookie(cookie), None).await;
    let header = res.one("set-cookie").unwrap();
    assert!(header.starts_with("session=; Max-Age=0; Expires="), "{header}");
}

#[actix_web::test]
async fn a_cookie_that_would_split_the_header_is_500() {
    let res = render(content("text/plain", "x").cookie(Cookie::new("a", "1\r\nX-Injected: 1")), None).await;
    assert_eq!(res.status, 500);
    assert!(res.one("set-cookie").is_none() && res.one("x-injected").is_none());
}
