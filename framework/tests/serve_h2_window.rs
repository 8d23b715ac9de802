//! docs/serving.md, issue 20: an HTTP/2 client that grants no flow-control window cannot pin streams
//! (and what they hold) on the server: each such stream is reset after the send timeout, and a
//! connection has at most 100 streams open by default. HTTP/2 frames written by the `h2` crate
//! as a client whose initial window is 0.

use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use rook::prelude::*;

const SEND: Duration = Duration::from_secs(1);
const STREAMS: usize = 50;

/// Answers dropped by the server (so what they held is freed).
static DROPPED: AtomicUsize = AtomicUsize::new(0);

/// A 1 MiB answer in 64 KiB chunks that counts itself dropped.
struct Counted(usize);

impl futures_util::Stream for Counted {
    type Item = Result<actix_web::web::Bytes, actix_web::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.0 == 0 {
            return Poll::Ready(None);
        }
        self.0 -= 1;
        Poll::Ready(Some(Ok(actix_web::web::Bytes::from(vec![b'x'; 64 * 1024]))))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

fn start(send_timeout: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = route! {
        get "big" => vec![b'x'; 1024 * 1024],
        get "counted" => actix_web::HttpResponse::Ok().streaming(Counted(16)),
    };
    std::thread::spawn(move || {
        let server = rook::Server::new(routes).listen(listener).workers(1).h2c(true).send_timeout(send_timeout);
        actix_web::rt::System::new().block_on(server.run())
    });
    addr
}

/// A client whose window is 0, its connection driven in the background.
async fn zero_window_client(addr: SocketAddr) -> h2::client::SendRequest<actix_web::web::Bytes> {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (client, conn) =
        h2::client::Builder::new().initial_window_size(0).handshake::<_, actix_web::web::Bytes>(tcp).await.unwrap();
    actix_web::rt::spawn(async move {
        let _ = conn.await;
    });
    client
}

#[test]
fn answers_waiting_for_window_are_freed_when_the_client_leaves() {
    // A send timeout far away: the client's leaving, not the timeout, frees the answers.
    let addr = start(Duration::from_secs(60));
    let opened = 20;
    actix_web::rt::System::new().block_on(async move {
        let client = zero_window_client(addr).await;
        let mut heads = Vec::new();
        for _ in 0..opened {
            let mut client = client.clone().ready().await.unwrap();
            let request = http::Request::get(format!("http://{addr}/counted")).body(()).unwrap();
            heads.push(client.send_request(request, true).unwrap().0);
        }
        for head in heads {
            assert_eq!(head.await.unwrap().status(), 200);
        }
        assert_eq!(DROPPED.load(Ordering::SeqCst), 0, "no answer could be sent yet");
        // The client goes: its task (and connection) is dropped with the runtime.
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while DROPPED.load(Ordering::SeqCst) < opened && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(DROPPED.load(Ordering::SeqCst), opened, "answers still held by the server");
}

#[test]
fn streams_without_window_are_reset_after_the_send_timeout() {
    let addr = start(SEND);
    actix_web::rt::System::new().block_on(async move {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (client, mut conn) =
            h2::client::Builder::new().initial_window_size(0).handshake::<_, actix_web::web::Bytes>(tcp).await.unwrap();
        // Drive the connection a moment: the server's SETTINGS arrive.
        tokio::select! {
            _ = &mut conn => panic!("the connection ended"),
            () = tokio::time::sleep(Duration::from_millis(300)) => {}
        }
        let limit = conn.max_concurrent_send_streams();
        assert!(limit <= 100, "the server allows {limit} streams per connection");
        actix_web::rt::spawn(async move {
            let _ = conn.await;
        });

        let started = Instant::now();
        let mut waiting = Vec::new();
        for _ in 0..STREAMS {
            let mut client = client.clone().ready().await.unwrap();
            let request = http::Request::get(format!("http://{addr}/big")).body(()).unwrap();
            let (response, _) = client.send_request(request, true).unwrap();
            waiting.push(actix_web::rt::spawn(async move {
                let response = response.await.unwrap();
                assert_eq!(response.status(), 200);
                let mut body = response.into_body();
                // Never released: the window stays 0, nothing can be sent.
                match body.data().await {
                    Some(Err(e)) => e.reason(),
                    other => panic!("the stream did not end in a reset: {other:?}"),
                }
            }));
        }
        for stream in waiting {
            let outcome = tokio::time::timeout(Duration::from_secs(20), stream).await;
            let reason = outcome.expect("a stream without window is held by the server").unwrap();
            assert_eq!(reason, Some(h2::Reason::CANCEL));
        }
        let took = started.elapsed();
        assert!(took < SEND + Duration::from_secs(5), "the streams ended after {took:?}");
    });
}
