//! The showcase's HTML app: a guestbook. Sign in (a session, rotated at sign-in), sign the book
//! through a form that is shown again with your text and a message when it does not fit (422),
//! read "Thanks" after the redirect (a flash message), and every form carries the session's
//! CSRF token. Pages are built with `html!` from a layout and components; nothing needs
//! JavaScript.

use std::collections::VecDeque;
use std::sync::Mutex;

use rook::actix_web::body::BoxBody;
use rook::actix_web::http::StatusCode;
use rook::actix_web::{HttpResponse, Responder, ResponseError};
use rook::prelude::*;
use rook::schemars::SchemaGenerator;
use rook::{ResponseDoc, ResponseSchema, display};
use serde::{Deserialize, Serialize};

/// What a guestbook form answers when it was taken: **303** to the page to show next.
pub struct SeeOther(Response);

impl Responder for SeeOther {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        self.0.respond_to(req)
    }
}

impl ResponseSchema for SeeOther {
    fn response_doc(_: &mut SchemaGenerator) -> ResponseDoc {
        ResponseDoc::success::<SeeOther>(StatusCode::SEE_OTHER, None)
    }
}

/// A form shown again with the typed values and a message per field: **422**, `text/html`.
#[derive(Debug)]
pub struct FormPage(Html);

impl std::fmt::Display for FormPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the form is shown again with its errors")
    }
}

impl ResponseError for FormPage {
    fn status_code(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::UnprocessableEntity().content_type("text/html; charset=utf-8").body(self.0.as_str().to_owned())
    }
}

fn see_other_to(to: &str) -> SeeOther {
    SeeOther(see_other(to))
}

/// Who is signed in: the whole of the guestbook's session.
#[derive(Serialize, Deserialize, Default)]
pub struct Visitor {
    name: Option<String>,
}

/// The sign-in form. Fields it does not know are refused (and documented so): no other field
/// name can reach it.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The session's CSRF token, which every form of the guestbook carries (checked by the
    /// router before the form is read).
    #[serde(rename = "_csrf", default)]
    #[schemars(rename = "_csrf")]
    _csrf: Option<String>,
    // The rules the handler checks, said in the schema: one visible character at least, 32 at most.
    #[schemars(length(min = 1, max = 32), regex(pattern = r"\S"))]
    name: String,
    // The demo's password is on the page; a wrong one shows the form again (422).
    #[schemars(regex(pattern = "^rook$"))]
    password: String,
}

/// The form that signs the book; fields it does not know are refused.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    /// The session's CSRF token, which every form of the guestbook carries (checked by the
    /// router before the form is read).
    #[serde(rename = "_csrf", default)]
    #[schemars(rename = "_csrf")]
    _csrf: Option<String>,
    #[schemars(length(min = 1, max = 280), regex(pattern = r"\S"))]
    message: String,
}

/// One line of the guestbook.
struct Entry {
    author: String,
    message: String,
}

/// The guestbook's entries: the newest `limit` are kept.
pub struct Guestbook {
    entries: Mutex<VecDeque<Entry>>,
    limit: usize,
}

impl Guestbook {
    /// A book that keeps the newest `limit` entries.
    pub fn new(limit: usize) -> Guestbook {
        Guestbook { entries: Mutex::new(VecDeque::new()), limit }
    }

    fn add(&self, author: String, message: String) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == self.limit {
            entries.pop_back();
        }
        entries.push_front(Entry { author, message });
    }
}

/// The password of the demo: any name signs in with it.
pub const PASSWORD: &str = "rook";
/// The longest name and message the forms accept, in characters.
pub const NAME_CHARS: usize = 32;
/// The longest message the book accepts, in characters.
pub const MESSAGE_CHARS: usize = 280;

/// The guestbook's routes: `/guestbook`, `/guestbook/sign-in`, `/guestbook/sign-out`. Their
/// state is a `Data<Guestbook>`; typed links in the module `pages` (`pages::sign_in_form()`).
#[rook::routes]
pub fn pages() -> Routes {
    route! {
        guestbook: get "guestbook", session visitor: Session<Visitor>, session flash: Flash, session csrf: CsrfToken,
            book: Data<Guestbook> =>
            book_page(&visitor, &flash, &csrf, &book, &FormErrors::default()),
        sign_book: post "guestbook", session visitor: Session<Visitor>, session flash: Flash, session csrf: CsrfToken,
            book: Data<Guestbook>, form: Form<Signing> =>
            sign(&visitor, &flash, &csrf, &book, form),
        sign_in_form: get "guestbook" / "sign-in", session csrf: CsrfToken, session flash: Flash =>
            sign_in_page(&csrf, &flash, &FormErrors::default()),
        sign_in: post "guestbook" / "sign-in", session visitor: Session<Visitor>, session flash: Flash,
            session csrf: CsrfToken, form: Form<SignIn> =>
            sign_in(visitor, &flash, &csrf, form),
        sign_out: post "guestbook" / "sign-out", session visitor: Session<Visitor>, session flash: Flash => {
            let mut visitor = visitor;
            visitor.clear();
            flash.info("Signed out.");
            see_other_to("/guestbook")
        },
    }
}

fn sign(
    visitor: &Session<Visitor>,
    flash: &Flash,
    csrf: &CsrfToken,
    book: &Guestbook,
    form: Form<Signing>,
) -> Result<SeeOther, FormPage> {
    let Some(name) = visitor.name.clone() else {
        flash.warning("Sign in to sign the book.");
        return Ok(see_other_to("/guestbook/sign-in"));
    };
    let checked = form.validate(|signing, errors| {
        let chars = signing.message.trim().chars().count();
        if chars == 0 {
            errors.add("message", "Write a message.");
        } else if chars > MESSAGE_CHARS {
            errors.add("message", format!("At most {MESSAGE_CHARS} characters, please ({chars} now)."));
        }
    });
    match checked {
        Ok(signing) => {
            book.add(name, signing.message.trim().to_owned());
            flash.success("Thanks for signing!");
            Ok(see_other_to("/guestbook"))
        }
        Err(errors) => Err(FormPage(book_page(visitor, flash, csrf, book, &errors))),
    }
}

fn sign_in(
    visitor: Session<Visitor>,
    flash: &Flash,
    csrf: &CsrfToken,
    form: Form<SignIn>,
) -> Result<SeeOther, FormPage> {
    let checked = form.validate(|sign_in, errors| {
        let chars = sign_in.name.trim().chars().count();
        if chars == 0 {
            errors.add("name", "Enter a name.");
        } else if chars > NAME_CHARS {
            errors.add("name", format!("At most {NAME_CHARS} characters ({chars} now)."));
        }
        if sign_in.password != PASSWORD {
            errors.add("password", format!("Wrong password: it is \"{PASSWORD}\"."));
        }
    });
    match checked {
        Ok(sign_in) => {
            let mut visitor = visitor;
            let name = sign_in.name.trim().to_owned();
            flash.success(format!("Welcome, {name}!"));
            visitor.name = Some(name);
            visitor.rotate();
            Ok(see_other_to("/guestbook"))
        }
        Err(errors) => Err(FormPage(sign_in_page(csrf, flash, &errors))),
    }
}

/// The page around every guestbook page: head, navigation, the flash messages.
struct Layout<'a, C> {
    title: &'static str,
    flash: &'a Flash,
    children: C,
}

impl<C: Render> Render for Layout<'_, C> {
    fn render(&self, w: &mut Writer) {
        let messages = self.flash.messages();
        html!(w =>
            <!DOCTYPE html>
            <html lang="en">
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <title>{self.title} " – Rook guestbook"</title>
                    <link rel="stylesheet" href="/css/site.css"/>
                </head>
                <body>
                    <nav><a href="/index.html">"Rook showcase"</a> " · " <a href="/guestbook">"Guestbook"</a></nav>
                    <main>
                        <h1>{self.title}</h1>
                        @for message in &messages {
                            <p class={("flash ", display(message.level))} role="status">{&message.text}</p>
                        }
                        {&self.children}
                    </main>
                </body>
            </html>
        )
    }
}

/// A labelled form field that shows what was typed and its message, if any.
struct Field<'a> {
    label: &'static str,
    name: &'static str,
    kind: &'static str,
    errors: &'a FormErrors,
}

impl Render for Field<'_> {
    fn render(&self, w: &mut Writer) {
        let error = self.errors.error(self.name);
        // A password is never sent back.
        let value = (self.kind != "password").then(|| self.errors.value(self.name));
        html!(w =>
            <p>
                <label for={self.name}>{self.label}</label>
                <input id={self.name} name={self.name} type={self.kind} value={value}
                    aria-invalid={error.is_some()}/>
                @if let Some(message) = error { <span class="error" id={(self.name, "-error")}>{message}</span> }
            </p>
        )
    }
}

fn book_page(visitor: &Visitor, flash: &Flash, csrf: &CsrfToken, book: &Guestbook, errors: &FormErrors) -> Html {
    let entries = book.entries.lock().unwrap_or_else(|e| e.into_inner());
    html! {
        <Layout title="Guestbook" flash={flash}>
            @if let Some(name) = &visitor.name {
                <form method="post" action="/guestbook/sign-out" class="inline">
                    {csrf.field()}
                    "Signed in as " <strong>{name}</strong> " " <button type="submit">"Sign out"</button>
                </form>
                <form method="post" action="/guestbook" id="sign">
                    {csrf.field()}
                    <p>
                        <label for="message">"Your message"</label>
                        <textarea id="message" name="message" rows="3" aria-invalid={errors.error("message").is_some()}>
                            {errors.value("message")}
                        </textarea>
                        @if let Some(message) = errors.error("message") { <span class="error" id="message-error">{message}</span> }
                    </p>
                    <button type="submit">"Sign the book"</button>
                </form>
            } else {
                <p><a href="/guestbook/sign-in" id="sign-in-link">"Sign in"</a> " to sign the book."</p>
            }
            <ol class="entries">
                @for entry in entries.iter() {
                    <li><strong>{&entry.author}</strong> ": " {&entry.message}</li>
                }
            </ol>
        </Layout>
    }
}

fn sign_in_page(csrf: &CsrfToken, flash: &Flash, errors: &FormErrors) -> Html {
    html! {
        <Layout title="Sign in" flash={flash}>
            <form method="post" action="/guestbook/sign-in" id="sign-in">
                {csrf.field()}
                <Field label="Name" name="name" kind="text" errors={errors}/>
                <Field label="Password" name="password" kind="password" errors={errors}/>
                <p class="hint">"Any name; the password is " <code>{PASSWORD}</code> "."</p>
                <button type="submit">"Sign in"</button>
            </form>
        </Layout>
    }
}
