//! The exact part header limit of multipart bodies: a scan of the raw body, as it streams in,
//! that measures each part's header block (its header lines with their `\r\n`, without the
//! blank line that ends them; the preamble counts toward the first part's) and refuses the
//! first byte past [`BodyConfig::part_header_limit`](super::BodyConfig::part_header_limit).
//!
//! multer enforces no such limit, and what it buffers is only known a read slice at a time; this
//! scan sees every byte before multer does.

/// Where the scan is.
enum State {
    /// Before the first delimiter: every byte counts toward the first part's header block.
    Preamble { counted: usize },
    /// In a part's content, which does not count.
    Content,
    /// Just after a delimiter, one `-` seen if `dash`: `--` ends the body, anything else starts
    /// a header block; `carry` is the preamble's length (first part only).
    AfterDelimiter { dash: bool, carry: usize },
    /// In a header block: `counted` bytes since the delimiter (its line's `\r\n` included),
    /// `crlf` bytes of a `\r\n\r\n` seen.
    Headers { counted: usize, crlf: u8, carry: usize },
    /// After the close delimiter: nothing more is measured.
    Done,
}

/// The scan of one multipart body.
pub(crate) struct PartHeaders {
    /// `\r\n--boundary`.
    delimiter: Vec<u8>,
    /// KMP failure function of `delimiter`.
    fallback: Vec<usize>,
    /// Bytes of `delimiter` matched so far.
    matched: usize,
    state: State,
    limit: usize,
}

/// A header block (or the preamble) went past the limit.
pub(crate) struct TooLong;

impl PartHeaders {
    pub(crate) fn new(boundary: &str, limit: usize) -> PartHeaders {
        let delimiter: Vec<u8> = [b"\r\n--", boundary.as_bytes()].concat();
        let mut fallback = vec![0; delimiter.len()];
        let mut k = 0;
        for i in 1..delimiter.len() {
            while k > 0 && delimiter[i] != delimiter[k] {
                k = fallback[k - 1];
            }
            if delimiter[i] == delimiter[k] {
                k += 1;
            }
            fallback[i] = k;
        }
        // The first delimiter may open the body without the `\r\n` before it.
        PartHeaders { delimiter, fallback, matched: 2, state: State::Preamble { counted: 0 }, limit }
    }

    /// Scans the next bytes of the body.
    pub(crate) fn scan(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        let mut i = 0;
        while i < bytes.len() {
            match self.state {
                State::Done => return Ok(()),
                State::Content => {
                    if self.matched == 0 {
                        // Nothing matched: skip to the next `\r`, where a delimiter could start.
                        match bytes[i..].iter().position(|&b| b == b'\r') {
                            Some(at) => i += at,
                            None => return Ok(()),
                        }
                    }
                    let byte = bytes[i];
                    i += 1;
                    if self.advance(byte) {
                        self.state = State::AfterDelimiter { dash: false, carry: 0 };
                    }
                }
                State::Preamble { counted } => {
                    let byte = bytes[i];
                    i += 1;
                    let counted = counted + 1;
                    if self.advance(byte) {
                        // The delimiter's own bytes are not the preamble's; one opening the body
                        // came without its `\r\n`.
                        let carry = counted.saturating_sub(self.delimiter.len());
                        self.state = State::AfterDelimiter { dash: false, carry };
                    } else if counted.saturating_sub(self.matched) > self.limit {
                        return Err(TooLong);
                    } else {
                        self.state = State::Preamble { counted };
                    }
                }
                State::AfterDelimiter { dash, carry } => {
                    let byte = bytes[i];
                    i += 1;
                    match (dash, byte) {
                        (false, b'-') => self.state = State::AfterDelimiter { dash: true, carry },
                        (true, b'-') => self.state = State::Done,
                        _ => {
                            // Transport padding, or the `\r\n` ending the delimiter line.
                            let counted = usize::from(dash) + 1;
                            self.state = State::Headers { counted, crlf: crlf(0, byte), carry };
                            self.check()?;
                        }
                    }
                }
                State::Headers { counted, crlf: seen, carry } => {
                    let byte = bytes[i];
                    i += 1;
                    let (counted, seen) = (counted + 1, crlf(seen, byte));
                    self.state = State::Headers { counted, crlf: seen, carry };
                    self.check()?;
                    if seen == 4 {
                        self.matched = 0;
                        self.state = State::Content;
                    }
                }
            }
        }
        Ok(())
    }

    /// Feeds one byte to the delimiter matcher; true when it completes a delimiter.
    fn advance(&mut self, byte: u8) -> bool {
        while self.matched > 0 && byte != self.delimiter[self.matched] {
            self.matched = self.fallback[self.matched - 1];
        }
        if byte == self.delimiter[self.matched] {
            self.matched += 1;
        }
        if self.matched == self.delimiter.len() {
            self.matched = 0;
            return true;
        }
        false
    }

    /// A header block is what lies between the `\r\n` ending the delimiter line and the blank
    /// line's `\r\n`: 4 bytes fewer than counted once it ends, and an unfinished one needs at
    /// least the rest of a `\r\n\r\n`. So it is known to be past the limit at the first byte
    /// that makes `counted - seen` (with the preamble's bytes) exceed it.
    fn check(&self) -> Result<(), TooLong> {
        match self.state {
            State::Headers { counted, crlf, carry } if counted - usize::from(crlf) + carry > self.limit => Err(TooLong),
            _ => Ok(()),
        }
    }
}

/// Progress through `\r\n\r\n` after `byte`, from `seen` bytes of it.
fn crlf(seen: u8, byte: u8) -> u8 {
    match (seen, byte) {
        (0 | 2, b'\r') => seen + 1,
        (1 | 3, b'\n') => seen + 1,
        (_, b'\r') => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `body` in slices of `step` bytes; true if it passes.
    fn passes(body: &[u8], limit: usize, step: usize) -> bool {
        let mut scan = PartHeaders::new("XyZ", limit);
        body.chunks(step).all(|slice| scan.scan(slice).is_ok())
    }

    fn body(preamble: &str, block: &str) -> Vec<u8> {
        format!("{preamble}--XyZ\r\n{block}\r\ncontent with \r\n--Xy in it\r\n--XyZ\r\n{block}\r\nmore\r\n--XyZ--\r\n")
            .into_bytes()
    }

    #[test]
    fn a_block_of_exactly_the_limit_passes_and_one_byte_more_does_not() {
        // A header line is at least one character and its `\r\n`.
        let block = |len: usize| format!("{}\r\n", "h".repeat(len - 2));
        for limit in [3usize, 10, 100, 16 * 1024] {
            for step in [1, 2, 3, 7, 1000] {
                assert!(passes(&body("", &block(limit)), limit, step), "limit {limit} step {step}");
                assert!(!passes(&body("", &block(limit + 1)), limit, step), "limit {limit} step {step}");
            }
        }
        // No header lines at all is a block of 0 bytes.
        assert!(passes(&body("", ""), 0, 1));
        assert!(!passes(&body("", &block(3)), 0, 1));
    }

    #[test]
    fn the_preamble_counts_toward_the_first_block() {
        let block = "a: b\r\n"; // 6 bytes
        assert!(passes(&body("pre\r\n", block), 6 + 3, 1));
        assert!(!passes(&body("pre\r\n", block), 6 + 2, 1));
        // A preamble that never ends is cut off.
        assert!(!passes("x".repeat(100).as_bytes(), 50, 7));
    }

    #[test]
    fn content_is_not_counted() {
        let big = format!("--XyZ\r\na: b\r\n\r\n{}\r\n--XyZ--\r\n", "c\r\n".repeat(1000));
        assert!(passes(big.as_bytes(), 6, 5));
    }
}
