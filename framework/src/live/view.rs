//! [`LiveView`]: what a live view is made of.

use serde::de::DeserializeOwned;

use super::topic::Topic;
use crate::html::Html;

/// A page whose state lives on the server: [`render`](Self::render) draws it with `html!`,
/// [`update`](Self::update) applies an event. Served on a route with the
/// [`Live`](super::Live) extractor.
///
/// Events are a type of your own, usually an enum: `on:click={Msg::Inc}` on a `<button>`
/// sends `Msg::Inc` back; `on:submit={Msg::Save}` on a `<form>` sends `Msg::Save` with the
/// form's fields as its data (a struct that `Deserialize`s from them, like `Form<T>`). They
/// are decoded from untrusted input: anything else is refused.
///
/// The state is cloned before each `update`: a panic in `update` (or in `render` afterwards)
/// leaves the last good state in place.
pub trait LiveView: Clone + Send + 'static {
    /// The events the page sends.
    type Event: DeserializeOwned;

    /// The page's content (inside `<body>`), with `html!`.
    fn render(&self) -> Html;

    /// Applies one event.
    fn update(&mut self, event: Self::Event);

    /// Markup for the page's `<head>` (a `<title>`, styles). Empty by default.
    fn head(&self) -> Html {
        Html::new()
    }

    /// The topics this view shows: a publication on one renders the view again (its `render`
    /// reads the shared data) and sends the patch. Read when the socket opens. None by default.
    fn topics(&self) -> Vec<Topic> {
        Vec::new()
    }

    /// Whether views of this type can share their render of a publication. `Some(key)` promises
    /// that two views of this type with equal keys (and the same [`topics`](Self::topics))
    /// render the same markup: on a publication, such views render **once** and the clients
    /// that showed the same tree get the same patch bytes. A view whose render depends only on
    /// shared data returns a constant; one that shows the room it is in, the room's id hashed.
    /// `None` (the default): each view renders itself. Only publications share renders; a
    /// view's own events render it alone.
    fn render_key(&self) -> Option<u64> {
        None
    }
}
