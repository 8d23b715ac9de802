//! Every name of a route is bound once: path, query, header, cookie and extractors share them.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "product" / id: u32 ? id: u32 => format!("{id}"),
        get "search" ? lang: String, header "Accept-Language" as lang: String => lang,
        get "cart", req: HttpRequest, cookie "session" as req: String => req,
        get "pair" / a: u32 / a: u32 => format!("{a}"),
        get "raw" / r#type: String ? "kind" as type: String => r#type,
    };
}
