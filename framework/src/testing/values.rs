//! The texts the generators try for each value type: the edges of docs/routing.md#types-of-values (0, MAX, MAX+1,
//! `-1`, `01`, `+1`, empty, non-ASCII, `/`, `%`, NUL …), split by the oracle into the ones the
//! type accepts and the ones it refuses.

use super::types::{Ty, Types};

/// Accepted and refused texts of one type.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pool {
    pub valid: Vec<String>,
    pub invalid: Vec<String>,
}

/// Adds one to a decimal digit string: `255` → `256`, `99` → `100`.
fn increment(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for b in bytes.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return String::from_utf8(bytes).expect("digits");
        }
    }
    format!("1{}", String::from_utf8(bytes).expect("digits"))
}

/// Strings any type may meet: separators, escapes as text, dot segments, NUL, non-ASCII.
#[rustfmt::skip]
const STRINGS: [&str; 19] = [
    "x", "hello", "a b", "é", "a/b", "%", "%2F", "%25", "a+b", "\0", ".", "..", "", "?", "#", "a;b", "日本語", "~", "A",
];

fn candidates(ty: &Ty) -> Vec<String> {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match ty {
        Ty::Int { signed, min, max } => {
            let mut out = owned(&["0", "1", "7", "42", "01", "007", "-0", "-1", "+1", "", "-", " 1", "1.0", "0x10"]);
            out.extend([max.to_string(), increment(max), format!("000{max}"), "9".repeat(45)]);
            if *signed {
                out.extend([min.to_string(), format!("-{}", increment(&min[1..]))]);
            }
            out
        }
        Ty::Float { .. } => {
            let mut out =
                owned(&["0", "1.5", "-2.25", "7", "-0.0", "0.1", "1.", ".5", "1e3", "inf", "NaN", "+1.5", ""]);
            out.extend(["9".repeat(40), "9".repeat(400)]);
            out
        }
        Ty::Bool => owned(&["true", "false", "True", "1", "", "tru", "false "]),
        Ty::Char => owned(&["x", "é", "%", "/", "ab", "", " ", "\0", "日"]),
        Ty::Str | Ty::User(_) => owned(&STRINGS),
    }
}

/// The pool of type `name`: its edge texts and registered samples, split by acceptance. A type
/// the oracle does not know gets strings, all counted as refused.
pub(crate) fn pool(types: &Types, name: &str) -> Pool {
    let mut texts: Vec<String> = types.samples(name).to_vec();
    let Some(ty) = types.get(name) else {
        return Pool { valid: texts, invalid: candidates(&Ty::Str) };
    };
    for t in candidates(ty) {
        if !texts.contains(&t) {
            texts.push(t);
        }
    }
    let (valid, invalid) = texts.into_iter().partition(|t| ty.accepts(t));
    Pool { valid, invalid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_hold_both_sides_of_the_edges() {
        let types = Types::default();
        let u8s = pool(&types, "u8");
        assert!(u8s.valid.contains(&"255".to_owned()) && u8s.invalid.contains(&"256".to_owned()));
        let i8s = pool(&types, "i8");
        assert!(i8s.valid.contains(&"-128".to_owned()) && i8s.invalid.contains(&"-129".to_owned()));
        assert_eq!(increment("999"), "1000");
        assert!(pool(&types, "String").invalid.is_empty());
    }
}
