//! `PORT=8080 app`: the `App` floor (see the library).

fn main() -> std::io::Result<()> {
    e2e_app::serve(e2e_common::listener()?)
}
