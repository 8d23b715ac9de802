//! Binding query, header and cookie parameters (docs/routing.md, docs/routing.md#statuses-the-router-answers).
//!
//! A parameter is required (`T`: exactly once), optional (`Option<T>` or a default: at most
//! once) or collecting (`Vec<T>`: any number). A failure is a [`ParamError`], which the router
//! turns into a 400 when no other route handles the request.

use std::borrow::Cow;
use std::fmt;

use actix_web::HttpRequest;

use super::path::{PathError, decode};
use super::segment::{FromSegment, SegmentError};

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The query string.
    Query,
    /// A request header (names are case-insensitive).
    Header,
    /// A cookie (names are case-sensitive).
    Cookie,
}

impl Source {
    fn noun(self) -> &'static str {
        match self {
            Source::Query => "query parameter",
            Source::Header => "header",
            Source::Cookie => "cookie",
        }
    }
}

/// What was wrong with a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required parameter was absent.
    Missing,
    /// A parameter that takes one value was given several.
    Repeated,
    /// The value was not accepted by the parameter's type.
    Invalid(SegmentError),
}

/// A query, header or cookie parameter that could not be bound.
///
/// Its `Display` is the one-line body of the router's 400:
/// `missing query parameter "term"`, `query parameter "page": invalid digit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// Where the parameter is read from.
    pub source: Source,
    /// The key, header name or cookie name, as written in the route.
    pub name: &'static str,
    /// What was wrong.
    pub problem: Problem,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (noun, name) = (self.source.noun(), self.name);
        match &self.problem {
            Problem::Missing => write!(f, "missing {noun} \"{name}\""),
            Problem::Repeated => write!(f, "repeated {noun} \"{name}\""),
            Problem::Invalid(e) => write!(f, "{noun} \"{name}\": {e}"),
        }
    }
}

impl std::error::Error for ParamError {}

/// One raw value of a parameter, or why it could not even be read as text.
pub(crate) type RawValue<'a> = Result<Cow<'a, str>, SegmentError>;

/// The values of query key `key` (docs/routing.md): pairs split on `&`, then at the first `=`; keys and
/// values percent-decoded strictly with `+` as a space. A pair whose key does not decode is
/// not `key`'s; a value that does not decode is an error naming the parameter.
pub fn query_values<'a>(query: &'a str, key: &'a str) -> impl Iterator<Item = RawValue<'a>> {
    pairs(query).filter_map(move |(k, v)| {
        let matches = if plain(k) { k == key } else { form_decode(k).is_ok_and(|k| k == key) };
        matches.then(|| {
            form_decode(v).map_err(|e| match e {
                PathError::MalformedEscape => SegmentError::new("malformed percent-escape"),
                PathError::NotUtf8 => SegmentError::new("not valid UTF-8 after decoding"),
            })
        })
    })
}

/// The pairs of a query: split on `&`, each at its first `=` (a pair without one has the empty
/// value). One pass over the bytes per pair: queries are short, and the `str` pattern searchers
/// cost more than they save on them.
fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = Some(query);
    std::iter::from_fn(move || {
        let text = rest?;
        let bytes = text.as_bytes();
        let (mut eq, mut end) = (None, bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'&' {
                end = i;
                break;
            }
            if b == b'=' && eq.is_none() {
                eq = Some(i);
            }
        }
        // `&` and `=` are ASCII: every index here is a character boundary.
        rest = (end < bytes.len()).then(|| &text[end + 1..]);
        let pair = &text[..end];
        Some(match eq {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, ""),
        })
    })
}

/// Whether form-decoding `raw` leaves it as it is (no `+`, no escape).
fn plain(raw: &str) -> bool {
    !raw.bytes().any(|b| b == b'+' || b == b'%')
}

/// A form-encoded key or value: `+` is a space, escapes decode strictly.
fn form_decode(raw: &str) -> Result<Cow<'_, str>, PathError> {
    if plain(raw) {
        Ok(Cow::Borrowed(raw))
    } else if raw.contains('+') {
        decode(&raw.replace('+', " ")).map(|text| Cow::Owned(text.into_owned()))
    } else {
        decode(raw)
    }
}

/// The values of header `name` (one per header line).
pub fn header_values<'a>(req: &'a HttpRequest, name: &'a str) -> impl Iterator<Item = RawValue<'a>> {
    req.headers()
        .get_all(name)
        .map(|v| v.to_str().map(Cow::Borrowed).map_err(|_| SegmentError::new("not visible ASCII text")))
}

/// The values of cookie `name` (percent-decoded).
pub fn cookie_values(req: &HttpRequest, name: &str) -> Vec<RawValue<'static>> {
    match req.cookies() {
        Ok(jar) => jar.iter().filter(|c| c.name() == name).map(|c| Ok(Cow::Owned(c.value().to_owned()))).collect(),
        Err(_) => vec![Err(SegmentError::new("malformed Cookie header"))],
    }
}

fn parse<T: FromSegment>(source: Source, name: &'static str, raw: RawValue<'_>) -> Result<T, ParamError> {
    raw.and_then(|s| T::from_segment(&s)).map_err(|e| ParamError { source, name, problem: Problem::Invalid(e) })
}

/// A required parameter: exactly one value, accepted by `T`.
pub fn one<'a, T: FromSegment>(
    source: Source,
    name: &'static str,
    values: impl Iterator<Item = RawValue<'a>>,
) -> Result<T, ParamError> {
    optional(source, name, values)?.ok_or(ParamError { source, name, problem: Problem::Missing })
}

/// An optional parameter: no value, or one accepted by `T`.
pub fn optional<'a, T: FromSegment>(
    source: Source,
    name: &'static str,
    mut values: impl Iterator<Item = RawValue<'a>>,
) -> Result<Option<T>, ParamError> {
    let Some(first) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(ParamError { source, name, problem: Problem::Repeated });
    }
    parse(source, name, first).map(Some)
}

/// A collecting parameter: every value, each accepted by `T`.
pub fn many<'a, T: FromSegment>(
    source: Source,
    name: &'static str,
    values: impl Iterator<Item = RawValue<'a>>,
) -> Result<Vec<T>, ParamError> {
    values.map(|raw| parse(source, name, raw)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q<'a>(query: &'a str, key: &'a str) -> impl Iterator<Item = RawValue<'a>> {
        query_values(query, key)
    }

    #[test]
    fn binds_query_values() {
        assert_eq!(one::<u32>(Source::Query, "page", q("page=2", "page")), Ok(2));
        assert_eq!(one::<String>(Source::Query, "a", q("a", "a")), Ok(String::new()));
        assert_eq!(one::<String>(Source::Query, "a", q("a=&b=1", "a")), Ok(String::new()));
        assert_eq!(optional::<u32>(Source::Query, "x", q("", "x")), Ok(None));
        assert_eq!(many::<u8>(Source::Query, "t", q("t=1&u=2&t=3", "t")), Ok(vec![1, 3]));
        assert_eq!(one::<String>(Source::Query, "s", q("s=a+b%21", "s")), Ok("a b!".into()));
        assert_eq!(one::<String>(Source::Query, "k y", q("k+y=1&k%zz=2", "k y")), Ok("1".into()));
    }

    #[test]
    fn splits_pairs_like_split_and_split_once() {
        for query in ["", "a", "a=1", "a=1&b=2", "a==1&&b", "=x&y=", "&", "k=v=w&é=ü&x"] {
            let ours: Vec<_> = pairs(query).collect();
            let theirs: Vec<_> = query.split('&').map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
            assert_eq!(ours, theirs, "{query:?}");
        }
    }

    #[test]
    fn failures_say_what_failed() {
        let err = |r: Result<u32, ParamError>| r.unwrap_err().to_string();
        assert_eq!(err(one(Source::Query, "term", q("", "term"))), r#"missing query parameter "term""#);
        assert_eq!(err(one(Source::Query, "p", q("p=1&p=2", "p"))), r#"repeated query parameter "p""#);
        assert_eq!(err(one(Source::Query, "page", q("page=x", "page"))), r#"query parameter "page": invalid digit"#);
        assert_eq!(err(one(Source::Query, "t", q("t=%zz", "t"))), r#"query parameter "t": malformed percent-escape"#);
        assert_eq!(
            err(one(Source::Query, "t", q("t=%FF", "t"))),
            r#"query parameter "t": not valid UTF-8 after decoding"#
        );
        let missing = ParamError { source: Source::Header, name: "User-Agent", problem: Problem::Missing };
        assert_eq!(missing.to_string(), r#"missing header "User-Agent""#);
    }
}
