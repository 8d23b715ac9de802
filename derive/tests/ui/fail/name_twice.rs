//! A route name is used once per block (docs/routing.md#compile-time-errors): links and OpenAPI's operationId come from it.

use rook::prelude::*;

fn main() {
    let _ = route! {
        product: get "product" / id: u32 => format!("{id}"),
        product: get "item" / id: u32 => format!("{id}"),
        api: include "api" => Routes::empty(),
        api: get "api" => "api",
    };
}
