//! Issue 15 point 2: what Rook's own replies and built-in `auth` types allocate. A `Json` reply
//! answers what actix-web's `Json` responder answers (200 `application/json`, or 500 when the
//! value does not serialise), allocating its text and nothing else; `Bearer` with the default
//! settings allocates only its token.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Json;
use actix_web::{App, web};
use rook::prelude::*;
use rook::{Authenticate, Bearer};

/// Counts the allocations of each thread apart: the test harness allocates on threads of its
/// own (printing a result, starting the next test) while a test counts.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// This thread's allocations so far.
fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

fn count() {
    // Not at all while the thread's locals are gone (as it ends).
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is passed on to `System`, unchanged; counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract of `GlobalAlloc`, passed on to `System` as it came.
        unsafe { System.alloc(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: the caller's contract of `GlobalAlloc`, passed on to `System` as it came.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract of `GlobalAlloc`, passed on to `System` as it came.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations of `f`, which runs on this thread.
fn allocations_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = allocations();
    let out = f();
    (allocations() - before, out)
}

#[derive(serde::Serialize)]
struct Item {
    id: u32,
    name: &'static str,
}

/// A map with non-string keys, which serde_json refuses.
fn unserialisable() -> HashMap<(u8, u8), u8> {
    HashMap::from([((1, 2), 3)])
}

#[actix_web::test]
async fn json_replies_answer_as_actix_web_does() {
    let rook = test::init_service(App::new().service(route! {
        get "item" => Json(Item { id: 7, name: "lamp" }),
        get "broken" => Json(unserialisable()),
    }))
    .await;
    let actix = test::init_service(
        App::new()
            .route("/item", web::get().to(|| async { Json(Item { id: 7, name: "lamp" }) }))
            .route("/broken", web::get().to(|| async { Json(unserialisable()) })),
    )
    .await;
    for (path, status) in [("/item", StatusCode::OK), ("/broken", StatusCode::INTERNAL_SERVER_ERROR)] {
        let ours = rook.call(TestRequest::get().uri(path).to_request()).await.unwrap();
        let theirs = actix.call(TestRequest::get().uri(path).to_request()).await.unwrap();
        assert_eq!(ours.status(), status, "GET {path}");
        assert_eq!(theirs.status(), status, "GET {path}");
        assert_eq!(ours.headers().get("content-type"), theirs.headers().get("content-type"), "GET {path}");
        assert_eq!(test::read_body(ours).await, test::read_body(theirs).await, "GET {path}");
    }
}

/// Allocations of one request through `service`.
async fn allocations_of_request(
    service: &impl Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
    path: &str,
) -> usize {
    let req = TestRequest::get().uri(path).to_request();
    // The test's runtime runs the service on this thread.
    let before = allocations();
    let res = service.call(req).await.unwrap();
    let n = allocations() - before;
    assert_eq!(res.status(), StatusCode::OK);
    n
}

#[actix_web::test]
async fn a_json_reply_allocates_its_text_and_nothing_else() {
    let rook = test::init_service(App::new().service(route! {
        get "item" => Json(Item { id: 7, name: "lamp" }),
        get "text" => "lamp",
    }))
    .await;
    // Warm up whatever a first request initialises.
    allocations_of_request(&rook, "/item").await;
    allocations_of_request(&rook, "/text").await;
    // A request for the JSON route less one for a static text route (whose reply allocates
    // nothing): the serialised text, and the shared header its spare capacity needs as
    // `Bytes`. actix-web's `Json` responder also copies its `Mime` into a new header value.
    let json = allocations_of_request(&rook, "/item").await;
    let text = allocations_of_request(&rook, "/text").await;
    assert_eq!(json - text, 2, "a Json reply allocated {} times", json - text);
}

#[test]
fn bearer_with_the_default_settings_allocates_only_its_token() {
    let req = TestRequest::get().insert_header(("Authorization", "Bearer let-me-in")).to_http_request();
    let mut cx = Context::from_waker(Waker::noop());
    let (n, bearer) = allocations_of(|| match pin!(Bearer::authenticate(&req)).poll(&mut cx) {
        Poll::Ready(bearer) => bearer,
        Poll::Pending => panic!("Bearer::authenticate awaits nothing"),
    });
    assert_eq!(bearer.unwrap().token(), "let-me-in");
    assert_eq!(n, 1, "Bearer::authenticate allocated {n} times");
}
