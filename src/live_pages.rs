//! The showcase's live views (`/live/…`): a counter, a keyed list of 300 rows, a form
//! validated as you type, and the chat room as a live view. Each is a [`LiveView`] served by
//! the `Live` extractor: the page works without JavaScript (its buttons and forms post, then
//! 303 back), and with it the same events go up a WebSocket and patches come down.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use rook::ChatRoom;
use rook::live::Topic;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// The `<head>` of every live page: its title and the showcase's stylesheet.
fn head(title: &str) -> Html {
    html! {
        <title>{title} " · Rook live views"</title>
        <link rel="stylesheet" href="/css/site.css"/>
    }
}

/// The showcase's navigation, as on the index page.
fn nav() -> Html {
    html! {
        <header class="masthead">
            <nav class="nav" aria-label="Showcase">
                <a class="brand" href="/index.html">"♜ Rook"</a>
                <a href="/index.html">"Routes"</a>
                <a href="/live/counter">"Counter"</a>
                <a href="/live/list">"List"</a>
                <a href="/live/form">"Form"</a>
                <a href="/live/chat">"Live chat"</a>
            </nav>
        </header>
    }
}

/// `/live/counter`: one count per browser.
#[derive(Clone, Default)]
pub struct Counter {
    count: i64,
}

/// The counter's buttons.
#[derive(Serialize, Deserialize)]
pub enum CounterEvent {
    /// One less.
    Dec,
    /// One more.
    Inc,
}

impl LiveView for Counter {
    type Event = CounterEvent;

    fn render(&self) -> Html {
        html! {
            {nav()}
            <main class="panel">
                <h1>"Counter"</h1>
                <p class="count">"Count: " <output>{self.count}</output></p>
                <button on:click={CounterEvent::Dec}>"−"</button>
                " "
                <button on:click={CounterEvent::Inc}>"+"</button>
            </main>
        }
    }

    fn update(&mut self, event: CounterEvent) {
        match event {
            CounterEvent::Dec => self.count -= 1,
            CounterEvent::Inc => self.count += 1,
        }
    }

    fn head(&self) -> Html {
        head("Counter")
    }
}

/// How many rows the list has.
pub const ROWS: usize = 300;

/// One row of the list.
#[derive(Clone)]
struct Row {
    id: usize,
    name: String,
    changes: u32,
}

/// `/live/list`: a keyed table of [`ROWS`] rows; each click changes one row (the next one in a
/// fixed stride), so the patch carries that row's cells only.
#[derive(Clone)]
pub struct List {
    rows: Vec<Row>,
    clicks: usize,
}

impl Default for List {
    fn default() -> List {
        let rows = (0..ROWS).map(|id| Row { id, name: format!("row {id}"), changes: 0 }).collect();
        List { rows, clicks: 0 }
    }
}

/// The list's button.
#[derive(Serialize, Deserialize)]
pub enum ListEvent {
    /// Changes the next row.
    Change,
}

impl List {
    /// The row the `n`-th click changes (0-based): a stride of 97 visits every row.
    pub fn row_of_click(n: usize) -> usize {
        (n * 97 + 150) % ROWS
    }
}

impl LiveView for List {
    type Event = ListEvent;

    fn render(&self) -> Html {
        html! {
            {nav()}
            <main class="panel">
                <h1>"Keyed list"</h1>
                <p>{self.clicks} " changes. " <button on:click={ListEvent::Change}>"Change one row"</button></p>
                <table class="rows">
                    <tbody>
                        @for row in &self.rows {
                            <tr key={row.id}><td>{row.id}</td><td>{&row.name}</td><td>{row.changes}</td></tr>
                        }
                    </tbody>
                </table>
            </main>
        }
    }

    fn update(&mut self, ListEvent::Change: ListEvent) {
        let row = &mut self.rows[List::row_of_click(self.clicks)];
        row.changes += 1;
        row.name = format!("row {} changed", row.id);
        self.clicks += 1;
    }

    fn head(&self) -> Html {
        head("Keyed list")
    }
}

/// The sign-up form's fields, as typed (all text; a field not sent is `None`).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct SignUp {
    /// 1 to 32 characters, not all spaces.
    #[serde(default)]
    pub name: Option<String>,
    /// Something `@` something.
    #[serde(default)]
    pub email: Option<String>,
    /// A whole number from 13 to 130.
    #[serde(default)]
    pub age: Option<String>,
}

/// What is wrong with each field of a [`SignUp`], if anything: the one validation of the
/// form, as you type and when it is posted.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Problems {
    /// The name's problem.
    pub name: Option<&'static str>,
    /// The email's problem.
    pub email: Option<&'static str>,
    /// The age's problem.
    pub age: Option<&'static str>,
}

impl Problems {
    /// Whether every field is right.
    pub fn none(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.age.is_none()
    }
}

/// Validates the form.
pub fn validate(form: &SignUp) -> Problems {
    let name = form.name.as_deref().unwrap_or("");
    let email = form.email.as_deref().unwrap_or("");
    let age = form.age.as_deref().unwrap_or("").trim();
    Problems {
        name: if name.trim().is_empty() {
            Some("Say your name.")
        } else if name.chars().count() > 32 {
            Some("At most 32 characters.")
        } else {
            None
        },
        email: match email.split_once('@') {
            Some((user, host)) if !user.is_empty() && host.contains('.') && !host.starts_with('.') => None,
            _ => Some("An address such as ada@example.org."),
        },
        age: match age.parse::<u32>() {
            Ok(13..=130) => None,
            Ok(_) => Some("From 13 to 130."),
            Err(_) => Some("A whole number."),
        },
    }
}

/// `/live/form`: a sign-up form whose fields are checked as you type (with JavaScript) and
/// when posted (with or without), by the same [`validate`].
#[derive(Clone, Default)]
pub struct Form {
    values: SignUp,
    /// The fields typed into or posted, whose problems are shown.
    touched: [bool; 3],
    /// Who signed up last.
    signed_up: Option<String>,
}

/// The form's events.
#[derive(Serialize, Deserialize)]
pub enum FormEvent {
    /// A field was typed into (JavaScript only): its value.
    Check(SignUp),
    /// The form was sent.
    Save(SignUp),
}

impl LiveView for Form {
    type Event = FormEvent;

    fn render(&self) -> Html {
        let problems = validate(&self.values);
        let shown = |touched: bool, problem: Option<&'static str>| if touched { problem.unwrap_or("") } else { "" };
        let (name, email, age) = (
            shown(self.touched[0], problems.name),
            shown(self.touched[1], problems.email),
            shown(self.touched[2], problems.age),
        );
        html! {
            {nav()}
            <main class="panel">
                <h1>"Sign up"</h1>
                @if let Some(who) = &self.signed_up {
                    <p class="flash" role="status">"Welcome, " {who} "!"</p>
                }
                <form on:submit={FormEvent::Save}>
                    <label>"Name " <input name="name" value={self.values.name.as_deref().unwrap_or("")} on:input={FormEvent::Check}/></label>
                    <p class="error" id="name-error">{name}</p>
                    <label>"Email " <input name="email" value={self.values.email.as_deref().unwrap_or("")} on:input={FormEvent::Check}/></label>
                    <p class="error" id="email-error">{email}</p>
                    <label>"Age " <input name="age" value={self.values.age.as_deref().unwrap_or("")} on:input={FormEvent::Check}/></label>
                    <p class="error" id="age-error">{age}</p>
                    <button>"Sign up"</button>
                </form>
            </main>
        }
    }

    fn update(&mut self, event: FormEvent) {
        match event {
            FormEvent::Check(field) => {
                for (index, value) in [field.name, field.email, field.age].into_iter().enumerate() {
                    if let Some(value) = value {
                        self.touched[index] = true;
                        *[&mut self.values.name, &mut self.values.email, &mut self.values.age][index] = Some(value);
                    }
                }
            }
            FormEvent::Save(form) => {
                self.touched = [true; 3];
                if validate(&form).none() {
                    self.signed_up = form.name.map(|name| name.trim().to_owned());
                    *self = Form { signed_up: self.signed_up.take(), ..Form::default() };
                } else {
                    self.values = form;
                }
            }
        }
    }

    fn head(&self) -> Html {
        head("Sign up")
    }
}

/// `/live/chat`: the showcase's chat room (the one `/chat.html` talks to over `/chat`) as a
/// live view. It shows the room's latest entries and renders again on the room's topic, so
/// messages from WebSocket members, other live views and — when `ROOK_REDIS_URL` is set —
/// other processes appear; views with the same name share one render per message.
#[derive(Clone)]
pub struct Chat {
    room: ChatRoom,
    name: Option<String>,
}

impl Chat {
    /// A visitor who has not said their name yet.
    pub fn new(room: ChatRoom) -> Chat {
        Chat { room, name: None }
    }
}

/// The name form.
#[derive(Serialize, Deserialize)]
pub struct Named {
    /// 1 to 64 characters, no `:`.
    pub name: String,
}

/// The message form.
#[derive(Serialize, Deserialize)]
pub struct Said {
    /// What to say.
    pub text: String,
}

/// The chat's events.
#[derive(Serialize, Deserialize)]
pub enum ChatEvent {
    /// Takes a name.
    Join(Named),
    /// Says something (as `name: text`, as `/chat.html` writes messages).
    Say(Said),
}

impl LiveView for Chat {
    type Event = ChatEvent;

    fn render(&self) -> Html {
        let lines = self.room.recent();
        html! {
            {nav()}
            <main class="panel">
                <h1>"Live chat"</h1>
                <p>"The room of " <a href="/chat.html">"/chat.html"</a> ", as a live view."</p>
                <ul class="chat-log">
                    @for line in &lines {
                        <li key={&line.id} class={line.kind}>{&line.text}</li>
                    }
                </ul>
                @match &self.name {
                    None => {
                        <form on:submit={ChatEvent::Join}>
                            <label>"Your name " <input name="name" maxlength="64" required=""/></label>
                            <button>"Join"</button>
                        </form>
                    }
                    Some(name) => {
                        <form on:submit={ChatEvent::Say}>
                            <label>{name} ": " <input name="text" autocomplete="off" required=""/></label>
                            <button>"Send"</button>
                        </form>
                    }
                }
            </main>
        }
    }

    fn update(&mut self, event: ChatEvent) {
        match event {
            ChatEvent::Join(Named { name }) => {
                let name = name.trim().replace(':', "");
                if (1..=64).contains(&name.chars().count()) && !name.chars().any(char::is_control) {
                    self.name = Some(name);
                }
            }
            ChatEvent::Say(Said { text }) => {
                let text = text.trim();
                if let Some(name) = &self.name
                    && !text.is_empty()
                {
                    self.room.say(format!("{name}: {}", text.chars().take(1000).collect::<String>()));
                }
            }
        }
    }

    fn head(&self) -> Html {
        head("Live chat")
    }

    fn topics(&self) -> Vec<Topic> {
        vec![self.room.topic()]
    }

    fn render_key(&self) -> Option<u64> {
        // What the page shows besides the room: the name.
        Some(BuildHasherDefault::<DefaultHasher>::default().hash_one(&self.name))
    }
}

/// The live views' routes, under `/live`.
#[rook::routes]
pub fn live_pages() -> Routes {
    route! {
        live_counter: get | post "counter", live: Live => live.view(Counter::default()),
        live_list: get | post "list", live: Live => live.view(List::default()),
        live_form: get | post "form", live: Live => live.view(Form::default()),
        live_chat: get | post "chat", live: Live, room: Data<ChatRoom> => live.view(Chat::new(ChatRoom::clone(&room))),
    }
}
