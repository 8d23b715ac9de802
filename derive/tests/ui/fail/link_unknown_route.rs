//! A link to a route the table does not name is an error at the call.

use rook::prelude::*;

#[rook::routes]
fn shop() -> Routes {
    route! {
        product: get "products" / id: u32 => format!("{id}"),
    }
}

fn main() {
    let _ = shop::products(42);
}
