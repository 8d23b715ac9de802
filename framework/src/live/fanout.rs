//! One render per distinct state on a publication: views that say, through
//! [`LiveView::render_key`], that they render alike share one render of each publication, and
//! the clients that held the same tree with the same templates share the patch's bytes.
//!
//! The rule: two views of one type, on the same topics, with equal `Some` keys, render the
//! same markup. On a publication the first of them to wake renders (the others wait for it
//! rather than render too) and the render is kept for the topics' versions it saw; a view that
//! wakes for those versions, or older ones, takes it. Each view then needs the patch from the
//! tree its client holds: after the first shared render every view of the group holds the very
//! same tree, so the patch is computed once per distinct (tree, templates the client knows) and
//! its JSON text is sent to all of them.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

use super::apply::{self, Failed};
use super::diff::Encoder;
use super::tree::Tree;
use super::view::LiveView;

/// A group: the view's type, its key, and the topics it listens to (by identity).
type GroupKey = (TypeId, u64, Vec<usize>);

/// The last shared render of each group.
static GROUPS: LazyLock<Mutex<HashMap<GroupKey, Arc<Group>>>> = LazyLock::new(Mutex::default);

/// Past this many groups, those no view shows any more are dropped when a new one comes.
const GROUPS_KEPT: usize = 64;

/// Patches kept per render (one per distinct tree and templates a client held).
const PATCHES_KEPT: usize = 8;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The views that render alike, and their last shared render.
#[derive(Default)]
pub(crate) struct Group {
    last: Mutex<Option<Arc<Shared>>>,
}

/// One render of a group, for the topics' versions it was made at.
pub(crate) struct Shared {
    versions: Vec<u64>,
    /// The render's tree; the views that take it hold it as theirs.
    pub(crate) tree: Arc<Tree>,
    patches: Mutex<Vec<Patch>>,
}

/// A patch from a tree a client held, with what the client's encoder knew before and after.
struct Patch {
    from: Arc<Tree>,
    before: Encoder,
    after: Encoder,
    body: Option<Arc<str>>,
}

/// The group of views of type `V` with render key `key` listening to `topics`. A view keeps
/// it while its key stays the same, so that a publication costs it no lookup here.
pub(crate) fn group<V: LiveView>(key: u64, topics: &[usize]) -> Arc<Group> {
    let mut groups = lock(&GROUPS);
    let group_key = (TypeId::of::<V>(), key, topics.to_vec());
    if !groups.contains_key(&group_key) && groups.len() >= GROUPS_KEPT {
        groups.retain(|_, group| {
            Arc::strong_count(group) > 1 || lock(&group.last).as_ref().is_some_and(|s| Arc::strong_count(&s.tree) > 1)
        });
    }
    groups.entry(group_key).or_default().clone()
}

impl Group {
    /// The group's render for the topics' `versions`: the one kept, when it is for these
    /// versions or later ones, else a new render of `view` (made while the others of the group
    /// wait for it).
    pub(crate) fn render<V: LiveView>(&self, view: &V, versions: Vec<u64>) -> Result<Arc<Shared>, Failed> {
        let mut last = lock(&self.last);
        if let Some(shared) = &*last
            && shared.versions.len() == versions.len()
            && shared.versions.iter().zip(&versions).all(|(kept, seen)| kept >= seen)
        {
            return Ok(shared.clone());
        }
        let (_, tree) = apply::render(view)?;
        let shared = Arc::new(Shared { versions, tree: Arc::new(tree), patches: Mutex::default() });
        *last = Some(shared.clone());
        Ok(shared)
    }
}

impl Shared {
    /// The patch (JSON text) that brings a client holding `old`, whose templates `encoder`
    /// knows, to this render, or `None` when nothing changed; `encoder` learns what the patch
    /// teaches. Computed once for every client that held the same tree and knew the same
    /// templates.
    pub(crate) fn patch_for(&self, old: &Arc<Tree>, encoder: &mut Encoder) -> Option<Arc<str>> {
        let mut patches = lock(&self.patches);
        if let Some(patch) = patches.iter().find(|patch| Arc::ptr_eq(&patch.from, old) && patch.before == *encoder) {
            encoder.clone_from(&patch.after);
            return patch.body.clone();
        }
        let before = encoder.clone();
        let body: Option<Arc<str>> = encoder.diff(old, &self.tree).map(|patch| Arc::from(patch.to_string()));
        if patches.len() < PATCHES_KEPT {
            patches.push(Patch { from: old.clone(), before, after: encoder.clone(), body: body.clone() });
        }
        body
    }
}
