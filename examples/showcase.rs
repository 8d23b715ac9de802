//! The catalogue app from Cro's introduction, in Rook (its routes are in `src/showcase.rs`, so
//! that the tests and the fuzz targets check the very same table).
//!
//! `cargo run --example showcase`, then try (each answer is plain text):
//! ```text
//! curl -i http://127.0.0.1:8080/catalogue/products/2
//! curl -i http://127.0.0.1:8080/catalogue/products/two        # 404: not a u32
//! curl -i 'http://127.0.0.1:8080/search?term=lamp'
//! curl -i http://127.0.0.1:8080/search                         # 400: missing query parameter "term"
//! curl -i -X DELETE http://127.0.0.1:8080/                     # 405 with Allow
//! curl -i http://127.0.0.1:8080/advent/25                      # 404: the guard says no
//! ```

use rook_examples::showcase::app_with_state;

#[rook::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    rook::serve(app_with_state()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test;

    #[actix_web::test]
    async fn answers_as_the_tour_says() {
        let app = test::init_service(actix_web::App::new().service(app_with_state())).await;
        for (uri, status, body) in [
            ("/", 200, "Hello from Rook\n"),
            ("/catalogue/products/3", 200, "3 Reading lamp (lamps, $45)\n"),
            ("/catalogue/products/9", 404, "no product 9\n"),
            ("/catalogue/products/x", 404, "no route matches this path"),
            ("/catalogue/search/chair", 200, "1 Oak chair (chairs, $120)\n4 Deck chair (chairs, $60)\n"),
            ("/search", 400, "missing query parameter \"term\""),
            ("/products/by-tag/outdoor", 200, "5 Lantern (lamps, $25)\n"),
            ("/category/chairs?min-price=100", 200, "1 Oak chair (chairs, $120)\n"),
            ("/category/chairs?max=x", 400, "query parameter \"max\": invalid digit"),
            ("/orders/history", 200, "order history, page 1\n"),
            ("/user-log/0123456789ab4def8123456789abcdef", 200, "user 0123456789ab4def8123456789abcdef: visit 1\n"),
            ("/user-log/not-a-uuid", 404, "no route matches this path"),
            ("/advent/24", 200, "advent day 24: a surprise\n"),
            ("/advent/0", 404, "no route matches this path"),
            ("/agent", 400, "missing header \"User-Agent\""),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), status, "{uri}");
            assert_eq!(test::read_body(res).await, body, "{uri}");
        }
    }
}
