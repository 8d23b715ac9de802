//! `html!`'s live form (issue 22, step 1): rendered through `rook::live::render_tree`, a
//! template yields a tree of statics and slots whose markup is the plain render plus slot
//! markers; a plain render is unchanged.

use rook::live::{Slot, Tree, render_tree};
use rook::prelude::*;

struct Badge<'a> {
    label: &'a str,
}

impl Render for Badge<'_> {
    fn render(&self, w: &mut Writer) {
        html!(w => <span class="badge">{self.label}</span>)
    }
}

struct Row {
    id: u32,
    name: String,
    done: bool,
}

enum Filter {
    All,
    Open,
}

fn page(title: &str, rows: &[Row], filter: &Filter, note: Option<&str>) -> Html {
    html! {
        <main>
            <h1 title={title}>{title}</h1>
            @if let Some(note) = note {
                <p class="note">{note}</p>
            }
            @match filter {
                Filter::All => { <b>"all"</b> }
                Filter::Open => { <i>"open"</i> }
            }
            <ul>
                @for row in rows {
                    <li key={row.id} class={if row.done { "done" } else { "open" }}>
                        {&row.name} <Badge label={&row.name}/>
                    </li>
                }
            </ul>
            <textarea>{title}</textarea>
        </main>
    }
}

fn rows() -> Vec<Row> {
    vec![Row { id: 7, name: "a & b".into(), done: true }, Row { id: 9, name: "<c>".into(), done: false }]
}

fn strip(live: &str) -> String {
    live.replace("<!--[-->", "").replace("<!--]-->", "")
}

#[test]
fn the_live_render_is_the_plain_render_with_markers() {
    let rows = rows();
    for (filter, note) in [(Filter::All, None), (Filter::Open, Some("n<1>"))] {
        let plain = page("T\"1", &rows, &filter, note);
        let (live, tree) = render_tree(|| page("T\"1", &rows, &filter, note)).expect("html! was used");
        assert_eq!(tree.to_html(), live.as_str(), "the tree is what was written");
        assert_eq!(strip(live.as_str()), plain.as_str());
        assert!(live.as_str().contains("<!--[-->"));
        // A plain render after a live one is plain again.
        assert_eq!(page("T\"1", &rows, &filter, note), plain);
    }
}

fn text(slot: &Slot) -> &str {
    match slot {
        Slot::Text(text) => text,
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn slots_come_in_template_order() {
    let rows = rows();
    let (_, tree): (Html, Tree) = render_tree(|| page("x", &rows, &Filter::All, None)).unwrap();
    // title attribute, title text, @if, @match, @for, textarea text.
    assert_eq!(tree.slots.len(), 6, "{tree:#?}");
    assert_eq!(text(&tree.slots[0]), " title=\"x\"");
    assert_eq!(text(&tree.slots[1]), "x");
    assert_eq!(text(&tree.slots[2]), "", "an @if without else that rendered nothing");
    let Slot::Tree(arm) = &tree.slots[3] else { panic!("@match is a block") };
    assert_eq!(arm.template.statics(), &["<b>all</b>"]);
    let Slot::List(list) = &tree.slots[4] else { panic!("@for is a list") };
    assert_eq!(list.items.len(), 2);
    assert_eq!(list.items[0].key.as_deref(), Some("7"));
    assert_eq!(list.items[1].key.as_deref(), Some("9"));
    assert_eq!(text(&list.items[0].slots[0]), " class=\"done\"");
    assert_eq!(text(&list.items[1].slots[1]), "&lt;c&gt;");
    let Slot::Tree(badge) = &list.items[1].slots[2] else { panic!("a component is a block") };
    assert_eq!(text(&badge.slots[0]), "&lt;c&gt;");
    assert_eq!(text(&tree.slots[5]), "x", "a textarea's value is a slot without markers");
    // The @if branch, when taken, is a block of its own template.
    let (_, tree) = render_tree(|| page("x", &rows, &Filter::Open, Some("n"))).unwrap();
    let Slot::Tree(branch) = &tree.slots[2] else { panic!("@if taken is a block") };
    assert_eq!(text(&branch.slots[0]), "n");
}

#[test]
fn the_key_attribute_is_not_written() {
    let rows = rows();
    let plain = page("x", &rows, &Filter::All, None);
    assert!(plain.as_str().contains("<li class=\"done\">"), "{plain}");
    assert!(!plain.as_str().contains("key="));
}

#[test]
fn a_render_without_html_gives_no_tree() {
    assert!(render_tree(|| Html::raw("<p>hand made</p>")).is_none());
    // And the next plain template is not captured by a tracker left behind.
    assert_eq!(html! { <p>{1}</p> }, "<p>1</p>");
    let (live, _) = render_tree(|| html! { <p>{1}</p> }).unwrap();
    assert_eq!(live, "<p><!--[-->1<!--]--></p>");
}

fn header(title: &str) -> Html {
    html! { <h1>{title}</h1> }
}

#[test]
fn a_view_made_of_several_blocks_still_gives_a_faithful_tree() {
    // An inner block that runs first, inserted into the outer one.
    let nested = |t: &str| {
        let top = header(t);
        html! { <main>{top}<p>{t}</p></main> }
    };
    let (live, tree) = render_tree(|| nested("a")).unwrap();
    assert_eq!(tree.to_html(), live.as_str());
    assert_eq!(strip(live.as_str()), nested("a").as_str());
    // Two blocks joined, and a block wrapped in markup of its own: one slot, the whole markup.
    let joined = |t: &str| Html::raw(format!("{}{}", header(t), html! { <p>{t}</p> }));
    let (live, tree) = render_tree(|| joined("b")).unwrap();
    assert_eq!(tree.to_html(), live.as_str());
    assert_eq!(tree.slots.len(), 1);
    let wrapped = |t: &str| Html::raw(format!("<main>{}</main>", header(t)));
    let (live, tree) = render_tree(|| wrapped("c")).unwrap();
    assert_eq!(tree.to_html(), live.as_str());
    assert_eq!(strip(live.as_str()), "<main><h1>c</h1></main>");
}
