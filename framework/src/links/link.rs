//! [`Link`]: a built link to a named route.

use std::fmt;
use std::marker::PhantomData;

use super::base::link_base;
use super::encode::encode_segment;

/// A link to a named route, built by the link builders `#[rook::routes]` generates
/// (`shop::product(42)`): the path, percent-encoded, with the prefixes of the `include`s it
/// came through, and the query of the route's query parameters, form-encoded. It needs no
/// request, so it can be built in a background job or a template.
///
/// `Of` is the table the link belongs to (the `Table` type of the generated module): an
/// include's builder (`shop::v1(api::product(7))`) takes only links of the included table.
/// Its `Display` is the request target: the path, then `?` and the query if there is one.
pub struct Link<Of = ()> {
    path: String,
    query: String,
    of: PhantomData<fn() -> Of>,
}

impl<Of> Link<Of> {
    pub(crate) fn new(path: String, query: String) -> Link<Of> {
        Link { path, query, of: PhantomData }
    }

    /// The path, percent-encoded: `/catalogue/products/42`, `/` for the root.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query without its `?`, form-encoded (`term=oak+chair`); `None` when the route's
    /// query parameters left it empty.
    pub fn query(&self) -> Option<&str> {
        (!self.query.is_empty()).then_some(self.query.as_str())
    }

    /// The absolute URL on `base` (`https://shop.example` or `https://shop.example/app` when
    /// the table is mounted under a prefix); a trailing `/` of `base` is ignored.
    pub fn url_on(&self, base: &str) -> String {
        format!("{}{self}", base.trim_end_matches('/'))
    }

    /// The absolute URL on the base set by [`set_link_base`](crate::set_link_base), or `None`
    /// when none was set.
    pub fn url(&self) -> Option<String> {
        link_base().map(|base| self.url_on(&base))
    }

    /// The same link with the type of the table it belongs to forgotten, to keep links of
    /// different tables together.
    pub fn erase(self) -> Link {
        Link::new(self.path, self.query)
    }

    /// The link with an include's literal `prefix` (raw segments, percent-encoded here) put in
    /// front, as a link of the including table. Used by the generated include builders.
    #[doc(hidden)]
    pub fn __under<To>(self, prefix: &[&str]) -> Link<To> {
        let mut path: String = prefix.iter().map(|p| format!("/{}", encode_segment(p))).collect();
        if path.is_empty() || self.path != "/" {
            path.push_str(&self.path);
        }
        Link::new(path, self.query)
    }
}

impl<Of> fmt::Display for Link<Of> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

impl<Of> fmt::Debug for Link<Of> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Link({self})")
    }
}

impl<Of> Clone for Link<Of> {
    fn clone(&self) -> Self {
        Link::new(self.path.clone(), self.query.clone())
    }
}

impl<Of> PartialEq for Link<Of> {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.query == other.query
    }
}

impl<Of> Eq for Link<Of> {}

impl<Of> From<Link<Of>> for String {
    fn from(link: Link<Of>) -> String {
        link.to_string()
    }
}
