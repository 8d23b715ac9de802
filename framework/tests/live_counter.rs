//! The live counter example (examples/live_counter.rs) driven without a browser: the page,
//! clicks over the WebSocket and the bytes they cost, the same clicks as forms without
//! JavaScript, and what a live view refuses.

#[path = "support/ws.rs"]
mod support;
use support::recv;

// The example's links and `main` are not used here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/live_counter.rs"]
mod example;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};

use rook::prelude::*;
use serde::Deserialize;
use support::{Head, exchange, serve, tcp};
use tungstenite::Message;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::WebSocket as Client;

/// A view whose `update` panics on `Boom`.
#[derive(Clone, Default)]
struct Fragile {
    n: u32,
}

#[derive(serde::Serialize, Deserialize)]
enum Poke {
    Up,
    Boom,
    Set(SetN),
}

#[derive(serde::Serialize, Deserialize)]
struct SetN {
    n: u32,
}

impl LiveView for Fragile {
    type Event = Poke;

    fn render(&self) -> Html {
        html! {
            <p>{self.n}</p>
            <button on:click={Poke::Up}>"up"</button>
            <form on:submit={Poke::Set}><input name="n"/><button>"set"</button></form>
        }
    }

    fn update(&mut self, event: Poke) {
        match event {
            Poke::Up => self.n += 1,
            Poke::Boom => {
                self.n = 999;
                panic!("boom");
            }
            Poke::Set(SetN { n }) => self.n = n,
        }
    }
}

#[rook::routes]
fn fragile() -> Routes {
    route! { get | post "fragile", live: Live => live.view(Fragile::default()) }
}

/// A board every browser shares: its notes live outside any one view, and a topic tells the
/// views when they change.
static BOARD: std::sync::LazyLock<(std::sync::Mutex<Vec<String>>, rook::live::Topic)> =
    std::sync::LazyLock::new(Default::default);

#[derive(Clone, Default)]
struct Board;

#[derive(serde::Serialize, Deserialize)]
enum Pin {
    Note(Note),
}

#[derive(serde::Serialize, Deserialize)]
struct Note {
    text: String,
}

impl LiveView for Board {
    type Event = Pin;

    fn render(&self) -> Html {
        let notes = BOARD.0.lock().unwrap().clone();
        html! {
            <ul>@for (i, note) in notes.iter().enumerate() { <li key={i}>{note}</li> }</ul>
            <form on:submit={Pin::Note}><input name="text"/></form>
        }
    }

    fn update(&mut self, Pin::Note(note): Pin) {
        BOARD.0.lock().unwrap().push(note.text);
        BOARD.1.publish();
    }

    fn topics(&self) -> Vec<rook::live::Topic> {
        vec![BOARD.1.clone()]
    }
}

#[rook::routes]
fn board() -> Routes {
    route! { get | post "board", live: Live => live.view(Board) }
}

fn server() -> SocketAddr {
    serve(|config| {
        config.service(example::app().fallthrough()).service(fragile().fallthrough()).service(board());
    })
}

fn get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Head {
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    exchange(&mut tcp(addr), &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}\r\n"))
}

/// A form POST as a browser sends it from the live page: with the page's origin, which is how it
/// passes the router's CSRF check without the form's token (tests/live_csrf.rs posts with it).
fn post(addr: SocketAddr, path: &str, cookie: &str, media: &str, body: &str) -> Head {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\nContent-Type: {media}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    exchange(&mut tcp(addr), &request)
}

/// The cookies a fresh GET sets, as the browser sends them back: `rook-live=…` (the view's
/// state) and the session's (its CSRF token).
fn cookie_of(head: &Head) -> String {
    let set: Vec<&str> = head.headers.iter().filter(|(n, _)| n == "set-cookie").map(|(_, v)| v.as_str()).collect();
    assert!(set.iter().any(|c| c.starts_with("rook-live=")), "a fresh browser gets a cookie: {set:?}");
    for cookie in &set {
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    }
    set.iter().map(|c| c.split(';').next().unwrap()).collect::<Vec<_>>().join("; ")
}

fn socket(addr: SocketAddr, path: &str, cookie: &str) -> Client<TcpStream> {
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    request.headers_mut().insert("Cookie", cookie.parse().unwrap());
    let (client, response) = tungstenite::client(request, tcp(addr)).unwrap();
    assert_eq!(response.status(), 101);
    client
}

fn send(client: &mut Client<TcpStream>, text: &str) {
    client.send(Message::text(text)).unwrap();
}

fn close_code(client: &mut Client<TcpStream>) -> u16 {
    loop {
        match client.read() {
            Ok(Message::Close(frame)) => return frame.map_or(1005, |f| u16::from(f.code)),
            Ok(_) => {}
            Err(err) => panic!("no close frame: {err}"),
        }
    }
}

#[test]
fn the_page_works_without_javascript() {
    let addr = server();
    let page = get(addr, "/counter", None);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let cookie = cookie_of(&page);
    assert!(page.body.starts_with("<!DOCTYPE html>"), "{}", page.body);
    assert!(page.body.contains("<title>Counter</title>"));
    assert!(page.body.contains(r#"<script src="/_rook/live.js" defer></script>"#));
    assert!(page.body.contains(r#"<form id="rook-live" method="post"><input type="hidden" name="_csrf" value=""#));
    assert!(page.body.contains("<p>Count: <!--[-->0<!--]--></p>"), "{}", page.body);
    assert!(page.body.contains(r#"<button name="_e" value="Inc" form="rook-live">+</button>"#), "{}", page.body);

    // What the browser posts when the + button is clicked with scripts off.
    let answer = post(addr, "/counter", &cookie, "application/x-www-form-urlencoded", "_e=Inc");
    assert_eq!(answer.status, 303);
    assert_eq!(answer.header("location"), Some("/counter"));
    let again = post(addr, "/counter", &cookie, "application/x-www-form-urlencoded", "_e=Inc");
    assert_eq!(again.status, 303);
    let page = get(addr, "/counter", Some(&cookie));
    assert!(page.header("set-cookie").is_none(), "a known browser keeps its cookie");
    assert!(page.body.contains("<p>Count: <!--[-->2<!--]--></p>"), "{}", page.body);
    // Another browser has its own counter.
    assert!(get(addr, "/counter", None).body.contains("Count: <!--[-->0<!--]-->"));
}

#[test]
fn a_click_costs_at_most_32_bytes_on_the_socket() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    let mut ws = socket(addr, "/counter", &cookie);
    let join = recv(&mut ws);
    assert!(
        join.starts_with(r#"[0,{"0":"0","1":" value=\"Dec\"","2":" value=\"Inc\"","s":[0,"<p>Count: <!--[-->"#),
        "{join}"
    );

    let up = r#"[1,"Inc"]"#;
    send(&mut ws, up);
    let down = recv(&mut ws);
    assert_eq!(down, r#"[1,{"0":"1"}]"#);
    eprintln!(
        "counter click: up {} B + down {} B = {} B (join {} B)",
        up.len(),
        down.len(),
        up.len() + down.len(),
        join.len()
    );
    assert!(up.len() + down.len() <= 32);

    send(&mut ws, r#"[2,"Dec"]"#);
    assert_eq!(recv(&mut ws), r#"[2,{"0":"0"}]"#);
    // An event number seen before is not applied again.
    send(&mut ws, r#"[2,"Inc"]"#);
    send(&mut ws, r#"[3,"Inc"]"#);
    assert_eq!(recv(&mut ws), r#"[3,{"0":"1"}]"#);
    // The socket and the no-JS page share the state.
    assert!(get(addr, "/counter", Some(&cookie)).body.contains("Count: <!--[-->1<!--]-->"));
    ws.close(None).unwrap();
}

#[test]
fn a_tab_resumes_across_connections_and_no_event_applies_twice() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    let mut ws = socket(addr, "/counter?_t=tab1", &cookie);
    assert!(recv(&mut ws).ends_with(",0]"), "the join says no event of this tab was applied yet");
    send(&mut ws, r#"[1,"Inc"]"#);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"1"},1]"#, "a resuming client's patches acknowledge its event");
    send(&mut ws, r#"[2,"Inc"]"#);
    assert_eq!(recv(&mut ws), r#"[2,{"0":"2"},2]"#);
    // The connection drops, and the client never saw that acknowledgement of event 2.
    drop(ws);
    let mut ws = socket(addr, "/counter?_t=tab1", &cookie);
    let join = recv(&mut ws);
    assert!(join.starts_with(r#"[0,{"0":"2""#) && join.ends_with(",2]"), "{join}");
    // The client sends again what it had not seen acknowledged, and its next event.
    send(&mut ws, r#"[2,"Inc"]"#);
    send(&mut ws, r#"[3,"Dec"]"#);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"1"},3]"#, "event 2 was not applied twice");
    // Another tab of the same browser counts its own events, on the same state.
    let mut other = socket(addr, "/counter?_t=tab2", &cookie);
    assert!(recv(&mut other).ends_with(",0]"));
    send(&mut other, r#"[1,"Inc"]"#);
    assert_eq!(recv(&mut other), r#"[1,{"0":"2"},1]"#);
    // A tab id that is not 1-32 letters, digits, - or _ is no tab id.
    let mut plain = socket(addr, "/counter?_t=%3Cx%3E", &cookie);
    assert!(recv(&mut plain).starts_with(r#"[0,{"0":"2""#));
    send(&mut plain, r#"[1,"Inc"]"#);
    assert_eq!(recv(&mut plain), r#"[1,{"0":"3"}]"#);
}

/// The tab id and tree a page carries for its client to adopt.
fn adoption(page: &Head) -> (String, serde_json::Value) {
    let start =
        page.body.find(r#"<script type="application/json" id="rook-live-state">"#).expect("the page carries its tree");
    let json = &page.body[start..].split_once('>').unwrap().1.split_once("</script>").unwrap().0;
    assert!(!json.contains('<'), "nothing in it can end the script: {json}");
    let state: serde_json::Value = serde_json::from_str(json).unwrap();
    (state["t"].as_str().unwrap().to_owned(), state["m"].clone())
}

#[test]
fn the_join_after_the_page_adopts_its_session() {
    let addr = server();
    let page = get(addr, "/counter", None);
    let cookie = cookie_of(&page);
    let (tab, tree) = adoption(&page);
    assert_eq!(tree["0"], "0");
    assert!(tree["s"][1].as_str().unwrap().starts_with("<p>Count: <!--[-->"), "{tree}");
    let mut ws = socket(addr, &format!("/counter?_t={tab}&_s=0"), &cookie);
    let join = recv(&mut ws);
    eprintln!("join after the page: {join} ({} B)", join.len());
    assert_eq!(join, "[0,null,0]");
    send(&mut ws, r#"[1,"Inc"]"#);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"1"},1]"#);
    // A page whose state moved before its socket opened gets the patch at once.
    let page = get(addr, "/counter", Some(&cookie));
    let (tab, _) = adoption(&page);
    assert_eq!(post(addr, "/counter", &cookie, "application/x-www-form-urlencoded", "_e=Inc").status, 303);
    let mut ws = socket(addr, &format!("/counter?_t={tab}&_s=0"), &cookie);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"2"},0]"#);
}

/// Closes `ws` and waits until the server has seen it go (and parked the session).
fn hang_up(mut ws: Client<TcpStream>) {
    ws.close(None).unwrap();
    while ws.read().is_ok() {}
    std::thread::sleep(std::time::Duration::from_millis(200));
}

#[test]
fn a_reconnecting_tab_gets_only_what_it_missed() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    let mut ws = socket(addr, "/counter?_t=p1", &cookie);
    recv(&mut ws);
    send(&mut ws, r#"[1,"Inc"]"#);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"1"},1]"#);
    hang_up(ws);
    // While the tab is away, the state changes (here by a form post).
    assert_eq!(post(addr, "/counter", &cookie, "application/x-www-form-urlencoded", "_e=Inc").status, 303);
    let mut ws = socket(addr, "/counter?_t=p1&_s=1", &cookie);
    assert_eq!(recv(&mut ws), r#"[2,{"0":"2"},1]"#, "the parked session resumes: a patch, no statics");
    hang_up(ws);
    let mut ws = socket(addr, "/counter?_t=p1&_s=2", &cookie);
    assert_eq!(recv(&mut ws), "[2,null,1]", "nothing changed");
    send(&mut ws, r#"[2,"Dec"]"#);
    assert_eq!(recv(&mut ws), r#"[3,{"0":"1"},2]"#);
    hang_up(ws);
    // A client that holds something else (or was away too long) gets the whole tree.
    let mut ws = socket(addr, "/counter?_t=p1&_s=7", &cookie);
    assert!(recv(&mut ws).starts_with(r#"[0,{"0":"1","#));
}

#[test]
fn bad_events_close_the_socket_with_1008() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    for bad in [r#"[1,"Explode"]"#, r#"{"e":"Inc"}"#, "not json", r#"[-1,"Inc"]"#, r#"[1,{"Inc":null}]"#] {
        let mut ws = socket(addr, "/counter", &cookie);
        recv(&mut ws);
        send(&mut ws, bad);
        assert_eq!(close_code(&mut ws), 1008, "{bad}");
    }
    let mut ws = socket(addr, "/counter", &cookie);
    recv(&mut ws);
    send(&mut ws, &format!(r#"[1,"{}"]"#, "x".repeat(20_000)));
    assert_eq!(close_code(&mut ws), 1009);
}

#[test]
fn a_flood_of_events_is_closed_with_1008() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    let mut ws = socket(addr, "/counter", &cookie);
    recv(&mut ws);
    for seq in 1..=300 {
        if ws.send(Message::text(format!(r#"[{seq},"Inc"]"#))).is_err() {
            break;
        }
    }
    let mut patches = 0;
    let code = loop {
        match ws.read() {
            Ok(Message::Text(_)) => patches += 1,
            Ok(Message::Close(frame)) => break frame.map_or(1005, |f| u16::from(f.code)),
            Ok(_) => {}
            Err(err) => panic!("no close frame: {err}"),
        }
    };
    assert_eq!(code, 1008);
    assert!((100..300).contains(&patches), "the burst is served, then the flood is cut: {patches}");
}

#[test]
fn a_publication_updates_every_view_of_the_topic() {
    let addr = server();
    let (alice, bob) = (cookie_of(&get(addr, "/board", None)), cookie_of(&get(addr, "/board", None)));
    assert_ne!(alice, bob, "two browsers");
    let mut a = socket(addr, "/board", &alice);
    let mut b = socket(addr, "/board", &bob);
    recv(&mut a);
    recv(&mut b);
    for _ in 0..100 {
        if BOARD.1.subscribers() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    send(&mut a, r#"[1,"Note","text=hello"]"#);
    assert_eq!(recv(&mut a), r#"[1,{"0":{"k":[["hello"]]}}]"#, "Alice's own event");
    assert_eq!(recv(&mut b), r#"[1,{"0":{"k":[["hello"]]}}]"#, "Bob sees it through the topic");
    send(&mut b, r#"[1,"Note","text=hi"]"#);
    assert_eq!(recv(&mut b), r#"[2,{"0":{"k":[0,["hi"]]}}]"#);
    assert_eq!(recv(&mut a), r#"[2,{"0":{"k":[0,["hi"]]}}]"#);
    // The form without JavaScript publishes too.
    let form = "application/x-www-form-urlencoded";
    assert_eq!(post(addr, "/board", &alice, form, "_e=Note&text=bye").status, 303);
    assert_eq!(recv(&mut a), r#"[3,{"0":{"k":[[0,2],["bye"]]}}]"#);
    assert_eq!(recv(&mut b), r#"[3,{"0":{"k":[[0,2],["bye"]]}}]"#);
}

#[test]
fn bad_event_forms_are_refused() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/counter", None));
    let form = "application/x-www-form-urlencoded";
    assert_eq!(post(addr, "/counter", &cookie, form, "_e=Explode").status, 400);
    assert_eq!(post(addr, "/counter", &cookie, form, "other=1").status, 400);
    assert_eq!(post(addr, "/counter", &cookie, form, "_e=%7B%22Inc%22").status, 400);
    assert_eq!(post(addr, "/counter", &cookie, "application/json", r#"{"_e":"Inc"}"#).status, 415);
    let big = format!("_e=Inc&pad={}", "x".repeat(20_000));
    assert_eq!(post(addr, "/counter", &cookie, form, &big).status, 413);
    assert!(get(addr, "/counter", Some(&cookie)).body.contains("Count: <!--[-->0<!--]-->"), "nothing was applied");
}

#[test]
fn a_panic_in_update_keeps_the_last_good_state() {
    let addr = server();
    let cookie = cookie_of(&get(addr, "/fragile", None));
    let mut ws = socket(addr, "/fragile", &cookie);
    recv(&mut ws);
    send(&mut ws, r#"[1,"Up"]"#);
    assert_eq!(recv(&mut ws), r#"[1,{"0":"1"}]"#);
    send(&mut ws, r#"[2,"Boom"]"#);
    send(&mut ws, r#"[3,"Up"]"#);
    assert_eq!(recv(&mut ws), r#"[2,{"0":"2"}]"#, "Boom changed nothing, and the socket lives on");
    // A form's fields are the variant's data, over the socket and as a POST.
    send(&mut ws, r#"[4,"Set","n=40"]"#);
    assert_eq!(recv(&mut ws), r#"[3,{"0":"40"}]"#);
    ws.close(None).unwrap();
    let form = "application/x-www-form-urlencoded";
    assert_eq!(post(addr, "/fragile", &cookie, form, "_e=Boom").status, 500);
    assert_eq!(post(addr, "/fragile", &cookie, form, "_e=Set&n=7").status, 303);
    assert_eq!(post(addr, "/fragile", &cookie, form, "_e=Set&n=seven").status, 400);
    let page = get(addr, "/fragile", Some(&cookie));
    assert!(page.body.contains("<p><!--[-->7<!--]--></p>"), "{}", page.body);
    assert!(
        page.body.contains(r#"<form method="post"><input type="hidden" name="_csrf" value=""#)
            && page.body.contains(r#""><input type="hidden" name="_e" value="Set"><input name="n">"#),
        "{}",
        page.body
    );
}

#[test]
fn the_client_is_served_and_small() {
    let addr = server();
    let script = get(addr, "/_rook/live.js", None);
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(script.body, rook::live::SCRIPT);
    let mut gzip = std::process::Command::new("gzip")
        .arg("-9c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    gzip.stdin.take().unwrap().write_all(rook::live::SCRIPT.as_bytes()).unwrap();
    let compressed = gzip.wait_with_output().unwrap().stdout.len();
    eprintln!("live.js: {} B, {compressed} B gzip -9", rook::live::SCRIPT.len());
    assert!(compressed > 100 && compressed <= 4096, "{compressed}");
}

#[test]
fn live_test_drives_a_view_without_a_server() {
    use rook::live::LiveTest;

    let mut counter = LiveTest::new(example::Counter::default()).unwrap();
    assert!(counter.html().contains("<p>Count: 0</p>"), "{}", counter.html());
    counter.click("+").unwrap();
    counter.click("+").unwrap();
    counter.click("−").unwrap();
    assert!(counter.html().contains("<p>Count: 1</p>"));
    assert_eq!(counter.last_event(), r#"[3,"Dec"]"#);
    assert_eq!(counter.last_message(), Some(r#"[3,{"0":"1"}]"#));
    assert!(counter.click("×").is_err(), "no such button");

    let mut fragile = LiveTest::new(Fragile::default()).unwrap();
    fragile.submit("Set", &[("n", "5")]).unwrap();
    assert_eq!(fragile.last_event(), r#"[1,"Set","n=5"]"#);
    fragile.click("up").unwrap();
    assert!(fragile.html().starts_with("<p>6</p>"), "{}", fragile.html());
    let err = fragile.event("Boom", "").unwrap_err();
    assert!(err.to_string().contains("panicked"), "{err}");
    assert_eq!(fragile.view().n, 6);
    assert!(fragile.submit("Set", &[("n", "x")]).is_err(), "fields that do not fit");
    assert!(fragile.submit("Other", &[]).is_err(), "no such form");
}
