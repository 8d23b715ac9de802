//! Sessions, flash, a form shown again and CSRF in one small app (docs/sessions.md):
//! `cargo run --example sessions`, then follow the page at http://127.0.0.1:8080/ (or curl it).

use rook::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Default)]
struct Account {
    user: Option<String>,
}

#[derive(Deserialize)]
struct Login {
    name: String,
    age: u8,
}

/// Text for HTML text and quoted attributes (`html!` does this for you).
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn home(account: &Account, flash: &Flash, errors: &FormErrors, csrf: &CsrfToken) -> Html {
    let messages: String =
        flash.messages().iter().map(|m| format!(r#"<p class="{}">{}</p>"#, m.level, esc(&m.text))).collect();
    let input = |name: &str| {
        let message = errors.error(name).map(|m| format!(" <em>{}</em>", esc(m))).unwrap_or_default();
        format!(r#"<label>{name} <input name="{name}" value="{}">{message}</label>"#, esc(errors.value(name)))
    };
    let body = match &account.user {
        Some(user) => format!(
            r#"<p>Signed in as {}</p><form method="post" action="/logout">{}<button>Sign out</button></form>"#,
            esc(user),
            csrf.field()
        ),
        None => format!(
            r#"<form method="post" action="/login">{}{}{}<button>Sign in</button></form>"#,
            csrf.field(),
            input("name"),
            input("age")
        ),
    };
    Html::raw(format!("<!doctype html><title>Sessions</title>{messages}{body}"))
}

fn app() -> Routes {
    route! {
        get /, session account: Session<Account>, session flash: Flash => {
            home(&account, &flash, &FormErrors::default(), &account.csrf())
        },
        post "login", session account: Session<Account>, session flash: Flash, form: Form<Login> => {
            let mut account = account;
            match form.validate(|login, errors| if login.name.trim().is_empty() { errors.add("name", "say who you are") }) {
                Ok(login) => {
                    account.user = Some(login.name);
                    account.rotate();
                    flash.success(format!("Welcome ({} years)", login.age));
                    see_other("/")
                }
                Err(errors) => {
                    let csrf = account.csrf();
                    errors.respond(home(&account, &flash, &errors, &csrf))
                }
            }
        },
        post "logout", session account: Session<Account>, session flash: Flash => {
            let mut account = account;
            account.clear();
            flash.info("Signed out.");
            see_other("/")
        },
    }
}

#[rook::main]
async fn main() -> std::io::Result<()> {
    rook::serve(app()).await
}
