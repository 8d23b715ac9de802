//! What a live view's route (a `Live` extractor, docs/live.md) answers, in its OpenAPI
//! operations: GET the page (200, HTML) or, with an upgrade, the live session (101); POST an
//! event form (`_e` and the event's fields), answered 303 back to the page.

use serde_json::{Value, json};

use crate::router::method::Methods;

/// Rewrites `op` (an operation of a live view's route for `method`) to say what the `Live`
/// extractor answers; `errors` is the content of the route's error answers.
pub(crate) fn describe(op: &mut Value, method: Methods, errors: &Value) {
    let Some(responses) = op["responses"].as_object_mut() else { return };
    // The handler's answer is the extractor's, said below.
    responses.remove("2XX");
    let answer = |description: &str| json!({ "description": description, "content": errors });
    if method.contains(Methods::GET) || method.contains(Methods::HEAD) {
        responses.insert(
            "200".into(),
            json!({
                "description": "The page, rendered on the server (it works without JavaScript)",
                "content": { "text/html; charset=utf-8": { "schema": { "type": "string" } } },
            }),
        );
        responses.insert("101".into(), json!({ "description": "Switching Protocols: the live session is open" }));
        responses.insert("400".into(), answer("A WebSocket upgrade that is not valid"));
        responses.insert("403".into(), answer("A WebSocket upgrade from a page of another origin"));
        responses.insert(
            "426".into(),
            answer("A WebSocket upgrade of another version than 13 (with `Sec-WebSocket-Version: 13`)"),
        );
        return;
    }
    responses.insert(
        "303".into(),
        json!({
            "description": "The event was applied: back to the page",
            "headers": { "Location": { "description": "The page's path and query", "schema": { "type": "string" } } },
        }),
    );
    responses.insert(
        "400".into(),
        answer("No `_e`, an event the view does not know, fields that do not fit it, or a body that is not UTF-8"),
    );
    responses.insert("413".into(), answer("The form is over 16 KiB"));
    responses.insert("415".into(), answer("The body is not `application/x-www-form-urlencoded`"));
    op["requestBody"] = json!({
        "required": true,
        "content": { "application/x-www-form-urlencoded": { "schema": {
            "type": "object",
            "properties": { "_e": {
                "type": "string",
                "description": "The event: a unit variant's name, or the event as JSON (what `on:click` and `on:submit` write)",
            } },
            "required": ["_e"],
            "additionalProperties": { "type": "string" },
        } } },
    });
}
