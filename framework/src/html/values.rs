//! How the code `html!` generates writes a value in a context and a dynamic attribute: the
//! part of [`Writer`] that takes a [`Render`] value (apart from `writer.rs`, which `Render`'s
//! own file uses).

use super::context::Context;
use super::render::Render;
use super::url;
use super::writer::Writer;

impl Writer {
    /// Writes `value` in `context`, then returns to the current one.
    #[doc(hidden)]
    #[inline]
    pub fn value_in(&mut self, context: Context, value: &(impl Render + ?Sized)) {
        let outer = std::mem::replace(&mut self.context, context);
        value.render(self);
        self.context = outer;
    }

    /// Writes a dynamic attribute: `opening` is ` name="` as written in the template. An
    /// absent value (`None`, `false`) leaves the attribute out; in a URL attribute
    /// (`href`, `src`, `action`, `formaction`) a `javascript:`, `vbscript:` or `data:` value
    /// drops it too, with a warning in the log.
    #[doc(hidden)]
    // Always: a template's live form calls it too, and a second call site must not move the
    // plain render's attributes out of line (callgrind, benches/render.rs).
    #[inline(always)]
    pub fn attribute(&mut self, opening: &'static str, url: bool, value: &(impl Render + ?Sized)) {
        if value.absent() {
            return;
        }
        let start = self.buf.len();
        self.buf.push_str(opening);
        let value_start = self.buf.len();
        self.value_in(if url { Context::Url } else { Context::Attribute }, value);
        if url && url::is_refused(&self.buf[value_start..]) {
            log::warn!(
                "html!: dropped the attribute{}: its URL {:?} has a scheme that runs code",
                &opening[..opening.len() - 2],
                &self.buf[value_start..]
            );
            self.buf.truncate(start);
            return;
        }
        self.buf.push('"');
    }
}
