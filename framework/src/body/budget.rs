//! The memory budget for bodies in flight (docs/bodies.md): every body being read holds a share of one
//! process-wide count of bytes kept in memory; a body that would take the count past
//! [`BodyConfig::in_flight_limit`](super::BodyConfig::in_flight_limit) is refused with **503**
//! and `Retry-After`, and gives back what it held. Shares are returned when the reading ends
//! (the parsed value then belongs to the handler).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::error::{BodyError, BodyErrorKind};

/// Bytes held in memory by all bodies being read, in this process.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// One body's share of the budget: what it took from the budget (`held`, returned when dropped)
/// and how much of that its bytes in memory use.
pub(crate) struct Share {
    held: usize,
    used: usize,
    limit: usize,
}

impl Share {
    /// A share of a budget of `limit` bytes, reserving `reserve` bytes up front (the declared
    /// length, say): refused at once when the budget cannot give them.
    pub(crate) fn new(limit: usize, reserve: usize) -> Result<Share, BodyError> {
        let mut share = Share { held: 0, used: 0, limit };
        share.grow(reserve.max(1))?;
        Ok(share)
    }

    /// Counts `bytes` more in memory, taking from the budget what the reservation does not
    /// cover, or refuses if the budget cannot give it.
    pub(crate) fn take(&mut self, bytes: usize) -> Result<(), BodyError> {
        self.used += bytes;
        if self.used > self.held {
            self.grow(self.used - self.held)?;
        }
        Ok(())
    }

    /// Counts `bytes` fewer in memory (moved to disk, say). What was taken stays held, as a
    /// reservation for what comes next.
    pub(crate) fn give_back(&mut self, bytes: usize) {
        self.used = self.used.saturating_sub(bytes);
    }

    fn grow(&mut self, bytes: usize) -> Result<(), BodyError> {
        let before = IN_FLIGHT.fetch_add(bytes, Ordering::Relaxed);
        if before + bytes > self.limit {
            IN_FLIGHT.fetch_sub(bytes, Ordering::Relaxed);
            return Err(busy(self.limit));
        }
        self.held += bytes;
        Ok(())
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(self.held, Ordering::Relaxed);
    }
}

fn busy(limit: usize) -> BodyError {
    BodyError::new(
        BodyErrorKind::Busy,
        format!(
            "the server is reading too many request bodies at once ({limit} bytes in flight, \
             BodyConfig::in_flight_limit); retry later"
        ),
    )
}
