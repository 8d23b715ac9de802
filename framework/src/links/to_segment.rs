//! [`ToSegment`]: a value back to the text that [`FromSegment`](crate::FromSegment) parses.

/// Writes a value as the decoded text that its [`FromSegment`](crate::FromSegment) impl parses
/// back to the same value: what a link inserts (percent-encoded) for a capture or a query value.
///
/// Implemented for the integer types, `f32`/`f64`, `bool`, `char` and `String`;
/// `#[derive(Segment)]` implements it for a newtype through its field. A type with a hand-written
/// `FromSegment` implements it by hand to be used in a named route of `#[rook::routes]`.
///
/// ```
/// use rook::{FromSegment, ToSegment};
/// assert_eq!(42u32.to_segment(), "42");
/// assert_eq!(f64::from_segment(&0.1f64.to_segment()), Ok(0.1));
/// ```
pub trait ToSegment {
    /// The decoded text (not yet percent-encoded).
    fn to_segment(&self) -> String;
}

macro_rules! displayed {
    ($($t:ty),*) => {$(
        impl ToSegment for $t {
            fn to_segment(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

// `Display` of these types is exactly the syntax their `FromSegment` takes: digits with a `-`
// for negative integers, the shortest decimal that reads back as the same float (finite floats;
// NaN and the infinities are not accepted by `FromSegment`), `true`/`false`, the char itself.
displayed!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool, char, String);

impl<T: ToSegment + ?Sized> ToSegment for &T {
    fn to_segment(&self) -> String {
        (**self).to_segment()
    }
}

impl ToSegment for str {
    fn to_segment(&self) -> String {
        self.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::segment::FromSegment;

    #[test]
    fn reads_back() {
        assert_eq!(i8::from_segment(&(-128i8).to_segment()), Ok(-128));
        assert_eq!(f32::from_segment(&1.5e-7f32.to_segment()), Ok(1.5e-7));
        assert_eq!(f64::from_segment(&1e300f64.to_segment()), Ok(1e300));
        assert_eq!(char::from_segment(&'é'.to_segment()), Ok('é'));
        assert_eq!(bool::from_segment(&false.to_segment()), Ok(false));
    }
}
