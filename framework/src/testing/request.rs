//! [`Request`]: one generated request, as plain data that prints as an HTTP head and as `curl`.

use std::fmt;

use actix_web::http::Method;
use actix_web::test::TestRequest;

use super::decode;
use crate::PathError;

/// A request as the generators write it: method, raw (still percent-encoded) path and query,
/// and header lines in order (cookies travel in `Cookie` header lines).
///
/// It prints as an HTTP/1.1 request head, which is also the format of regression files
/// ([`Request::parse_all`]).
///
/// ```
/// use rook::testing::Request;
///
/// let req = Request::new("GET", "/search?term=oak+chair").header("Cookie", "session=abc");
/// assert_eq!(req.query_values("term"), ["oak chair"]);
/// assert_eq!(req.cookie_values("session"), ["abc"]);
/// assert_eq!(req.to_string(), "GET /search?term=oak+chair HTTP/1.1\nCookie: session=abc\n");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Request {
    /// The method, as sent (`GET`, `TRACE`, …).
    pub method: String,
    /// The path, percent-encoded as sent; starts with `/`.
    pub path: String,
    /// The query string as sent, without the `?`; `None` when the target has no `?`.
    pub query: Option<String>,
    /// Header lines in order: name as sent, value.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A request for `target` (a path, optionally followed by `?` and a query string).
    pub fn new(method: &str, target: &str) -> Request {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q.to_owned())),
            None => (target, None),
        };
        Request { method: method.to_owned(), path: path.to_owned(), query, headers: Vec::new() }
    }

    /// The same request with one more header line.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The request target: path, then `?` and the query if there is one.
    pub fn target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }

    /// The decoded values of query key `key`, in order (`+` is a space).
    pub fn query_values(&self, key: &str) -> Vec<String> {
        self.query_results(key).into_iter().filter_map(Result::ok).collect()
    }

    /// The values of query key `key`, each an `Err` when it does not decode (a malformed
    /// escape, or not UTF-8).
    pub(crate) fn query_results(&self, key: &str) -> Vec<Result<String, PathError>> {
        let pairs = decode::query_pairs(self.query.as_deref().unwrap_or(""));
        pairs.into_iter().filter(|(k, _)| k == key).map(|(_, v)| v).collect()
    }

    /// The values of header `name` (case-insensitive), one per line.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// The decoded values of cookie `name` (case-sensitive), from every `Cookie` line.
    pub fn cookie_values(&self, name: &str) -> Vec<String> {
        let lines = self.header_values("cookie");
        let pairs = lines.into_iter().flat_map(decode::cookie_pairs);
        pairs.filter(|(n, _)| n == name).map(|(_, v)| v).collect()
    }

    /// An actix-web test request with exactly these method, target and header lines.
    ///
    /// # Panics
    /// If the method or target is not valid HTTP; the generators only make valid ones.
    pub fn to_test_request(&self) -> TestRequest {
        let method = Method::from_bytes(self.method.as_bytes()).expect("a valid method");
        let mut req = TestRequest::default().method(method).uri(&self.target());
        for (name, value) in &self.headers {
            req = req.append_header((name.as_str(), value.as_str()));
        }
        req
    }

    /// Reads requests in the format they print in: a request line `METHOD TARGET HTTP/1.1`, then
    /// `Name: value` header lines; requests are separated by blank lines, and lines starting
    /// with `#` are comments.
    pub fn parse_all(text: &str) -> Result<Vec<Request>, String> {
        let mut out: Vec<Request> = Vec::new();
        let mut current: Option<Request> = None;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            if line.trim().is_empty() {
                out.extend(current.take());
                continue;
            }
            match &mut current {
                None => {
                    let mut words = line.split(' ');
                    let (Some(method), Some(target)) = (words.next(), words.next()) else {
                        return Err(format!("line {}: expected `METHOD TARGET HTTP/1.1`", n + 1));
                    };
                    current = Some(Request::new(method, target));
                }
                Some(req) => {
                    let Some((name, value)) = line.split_once(": ") else {
                        return Err(format!("line {}: expected `Name: value`", n + 1));
                    };
                    req.headers.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        out.extend(current);
        Ok(out)
    }
}

impl fmt::Display for Request {
    /// The request head: `GET /path?query HTTP/1.1`, then one `Name: value` line per header.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {} HTTP/1.1", self.method, self.target())?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_reads_back() {
        let reqs = [
            Request::new("GET", "/a%2Fb?x=1&x=2").header("User-Agent", "t").header("cookie", "a=1; b=2"),
            Request::new("TRACE", "/"),
        ];
        let text: String = reqs.iter().map(|r| format!("# a comment\n{r}\n")).collect();
        assert_eq!(Request::parse_all(&text).unwrap(), reqs);
        assert!(Request::parse_all("GET\n").is_err());
    }
}
