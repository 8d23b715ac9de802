//! A default is a literal, `-` literal, a path, `( expr )` or `{ ... }`, so that the `/ ? & =>`
//! after it stay unambiguous.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "page" / n: u32 = 1 + 2 => format!("{n}"),
        get "list" ? limit: u32 = u32::MAX / 2 & from: String = String::new() => format!("{limit} {from}"),
        get "agent", header x_limit: u32 = !0 => format!("{x_limit}"),
    };
}
