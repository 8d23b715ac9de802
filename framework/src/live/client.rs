//! [`ClientTree`]: what the browser's client does with the JSON of an
//! [`Encoder`](super::Encoder), in Rust, so that tests can check that applying a patch to the
//! old render gives the new one. `live.js` follows the same rules on the DOM.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use serde_json::{Map, Value};

/// The client's copy of a view: the templates it was sent and the current tree.
#[derive(Debug, Default)]
pub struct ClientTree {
    templates: HashMap<u64, Rc<[String]>>,
    root: Option<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    statics: Rc<[String]>,
    slots: Vec<Dynamic>,
}

#[derive(Debug, Clone)]
enum Dynamic {
    Text(String),
    Tree(Node),
    List { statics: Rc<[String]>, items: Vec<Vec<Dynamic>> },
}

/// A message the client cannot apply: the server and the client disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError(String);

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "live patch: {}", self.0)
    }
}

impl std::error::Error for ApplyError {}

fn error<T>(what: impl Into<String>) -> Result<T, ApplyError> {
    Err(ApplyError(what.into()))
}

impl ClientTree {
    /// A client that has seen nothing.
    pub fn new() -> ClientTree {
        ClientTree::default()
    }

    /// Applies a message from the server: a whole tree (it has `"s"`) replaces the view, a
    /// patch changes it.
    pub fn apply(&mut self, message: &Value) -> Result<(), ApplyError> {
        let Value::Object(object) = message else { return error("a message is an object") };
        if object.contains_key("s") {
            self.root = Some(self.node(object)?);
            return Ok(());
        }
        let Some(mut root) = self.root.take() else { return error("a patch before the first render") };
        let result = self.patch_slots(&mut root.slots, object);
        self.root = Some(root);
        result
    }

    /// The markup of the current tree, as the DOM should hold it.
    pub fn html(&self) -> String {
        let mut out = String::new();
        if let Some(root) = &self.root {
            write(&root.statics, &root.slots, &mut out);
        }
        out
    }

    fn statics(&mut self, value: &Value) -> Result<Rc<[String]>, ApplyError> {
        match value {
            Value::Number(id) => {
                let id = id.as_u64().ok_or_else(|| ApplyError("a template id is a whole number".into()))?;
                self.templates.get(&id).cloned().ok_or_else(|| ApplyError(format!("unknown template {id}")))
            }
            Value::Array(array) => {
                let Some(id) = array.first().and_then(Value::as_u64) else { return error("statics start with an id") };
                let statics: Result<Vec<String>, ApplyError> = array[1..]
                    .iter()
                    .map(|text| {
                        text.as_str().map(str::to_owned).ok_or_else(|| ApplyError("a static is a string".into()))
                    })
                    .collect();
                let statics: Rc<[String]> = statics?.into();
                self.templates.insert(id, statics.clone());
                Ok(statics)
            }
            _ => error("`s` is an id or an array"),
        }
    }

    fn node(&mut self, object: &Map<String, Value>) -> Result<Node, ApplyError> {
        let statics = self.statics(&object["s"])?;
        let count = statics.len().saturating_sub(1);
        let mut slots = Vec::with_capacity(count);
        for index in 0..count {
            let Some(value) = object.get(&index.to_string()) else { return error(format!("slot {index} is missing")) };
            slots.push(self.full(value)?);
        }
        Ok(Node { statics, slots })
    }

    fn full(&mut self, value: &Value) -> Result<Dynamic, ApplyError> {
        match value {
            Value::String(text) => Ok(Dynamic::Text(text.clone())),
            Value::Object(object) if object.contains_key("l") => {
                let statics = match object.get("s") {
                    Some(s) => self.statics(s)?,
                    None => return error("a list without statics"),
                };
                let Some(Value::Array(items)) = object.get("l") else { return error("`l` is an array") };
                let items = items.iter().map(|item| self.item(&statics, item)).collect::<Result<_, _>>()?;
                Ok(Dynamic::List { statics, items })
            }
            Value::Object(object) if object.contains_key("s") => Ok(Dynamic::Tree(self.node(object)?)),
            _ => error("a slot is a string, a block or a list"),
        }
    }

    fn item(&mut self, statics: &Rc<[String]>, value: &Value) -> Result<Vec<Dynamic>, ApplyError> {
        let Value::Array(slots) = value else { return error("a new item is an array of slots") };
        if slots.len() + 1 != statics.len() {
            return error("a new item has the wrong number of slots");
        }
        slots.iter().map(|slot| self.full(slot)).collect()
    }

    fn patch_slots(&mut self, slots: &mut [Dynamic], changes: &Map<String, Value>) -> Result<(), ApplyError> {
        for (key, change) in changes {
            let (index, change) = step(key, change, "slot")?;
            let Some(slot) = slots.get_mut(index) else { return error(format!("no slot {index}")) };
            self.patch_slot(slot, &change)?;
        }
        Ok(())
    }

    fn patch_slot(&mut self, slot: &mut Dynamic, change: &Value) -> Result<(), ApplyError> {
        let object = match change {
            Value::Object(object) if !object.contains_key("s") => object,
            // A string, or a whole new block or list.
            _ => {
                *slot = self.full(change)?;
                return Ok(());
            }
        };
        match slot {
            Dynamic::Tree(node) => self.patch_slots(&mut node.slots, object),
            Dynamic::List { statics, items } => {
                let statics = statics.clone();
                self.patch_list(&statics, items, object)
            }
            Dynamic::Text(_) => error("a patch for a text slot"),
        }
    }

    fn patch_list(
        &mut self,
        statics: &Rc<[String]>,
        items: &mut Vec<Vec<Dynamic>>,
        change: &Map<String, Value>,
    ) -> Result<(), ApplyError> {
        if let Some(order) = change.get("k") {
            let Value::Array(order) = order else { return error("`k` is an array") };
            let old = std::mem::take(items);
            let take = |at: &Value| -> Result<usize, ApplyError> {
                at.as_u64()
                    .map(|at| at as usize)
                    .filter(|&at| at < old.len())
                    .ok_or_else(|| ApplyError("no such old item".into()))
            };
            for entry in order {
                match entry {
                    Value::Number(_) => items.push(old[take(entry)?].clone()),
                    Value::Array(run) if run.first().is_some_and(Value::is_number) => {
                        let [first, count] = run.as_slice() else { return error("a run is [first, count]") };
                        let (first, count) = (take(first)?, count.as_u64().unwrap_or(0) as usize);
                        if first + count > old.len() {
                            return error("a run past the old items");
                        }
                        items.extend(old[first..first + count].iter().cloned());
                    }
                    item => items.push(self.item(statics, item)?),
                }
            }
        }
        for (key, change) in change.iter().filter(|(key, _)| *key != "k") {
            let (index, change) = step(key, change, "item")?;
            let Some(item) = items.get_mut(index) else { return error(format!("no item {index}")) };
            let Value::Object(change) = change.as_ref() else { return error("an item's patch is an object") };
            self.patch_slots(item, change)?;
        }
        Ok(())
    }
}

/// The first step of a patch's key: `"4"` is slot (or item) 4 and its change; a path
/// `"4.1.0"` is slot 4 and the change `{"1.0": change}` inside it.
fn step<'a>(key: &str, change: &'a Value, what: &str) -> Result<(usize, Cow<'a, Value>), ApplyError> {
    let (head, rest) = match key.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (key, None),
    };
    let index = head.parse().map_err(|_| ApplyError(format!("`{key}` does not start with a {what} number")))?;
    Ok(match rest {
        Some(rest) => (index, Cow::Owned(Value::Object(Map::from_iter([(rest.to_owned(), change.clone())])))),
        None => (index, Cow::Borrowed(change)),
    })
}

fn write(statics: &[String], slots: &[Dynamic], out: &mut String) {
    for (index, text) in statics.iter().enumerate() {
        out.push_str(text);
        match slots.get(index) {
            Some(Dynamic::Text(text)) => out.push_str(text),
            Some(Dynamic::Tree(node)) => write(&node.statics, &node.slots, out),
            Some(Dynamic::List { statics, items }) => {
                for item in items {
                    write(statics, item, out);
                }
            }
            None => {}
        }
    }
}
