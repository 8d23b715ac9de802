//! The showcase's OpenAPI document (docs/links-openapi.md) is committed as `examples/openapi.json`, so that
//! API changes show up in review: this test fails when the generated document differs.
//! `ROOK_BLESS=1 cargo test --test showcase_openapi` rewrites the file (then read the diff).

use rook_examples::showcase;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/openapi.json");

#[test]
fn the_committed_document_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&showcase::openapi()).expect("a JSON value") + "\n";
    if std::env::var_os("ROOK_BLESS").is_some() {
        std::fs::write(COMMITTED, &generated).expect("examples/openapi.json is writable");
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "examples/openapi.json is not the document the showcase generates: rerun with ROOK_BLESS=1 and review the diff"
    );
}

#[test]
fn the_document_describes_the_table() {
    let doc = showcase::openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let product = &doc["paths"]["/catalogue/products/{id}"]["get"];
    assert_eq!(product["operationId"], "product");
    assert_eq!(product["parameters"][0]["schema"]["format"], "uint32");
    assert_eq!(product["parameters"][0]["schema"]["maximum"], u32::MAX);
    // Optional captures as separate paths, the default as the schema's.
    assert_eq!(doc["paths"]["/orders/history"]["get"]["operationId"], "order_history");
    let page = &doc["paths"]["/orders/history/{page}"]["get"]["parameters"][0]["schema"];
    assert_eq!(page["default"], 1);
    // A `#[derive(Segment)]` regex as the pattern.
    let uuid = &doc["paths"]["/user-log/{id}"]["get"]["parameters"][0]["schema"]["pattern"];
    assert_eq!(uuid, "^(?:[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15})$");
    // Query parameters with defaults, bodies with their schemars schema, Rook's statuses.
    let category = &doc["paths"]["/category/{name}"]["get"]["parameters"];
    assert_eq!(category[1]["name"], "min-price");
    assert_eq!(category[1]["schema"]["default"], 0);
    assert_eq!(category[1]["required"], false);
    let log = &doc["paths"]["/log"]["post"];
    assert_eq!(log["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/LogEntry");
    assert!(doc["components"]["schemas"]["LogEntry"]["properties"]["level"].is_object());
    for status in ["400", "413", "415", "422", "500"] {
        assert!(log["responses"][status].is_object(), "{status}");
    }
    assert!(doc["paths"]["/agent"]["get"]["responses"]["400"].is_object());
    assert!(doc["paths"]["/"]["get"]["responses"]["400"].is_null(), "a fixed path does not answer 400");
    // The handler's answer from the type of its value; 405 with `Allow` everywhere.
    assert!(doc["paths"]["/"]["get"]["responses"]["200"]["content"]["text/plain; charset=utf-8"].is_object());
    let v2 = &doc["paths"]["/api/v2/products/{id}"]["get"];
    assert_eq!(v2["operationId"], "v2_product");
    let answers = &v2["responses"];
    assert_eq!(answers["200"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ProductV2");
    assert_eq!(answers["404"]["content"]["application/problem+json"]["schema"]["$ref"], "#/components/schemas/Problem");
    assert!(answers["405"]["headers"]["Allow"].is_object());
    assert_eq!(doc["paths"]["/api/v2/products"]["get"]["operationId"], "v2_products");
    // A value whose type says nothing (`rook::Response`) keeps the generic answer.
    assert!(doc["paths"]["/api/products"]["get"]["responses"]["2XX"].is_object());
}
