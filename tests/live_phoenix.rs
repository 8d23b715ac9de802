//! The reference encoder of Phoenix LiveView's format that `cargo bench --bench live` measures
//! Rook's bytes against (`benches/live/phoenix.rs`), checked against golden cases from
//! Phoenix's `test/phoenix_live_view/diff_test.exs` (LiveView 1.1/1.2), its templates written
//! out as `%Rendered{}` values, and the envelope's size against LIVEVIEW.md's measure of a
//! counter click (85 B up, 93 B down).

#[allow(dead_code)] // the benchmark uses what these tests do not
#[path = "../benches/live/phoenix.rs"]
mod phoenix;

use phoenix::{Comprehension, Dynamic, Encoder, Entry, Rendered, click, reply};
use serde_json::json;

fn text(s: &str) -> Dynamic {
    Dynamic::Text(s.into())
}

fn statics(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

fn basic(time: &str, subtitle: &str) -> Rendered {
    Rendered {
        fingerprint: 1,
        statics: statics(&["<div>\n  <h2>It's ", "</h2>\n  ", "\n</div>"]),
        dynamic: vec![text(time), text(subtitle)],
        root: true,
    }
}

fn nested(changed: bool) -> Rendered {
    let dynamic =
        |values: &[&str]| values.iter().map(|v| if changed { text(v) } else { Dynamic::Nil }).collect::<Vec<_>>();
    Rendered {
        fingerprint: 123,
        statics: statics(&["<h2>", "</h2>", "<span>", "</span>"]),
        dynamic: vec![
            text("hi"),
            Dynamic::Rendered(Rendered {
                fingerprint: 456,
                statics: statics(&["s1", "s2", "s3"]),
                dynamic: dynamic(&["abc", "efg"]),
                root: false,
            }),
            Dynamic::Rendered(Rendered {
                fingerprint: 789,
                statics: statics(&["s1", "s2"]),
                dynamic: dynamic(&["efg"]),
                root: false,
            }),
        ],
        root: false,
    }
}

fn names(names: &[&str]) -> Rendered {
    Rendered {
        fingerprint: 2,
        statics: statics(&["<div>\n  <h1>", "</h1>\n  ", "\n</div>"]),
        dynamic: vec![
            text("Users"),
            Dynamic::Comprehension(Comprehension {
                fingerprint: 3,
                statics: statics(&["\n    <br>", "\n  "]),
                entries: names.iter().map(|n| Entry { key: String::new(), dynamic: vec![text(n)] }).collect(),
                has_key: false,
            }),
        ],
        root: true,
    }
}

#[test]
fn basic_template() {
    assert_eq!(
        Encoder::new().render(&basic("10:30", "Sunny")),
        json!({"0": "10:30", "1": "Sunny", "r": 1, "s": 0, "p": {"0": ["<div>\n  <h2>It's ", "</h2>\n  ", "\n</div>"]}})
    );
}

#[test]
fn basic_template_skips_statics_for_known_fingerprints() {
    let mut encoder = Encoder::new();
    encoder.render(&basic("10:30", "Sunny"));
    assert_eq!(encoder.render(&basic("10:30", "Sunny")), json!({"0": "10:30", "1": "Sunny"}));
}

#[test]
fn nested_rendereds_share_their_statics_children_first() {
    let mut encoder = Encoder::new();
    assert_eq!(
        encoder.render(&nested(true)),
        json!({
            "0": "hi",
            "1": {"0": "abc", "1": "efg", "s": 0},
            "2": {"0": "efg", "s": 1},
            "s": 2,
            "p": {"0": ["s1", "s2", "s3"], "1": ["s1", "s2"], "2": ["<h2>", "</h2>", "<span>", "</span>"]}
        })
    );
    // "renders nested %Rendered{}'s" and "does not emit nested %Rendered{}'s if they did
    // not change".
    assert_eq!(encoder.render(&nested(true)), json!({"0": "hi", "1": {"0": "abc", "1": "efg"}, "2": {"0": "efg"}}));
    assert_eq!(encoder.render(&nested(false)), json!({"0": "hi"}));
}

#[test]
fn a_changed_nested_fingerprint_is_sent_whole() {
    let mut encoder = Encoder::new();
    let mut other = nested(true);
    if let Dynamic::Rendered(child) = &mut other.dynamic[1] {
        child.fingerprint = 100_001;
    }
    encoder.render(&other);
    assert_eq!(
        encoder.render(&nested(true)),
        json!({"0": "hi", "1": {"0": "abc", "1": "efg", "s": 0}, "2": {"0": "efg"}, "p": {"0": ["s1", "s2", "s3"]}})
    );
}

#[test]
fn comprehensions() {
    assert_eq!(
        Encoder::new().render(&names(&["phoenix", "elixir"])),
        json!({
            "0": "Users",
            "1": {"s": 0, "k": {"0": {"0": "phoenix"}, "1": {"0": "elixir"}, "kc": 2}},
            "r": 1,
            "s": 1,
            "p": {"0": ["\n    <br>", "\n  "], "1": ["<div>\n  <h1>", "</h1>\n  ", "\n</div>"]}
        })
    );
}

#[test]
fn empty_comprehensions() {
    let mut encoder = Encoder::new();
    assert_eq!(
        encoder.render(&names(&[])),
        json!({"0": "Users", "1": "", "r": 1, "s": 0, "p": {"0": ["<div>\n  <h1>", "</h1>\n  ", "\n</div>"]}})
    );
    assert_eq!(
        encoder.render(&names(&["phoenix", "elixir"])),
        json!({
            "0": "Users",
            "1": {"s": 0, "k": {"0": {"0": "phoenix"}, "1": {"0": "elixir"}, "kc": 2}},
            "p": {"0": ["\n    <br>", "\n  "]}
        })
    );
    assert_eq!(encoder.render(&names(&[])), json!({"0": "Users", "1": {"k": {"kc": 0}}}));
}

#[test]
fn nested_comprehensions_share_one_inner_template() {
    let scores = |_: &str| {
        Dynamic::Comprehension(Comprehension {
            fingerprint: 5,
            statics: statics(&["\n      <br>", "\n    "]),
            entries: ["1", "2"].iter().map(|s| Entry { key: String::new(), dynamic: vec![text(s)] }).collect(),
            has_key: false,
        })
    };
    let rendered = Rendered {
        fingerprint: 6,
        statics: statics(&["<div>\n  <h1>", "</h1>\n  ", "\n</div>"]),
        dynamic: vec![
            text("Users"),
            Dynamic::Comprehension(Comprehension {
                fingerprint: 7,
                statics: statics(&["\n    <br>", "\n    ", "\n  "]),
                entries: ["phoenix", "elixir"]
                    .iter()
                    .map(|n| Entry { key: String::new(), dynamic: vec![text(n), scores(n)] })
                    .collect(),
                has_key: false,
            }),
        ],
        root: true,
    };
    let inner = json!({"k": {"0": {"0": "1"}, "1": {"0": "2"}, "kc": 2}, "s": 0});
    assert_eq!(
        Encoder::new().render(&rendered),
        json!({
            "0": "Users",
            "1": {"k": {"0": {"0": "phoenix", "1": inner}, "1": {"0": "elixir", "1": inner}, "kc": 2}, "s": 1},
            "p": {
                "0": ["\n      <br>", "\n    "],
                "1": ["\n    <br>", "\n    ", "\n  "],
                "2": ["<div>\n  <h1>", "</h1>\n  ", "\n</div>"]
            },
            "r": 1,
            "s": 2
        })
    );
}

fn rows(keys: &[&str], changed: Option<&str>) -> Rendered {
    Rendered {
        fingerprint: 8,
        statics: statics(&["<ul>", "</ul>"]),
        dynamic: vec![Dynamic::Comprehension(Comprehension {
            fingerprint: 9,
            statics: statics(&["<li>", "</li>"]),
            entries: keys
                .iter()
                .map(|k| Entry {
                    key: (*k).into(),
                    dynamic: vec![if changed == Some(*k) { text(&format!("{k}!")) } else { Dynamic::Nil }],
                })
                .collect(),
            has_key: true,
        })],
        root: true,
    }
}

/// diff.ex's `process_keyed`: a changed entry in place, moves with and without changes,
/// and a new entry (no golden JSON in diff_test.exs; the rules written out).
#[test]
fn keyed_entries_change_move_and_arrive() {
    let mut encoder = Encoder::new();
    let mut first = rows(&["a", "b", "c"], None);
    if let Dynamic::Comprehension(c) = &mut first.dynamic[0] {
        for entry in &mut c.entries {
            entry.dynamic = vec![text(&entry.key)];
        }
    }
    encoder.render(&first);
    assert_eq!(encoder.render(&rows(&["a", "b", "c"], None)), json!({}));
    assert_eq!(encoder.render(&rows(&["a", "b", "c"], Some("b"))), json!({"0": {"k": {"1": {"0": "b!"}, "kc": 3}}}));
    assert_eq!(
        encoder.render(&rows(&["c", "a", "b"], Some("a"))),
        json!({"0": {"k": {"0": 2, "1": [0, {"0": "a!"}], "2": 1, "km": true, "kc": 3}}})
    );
    let mut grown = rows(&["c", "a", "b", "d"], None);
    if let Dynamic::Comprehension(c) = &mut grown.dynamic[0] {
        c.entries[3].dynamic = vec![text("d")];
    }
    assert_eq!(encoder.render(&grown), json!({"0": {"k": {"3": {"0": "d"}, "kc": 4}}}));
}

#[test]
fn a_counter_click_is_85_bytes_up_and_93_down() {
    assert_eq!(click(7, "inc", &json!({})).len(), 85);
    assert_eq!(reply(7, &json!({"0": "1"})).len(), 93);
}
