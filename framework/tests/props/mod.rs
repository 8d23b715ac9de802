//! Helpers of `matcher_props.rs` and `link_roundtrip.rs`: the generated route tables, and the
//! values their link builders are called with.

// Each test crate uses a part of these helpers.
#![allow(dead_code)]

pub(crate) mod tables;

use rook::FromSegment;
use rook::testing::{Captures, Request};

/// Typed values for a link builder, read from the captures of a route and the query of a
/// request (decoded as Rook decodes them). Every value is parsed by its type's `FromSegment`.
pub(crate) struct Values {
    /// The path captures, decoded.
    pub(crate) captures: Captures,
    /// The request whose query holds the query parameters.
    pub(crate) request: Request,
}

impl Values {
    fn parse<T: FromSegment>(what: &str, text: &str) -> T {
        T::from_segment(text).unwrap_or_else(|e| panic!("{what} = {text:?} does not parse: {e}"))
    }

    /// A capture.
    pub(crate) fn one<T: FromSegment>(&self, name: &str) -> T {
        Self::parse(name, self.captures.one(name).unwrap_or_else(|| panic!("capture {name} is not bound once")))
    }

    /// An optional capture: absent, or one value.
    pub(crate) fn optional<T: FromSegment>(&self, name: &str) -> Option<T> {
        self.captures.one(name).map(|text| Self::parse(name, text))
    }

    /// A slurpy.
    pub(crate) fn many<T: FromSegment>(&self, name: &str) -> Vec<T> {
        self.captures.get(name).unwrap_or_default().iter().map(|text| Self::parse(name, text)).collect()
    }

    /// A required query parameter.
    pub(crate) fn query_one<T: FromSegment>(&self, key: &str) -> T {
        let values = self.request.query_values(key);
        assert_eq!(values.len(), 1, "query parameter {key} of {}", self.request.target());
        Self::parse(key, &values[0])
    }

    /// An optional query parameter (or one with a default): absent, or one value.
    pub(crate) fn query_optional<T: FromSegment>(&self, key: &str) -> Option<T> {
        self.request.query_values(key).first().map(|text| Self::parse(key, text))
    }

    /// A `Vec` query parameter.
    pub(crate) fn query_many<T: FromSegment>(&self, key: &str) -> Vec<T> {
        self.request.query_values(key).iter().map(|text| Self::parse(key, text)).collect()
    }
}
