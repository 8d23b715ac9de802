//! `html!` (docs/pages.md): what a template writes, and how each context escapes inserted values.

use rook::prelude::*;
use rook::{Children, Link};

#[rook::routes]
fn shop() -> Routes {
    route! { product: get "p" / name: String => name }
}

#[test]
fn text_and_attributes_are_escaped() {
    let evil = r#"<script>alert("x") & 'y'</script>"#;
    let page = html! { <p title={evil}>{evil}</p> };
    assert_eq!(
        page,
        "<p title=\"&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;\">\
         &lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>"
    );
}

#[test]
fn literal_text_is_escaped_like_values() {
    assert_eq!(html! { <p>"Fish & <chips>"</p> }, "<p>Fish &amp; &lt;chips&gt;</p>");
    assert_eq!(html! { <a href="/a?b=1&c=2">"x"</a> }, "<a href=\"/a?b=1&amp;c=2\">x</a>");
}

#[test]
fn url_attributes_refuse_schemes_that_run_code() {
    for bad in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "vbscript:x", "data:text/html,<b>"] {
        let page = html! { <a class="c" href={bad}>"link"</a> };
        assert_eq!(page, "<a class=\"c\">link</a>", "{bad:?}");
        let page = html! { <form action={bad} method="post"></form> };
        assert_eq!(page, "<form method=\"post\"></form>", "{bad:?}");
        let page = html! { <img src={bad}/> };
        assert_eq!(page, "<img>", "{bad:?}");
        let page = html! { <button formaction={bad}>"go"</button> };
        assert_eq!(page, "<button>go</button>", "{bad:?}");
    }
    let fine = "/search?q=a\"b&c";
    assert_eq!(html! { <a href={fine}>"x"</a> }, "<a href=\"/search?q=a&quot;b&amp;c\">x</a>");
    assert_eq!(html! { <a href={"https://example.com/"}>"x"</a> }, "<a href=\"https://example.com/\">x</a>");
}

#[test]
fn nothing_inserted_closes_a_script_or_style() {
    let data = r#"</script><script>alert(1)</script>"#;
    let page = html! { <script>"var x = " {data} ";"</script> };
    assert_eq!(page, "<script>var x = <\\/script><script>alert(1)<\\/script>;</script>");
    let data = "a < b && c </STYLE><b>";
    let page = html! { <style>{data}</style> };
    assert_eq!(page, "<style>a < b && c <\\/STYLE><b></style>");
    // Literal script text is not entity-escaped: `<` stays a less-than for JavaScript.
    assert_eq!(html! { <script>"if (a < b && c) {}"</script> }, "<script>if (a < b && c) {}</script>");
}

#[test]
fn raw_markup_only_through_html() {
    let trusted = Html::raw("<b>bold</b>");
    let untrusted = "<b>bold</b>".to_string();
    assert_eq!(html! { <p>{&trusted}{&untrusted}</p> }, "<p><b>bold</b>&lt;b&gt;bold&lt;/b&gt;</p>");
}

#[test]
fn values_of_many_types() {
    let none: Option<&str> = None;
    let link: Link<_> = shop::product("a b".to_string());
    assert_eq!(shop().recognize(&actix_web::http::Method::GET, link.path()).map(|r| r.index).ok(), Some(0));
    assert_eq!(
        html! { <p>{1u8}" "{-42i64}" "{2.5f64}" "{'&'}" "{true}" "{Some("s")}{none}" "{format_args!("{}<", 7)}</p> },
        "<p>1 -42 2.5 &amp; true s 7&lt;</p>"
    );
    assert_eq!(html! { <a href={link}>"x"</a> }, "<a href=\"/p/a%20b\">x</a>");
    assert_eq!(html! { {rook::display(std::net::Ipv4Addr::LOCALHOST)} }, "127.0.0.1");
}

#[test]
fn absent_attribute_values_leave_the_attribute_out() {
    let (on, off) = (true, false);
    let class: Option<&str> = None;
    assert_eq!(html! { <input disabled={on} checked={off} class={class}/> }, "<input disabled=\"true\">");
    assert_eq!(html! { <input type="checkbox" checked/> }, "<input type=\"checkbox\" checked>");
}

#[test]
fn control_flow() {
    let rows = vec![("a", 1), ("b<", 2)];
    let page = html! {
        <table>
            @for (name, n) in &rows {
                <tr>
                    <td>{name}</td>
                    @if *n > 1 { <td>"many"</td> } else if *n == 1 { <td>"one"</td> } else { <td>"none"</td> }
                </tr>
            }
        </table>
    };
    assert_eq!(page, "<table><tr><td>a</td><td>one</td></tr><tr><td>b&lt;</td><td>many</td></tr></table>");
    let name = Some("ada");
    assert_eq!(html! { @if let Some(n) = name { <b>{n}</b> } else { "nobody" } }, "<b>ada</b>");
    let value: Result<u32, &str> = Err("bad");
    let page = html! {
        @match value {
            Ok(n) => { <b>{n}</b> }
            Err(e) => { <i>{e}</i> }
        }
    };
    assert_eq!(page, "<i>bad</i>");
}

#[test]
fn void_and_empty_elements() {
    assert_eq!(html! { <br><hr/><div/><p></p> }, "<br><hr><div></div><p></p>");
    assert_eq!(html! { <!DOCTYPE html><html lang="en"></html> }, "<!DOCTYPE html><html lang=\"en\"></html>");
}

struct Card<'a> {
    title: &'a str,
    price: u32,
}

impl Render for Card<'_> {
    fn render(&self, w: &mut Writer) {
        html!(w => <div class="card"><h2>{self.title}</h2><span>{self.price}</span></div>)
    }
}

struct Layout<C> {
    title: &'static str,
    children: C,
}

impl<C: Render> Render for Layout<C> {
    fn render(&self, w: &mut Writer) {
        html!(w => <html><head><title>{self.title}</title></head><body>{&self.children}</body></html>)
    }
}

fn badge(text: &str) -> Html {
    html! { <span class="badge">{text}</span> }
}

#[test]
fn components_and_layouts() {
    let products = [("Tea", 4), ("<Cake>", 5)];
    let page = html! {
        <Layout title="Shop">
            @for (title, price) in products {
                <Card title={title} price={price}/>
            }
            {badge("new")}
        </Layout>
    };
    assert_eq!(
        page,
        "<html><head><title>Shop</title></head><body>\
         <div class=\"card\"><h2>Tea</h2><span>4</span></div>\
         <div class=\"card\"><h2>&lt;Cake&gt;</h2><span>5</span></div>\
         <span class=\"badge\">new</span></body></html>"
    );
    // A component written by hand: `Children` around a closure.
    let direct = Layout { title: "T", children: Children(|w: &mut Writer| w.text("<x>")) };
    assert_eq!(html! { {direct} }, "<html><head><title>T</title></head><body>&lt;x&gt;</body></html>");
}

#[actix_web::test]
async fn html_answers_text_html() {
    use actix_web::{App, test};
    let app = test::init_service(App::new().service(route! {
        get "page" / name: String => html! { <h1>"Hello, " {name} "!"</h1> },
    }))
    .await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/page/%3Cb%3E").to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("content-type").unwrap(), "text/html; charset=utf-8");
    assert_eq!(test::read_body(res).await, "<h1>Hello, &lt;b&gt;!</h1>");
}

#[test]
fn html_is_documented_as_text_html() {
    let routes = route! { get "page" => html! { <p>"x"</p> } };
    let doc = routes.openapi();
    let ok = &doc["paths"]["/page"]["get"]["responses"]["200"];
    assert!(ok["content"]["text/html; charset=utf-8"].is_object(), "{ok}");
}
