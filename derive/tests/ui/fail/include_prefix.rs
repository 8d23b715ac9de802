//! An include prefix is made of literal segments.

use rook::prelude::*;

fn api() -> Routes {
    route! { get "users" => "users" }
}

fn main() {
    let _ = route! {
        include "api" / version: u32 => api(),
        include ..rest => api(),
    };
}
