//! A later route with the same shape as an earlier one can never be chosen.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "product" / id: u32 => format!("{id}"),
        get "product" / number: u32 => format!("{number}"),
        get "search" ? term: Option<String> => format!("{term:?}"),
        get "search" ? q: String => q,
        get "tree" / ..rest => rest.join("/"),
        get "tree" / ..parts => parts.join("/"),
        get "page" / n: u32 = 1 => format!("{n}"),
        get "page" / m: Option<u32> => format!("{m:?}"),
    };
}
