//! [`LinkBuilder`]: what a generated link builder calls, segment by segment and parameter by
//! parameter, and the encoding rules of links.

use super::encode::encode_segment;
use super::link::Link;
use super::to_segment::ToSegment;

/// Builds one link; the code `#[rook::routes]` generates calls it. Not public API.
#[doc(hidden)]
#[derive(Default)]
pub struct LinkBuilder {
    path: String,
    query: String,
}

impl LinkBuilder {
    /// An empty link (the root `/` if nothing is added).
    pub fn new() -> LinkBuilder {
        LinkBuilder::default()
    }

    /// A literal segment, as declared (decoded text).
    pub fn literal(&mut self, text: &str) {
        self.path.push('/');
        self.path.push_str(&encode_segment(text));
    }

    /// A capture's value.
    pub fn segment<T: ToSegment + ?Sized>(&mut self, value: &T) {
        self.literal(&value.to_segment());
    }

    /// A query parameter's value, form-encoded (`application/x-www-form-urlencoded`, as Rook
    /// decodes the query: `+` for a space).
    pub fn query<T: ToSegment + ?Sized>(&mut self, key: &str, value: &T) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(form_urlencoded::byte_serialize(key.as_bytes()));
        self.query.push('=');
        self.query.extend(form_urlencoded::byte_serialize(value.to_segment().as_bytes()));
    }

    /// The values of a query parameter whose key an earlier parameter of the route also reads
    /// (`? "a" as x: u8 & "a" as y: Option<u8>`): both read every occurrence, so a value already
    /// written counts for this parameter too, and only the occurrences still missing are added.
    pub fn query_merge<T: ToSegment>(&mut self, key: &str, values: &[T]) {
        let written: Vec<String> = form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
            .collect();
        let texts: Vec<String> = values.iter().map(ToSegment::to_segment).collect();
        for (i, text) in texts.iter().enumerate() {
            let wanted = texts[..=i].iter().filter(|t| *t == text).count();
            if written.iter().filter(|w| *w == text).count() < wanted {
                self.query(key, text.as_str());
            }
        }
    }

    /// The link.
    pub fn finish<Of>(self) -> Link<Of> {
        let path = if self.path.is_empty() { "/".to_owned() } else { self.path };
        Link::new(path, self.query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_a_segment_cannot_hold() {
        assert_eq!(encode_segment("a/b"), "a%2Fb");
        assert_eq!(encode_segment("50% off?#x"), "50%25%20off%3F%23x");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment("a+b:c@d"), "a+b:c@d");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("..."), "...");
    }

    #[test]
    fn builds_path_and_query() {
        let mut b = LinkBuilder::new();
        b.literal("search");
        b.segment("x/y");
        b.query("term", "oak chair");
        b.query("n", &3u8);
        b.query_merge("n", &[3u8, 3, 4]);
        let link: Link = b.finish();
        assert_eq!(link.to_string(), "/search/x%2Fy?term=oak+chair&n=3&n=3&n=4");
        assert_eq!(LinkBuilder::new().finish::<()>().path(), "/");
    }

    #[test]
    fn prefixes_an_include() {
        let mut b = LinkBuilder::new();
        b.literal("p");
        let inner: Link = b.finish();
        assert_eq!(inner.__under::<()>(&["api", "a/b"]).path(), "/api/a%2Fb/p");
        assert_eq!(LinkBuilder::new().finish::<()>().__under::<()>(&["api"]).path(), "/api");
    }
}
