//! `PORT=8080 rook`: the Rook server (see the library).

fn main() -> std::io::Result<()> {
    e2e_rook::serve(e2e_common::listener()?)
}
