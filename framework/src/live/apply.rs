//! Running a view's code: `update` on a copy of the state and `render` through
//! [`render_tree`], both under `catch_unwind`, so that a panic keeps the last good state.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use super::track::render_tree;
use super::tree::Tree;
use super::view::LiveView;
use crate::html::Html;

/// Why an event or a render did not go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failed {
    /// `update` or `render` panicked; the state is as before.
    Panicked,
    /// `render` used no `html!`: there is no tree to send.
    NoTree,
}

/// Renders `view`'s live form.
pub(crate) fn render<V: LiveView>(view: &V) -> Result<(Html, Tree), Failed> {
    match catch_unwind(AssertUnwindSafe(|| render_tree(|| view.render()))) {
        Ok(Some(rendered)) => Ok(rendered),
        Ok(None) => Err(Failed::NoTree),
        Err(_) => Err(Failed::Panicked),
    }
}

/// A copy of the current state.
pub(crate) fn current<V: LiveView>(state: &Mutex<V>) -> V {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// Applies `event` to a copy of the state, renders it, and stores it if both went well.
pub(crate) fn apply<V: LiveView>(state: &Mutex<V>, event: V::Event) -> Result<(Html, Tree), Failed> {
    let mut next = current(state);
    if catch_unwind(AssertUnwindSafe(|| next.update(event))).is_err() {
        log::error!("live: `update` panicked; the view keeps its last good state");
        return Err(Failed::Panicked);
    }
    let rendered = render(&next)?;
    *state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = next;
    Ok(rendered)
}
