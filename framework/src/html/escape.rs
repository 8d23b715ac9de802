//! The escaping of each context, on byte slices: the characters that need escaping are all
//! ASCII, so everything between two of them is copied in one `push_str`.

/// Appends `text` with `& < > " '` replaced by character references, safe both between tags
/// and inside a quoted attribute value.
#[inline]
pub(crate) fn entities(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most values have nothing to escape: find the first byte that needs it eight bytes at a
    // time, and copy the whole value at once when there is none.
    let Some(first) = first_escaped(bytes) else {
        out.push_str(text);
        return;
    };
    let mut start = 0;
    for (at, byte) in bytes.iter().enumerate().skip(first) {
        let reference = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `at` is the index of an ASCII byte, so both slices end on character boundaries.
        out.push_str(&text[start..at]);
        out.push_str(reference);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// The index of the first byte of `bytes` that `entities` replaces. Eight bytes at a time: a
/// word has such a byte when, for one of the five, the word XOR that byte repeated has a zero
/// byte (`(x - 0x01..) & !x & 0x80..` is non-zero exactly then); the word that has one is then
/// searched byte by byte.
#[inline]
fn first_escaped(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const fn zero_byte(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGHS
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        let hit = zero_byte(word ^ (ONES * b'&' as u64))
            | zero_byte(word ^ (ONES * b'<' as u64))
            | zero_byte(word ^ (ONES * b'>' as u64))
            | zero_byte(word ^ (ONES * b'"' as u64))
            | zero_byte(word ^ (ONES * b'\'' as u64));
        if hit != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&byte| ESCAPED[byte as usize]).map(|offset| at + offset)
}

/// The bytes `entities` replaces.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Appends `text` to the body of a raw-text element (`<script>` or `<style>`, named by
/// `element` in lowercase): the HTML parser ends such an element at `</element` in any case, and
/// a `<!--` inside `<script>` changes how it looks for the end. Both are broken up with a
/// backslash after `<` (`<\/script`, `<\!--`), which JavaScript strings and CSS read as the
/// same characters.
pub(crate) fn raw_text(out: &mut String, text: &str, element: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let lt = at + offset;
        let rest = &bytes[lt + 1..];
        let closes = rest.first() == Some(&b'/')
            && rest.len() > element.len()
            && rest[1..=element.len()].eq_ignore_ascii_case(element.as_bytes());
        let comment = rest.starts_with(b"!--");
        if closes || comment {
            out.push_str(&text[start..=lt]);
            out.push('\\');
            start = lt + 1;
        }
        at = lt + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        entities(&mut out, text);
        out
    }

    fn in_script(text: &str) -> String {
        let mut out = String::new();
        raw_text(&mut out, text, "script");
        out
    }

    #[test]
    fn five_characters_become_references() {
        assert_eq!(
            escaped(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escaped("plain é ✓"), "plain é ✓");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn the_first_byte_to_escape_is_found_at_every_offset() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'&', b'<', b'>', b'"', b'\''] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    assert_eq!(first_escaped(&bytes), Some(at), "{len} {at} {special}");
                }
            }
            // Bytes next to the five in value, and multi-byte characters, are not found.
            let other: Vec<u8> = "%$#=;?[]\\✓é".bytes().cycle().take(len).collect();
            assert_eq!(first_escaped(&other), None);
        }
    }

    #[test]
    fn nothing_closes_a_script() {
        assert_eq!(in_script("a</script>b"), "a<\\/script>b");
        assert_eq!(in_script("a</SCRIPT >b"), "a<\\/SCRIPT >b");
        assert_eq!(in_script("<!-- x"), "<\\!-- x");
        assert_eq!(in_script("1 < 2 && x</scrip"), "1 < 2 && x</scrip");
        assert_eq!(in_script("</style>"), "</style>");
        let mut out = String::new();
        raw_text(&mut out, "x</style>", "style");
        assert_eq!(out, "x<\\/style>");
    }
}
