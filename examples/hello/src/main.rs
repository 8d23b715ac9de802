//! A new Rook application with `rook` and `serde` as its only dependencies: the README's
//! "A new app" section, kept compiling and answering by `cargo test --workspace`.

use rook::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Greeting {
    name: String,
}

fn app() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        get "hello" / name: String => format!("Hello, {name}!\n"),
        post "hello", greeting: Body<Greeting> => created(format!("/hello/{}", greeting.name)),
    }
}

#[rook::main]
async fn main() -> std::io::Result<()> {
    rook::serve(app()).await
}

#[cfg(test)]
mod tests {
    use rook::actix_web::{App, test};

    #[rook::test]
    async fn answers() {
        let app = test::init_service(App::new().service(super::app())).await;
        let res = test::call_service(&app, test::TestRequest::get().uri("/hello/Ada").to_request()).await;
        assert_eq!(test::read_body(res).await, "Hello, Ada!\n");
        let post = test::TestRequest::post().uri("/hello").set_json(serde_json_free_body()).to_request();
        let res = test::call_service(&app, post).await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.headers().get("location").unwrap(), "/hello/Grace");
    }

    /// `{"name":"Grace"}` without a JSON dependency of its own.
    fn serde_json_free_body() -> impl serde::Serialize {
        #[derive(serde::Serialize)]
        struct Body {
            name: &'static str,
        }
        Body { name: "Grace" }
    }
}
