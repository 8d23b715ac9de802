//! Syntax errors stop the parse of their block at the first one; each block here has one.

use rook::prelude::*;

fn missing_arrow() -> Routes {
    route! {
        get "a" "b",
    }
}

fn missing_comma() -> Routes {
    route! {
        get "a" => "a"
        get "b" => "b",
    }
}

fn bad_param() -> Routes {
    route! {
        get "a", session => "a",
    }
}

fn bad_param_literal() -> Routes {
    route! {
        get "a", "session" as s: String => s,
    }
}

fn missing_path() -> Routes {
    route! {
        get => "no path",
    }
}

fn dangling_slash() -> Routes {
    route! {
        get "a" / => "a",
    }
}

fn missing_slash() -> Routes {
    route! {
        get "a" id: u32 => format!("{id}"),
    }
}

fn empty_default() -> Routes {
    route! {
        get "a" / n: u32 = => format!("{n}"),
    }
}

fn main() {
    let _ = (missing_arrow(), missing_comma(), bad_param(), bad_param_literal(), missing_path(), dangling_slash());
    let _ = (missing_slash(), empty_default());
}
