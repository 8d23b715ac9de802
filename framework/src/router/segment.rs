//! Parsing one decoded value: path captures, slurpy elements, query, header and cookie values
//! (docs/routing.md#types-of-values).

use std::borrow::Cow;
use std::fmt;

/// A type that a path segment (or a query, header or cookie value) can be parsed into.
///
/// Implemented for the integer types (strict ASCII digits, an optional `-` for signed types),
/// `f32`/`f64` (plain decimals), `bool`, `char` and `String`; derive it for validated newtypes
/// with `#[derive(Segment)]`.
///
/// ```
/// use rook::FromSegment;
/// assert_eq!(u32::from_segment("007"), Ok(7));
/// assert!(u32::from_segment("+7").is_err());
/// assert!(u8::from_segment("256").is_err());
/// assert_eq!(i8::from_segment("-128"), Ok(-128));
/// ```
pub trait FromSegment: Sized {
    /// Parses the decoded text, or says in a few words why it is not accepted.
    fn from_segment(s: &str) -> Result<Self, SegmentError>;

    /// Whether `s` would parse. The router calls this while choosing a route; override it when
    /// parsing allocates and checking does not.
    fn accepts(s: &str) -> bool {
        Self::from_segment(s).is_ok()
    }

    /// Parses `s`, which [`accepts`](Self::accepts) returned `true` for: the router binds a
    /// path capture with it, after its matcher has checked the segment, so an implementation
    /// may skip what that check proved (the integer types do: digits and range). The default
    /// parses again; `None` answers 400 as a refused segment does.
    fn from_accepted(s: &str) -> Option<Self> {
        Self::from_segment(s).ok()
    }
}

/// Why a value was not accepted; its text ends up in a 400 body such as
/// `query parameter "page": invalid digit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentError(Cow<'static, str>);

impl SegmentError {
    /// An error with the given reason.
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        SegmentError(reason.into())
    }

    /// The reason, as shown to the client.
    pub fn reason(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SegmentError {}

fn range_error(s: &str) -> SegmentError {
    SegmentError::new(if s.starts_with('-') { "number too small" } else { "number too large" })
}

/// The strict integer syntax (`-?[0-9]+`, the sign only for signed types; `str::parse` would
/// also take a leading `+`), parsed in one pass over the bytes by the matcher's check; binding
/// then reads the value without checking again (`from_accepted`). Every digit is checked before
/// a value out of range is reported, so `"99999999999x"` is an invalid digit, not a number too
/// large.
macro_rules! integers {
    ($signed:expr => $($t:ty),*) => {$(
        impl FromSegment for $t {
            fn from_segment(s: &str) -> Result<Self, SegmentError> {
                let (negative, digits) = match s.as_bytes() {
                    [b'-', rest @ ..] if $signed => (true, rest),
                    [b'-', ..] => return Err(SegmentError::new("invalid digit")),
                    bytes => (false, bytes),
                };
                if digits.is_empty() {
                    return Err(SegmentError::new("empty number"));
                }
                // As many digits as the type's maximum has, less one, cannot overflow it (nor,
                // negated, its minimum): those are accumulated without checks.
                const FITS: usize = <$t>::MAX.ilog10() as usize;
                if digits.len() <= FITS {
                    let mut value: $t = 0;
                    for &b in digits {
                        let d = b.wrapping_sub(b'0');
                        if d > 9 {
                            return Err(SegmentError::new("invalid digit"));
                        }
                        value = if negative { value * 10 - d as $t } else { value * 10 + d as $t };
                    }
                    return Ok(value);
                }
                // Accumulated towards the sign, so that a signed type's minimum is reachable.
                let mut value: Option<$t> = Some(0);
                for &b in digits {
                    let d = b.wrapping_sub(b'0');
                    if d > 9 {
                        return Err(SegmentError::new("invalid digit"));
                    }
                    let d = d as $t;
                    value = value.and_then(|v| v.checked_mul(10)).and_then(|v| if negative { v.checked_sub(d) } else { v.checked_add(d) });
                }
                value.ok_or_else(|| range_error(s))
            }

            /// `s` holds only digits after an optional `-`, and its value fits the type:
            /// accumulated without checks (wrapping arithmetic is exact for a value that fits).
            fn from_accepted(s: &str) -> Option<Self> {
                let (negative, digits) = match s.as_bytes() {
                    [b'-', rest @ ..] => (true, rest),
                    bytes => (false, bytes),
                };
                let mut value: $t = 0;
                for &b in digits {
                    let d = b.wrapping_sub(b'0') as $t;
                    value = if negative { value.wrapping_mul(10).wrapping_sub(d) } else { value.wrapping_mul(10).wrapping_add(d) };
                }
                Some(value)
            }
        }
    )*};
}
integers!(false => u8, u16, u32, u64, u128, usize);
integers!(true => i8, i16, i32, i64, i128, isize);

/// `-?digits(.digits)?`: no exponent, no `inf`/`NaN`, so every accepted text is a finite value.
fn decimal_syntax(s: &str) -> Result<(), SegmentError> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = unsigned.split_once('.').map_or((unsigned, None), |(i, f)| (i, Some(f)));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if digits(int) && frac.is_none_or(digits) { Ok(()) } else { Err(SegmentError::new("invalid decimal number")) }
}

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl FromSegment for $t {
            fn from_segment(s: &str) -> Result<Self, SegmentError> {
                decimal_syntax(s)?;
                let v: $t = s.parse().map_err(|_| SegmentError::new("invalid decimal number"))?;
                if v.is_finite() { Ok(v) } else { Err(range_error(s)) }
            }
        }
    )*};
}
floats!(f32, f64);

impl FromSegment for bool {
    fn from_segment(s: &str) -> Result<Self, SegmentError> {
        match s {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(SegmentError::new("expected true or false")),
        }
    }
}

impl FromSegment for char {
    fn from_segment(s: &str) -> Result<Self, SegmentError> {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(SegmentError::new("expected a single character")),
        }
    }
}

impl FromSegment for String {
    fn from_segment(s: &str) -> Result<Self, SegmentError> {
        Ok(s.to_owned())
    }

    fn accepts(_: &str) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former reading: the strict syntax checked, then `str::parse`.
    fn by_parse<T: std::str::FromStr>(s: &str, signed: bool) -> Result<T, SegmentError> {
        let digits = match s.strip_prefix('-') {
            Some(rest) if signed => rest,
            Some(_) => return Err(SegmentError::new("invalid digit")),
            None => s,
        };
        if digits.is_empty() {
            return Err(SegmentError::new("empty number"));
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SegmentError::new("invalid digit"));
        }
        s.parse().map_err(|_| range_error(s))
    }

    /// Every string of up to four characters over `0 1 5 9 - + a` and the types' edges.
    fn samples() -> Vec<String> {
        let alphabet = ['0', '1', '5', '9', '-', '+', 'a'];
        let mut out = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            out.extend(layer.iter().cloned());
        }
        for edge in [
            "127",
            "128",
            "-128",
            "-129",
            "255",
            "256",
            "32767",
            "32768",
            "-32768",
            "-32769",
            "65535",
            "65536",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999999999999999999999x",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
            "0000000000000000000000042",
        ] {
            out.push(edge.to_owned());
        }
        out
    }

    #[test]
    fn integers_read_as_str_parse_after_the_syntax_check() {
        macro_rules! same {
            ($signed:expr => $($t:ty),*) => {$(
                for s in samples() {
                    assert_eq!(<$t>::from_segment(&s), by_parse::<$t>(&s, $signed), "{} {s:?}", stringify!($t));
                }
            )*};
        }
        same!(false => u8, u16, u32, u64, u128, usize);
        same!(true => i8, i16, i32, i64, i128, isize);
    }

    #[test]
    fn integers_bound_after_the_check_read_the_same_value() {
        macro_rules! same {
            ($($t:ty),*) => {$(
                for s in samples().iter().filter(|s| <$t>::accepts(s)) {
                    assert_eq!(<$t>::from_accepted(s), <$t>::from_segment(s).ok(), "{} {s:?}", stringify!($t));
                }
            )*};
        }
        same!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
    }

    #[test]
    fn integers_are_strict() {
        assert_eq!(u32::from_segment("0042"), Ok(42));
        for bad in ["", "-", "+1", " 1", "1 ", "1.0", "0x10", "-1", "4294967296"] {
            assert!(u32::from_segment(bad).is_err(), "{bad:?}");
        }
        assert_eq!(i64::from_segment("-0"), Ok(0));
        assert_eq!(u128::from_segment(&u128::MAX.to_string()), Ok(u128::MAX));
        assert_eq!(i8::from_segment("-129").unwrap_err().reason(), "number too small");
        assert_eq!(u8::from_segment("x").unwrap_err().reason(), "invalid digit");
    }

    #[test]
    fn floats_are_finite_decimals() {
        assert_eq!(f64::from_segment("-1.5"), Ok(-1.5));
        assert_eq!(f32::from_segment("3"), Ok(3.0));
        for bad in ["inf", "NaN", "1e3", ".5", "5.", "+1", "1e400", ""] {
            assert!(f64::from_segment(bad).is_err(), "{bad:?}");
        }
        assert!(f32::from_segment(&"9".repeat(50)).is_err());
    }

    #[test]
    fn other_scalars() {
        assert_eq!(bool::from_segment("true"), Ok(true));
        assert!(bool::from_segment("True").is_err());
        assert_eq!(char::from_segment("é"), Ok('é'));
        assert!(char::from_segment("ab").is_err());
        assert_eq!(String::from_segment("a b"), Ok("a b".to_owned()));
    }
}
