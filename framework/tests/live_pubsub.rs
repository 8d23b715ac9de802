//! Publications to many live views: views that share a render key render once per
//! publication and their clients get the very same patch bytes (views without a key render
//! each for itself); and a `ChatRoom` as a topic: a live view shows what the room's WebSocket
//! members say, and what it says reaches them.

#[path = "support/ws.rs"]
mod support;
use support::recv;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use rook::ChatRoom;
use rook::live::Topic;
use rook::prelude::*;
use serde::{Deserialize, Serialize};
use support::{exchange, serve_on, tcp};
use tungstenite::Message;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::WebSocket as Client;

/// How many browsers watch the board.
const VIEWERS: usize = 24;

/// A scoreboard every browser shows: its score lives outside the views.
static SCORE: LazyLock<(Mutex<u64>, Topic)> = LazyLock::new(Default::default);
/// The renders of [`Shared`] and [`Own`] views.
static SHARED_RENDERS: AtomicUsize = AtomicUsize::new(0);
static OWN_RENDERS: AtomicUsize = AtomicUsize::new(0);

#[derive(Serialize, Deserialize)]
enum Nothing {}

/// Shows the score, and says so: every view of it renders alike.
#[derive(Clone, Default)]
struct Shared;

impl LiveView for Shared {
    type Event = Nothing;

    fn render(&self) -> Html {
        SHARED_RENDERS.fetch_add(1, Ordering::SeqCst);
        let score = *SCORE.0.lock().unwrap();
        html! { <p>"Score: " {score}</p> <ul>@for n in 0..score { <li key={n}>{n}</li> }</ul> }
    }

    fn update(&mut self, event: Nothing) {
        match event {}
    }

    fn topics(&self) -> Vec<Topic> {
        vec![SCORE.1.clone()]
    }

    fn render_key(&self) -> Option<u64> {
        Some(0)
    }
}

/// Shows the score too, but renders for itself.
#[derive(Clone, Default)]
struct Own;

impl LiveView for Own {
    type Event = Nothing;

    fn render(&self) -> Html {
        OWN_RENDERS.fetch_add(1, Ordering::SeqCst);
        let score = *SCORE.0.lock().unwrap();
        html! { <p>"Score: " {score}</p> <ul>@for n in 0..score { <li key={n}>{n}</li> }</ul> }
    }

    fn update(&mut self, event: Nothing) {
        match event {}
    }

    fn topics(&self) -> Vec<Topic> {
        vec![SCORE.1.clone()]
    }
}

/// A live view of a chat room: its latest lines, and a form to say something.
#[derive(Clone)]
struct Room(ChatRoom);

#[derive(Serialize, Deserialize)]
enum Talk {
    Say(Line),
}

#[derive(Serialize, Deserialize)]
struct Line {
    text: String,
}

impl LiveView for Room {
    type Event = Talk;

    fn render(&self) -> Html {
        let lines = self.0.recent();
        html! {
            <ul>@for line in &lines { <li key={&line.id}>{&line.text}</li> }</ul>
            <form on:submit={Talk::Say}><input name="text"/></form>
        }
    }

    fn update(&mut self, Talk::Say(line): Talk) {
        self.0.say(line.text);
    }

    fn topics(&self) -> Vec<Topic> {
        vec![self.0.topic()]
    }
}

static ROOM: LazyLock<ChatRoom> = LazyLock::new(ChatRoom::new);

#[rook::routes]
fn app() -> Routes {
    route! {
        get | post "shared", live: Live => live.view(Shared),
        get | post "own", live: Live => live.view(Own),
        get | post "room", live: Live => live.view(Room(ROOM.clone())),
        get "member", socket: WebSocket => ROOM.join(socket),
    }
}

/// The app on two worker threads, so that views of one group wake on both.
fn server() -> SocketAddr {
    static ADDR: LazyLock<SocketAddr> = LazyLock::new(|| {
        serve_on(TcpListener::bind("127.0.0.1:0").unwrap(), 2, |config| {
            config.service(app());
        })
    });
    *ADDR
}

/// A fresh browser's live socket on `path`, after its first message (the whole tree).
fn viewer(addr: SocketAddr, path: &str) -> Client<TcpStream> {
    let head = exchange(&mut tcp(addr), &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    let cookie = head.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    request.headers_mut().insert("Cookie", cookie.parse().unwrap());
    let (mut client, response) = tungstenite::client(request, tcp(addr)).unwrap();
    assert_eq!(response.status(), 101);
    let first = recv(&mut client);
    assert!(first.starts_with("[0,"), "{first}");
    client
}

fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Publishes a new score and returns what each client received.
fn publish(score: u64, clients: &mut [Client<TcpStream>]) -> Vec<String> {
    *SCORE.0.lock().unwrap() = score;
    SCORE.1.publish();
    clients.iter_mut().map(recv).collect()
}

/// Both tests publish on the one score topic: they take turns.
static SERIAL: Mutex<()> = Mutex::new(());

#[test]
fn views_with_one_render_key_render_once_per_publication() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let addr = server();
    wait_for("the other test's views to go", || SCORE.1.subscribers() == 0);
    let mut shared: Vec<_> = (0..VIEWERS).map(|_| viewer(addr, "/shared")).collect();
    wait_for("every view to listen", || SCORE.1.subscribers() == VIEWERS);

    for score in 1..=3u64 {
        let renders = SHARED_RENDERS.load(Ordering::SeqCst);
        let messages = publish(score, &mut shared);
        assert_eq!(SHARED_RENDERS.load(Ordering::SeqCst) - renders, 1, "one render for {VIEWERS} views");
        assert!(messages.iter().all(|m| *m == messages[0]), "the same bytes for all: {messages:?}");
        assert!(messages[0].contains(&format!("\"{}\"", score)), "{}", messages[0]);
    }
    println!("{VIEWERS} views sharing a key: 1 render per publication; patch {}", publish(4, &mut shared)[0]);
}

#[test]
fn views_without_a_key_render_each_for_itself() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let addr = server();
    wait_for("the other test's views to go", || SCORE.1.subscribers() == 0);
    let mut own: Vec<_> = (0..VIEWERS).map(|_| viewer(addr, "/own")).collect();
    wait_for("every view to listen", || SCORE.1.subscribers() == VIEWERS);
    let renders = OWN_RENDERS.load(Ordering::SeqCst);
    let score = *SCORE.0.lock().unwrap() + 1;
    let messages = publish(score, &mut own);
    assert_eq!(OWN_RENDERS.load(Ordering::SeqCst) - renders, VIEWERS, "one render per view");
    assert!(messages.iter().all(|m| *m == messages[0]), "{messages:?}");
}

#[test]
fn a_live_view_shows_a_chat_room_and_speaks_in_it() {
    let addr = server();
    let mut view = viewer(addr, "/room");
    let mut request = format!("ws://{addr}/member").into_client_request().unwrap();
    request.headers_mut().insert("Origin", format!("http://{addr}").parse().unwrap());
    let (mut member, response) = tungstenite::client(request, tcp(addr)).unwrap();
    assert_eq!(response.status(), 101);
    wait_for("the member to join", || ROOM.members() == 1);

    // A WebSocket member speaks: the live view shows it.
    member.send(Message::text("bob: hi")).unwrap();
    assert_eq!(recv(&mut member), "bob: hi");
    let patch = recv(&mut view);
    assert!(patch.starts_with("[1,") && patch.contains("bob: hi"), "{patch}");
    assert_eq!(ROOM.recent().last().map(|line| (line.kind, line.text.as_str())), Some(("message", "bob: hi")));

    // The live view speaks: the member receives it, and the view shows it.
    view.send(Message::text(r#"[1,"Say","text=alice%3A+hello"]"#)).unwrap();
    assert_eq!(recv(&mut member), "alice: hello");
    let patch = recv(&mut view);
    assert!(patch.contains("alice: hello"), "{patch}");
}
