//! `rook::path::split_decode` against the oracle's byte-by-byte decoder (docs/routing.md#paths-and-segments).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rook::testing::fuzz::path_decoder(data));
