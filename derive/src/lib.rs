//! Procedural macros of Rook, re-exported by the `rook` crate: `route!`, `html!` and
//! `#[derive(Segment)]`.

use proc_macro::TokenStream;

mod entry;
mod html;
mod route;
mod segment;

/// Compiles a block of routes into a `rook::Routes` value, with its matcher generated at
/// compile time.
///
/// ```
/// use rook::prelude::*;
///
/// let routes = route! {
///     get / => "Hello from Rook\n",
///     get "catalogue" / "products" / id: u32 => format!("product {id}"),
///     get "orders" / "history" / page: u32 = 1 => format!("page {page}"),
///     get "tree" / ..rest => rest.join("/"),
///     get "advent" / day: u32 if day <= 24 => format!("day {day}"),
///     get "search" ? term: String & "max-results" as max: Option<u32> => format!("{term} {max:?}"),
///     get "agent", header "User-Agent" as agent: String, req: HttpRequest => agent,
///     get | post "form" => "form",
///     post "ping" => (),
/// };
/// assert_eq!(routes.list().len(), 9);
/// ```
///
/// Grammar (docs/routing.md):
///
/// ```text
/// block   := route ("," route)* ","?           -- the comma after a `{ ... }` handler is optional
/// route   := (name ":")? methods path query? param* ("if" guard)? "=>" expr
///          | (name ":")? "include" path? "=>" expr   -- expr: a Routes value; path: literals
/// methods := method ("|" method)* | "any"       -- get post put delete patch head options
/// path    := "/" | "/"? segment ("/" segment)*
/// segment := "literal" | name ":" Type | name ":" Option<Type> | name ":" Type "=" default
///          | ".." name (":" Vec<Type>)?
/// default := literal | "-" literal | path | "(" expr ")" | "{" ... "}"
/// query   := "?" qparam ("&" qparam)*
/// qparam  := ("\"key\"" "as")? name ":" Type ("=" default)?
/// param   := "," ("header" | "cookie") ("\"Name\"" "as")? name ":" Type ("=" default)?
///          | "," "auth" name ":" Type           -- Type: rook::Authenticate
///          | "," name ":" Type                  -- any actix-web FromRequest extractor
/// ```
///
/// `name:` before a route names it, for its typed link (`#[rook::routes]`) and its OpenAPI
/// `operationId`; names are unique in a block.
///
/// Errors are reported together, each at its tokens: a route shadowed by an earlier one, an
/// optional capture outside the trailing run, a slurpy that is not last (or follows optional
/// captures), a name bound twice, an unknown method, a default in another form. Handlers are
/// compiled into functions: they cannot capture local variables (use `Data<T>`).
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    route::route(input.into()).into()
}

/// An HTML template, checked at compile time: its value is a `rook::Html`, rendered into one
/// buffer.
///
/// ```
/// use rook::prelude::*;
///
/// struct Product { name: String, price: u32 }
///
/// fn page(title: &str, products: &[Product], admin: bool) -> Html {
///     html! {
///         <!DOCTYPE html>
///         <h1 class="title">{title}</h1>
///         <ul>
///             @for product in products {
///                 <li>{&product.name} " – " {product.price} " €"</li>
///             }
///         </ul>
///         @if admin { <a href="/admin">"Admin"</a> } else { <p>"Read only"</p> }
///     }
/// }
///
/// let products = [Product { name: "Tea & <cakes>".into(), price: 4 }];
/// assert_eq!(
///     page("Shop", &products, false).as_str(),
///     "<!DOCTYPE html><h1 class=\"title\">Shop</h1><ul><li>Tea &amp; &lt;cakes&gt; – 4 €</li></ul><p>Read only</p>",
/// );
/// ```
///
/// - Text is written in quotes (`"Count: "`); `{expr}` inserts any `rook::Render` value,
///   escaped for where it lands: text, an attribute value (`class={c}`, always quoted), a URL
///   attribute (`href`, `src`, `action`, `formaction`: a `javascript:`, `vbscript:` or `data:`
///   value drops the attribute), a `<script>` or `<style>` body. Only `rook::Html` is written
///   unescaped (`Html::raw` says so where it is made).
/// - An attribute whose value is `None` or `false` is left out (`disabled={locked}`).
/// - `@if`, `@for` and `@match` (arms `pat => { .. }`) take markup in their braces.
/// - A tag that starts with an uppercase letter, or a path, is a component: `<Card title={t}/>`
///   renders the value `Card { title: t }` (a type that implements `rook::Render`); content
///   between its tags is passed as its `children` field, a `rook::Children`.
/// - `html!(writer => ...)` writes into a `&mut rook::Writer` instead: that is how a component's
///   `Render::render` uses a template, without a buffer of its own.
///
/// The static parts of a template are emitted once, as a `static` array of `&str`, apart from
/// the dynamic values. Mistakes are compile errors at their tokens: an unclosed or mismatched
/// tag, content or an end tag on a void element (`<br>`), an attribute such as `href` without
/// a value, an attribute given twice.
#[proc_macro]
pub fn html(input: TokenStream) -> TokenStream {
    html::html(input.into()).into()
}

/// Typed links to the named routes of a fn whose body ends with a `route!` block: beside the
/// fn, a module of the same name with a link builder per named route (path captures in order,
/// then query parameters) and per named `include` (which prefixes a link of the included table).
///
/// ```
/// use rook::prelude::*;
///
/// #[rook::routes]
/// fn api() -> Routes {
///     route! { product: get "products" / id: u32 => format!("{id}") }
/// }
///
/// #[rook::routes]
/// fn shop() -> Routes {
///     route! {
///         search: get "search" / term: String ? page: Option<u32> => format!("{term} {page:?}"),
///         v1: include "api" / "v1" => api(),
///     }
/// }
///
/// # fn main() {
/// assert_eq!(shop::search("a/b c", Some(2)).to_string(), "/search/a%2Fb%20c?page=2");
/// assert_eq!(shop::v1(api::product(7)).path(), "/api/v1/products/7");
/// # }
/// ```
///
/// The types of the captures, and the fns that named includes call, are named from the module
/// that holds the fn (the link module imports its items with `use super::*`), so they must be
/// nameable there, not only inside a function body.
#[proc_macro_attribute]
pub fn routes(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemFn);
    route::links::routes(args.into(), item).unwrap_or_else(|e| e.to_compile_error()).into()
}

/// Derives `rook::FromSegment` for a single-field newtype whose field is `FromSegment`,
/// with checks: `regex = "..."` (must match the whole text; compiled once), `range = a..=b`
/// (numeric fields), `validate = path::to_fn` (`fn(&Inner) -> bool`). A value that fails any
/// check is not accepted, so a route capturing the type does not match it.
///
/// ```
/// use rook::prelude::*;
///
/// #[derive(Segment)]
/// #[segment(range = 1..=100)]
/// struct Percent(u8);
///
/// assert_eq!(Percent::from_segment("42").map(|p| p.0), Ok(42));
/// assert!(Percent::from_segment("0").is_err());
/// ```
#[proc_macro_derive(Segment, attributes(segment))]
pub fn derive_segment(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    segment::derive(input).unwrap_or_else(|e| e.to_compile_error()).into()
}

/// Runs an `async fn main` on actix-web's runtime (a `System`), so that an application needs
/// no dependency but `rook`:
///
/// ```no_run
/// use rook::prelude::*;
///
/// #[rook::main]
/// async fn main() -> std::io::Result<()> {
///     rook::serve(route! { get / => "Hello from Rook\n" }).await
/// }
/// ```
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemFn);
    entry::main(args.into(), item).unwrap_or_else(|e| e.to_compile_error()).into()
}

/// Runs an `async fn` test on actix-web's runtime, so that tests need no dependency but
/// `rook`: `#[rook::test] async fn answers() { ... }`.
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemFn);
    entry::test(args.into(), item).unwrap_or_else(|e| e.to_compile_error()).into()
}
