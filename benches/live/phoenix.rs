//! A reference encoder of Phoenix LiveView's wire format (LiveView 1.1/1.2), written from the
//! rules of its `lib/phoenix_live_view/diff.ex` and checked against the golden cases of its
//! `test/phoenix_live_view/diff_test.exs` (`tests/live_phoenix.rs`). Phoenix cannot run here, so the
//! benchmark counts Phoenix's bytes with this.
//!
//! - A rendered template is `{"0": dynamic, "1": …, "s": statics}`; on a full render its
//!   statics are shared: `"s"` is a position in the root's `"p"` (`{"0": [...], …}`), given in
//!   the order traversal finishes templates (children before their parent); the root of a
//!   LiveView carries `"r": 1`.
//! - With the fingerprints of the last render, a template of the same fingerprint sends only
//!   the dynamics that change tracking did not leave `nil`; a changed fingerprint is sent whole.
//! - A comprehension is `{"s": statics, "k": {"0": entry, …, "kc": count}}`; on a diff an entry
//!   found under its key at the same index sends its changed dynamics, one that moved sends
//!   `old index` (unchanged) or `[old index, diff]` and sets `"km": true`, a new entry is sent
//!   whole; nothing is sent when no entry changed and the count is the same. An empty
//!   comprehension never rendered is `""`.
//! - The channel envelope (V2 serializer): `[join_ref, ref, topic, event, payload]`; an event's
//!   reply carries the diff in `{"status":"ok","response":{"diff":…}}`.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// One dynamic of a template, as Phoenix's engine hands it to the diff.
#[derive(Debug, Clone)]
pub(crate) enum Dynamic {
    /// Unchanged since the last render (change tracking skipped it).
    Nil,
    /// Rendered text.
    Text(String),
    /// A nested template (an `if` branch, a `case` clause, a function component).
    Rendered(Rendered),
    /// A `for` comprehension (`:for` with `:key`, or `<%= for %>`).
    Comprehension(Comprehension),
}

/// `%Rendered{}`: a template's statics, fingerprint and dynamics.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    /// Identifies the template (its statics and the shape of its dynamics).
    pub(crate) fingerprint: u64,
    /// One more than the dynamics.
    pub(crate) statics: Vec<String>,
    /// In order.
    pub(crate) dynamic: Vec<Dynamic>,
    /// Whether the template has a single root tag (`"r": 1` on a LiveView's full render).
    pub(crate) root: bool,
}

/// `%Comprehension{}`: the body's statics and fingerprint, and one entry per iteration.
#[derive(Debug, Clone)]
pub(crate) struct Comprehension {
    /// Identifies the body's template.
    pub(crate) fingerprint: u64,
    /// The body's statics.
    pub(crate) statics: Vec<String>,
    /// One per iteration.
    pub(crate) entries: Vec<Entry>,
    /// Whether entries are matched by their key (`:key`), else by index.
    pub(crate) has_key: bool,
}

/// One iteration of a comprehension.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The entry's `:key`.
    pub(crate) key: String,
    /// The body's dynamics for this iteration.
    pub(crate) dynamic: Vec<Dynamic>,
}

/// The fingerprint tree the server keeps per client.
#[derive(Debug, Clone)]
enum Print {
    Rendered { fingerprint: u64, children: HashMap<usize, Print> },
    Comprehension { fingerprint: u64, entries: HashMap<String, EntryPrint> },
}

#[derive(Debug, Clone)]
struct EntryPrint {
    index: usize,
    children: HashMap<usize, Print>,
}

/// Templates shared in one render's `"p"`.
#[derive(Default)]
struct Templates {
    positions: HashMap<u64, usize>,
    statics: Vec<Vec<String>>,
}

impl Templates {
    fn share(&mut self, fingerprint: u64, statics: &[String]) -> Value {
        let next = self.statics.len();
        let position = *self.positions.entry(fingerprint).or_insert(next);
        if position == next {
            self.statics.push(statics.to_vec());
        }
        Value::from(position)
    }
}

/// Phoenix's diff state for one client: the fingerprints of what it was last sent.
#[derive(Debug, Default)]
pub(crate) struct Encoder {
    root: Option<Print>,
}

impl Encoder {
    /// A client that has been sent nothing.
    pub(crate) fn new() -> Encoder {
        Encoder::default()
    }

    /// The diff of `rendered` for this client (the whole of it on the first render), as
    /// `Diff.render/4` gives it.
    pub(crate) fn render(&mut self, rendered: &Rendered) -> Value {
        let previous = match self.root.take() {
            Some(Print::Rendered { fingerprint, children }) if fingerprint == rendered.fingerprint => Some(children),
            _ => None,
        };
        let mut templates = Templates::default();
        let (mut diff, print) = traverse_rendered(rendered, previous, &mut templates);
        self.root = Some(print);
        if !templates.statics.is_empty() {
            let shared = templates
                .statics
                .into_iter()
                .enumerate()
                .map(|(position, statics)| (position.to_string(), Value::from(statics)))
                .collect();
            diff.insert("p".into(), Value::Object(shared));
        }
        Value::Object(diff)
    }
}

fn traverse_rendered(
    rendered: &Rendered,
    previous: Option<HashMap<usize, Print>>,
    templates: &mut Templates,
) -> (Map<String, Value>, Print) {
    let fingerprint = rendered.fingerprint;
    match previous {
        Some(children) => {
            let (diff, children) = traverse_dynamic(&rendered.dynamic, children, templates);
            (diff, Print::Rendered { fingerprint, children })
        }
        None => {
            let (mut diff, children) = traverse_dynamic(&rendered.dynamic, HashMap::new(), templates);
            if rendered.root {
                diff.insert("r".into(), Value::from(1));
            }
            diff.insert("s".into(), templates.share(fingerprint, &rendered.statics));
            (diff, Print::Rendered { fingerprint, children })
        }
    }
}

fn traverse_dynamic(
    dynamic: &[Dynamic],
    mut children: HashMap<usize, Print>,
    templates: &mut Templates,
) -> (Map<String, Value>, HashMap<usize, Print>) {
    let mut diff = Map::new();
    for (counter, entry) in dynamic.iter().enumerate() {
        match entry {
            Dynamic::Nil => {}
            Dynamic::Text(text) if !children.contains_key(&counter) => {
                diff.insert(counter.to_string(), Value::from(text.as_str()));
            }
            other => {
                let child = children.remove(&counter);
                let (serialized, print) = traverse(other, child, templates);
                if let Some(value) = serialized
                    && value != Value::Object(Map::new())
                {
                    diff.insert(counter.to_string(), value);
                }
                if let Some(print) = print {
                    children.insert(counter, print);
                }
            }
        }
    }
    (diff, children)
}

fn traverse(dynamic: &Dynamic, child: Option<Print>, templates: &mut Templates) -> (Option<Value>, Option<Print>) {
    match dynamic {
        Dynamic::Nil => (None, child),
        Dynamic::Text(text) => (Some(Value::from(text.as_str())), None),
        Dynamic::Rendered(rendered) => {
            let previous = match child {
                Some(Print::Rendered { fingerprint, children }) if fingerprint == rendered.fingerprint => {
                    Some(children)
                }
                _ => None,
            };
            let (diff, print) = traverse_rendered(rendered, previous, templates);
            (Some(Value::Object(diff)), Some(print))
        }
        Dynamic::Comprehension(comprehension) => {
            let fingerprint = comprehension.fingerprint;
            match child {
                Some(Print::Comprehension { fingerprint: known, entries }) if known == fingerprint => {
                    let (keyed, entries) = traverse_keyed(comprehension, &entries, templates);
                    let mut diff = Map::new();
                    if let Some(keyed) = keyed {
                        diff.insert("k".into(), Value::Object(keyed));
                    }
                    (Some(Value::Object(diff)), Some(Print::Comprehension { fingerprint, entries }))
                }
                _ if comprehension.entries.is_empty() => (Some(Value::from("")), None),
                _ => {
                    let (keyed, entries) = traverse_keyed(comprehension, &HashMap::new(), templates);
                    let mut diff = Map::new();
                    diff.insert("k".into(), Value::Object(keyed.unwrap_or_default()));
                    diff.insert("s".into(), templates.share(fingerprint, &comprehension.statics));
                    (Some(Value::Object(diff)), Some(Print::Comprehension { fingerprint, entries }))
                }
            }
        }
    }
}

fn traverse_keyed(
    comprehension: &Comprehension,
    previous: &HashMap<String, EntryPrint>,
    templates: &mut Templates,
) -> (Option<Map<String, Value>>, HashMap<String, EntryPrint>) {
    let mut diff = Map::new();
    let mut prints = HashMap::new();
    for (index, entry) in comprehension.entries.iter().enumerate() {
        let key = if comprehension.has_key { entry.key.clone() } else { index.to_string() };
        match previous.get(&key) {
            Some(before) => {
                let (child, children) = traverse_dynamic(&entry.dynamic, before.children.clone(), templates);
                let moved = before.index != index;
                if moved {
                    diff.insert("km".into(), Value::Bool(true));
                }
                if child.is_empty() {
                    if moved {
                        diff.insert(index.to_string(), Value::from(before.index));
                    }
                } else if moved {
                    diff.insert(index.to_string(), Value::Array(vec![Value::from(before.index), Value::Object(child)]));
                } else {
                    diff.insert(index.to_string(), Value::Object(child));
                }
                prints.insert(key, EntryPrint { index, children });
            }
            None => {
                let (child, children) = traverse_dynamic(&entry.dynamic, HashMap::new(), templates);
                diff.insert(index.to_string(), Value::Object(child));
                prints.insert(key, EntryPrint { index, children });
            }
        }
    }
    let count = comprehension.entries.len();
    if diff.is_empty() && count > 0 && count == previous.len() {
        return (None, prints);
    }
    diff.insert("kc".into(), Value::from(count));
    (Some(diff), prints)
}

/// The topic of a LiveView's channel: `lv:` and the view's id, `phx-` and 16 characters.
pub(crate) const TOPIC: &str = "lv:phx-GBsi6M7paYhySQjA";

/// The reply to event `reference` carrying `diff`, as the V2 serializer frames it.
pub(crate) fn reply(reference: u64, diff: &Value) -> String {
    format!(r#"["4","{reference}","{TOPIC}","phx_reply",{{"status":"ok","response":{{"diff":{diff}}}}}]"#)
}

/// A `phx-click` event pushed by the client.
pub(crate) fn click(reference: u64, event: &str, value: &Value) -> String {
    format!(r#"["4","{reference}","{TOPIC}","event",{{"type":"click","event":"{event}","value":{value}}}]"#)
}
