//! A [`Request`] as a `curl` command line that sends exactly it, to replay a failure by hand
//! against `cargo run`.

use std::fmt;

use super::request::Request;

/// Where `rook::serve` listens unless `HOST`/`PORT` say otherwise.
pub(crate) const DEFAULT_BASE: &str = "http://127.0.0.1:8080";

/// Quotes `text` for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The `curl` command that sends `req` to the server at `base` (`http://host:port`) and shows the
/// answer's head: `--path-as-is` keeps `.` and `..` segments, `-g` keeps `[]{}` literal, HEAD
/// is `-I` (curl would wait for a body after `-X HEAD`).
///
/// ```
/// use rook::testing::{Request, curl};
///
/// let req = Request::new("DELETE", "/it's/../x?a=1").header("Cookie", "s=1");
/// assert_eq!(
///     curl(&req, "http://127.0.0.1:8080"),
///     r"curl -i --path-as-is -g -X DELETE 'http://127.0.0.1:8080/it'\''s/../x?a=1' -H 'Cookie: s=1'"
/// );
/// ```
pub fn curl(req: &Request, base: &str) -> String {
    let mut out = String::from("curl -i --path-as-is -g");
    match req.method.as_str() {
        "GET" => {}
        "HEAD" => out.push_str(" -I"),
        // Methods are tokens: nothing to quote.
        m => out.push_str(&format!(" -X {m}")),
    }
    out.push(' ');
    out.push_str(&quote(&format!("{base}{}", req.target())));
    for (name, value) in &req.headers {
        // `Name;` is curl's way to send a header with an empty value.
        let header = if value.is_empty() { format!("{name};") } else { format!("{name}: {value}") };
        out.push_str(" -H ");
        out.push_str(&quote(&header));
    }
    out
}

/// A request shows as the `curl` command that replays it against `rook::serve`'s default address.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&curl(self, DEFAULT_BASE))
    }
}
