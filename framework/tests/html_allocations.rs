//! `html!` renders a page into one buffer: after its first render has taught the template's
//! size hint, a page of loops, components and a layout allocates exactly once.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use rook::prelude::*;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; only counts, per thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of<T>(f: impl FnOnce() -> T) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    std::hint::black_box(f());
    ALLOCATIONS.with(Cell::get) - before
}

struct Row {
    id: u32,
    name: String,
}

struct Item<'a> {
    row: &'a Row,
}

impl Render for Item<'_> {
    fn render(&self, w: &mut Writer) {
        html!(w => <li id={self.row.id}><a href={("/items/", self.row.id)}>{&self.row.name}</a></li>)
    }
}

struct Page<C> {
    title: &'static str,
    children: C,
}

impl<C: Render> Render for Page<C> {
    fn render(&self, w: &mut Writer) {
        html!(w => <!DOCTYPE html><html><head><title>{self.title}</title></head><body>{&self.children}</body></html>)
    }
}

fn page(rows: &[Row]) -> Html {
    html! {
        <Page title="Items">
            <ul>@for row in rows { <Item row={row}/> }</ul>
            @if rows.is_empty() { <p>"Nothing yet & never"</p> }
        </Page>
    }
}

#[test]
fn a_page_allocates_once() {
    let rows: Vec<Row> = (0..100)
        .map(|id| Row { id, name: if id % 5 == 0 { format!("<{id}> & co") } else { format!("item {id}") } })
        .collect();
    let first = page(&rows);
    assert!(first.as_str().contains("<li id=\"5\"><a href=\"/items/5\">&lt;5&gt; &amp; co</a></li>"));
    for _ in 0..3 {
        assert_eq!(allocations_of(|| page(&rows)), 1);
    }
    // A shorter page fits the buffer a longer one taught the hint.
    assert_eq!(allocations_of(|| page(&rows[..10])), 1);
}
