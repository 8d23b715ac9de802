//! `Routes::openapi()` (docs/links-openapi.md): an OpenAPI 3.1 document generated from the route table, with
//! no annotations. `route!` records, for every route, a [`RouteDoc`](doc::RouteDoc) function
//! that gives the JSON Schemas of its values and bodies (`schema`) and what its handler's value
//! type says about the answer (`response`); `document` walks the table.

pub(crate) mod doc;
mod document;
mod live;
pub(crate) mod response;
pub(crate) mod schema;
