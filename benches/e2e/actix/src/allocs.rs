//! `actix-allocs`: heap allocations per request of the actix-web server, counted in-process.

#[global_allocator]
static COUNTING: e2e_common::Counting = e2e_common::Counting;

fn main() -> std::io::Result<()> {
    e2e_common::count_allocations("actix", true, e2e_actix::serve)
}
