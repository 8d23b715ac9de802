//! Issue 15: the matcher hands binding the segments each candidate's captures took, cut out
//! once. The values bound must be those of the route chosen, whichever way it was reached: the
//! one candidate of an escape-free path, the ranked walk over several (a refused candidate's
//! captures left behind), a decoded path, an `include`, a guard, a slurpy, optional captures,
//! and a route whose `auth` check is awaited before it binds.

mod common;

use common::{send, table};
use rook::SegmentInfo;
use rook::prelude::*;

/// A `Bearer` check that waits once before it answers, as one that asks a database would: the
/// choice then goes on in a future, which binds from the segments it kept.
struct Later(String);

impl Authenticate for Later {
    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let mut waited = false;
        std::future::poll_fn(|cx| {
            if waited {
                return std::task::Poll::Ready(());
            }
            waited = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        })
        .await;
        Ok(Later(Bearer::authenticate(req).await?.token().to_owned()))
    }
}

fn inner() -> Routes {
    route! {
        get "items" / id: u16 / "parts" / part: String => format!("item {id} part {part}"),
        get "files" / ..rest => format!("inner files {rest:?}"),
    }
}

fn app() -> Routes {
    route! {
        get "pair" / a: u32 / b: String => format!("pair {a} {b}"),
        // Two candidates for `/ranked/7/x`: the first (more specific) refuses without `?n`.
        get "ranked" / a: u8 / "x" ? n: u32 => format!("first {a} {n}"),
        get "ranked" / a: String / b: String => format!("second {a} {b}"),
        get "page" / p: u32 = 1 / size: Option<u8> => format!("page {p} {size:?}"),
        get "advent" / day: u32 if day <= 24 => format!("advent {day}"),
        get "advent" / day: String => format!("late {day}"),
        get "files" / dir: String / ..rest: Vec<u8> => format!("files {dir} {rest:?}"),
        get "me" / tag: String, auth who: Bearer => format!("{} {tag}", who.token()),
        get "me" / tag: String => format!("anonymous {tag}"),
        get "later" / tag: String, auth who: Later => format!("{} {tag}", who.0),
        get "later" / tag: String => format!("anonymous {tag}"),
        include "api" / "v1" => inner(),
    }
}

#[actix_web::test]
async fn every_route_binds_the_segments_it_took() {
    table(
        &app(),
        &[
            ("/pair/12/twelve", 200, "pair 12 twelve"),
            ("/ranked/7/x?n=3", 200, "first 7 3"),
            ("/ranked/7/x", 200, "second 7 x"),
            ("/ranked/700/x", 200, "second 700 x"),
            ("/page", 200, "page 1 None"),
            ("/page/4", 200, "page 4 None"),
            ("/page/4/9", 200, "page 4 Some(9)"),
            ("/advent/24", 200, "advent 24"),
            ("/advent/25", 200, "late 25"),
            ("/files/d/1/2/3", 200, "files d [1, 2, 3]"),
            ("/files/d", 200, "files d []"),
            ("/files/d/1/x", 404, common::NOT_FOUND),
            ("/api/v1/items/5/parts/wheel", 200, "item 5 part wheel"),
            ("/api/v1/files/a/b", 200, r#"inner files ["a", "b"]"#),
        ],
    )
    .await;
}

#[actix_web::test]
async fn a_decoded_path_binds_its_decoded_segments() {
    table(
        &app(),
        &[
            ("/pair/%31%32/a%2Fb", 200, "pair 12 a/b"),
            ("/ranked/%37/x?n=1", 200, "first 7 1"),
            ("/ranked/7/%78", 200, "second 7 x"),
            ("/page/%34/%39", 200, "page 4 Some(9)"),
            ("/files/%64/%31/2", 200, "files d [1, 2]"),
            ("/api/v1/items/5/parts/a%20b", 200, "item 5 part a b"),
            ("/api/v1/files/a%2Fb/c", 200, r#"inner files ["a/b", "c"]"#),
        ],
    )
    .await;
}

#[actix_web::test]
async fn a_route_chosen_after_its_auth_check_binds_its_segments() {
    let bearer = [("Authorization", "Bearer alice")];
    // Without a token the `auth` route refuses, and the next candidate binds its own segments.
    for (target, headers, body) in [
        ("/me/blue", &bearer[..], "alice blue"),
        ("/me/a%2Fb", &bearer[..], "alice a/b"),
        ("/me/blue", &[][..], "anonymous blue"),
        ("/me/a%20b", &[][..], "anonymous a b"),
        ("/later/blue", &bearer[..], "alice blue"),
        ("/later/a%2Fb", &bearer[..], "alice a/b"),
        ("/later/blue", &[][..], "anonymous blue"),
    ] {
        let r = send(&app(), "GET", target, headers).await;
        assert_eq!((r.status, r.body.as_str()), (200, body), "GET {target} {headers:?}");
    }
}

/// Routes whose handlers print every value they bind, prefixed by the route's index.
fn echo() -> Routes {
    route! {
        get "a" / x: String => format!("0:x={x}"),
        get "a" / x: u8 / "b" => format!("1:x={x}"),
        get "a" / x: String / y: String => format!("2:x={x};y={y}"),
        get "o" / x: u8 / y: Option<String> => format!("3:x={x};y={}", y.as_deref().unwrap_or("-")),
        get "s" / x: String / ..rest => format!("4:x={x};rest=[{}]", rest.join(",")),
        get x: u8 / y: u8 => format!("5:x={x};y={y}"),
        include "i" / "j" => route! {
            get k: String / "z" / m: u16 => format!("6:k={k};m={m}"),
            get ..all => format!("7:all=[{}]", all.join(",")),
        },
    }
}

/// What route `r`'s handler prints, read from `Routes::recognize`'s own walk of the path.
fn expected(r: &rook::Recognized<'_>) -> String {
    let values: Vec<String> = r
        .info
        .segments
        .iter()
        .filter_map(|seg| match *seg {
            SegmentInfo::Literal(_) => None,
            SegmentInfo::Capture { name, ty } | SegmentInfo::Optional { name, ty, .. } => {
                let text = r.capture(name).map_or("-".to_owned(), |v| v.into_owned());
                // A number prints as its value: `007` binds 7.
                let value = if ty == "String" || text == "-" { text } else { text.parse::<u16>().unwrap().to_string() };
                Some(format!("{name}={value}"))
            }
            SegmentInfo::Slurpy { name, .. } => Some(format!("{name}=[{}]", r.slurpy(name).unwrap().join(","))),
        })
        .collect();
    format!("{}:{}", r.index, values.join(";"))
}

/// On generated paths, the values a handler binds (from the segments the matcher kept) are
/// those `Routes::recognize` reads by walking the path again.
#[actix_web::test]
async fn bound_values_agree_with_a_second_walk_of_the_path() {
    use actix_web::{App, test};
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    const PIECES: [&str; 16] =
        ["a", "b", "o", "s", "i", "j", "z", "7", "007", "255", "256", "x%2Fy", "%41", "%62", "", "abc"];
    // Each path starts as some route does, then goes on at random.
    const HEADS: [&str; 6] = ["a", "o", "s", "i/j", "7", "%37"];
    let rest = proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..5);
    let paths = (proptest::sample::select(&HEADS[..]), rest)
        .prop_map(|(head, rest)| rest.iter().fold(format!("/{head}"), |path, seg| format!("{path}/{seg}")));
    let routes = echo();
    let app = test::init_service(App::new().service(routes.clone())).await;
    let mut runner = TestRunner::deterministic();
    let (mut chosen, cases) = (0, 3000);
    for _ in 0..cases {
        let path = paths.new_tree(&mut runner).unwrap().current();
        let res = test::call_service(&app, test::TestRequest::get().uri(&path).to_request()).await;
        let status = res.status().as_u16();
        let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
        match routes.recognize(&actix_web::http::Method::GET, &path) {
            Ok(r) => {
                assert_eq!((status, body), (200, expected(&r)), "GET {path}");
                chosen += 1;
            }
            Err(e) => assert_ne!(status, 200, "GET {path}: recognize says {e}, the service answered {body:?}"),
        }
    }
    eprintln!("{chosen} of {cases} reach a route");
    assert!(chosen > cases / 3, "too few generated paths reach a route: {chosen} of {cases}");
}
