//! [`Template`]: the static parts of one `html!` block as a live view sees them.

use std::fmt;

/// The static parts of one block of an `html!` template (the template itself, an `@if` branch,
/// an `@match` arm, a `@for` body, a component's children), as the live render writes them:
/// `statics[0]`, slot 0, `statics[1]`, slot 1, …, `statics[n]`. Emitted once per block as a
/// `static` by `html!`; its address is its identity, so every item of a `@for` list shares one.
///
/// In the live render a slot between tags is framed by the markers `<!--[-->` and `<!--]-->`
/// (part of the neighbouring statics), so the client can find it without a virtual DOM.
pub struct Template {
    statics: &'static [&'static str],
}

impl Template {
    /// A template of these statics (one more than it has slots). Used by the code `html!`
    /// generates.
    #[doc(hidden)]
    pub const fn new(statics: &'static [&'static str]) -> Template {
        Template { statics }
    }

    /// The static parts, one more than the slots.
    pub fn statics(&self) -> &'static [&'static str] {
        self.statics
    }

    /// The number of dynamic slots.
    pub fn slots(&self) -> usize {
        self.statics.len().saturating_sub(1)
    }

    /// The template's identity: the address of its static table.
    pub fn id(&'static self) -> usize {
        self as *const Template as usize
    }
}

impl fmt::Debug for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Template").field("statics", &self.statics).finish()
    }
}
