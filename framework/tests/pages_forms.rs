//! Forms on pages (docs/sessions.md): a `Form<T>` that does not fit is shown again with the submitted
//! values and a message per field (422); user validation adds messages; multipart forms keep
//! their uploads; a flash message follows the 303 of a form that worked; `Body<T>` keeps the
//! router's 422.

use actix_web::App;
use actix_web::dev::ServiceResponse;
use actix_web::test::{self, TestRequest};
use rook::prelude::*;

#[derive(serde::Deserialize, Debug)]
struct Signup {
    email: String,
    age: u8,
}

#[derive(serde::Deserialize)]
struct Avatar {
    name: String,
    picture: Upload,
}

/// The escaping a page needs for values put back in attributes.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(errors: &FormErrors, csrf: &CsrfToken) -> Html {
    let field = |name: &str| {
        let message =
            errors.error(name).map(|m| format!(r#"<span class="error">{}</span>"#, esc(m))).unwrap_or_default();
        format!(r#"<input name="{name}" value="{}">{message}"#, esc(errors.value(name)))
    };
    Html::raw(format!(r#"<form method="post">{}{}{}</form>"#, csrf.field(), field("email"), field("age")))
}

fn app() -> Routes {
    let _ = rook::session::set_secret_key(&[3; 64]);
    route! {
        post "signup", session csrf: CsrfToken, session flash: Flash, form: Form<Signup> => {
            let checked = form.validate(|s, errors| {
                if !s.email.contains('@') {
                    errors.add("email", "an email address has an @");
                }
            });
            match checked {
                Ok(signup) => {
                    flash.success(format!("Welcome, {} ({})", signup.email, signup.age));
                    see_other("/")
                }
                Err(errors) => errors.respond(page(&errors, &csrf)),
            }
        },
        get /, session flash: Flash => flash.messages().into_iter().map(|m| m.text).collect::<Vec<_>>().join("\n"),
        post "avatar", form: Form<Avatar> => match form.into_result() {
            Ok(avatar) => format!("{}: {} bytes", avatar.name, avatar.picture.bytes().unwrap().len()),
            Err(errors) => format!("{:?}", errors.errors().collect::<Vec<_>>()),
        },
        post "strict", body: Body<Signup> => body.into_inner().email,
    }
}

async fn text(res: ServiceResponse) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
}

fn urlencoded(uri: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned())
}

#[actix_web::test]
async fn a_form_that_does_not_fit_is_shown_again_with_its_values_and_a_message_per_field() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, urlencoded("/signup", "email=%3Cb%3Eada%3C%2Fb%3E&age=old").to_request()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers().get("content-type").unwrap(), "text/html; charset=utf-8");
    let html = text(res).await;
    assert!(
        html.contains(r#"<input name="email" value="&lt;b&gt;ada&lt;/b&gt;">"#),
        "the user's value, escaped: {html}"
    );
    assert!(
        html.contains(r#"<input name="age" value="old"><span class="error">invalid digit found in string</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"name="_csrf""#), "{html}");
    // A missing field is named too.
    let res = test::call_service(&app, urlencoded("/signup", "email=a%40b").to_request()).await;
    assert_eq!(res.status(), 422);
    assert!(text(res).await.contains(r#"<input name="age" value=""><span class="error">is required</span>"#));
}

#[actix_web::test]
async fn validation_adds_messages_and_a_form_that_passes_answers_303_with_a_flash() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, urlencoded("/signup", "email=nobody&age=36").to_request()).await;
    assert_eq!(res.status(), 422);
    let html = text(res).await;
    assert!(html.contains(r#"value="nobody"><span class="error">an email address has an @</span>"#), "{html}");
    assert!(html.contains(r#"<input name="age" value="36">"#), "{html}");
    let res = test::call_service(&app, urlencoded("/signup", "email=ada%40example.org&age=36").to_request()).await;
    assert_eq!(res.status(), 303);
    let cookie =
        res.headers().get_all("set-cookie").find(|c| c.to_str().unwrap().starts_with("rook_session=")).unwrap();
    let cookie = cookie.to_str().unwrap().split(';').next().unwrap().to_owned();
    let res =
        test::call_service(&app, TestRequest::get().uri("/").insert_header(("Cookie", cookie)).to_request()).await;
    assert_eq!(text(res).await, "Welcome, ada@example.org (36)");
}

#[actix_web::test]
async fn body_keeps_the_routers_422_and_form_keeps_the_other_refusals() {
    let app = test::init_service(App::new().service(app())).await;
    let res = test::call_service(&app, urlencoded("/strict", "email=a&age=old").to_request()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(text(res).await, "field `age`: invalid digit found in string");
    let req = TestRequest::post().uri("/signup").insert_header(("Content-Type", "application/json")).set_payload("{}");
    assert_eq!(test::call_service(&app, req.to_request()).await.status(), 415);
    let res = test::call_service(&app, urlencoded("/signup", &"x".repeat(2 << 20)).to_request()).await;
    assert_eq!(res.status(), 413);
}

#[actix_web::test]
async fn multipart_forms_keep_their_uploads() {
    let app = test::init_service(App::new().service(app())).await;
    let multipart = |name: Option<&str>| {
        let name = name
            .map(|n| format!("--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{n}\r\n"))
            .unwrap_or_default();
        let body = format!(
            "{name}--B\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n{}\r\n--B--\r\n",
            "p".repeat(3000)
        );
        TestRequest::post()
            .uri("/avatar")
            .insert_header(("Content-Type", "multipart/form-data; boundary=B"))
            .set_payload(body)
            .to_request()
    };
    assert_eq!(text(test::call_service(&app, multipart(Some("ada"))).await).await, "ada: 3000 bytes");
    assert_eq!(text(test::call_service(&app, multipart(None)).await).await, r#"[("name", "is required")]"#);
}

#[actix_web::test]
async fn body_of_form_is_the_same_round_trip_for_forms_without_files() {
    let routes = route! {
        post "signup", body: Body<Form<Signup>> => match body.into_inner().into_result() {
            Ok(s) => format!("ok {} {}", s.email, s.age),
            Err(errors) => format!("{}|{}|{:?}", errors.value("email"), errors.value("age"), errors.errors().collect::<Vec<_>>()),
        },
    };
    let app = test::init_service(App::new().service(routes)).await;
    let res = test::call_service(&app, urlencoded("/signup", "email=a%40b&age=x").to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(text(res).await, r#"a@b|x|[("age", "invalid digit found in string")]"#);
    let res = test::call_service(&app, urlencoded("/signup", "email=a%40b&age=7").to_request()).await;
    assert_eq!(text(res).await, "ok a@b 7");
    let json = TestRequest::post()
        .uri("/signup")
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"email":"j@k","age":300}"#);
    let res = test::call_service(&app, json.to_request()).await;
    assert_eq!(text(res).await, r#"j@k|300|[("age", "number too large to fit in target type")]"#);
}
