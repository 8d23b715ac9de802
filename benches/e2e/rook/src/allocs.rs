//! `rook-allocs`: heap allocations per request of the Rook server, counted in-process.

#[global_allocator]
static COUNTING: e2e_common::Counting = e2e_common::Counting;

fn main() -> std::io::Result<()> {
    e2e_common::count_allocations("rook", true, e2e_rook::serve)
}
