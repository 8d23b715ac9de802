//! docs/routing.md#choosing-the-route: coverage, then specificity, then declaration order.

mod common;

use common::table;
use rook::prelude::*;

#[actix_web::test]
async fn coverage_wins_over_a_slurpy() {
    let routes = route! {
        get "tree" / ..rest => format!("slurpy {rest:?}"),
        get x: String / "b" => format!("capture {x}"),
    };
    table(
        &routes,
        &[
            ("/tree/b", 200, "capture tree"),
            ("/tree/c", 200, r#"slurpy ["c"]"#),
            ("/tree", 200, "slurpy []"),
            ("/tree/b/c", 200, r#"slurpy ["b", "c"]"#),
        ],
    )
    .await;
}

#[actix_web::test]
async fn literal_beats_capture_wherever_declared() {
    let routes = route! {
        get "user" / x: String => format!("capture {x}"),
        get "user" / "posts" => "literal",
        get a: String / b: String / "end" => format!("{a} {b}"),
        get a: String / "mid" / c: String => format!("mid {a} {c}"),
    };
    table(
        &routes,
        &[
            ("/user/posts", 200, "literal"),
            ("/user/bob", 200, "capture bob"),
            // At the first differing segment (the second) a literal beats a capture.
            ("/x/mid/end", 200, "mid x end"),
            ("/x/y/end", 200, "x y"),
        ],
    )
    .await;
}

#[actix_web::test]
async fn capture_beats_optional_capture() {
    let routes = route! {
        get "p" / page: Option<u32> => format!("optional {page:?}"),
        get "p" / n: u32 => format!("required {n}"),
    };
    table(&routes, &[("/p/3", 200, "required 3"), ("/p", 200, "optional None")]).await;
}

#[actix_web::test]
async fn declaration_order_breaks_ties() {
    let routes = route! {
        get "product" / id: u32 => format!("id {id}"),
        get "product" / name: String => format!("name {name}"),
    };
    table(&routes, &[("/product/12", 200, "id 12"), ("/product/ab", 200, "name ab")]).await;
}

#[actix_web::test]
async fn a_route_refused_for_its_method_or_parameters_passes_the_request_on() {
    let routes = route! {
        post "item" / id: u32 => format!("post {id}"),
        get "item" / name: String => format!("get {name}"),
        get "reqquery" ? field1: String => format!("field1 {field1}"),
        get "reqquery" ? field2: String => format!("field2 {field2}"),
    };
    table(
        &routes,
        &[
            ("/item/3", 200, "get 3"),
            ("/reqquery?field1=a", 200, "field1 a"),
            ("/reqquery?field2=b", 200, "field2 b"),
            ("/reqquery?field1=a&field2=b", 200, "field1 a"),
            ("/reqquery", 400, r#"missing query parameter "field1""#),
        ],
    )
    .await;
}
