//! Routes that look alike but can each be chosen (docs/routing.md#compile-time-errors): no error, and `main` checks that
//! each one really is chosen for some request.

#![deny(warnings)]

use actix_web::http::Method;
use rook::prelude::*;

fn main() {
    let routes = route! {
        // The first refuses requests without `field1`; those reach the second.
        get "reqquery" ? field1: String => field1,
        get "reqquery" ? field2: String => field2,
        // A guard may say no.
        get "advent" / day: u32 if day <= 24 => format!("day {day}"),
        get "advent" / n: u32 => format!("not yet {n}"),
        // The later route also answers POST.
        get "form" => "get",
        get | post "form" => "get or post",
        // Narrower first, wider after.
        get "product" / id: u32 => format!("{id}"),
        get "product" / name: String => name,
        // A required header or cookie may be missing.
        get "agent", header "User-Agent" as agent: String => agent,
        get "agent" => "no agent",
        get "cart", cookie session: String => session,
        get "cart" => "no session",
        // Literal beats capture, capture beats optional capture: specificity, not order.
        get "user" / name: String => name,
        get "user" / "me" => "me",
        get "orders" / page: Option<u32> => format!("{page:?}"),
        get "orders" / id: u32 => format!("{id}"),
        // Two different validated types.
        get "n" / x: u8 => format!("{x}"),
        get "n" / x: i64 => format!("{x}"),
        // Overlapping methods: the later route still answers PUT.
        get | post "m" => "get or post",
        get | put "m" => "get or put",
        // An `auth` parameter may refuse; anonymous callers reach the second route.
        get "me", auth who: Bearer => who.into_token(),
        get "me" => "anonymous",
    };
    let index = |method: Method, path: &str| routes.recognize(&method, path).map(|hit| hit.index).ok();
    assert_eq!(index(Method::GET, "/reqquery"), Some(0));
    assert_eq!(index(Method::GET, "/advent/30"), Some(3));
    assert_eq!(index(Method::POST, "/form"), Some(5));
    assert_eq!(index(Method::GET, "/product/ab"), Some(7));
    assert_eq!(index(Method::GET, "/user/me"), Some(13));
    assert_eq!(index(Method::GET, "/orders/3"), Some(15));
    assert_eq!(index(Method::GET, "/orders"), Some(14));
    assert_eq!(index(Method::GET, "/n/300"), Some(17));
    assert_eq!(index(Method::PUT, "/m"), Some(19));
    // `recognize` runs no `authenticate`: it takes the `auth` route.
    assert_eq!(index(Method::GET, "/me"), Some(20));
}
