//! [`Tree`]: one render of a live view, as statics and the dynamic slots between them.

use super::template::Template;

/// One instance of a template: which [`Template`] (its statics), and the value of each of its
/// slots, in order.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The template's static parts.
    pub template: &'static Template,
    /// One per slot of the template.
    pub slots: Vec<Slot>,
}

/// The value of one dynamic slot.
#[derive(Debug, Clone)]
pub enum Slot {
    /// Markup: a value as rendered (escaped), a whole attribute (` name="value"`, or nothing
    /// when it is absent), or an `@if` without `else` that rendered nothing (`""`).
    Text(String),
    /// The block of the `@if` branch or `@match` arm that was taken, or a component.
    Tree(Tree),
    /// A `@for` loop: one item per iteration, all of the body's template.
    List(List),
}

/// The iterations of one `@for` loop.
#[derive(Debug, Clone)]
pub struct List {
    /// The loop body's template, shared by every item.
    pub template: &'static Template,
    /// One per iteration.
    pub items: Vec<Item>,
}

/// One iteration of a `@for` loop.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item's `key={…}`, when the body's first element has one.
    pub key: Option<String>,
    /// The body's slots for this iteration.
    pub slots: Vec<Slot>,
}

impl Tree {
    /// The live markup this tree stands for: statics and slots interleaved, exactly what the
    /// live render wrote.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        write_slots(self.template, &self.slots, &mut out);
        out
    }
}

fn write_slots(template: &Template, slots: &[Slot], out: &mut String) {
    let statics = template.statics();
    for (index, text) in statics.iter().enumerate() {
        out.push_str(text);
        if let Some(slot) = slots.get(index) {
            write_slot(slot, out);
        }
    }
}

fn write_slot(slot: &Slot, out: &mut String) {
    match slot {
        Slot::Text(text) => out.push_str(text),
        Slot::Tree(tree) => write_slots(tree.template, &tree.slots, out),
        Slot::List(list) => {
            for item in &list.items {
                write_slots(list.template, &item.slots, out);
            }
        }
    }
}
