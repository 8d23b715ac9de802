//! `app-allocs`: heap allocations per request of the `App` floor, counted in-process.

#[global_allocator]
static COUNTING: e2e_common::Counting = e2e_common::Counting;

fn main() -> std::io::Result<()> {
    e2e_common::count_allocations("app", false, e2e_app::serve)
}
