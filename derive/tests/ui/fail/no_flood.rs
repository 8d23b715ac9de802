//! A failing `route!` still has the type `Routes`, and its handlers are not compiled: the only
//! errors are the block's own, not "cannot find value `id`" or type errors around it.

use rook::prelude::*;

fn app() -> Routes {
    let routes = route! {
        gett "product" / id: u32 => format!("{id}"),
        get "search" ? term: String => term.to_uppercase(),
    };
    let count: usize = routes.list().len();
    assert!(count < 10);
    routes
}

fn main() {
    let _ = app();
}
