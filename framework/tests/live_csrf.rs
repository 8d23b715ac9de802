//! The live page's forms carry the session's CSRF token, so that a no-JavaScript POST passes
//! the router's CSRF check without `Origin` or `Sec-Fetch-Site`; a forged one is refused (403).

#[path = "support/ws.rs"]
mod support;

// The example's links and `main` are not used here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/live_counter.rs"]
mod example;

use std::net::SocketAddr;

use rook::prelude::*;
use serde::{Deserialize, Serialize};
use support::{Head, exchange, serve, tcp};

/// A view with an `on:submit` form whose fields are decoded strictly: a `_csrf` field reaching
/// the event would be refused (400).
#[derive(Clone, Default)]
struct Named {
    name: String,
}

#[derive(Serialize, Deserialize)]
enum Rename {
    Set(NameForm),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameForm {
    name: String,
}

impl LiveView for Named {
    type Event = Rename;

    fn render(&self) -> Html {
        html! {
            <p>"Name: " {&self.name}</p>
            <form on:submit={Rename::Set}><input name="name"/><button>"Set"</button></form>
        }
    }

    fn update(&mut self, Rename::Set(form): Rename) {
        self.name = form.name;
    }
}

#[rook::routes]
fn named() -> Routes {
    route! { get | post "named", live: Live => live.view(Named::default()) }
}

fn server() -> SocketAddr {
    serve(|config| {
        config.service(example::app().fallthrough()).service(named());
    })
}

fn get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Head {
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    exchange(&mut tcp(addr), &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}\r\n"))
}

/// The cookies a fresh GET sets, as the browser sends them back.
fn cookies(head: &Head) -> String {
    let set: Vec<&str> =
        head.headers.iter().filter(|(n, _)| n == "set-cookie").map(|(_, v)| v.split(';').next().unwrap()).collect();
    set.join("; ")
}

/// The values of the page's `_csrf` fields.
fn tokens(page: &str) -> Vec<String> {
    page.split(r#"<input type="hidden" name="_csrf" value=""#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// A form POST as a browser that sends neither `Origin` nor `Sec-Fetch-Site` does, with
/// `extra` header lines.
fn post(addr: SocketAddr, path: &str, cookie: &str, body: &str, extra: &str) -> Head {
    exchange(
        &mut tcp(addr),
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n{extra}\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn the_click_form_carries_the_token_and_a_post_without_origin_passes() {
    let addr = server();
    let page = get(addr, "/counter", None);
    let cookie = cookies(&page);
    assert!(cookie.contains("rook-live=") && cookie.contains("rook_session="), "{cookie}");
    let found = tokens(&page.body);
    assert_eq!(found.len(), 1, "{}", page.body);
    assert!(
        page.body.contains(&format!(
            r#"<form id="rook-live" method="post"><input type="hidden" name="_csrf" value="{}"></form>"#,
            found[0]
        )),
        "{}",
        page.body
    );
    let state = page.body.split(r#"id="rook-live-state">"#).nth(1).unwrap();
    assert!(!state.contains("_csrf"), "the tree the client adopts has no token: {state}");

    let answer = post(addr, "/counter", &cookie, &format!("_csrf={}&_e=Inc", found[0]), "");
    assert_eq!(answer.status, 303, "{}", answer.body);
    let page = get(addr, "/counter", Some(&cookie));
    assert!(page.header("set-cookie").is_none(), "a known browser keeps its cookies");
    assert!(page.body.contains("Count: <!--[-->1<!--]-->"), "{}", page.body);
    // Each page masks the same token anew.
    let again = tokens(&page.body);
    assert_ne!(again, found);
    assert_eq!(post(addr, "/counter", &cookie, &format!("_e=Inc&_csrf={}", again[0]), "").status, 303);
    assert!(get(addr, "/counter", Some(&cookie)).body.contains("Count: <!--[-->2<!--]-->"));
}

#[test]
fn forged_posts_are_refused() {
    let addr = server();
    let page = get(addr, "/counter", None);
    let cookie = cookies(&page);
    let token = tokens(&page.body).remove(0);
    // No token, no Origin: refused.
    assert_eq!(post(addr, "/counter", &cookie, "_e=Inc", "").status, 403);
    // Another site's page, no token: refused.
    assert_eq!(post(addr, "/counter", &cookie, "_e=Inc", "Origin: https://evil.example\r\n").status, 403);
    // Another browser's token: refused.
    let other = tokens(&get(addr, "/counter", None).body).remove(0);
    assert_eq!(post(addr, "/counter", &cookie, &format!("_csrf={other}&_e=Inc"), "").status, 403);
    // A token that is not one.
    assert_eq!(post(addr, "/counter", &cookie, &format!("_csrf={}&_e=Inc", "0".repeat(128)), "").status, 403);
    assert!(get(addr, "/counter", Some(&cookie)).body.contains("Count: <!--[-->0<!--]-->"), "nothing was applied");
    // The page's own token from another site's page is still the session's token: it passes,
    // as the router's check says (a forger cannot read it).
    let answer = post(addr, "/counter", &cookie, &format!("_csrf={token}&_e=Inc"), "Origin: https://evil.example\r\n");
    assert_eq!(answer.status, 303);
}

#[test]
fn a_submit_form_carries_the_token_and_the_event_does_not_see_it() {
    let addr = server();
    let page = get(addr, "/named", None);
    let cookie = cookies(&page);
    let found = tokens(&page.body);
    assert_eq!(found.len(), 2, "the click form and the submit form: {}", page.body);
    assert!(
        page.body.contains(&format!(
            r#"<input type="hidden" name="_csrf" value="{}"><input type="hidden" name="_e" value="Set">"#,
            found[1]
        )),
        "{}",
        page.body
    );
    // What the browser posts from that form, scripts off.
    let answer = post(addr, "/named", &cookie, &format!("_csrf={}&_e=Set&name=Ada", found[1]), "");
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(get(addr, "/named", Some(&cookie)).body.contains("Name: <!--[-->Ada<!--]-->"));
    assert_eq!(post(addr, "/named", &cookie, "_e=Set&name=Eve", "").status, 403);
}
