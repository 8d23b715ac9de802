//! [`Writer`]: the buffer a template renders into, and the context its next value lands in.

use std::fmt;

use super::context::Context;
use super::escape;
use super::markup::Html;
use crate::live::Template;
use crate::live::track::{self, Tracker};

/// The buffer an `html!` template writes into. Static parts go in as they are; values go in
/// through [`Render`], escaped for the [`Context`] the writer is in.
///
/// A type of your own renders itself with [`Writer::text`] (escaped) or [`Writer::markup`]
/// (trusted markup), or with `html!` nested in its `render`.
#[derive(Debug, Default)]
pub struct Writer {
    pub(super) buf: String,
    pub(super) context: Context,
    /// Present only while a live view renders (`rook::live::render_tree`).
    track: Option<Box<Tracker>>,
}

impl Writer {
    /// An empty writer with room for `capacity` bytes.
    #[inline]
    pub fn with_capacity(capacity: usize) -> Writer {
        Writer { buf: String::with_capacity(capacity), context: Context::Text, track: None }
    }

    /// The context the next value is written in.
    #[inline]
    pub fn context(&self) -> Context {
        self.context
    }

    /// Writes `text`, escaped for the current context.
    #[inline]
    pub fn text(&mut self, text: &str) {
        match self.context {
            Context::Text | Context::Attribute | Context::Url => escape::entities(&mut self.buf, text),
            Context::Script => escape::raw_text(&mut self.buf, text, "script"),
            Context::Style => escape::raw_text(&mut self.buf, text, "style"),
        }
    }

    /// Writes a value's `Display` form, escaped for the current context (without an
    /// intermediate `String`).
    pub fn display(&mut self, value: &dyn fmt::Display) {
        struct Escaping<'a>(&'a mut Writer);
        impl fmt::Write for Escaping<'_> {
            fn write_str(&mut self, text: &str) -> fmt::Result {
                self.0.text(text);
                Ok(())
            }
        }
        // Writing into a `String` cannot fail; a `Display` that reports an error has written
        // what it could, and the page keeps it.
        let _ = fmt::write(&mut Escaping(self), format_args!("{value}"));
    }

    /// Writes `markup` as it is: only for text that is already HTML ([`Html`]).
    #[inline]
    pub fn markup(&mut self, markup: &str) {
        self.buf.push_str(markup);
    }

    /// Writes a template's static part. Used by the code `html!` generates.
    #[doc(hidden)]
    #[inline]
    pub fn static_part(&mut self, part: &'static str) {
        self.buf.push_str(part);
    }

    /// The length written so far.
    #[inline]
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing has been written yet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The markup written.
    #[inline]
    pub fn finish(self) -> Html {
        if let Some(tracker) = self.track {
            track::finished(*tracker);
        }
        Html::from_trusted(self.buf)
    }

    /// Whether a live render is running (`rook::live::render_tree`): then this template
    /// records its slots and writes its live form. Used by the code `html!` generates (one
    /// thread-local read on a plain render).
    #[doc(hidden)]
    #[inline]
    pub fn live_template(&mut self) -> bool {
        if !track::armed() {
            return false;
        }
        self.track = track::take_pending();
        self.track.is_some()
    }

    /// Whether this writer records a live view's slots. Used by the code `html!` generates.
    #[doc(hidden)]
    #[inline]
    pub fn is_tracking(&self) -> bool {
        self.track.is_some()
    }

    /// A block of `template` begins. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_tree_begin(&mut self, template: &'static Template) {
        if let Some(tracker) = &mut self.track {
            tracker.tree_begin(template, self.buf.len());
        }
    }

    /// The current block ends. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_tree_end(&mut self) {
        if let Some(tracker) = &mut self.track {
            tracker.tree_end(self.buf.len());
        }
    }

    /// A dynamic slot begins. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_slot_begin(&mut self) {
        if let Some(tracker) = &mut self.track {
            tracker.slot_begin(self.buf.len());
        }
    }

    /// The current dynamic slot ends. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_slot_end(&mut self) {
        if let Some(tracker) = &mut self.track {
            tracker.slot_end(&self.buf);
        }
    }

    /// A `@for` loop over blocks of `template` begins. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_list_begin(&mut self, template: &'static Template) {
        if let Some(tracker) = &mut self.track {
            tracker.list_begin(template);
        }
    }

    /// The key of the next `@for` item. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_item_key(&mut self, key: &dyn fmt::Display) {
        if let Some(tracker) = &mut self.track {
            tracker.item_key(key.to_string());
        }
    }

    /// The current `@for` loop ends. Used by the code `html!` generates.
    #[doc(hidden)]
    pub fn live_list_end(&mut self) {
        if let Some(tracker) = &mut self.track {
            tracker.list_end();
        }
    }
}
