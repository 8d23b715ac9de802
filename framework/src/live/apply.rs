//! Running a view's code: `update` on a copy of the state and `render` through
//! [`render_tree`], both under `catch_unwind`, so that a panic keeps the last good state.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, MutexGuard};

use super::held::Held;
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
    /// The event's number was applied before: it is not applied again.
    Duplicate,
}

/// Renders `view`'s live form.
pub(crate) fn render<V: LiveView>(view: &V) -> Result<(Html, Tree), Failed> {
    match catch_unwind(AssertUnwindSafe(|| render_tree(|| view.render()))) {
        Ok(Some(rendered)) => Ok(rendered),
        Ok(None) => Err(Failed::NoTree),
        Err(_) => Err(Failed::Panicked),
    }
}

/// The held state, locked (a panic elsewhere never leaves it unusable: `update` runs on a copy).
pub(crate) fn lock<V>(state: &Mutex<Held<V>>) -> MutexGuard<'_, Held<V>> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A copy of the current state.
pub(crate) fn current<V: LiveView>(state: &Mutex<Held<V>>) -> V {
    lock(state).view.clone()
}

/// Applies `event` to a copy of the state, renders it, and keeps it if both went well. With
/// `numbered = Some((tab, seq))`, an event whose number `tab` has had applied already is
/// refused as [`Failed::Duplicate`]. The state stays locked throughout, so two connections
/// never apply the same numbered event twice.
pub(crate) fn apply<V: LiveView>(
    state: &Mutex<Held<V>>,
    numbered: Option<(&str, u64)>,
    event: V::Event,
) -> Result<(Html, Tree), Failed> {
    let mut held = lock(state);
    if let Some((tab, seq)) = numbered
        && seq <= held.last(tab)
    {
        return Err(Failed::Duplicate);
    }
    let mut next = held.view.clone();
    if catch_unwind(AssertUnwindSafe(|| next.update(event))).is_err() {
        log::error!("live: `update` panicked; the view keeps its last good state");
        return Err(Failed::Panicked);
    }
    let rendered = render(&next)?;
    held.view = next;
    if let Some((tab, seq)) = numbered {
        held.applied(tab, seq);
    }
    Ok(rendered)
}
