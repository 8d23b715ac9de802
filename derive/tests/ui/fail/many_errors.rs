//! One block with many mistakes: all of them are reported by one compile.

use rook::prelude::*;

fn main() {
    let _ = route! {
        gett "a" => "a",
        get "b" / x: Option<u32> / "c" => format!("{x:?}"),
        get "d" / ..rest / "e" => rest.join("/"),
        get "f" / id: u32 ? id: u32 => format!("{id}"),
        get "g" / n: u32 = 1 + 2 => format!("{n}"),
        get "h", header "Bad Name" as h: String => h,
        get "i" / name: String => name,
        get "i" / id: u32 => format!("{id}"),
        any | post "j" => "j",
    };
}
