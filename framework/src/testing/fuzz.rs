//! Fuzz targets, as plain functions: `fuzz/` wraps them for cargo-fuzz, and Rook's tests replay
//! the committed corpora through them. Each panics when rook and the oracle disagree.

use actix_web::http::Method;

use crate::RouterError;
use crate::Routes;

use super::decode;
use super::generate::METHODS;
use super::oracle::{Captures, Oracle, Outcome, Seg};

/// The path decoder: `rook::split_decode` (word-at-a-time) against the oracle's
/// byte-by-byte decoder, on `data` read as the path.
///
/// ```
/// rook::testing::fuzz::path_decoder(b"/a%2Fb/%zz");
/// ```
pub fn path_decoder(data: &[u8]) {
    let Ok(path) = std::str::from_utf8(data) else { return };
    let got = crate::split_decode(path).map(|segs| segs.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(got, decode::split_decode(path), "split_decode({path:?})");
}

/// The method and path a fuzz input stands for: the first byte picks the method, the rest
/// (if UTF-8) is the path.
pub fn request_of(data: &[u8]) -> Option<(&'static str, &str)> {
    let (&first, rest) = data.split_first()?;
    Some((METHODS[first as usize % METHODS.len()], std::str::from_utf8(rest).ok()?))
}

/// The matcher: `Routes::recognize` on the request `data` stands for ([`request_of`]) against
/// the oracle's [`expect_path`](Oracle::expect_path) — route and captures, or 400/404/405 and
/// `Allow`.
///
/// ```
/// use rook::prelude::*;
/// use rook::testing::{Oracle, fuzz};
///
/// let routes = route! { get "a" / n: u8 => format!("{n}") };
/// fuzz::matcher(&routes, &Oracle::new(&routes), b"\x00/a/255");
/// ```
pub fn matcher(routes: &Routes, oracle: &Oracle, data: &[u8]) {
    let Some((method, path)) = request_of(data) else { return };
    let got = recognized(routes, oracle, method, path);
    let expected = oracle.expect_path(method, path);
    assert!(expected.contains(&got), "{method} {path:?}: rook says {got}, the oracle {expected:?}");
}

/// What [`Routes::recognize`] says, in the oracle's terms.
pub fn recognized(routes: &Routes, oracle: &Oracle, method: &str, path: &str) -> Outcome {
    let m = Method::from_bytes(method.as_bytes()).expect("a valid method");
    let allow = |methods: crate::Methods| methods.allow_header().split(", ").map(str::to_owned).collect();
    match routes.recognize(&m, path) {
        Ok(hit) => {
            let captures = oracle.routes[hit.index]
                .segs
                .iter()
                .filter_map(|s| match s {
                    Seg::Literal(_) => None,
                    Seg::Capture { name, .. } | Seg::Optional { name, .. } => {
                        Some((name.clone(), hit.capture(name).map(|s| s.into_owned()).into_iter().collect()))
                    }
                    Seg::Slurpy { name, .. } => {
                        let bound = hit.slurpy(name).unwrap_or_default();
                        Some((name.clone(), bound.iter().map(|s| s.to_string()).collect()))
                    }
                })
                .collect();
            Outcome::Route { index: hit.index, captures: Captures(captures) }
        }
        Err(RouterError::BadPath(e)) => Outcome::BadPath(e),
        Err(RouterError::NotFound) => Outcome::NotFound,
        // `recognize` stops at the 405; the mounted service answers OPTIONS with 204 instead.
        Err(RouterError::MethodNotAllowed(m)) if method == "OPTIONS" => Outcome::Options(allow(m)),
        Err(RouterError::MethodNotAllowed(m)) => Outcome::MethodNotAllowed(allow(m)),
        Err(RouterError::BadParam(e)) => panic!("recognize does not bind parameters, yet: {e}"),
    }
}
