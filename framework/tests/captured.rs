//! Issue 15: the matcher hands binding the segments each candidate's captures took, cut out
//! once. The values bound must be those of the route chosen, whichever way it was reached: the
//! one candidate of an escape-free path, the ranked walk over several (a refused candidate's
//! captures left behind), a decoded path, an `include`, a guard, a slurpy, optional captures,
//! and a route whose `auth` check is awaited before it binds.

mod common;

use common::{send, table};
use rook::prelude::*;

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
        include "api" / "v1" => inner(),
    }
}

#[actix_web::test]
async fn every_route_binds_the_segments_it_took() {
    table(&app(), &[
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
    ])
    .await;
}

#[actix_web::test]
async fn a_decoded_path_binds_its_decoded_segments() {
    table(&app(), &[
        ("/pair/%31%32/a%2Fb", 200, "pair 12 a/b"),
        ("/ranked/%37/x?n=1", 200, "first 7 1"),
        ("/ranked/7/%78", 200, "second 7 x"),
        ("/page/%34/%39", 200, "page 4 Some(9)"),
        ("/files/%64/%31/2", 200, "files d [1, 2]"),
        ("/api/v1/items/5/parts/a%20b", 200, "item 5 part a b"),
        ("/api/v1/files/a%2Fb/c", 200, r#"inner files ["a/b", "c"]"#),
    ])
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
    ] {
        let r = send(&app(), "GET", target, headers).await;
        assert_eq!((r.status, r.body.as_str()), (200, body), "GET {target} {headers:?}");
    }
}
