//! Live views (SPEC §16): a page whose state lives on the server, whose events come up a
//! WebSocket (or a plain form POST without JavaScript), and whose changes go down as patches
//! of the dynamic slots of its `html!` template.
//!
//! - [`render_tree`] renders a view so that `html!` reports its structure: a [`Tree`] of
//!   [`Template`]s (static parts) and [`Slot`]s (values, attributes, blocks, lists).
//! - [`Encoder::diff`] compares two trees and gives a compact JSON patch; [`ClientTree`] is a
//!   model of what the browser does with it.
//!
//! See `docs/live.md` for the wire format.

mod client;
mod diff;
mod template;
pub(crate) mod track;
mod tree;

pub use client::{ApplyError, ClientTree};
pub use diff::Encoder;
pub use template::Template;
pub use track::{Tracker, render_tree};
pub use tree::{Item, List, Slot, Tree};
