//! The two pages of the render benchmark, written three times — Rook's `html!`, maud and
//! askama — so that each engine produces the same bytes from the same data.

use rook::{Html, Render, Writer, html};

/// One row of the table page.
pub(crate) struct Row {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) price: u32,
    pub(crate) in_stock: bool,
}

/// One card of the nested page.
pub(crate) struct Card {
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) tags: Vec<String>,
}

/// 100 rows. Every value is scanned for characters to escape, but none has one: askama writes
/// `&#38;` where Rook and maud write `&amp;`, and the three must produce the same bytes.
pub(crate) fn rows() -> Vec<Row> {
    (0..100)
        .map(|i| Row {
            id: i,
            name: if i % 7 == 0 { format!("Fish and chips #{i}") } else { format!("Product number {i}") },
            price: 100 + i * 3,
            in_stock: i % 3 != 0,
        })
        .collect()
}

/// 20 cards of three tags each.
pub(crate) fn cards() -> Vec<Card> {
    (0..20)
        .map(|i| Card {
            title: format!("Card {i} and more"),
            body: format!("A short paragraph of text for card {i}, long enough to be a real sentence."),
            tags: vec![format!("tag{i}"), "rust".to_owned(), "web".to_owned()],
        })
        .collect()
}

// --- Rook ---------------------------------------------------------------------------------

pub(crate) fn rook_table(rows: &[Row]) -> Html {
    html! {
        <table class="products">
            <tr><th>"Id"</th><th>"Name"</th><th>"Price"</th><th>"Stock"</th></tr>
            @for row in rows {
                <tr id={row.id}>
                    <td>{row.id}</td>
                    <td><a href={("/products/", row.id)}>{&row.name}</a></td>
                    <td>{row.price}</td>
                    @if row.in_stock { <td class="yes">"in stock"</td> } else { <td class="no">"sold out"</td> }
                </tr>
            }
        </table>
    }
}

struct RookCard<'a> {
    card: &'a Card,
}

impl Render for RookCard<'_> {
    fn render(&self, w: &mut Writer) {
        let card = self.card;
        html!(w =>
            <article class="card">
                <h2>{&card.title}</h2>
                <p>{&card.body}</p>
                <ul class="tags">@for tag in &card.tags { <li>{tag}</li> }</ul>
            </article>
        )
    }
}

struct RookLayout<C> {
    title: &'static str,
    children: C,
}

impl<C: Render> Render for RookLayout<C> {
    fn render(&self, w: &mut Writer) {
        html!(w =>
            <!DOCTYPE html>
            <html lang="en">
                <head><meta charset="utf-8"/><title>{self.title}</title></head>
                <body>
                    <nav>
                        @for (href, label) in NAV { <a href={*href}>{*label}</a> }
                    </nav>
                    <main>{&self.children}</main>
                    <footer>"Made with care & Rust"</footer>
                </body>
            </html>
        )
    }
}

const NAV: &[(&str, &str)] =
    &[("/", "Home"), ("/shop", "Shop"), ("/blog", "Blog"), ("/about", "About"), ("/contact", "Contact")];

pub(crate) fn rook_nested(cards: &[Card]) -> Html {
    html! {
        <RookLayout title="Cards">
            @for card in cards { <RookCard card={card}/> }
        </RookLayout>
    }
}

// --- maud ---------------------------------------------------------------------------------

pub(crate) fn maud_table(rows: &[Row]) -> maud::Markup {
    maud::html! {
        table class="products" {
            tr { th { "Id" } th { "Name" } th { "Price" } th { "Stock" } }
            @for row in rows {
                tr id=(row.id) {
                    td { (row.id) }
                    td { a href={ "/products/" (row.id) } { (row.name) } }
                    td { (row.price) }
                    @if row.in_stock { td class="yes" { "in stock" } } @else { td class="no" { "sold out" } }
                }
            }
        }
    }
}

struct MaudCard<'a>(&'a Card);

impl maud::Render for MaudCard<'_> {
    fn render_to(&self, buffer: &mut String) {
        let card = self.0;
        maud::html! {
            article class="card" {
                h2 { (card.title) }
                p { (card.body) }
                ul class="tags" { @for tag in &card.tags { li { (tag) } } }
            }
        }
        .render_to(buffer)
    }
}

pub(crate) fn maud_nested(cards: &[Card]) -> maud::Markup {
    maud::html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "Cards" } }
            body {
                nav { @for (href, label) in NAV { a href=(href) { (label) } } }
                main { @for card in cards { (MaudCard(card)) } }
                footer { "Made with care & Rust" }
            }
        }
    }
}

// --- askama -------------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(
    ext = "html",
    source = r#"<table class="products"><tr><th>Id</th><th>Name</th><th>Price</th><th>Stock</th></tr>{% for row in rows %}<tr id="{{ row.id }}"><td>{{ row.id }}</td><td><a href="/products/{{ row.id }}">{{ row.name }}</a></td><td>{{ row.price }}</td>{% if row.in_stock %}<td class="yes">in stock</td>{% else %}<td class="no">sold out</td>{% endif %}</tr>{% endfor %}</table>"#
)]
pub(crate) struct AskamaTable<'a> {
    pub(crate) rows: &'a [Row],
}

#[derive(askama::Template)]
#[template(
    ext = "html",
    source = r#"{% macro card(c) %}<article class="card"><h2>{{ c.title }}</h2><p>{{ c.body }}</p><ul class="tags">{% for tag in c.tags %}<li>{{ tag }}</li>{% endfor %}</ul></article>{% endmacro %}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cards</title></head><body><nav>{% for (href, label) in nav %}<a href="{{ href }}">{{ label }}</a>{% endfor %}</nav><main>{% for c in cards %}{% call card(c) %}{% endcall %}{% endfor %}</main><footer>Made with care &amp; Rust</footer></body></html>"#
)]
pub(crate) struct AskamaNested<'a> {
    pub(crate) cards: &'a [Card],
    pub(crate) nav: &'a [(&'a str, &'a str)],
}

pub(crate) const ASKAMA_NAV: &[(&str, &str)] = NAV;
