//! `PORT=8080 actix`: the idiomatic actix-web server (see the library).

fn main() -> std::io::Result<()> {
    e2e_actix::serve(e2e_common::listener()?)
}
