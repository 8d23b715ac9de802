//! `rook::path::split_decode` against the oracle's byte-by-byte decoder (SPEC §2).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rook::testing::fuzz::path_decoder(data));
