//! [`render_tree`]: renders a live view's `html!` so that it yields a [`Tree`] as well as its
//! markup. The generated code reports slot boundaries to the [`Writer`](crate::Writer), which
//! passes them to a [`Tracker`] only when it has one; a plain render never has one.

use std::cell::{Cell, RefCell};

use super::template::Template;
use super::tree::{Item, List, Slot, Tree};
use crate::html::Html;

thread_local! {
    /// Set while [`render_tree`] runs: every `html!` block (not the writer form) records.
    static ARMED: Cell<bool> = const { Cell::new(false) };
    /// The tree of the `html!` block that finished last: the outermost one.
    static DONE: RefCell<Option<Tree>> = const { RefCell::new(None) };
}

/// The root of a render whose markup is not exactly one `html!` block's (a view that joins
/// two templates, or wraps one in markup of its own): the whole markup as one slot.
static WHOLE: Template = Template::new(&["", ""]);

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

/// A tracker for an `html!` block that starts while [`render_tree`] runs.
pub(crate) fn take_pending() -> Option<Box<Tracker>> {
    armed().then(Box::default)
}

/// Hands the tree a finished tracker built back to [`render_tree`].
pub(crate) fn finished(tracker: Tracker) {
    let Tracker { root, .. } = tracker;
    DONE.with(|done| *done.borrow_mut() = root);
}

/// Calls `render` (a view's `render`, which builds its page with `html!`) so that its `html!`
/// blocks record their slots: returns the markup (the live render, with slot markers) and the
/// [`Tree`] of statics and slots of the outermost block. When the markup is not exactly that
/// block's (a view that joins two blocks, or wraps one), the tree is the whole markup as one
/// slot: always right, only coarser. `None` when `render` used no `html!`.
pub fn render_tree(render: impl FnOnce() -> Html) -> Option<(Html, Tree)> {
    DONE.with(|done| done.borrow_mut().take());
    ARMED.with(|armed| armed.set(true));
    // Disarms even when `render` panics.
    struct Disarm;
    impl Drop for Disarm {
        fn drop(&mut self) {
            ARMED.with(|armed| armed.set(false));
        }
    }
    let guard = Disarm;
    let html = render();
    drop(guard);
    let tree = DONE.with(|done| done.borrow_mut().take())?;
    if tree.to_html() == html.as_str() {
        return Some((html, tree));
    }
    let whole = Tree { template: &WHOLE, slots: vec![Slot::Text(html.as_str().to_owned())] };
    Some((html, whole))
}
