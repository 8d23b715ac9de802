//! Issue 2 point 5: matching allocates nothing for routes without `String`/`Vec` captures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::Method;
use rook::prelude::*;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System`, unchanged; counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract of `GlobalAlloc`, passed on to `System` as it came.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract of `GlobalAlloc`, passed on to `System` as it came.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn recognizing_allocates_nothing() {
    let routes = route! {
        get / => "root",
        get "repos" / owner: u32 / repo: u32 / "stats" / "punch_card" => "punch",
        get "repos" / owner: u32 / repo: u32 / "events" => "events",
        get "user" / "keys" / id: u64 => "key",
        get | post "orders" / "history" / page: u32 = 1 => "history",
        get "advent" / day: u32 if day <= 24 => "advent",
        include "api" / "v1" => route! { get "items" / id: u16 => "item" },
        get "files" / ..rest => "files",
    };
    let paths = [
        "/",
        "/repos/1/2/stats/punch_card",
        "/repos/1/2/events",
        "/user/keys/9",
        "/orders/history",
        "/orders/history/3",
        "/advent/3",
        "/api/v1/items/7",
        "/files/a/b",
        "/nothing/here",
        "/repos/x/2/events",
    ];
    // Matching never splits the path: forty segments allocate nothing either.
    let long: String = std::iter::once("/files".to_string()).chain((0..40).map(|i| format!("/{i}"))).collect();
    for path in paths.into_iter().chain([long.as_str()]) {
        // Warm up anything lazily initialised.
        let _ = routes.recognize(&Method::GET, path);
        let n = allocations_of(|| {
            let _ = std::hint::black_box(routes.recognize(&Method::GET, std::hint::black_box(path)));
        });
        assert_eq!(n, 0, "GET {path} allocated {n} times");
    }
    assert_eq!(routes.recognize(&Method::GET, "/api/v1/items/7").unwrap().index, 6);
}
