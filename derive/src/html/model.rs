//! The template as Rook sees it: static text, the dynamic values and attributes that go between
//! it, control flow and components. Lowered from rstml's nodes, with the rules of `check.rs`
//! applied to each element on the way.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use rstml::node::{KVAttributeValue, KeyedAttributeValue, NodeAttribute, NodeBlock, NodeElement, NodeName};
use rstml_control_flow::escape::{self, EscapeCode, EscapedExpr};
use syn::{Expr, Lit, Stmt};

use super::check;
use super::elements;
use super::errors::Errors;
use super::escape as esc;
use super::parse::Node;

/// Where inside the document a value is written: it decides its escaping.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Text,
    /// The text of `<textarea>` or `<title>`: escaped as text, but a live view cannot mark a
    /// slot there (a comment would be shown as text).
    Escapable,
    Script,
    Style,
}

/// One piece of a template.
pub(super) enum Part {
    /// Markup known at compile time, already escaped.
    Static(String),
    /// `{expr}`: a value written through `rook::Render`.
    Value { expr: TokenStream, place: Place },
    /// `name={expr}`: `opening` is ` name="`; `url` when the attribute holds a URL.
    Attribute { opening: String, url: bool, expr: TokenStream },
    /// `@if cond { .. } else if cond { .. } else { .. }`.
    If { branches: Vec<(TokenStream, Vec<Part>)>, otherwise: Option<Vec<Part>> },
    /// `@for pat in iter { .. }`; `key` from a `key={expr}` on the body's first element.
    For { pat: TokenStream, iter: TokenStream, key: Option<TokenStream>, body: Vec<Part> },
    /// `@match expr { pat => { .. } }`.
    Match { scrutinee: TokenStream, arms: Vec<(TokenStream, Vec<Part>)> },
    /// An expression evaluated for its type only (the variant an event names), writing nothing.
    Check(TokenStream),
    /// `<Card title={t}>children</Card>`: a value of a type that implements `rook::Render`.
    Component { path: TokenStream, fields: Vec<(TokenStream, TokenStream)>, children: Option<Vec<Part>> },
}

/// Lowers the nodes of a template.
pub(super) fn lower(nodes: &[Node], errors: &Errors) -> Vec<Part> {
    let mut parts = Vec::new();
    for node in nodes {
        lower_node(node, Place::Text, &mut parts, errors);
    }
    merge_statics(parts)
}

fn lower_children(nodes: &[Node], place: Place, errors: &Errors) -> Vec<Part> {
    let mut parts = Vec::new();
    for node in nodes {
        lower_node(node, place, &mut parts, errors);
    }
    merge_statics(parts)
}

fn lower_node(node: &Node, place: Place, parts: &mut Vec<Part>, errors: &Errors) {
    match node {
        Node::Doctype(doctype) => {
            parts.push(Part::Static(format!("<!DOCTYPE {}>", doctype.value.to_string_best().trim())));
        }
        Node::Comment(comment) => parts.push(Part::Static(format!("<!--{}-->", comment.value.to_string_best()))),
        Node::Fragment(fragment) => {
            for child in &fragment.children {
                lower_node(child, place, parts, errors);
            }
        }
        Node::Text(text) => parts.push(Part::Static(static_text(&text.value_string(), place))),
        Node::RawText(raw) => parts.push(Part::Static(static_text(&raw.to_string_best(), place))),
        Node::Block(block) => match block_expr(block) {
            Some(expr) => parts.push(Part::Value { expr, place }),
            None => errors.at(block, "html!: this `{ }` block is not a Rust expression"),
        },
        Node::Element(element) => lower_element(element, place, parts, errors, None),
        Node::Custom(code) => lower_control_flow(code, place, parts, errors),
    }
}

/// Literal text, escaped for where it stands.
fn static_text(text: &str, place: Place) -> String {
    match place {
        Place::Text | Place::Escapable => esc::entities(text),
        Place::Script => esc::raw_text(text, "script"),
        Place::Style => esc::raw_text(text, "style"),
    }
}

/// The expression of a `{ }` block: a lone expression is kept as a place (`{self.name}` is
/// borrowed, not moved out); statements stay a block.
fn block_expr(block: &NodeBlock) -> Option<TokenStream> {
    let block = block.try_block()?;
    Some(match block.stmts.as_slice() {
        [Stmt::Expr(expr, None)] => quote!((#expr)),
        _ => block.to_token_stream(),
    })
}

/// An attribute value that is an expression: `{x}` unwrapped like a block node.
fn value_expr(expr: &Expr) -> TokenStream {
    match expr {
        Expr::Block(block) if block.attrs.is_empty() && block.label.is_none() => match block.block.stmts.as_slice() {
            [Stmt::Expr(inner, None)] => quote!((#inner)),
            _ => block.to_token_stream(),
        },
        other => quote!((#other)),
    }
}

/// `key`: `Some` for the first element of a `@for` body, where a `key={expr}` attribute is the
/// item's key for live views (and is not written).
fn lower_element(
    element: &NodeElement<EscapeCode>,
    place: Place,
    parts: &mut Vec<Part>,
    errors: &Errors,
    mut key: Option<&mut Option<TokenStream>>,
) {
    let name = element.name().to_string();
    if elements::is_component(&name) {
        lower_component(element, place, parts, errors);
        return;
    }
    check::element(element, errors);
    parts.push(Part::Static(format!("<{name}")));
    let mut after_open = None;
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(attribute) = attribute else { continue };
        let key_name = attribute.key.to_string();
        if let (Some(slot), "key", Some(expr)) = (key.as_deref_mut(), key_name.as_str(), attribute.value()) {
            *slot = Some(value_expr(expr));
            continue;
        }
        if let Some(event) = key_name.strip_prefix("on:") {
            after_open = lower_event(&name, event, attribute, parts, errors).or(after_open);
            continue;
        }
        let key = key_name;
        let value = match &attribute.possible_value {
            KeyedAttributeValue::Value(value) => value,
            KeyedAttributeValue::None => {
                parts.push(Part::Static(format!(" {key}")));
                continue;
            }
            KeyedAttributeValue::Binding(_) => continue,
        };
        match &value.value {
            KVAttributeValue::Expr(Expr::Lit(literal)) if !matches!(literal.lit, Lit::Bool(_)) => {
                let text = attribute.value_literal_string().unwrap_or_default();
                parts.push(Part::Static(format!(" {key}=\"{}\"", esc::entities(&text))));
            }
            KVAttributeValue::Expr(expr) => parts.push(Part::Attribute {
                opening: format!(" {key}=\""),
                url: elements::is_url_attribute(&key),
                expr: value_expr(expr),
            }),
            KVAttributeValue::InvalidBraced(block) => {
                errors.at(block, "html!: this `{ }` block is not a Rust expression")
            }
        }
    }
    parts.push(Part::Static(">".to_owned()));
    if let Some(markup) = after_open {
        parts.push(Part::Static(markup));
    }
    if elements::is_void(&name) {
        return;
    }
    let inner = match elements::raw_text(&name) {
        Some("script") => Place::Script,
        Some(_) => Place::Style,
        None if name.eq_ignore_ascii_case("textarea") || name.eq_ignore_ascii_case("title") => Place::Escapable,
        None => place,
    };
    for child in &element.children {
        lower_node(child, inner, parts, errors);
    }
    parts.push(Part::Static(format!("</{name}>")));
}

/// `on:click={event}` on a `<button>` and `on:submit={Msg::Variant}` on a `<form>`: markup that
/// works as a plain form post without JavaScript, which the live client intercepts. Returns
/// the markup that goes right after the element's start tag.
fn lower_event(
    element: &str,
    event: &str,
    attribute: &rstml::node::KeyedAttribute,
    parts: &mut Vec<Part>,
    errors: &Errors,
) -> Option<String> {
    let Some(value) = attribute.value() else {
        errors.at(&attribute.key, format!("html!: write the event after `=`: `on:{event}={{Msg::Variant}}`"));
        return None;
    };
    match (event, element.to_ascii_lowercase().as_str()) {
        ("click", "button") => {
            parts.push(Part::Static(format!(" name=\"{}\"", "_e")));
            parts.push(Part::Attribute {
                opening: " value=\"".to_owned(),
                url: false,
                expr: quote!(::rook::live::event_value(&(#value))),
            });
            parts.push(Part::Static(" form=\"rook-live\"".to_owned()));
            None
        }
        ("submit", "form") => {
            let variant = variant_name(value, event, errors)?;
            parts.push(Part::Check(quote!((#value))));
            parts.push(Part::Static(" method=\"post\"".to_owned()));
            Some(format!("<input type=\"hidden\" name=\"_e\" value=\"{}\">", esc::entities(&variant)))
        }
        ("input" | "change", "input" | "textarea" | "select") | ("keydown", _) => {
            let variant = variant_name(value, event, errors)?;
            parts.push(Part::Check(quote!((#value))));
            parts.push(Part::Static(format!(" data-on-{event}=\"{}\"", esc::entities(&variant))));
            None
        }
        ("input" | "change", _) => {
            errors.at(
                &attribute.key,
                format!("html!: `on:{event}` goes on an `<input>`, a `<textarea>` or a `<select>`"),
            );
            None
        }
        ("click", _) => {
            errors
                .at(&attribute.key, "html!: `on:click` goes on a `<button>`, so that it works without JavaScript too");
            None
        }
        ("submit", _) => {
            errors.at(&attribute.key, "html!: `on:submit` goes on a `<form>`");
            None
        }
        _ => {
            errors.at(&attribute.key, format!("html!: unknown event `on:{event}`: html! knows `on:click` (on a `<button>`), `on:submit` (on a `<form>`), `on:input` and `on:change` (on a field) and `on:keydown`"));
            None
        }
    }
}

/// The variant an `on:submit`/`on:input`/`on:change`/`on:keydown` names: the last segment of
/// the path (`Msg::Save` → `Save`); its data come from the fields.
fn variant_name(value: &Expr, event: &str, errors: &Errors) -> Option<String> {
    let mut inner = value;
    while let Expr::Block(block) = inner
        && let [Stmt::Expr(expr, None)] = block.block.stmts.as_slice()
    {
        inner = expr;
    }
    let variant = match inner {
        Expr::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
        _ => None,
    };
    if variant.is_none() {
        errors.at(value, format!("html!: `on:{event}` names the event's variant, like `on:{event}={{Msg::Save}}`: the fields are its data"));
    }
    variant
}

fn lower_component(element: &NodeElement<EscapeCode>, place: Place, parts: &mut Vec<Part>, errors: &Errors) {
    check::component(element, errors);
    let path = match element.name() {
        NodeName::Path(path) => path.to_token_stream(),
        other => {
            errors.at(other, "html!: a component is named by a Rust type path, like `<Card>` or `<ui::Card>`");
            return;
        }
    };
    let mut fields = Vec::new();
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(attribute) = attribute else { continue };
        let key = attribute.key.to_token_stream();
        let value = match attribute.value() {
            Some(expr) => value_expr(expr),
            None => quote!(true),
        };
        fields.push((key, value));
    }
    let children = (!element.children.is_empty()).then(|| lower_children(&element.children, place, errors));
    parts.push(Part::Component { path, fields, children });
}

fn lower_control_flow(code: &EscapeCode, place: Place, parts: &mut Vec<Part>, errors: &Errors) {
    let body = |block: &escape::Block| lower_children(&block.body, place, errors);
    match &code.expression {
        EscapedExpr::If(expr) => {
            let mut branches = vec![(expr.condition.to_token_stream(), body(&expr.then_branch))];
            for branch in &expr.else_ifs {
                branches.push((branch.condition.to_token_stream(), body(&branch.then_branch)));
            }
            let otherwise = expr.else_branch.as_ref().map(|branch| body(&branch.then_branch));
            parts.push(Part::If { branches, otherwise });
        }
        EscapedExpr::For(expr) => {
            let mut key = None;
            let mut body = Vec::new();
            let mut first = true;
            for node in &expr.block.body {
                match node {
                    Node::Element(element) if first => {
                        first = false;
                        lower_element(element, place, &mut body, errors, Some(&mut key));
                    }
                    other => lower_node(other, place, &mut body, errors),
                }
            }
            parts.push(Part::For {
                pat: expr.pat.to_token_stream(),
                iter: expr.expr.to_token_stream(),
                key,
                body: merge_statics(body),
            });
        }
        EscapedExpr::Match(expr) => parts.push(Part::Match {
            scrutinee: expr.expr.to_token_stream(),
            arms: expr.arms.iter().map(|arm| (arm.pat.to_token_stream(), body(&arm.body))).collect(),
        }),
    }
}

/// Joins neighbouring static parts into one.
fn merge_statics(parts: Vec<Part>) -> Vec<Part> {
    let mut merged: Vec<Part> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(Part::Static(previous)), Part::Static(next)) => previous.push_str(&next),
            (_, part) => merged.push(part),
        }
    }
    merged
}
