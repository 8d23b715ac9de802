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
    /// `@for pat in iter { .. }`.
    For { pat: TokenStream, iter: TokenStream, body: Vec<Part> },
    /// `@match expr { pat => { .. } }`.
    Match { scrutinee: TokenStream, arms: Vec<(TokenStream, Vec<Part>)> },
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
        Node::Element(element) => lower_element(element, place, parts, errors),
        Node::Custom(code) => lower_control_flow(code, place, parts, errors),
    }
}

/// Literal text, escaped for where it stands.
fn static_text(text: &str, place: Place) -> String {
    match place {
        Place::Text => esc::entities(text),
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

fn lower_element(element: &NodeElement<EscapeCode>, place: Place, parts: &mut Vec<Part>, errors: &Errors) {
    let name = element.name().to_string();
    if elements::is_component(&name) {
        lower_component(element, place, parts, errors);
        return;
    }
    check::element(element, errors);
    parts.push(Part::Static(format!("<{name}")));
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(attribute) = attribute else { continue };
        let key = attribute.key.to_string();
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
            KVAttributeValue::InvalidBraced(block) => errors.at(block, "html!: this `{ }` block is not a Rust expression"),
        }
    }
    parts.push(Part::Static(">".to_owned()));
    if elements::is_void(&name) {
        return;
    }
    let inner = match elements::raw_text(&name) {
        Some("script") => Place::Script,
        Some(_) => Place::Style,
        None => place,
    };
    for child in &element.children {
        lower_node(child, inner, parts, errors);
    }
    parts.push(Part::Static(format!("</{name}>")));
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
        EscapedExpr::For(expr) => parts.push(Part::For {
            pat: expr.pat.to_token_stream(),
            iter: expr.expr.to_token_stream(),
            body: body(&expr.block),
        }),
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
