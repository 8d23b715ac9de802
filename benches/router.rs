//! Router micro-benchmark: Rook's generated matcher against matchit, actix-router and
//! path-tree, on the GitHub API route set, in the same binary and the same run.
//!
//! `cargo bench --bench router` (full run; `benches/README.md` explains the groups and ratios).
//! Under `cargo test` each benchmark runs once, as a smoke test.

use std::hint::black_box;

use actix_web::http::Method;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "github/table.rs"]
mod table;

const DEEP: &[&str] = &["/user/keys/p1", "/repos/p1/p2/stats/punch_card"];
struct Peers {
    rook: rook::Routes,
    matchit: matchit::Router<usize>,
    actix: actix_router::Router<usize>,
    path_tree: path_tree::PathTree<usize>,
}

impl Peers {
    fn new(rook: rook::Routes, patterns: &[&str]) -> Peers {
        let mut matchit = matchit::Router::new();
        let mut actix = actix_router::Router::build();
        let mut path_tree = path_tree::PathTree::new();
        for (i, p) in patterns.iter().enumerate() {
            matchit.insert(*p, i).unwrap();
            actix.path(*p, i);
            let _ = path_tree.insert(&p.replace('{', ":").replace('}', ""), i);
        }
        Peers { rook, matchit, actix: actix.finish(), path_tree }
    }

    fn rook(&self, path: &str) -> Option<usize> {
        self.rook.recognize(&Method::GET, path).ok().map(|r| r.index)
    }

    fn matchit(&self, path: &str) -> Option<usize> {
        self.matchit.at(path).ok().map(|m| *m.value)
    }

    fn actix(&self, path: &'static str) -> Option<usize> {
        let mut path = actix_router::Path::new(path);
        self.actix.recognize(&mut path).map(|(i, _)| *i)
    }

    fn path_tree(&self, path: &str) -> Option<usize> {
        self.path_tree.find(path).map(|(i, _)| *i)
    }
}

fn group(c: &mut Criterion, name: &str, peers: &Peers, paths: &'static [&'static str]) {
    let mut g = c.benchmark_group(name);
    g.bench_function("rook", |b| {
        b.iter(|| paths.iter().map(|p| peers.rook(black_box(p))).fold(0, |a, r| a + r.unwrap_or(0)))
    });
    g.bench_function("matchit", |b| {
        b.iter(|| paths.iter().map(|p| peers.matchit(black_box(p))).fold(0, |a, r| a + r.unwrap_or(0)))
    });
    g.bench_function("actix-router", |b| {
        b.iter(|| paths.iter().map(|p| peers.actix(black_box(p))).fold(0, |a, r| a + r.unwrap_or(0)))
    });
    g.bench_function("path-tree", |b| {
        b.iter(|| paths.iter().map(|p| peers.path_tree(black_box(p))).fold(0, |a, r| a + r.unwrap_or(0)))
    });
    g.finish();
}

/// The typed group: Rook parses the `u32` while matching, the peers after.
fn typed(c: &mut Criterion, peers: &Peers) {
    let paths = table::TYPED_REQUESTS;
    let mut g = c.benchmark_group("typed");
    let last = |pattern: &str| pattern.rsplit('{').next().unwrap().trim_end_matches('}').to_owned();
    let keys: Vec<String> = table::TYPED_PATTERNS.iter().map(|p| last(p)).collect();
    g.bench_function("rook", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| {
                    let r = peers.rook.recognize(&Method::GET, black_box(p)).unwrap();
                    r.capture(&keys[r.index]).unwrap().parse::<u32>().unwrap() as usize + r.index
                })
                .sum::<usize>()
        })
    });
    g.bench_function("matchit", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| {
                    let m = peers.matchit.at(black_box(p)).unwrap();
                    m.params.get(&keys[*m.value]).unwrap().parse::<u32>().unwrap() as usize + *m.value
                })
                .sum::<usize>()
        })
    });
    g.bench_function("actix-router", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| {
                    let mut path = actix_router::Path::new(*black_box(p));
                    let i = *peers.actix.recognize(&mut path).unwrap().0;
                    path.get(&keys[i]).unwrap().parse::<u32>().unwrap() as usize + i
                })
                .sum::<usize>()
        })
    });
    g.bench_function("path-tree", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| {
                    let (i, path) = peers.path_tree.find(black_box(p)).unwrap();
                    path.params_iter().last().unwrap().1.parse::<u32>().unwrap() as usize + *i
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let all = Peers::new(table::rook(), table::PATTERNS);
    // Every peer agrees on every hit and miss before anything is timed.
    for (i, path) in table::REQUESTS.iter().enumerate() {
        let expected = Some(i);
        assert_eq!(
            (all.rook(path), all.matchit(path), all.actix(path), all.path_tree(path)),
            (expected, expected, expected, expected),
            "{path}"
        );
    }
    for path in table::MISSES {
        assert_eq!((all.rook(path), all.matchit(path), all.actix(path)), (None, None, None), "{path}");
    }
    group(c, "hits", &all, table::REQUESTS);
    group(c, "deep", &all, DEEP);
    group(c, "misses", &all, table::MISSES);
    let typed_peers = Peers::new(table::rook_typed(), table::TYPED_PATTERNS);
    for (i, path) in table::TYPED_REQUESTS.iter().enumerate() {
        assert_eq!((typed_peers.rook(path), typed_peers.matchit(path)), (Some(i), Some(i)), "{path}");
    }
    typed(c, &typed_peers);
}

criterion_group!(router, benches);
criterion_main!(router);
