//! [`LiveTest`]: drives a live view in a test, without a server or a browser — the events go
//! through the same decoder, `update` and diff as on a socket, the patches through the client
//! model, and every step checks that the client's markup is the server's render.

use std::fmt;
use std::sync::Mutex;

use super::apply::{self, Failed};
use super::client::ClientTree;
use super::config::LiveConfig;
use super::diff::Encoder;
use super::event::decode_event;
use super::held::Held;
use super::tree::Tree;
use super::view::LiveView;

/// A step of a [`LiveTest`] that could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveTestError(String);

impl fmt::Display for LiveTestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LiveTestError {}

fn failed(failed: Failed) -> LiveTestError {
    LiveTestError(match failed {
        Failed::Panicked => "the view panicked; its state is unchanged".into(),
        Failed::NoTree => "the view's render uses no html!".into(),
        Failed::Duplicate => "the event was applied before".into(),
    })
}

/// A live view under test, as one connected client sees it.
///
/// ```
/// use rook::live::{LiveTest, LiveView};
/// use rook::{Html, html};
///
/// #[derive(Clone, Default)]
/// struct Counter { count: i64 }
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// enum Msg { Inc }
///
/// impl LiveView for Counter {
///     type Event = Msg;
///     fn render(&self) -> Html {
///         html! { <p>{self.count}</p> <button on:click={Msg::Inc}>"+"</button> }
///     }
///     fn update(&mut self, _: Msg) { self.count += 1 }
/// }
///
/// let mut test = LiveTest::new(Counter::default()).unwrap();
/// test.click("+").unwrap();
/// assert!(test.html().contains("<p>1</p>"));
/// assert_eq!(test.last_message(), Some(r#"[1,{"0":"1"}]"#));
/// ```
pub struct LiveTest<V: LiveView> {
    state: Mutex<Held<V>>,
    encoder: Encoder,
    tree: Tree,
    client: ClientTree,
    seq: u64,
    events: u64,
    last_up: String,
    last_down: Option<String>,
}

impl<V: LiveView> LiveTest<V> {
    /// Mounts `view`: renders it and gives the client the whole tree, as a join does.
    pub fn new(view: V) -> Result<LiveTest<V>, LiveTestError> {
        let (_, tree) = apply::render(&view).map_err(failed)?;
        let mut encoder = Encoder::new();
        let mut client = ClientTree::new();
        client.apply(&encoder.full(&tree)).map_err(|err| LiveTestError(err.to_string()))?;
        Ok(LiveTest {
            state: Mutex::new(Held::new(view, LiveConfig::default().tabs_per_view)),
            encoder,
            tree,
            client,
            seq: 0,
            events: 0,
            last_up: String::new(),
            last_down: None,
        })
    }

    /// The page as the client holds it, without slot markers (the plain render).
    pub fn html(&self) -> String {
        self.client.html().replace("<!--[-->", "").replace("<!--]-->", "")
    }

    /// A copy of the view's state.
    pub fn view(&self) -> V {
        apply::current(&self.state)
    }

    /// Clicks the `on:click` button whose text is `label`.
    pub fn click(&mut self, label: &str) -> Result<(), LiveTestError> {
        let html = self.client.html();
        let value = button_value(&html, label)
            .ok_or_else(|| LiveTestError(format!("no on:click button labelled {label:?} in {html}")))?;
        self.event(&value, "")
    }

    /// Submits the `on:submit={Msg::<variant>}` form with `fields`.
    pub fn submit(&mut self, variant: &str, fields: &[(&str, &str)]) -> Result<(), LiveTestError> {
        let marker = format!("<input type=\"hidden\" name=\"_e\" value=\"{}\">", escape(variant));
        if !self.client.html().contains(&marker) {
            return Err(LiveTestError(format!("no on:submit form for {variant:?} on the page")));
        }
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        self.event(variant, &encoded)
    }

    /// Sends one event as the client would (`_e` value and urlencoded fields).
    pub fn event(&mut self, name: &str, fields: &str) -> Result<(), LiveTestError> {
        self.events += 1;
        let up = if fields.is_empty() {
            serde_json::json!([self.events, name])
        } else {
            serde_json::json!([self.events, name, fields])
        };
        self.last_up = up.to_string();
        let event = decode_event::<V::Event>(name, fields).map_err(|err| LiveTestError(err.to_string()))?;
        let (_, tree) = apply::apply(&self.state, None, event).map_err(failed)?;
        self.last_down = match self.encoder.diff(&self.tree, &tree) {
            Some(patch) => {
                self.client.apply(&patch).map_err(|err| LiveTestError(err.to_string()))?;
                self.seq += 1;
                Some(format!("[{},{patch}]", self.seq))
            }
            None => None,
        };
        if self.client.html() != tree.to_html() {
            return Err(LiveTestError(format!(
                "the client holds {}, the server rendered {}",
                self.client.html(),
                tree.to_html()
            )));
        }
        self.tree = tree;
        Ok(())
    }

    /// The last event message up, as the client would send it.
    pub fn last_event(&self) -> &str {
        &self.last_up
    }

    /// The last message down (`None` when the last event changed nothing).
    pub fn last_message(&self) -> Option<&str> {
        self.last_down.as_deref()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The `value` of the first `<button name="_e" …>` whose text is `label`.
fn button_value(html: &str, label: &str) -> Option<String> {
    let mut rest = html;
    while let Some(at) = rest.find("<button") {
        rest = &rest[at..];
        let open_end = rest.find('>')?;
        let tag = &rest[..open_end];
        let close = rest.find("</button>")?;
        let text = rest[open_end + 1..close].replace("<!--[-->", "").replace("<!--]-->", "");
        if tag.contains(" name=\"_e\"") && unescape(text.trim()) == label {
            let value = tag.split_once(" value=\"")?.1.split_once('"')?.0;
            return Some(unescape(value));
        }
        rest = &rest[close..];
    }
    None
}
