//! A typed slurpy collects a `Vec`.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "ids" / ..ids: u32 => format!("{ids:?}"),
    };
}
