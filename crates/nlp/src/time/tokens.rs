//! A tiny tokenizer for time expressions: ASCII letter runs, digit runs and
//! single punctuation characters, each with byte offsets and a lexical class
//! looked up once so the grammar compares small enums, not strings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Coarse shape of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Word,
    Num,
    Punct,
}

/// A duration unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Sec,
    Min,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Lexical class of a token, computed once per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Other,
    /// 1..=12; only capitalised words count.
    Month(u8),
    /// 1 = Monday ..= 7 = Sunday; plural ("Tuesdays") flagged.
    Weekday(u8, bool),
    /// Number words: "one".."nineteen" and the tens.
    NumWord(u32),
    /// "first".."twelfth" (word ordinals).
    Ordinal(u8),
    /// Unit word, plural flag.
    Unit(Unit, bool),
    /// 0 = spring, 1 = summer, 2 = fall, 3 = winter.
    Season(u8),
    /// Part of day: "MO", "AF", "EV", "NI".
    PartOfDay(&'static str),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
    pub lex: Lex,
    /// Digit runs: their value (saturating), else 0.
    pub num: u32,
    /// Whitespace directly before the token.
    pub space_before: bool,
    /// First character is an ASCII uppercase letter.
    pub cap: bool,
    /// A word an expression may start with (see `STARTERS` and the lexicon).
    pub starter: bool,
}

/// Tokenize `text`; `low` must be `text.to_ascii_lowercase()` (same byte offsets).
pub(crate) fn tokenize(text: &str, low: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4);
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let shape;
        let mut num = 0u32;
        if c.is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            shape = Shape::Word;
        } else if c.is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                num = num.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
                i += 1;
            }
            shape = Shape::Num;
        } else {
            // One character, whole UTF-8 sequence (non-ASCII never splits).
            i += 1;
            while i < b.len() && (b[i] & 0xC0) == 0x80 {
                i += 1;
            }
            // Treat non-ASCII whitespace (NBSP...) as space.
            if text[start..i].chars().all(char::is_whitespace) {
                space = true;
                continue;
            }
            shape = Shape::Punct;
        }
        let (lex, starter) =
            if shape == Shape::Word { classify(&low[start..i], c.is_ascii_uppercase()) } else { (Lex::Other, false) };
        out.push(Tok { start, end: i, shape, lex, num, space_before: space, cap: c.is_ascii_uppercase(), starter });
        space = false;
    }
    out
}

/// Lexicon entries; months and weekdays count only when capitalised.
const ENTRIES: &[(&str, Lex)] = {
    use self::Unit as U;
    use Lex::*;
    &[
        ("january", Month(1)),
        ("jan", Month(1)),
        ("february", Month(2)),
        ("feb", Month(2)),
        ("march", Month(3)),
        ("mar", Month(3)),
        ("april", Month(4)),
        ("apr", Month(4)),
        ("may", Month(5)),
        ("june", Month(6)),
        ("jun", Month(6)),
        ("july", Month(7)),
        ("jul", Month(7)),
        ("august", Month(8)),
        ("aug", Month(8)),
        ("september", Month(9)),
        ("sept", Month(9)),
        ("sep", Month(9)),
        ("october", Month(10)),
        ("oct", Month(10)),
        ("november", Month(11)),
        ("nov", Month(11)),
        ("december", Month(12)),
        ("dec", Month(12)),
        ("monday", Weekday(1, false)),
        ("tuesday", Weekday(2, false)),
        ("tues", Weekday(2, false)),
        ("wednesday", Weekday(3, false)),
        ("thursday", Weekday(4, false)),
        ("thurs", Weekday(4, false)),
        ("friday", Weekday(5, false)),
        ("saturday", Weekday(6, false)),
        ("sunday", Weekday(7, false)),
        ("mondays", Weekday(1, true)),
        ("tuesdays", Weekday(2, true)),
        ("wednesdays", Weekday(3, true)),
        ("thursdays", Weekday(4, true)),
        ("fridays", Weekday(5, true)),
        ("saturdays", Weekday(6, true)),
        ("sundays", Weekday(7, true)),
        ("one", NumWord(1)),
        ("two", NumWord(2)),
        ("three", NumWord(3)),
        ("four", NumWord(4)),
        ("five", NumWord(5)),
        ("six", NumWord(6)),
        ("seven", NumWord(7)),
        ("eight", NumWord(8)),
        ("nine", NumWord(9)),
        ("ten", NumWord(10)),
        ("eleven", NumWord(11)),
        ("twelve", NumWord(12)),
        ("thirteen", NumWord(13)),
        ("fourteen", NumWord(14)),
        ("fifteen", NumWord(15)),
        ("sixteen", NumWord(16)),
        ("seventeen", NumWord(17)),
        ("eighteen", NumWord(18)),
        ("nineteen", NumWord(19)),
        ("twenty", NumWord(20)),
        ("thirty", NumWord(30)),
        ("forty", NumWord(40)),
        ("fifty", NumWord(50)),
        ("sixty", NumWord(60)),
        ("seventy", NumWord(70)),
        ("eighty", NumWord(80)),
        ("ninety", NumWord(90)),
        ("first", Ordinal(1)),
        ("second", Ordinal(2)),
        ("third", Ordinal(3)),
        ("fourth", Ordinal(4)),
        ("fifth", Ordinal(5)),
        ("sixth", Ordinal(6)),
        ("seventh", Ordinal(7)),
        ("eighth", Ordinal(8)),
        ("ninth", Ordinal(9)),
        ("tenth", Ordinal(10)),
        ("eleventh", Ordinal(11)),
        ("twelfth", Ordinal(12)),
        ("seconds", Unit(U::Sec, true)),
        ("secs", Unit(U::Sec, true)),
        ("minute", Unit(U::Min, false)),
        ("min", Unit(U::Min, false)),
        ("minutes", Unit(U::Min, true)),
        ("mins", Unit(U::Min, true)),
        ("hour", Unit(U::Hour, false)),
        ("hr", Unit(U::Hour, false)),
        ("hours", Unit(U::Hour, true)),
        ("hrs", Unit(U::Hour, true)),
        ("day", Unit(U::Day, false)),
        ("days", Unit(U::Day, true)),
        ("week", Unit(U::Week, false)),
        ("weeks", Unit(U::Week, true)),
        ("month", Unit(U::Month, false)),
        ("months", Unit(U::Month, true)),
        ("quarter", Unit(U::Quarter, false)),
        ("quarters", Unit(U::Quarter, true)),
        ("year", Unit(U::Year, false)),
        ("yr", Unit(U::Year, false)),
        ("years", Unit(U::Year, true)),
        ("yrs", Unit(U::Year, true)),
        ("decade", Unit(U::Decade, false)),
        ("decades", Unit(U::Decade, true)),
        ("century", Unit(U::Century, false)),
        ("centuries", Unit(U::Century, true)),
        ("spring", Season(0)),
        ("summer", Season(1)),
        ("fall", Season(2)),
        ("autumn", Season(2)),
        ("winter", Season(3)),
        ("morning", PartOfDay("MO")),
        ("afternoon", PartOfDay("AF")),
        ("evening", PartOfDay("EV")),
        ("night", PartOfDay("NI")),
    ]
};

/// Words that may begin an expression without a lexical class of their own
/// ("the", "last", "every"...): the grammar is only tried at those.
const STARTERS: &[&str] = &[
    "overnight",
    "q",
    "once",
    "twice",
    "thrice",
    "that",
    "a",
    "an",
    "the",
    "this",
    "last",
    "next",
    "previous",
    "coming",
    "current",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "now",
    "right",
    "currently",
    "nowadays",
    "these",
    "at",
    "recently",
    "lately",
    "recent",
    "more",
    "less",
    "fewer",
    "future",
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "roughly",
    "over",
    "just",
    "only",
    "some",
    "barely",
    "under",
    "up",
    "no",
    "several",
    "few",
    "many",
    "half",
    "daily",
    "weekly",
    "monthly",
    "annually",
    "yearly",
    "hourly",
    "nightly",
    "every",
    "each",
    "per",
    "fiscal",
    "fy",
    "noon",
    "midday",
    "midnight",
    "early",
    "late",
    "mid",
    "earlier",
    "later",
    "end",
    "beginning",
    "start",
    "middle",
    "christmas",
    "halloween",
    "thanksgiving",
    "new",
    "valentine",
    "independence",
    "labor",
    "memorial",
    "veterans",
    "election",
    "easter",
    "good",
    "boxing",
    "past",
    "first",
    "second",
    "hundred",
    "year",
];

/// FNV-1a: short keys, no DoS concern (static table).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Word -> (class, may start an expression).
static LEXICON: LazyLock<HashMap<&'static str, (Lex, bool), BuildHasherDefault<Fnv>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, (Lex, bool), BuildHasherDefault<Fnv>> = HashMap::default();
    for &(w, lex) in ENTRIES {
        map.insert(w, (lex, false));
    }
    for &w in STARTERS {
        map.entry(w).or_insert((Lex::Other, false)).1 = true;
    }
    map
});

/// Longest word in the lexicon; longer words skip the lookup.
const MAX_WORD: usize = 14;

/// A month or weekday name as news copy writes it: capitalised, with an
/// abbreviation's period allowed ("Sept.", "Friday", "January").
pub(crate) fn is_month_or_weekday(w: &str) -> bool {
    let bare = w.strip_suffix('.').unwrap_or(w);
    bare.starts_with(|c: char| c.is_ascii_uppercase())
        && bare.len() <= MAX_WORD
        && matches!(LEXICON.get(bare.to_ascii_lowercase().as_str()), Some((Lex::Month(_) | Lex::Weekday(..), _)))
}

/// Class of a lowercase word and whether it may start an expression.
fn classify(w: &str, cap: bool) -> (Lex, bool) {
    if w.len() > MAX_WORD {
        return (Lex::Other, false);
    }
    match LEXICON.get(w) {
        Some(&(Lex::Month(_) | Lex::Weekday(..), starter)) if !cap => (Lex::Other, starter),
        Some(&(lex, starter)) => (lex, starter || lex != Lex::Other),
        None => (Lex::Other, false),
    }
}
