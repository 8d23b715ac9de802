//! A deterministic companion of `router.rs`: one lookup loop per router, to be counted with
//! callgrind, which counts instructions rather than seconds and so is unmoved by other load:
//!
//! ```text
//! cargo bench --bench instructions --no-run
//! valgrind --tool=callgrind target/release/deps/instructions-* rook 1000
//! valgrind --tool=callgrind target/release/deps/instructions-* matchit 1000
//! valgrind --tool=callgrind target/release/deps/instructions-* none 1000   # the loop alone
//! ```

#[path = "github/table.rs"]
mod table;
use actix_web::http::Method;
fn main() {
    let routes = table::rook();
    let mut m = matchit::Router::new();
    for (i, p) in table::PATTERNS.iter().enumerate() { m.insert(*p, i).unwrap(); }
    let mode = std::env::args().nth(1).unwrap_or_else(|| "none".into());
    let n: usize = std::env::args().nth(2).map_or(1000, |s| s.parse().unwrap());
    let mut acc = 0;
    for _ in 0..n {
        for p in table::REQUESTS {
            acc += match mode.as_str() {
                "rook" => routes.recognize(&Method::GET, std::hint::black_box(p)).map_or(0, |r| r.index),
                "matchit" => m.at(std::hint::black_box(p)).map_or(0, |r| *r.value),
                _ => 0,
            };
        }
    }
    println!("{acc}");
}
