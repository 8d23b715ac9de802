//! SPEC §13, issue 20: an HTTP/2 client that grants no flow-control window cannot pin streams
//! (and what they hold) on the server: each such stream is reset after the send timeout, and a
//! connection has at most 100 streams open by default. HTTP/2 frames written by the `h2` crate
//! as a client whose initial window is 0.

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use rook::prelude::*;

const SEND: Duration = Duration::from_secs(1);
const STREAMS: usize = 50;

fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = route! { get "big" => vec![b'x'; 1024 * 1024] };
    std::thread::spawn(move || {
        let server = rook::Server::new(routes)
            .listen(listener)
            .workers(1)
            .h2c(true)
            .send_timeout(SEND);
        actix_web::rt::System::new().block_on(server.run())
    });
    addr
}

#[test]
fn streams_without_window_are_reset_after_the_send_timeout() {
    let addr = start();
    actix_web::rt::System::new().block_on(async move {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (client, mut conn) = h2::client::Builder::new()
            .initial_window_size(0)
            .handshake::<_, actix_web::web::Bytes>(tcp)
            .await
            .unwrap();
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
            let request = http::Request::get(format!("http://{addr}/big"))
                .body(())
                .unwrap();
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
            let reason = outcome
                .expect("a stream without window is held by the server")
                .unwrap();
            assert_eq!(reason, Some(h2::Reason::CANCEL));
        }
        let took = started.elapsed();
        assert!(
            took < SEND + Duration::from_secs(5),
            "the streams ended after {took:?}"
        );
    });
}
