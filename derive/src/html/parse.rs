//! Tokens → rstml's node tree. rstml parses the HTML-like syntax (tags, attributes, text,
//! `{blocks}`); rstml-control-flow's escape nodes add `@if`, `@for` and `@match`.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use rstml::node::Node as RstmlNode;
use rstml::{Parser, ParserConfig};
use rstml_control_flow::escape::EscapeCode;
use syn::Ident;

use super::elements::VOID;
use super::errors::Errors;

/// A node of a template.
pub(super) type Node = RstmlNode<EscapeCode>;

/// What `html!` was given: the writer of the `html!(writer => ...)` form, and the nodes.
pub(super) struct Input {
    /// `Some` when the template writes into a `rook::Writer` instead of making an `Html`.
    pub(super) writer: Option<Ident>,
    pub(super) nodes: Vec<Node>,
}

/// Parses a template, reporting rstml's diagnostics into `errors`.
pub(super) fn parse(input: TokenStream, errors: &Errors) -> Input {
    let (writer, input) = split_writer(input);
    if void_end_tags(&input, errors) {
        // rstml would report each as a stray close tag, with notes about the tags around it.
        return Input { writer, nodes: Vec::new() };
    }
    let config = ParserConfig::new()
        .recover_block(true)
        .always_self_closed_elements(HashSet::from_iter(VOID.iter().copied()))
        .custom_node::<EscapeCode>();
    let (nodes, diagnostics) = Parser::new(config).parse_recoverable(input).split();
    for diagnostic in diagnostics {
        errors.push(diagnostic.into());
    }
    Input { writer, nodes: nodes.unwrap_or_default() }
}

/// Reports each end tag of a void element (`</br>`, `</input>`) in HTML's terms; `true` when
/// there was one. Void elements are parsed as closed by their start tag, so such an end tag
/// would otherwise be reported as a close tag without an open one.
fn void_end_tags(input: &TokenStream, errors: &Errors) -> bool {
    let mut found = false;
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    for window in tokens.windows(4) {
        let [TokenTree::Punct(lt), TokenTree::Punct(slash), TokenTree::Ident(name), TokenTree::Punct(gt)] = window
        else {
            if let Some(TokenTree::Group(group)) = window.first() {
                found |= void_end_tags(&group.stream(), errors);
            }
            continue;
        };
        let name = name.to_string();
        if lt.as_char() == '<' && slash.as_char() == '/' && gt.as_char() == '>' && VOID.contains(&name.as_str()) {
            let end_tag: TokenStream = window.iter().cloned().collect();
            errors.at(end_tag, format!("html!: `<{name}>` is a void element: it has no content and no end tag (write `<{name}>` or `<{name}/>`)"));
            found = true;
        }
    }
    // A group in the last three tokens was not the first of any window.
    for token in tokens.iter().skip(tokens.len().saturating_sub(3)) {
        if let TokenTree::Group(group) = token {
            found |= void_end_tags(&group.stream(), errors);
        }
    }
    found
}

/// Splits `writer =>` off the front of the input: the form that renders into a `Writer`.
fn split_writer(input: TokenStream) -> (Option<Ident>, TokenStream) {
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    match tokens.as_slice() {
        [TokenTree::Ident(writer), TokenTree::Punct(eq), TokenTree::Punct(gt), rest @ ..]
            if eq.as_char() == '=' && gt.as_char() == '>' =>
        {
            (Some(writer.clone()), rest.iter().cloned().collect())
        }
        _ => (None, input),
    }
}
