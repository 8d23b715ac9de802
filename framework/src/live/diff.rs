//! [`Encoder`]: a live view's trees as JSON for the client, first whole, then as patches of
//! the slots that changed. The format is described in `docs/live.md`.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::template::Template;
use super::tree::{Item, List, Slot, Tree};

/// Encodes trees for one client. It remembers which templates' statics that client was sent,
/// so each template's statics go down once (`"s":[id, …]`), then by number (`"s":id`).
///
/// What it remembers is shared between clones until one of them learns a template: the
/// clients of a fan-out that were sent the same templates hold one map, and comparing their
/// encoders is comparing two pointers.
#[derive(Debug, Default, Clone)]
pub struct Encoder {
    sent: Arc<HashMap<usize, u64>>,
}

impl PartialEq for Encoder {
    fn eq(&self, other: &Encoder) -> bool {
        Arc::ptr_eq(&self.sent, &other.sent) || self.sent == other.sent
    }
}

impl Eq for Encoder {}

impl Encoder {
    /// An encoder for a client that has seen no template.
    pub fn new() -> Encoder {
        Encoder::default()
    }

    /// The whole tree: `{"s":…, "0":slot, "1":slot, …}`.
    pub fn full(&mut self, tree: &Tree) -> Value {
        let mut object = Map::new();
        object.insert("s".into(), self.statics(tree.template));
        for (index, slot) in tree.slots.iter().enumerate() {
            object.insert(index.to_string(), self.full_slot(slot));
        }
        Value::Object(object)
    }

    /// What the client needs to turn `old` into `new`: `None` when nothing changed. A root of
    /// another template is sent whole.
    pub fn diff(&mut self, old: &Tree, new: &Tree) -> Option<Value> {
        if !std::ptr::eq(old.template, new.template) {
            return Some(self.full(new));
        }
        self.slots_diff(&old.slots, &new.slots).map(Value::Object)
    }

    fn statics(&mut self, template: &'static Template) -> Value {
        if let Some(id) = self.sent.get(&template.id()) {
            return Value::from(*id);
        }
        let id = self.sent.len() as u64;
        Arc::make_mut(&mut self.sent).insert(template.id(), id);
        let mut array = Vec::with_capacity(template.statics().len() + 1);
        array.push(Value::from(id));
        array.extend(template.statics().iter().map(|text| Value::from(*text)));
        Value::Array(array)
    }

    fn full_slot(&mut self, slot: &Slot) -> Value {
        match slot {
            Slot::Text(text) => Value::from(text.as_str()),
            Slot::Tree(tree) => self.full(tree),
            Slot::List(list) => {
                let mut object = Map::new();
                object.insert("s".into(), self.statics(list.template));
                let items = list.items.iter().map(|item| self.full_item(item)).collect();
                object.insert("l".into(), Value::Array(items));
                Value::Object(object)
            }
        }
    }

    fn full_item(&mut self, item: &Item) -> Value {
        Value::Array(item.slots.iter().map(|slot| self.full_slot(slot)).collect())
    }

    fn slots_diff(&mut self, old: &[Slot], new: &[Slot]) -> Option<Map<String, Value>> {
        let mut changes = Map::new();
        for (index, slot) in new.iter().enumerate() {
            let change = match old.get(index) {
                Some(before) => self.slot_diff(before, slot),
                None => Some(self.full_slot(slot)),
            };
            if let Some(change) = change {
                put(&mut changes, index, change);
            }
        }
        (!changes.is_empty()).then_some(changes)
    }

    fn slot_diff(&mut self, old: &Slot, new: &Slot) -> Option<Value> {
        match (old, new) {
            (Slot::Text(a), Slot::Text(b)) => (a != b).then(|| Value::from(b.as_str())),
            (Slot::Tree(a), Slot::Tree(b)) if std::ptr::eq(a.template, b.template) => {
                self.slots_diff(&a.slots, &b.slots).map(Value::Object)
            }
            (Slot::List(a), Slot::List(b)) if std::ptr::eq(a.template, b.template) => self.list_diff(a, b),
            (_, new) => Some(self.full_slot(new)),
        }
    }

    /// `{"k":[…], "4":{…}, …}`: `k` (left out when the items stay where they are) lists the new
    /// items in order — an old item's index, a run `[first, count]` of old items, or a new item
    /// as an array of its slots; the other entries are the changes of kept items, by their new
    /// index. Items are matched by key when they have one, else by position.
    fn list_diff(&mut self, old: &List, new: &List) -> Option<Value> {
        // Old items by key, in order: a key used twice matches its items in turn.
        let mut by_key: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (index, item) in old.items.iter().enumerate() {
            if let Some(key) = &item.key {
                by_key.entry(key.as_str()).or_default().push_back(index);
            }
        }
        let mut used = vec![false; old.items.len()];
        let mut order: Vec<Option<usize>> = Vec::with_capacity(new.items.len());
        for (index, item) in new.items.iter().enumerate() {
            let candidate = match &item.key {
                Some(key) => by_key.get_mut(key.as_str()).and_then(VecDeque::pop_front),
                None => (index < old.items.len() && old.items[index].key.is_none()).then_some(index),
            };
            let matched = candidate.filter(|&at| !used[at]);
            if let Some(at) = matched {
                used[at] = true;
            }
            order.push(matched);
        }
        let unchanged_order =
            order.len() == old.items.len() && order.iter().enumerate().all(|(index, at)| *at == Some(index));
        let mut object = Map::new();
        if !unchanged_order {
            let mut entries: Vec<Value> = Vec::new();
            let mut run: Option<(usize, usize)> = None;
            let flush = |run: &mut Option<(usize, usize)>, entries: &mut Vec<Value>| {
                if let Some((first, count)) = run.take() {
                    entries.push(if count == 1 { Value::from(first) } else { Value::from(vec![first, count]) });
                }
            };
            for (index, at) in order.iter().enumerate() {
                match (*at, &mut run) {
                    (Some(at), Some((first, count))) if *first + *count == at => *count += 1,
                    (Some(at), _) => {
                        flush(&mut run, &mut entries);
                        run = Some((at, 1));
                    }
                    (None, _) => {
                        flush(&mut run, &mut entries);
                        entries.push(self.full_item(&new.items[index]));
                    }
                }
            }
            flush(&mut run, &mut entries);
            object.insert("k".into(), Value::Array(entries));
        }
        for (index, at) in order.iter().enumerate() {
            if let Some(at) = at
                && let Some(change) = self.slots_diff(&old.items[*at].slots, &new.items[index].slots)
            {
                put(&mut object, index, Value::Object(change));
            }
        }
        (!object.is_empty()).then_some(Value::Object(object))
    }
}

/// Adds the change of slot or item `index` to `changes`. A change that is a single nested
/// change (a block or an item with one slot changed, a list with one item changed and none
/// moved) is written as a path instead: `"0.150.1":"renamed"` for
/// `"0":{"150":{"1":"renamed"}}`. Whole values (with `"s"`) and reorders (with `"k"`) are
/// never folded into their parent's key.
fn put(changes: &mut Map<String, Value>, index: usize, change: Value) {
    match change {
        Value::Object(inner) if inner.len() == 1 && !inner.contains_key("s") && !inner.contains_key("k") => {
            let (path, value) = inner.into_iter().next().expect("one entry");
            changes.insert(format!("{index}.{path}"), value);
        }
        change => {
            changes.insert(index.to_string(), change);
        }
    }
}
