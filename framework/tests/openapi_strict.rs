//! Issue 24 point 11: what `schemathesis --checks all` holds the showcase to, route by route:
//! same-path routes' security as alternatives, a WebSocket's required headers, an `Upload` form
//! documented as multipart with a binary file, and each status described for its route.

use rook::prelude::*;
use serde_json::json;

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Form {
    title: String,
    file: Upload,
}

fn doc() -> serde_json::Value {
    route! {
        me: get "me", auth who: Bearer => who.into_token(),
        anonymous_me: get "me" => "anonymous",
        chat: get "chat", socket: WebSocket => socket.serve(|_conn| async {}),
        upload: post "upload", form: Body<Form> => { let form = form.into_inner(); format!("{} {}", form.title, form.file.len()) },
        plain: get "plain" => "plain",
        item: get "items" / id: u32 => format!("{id}"),
    }
    .openapi()
}

#[test]
fn an_anonymous_fallback_makes_the_credentials_optional() {
    let doc = doc();
    assert_eq!(doc["paths"]["/me"]["get"]["security"], json!([{ "Bearer": [] }, {}]));
}

#[test]
fn a_websocket_route_requires_the_upgrade_headers_and_answers_101() {
    let doc = doc();
    let op = &doc["paths"]["/chat"]["get"];
    let headers: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == "header" && p["required"] == true)
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(headers, ["Upgrade", "Connection", "Sec-WebSocket-Version", "Sec-WebSocket-Key"]);
    assert!(op["responses"]["101"].is_object());
    assert!(op["responses"]["426"].is_object());
    // A GET without a body never mentions one.
    let bad = op["responses"]["400"]["description"].as_str().unwrap();
    assert!(bad.contains("WebSocket upgrade") && !bad.contains("body"), "{bad}");
}

#[test]
fn a_form_with_a_file_is_multipart_only_with_a_binary_string() {
    let doc = doc();
    let content = doc["paths"]["/upload"]["post"]["requestBody"]["content"].as_object().unwrap();
    assert_eq!(content.keys().collect::<Vec<_>>(), ["multipart/form-data"]);
    let form = &doc["components"]["schemas"]["Form"];
    assert_eq!(form["properties"]["file"]["format"], "binary");
    assert_eq!(form["properties"]["file"]["type"], "string");
}

#[test]
fn each_status_is_described_for_its_route() {
    let doc = doc();
    let item = &doc["paths"]["/items/{id}"]["get"]["responses"];
    let bad = item["400"]["description"].as_str().unwrap();
    assert!(bad.contains("path segment") && !bad.contains("body") && !bad.contains("WebSocket"), "{bad}");
    assert!(item["404"]["description"].as_str().unwrap().contains("capture"));
    // A route with nothing to refuse documents no 400 or 404.
    let plain = &doc["paths"]["/plain"]["get"]["responses"];
    assert!(plain.get("400").is_none() && plain.get("404").is_none(), "{plain}");
}

#[actix_web::test]
async fn an_unknown_multipart_field_given_twice_is_ignored() {
    use actix_web::test;
    #[derive(serde::Deserialize)]
    struct Entry {
        level: String,
    }
    let app = test::init_service(actix_web::App::new().service(route! {
        post "log", entry: Body<Entry> => entry.into_inner().level,
    }))
    .await;
    let body = "--b\r\nContent-Disposition: form-data; name=\"level\"\r\n\r\ninfo\r\n\
                --b\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\n1\r\n\
                --b\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\n2\r\n--b--\r\n";
    let req = test::TestRequest::post()
        .uri("/log")
        .insert_header(("Content-Type", "multipart/form-data; boundary=b"))
        .set_payload(body)
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 200);
    assert_eq!(test::read_body(res).await, "info");
}
