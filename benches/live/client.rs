//! A browser as the benchmark plays it: the page over plain HTTP/1.1 (its cookie and the tab
//! id it may adopt), and the live socket.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// A live socket, as tokio-tungstenite gives it.
pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<actix_web::rt::net::TcpStream>>;

/// What a GET of a live page gives the browser.
pub(crate) struct Page {
    /// `rook-live=…`.
    pub(crate) cookie: String,
    /// The tab id of the session parked for this page.
    pub(crate) tab: String,
}

/// GETs `path` as a new browser (blocking: the benchmark does it before it measures).
pub(crate) fn page(addr: SocketAddr, path: &str) -> Page {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let cookie = response
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: rook-live="))
        .map(|rest| format!("rook-live={}", rest.split(';').next().unwrap()))
        .expect("a new browser gets the rook-live cookie");
    let tab =
        response.rsplit(r#""t":""#).next().and_then(|rest| rest.split('"').next()).expect("the page's tab").to_owned();
    Page { cookie, tab }
}

/// Opens the live socket at `path_and_query`, with `cookie` if any.
pub(crate) async fn connect(addr: SocketAddr, path_and_query: &str, cookie: Option<&str>) -> Socket {
    let mut request = format!("ws://{addr}{path_and_query}").into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("Cookie", cookie.parse().unwrap());
    }
    // A browser reads a small message into a small buffer; tungstenite's default (128 KiB,
    // zeroed before every read) would make this one client thread spend its time in `memset`
    // and page faults, for 10 000 sockets, and the fan-out figure would measure that.
    let config = WebSocketConfig::default().read_buffer_size(4096);
    tokio_tungstenite::connect_async_with_config(request, Some(config), true).await.expect("the live socket opens").0
}

/// The next text message.
pub(crate) async fn recv(socket: &mut Socket) -> String {
    loop {
        match socket.next().await.expect("the socket stays open").expect("no socket error") {
            Message::Text(text) => return text.as_str().to_owned(),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}
