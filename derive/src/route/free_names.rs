//! The names a handler (or guard) uses as values without binding them: the local variables it
//! would capture, if it could.
//!
//! A handler is compiled into a function item of the table, which runs long after the function
//! that built the table has returned; rustc refuses a local there (E0434) with advice about
//! closures that does not apply. Which names are locals only rustc knows, so this finds the
//! likely ones: a lower-case, single-ident path used as a value (the handler itself, a method's
//! receiver, a field's or an index's base, a borrow, a macro argument), bound by no pattern of
//! the expression and by no parameter of the route. A function passed by name (`map(render)`)
//! is a call argument, not one of those places; a lower-case function or static used there can
//! be written `self::name`.

use std::collections::HashSet;

use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Token};

/// The likely locals `expr` uses, in source order, each once, leaving out `bound`.
pub(super) fn likely_locals(expr: &Expr, bound: &HashSet<String>) -> Vec<Ident> {
    let mut names = Names { used: Vec::new(), patterns: HashSet::new() };
    names.value(expr);
    names.visit_expr(expr);
    let mut seen = HashSet::new();
    names
        .used
        .into_iter()
        .filter(|ident| {
            let text = ident.unraw().to_string();
            !bound.contains(&text) && !names.patterns.contains(&text) && seen.insert(text)
        })
        .collect()
}

/// What one walk of the expression collects.
struct Names {
    /// Single idents used as values, in the places the module's comment lists.
    used: Vec<Ident>,
    /// Every name a pattern of the expression binds (`let`, closure, `match`, `for`, `if let`):
    /// scopes are not tracked, so a name bound anywhere is never reported.
    patterns: HashSet<String>,
}

impl Names {
    /// Notes `expr` when it is a lower-case single ident.
    fn value(&mut self, expr: &Expr) {
        let Expr::Path(path) = expr else { return };
        if path.qself.is_some() {
            return;
        }
        let Some(ident) = path.path.get_ident() else { return };
        let text = ident.unraw().to_string();
        if text != "self" && text.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && text != "_" {
            self.used.push(ident.clone());
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.value(&call.receiver);
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
        self.value(&field.base);
        visit::visit_expr_field(self, field);
    }

    fn visit_expr_index(&mut self, index: &'ast syn::ExprIndex) {
        self.value(&index.expr);
        visit::visit_expr_index(self, index);
    }

    fn visit_expr_reference(&mut self, reference: &'ast syn::ExprReference) {
        self.value(&reference.expr);
        visit::visit_expr_reference(self, reference);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `format!("{}", n)`, `vec![a, b]`: arguments that parse as expressions.
        if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for arg in &args {
                self.value(arg);
                self.visit_expr(arg);
            }
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.patterns.insert(pat.ident.unraw().to_string());
        visit::visit_pat_ident(self, pat);
    }
}
