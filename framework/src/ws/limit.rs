//! The frame-header guard: size limits enforced before a frame's payload is read.
//!
//! actix-http's frame codec only compares a frame's length with its limit once the *whole*
//! frame is buffered, so a peer announcing a 1 GiB frame would make the server buffer 1 GiB
//! first. [`FrameGuard`] sits between the connection's byte stream and the codec: it follows the
//! frame boundaries (reading only headers, never copying payloads) and ends the stream at the
//! first header that announces too much, so the codec never sees those bytes and the socket is
//! no longer read.

use std::cell::Cell;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_http::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::Stream;

/// Which limit a peer's frame header broke; its text is the close frame's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// One frame announced `announced` bytes; at most `limit` are accepted.
    Frame {
        /// The payload length the frame header announced.
        announced: u64,
        /// The configured frame limit.
        limit: usize,
    },
    /// A fragmented message grew beyond `limit` bytes.
    Message {
        /// The configured message limit.
        limit: usize,
    },
    /// A close frame's reason is not UTF-8 (RFC 6455 §8.1: 1007). actix-http reports it as the
    /// same error as an invalid close code (1002), so the guard looks at close frames itself.
    CloseReason,
}

impl Exceeded {
    /// The close code the connection is closed with.
    pub(crate) fn code(self) -> actix_ws::CloseCode {
        match self {
            Exceeded::CloseReason => actix_ws::CloseCode::Invalid,
            _ => actix_ws::CloseCode::Size,
        }
    }
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exceeded::Frame { announced, limit } => {
                write!(f, "frame of {announced} bytes exceeds the {limit}-byte frame limit")
            }
            Exceeded::Message { limit } => write!(f, "message exceeds the {limit}-byte message limit"),
            Exceeded::CloseReason => f.write_str("close reason is not valid UTF-8"),
        }
    }
}

/// Where the guard reports a broken limit; the connection reads it once the stream has ended.
pub(crate) type Verdict = Rc<Cell<Option<Exceeded>>>;

/// The longest frame header: 2 bytes, a 64-bit extended length, a 4-byte mask.
const MAX_HEADER: usize = 14;

enum State {
    /// Collecting the next frame's header (it may arrive split across chunks).
    Header { buf: [u8; MAX_HEADER], have: usize },
    /// Passing on `left` more payload bytes of the current frame.
    Payload { left: u64 },
    /// Passing on a close frame's payload (at most 125 bytes), kept to check its reason.
    Close { buf: [u8; 125], have: usize, len: usize, mask: [u8; 4], start: usize },
}

/// A byte stream that ends at the first frame header breaking the frame or message limit.
pub(crate) struct FrameGuard<S> {
    inner: S,
    max_frame: usize,
    max_message: usize,
    state: State,
    /// Payload bytes announced so far by the current (possibly fragmented) data message.
    message_len: u64,
    verdict: Verdict,
}

impl<S> FrameGuard<S> {
    pub(crate) fn new(inner: S, max_frame: usize, max_message: usize, verdict: Verdict) -> Self {
        FrameGuard {
            inner,
            max_frame,
            max_message,
            state: State::Header { buf: [0; MAX_HEADER], have: 0 },
            message_len: 0,
            verdict,
        }
    }

    /// Follows `chunk`'s frame boundaries; returns where an offending header starts in it
    /// (0 when it started in an earlier chunk), if there is one.
    fn scan(&mut self, chunk: &[u8]) -> Option<usize> {
        // A close frame whose payload goes on in this chunk began in an earlier one.
        if let State::Close { start, .. } = &mut self.state {
            *start = 0;
        }
        let mut pos = 0;
        while pos < chunk.len() {
            match &mut self.state {
                State::Payload { left } => {
                    let step = (*left).min((chunk.len() - pos) as u64);
                    pos += step as usize;
                    *left -= step;
                    if *left == 0 {
                        self.state = State::Header { buf: [0; MAX_HEADER], have: 0 };
                    }
                }
                State::Header { buf, have } => {
                    let start = pos.saturating_sub(*have);
                    buf[*have] = chunk[pos];
                    *have += 1;
                    pos += 1;
                    let Some(len) = announced_length(&buf[..*have]) else { continue };
                    let head = buf[0];
                    let mut mask = [0; 4];
                    if buf[1] & 0x80 != 0 {
                        mask.copy_from_slice(&buf[*have - 4..*have]);
                    }
                    if let Err(exceeded) = self.admit(head, len) {
                        self.verdict.set(Some(exceeded));
                        return Some(start);
                    }
                    self.state = match len {
                        0 => State::Header { buf: [0; MAX_HEADER], have: 0 },
                        // A close frame with a reason (a control frame has at most 125 bytes).
                        3..=125 if head & 0x0F == 0x8 => {
                            State::Close { buf: [0; 125], have: 0, len: len as usize, mask, start }
                        }
                        left => State::Payload { left },
                    };
                }
                State::Close { buf, have, len, mask, start } => {
                    let step = (*len - *have).min(chunk.len() - pos);
                    buf[*have..*have + step].copy_from_slice(&chunk[pos..pos + step]);
                    *have += step;
                    pos += step;
                    if *have == *len {
                        let payload = &mut buf[..*len];
                        for (i, byte) in payload.iter_mut().enumerate() {
                            *byte ^= mask[i % 4];
                        }
                        if std::str::from_utf8(&payload[2..]).is_err() {
                            let start = *start;
                            self.verdict.set(Some(Exceeded::CloseReason));
                            return Some(start);
                        }
                        self.state = State::Header { buf: [0; MAX_HEADER], have: 0 };
                    }
                }
            }
        }
        None
    }

    /// Checks a complete header (its first byte and announced length) against the limits.
    fn admit(&mut self, head: u8, len: u64) -> Result<(), Exceeded> {
        if len > self.max_frame as u64 {
            return Err(Exceeded::Frame { announced: len, limit: self.max_frame });
        }
        let opcode = head & 0x0F;
        // Control frames (opcode 8 and up) may interleave with a fragmented message; only data
        // frames (0 = continuation, 1 = text, 2 = binary) count towards it.
        if opcode <= 2 {
            if opcode != 0 {
                self.message_len = 0;
            }
            self.message_len = self.message_len.saturating_add(len);
            if self.message_len > self.max_message as u64 {
                return Err(Exceeded::Message { limit: self.max_message });
            }
            if head & 0x80 != 0 {
                self.message_len = 0;
            }
        }
        Ok(())
    }
}

/// The payload length announced by `header`, once it holds the complete header (RFC 6455 §5.2).
fn announced_length(header: &[u8]) -> Option<u64> {
    let [_, second, ..] = *header else { return None };
    let (extended, short) = match second & 0x7F {
        126 => (2, None),
        127 => (8, None),
        len => (0, Some(u64::from(len))),
    };
    let mask = if second & 0x80 != 0 { 4 } else { 0 };
    if header.len() < 2 + extended + mask {
        return None;
    }
    Some(short.unwrap_or_else(|| header[2..2 + extended].iter().fold(0, |acc, b| acc << 8 | u64::from(*b))))
}

impl<S> Stream for FrameGuard<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        // Once a limit is broken the stream stays ended: the rest of the socket is never read.
        if this.verdict.get().is_some() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => match this.scan(&chunk) {
                // The frames before the offending header still reach the codec.
                Some(cut) if cut > 0 => Poll::Ready(Some(Ok(chunk.slice(..cut)))),
                Some(_) => Poll::Ready(None),
                None => Poll::Ready(Some(Ok(chunk))),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;
    use futures_util::stream::{self, Iter};

    use super::*;

    type Chunks = Iter<std::vec::IntoIter<Result<Bytes, PayloadError>>>;

    /// A client (masked) frame header for `len` payload bytes.
    fn header(fin: bool, opcode: u8, len: u64) -> Vec<u8> {
        let mut out = vec![if fin { 0x80 } else { 0 } | opcode];
        match len {
            0..=125 => out.push(0x80 | len as u8),
            126..=0xFFFF => {
                out.push(0x80 | 126);
                out.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                out.push(0x80 | 127);
                out.extend_from_slice(&len.to_be_bytes());
            }
        }
        out.extend_from_slice(&[1, 2, 3, 4]);
        out
    }

    fn frame(fin: bool, opcode: u8, len: usize) -> Vec<u8> {
        let mut out = header(fin, opcode, len as u64);
        out.extend(std::iter::repeat_n(b'x', len));
        out
    }

    fn guard(chunks: Vec<Vec<u8>>, max_frame: usize, max_message: usize) -> (FrameGuard<Chunks>, Verdict) {
        let verdict = Verdict::default();
        let chunks: Vec<_> = chunks.into_iter().map(|c| Ok(Bytes::from(c))).collect();
        (FrameGuard::new(stream::iter(chunks), max_frame, max_message, verdict.clone()), verdict)
    }

    async fn passed(guard: FrameGuard<Chunks>) -> Vec<u8> {
        guard.map(|chunk| chunk.unwrap().to_vec()).concat().await
    }

    #[actix_rt::test]
    async fn frames_within_limits_pass_untouched_whatever_the_chunking() {
        let mut bytes = frame(true, 1, 10);
        bytes.extend(frame(true, 2, 300));
        bytes.extend(frame(false, 1, 100));
        bytes.extend(frame(true, 9, 4)); // a ping between fragments
        bytes.extend(frame(true, 0, 100));
        for size in [1, 2, 3, 7, 64, bytes.len()] {
            let chunks = bytes.chunks(size).map(<[u8]>::to_vec).collect();
            let (guard, verdict) = guard(chunks, 300, 300);
            assert_eq!(passed(guard).await, bytes, "chunk size {size}");
            assert_eq!(verdict.get(), None);
        }
    }

    #[actix_rt::test]
    async fn an_oversized_header_ends_the_stream_where_it_starts() {
        let good = frame(true, 1, 5);
        let mut bytes = good.clone();
        bytes.extend(header(true, 2, 1 << 30));
        bytes.extend(vec![0; 1000]);
        for size in [1, 3, 5, bytes.len()] {
            let chunks = bytes.chunks(size).map(<[u8]>::to_vec).collect();
            let (guard, verdict) = guard(chunks, 64 * 1024, 1 << 20);
            let out = passed(guard).await;
            // Only whole good frames, plus at most the start of the bad header from earlier chunks.
            assert!(out.len() >= good.len() && out.len() < good.len() + 14, "chunk size {size}: {}", out.len());
            assert_eq!(verdict.get(), Some(Exceeded::Frame { announced: 1 << 30, limit: 64 * 1024 }));
        }
    }

    #[actix_rt::test]
    async fn fragments_count_towards_the_message_limit() {
        let mut bytes = frame(false, 1, 100);
        bytes.extend(frame(true, 10, 2)); // a pong does not count
        bytes.extend(frame(false, 0, 100));
        bytes.extend(frame(true, 0, 100));
        let (guard, verdict) = guard(vec![bytes], 128, 250);
        let out = passed(guard).await;
        assert_eq!(out.len(), 2 * (106) + 8);
        assert_eq!(verdict.get(), Some(Exceeded::Message { limit: 250 }));
    }

    #[actix_rt::test]
    async fn a_new_message_starts_a_new_count() {
        let mut bytes = Vec::new();
        for _ in 0..5 {
            bytes.extend(frame(false, 1, 100));
            bytes.extend(frame(true, 0, 100));
        }
        let (guard, verdict) = guard(vec![bytes.clone()], 128, 250);
        assert_eq!(passed(guard).await, bytes);
        assert_eq!(verdict.get(), None);
    }
}
