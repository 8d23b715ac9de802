//! The showcase's matcher (`Routes::recognize`) against the oracle (docs/routing.md): the first byte
//! picks the method, the rest is the path.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rook_examples::showcase::fuzz_matcher(data));
