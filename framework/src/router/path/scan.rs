//! Scanning a path's bytes for separators and escapes, a word at a time.

/// The index of the first byte of `bytes` equal to `a` or to `b`: sixteen bytes at a time while
/// sixteen are left, then eight, then one at a time.
#[inline(always)]
pub(super) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 16) {
        let chunk = chunk.try_into().expect("sixteen bytes");
        let hits = mask16(chunk, a) | mask16(chunk, b);
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize);
        }
        at += 16;
    }
    if let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits = bytes_equal_to(word, a) | bytes_equal_to(word, b);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..].iter().position(|&c| c == a || c == b).map(|k| at + k)
}

/// Whether `bytes` holds a `b`: sixteen (or eight) bytes at a time, the last chunk overlapping
/// the one before it, so that no byte is looked at alone once there are eight.
#[inline]
pub(crate) fn holds(bytes: &[u8], b: u8) -> bool {
    let n = bytes.len();
    if n >= 16 {
        let chunk = |at: usize| -> &[u8; 16] { bytes[at..at + 16].try_into().expect("sixteen bytes") };
        if n <= 32 {
            return mask16(chunk(0), b) | mask16(chunk(n - 16), b) != 0;
        }
        let mut found = mask16(chunk(n - 16), b);
        let mut at = 0;
        while at + 16 < n {
            found |= mask16(chunk(at), b);
            at += 16;
        }
        found != 0
    } else if n >= 8 {
        // The first and the last eight bytes in one sixteen-byte compare.
        let mut chunk = [0u8; 16];
        chunk[..8].copy_from_slice(&bytes[..8]);
        chunk[8..].copy_from_slice(&bytes[n - 8..]);
        mask16(&chunk, b) != 0
    } else if n >= 4 {
        // The first and the last four, padded with the first byte (in `bytes` already).
        let mut chunk = [bytes[0]; 16];
        chunk[..4].copy_from_slice(&bytes[..4]);
        chunk[4..8].copy_from_slice(&bytes[n - 4..]);
        mask16(&chunk, b) != 0
    } else {
        bytes.contains(&b)
    }
}

/// Segment `n` of `path` as sent (escapes left in place), found in one pass over its bytes,
/// sixteen at a time: each chunk's `/` bytes are a bit mask, whose set bits are counted off
/// until the `n`th separator, and the one after it ends the segment. `None` when the path has
/// fewer segments; a path without a leading `/` (the `*` of `OPTIONS *`) is one segment.
pub(crate) fn nth_segment(path: &str, n: usize) -> Option<&str> {
    let Some(rest) = path.strip_prefix('/') else { return (n == 0).then_some(path) };
    if rest.is_empty() {
        return None;
    }
    let (bytes, len) = (rest.as_bytes(), rest.len());
    // Where segment `n` starts, once its `/` is found; separators still to pass before that.
    let (mut start, mut left) = (if n == 0 { Some(0) } else { None }, n);
    let mut at = 0;
    while at < len {
        let mut slashes = if at + 16 <= len {
            mask16(bytes[at..at + 16].try_into().expect("sixteen bytes"), b'/')
        } else if len >= 16 {
            // The last sixteen bytes, overlapping the chunk before: bit `k` is byte
            // `len - 16 + k`, so shifting out those before `at` leaves bit `j` for byte `at + j`.
            mask16(bytes[len - 16..].try_into().expect("sixteen bytes"), b'/') >> (at + 16 - len)
        } else {
            let mut chunk = [0u8; 16];
            chunk[..len].copy_from_slice(bytes);
            mask16(&chunk, b'/')
        };
        while slashes != 0 {
            let i = at + slashes.trailing_zeros() as usize;
            if let Some(s) = start {
                // `/` is ASCII: both ends are char boundaries.
                return Some(&rest[s..i]);
            }
            left -= 1;
            if left == 0 {
                start = Some(i + 1);
            }
            slashes &= slashes - 1;
        }
        at += 16;
    }
    start.map(|s| &rest[s..])
}

/// One bit per byte of `chunk` that equals `b`, the first byte in the lowest bit.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn mask16(chunk: &[u8; 16], b: u8) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of every x86_64 target; the unaligned load reads exactly the
    // sixteen bytes of `chunk`.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u32
    }
}

/// One bit per byte of `chunk` that equals `b`, the first byte in the lowest bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn mask16(chunk: &[u8; 16], b: u8) -> u32 {
    chunk.iter().enumerate().fold(0, |mask, (k, &c)| mask | (u32::from(c == b) << k))
}

/// The high bit of each byte of `word` that equals `b`, exactly (no carries between bytes).
pub(super) fn bytes_equal_to(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((v & LOW7) + LOW7) | v | LOW7)
}
