//! A literal written in another framework's path syntax is one literal segment that no request
//! can match: each is refused, pointing at the literal, with the Rook spelling of that path.

use rook::prelude::*;

fn app() -> Routes {
    route! {
        get "/hello/:name" => "hello",
        get "users/{id}" => "user",
        get "files" / "*rest" => "files",
        get "/about" => "about",
        get "encoded/slash" => "a segment with %2F in it is fine",
        include "/api/v1" => Routes::empty(),
    }
}

fn main() {
    let _ = app();
}
