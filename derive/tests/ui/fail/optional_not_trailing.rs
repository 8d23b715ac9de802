//! Optional captures must form the trailing run of the path.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "orders" / page: Option<u32> / "details" => format!("{page:?}"),
        get "items" / page: u32 = 1 / id: u32 => format!("{page} {id}"),
    };
}
