//! What each value type accepts (docs/routing.md#types-of-values), as the oracle reads it: the built-in types from their
//! definition, user types (`#[derive(Segment)]` newtypes and other `FromSegment` impls) from a
//! registration that calls their real parser.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::FromSegment;

/// A value type the oracle knows.
#[derive(Clone)]
pub(crate) enum Ty {
    /// An integer type: signed or not, and its bounds as decimal text.
    Int {
        signed: bool,
        min: &'static str,
        max: &'static str,
    },
    /// `f32` or `f64`.
    Float {
        wide: bool,
    },
    Bool,
    Char,
    Str,
    /// A registered type: whether its `FromSegment` parser takes a text.
    User(Arc<dyn Fn(&str) -> bool + Send + Sync>),
}

impl fmt::Debug for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int { signed, max, .. } => write!(f, "Int(signed: {signed}, max: {max})"),
            Ty::Float { wide } => write!(f, "Float(wide: {wide})"),
            Ty::Bool => f.write_str("Bool"),
            Ty::Char => f.write_str("Char"),
            Ty::Str => f.write_str("Str"),
            Ty::User(_) => f.write_str("User"),
        }
    }
}

/// The type text as `Routes::list()` shows it, without spaces and leading `::`, and with the
/// paths of `String` shortened, so that `::std::string::String` is `String`.
pub(crate) fn normalize(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_start_matches("::");
    for prefix in ["std::string::", "alloc::string::"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    text.to_owned()
}

/// The types the oracle knows, by normalised name.
#[derive(Clone)]
pub(crate) struct Types {
    known: HashMap<String, Ty>,
    /// Texts that registered types accept, for the generators.
    samples: HashMap<String, Vec<String>>,
}

impl Default for Types {
    fn default() -> Self {
        fn int(signed: bool, min: &'static str, max: &'static str) -> Ty {
            Ty::Int { signed, min, max }
        }
        // Bounds as text, so that the check below is a comparison of digit strings and needs no
        // arithmetic of the width being checked.
        let known = [
            ("u8", int(false, "0", "255")),
            ("u16", int(false, "0", "65535")),
            ("u32", int(false, "0", "4294967295")),
            ("u64", int(false, "0", "18446744073709551615")),
            ("u128", int(false, "0", "340282366920938463463374607431768211455")),
            ("i8", int(true, "-128", "127")),
            ("i16", int(true, "-32768", "32767")),
            ("i32", int(true, "-2147483648", "2147483647")),
            ("i64", int(true, "-9223372036854775808", "9223372036854775807")),
            ("i128", int(true, "-170141183460469231731687303715884105728", "170141183460469231731687303715884105727")),
            #[cfg(target_pointer_width = "64")]
            ("usize", int(false, "0", "18446744073709551615")),
            #[cfg(target_pointer_width = "64")]
            ("isize", int(true, "-9223372036854775808", "9223372036854775807")),
            #[cfg(target_pointer_width = "32")]
            ("usize", int(false, "0", "4294967295")),
            #[cfg(target_pointer_width = "32")]
            ("isize", int(true, "-2147483648", "2147483647")),
            ("f32", Ty::Float { wide: false }),
            ("f64", Ty::Float { wide: true }),
            ("bool", Ty::Bool),
            ("char", Ty::Char),
            ("String", Ty::Str),
        ];
        Types { known: known.into_iter().map(|(n, t)| (n.to_owned(), t)).collect(), samples: HashMap::new() }
    }
}

impl Types {
    /// Registers `T` under the name routes write it with; its own parser decides.
    pub(crate) fn register<T: FromSegment>(&mut self, name: &str) {
        self.known.insert(normalize(name), Ty::User(Arc::new(|s| T::from_segment(s).is_ok())));
    }

    /// Adds texts that type `name` accepts, for the generators to use.
    pub(crate) fn add_samples(&mut self, name: &str, samples: impl IntoIterator<Item = String>) {
        self.samples.entry(normalize(name)).or_default().extend(samples);
    }

    pub(crate) fn samples(&self, name: &str) -> &[String] {
        self.samples.get(&normalize(name)).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Ty> {
        self.known.get(&normalize(name))
    }

    /// Whether type `name` accepts `text`.
    ///
    /// # Panics
    /// If the type is neither built in nor registered: the oracle cannot know, and guessing
    /// would make `check` report bugs that are not there (or miss real ones).
    pub(crate) fn accepts(&self, name: &str, text: &str) -> bool {
        match self.get(name) {
            Some(ty) => ty.accepts(text),
            None => panic!("{}", unknown_type(name)),
        }
    }
}

/// How to fix an unknown type: register it.
pub(crate) fn unknown_type(name: &str) -> String {
    format!(
        "rook::testing: the oracle does not know the type `{name}`; register it with \
         `.accepts::<{name}>(\"{name}\")` (its own `FromSegment` decides)"
    )
}

/// `-?digits` compared with the bounds as text: no leading zeros after stripping, then length,
/// then digit by digit.
fn integer(s: &str, signed: bool, min: &str, max: &str) -> bool {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if (negative && !signed) || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let significant = digits.trim_start_matches('0');
    let bound = if negative { &min[1..] } else { max };
    significant.len() < bound.len() || significant.len() == bound.len() && significant <= bound
}

impl Ty {
    /// docs/routing.md#types-of-values.
    pub(crate) fn accepts(&self, s: &str) -> bool {
        match self {
            Ty::Int { signed, min, max } => integer(s, *signed, min, max),
            Ty::Float { wide } => {
                let unsigned = s.strip_prefix('-').unwrap_or(s);
                let (int, frac) = match unsigned.split_once('.') {
                    Some((i, f)) => (i, Some(f)),
                    None => (unsigned, None),
                };
                let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
                let finite = if *wide {
                    s.parse::<f64>().is_ok_and(f64::is_finite)
                } else {
                    s.parse::<f32>().is_ok_and(f32::is_finite)
                };
                digits(int) && frac.is_none_or(digits) && finite
            }
            Ty::Bool => s == "true" || s == "false",
            Ty::Char => s.chars().count() == 1,
            Ty::Str => true,
            Ty::User(accepts) => accepts(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_by_their_bounds() {
        let t = Types::default();
        for (ty, yes, no) in [
            ("u8", &["0", "255", "000255", "01"][..], &["256", "-0", "-1", "+1", "", "1 "][..]),
            ("i8", &["-128", "127", "-0", "-000128"], &["-129", "128", "-", "--1"]),
            ("u128", &["340282366920938463463374607431768211455"], &["340282366920938463463374607431768211456"]),
        ] {
            for y in yes {
                assert!(t.accepts(ty, y), "{ty} {y}");
            }
            for n in no {
                assert!(!t.accepts(ty, n), "{ty} {n}");
            }
        }
    }

    #[test]
    fn names_are_normalised() {
        let t = Types::default();
        assert!(t.accepts("::std::string::String", ""));
        assert!(t.get("Uuid4").is_none());
        assert!(!t.accepts("f32", &"9".repeat(40)));
        assert!(t.accepts("f64", &"9".repeat(40)));
    }
}
