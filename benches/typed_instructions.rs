//! The typed group of `router.rs` as one lookup loop per router, to be counted with callgrind
//! like `instructions.rs` (a binary of its own, so that a second use of each router does not
//! change how `instructions.rs`'s loops compile):
//!
//! ```text
//! cargo bench --bench typed_instructions --no-run
//! valgrind --tool=callgrind target/release/deps/typed_instructions-* ROUTER 1000
//! ```
//! ROUTER is `rook`, `matchit` or `none` (the loop alone, to subtract). Each lookup is followed
//! by reading the route's last parameter as a `u32`, as a caller would.

use actix_web::http::Method;
use std::hint::black_box;

#[path = "github/table.rs"]
mod table;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let router = args.get(1).map_or("none", |s| s);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let rook = table::rook_typed();
    let mut matchit = matchit::Router::new();
    for (i, p) in table::TYPED_PATTERNS.iter().enumerate() {
        matchit.insert(*p, i).unwrap();
    }
    let last = |pattern: &str| pattern.rsplit('{').next().unwrap().trim_end_matches('}').to_owned();
    let keys: Vec<String> = table::TYPED_PATTERNS.iter().map(|p| last(p)).collect();
    let mut acc = 0;
    for _ in 0..rounds {
        for p in table::TYPED_REQUESTS {
            let p = black_box(*p);
            acc += match router {
                "rook" => {
                    let r = rook.recognize(&Method::GET, p).unwrap();
                    r.capture(&keys[r.index]).unwrap().parse::<u32>().unwrap() as usize + r.index
                }
                "matchit" => {
                    let m = matchit.at(p).unwrap();
                    m.params.get(&keys[*m.value]).unwrap().parse::<u32>().unwrap() as usize + *m.value
                }
                _ => 0,
            };
        }
    }
    println!("{acc}");
}
