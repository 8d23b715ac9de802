//! Live diffs (issue 22, step 2): for random states `a`, `b`, `c` of a view with text,
//! attributes, `@if`, `@match`, a component and nested `@for` lists (keyed, with duplicate
//! keys now and then, and unkeyed), the client model given the whole render of `a` and then
//! the patches `diff(a, b)` and `diff(b, c)` holds exactly the render of `b`, then of `c`.
//!
//! 1 000 cases by default; `ROOK_PROPTEST_CASES=100000` (or proptest's `PROPTEST_CASES`) for a
//! longer hunt.

use proptest::prelude::*;
use rook::live::{ClientTree, Encoder, Tree, render_tree};
use rook::prelude::*;

struct Badge<'a> {
    label: &'a str,
}

impl Render for Badge<'_> {
    fn render(&self, w: &mut Writer) {
        html!(w => <span class="badge">{self.label}</span>)
    }
}

#[derive(Debug, Clone)]
struct Group {
    id: u8,
    name: String,
    open: bool,
    tags: Vec<String>,
}

#[derive(Debug, Clone)]
struct State {
    title: String,
    flag: bool,
    mode: u8,
    groups: Vec<Group>,
}

fn view(s: &State) -> Html {
    html! {
        <div class={&s.title}>
            <h1>{&s.title}</h1>
            @if s.flag {
                <p>"on " {s.mode}</p>
            } else if s.mode > 2 {
                <p class="x">{&s.title}</p>
            }
            @match s.mode % 3 {
                0 => { <i>"zero"</i> }
                1 => { <b>{s.mode}</b> }
                _ => {}
            }
            <ul>
                @for g in &s.groups {
                    <li key={g.id} data-open={g.open}>
                        {&g.name}
                        @if g.open {
                            <ol>
                                @for t in &g.tags {
                                    <li>{t}</li>
                                }
                            </ol>
                        }
                        <Badge label={&g.name}/>
                    </li>
                }
            </ul>
        </div>
    }
}

fn tree(state: &State) -> Tree {
    let (html, tree) = render_tree(|| view(state)).expect("the view uses html!");
    assert_eq!(tree.to_html(), html.as_str());
    tree
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-c<&\"]{1,4}"]
}

fn state() -> impl Strategy<Value = State> {
    let group = (0u8..6, text(), any::<bool>(), prop::collection::vec(text(), 0..4))
        .prop_map(|(id, name, open, tags)| Group { id, name, open, tags });
    (text(), any::<bool>(), 0u8..6, prop::collection::vec(group, 0..6)).prop_map(|(title, flag, mode, groups)| State {
        title,
        flag,
        mode,
        groups,
    })
}

/// `b` as a small edit of `a`, so that keyed items are often kept, moved or changed in place.
fn edit(a: State) -> impl Strategy<Value = State> {
    let len = a.groups.len();
    (any::<bool>(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..5, text(), state()).prop_map(
        move |(flip, i, j, how, name, other)| {
            let mut b = a.clone();
            b.flag ^= flip;
            if len > 0 {
                let (i, j) = (i.index(len), j.index(len));
                match how {
                    0 => b.groups.swap(i, j),
                    1 => {
                        b.groups.remove(i);
                    }
                    2 => b.groups[i].name = name,
                    3 => b.groups[i].open ^= true,
                    _ => return other,
                }
            } else if how == 4 {
                return other;
            }
            b
        },
    )
}

fn cases() -> u32 {
    ["ROOK_PROPTEST_CASES", "PROPTEST_CASES"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.parse().ok())
        .unwrap_or(1000)
}

fn check(a: &State, b: &State, c: &State) -> Result<(), TestCaseError> {
    let (ta, tb, tc) = (tree(a), tree(b), tree(c));
    let mut encoder = Encoder::new();
    let mut client = ClientTree::new();
    client.apply(&encoder.full(&ta)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(client.html(), ta.to_html());
    prop_assert!(encoder.diff(&ta, &ta).is_none(), "no change, no patch");
    for (old, new) in [(&ta, &tb), (&tb, &tc)] {
        if let Some(patch) = encoder.diff(old, new) {
            client.apply(&patch).map_err(|e| TestCaseError::fail(format!("{e}: {patch}")))?;
        }
        prop_assert_eq!(client.html(), new.to_html());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn applying_the_diff_gives_the_new_render(
        (a, b, c) in state().prop_flat_map(|a| (Just(a.clone()), edit(a))).prop_flat_map(|(a, b)| (Just(a), Just(b.clone()), edit(b)))
    ) {
        check(&a, &b, &c)?;
    }
}

fn group(id: u8, name: &str) -> Group {
    Group { id, name: name.into(), open: false, tags: Vec::new() }
}

#[test]
fn one_changed_row_of_a_keyed_list_sends_that_row() {
    let a = State { title: "t".into(), flag: false, mode: 2, groups: (0..6).map(|i| group(i, "n")).collect() };
    let mut b = a.clone();
    b.groups[4].name = "m".into();
    let mut encoder = Encoder::new();
    let (ta, tb) = (tree(&a), tree(&b));
    encoder.full(&ta);
    let patch = encoder.diff(&ta, &tb).unwrap();
    assert_eq!(patch.to_string(), r#"{"4.4":{"1":"m","3.0":"m"}}"#);
    // A removal and a move send indices of old items, not their content.
    let mut c = a.clone();
    c.groups.remove(1);
    c.groups.swap(0, 4);
    let patch = encoder.diff(&ta, &tree(&c)).unwrap();
    assert_eq!(patch.to_string(), r#"{"4":{"k":[5,[2,3],0]}}"#);
}

#[test]
fn statics_are_sent_once_per_template() {
    let a = State { title: "t".into(), flag: false, mode: 0, groups: vec![] };
    let b = State { mode: 1, ..a.clone() };
    let mut encoder = Encoder::new();
    let (ta, tb) = (tree(&a), tree(&b));
    let first = encoder.full(&ta).to_string();
    assert!(first.contains(r#""s":[0,"#), "{first}");
    // mode 1: another @match arm, new statics; back to mode 0: the first arm's by number.
    let to_b = encoder.diff(&ta, &tb).unwrap().to_string();
    assert!(to_b.contains(r#""s":["#), "{to_b}");
    let back = encoder.diff(&tb, &ta).unwrap().to_string();
    assert!(!back.contains(r#""s":["#), "{back}");
    assert!(back.contains(r#""3":{"s":"#), "{back}");
}

#[test]
fn the_client_refuses_what_it_cannot_apply() {
    let mut client = ClientTree::new();
    assert!(client.apply(&serde_json::json!({"0": "x"})).is_err(), "a patch before a render");
    assert!(client.apply(&serde_json::json!({"s": 9})).is_err(), "an unknown template");
    assert!(client.apply(&serde_json::json!({"s": [0, "a", "b"]})).is_err(), "a missing slot");
    client.apply(&serde_json::json!({"s": [0, "<p>", "</p>"], "0": "x"})).unwrap();
    assert_eq!(client.html(), "<p>x</p>");
    assert!(client.apply(&serde_json::json!({"7": "x"})).is_err(), "no such slot");
    assert!(client.apply(&serde_json::json!({"0": {"1": "y"}})).is_err(), "a block patch on text");
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Poke {
    Up,
    Set(SetN),
    Search(SetN),
    Pick(SetN),
    Key(SetN),
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct SetN {
    n: String,
}

fn pokes(n: u32) -> Html {
    html! {
        <p>{n}</p>
        <button on:click={Poke::Up}>"up"</button>
        <form on:submit={Poke::Set}><input name="n"/><button>"set"</button></form>
    }
}

fn fields(q: &str) -> Html {
    html! {
        <input name="q" value={q} on:input={Poke::Search}/>
        <select name="s" on:change={Poke::Pick}><option>"a"</option><option>"b"</option></select>
        <div tabindex="0" on:keydown={Poke::Key}>"k"</div>
    }
}

fn search(class: &str, q: &str, n: u32) -> Html {
    html! { <div class={class}><input name="q" value={q}/><p>{n}</p></div> }
}

/// Writes the scenarios that `tests/live_client.mjs` replays in jsdom through `live.js`: the
/// messages of random state sequences and the markup expected after each, a page with events,
/// and a redraw around a focused field. With `ROOK_JSDOM_NODE_PATH` (a `node_modules` holding
/// jsdom) it runs them and fails when the client's DOM differs from the server's render.
#[test]
fn client_scenarios() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut patches = Vec::new();
    for _ in 0..300 {
        let mut states = vec![state().new_tree(&mut runner).unwrap().current()];
        for _ in 0..4 {
            let next = edit(states.last().unwrap().clone()).new_tree(&mut runner).unwrap().current();
            states.push(next);
        }
        let trees: Vec<Tree> = states.iter().map(tree).collect();
        let mut encoder = Encoder::new();
        let mut client = ClientTree::new();
        let mut messages = vec![format!("[0,{}]", encoder.full(&trees[0]))];
        let mut expect = vec![trees[0].to_html()];
        for (seq, pair) in trees.windows(2).enumerate() {
            if let Some(patch) = encoder.diff(&pair[0], &pair[1]) {
                messages.push(format!("[{},{patch}]", messages.len()));
                expect.push(pair[1].to_html());
                client.apply(&patch).ok();
            }
            let _ = seq;
        }
        patches.push(serde_json::json!({ "dead": trees[0].to_html(), "messages": messages, "expect": expect }));
    }
    let (dead, events_tree) = render_tree(|| pokes(1)).unwrap();
    let events = serde_json::json!({
        "dead": dead.as_str(),
        "join": format!("[0,{}]", Encoder::new().full(&events_tree)),
    });
    let (dead, before) = render_tree(|| search("a", "q0", 1)).unwrap();
    let (_, after) = render_tree(|| search("b", "q1", 5)).unwrap();
    let mut encoder = Encoder::new();
    let join = format!("[0,{}]", encoder.full(&before));
    let patch = format!("[1,{}]", encoder.diff(&before, &after).unwrap());
    assert_eq!(patch, r#"[1,{"0":" class=\"b\"","1":" value=\"q1\"","2":"5"}]"#);
    let focus = serde_json::json!({ "dead": dead.as_str(), "join": join, "patch": patch, "expect_text": "<p><!--[-->5<!--]--></p>" });
    assert_eq!(
        fields("x"),
        "<input name=\"q\" value=\"x\" data-on-input=\"Search\"><select name=\"s\" data-on-change=\"Pick\">\
         <option>a</option><option>b</option></select><div tabindex=\"0\" data-on-keydown=\"Key\">k</div>"
    );
    let (dead, fields_tree) = render_tree(|| fields("")).unwrap();
    let fields = serde_json::json!({
        "dead": dead.as_str(),
        "join": format!("[0,{}]", Encoder::new().full(&fields_tree)),
    });
    let scenarios = serde_json::json!({ "patches": patches, "events": events, "focus": focus, "fields": fields });
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("live_scenarios.json");
    std::fs::write(&path, scenarios.to_string()).unwrap();
    let Some(node_path) = std::env::var_os("ROOK_JSDOM_NODE_PATH") else {
        eprintln!(
            "wrote {}; to replay it through live.js: ROOK_JSDOM_NODE_PATH=<node_modules with jsdom> cargo test -p rook --test live_diff client_scenarios",
            path.display()
        );
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("node")
        .env("NODE_PATH", node_path)
        .arg(root.join("tests/live_client.mjs"))
        .arg(root.join("src/live/live.js"))
        .arg(&path)
        .output()
        .expect("node runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    eprintln!("{report}");
    assert!(output.status.success(), "live.js in jsdom: {report}");
}

struct Line {
    id: u32,
    name: String,
    price: u32,
}

fn table(lines: &[Line]) -> Html {
    html! {
        <table>
            @for line in lines {
                <tr key={line.id}><td>{line.id}</td><td>{&line.name}</td><td>{line.price}</td></tr>
            }
        </table>
    }
}

/// Issue 22's list goal, without Phoenix's side: one changed row of a 300-row keyed list is a
/// patch of well under 1 % of the page's render.
#[test]
fn one_row_of_300_is_a_small_patch() {
    let mut lines: Vec<Line> = (0..300).map(|i| Line { id: i, name: format!("product {i}"), price: 100 + i }).collect();
    let (_, before) = render_tree(|| table(&lines)).unwrap();
    lines[150].name = "renamed".into();
    let (_, after) = render_tree(|| table(&lines)).unwrap();
    let plain = table(&lines).len();
    let mut encoder = Encoder::new();
    encoder.full(&before);
    let patch = format!("[1,{}]", encoder.diff(&before, &after).unwrap());
    assert_eq!(patch, r#"[1,{"0.150.1":"renamed"}]"#);
    eprintln!(
        "300 rows, one renamed: patch {} B, full render {plain} B ({:.3} %)",
        patch.len(),
        100.0 * patch.len() as f64 / plain as f64
    );
    assert!(patch.len() * 100 <= plain);
    // Removing that row: the order as two runs of old rows.
    lines.remove(150);
    let (_, removed) = render_tree(|| table(&lines)).unwrap();
    assert_eq!(encoder.diff(&after, &removed).unwrap().to_string(), r#"{"0":{"k":[[0,150],[151,149]]}}"#);
}
