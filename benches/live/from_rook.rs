//! The same render as Phoenix's engine would hand it to its diff: a Rook [`Tree`] turned into
//! a [`Rendered`], without Rook's slot markers, with Phoenix's change tracking at its best —
//! a dynamic whose value did not change since `before` is `nil` — so that the comparison
//! counts the fewest bytes Phoenix could send.

use rook::live::{Slot, Template, Tree};

use super::phoenix::{Comprehension, Dynamic, Entry, Rendered};

/// `tree` as a `%Rendered{}`, its dynamics `nil` where they equal `before`'s.
pub(crate) fn rendered(tree: &Tree, before: Option<&Tree>) -> Rendered {
    let before = before.filter(|b| std::ptr::eq(b.template, tree.template));
    Rendered {
        fingerprint: fingerprint(tree.template),
        statics: statics(tree.template),
        dynamic: dynamics(&tree.slots, before.map(|b| b.slots.as_slice())),
        root: true,
    }
}

fn fingerprint(template: &'static Template) -> u64 {
    template.id() as u64
}

/// The statics without the `<!--[-->`/`<!--]-->` markers Rook's client finds slots by.
fn statics(template: &Template) -> Vec<String> {
    template.statics().iter().map(|s| s.replace("<!--[-->", "").replace("<!--]-->", "")).collect()
}

fn dynamics(slots: &[Slot], before: Option<&[Slot]>) -> Vec<Dynamic> {
    slots.iter().enumerate().map(|(i, slot)| dynamic(slot, before.and_then(|b| b.get(i)))).collect()
}

fn dynamic(slot: &Slot, before: Option<&Slot>) -> Dynamic {
    match (slot, before) {
        (Slot::Text(text), Some(Slot::Text(old))) if text == old => Dynamic::Nil,
        (Slot::Text(text), _) => Dynamic::Text(text.clone()),
        (Slot::Tree(tree), before) => {
            let before = match before {
                Some(Slot::Tree(old)) if std::ptr::eq(old.template, tree.template) => Some(old),
                _ => None,
            };
            let mut nested = rendered(tree, before);
            nested.root = false;
            Dynamic::Rendered(nested)
        }
        (Slot::List(list), before) => {
            let old = match before {
                Some(Slot::List(old)) if std::ptr::eq(old.template, list.template) => Some(old),
                _ => None,
            };
            let has_key = list.items.iter().any(|item| item.key.is_some());
            let entries = list
                .items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let previous = old.and_then(|old| match &item.key {
                        Some(key) => old.items.iter().find(|o| o.key.as_ref() == Some(key)),
                        None => old.items.get(index),
                    });
                    Entry {
                        key: item.key.clone().unwrap_or_else(|| index.to_string()),
                        dynamic: dynamics(&item.slots, previous.map(|p| p.slots.as_slice())),
                    }
                })
                .collect();
            Dynamic::Comprehension(Comprehension {
                fingerprint: fingerprint(list.template),
                statics: statics(list.template),
                entries,
                has_key,
            })
        }
    }
}
