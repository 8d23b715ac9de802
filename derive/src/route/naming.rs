//! docs/routing.md#compile-time-errors: a route name used twice in a block. Names (`product: get ...`) are what links and
//! OpenAPI's `operationId` are built from, so each names one route or include of its block.

use std::collections::HashSet;

use syn::{Error, Ident};

use super::ctxt::Ctxt;
use super::model::{Block, Entry};

/// The name of each route and include, in declaration order (`None`: unnamed).
pub(super) fn names(block: &Block) -> impl Iterator<Item = Option<&Ident>> {
    block.entries.iter().map(|e| match e {
        Entry::Route(r) => r.name.as_ref(),
        Entry::Include(i) => i.name.as_ref(),
    })
}

/// Every name is used once in a block; a second use is reported at its tokens.
pub(super) fn unique_names(block: &Block, cx: &Ctxt) {
    let mut seen = HashSet::new();
    for name in names(block).flatten() {
        let text = name.to_string();
        let text = text.strip_prefix("r#").unwrap_or(&text).to_owned();
        if seen.contains(&text) {
            cx.error(Error::new(
                name.span(),
                format!("the route name `{text}` is already used in this block: names are unique, as links and OpenAPI's operationId are built from them"),
            ));
        } else {
            seen.insert(text);
        }
    }
}
