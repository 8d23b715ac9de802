//! [`MessageId`]: where a message stands in a room's history, as clients see it and give back
//! in `?since=`.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A message's id: the room's epoch (16 hex digits, new whenever the room's history starts
/// afresh) and the message's place in that history (1, 2, 3, … with no gaps). Written
/// `<epoch>-<seq>`, e.g. `9f2c4e0a1b3d5f70-42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MessageId {
    pub(crate) epoch: u64,
    pub(crate) seq: u64,
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}-{}", self.epoch, self.seq)
    }
}

/// Why a `since` is not an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotAnId;

impl FromStr for MessageId {
    type Err = NotAnId;

    fn from_str(s: &str) -> Result<Self, NotAnId> {
        let (epoch, seq) = s.split_once('-').ok_or(NotAnId)?;
        let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
        if epoch.len() != 16 || !epoch.bytes().all(hex) {
            return Err(NotAnId);
        }
        if seq.is_empty() || seq.len() > 20 || !seq.bytes().all(|c| c.is_ascii_digit()) {
            return Err(NotAnId);
        }
        let epoch = u64::from_str_radix(epoch, 16).map_err(|_| NotAnId)?;
        let seq = seq.parse().map_err(|_| NotAnId)?;
        Ok(MessageId { epoch, seq })
    }
}

/// A fresh, unpredictable, non-zero epoch (std's per-process random hasher keys, the clock and
/// a counter).
pub(crate) fn fresh_epoch() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    hasher.write_u32(std::process::id());
    hasher.finish().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_an_id() {
        let id = MessageId { epoch: 0x9f2c_4e0a_1b3d_5f70, seq: 42 };
        assert_eq!(id.to_string(), "9f2c4e0a1b3d5f70-42");
        assert_eq!("9f2c4e0a1b3d5f70-42".parse(), Ok(id));
        for bad in [
            "",
            "42",
            "9f2c4e0a1b3d5f70",
            "9f2c4e0a1b3d5f70-",
            "9F2C4E0A1B3D5F70-1",
            "9f2c-1",
            "9f2c4e0a1b3d5f70-x",
            "9f2c4e0a1b3d5f70--1",
            "9f2c4e0a1b3d5f70-99999999999999999999",
        ] {
            assert_eq!(bad.parse::<MessageId>(), Err(NotAnId), "{bad:?}");
        }
        assert_ne!(fresh_epoch(), fresh_epoch());
    }
}
