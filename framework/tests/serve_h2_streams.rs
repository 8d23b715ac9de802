//! Rook's HTTP/2 driver serves a connection's streams from the connection's own task (issue 23):
//! what one task per stream gave must hold. Streams of one connection are answered each in its
//! own time (a slow one holds no other back); a request body is read whether it comes in DATA
//! frames or not at all (headers that end the stream); and a stream that panics is reset alone,
//! its connection and the other streams on it still served. A request's headers reach the handler
//! whole, repeated ones in order. HTTP/2 frames written by the `h2`
//! crate as a client over h2c.

use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use rook::prelude::*;

/// How long the slow route takes.
const SLOW: Duration = Duration::from_millis(1500);

/// A response body that panics when polled.
struct Panics;

impl futures_util::Stream for Panics {
    type Item = Result<Bytes, actix_web::Error>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        panic!("a response body that panics (expected by serve_h2_streams)");
    }
}

fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = route! {
        get / => "hello",
        get "slow" => {
            actix_web::rt::time::sleep(SLOW).await;
            "slow"
        },
        post "echo", text: Body<String> => content("text/plain", text.into_inner()),
        get "panics" => actix_web::HttpResponse::Ok().streaming(Panics),
        // Every value of `x-value`, in order, and the `user-agent`.
        get "headers", req: HttpRequest => {
            let values: Vec<&str> = req.headers().get_all("x-value").map(|v| v.to_str().unwrap()).collect();
            let agent = req.headers().get("user-agent").map_or("", |v| v.to_str().unwrap());
            format!("{} / {agent}", values.join(","))
        },
    };
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(rook::Server::new(routes).listen(listener).workers(1).h2c(true).run())
    });
    addr
}

/// An h2c client, its connection driven in the background.
async fn client(addr: SocketAddr) -> h2::client::SendRequest<Bytes> {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (client, conn) = h2::client::handshake(tcp).await.unwrap();
    actix_web::rt::spawn(async move {
        let _ = conn.await;
    });
    client
}

/// Sends `request` (with `body`, if any, in one DATA frame) and reads the answer's status and body.
async fn fetch(
    client: &h2::client::SendRequest<Bytes>,
    request: http::Request<()>,
    body: Option<&'static str>,
) -> Result<(u16, String), h2::Error> {
    let mut client = client.clone().ready().await?;
    let (response, mut send) = client.send_request(request, body.is_none())?;
    if let Some(body) = body {
        send.send_data(Bytes::from_static(body.as_bytes()), true)?;
    }
    let response = response.await?;
    let status = response.status().as_u16();
    let mut body = response.into_body();
    let mut read = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk?;
        let _ = body.flow_control().release_capacity(chunk.len());
        read.extend_from_slice(&chunk);
    }
    Ok((status, String::from_utf8(read).unwrap()))
}

/// Runs `test` against a new server, with one client connection to it.
fn on_connection<F, Fut>(test: F)
where
    F: FnOnce(SocketAddr, h2::client::SendRequest<Bytes>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let addr = start();
    actix_web::rt::System::new().block_on(async move { test(addr, client(addr).await).await });
}

fn get(addr: SocketAddr, path: &str) -> http::Request<()> {
    http::Request::get(format!("http://{addr}{path}")).body(()).unwrap()
}

#[test]
fn a_slow_stream_holds_no_other_stream_of_its_connection_back() {
    on_connection(|addr, client| async move {
        let started = Instant::now();
        let slow = actix_web::rt::spawn({
            let client = client.clone();
            async move { (fetch(&client, get(addr, "/slow"), None).await.unwrap(), started.elapsed()) }
        });
        // Give the slow stream time to reach its handler before the fast ones are opened.
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        for _ in 0..10 {
            assert_eq!(fetch(&client, get(addr, "/"), None).await.unwrap(), (200, "hello".into()));
        }
        let fast = started.elapsed();
        assert!(fast < SLOW, "ten quick answers took {fast:?}, behind the slow stream");
        let (answer, took) = slow.await.unwrap();
        assert_eq!(answer, (200, "slow".into()));
        assert!(took >= SLOW, "the slow answer came after {took:?}");
    });
}

#[test]
fn request_bodies_are_read_in_data_frames_and_absent_ones_are_empty() {
    on_connection(|addr, client| async move {
        let post = || {
            http::Request::post(format!("http://{addr}/echo")).header("content-type", "text/plain").body(()).unwrap()
        };
        // The body in a DATA frame.
        assert_eq!(fetch(&client, post(), Some("over h2")).await.unwrap(), (200, "over h2".into()));
        // Headers that end the stream: no body at all.
        assert_eq!(fetch(&client, post(), None).await.unwrap(), (200, String::new()));
        // A GET without body, on the same connection.
        assert_eq!(fetch(&client, get(addr, "/"), None).await.unwrap(), (200, "hello".into()));
    });
}

#[test]
fn request_headers_reach_the_handler_repeated_ones_in_order() {
    on_connection(|addr, client| async move {
        for _ in 0..3 {
            // Thrice on one connection, then without them: no head keeps another's headers.
            let request = http::Request::get(format!("http://{addr}/headers"))
                .header("x-value", "one")
                .header("user-agent", "h2-test")
                .header("x-value", "two")
                .header("x-value", "three")
                .body(())
                .unwrap();
            assert_eq!(fetch(&client, request, None).await.unwrap(), (200, "one,two,three / h2-test".into()));
        }
        assert_eq!(fetch(&client, get(addr, "/headers"), None).await.unwrap(), (200, " / ".into()));
    });
}

#[test]
fn a_stream_that_panics_is_reset_alone() {
    on_connection(|addr, client| async move {
        let slow = actix_web::rt::spawn({
            let client = client.clone();
            async move { fetch(&client, get(addr, "/slow"), None).await }
        });
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        let panicked = fetch(&client, get(addr, "/panics"), None).await;
        assert!(panicked.is_err(), "the panicking stream ended well: {panicked:?}");
        // The connection goes on: a new stream, and the one already open, are answered.
        assert_eq!(fetch(&client, get(addr, "/"), None).await.unwrap(), (200, "hello".into()));
        assert_eq!(slow.await.unwrap().unwrap(), (200, "slow".into()));
    });
}
