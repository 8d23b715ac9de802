//! Redirects and `Location`s: statuses, and targets that must not leave the origin or split
//! the header.

mod body_common;

use actix_web::{App, web};
use body_common::{exchange, render, serve};
use rook::{created, redirect, redirect_permanent, see_other};

#[actix_web::test]
async fn redirect_statuses() {
    for (response, status) in
        [(redirect("/new"), 307), (redirect_permanent("/new"), 308), (see_other("/new"), 303), (created("/new"), 201)]
    {
        let res = render(response, None).await;
        assert_eq!((res.status, res.one("location")), (status, Some("/new")));
    }
}

#[actix_web::test]
async fn targets_are_kept_as_given() {
    for target in ["/a/b?c=d&e=f#g", "https://example.com/path", "relative/path", "/", "?page=2"] {
        let res = render(redirect(target), None).await;
        assert_eq!(res.one("location"), Some(target));
    }
    let owned: String = "/built/".to_owned() + "target";
    assert_eq!(render(see_other(&owned), None).await.one("location"), Some("/built/target"));
}

#[actix_web::test]
async fn control_characters_are_refused_with_400() {
    for target in ["/a\r\nSet-Cookie: session=stolen", "/a\rb", "/a\nb", "/a\0b", "/\t/evil.example"] {
        for response in [redirect(target), redirect_permanent(target), see_other(target), created(target)] {
            let res = render(response.status(302).header("X-Other", "1"), None).await;
            assert_eq!(res.status, 400, "{target:?}");
            assert!(res.one("location").is_none() && res.one("set-cookie").is_none() && res.one("x-other").is_none());
            assert!(res.text().starts_with("redirect target contains a control character"), "{}", res.text());
        }
    }
}

#[actix_web::test]
async fn scheme_relative_targets_stay_on_the_origin() {
    for (target, sent) in [
        ("//evil.example/x", "/evil.example/x"),
        ("/\\evil.example", "/evil.example"),
        ("\\\\evil.example", "/evil.example"),
        ("///evil.example", "/evil.example"),
        ("/\\/\\evil.example", "/evil.example"),
        ("  //evil.example", "/evil.example"),
    ] {
        assert_eq!(render(redirect(target), None).await.one("location"), Some(sent), "{target:?}");
    }
}

#[actix_web::test]
async fn non_ascii_targets_are_percent_encoded() {
    assert_eq!(render(redirect("/città?q=é"), None).await.one("location"), Some("/citt%C3%A0?q=%C3%A9"));
}

#[actix_web::test]
async fn redirects_take_content() {
    let res = render(see_other("/done").content("text/plain", "see /done"), None).await;
    assert_eq!((res.status, res.one("location"), res.text()), (303, Some("/done"), "see /done"));
}

#[::core::prelude::v1::test]
fn nothing_reaches_the_wire_for_a_refused_target() {
    let addr = serve(|| {
        App::new().route(
            "/go",
            web::get().to(|q: web::Query<std::collections::HashMap<String, String>>| async move {
                redirect(q.get("to").cloned().unwrap_or_default())
            }),
        )
    });
    let res = exchange(addr, b"GET /go?to=%2Fok%0D%0ASet-Cookie:%20a=b HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    assert_eq!(res.status, 400);
    assert!(!res.head.to_ascii_lowercase().contains("set-cookie"), "{}", res.head);
    assert!(!res.head.to_ascii_lowercase().contains("location"), "{}", res.head);
    let res = exchange(addr, b"GET /go?to=%2F%2Fevil.example HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    assert_eq!(res.status, 307);
    assert!(res.head.contains("location: /evil.example\r\n"), "{}", res.head);
}
