//! A deterministic companion of `router.rs`: one lookup loop per router and request group, to
//! be counted with callgrind, which counts instructions rather than seconds and so is unmoved
//! by other load on the machine:
//!
//! ```text
//! cargo bench --bench instructions --no-run
//! valgrind --tool=callgrind target/release/deps/instructions-* ROUTER GROUP 1000
//! ```
//! ROUTER is `rook`, `matchit`, `path-tree`, `actix-router` or `none` (the loop alone, to
//! subtract); GROUP is `hits` (the 130 routes), `misses`, `first` (route #0 alone) or `last`
//! (route #129 alone).

use actix_web::http::Method;
use std::hint::black_box;

#[path = "github/table.rs"]
mod table;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (router, group) = (args.get(1).map_or("none", |s| s), args.get(2).map_or("hits", |s| s));
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    // `first` and `last`: route #0 alone and route #129 alone, for the flat-cost goal.
    let paths = match group {
        "misses" => table::MISSES,
        "first" => &table::REQUESTS[..1],
        "last" => &table::REQUESTS[129..],
        _ => table::REQUESTS,
    };
    let rook = table::rook();
    let mut matchit = matchit::Router::new();
    let mut actix = actix_router::Router::<usize>::build();
    let mut tree = path_tree::PathTree::new();
    for (i, p) in table::PATTERNS.iter().enumerate() {
        matchit.insert(*p, i).unwrap();
        actix.path(*p, i);
        let _ = tree.insert(&p.replace('{', ":").replace('}', ""), i);
    }
    let actix = actix.finish();
    let mut acc = 0;
    for _ in 0..rounds {
        for p in paths {
            let p = black_box(*p);
            acc += match router {
                "rook" => rook.recognize(&Method::GET, p).map_or(0, |r| r.index),
                "matchit" => matchit.at(p).map_or(0, |m| *m.value),
                "path-tree" => tree.find(p).map_or(0, |(i, _)| *i),
                "actix-router" => actix.recognize(&mut actix_router::Path::new(p)).map_or(0, |(i, _)| *i),
                _ => 0,
            };
        }
    }
    println!("{acc}");
}
