//! HTML pages: the runtime side of [`html!`](crate::html!).
//!
//! `html!` (in `rook-derive`) parses HTML-like syntax at compile time and emits the template's
//! static parts once, as `&'static str` data, apart from the code that writes its dynamic
//! values. At run time the generated code drives a [`Writer`]: static parts are copied as they
//! are, every inserted value goes through [`Render`], which escapes it for the context it is
//! inserted in (text, attribute, URL attribute, `<script>`, `<style>`). The result is an
//! [`Html`]: markup that is safe to send, and a responder (`text/html; charset=utf-8`).
//!
//! Markup is inserted unescaped only through [`Html`] itself ([`Html::raw`] says so in the
//! code that builds it).

mod context;
mod escape;
mod markup;
mod render;
mod size_hint;
mod url;
mod values;
mod writer;

pub use context::Context;
pub use markup::Html;
pub use render::{Children, Display, Render, display};
pub use size_hint::SizeHint;
pub use writer::Writer;
