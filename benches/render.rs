//! Render benchmark (issue 21): a 100-row table and a page of nested components, rendered by
//! Rook's `html!`, maud and askama in the same run, after checking that all three produce the
//! same bytes. Also counts heap allocations per render.
//!
//! ```text
//! cargo bench --bench render                          # criterion: time per render
//! cargo bench --bench render -- --allocations         # allocations per render, per engine
//! cargo bench --bench render --no-run
//! valgrind --tool=callgrind target/release/deps/render-* --count ENGINE PAGE 1000
//! ```
//! ENGINE is `rook`, `maud`, `askama` or `none` (the loop alone); PAGE is `table` or `nested`.
//! Under `cargo test` each benchmark runs once, as a smoke test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use askama::Template;
use criterion::Criterion;

#[path = "render/pages.rs"]
mod pages;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Data {
    rows: Vec<pages::Row>,
    cards: Vec<pages::Card>,
}

impl Data {
    fn render(&self, engine: &str, page: &str) -> String {
        match (engine, page) {
            ("rook", "table") => pages::rook_table(&self.rows).into_string(),
            ("rook", _) => pages::rook_nested(&self.cards).into_string(),
            ("maud", "table") => pages::maud_table(&self.rows).into_string(),
            ("maud", _) => pages::maud_nested(&self.cards).into_string(),
            ("askama", "table") => pages::AskamaTable { rows: &self.rows }.render().expect("renders"),
            ("askama", _) => {
                pages::AskamaNested { cards: &self.cards, nav: pages::ASKAMA_NAV }.render().expect("renders")
            }
            _ => String::new(),
        }
    }
}

const ENGINES: [&str; 3] = ["rook", "maud", "askama"];
const PAGES: [&str; 2] = ["table", "nested"];

fn same_bytes(data: &Data) {
    for page in PAGES {
        let rook = data.render("rook", page);
        for peer in ["maud", "askama"] {
            assert_eq!(rook, data.render(peer, page), "{peer} and Rook differ on the {page} page");
        }
    }
}

fn allocations(data: &Data) {
    println!("allocations per render (after one warm-up render)");
    for page in PAGES {
        for engine in ENGINES {
            black_box(data.render(engine, page));
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            for _ in 0..100 {
                black_box(data.render(engine, page));
            }
            let per = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / 100.0;
            println!("  {page:<6} {engine:<6} {per:.2}");
        }
    }
}

fn main() {
    let data = Data { rows: pages::rows(), cards: pages::cards() };
    same_bytes(&data);
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--count") {
        let engine = args.get(at + 1).map_or("none", String::as_str);
        let page = args.get(at + 2).map_or("table", String::as_str);
        let rounds: usize = args.get(at + 3).and_then(|n| n.parse().ok()).unwrap_or(1000);
        let mut total = 0;
        for _ in 0..rounds {
            total += black_box(data.render(black_box(engine), page)).len();
        }
        println!("{total}");
        return;
    }
    if args.iter().any(|a| a == "--allocations") {
        allocations(&data);
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    for page in PAGES {
        let mut group = criterion.benchmark_group(format!("render/{page}"));
        for engine in ENGINES {
            group.bench_function(engine, |b| b.iter(|| black_box(data.render(engine, page))));
        }
        group.finish();
    }
    criterion.final_summary();
}
