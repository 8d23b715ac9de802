//! A link with a missing or an extra value is an error at the call.

use rook::prelude::*;

#[rook::routes]
fn shop() -> Routes {
    route! {
        category: get "category" / name: String ? "min-price" as min: u32 => format!("{name} {min}"),
    }
}

fn main() {
    let _ = shop::category("chairs");
    let _ = shop::category("chairs", 10, 20);
}
