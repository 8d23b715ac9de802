//! A live view: a counter with − and + buttons. `cargo run --example live_counter`, then open
//! http://127.0.0.1:8080/counter — with JavaScript, a click goes up the WebSocket as
//! `[1,"Inc"]` and the new count comes down as `[1,{"0":"1"}]`; without JavaScript, the same
//! buttons post a form, and the page comes back with the new count (303 to the same URL).

use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// The state of one counter page (one per browser).
#[derive(Clone, Default)]
pub struct Counter {
    count: i64,
}

/// What the buttons send.
#[derive(Serialize, Deserialize)]
pub enum Msg {
    /// One more.
    Inc,
    /// One less.
    Dec,
}

impl LiveView for Counter {
    type Event = Msg;

    fn render(&self) -> Html {
        html! {
            <p>"Count: " {self.count}</p>
            <button on:click={Msg::Dec}>"−"</button>
            <button on:click={Msg::Inc}>"+"</button>
        }
    }

    fn update(&mut self, event: Msg) {
        match event {
            Msg::Inc => self.count += 1,
            Msg::Dec => self.count -= 1,
        }
    }

    fn head(&self) -> Html {
        html! { <title>"Counter"</title> }
    }
}

/// The counter at `/counter`, and the client script it loads.
#[rook::routes]
pub fn app() -> Routes {
    route! {
        counter: get | post "counter", live: Live => live.view(Counter::default()),
        live_js: get "_rook" / "live.js" => rook::live::script(),
    }
}

#[rook::main]
#[allow(dead_code)] // a module of tests/live_counter.rs too, where `main` is not called
async fn main() -> std::io::Result<()> {
    rook::serve(app()).await
}
