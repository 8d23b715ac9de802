//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) through the functions the
//! cargo-fuzz targets call, so that CI exercises them without libFuzzer.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "{target}: the committed corpus has only {} inputs", inputs.len());
    for input in inputs {
        let data = std::fs::read(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        // A panic names the input's file, to reproduce it with `cargo fuzz run <target> <file>`.
        let caught = std::panic::catch_unwind(|| run(&data));
        assert!(caught.is_ok(), "{target}: {} fails", input.display());
    }
}

#[test]
fn path_decoder_corpus() {
    replay("path_decoder", rook::testing::fuzz::path_decoder);
}

#[test]
fn showcase_matcher_corpus() {
    replay("showcase_matcher", rook_examples::showcase::fuzz_matcher);
}
