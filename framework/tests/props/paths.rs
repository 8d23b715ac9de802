//! Random request paths for a table: built from the table's own literals and from values at the
//! edges of each type (SPEC §3), percent-encoded in varying ways, plus the escapes and
//! segments that SPEC §2 singles out (`%2F`, `%25`, `%zz`, `%FF`, `.`, `..`, empty).
//!
//! The randomness comes as a list of numbers ("dice") that proptest generates and shrinks:
//! a shorter list or smaller numbers give a simpler path.

use super::reference::{Reference, Seg, Ty};

/// The methods requests are sent with; TRACE has no name in `route!` (only `any` takes it).
pub const METHODS: [&str; 8] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];

/// Raw (already encoded) segments: escapes and dot segments.
const RAW: [&str; 16] =
    ["%2F", "%25", "%zz", "%FF", "%C3%A9", "%c3%a9", "%e9", "%", "%4", "a%2Fb", ".", "..", "", "%2e", "%2B", "a%2"];

/// Values of each type family: the first few are accepted by the types the tables use (u8,
/// u32, i32, …), the rest probe the edges of SPEC §3.
const INTEGERS: [&str; 24] = [
    "0", "1", "7", "01", "0007", "255", "42", "-0", "256", "-1", "+1", "65535", "2147483647", "2147483648",
    "-2147483648", "-2147483649", "4294967295", "4294967296", "000000000000000000000000000000000000000042",
    "99999999999999999999999999999999999999999", "1 ", "1.0", "", "-",
];
const FLOATS: [&str; 12] = ["0", "1.5", "-2.25", "7", "-0.0", "1.", ".5", "1e3", "inf", "NaN", "+1.5", ""];
const BOOLS: [&str; 6] = ["true", "false", "True", "1", "", "tru"];
const CHARS: [&str; 7] = ["x", "é", "%", "/", "ab", "", " "];
const STRINGS: [&str; 8] = ["x", "hello", "a b", "é", "a/b", "%", "a+b", ""];

/// A cursor over the dice; past the end every roll is 0.
pub struct Dice<'a> {
    rolls: &'a [u32],
    at: usize,
}

impl<'a> Dice<'a> {
    /// Dice that read `rolls` in order.
    pub fn new(rolls: &'a [u32]) -> Dice<'a> {
        Dice { rolls, at: 0 }
    }

    /// A number below `n`.
    fn roll(&mut self, n: usize) -> usize {
        let r = self.rolls.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        r as usize % n
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.roll(from.len())]
    }
}

/// The pool of `ty`, and how many of its first values are (mostly) accepted.
fn pool(ty: Ty) -> (&'static [&'static str], usize) {
    match ty {
        Ty::Int { .. } => (&INTEGERS, 7),
        Ty::Float => (&FLOATS, 5),
        Ty::Bool => (&BOOLS, 2),
        Ty::Char => (&CHARS, 4),
        Ty::Str => (&STRINGS, 7),
    }
}

const ALL_POOLS: [&[&str]; 5] = [&INTEGERS, &FLOATS, &BOOLS, &CHARS, &STRINGS];

/// Percent-encodes `text` as one segment: bytes that cannot appear raw always, others now and
/// then, in upper or lower case hex. `+` is left raw or encoded at random (both mean `+`).
fn encode(text: &str, dice: &mut Dice) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        let safe = b.is_ascii_alphanumeric() || b"-._~+!$&'()*,;=:@".contains(&b);
        if safe && dice.roll(8) != 0 {
            out.push(b as char);
        } else if dice.roll(2) == 0 {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

/// A value for `ty`: mostly from its own pool, sometimes from another type's, sometimes raw.
fn value(ty: Ty, dice: &mut Dice) -> String {
    match dice.roll(8) {
        0 => dice.pick(&RAW).to_owned(),
        1 => {
            let other = ALL_POOLS[dice.roll(ALL_POOLS.len())];
            let v = dice.pick(other);
            encode(v, dice)
        }
        2 | 3 => {
            let v = dice.pick(pool(ty).0);
            encode(v, dice)
        }
        _ => {
            let (pool, good) = pool(ty);
            let v = dice.pick(&pool[..good]);
            encode(v, dice)
        }
    }
}

/// Any segment: a literal of the table, a value of some type, or a raw escape.
fn anything(literals: &[String], dice: &mut Dice) -> String {
    match dice.roll(5) {
        0 | 1 if !literals.is_empty() => {
            let lit = literals[dice.roll(literals.len())].clone();
            encode(&lit, dice)
        }
        4 => dice.pick(&RAW).to_owned(),
        _ => {
            let p = ALL_POOLS[dice.roll(ALL_POOLS.len())];
            let v = dice.pick(p);
            encode(v, dice)
        }
    }
}

/// A request for `table`: a method and a path (starting with `/`). Two times in three the
/// path is shaped after one of the table's routes, and half of those use one of its methods;
/// otherwise it is a random run of segments.
pub fn request(table: &Reference, literals: &[String], dice: &mut Dice) -> (&'static str, String) {
    let mut method = METHODS[dice.roll(METHODS.len())];
    let mut segs: Vec<String> = Vec::new();
    if dice.roll(3) == 0 || table.len() == 0 {
        // Now and then longer than the 16 segments the matcher keeps inline.
        let n = if dice.roll(12) == 0 { 14 + dice.roll(8) } else { dice.roll(6) };
        for _ in 0..n {
            segs.push(anything(literals, dice));
        }
    } else {
        let index = dice.roll(table.len());
        if let Some(own) = table.methods(index)
            && dice.roll(2) == 0
        {
            let own: Vec<&'static str> = METHODS.iter().copied().filter(|m| own.contains(*m)).collect();
            method = dice.pick(&own);
        }
        let mut optionals_present = true;
        for seg in table.segments(index) {
            match seg {
                Seg::Literal(text) if dice.roll(10) != 0 => segs.push(encode(text, dice)),
                Seg::Literal(_) => segs.push(anything(literals, dice)),
                Seg::Capture(_, ty) => segs.push(value(*ty, dice)),
                Seg::Optional(_, ty) => {
                    optionals_present &= dice.roll(5) < 3;
                    if optionals_present {
                        segs.push(value(*ty, dice));
                    }
                }
                Seg::Slurpy(_, ty) => {
                    let n = if dice.roll(10) == 0 { 14 + dice.roll(6) } else { dice.roll(4) };
                    for _ in 0..n {
                        segs.push(value(*ty, dice));
                    }
                }
            }
        }
        match dice.roll(10) {
            0 => segs.push(anything(literals, dice)),
            1 => segs.push(String::new()),
            2 => drop(segs.pop()),
            _ => {}
        }
    }
    (method, format!("/{}", segs.join("/")))
}
