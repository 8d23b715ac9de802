//! Methods are `get post put delete patch head options` or `any`, in lower case.

use rook::prelude::*;

fn main() {
    let _ = route! {
        gett "a" => "typo",
        GET "b" => "upper case",
        get | Post "c" => "mixed",
    };
}
