//! `PORT=8080 floor`: the floor server (see the library).

fn main() -> std::io::Result<()> {
    e2e_floor::serve(e2e_common::listener()?)
}
