//! Typed links to named routes (docs/links-openapi.md): what `#[rook::routes]` generates link builders
//! against. A [`Link`] is a path (and query) built from typed values, percent-encoded, with the
//! prefixes of the `include`s it came through; it needs no request.

pub(crate) mod base;
pub(crate) mod builder;
pub(crate) mod encode;
pub(crate) mod link;
pub(crate) mod text;
pub(crate) mod to_segment;
