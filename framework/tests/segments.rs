//! docs/routing.md: how segments split, decode and match.

mod common;

use common::{NOT_FOUND, table};
use rook::prelude::*;

#[actix_web::test]
async fn literals_match_decoded_text_case_sensitively() {
    let routes = route! {
        get "about" => "about",
        get "encoded/slash" => "slash",
        get "a+plus" => "plus",
        get "caf\u{e9}" => "cafe",
        get "About" / "x" => "About x",
    };
    table(
        &routes,
        &[
            ("/about", 200, "about"),
            ("/about/", 404, NOT_FOUND),
            ("/ABOUT", 404, NOT_FOUND),
            ("/%61bout", 200, "about"),
            ("/encoded%2Fslash", 200, "slash"),
            ("/encoded%2fslash", 200, "slash"),
            ("/encoded/slash", 404, NOT_FOUND),
            ("/a%2Bplus", 200, "plus"),
            ("/a+plus", 200, "plus"),
            ("/caf%C3%A9", 200, "cafe"),
            ("/About/x", 200, "About x"),
        ],
    )
    .await;
}

#[actix_web::test]
async fn root_is_the_empty_path() {
    let routes = route! {
        get / => "root",
        get "tree" / ..rest => format!("{rest:?}"),
    };
    table(&routes, &[("/", 200, "root"), ("//", 404, NOT_FOUND)]).await;
    let slurpy_only = route! { get ..all => format!("{all:?}") };
    table(&slurpy_only, &[("/", 200, "[]"), ("//", 200, r#"["", ""]"#), ("/a/", 200, r#"["a", ""]"#)]).await;
}

#[actix_web::test]
async fn captures_take_one_nonempty_segment_their_type_accepts() {
    let routes = route! {
        get "product" / x: String => format!("product {x}"),
        get "n" / n: u8 => format!("u8 {n}"),
        get "i" / n: i32 => format!("i32 {n}"),
        get "f" / x: f64 => format!("f64 {x}"),
        get "b" / x: bool => format!("bool {x}"),
        get "c" / x: char => format!("char {x}"),
    };
    table(
        &routes,
        &[
            ("/product/chair", 200, "product chair"),
            ("/product/a%2Fb", 200, "product a/b"),
            ("/product/a%20b", 200, "product a b"),
            ("/product/", 404, NOT_FOUND),
            ("/product", 404, NOT_FOUND),
            ("/product/a/b", 404, NOT_FOUND),
            ("/n/0", 200, "u8 0"),
            ("/n/007", 200, "u8 7"),
            ("/n/255", 200, "u8 255"),
            ("/n/256", 404, NOT_FOUND),
            ("/n/-1", 404, NOT_FOUND),
            ("/n/+1", 404, NOT_FOUND),
            ("/n/%201", 404, NOT_FOUND),
            ("/i/-2147483648", 200, "i32 -2147483648"),
            ("/i/2147483648", 404, NOT_FOUND),
            ("/i/-", 404, NOT_FOUND),
            ("/f/1.5", 200, "f64 1.5"),
            ("/f/-2", 200, "f64 -2"),
            ("/f/inf", 404, NOT_FOUND),
            ("/f/NaN", 404, NOT_FOUND),
            ("/f/1e3", 404, NOT_FOUND),
            ("/b/true", 200, "bool true"),
            ("/b/TRUE", 404, NOT_FOUND),
            ("/c/%C3%A9", 200, "char é"),
            ("/c/ab", 404, NOT_FOUND),
        ],
    )
    .await;
}

#[actix_web::test]
async fn optional_captures_form_a_trailing_run() {
    let routes = route! {
        get "orders" / "history" / page: u32 = 1 => format!("page {page}"),
        get "by-tag" / tag: Option<String> => format!("{tag:?}"),
        get "range" / from: Option<u32> / to: i64 = -1 => format!("{from:?} {to}"),
        get "const" / n: u32 = DEFAULT_N => format!("{n}"),
        get "expr" / n: u32 = (DEFAULT_N * 2) => format!("{n}"),
    };
    const DEFAULT_N: u32 = 21;
    table(
        &routes,
        &[
            ("/orders/history", 200, "page 1"),
            ("/orders/history/2", 200, "page 2"),
            ("/orders/history/", 404, NOT_FOUND),
            ("/orders/history/x", 404, NOT_FOUND),
            ("/orders/history/2/3", 404, NOT_FOUND),
            ("/by-tag", 200, "None"),
            ("/by-tag/garden", 200, r#"Some("garden")"#),
            ("/range", 200, "None -1"),
            ("/range/3", 200, "Some(3) -1"),
            ("/range/3/-9", 200, "Some(3) -9"),
            ("/const", 200, "21"),
            ("/expr", 200, "42"),
        ],
    )
    .await;
}

#[actix_web::test]
async fn slurpies_take_the_rest_empty_segments_included() {
    let routes = route! {
        get "tree" / ..rest => format!("{rest:?}"),
        get "ids" / ..ids: Vec<u32> => format!("{ids:?}"),
    };
    table(
        &routes,
        &[
            ("/tree", 200, "[]"),
            ("/tree/a/", 200, r#"["a", ""]"#),
            ("/tree/a%2Fb/c", 200, r#"["a/b", "c"]"#),
            ("/tree/./..", 200, r#"[".", ".."]"#),
            ("/ids", 200, "[]"),
            ("/ids/1/2/3", 200, "[1, 2, 3]"),
            ("/ids/1/x", 404, NOT_FOUND),
            ("/ids/1/", 404, NOT_FOUND),
        ],
    )
    .await;
}

#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
struct Uuid4(String);

#[derive(Segment)]
#[segment(range = 1..=100)]
struct Percent(u8);

fn even(n: &u32) -> bool {
    n.is_multiple_of(2)
}

#[derive(Segment)]
#[segment(validate = even, range = 0..1000)]
struct Even {
    value: u32,
}

#[actix_web::test]
async fn validated_newtypes_accept_only_what_their_checks_accept() {
    let routes = route! {
        get "user-log" / id: Uuid4 => id.0,
        get "percent" / p: Percent => format!("{}%", p.0),
        get "even" / n: Even => format!("even {}", n.value),
        get "even" / s: String => format!("other {s}"),
    };
    table(
        &routes,
        &[
            ("/user-log/0123456789ab4def8123456789abcdef", 200, "0123456789ab4def8123456789abcdef"),
            ("/user-log/0123456789ab4def8123456789abcdefX", 404, NOT_FOUND),
            ("/user-log/x0123456789ab4def8123456789abcdef", 404, NOT_FOUND),
            ("/user-log/0123456789ab5def8123456789abcdef", 404, NOT_FOUND),
            ("/percent/1", 200, "1%"),
            ("/percent/100", 200, "100%"),
            ("/percent/0", 404, NOT_FOUND),
            ("/percent/101", 404, NOT_FOUND),
            ("/even/8", 200, "even 8"),
            ("/even/7", 200, "other 7"),
            ("/even/1000", 200, "other 1000"),
        ],
    )
    .await;
    use rook::FromSegment;
    assert_eq!(Percent::from_segment("0").err().unwrap().reason(), "out of range for Percent (1..=100)");
    assert_eq!(Uuid4::from_segment("x").err().unwrap().reason(), "does not match the pattern of Uuid4");
    assert_eq!(Even::from_segment("3").err().unwrap().reason(), "not a valid Even");
}

#[actix_web::test]
async fn guards_see_captures_and_are_part_of_matching() {
    let routes = route! {
        get "advent" / day: u32 if day >= 1 && day <= 24 => format!("day {day}"),
        get "advent" / other: String => format!("not a day: {other}"),
        get "files" / ..rest if rest.len() < 3 => "short",
    };
    table(
        &routes,
        &[
            ("/advent/24", 200, "day 24"),
            ("/advent/25", 200, "not a day: 25"),
            ("/advent/0", 200, "not a day: 0"),
            ("/files/a/b", 200, "short"),
            ("/files/a/b/c", 404, NOT_FOUND),
        ],
    )
    .await;
}

#[test]
fn recognized_captures_are_split_as_the_matcher_splits() {
    use actix_web::http::Method;
    let routes = route! {
        get x: String => x,
        get "t" / ..rest => format!("{rest:?}"),
    };
    // A target without a leading `/` (like the `*` of `OPTIONS *`) is one segment.
    assert_eq!(routes.recognize(&Method::GET, "a/b").unwrap().capture("x").unwrap(), "a/b");
    assert_eq!(routes.recognize(&Method::GET, "/a%2Fb").unwrap().capture("x").unwrap(), "a/b");
    assert_eq!(routes.recognize(&Method::GET, "/t/a%2Fb/").unwrap().slurpy("rest").unwrap(), ["a/b", ""]);
    assert_eq!(routes.recognize(&Method::GET, "/t").unwrap().slurpy("rest").unwrap(), Vec::<String>::new());
}
