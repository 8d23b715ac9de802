//! A route that an earlier one matches with its optional captures absent can never be chosen
//! (docs/routing.md#compile-time-errors): the earlier route covers the same segments and is declared first.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "pages" / n: u32 = 1 => format!("page {n}"),
        get "pages" => "all pages",
        get "archive" / year: Option<u32> / month: Option<u32> => format!("{year:?} {month:?}"),
        get "archive" => "the whole archive",
        // Fine: the later route is declared first, differs by a literal, or takes a present
        // segment with a capture, which ranks before an optional capture (docs/routing.md#choosing-the-route).
        get "archive" / y: u32 => format!("{y}"),
        get "first" => "first",
        get "first" / n: Option<u32> => format!("{n:?}"),
        get "docs" / topic: Option<String> => format!("{topic:?}"),
        get "docs" / "index" => "index",
    };
}
