//! A handler runs long after the function that built the table returned, so it cannot use that
//! function's locals. Instead of rustc's E0434 ("can't capture dynamic environment in a fn
//! item") and its advice about closures, which does not apply here, `route!` names the local and
//! the fix: put the value in `Routes::app_data(Data::new(value))` and take it as a parameter,
//! `get "hello", greeting: Data<String> => greeting.to_string()`. Names the route binds, and
//! names bound inside the handler, are not locals of the outer function.

use rook::prelude::*;

fn app() -> Routes {
    let greeting = String::from("hello");
    let limit = 3;
    route! {
        get "hello" => greeting.clone(),
        get "count" / n: u32 => format!("{}", n.min(limit)),
        get "bytes" / word: String => word.chars().map(|c| c.len_utf8()).sum::<usize>().to_string(),
    }
}

fn main() {
    let _ = app();
}
