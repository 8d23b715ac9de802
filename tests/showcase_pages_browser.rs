//! The showcase's guestbook (issue 21) in headless Chromium with JavaScript turned off, as a
//! person would use it: sign in with a wrong password (the form comes back with the typed name
//! and a message), sign in, read the welcome after the redirect, sign with a message that is too
//! long (the text stays), sign, and see the entry; then a page on another origin that posts a
//! form into the guestbook with the visitor's cookie is refused with 403 and adds nothing.
//! Screenshots: `$CARGO_TARGET_TMPDIR/guestbook-*.png`.

#[path = "../framework/tests/support/browser.rs"]
mod browser;
#[path = "../framework/tests/support/server.rs"]
mod server;

use rook_examples::showcase;

fn status(page: &browser::Page) -> u64 {
    page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
        .expect("navigation status")
        .as_u64()
        .expect("a status")
}

fn text_of(page: &browser::Page, selector: &str) -> String {
    let value = page
        .evaluate(&format!("(document.querySelector({selector:?}) || {{}}).textContent || ''"))
        .expect("text content");
    value.as_str().unwrap_or_default().trim().to_owned()
}

fn value_of(page: &browser::Page, selector: &str) -> String {
    let value = page.evaluate(&format!("(document.querySelector({selector:?}) || {{}}).value || ''")).expect("value");
    value.as_str().unwrap_or_default().to_owned()
}

fn shot(page: &browser::Page, name: &str) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    page.screenshot(dir.join(format!("guestbook-{name}.png"))).expect("screenshot");
}

#[test]
fn the_guestbook_works_without_javascript_and_refuses_forged_posts() {
    rook::session::set_secret_key(&[7; 64]).ok();
    let server = server::Server::start(|cfg| {
        cfg.service(showcase::app_with_state());
    });
    let browser = browser::Browser::launch().expect("launch headless chromium");
    let page = browser.open("about:blank").expect("a tab");
    page.disable_scripts().expect("scripts off");
    page.navigate(&format!("{}/guestbook", server.url())).expect("open the guestbook");
    assert_eq!(status(&page), 200);
    // Scripts are off: a script tag the test adds does not run.
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s)",
    )
    .expect("add a script");
    assert_eq!(page.evaluate("typeof window.ran").expect("eval"), "undefined");

    // Sign in with the wrong password: 422, the name typed is kept, the password is not.
    page.click_to_navigate("#sign-in-link").expect("to the sign-in page");
    page.type_into("#name", "Ada <Lovelace>").expect("type a name");
    page.type_into("#password", "wrong").expect("type a password");
    page.click_to_navigate("#sign-in button[type=submit]").expect("submit");
    assert_eq!(status(&page), 422);
    assert_eq!(value_of(&page, "#name"), "Ada <Lovelace>");
    assert_eq!(value_of(&page, "#password"), "");
    assert!(text_of(&page, "#password-error").starts_with("Wrong password"), "{}", text_of(&page, "main"));
    shot(&page, "sign-in-422");

    // The right password: 303 to the book, with the welcome shown once.
    page.type_into("#password", showcase_password()).expect("type the password");
    page.click_to_navigate("#sign-in button[type=submit]").expect("submit");
    assert_eq!(page.evaluate("location.pathname").expect("path"), "/guestbook");
    assert_eq!(text_of(&page, ".flash"), "Welcome, Ada <Lovelace>!");

    // A message over the limit: 422, the text stays in the form with its message.
    let long = "x".repeat(300);
    page.type_into("#message", &long).expect("type a long message");
    page.click_to_navigate("#sign button[type=submit]").expect("submit");
    assert_eq!(status(&page), 422);
    assert_eq!(value_of(&page, "#message").trim(), long);
    assert!(text_of(&page, "#message-error").starts_with("At most 280 characters"));

    // A message that fits: 303, "Thanks", and the entry.
    page.evaluate("document.querySelector('#message').value = ''").expect("clear");
    page.type_into("#message", "Hello & <goodbye>").expect("type a message");
    page.click_to_navigate("#sign button[type=submit]").expect("submit");
    assert_eq!(page.evaluate("location.pathname").expect("path"), "/guestbook");
    assert_eq!(text_of(&page, ".flash"), "Thanks for signing!");
    assert_eq!(text_of(&page, ".entries li"), "Ada <Lovelace>: Hello & <goodbye>");
    shot(&page, "signed");
    // The flash was for one page only.
    page.navigate(&format!("{}/guestbook", server.url())).expect("reload");
    assert_eq!(text_of(&page, ".flash"), "");

    // Another origin's page posts a form into the guestbook; the browser sends the visitor's
    // cookie along (127.0.0.1 is the same site, so SameSite=Lax does not stop it): 403.
    let target = format!("{}/guestbook", server.url());
    let attacker = server::Server::start(move |cfg| {
        let target = target.clone();
        cfg.route(
            "/",
            rook::actix_web::web::get().to(move || {
                let form = format!(
                    "<form method=post action=\"{target}\"><input name=message value=forged>\
                     <button id=go>Win a prize</button></form>"
                );
                async move { rook::actix_web::HttpResponse::Ok().content_type("text/html").body(form) }
            }),
        );
    });
    page.navigate(&attacker.url()).expect("open the other site");
    page.click_to_navigate("#go").expect("the forged post");
    assert_eq!(status(&page), 403);
    assert!(text_of(&page, "body").contains("cross-site form submission refused"), "{}", text_of(&page, "body"));
    page.navigate(&format!("{}/guestbook", server.url())).expect("back to the book");
    assert_eq!(page.evaluate("document.querySelectorAll('.entries li').length").expect("count"), 1);
    page.close().expect("close the tab");
    browser.close().expect("close chromium");
}

fn showcase_password() -> &'static str {
    rook_examples::guestbook::PASSWORD
}
