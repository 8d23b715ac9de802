//! [`render_tree`]: renders a live view's `html!` so that it yields a [`Tree`] as well as its
//! markup. The generated code reports slot boundaries to the [`Writer`](crate::Writer), which
//! passes them to a [`Tracker`] only when it has one; a plain render never has one.

use std::cell::{Cell, RefCell};

use super::template::Template;
use super::tree::{Item, List, Slot, Tree};
use crate::html::Html;

thread_local! {
    /// Set while [`render_tree`] waits for the first `html!` block to take its tracker.
    static ARMED: Cell<bool> = const { Cell::new(false) };
    static PENDING: RefCell<Option<Box<Tracker>>> = const { RefCell::new(None) };
    static DONE: RefCell<Option<Tree>> = const { RefCell::new(None) };
}

/// Builds a [`Tree`] from the boundaries the generated code reports while it writes.
#[derive(Debug, Default)]
pub struct Tracker {
    frames: Vec<Frame>,
    key: Option<String>,
    root: Option<Tree>,
}

#[derive(Debug)]
enum Frame {
    Tree { template: &'static Template, slots: Vec<Slot>, start: usize },
    Slot { start: usize, child: Option<(Tree, usize, usize)>, children: usize },
    List { template: &'static Template, items: Vec<Item> },
}

impl Tracker {
    pub(crate) fn tree_begin(&mut self, template: &'static Template, at: usize) {
        self.frames.push(Frame::Tree { template, slots: Vec::with_capacity(template.slots()), start: at });
    }

    pub(crate) fn tree_end(&mut self, at: usize) {
        let Some(Frame::Tree { template, slots, start }) = self.frames.pop() else {
            debug_assert!(false, "live: a block ended outside a block");
            return;
        };
        let tree = Tree { template, slots };
        match self.frames.last_mut() {
            None => self.root = Some(tree),
            Some(Frame::Slot { child, children, .. }) => {
                *children += 1;
                *child = Some((tree, start, at));
            }
            Some(Frame::List { items, .. }) => items.push(Item { key: self.key.take(), slots: tree.slots }),
            // Only generated code opens blocks, always inside a slot or a list.
            Some(Frame::Tree { .. }) => {}
        }
    }

    pub(crate) fn slot_begin(&mut self, at: usize) {
        self.frames.push(Frame::Slot { start: at, child: None, children: 0 });
    }

    pub(crate) fn slot_end(&mut self, written: &str) {
        let Some(Frame::Slot { start, child, children }) = self.frames.pop() else {
            debug_assert!(false, "live: a slot ended outside a slot");
            return;
        };
        let slot = match child {
            // Exactly one block, and nothing written around it: the slot is that block.
            Some((tree, from, to)) if children == 1 && from == start && to == written.len() => Slot::Tree(tree),
            _ => Slot::Text(written[start..].to_owned()),
        };
        self.push_slot(slot);
    }

    pub(crate) fn list_begin(&mut self, template: &'static Template) {
        self.frames.push(Frame::List { template, items: Vec::new() });
    }

    pub(crate) fn item_key(&mut self, key: String) {
        self.key = Some(key);
    }

    pub(crate) fn list_end(&mut self) {
        let Some(Frame::List { template, items }) = self.frames.pop() else {
            debug_assert!(false, "live: a list ended outside a list");
            return;
        };
        self.push_slot(Slot::List(List { template, items }));
    }

    fn push_slot(&mut self, slot: Slot) {
        if let Some(Frame::Tree { slots, .. }) = self.frames.last_mut() {
            slots.push(slot);
        }
    }
}

/// Whether a tracker waits for the next `html!` block (cheap: read on every plain render).
#[inline]
pub(crate) fn armed() -> bool {
    ARMED.with(Cell::get)
}

/// The waiting tracker, if any: the first `html!` block to ask takes it.
pub(crate) fn take_pending() -> Option<Box<Tracker>> {
    ARMED.with(|armed| armed.set(false));
    PENDING.with(|pending| pending.borrow_mut().take())
}

/// Hands the tree a finished tracker built back to [`render_tree`].
pub(crate) fn finished(tracker: Box<Tracker>) {
    let Tracker { root, .. } = *tracker;
    DONE.with(|done| *done.borrow_mut() = root);
}

/// Calls `render` (a view's `render`, which builds its page with `html!`) so that its first
/// `html!` block records its slots: the markup it returns (the live render, with slot
/// markers) and the [`Tree`] of statics and slots. `None` when `render` used no `html!`.
pub fn render_tree(render: impl FnOnce() -> Html) -> Option<(Html, Tree)> {
    PENDING.with(|pending| *pending.borrow_mut() = Some(Box::default()));
    DONE.with(|done| done.borrow_mut().take());
    ARMED.with(|armed| armed.set(true));
    // Disarms and collects even when `render` panics.
    struct Disarm;
    impl Drop for Disarm {
        fn drop(&mut self) {
            ARMED.with(|armed| armed.set(false));
            PENDING.with(|pending| pending.borrow_mut().take());
        }
    }
    let guard = Disarm;
    let html = render();
    drop(guard);
    let tree = DONE.with(|done| done.borrow_mut().take())?;
    Some((html, tree))
}
