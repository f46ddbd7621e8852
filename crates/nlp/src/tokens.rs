//! tokens: a tiny word/punctuation tokenizer over byte offsets, shared by the
//! sentence splitter, the mention finder and the quote finder.
//!
//! Words keep internal apostrophes and hyphens ("O’Malley", "Mar-a-Lago") and
//! absorb the period of abbreviations and initials ("Gen.", "J.", "U.S."), so
//! later stages can reason about tokens without re-reading the text.

use crate::lexicon;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// Any other single char (punctuation, quote marks, symbols).
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Tok {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Tokenize `text[range]`; offsets are absolute bytes into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity((end - start) / 5 + 4);
    let s = &text[start..end];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        // ASCII first: most of the text is, and a byte is cheaper than a char.
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => s[i..].chars().next().unwrap_or(' '),
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_word_char(c) {
            let mut e = i + c.len_utf8();
            loop {
                if bytes.get(e).is_some_and(u8::is_ascii_alphanumeric) {
                    e += 1;
                    continue;
                }
                // Look at the next char, and possibly the one after a joiner.
                let rest = &s[e..];
                let mut chars = rest.chars();
                match chars.next() {
                    Some(n) if is_word_char(n) => {
                        e += n.len_utf8();
                    }
                    Some(n) if is_joiner(n) && n != '.' => match chars.next() {
                        Some(m) if is_word_char(m) => e += n.len_utf8() + m.len_utf8(),
                        _ => break,
                    },
                    Some('.') => {
                        // Internal period: "U.S", decimals "3.5".
                        match chars.next() {
                            Some(m) if m.is_alphanumeric() => {
                                let w = &s[i..e];
                                let digits = w.bytes().all(|b| b.is_ascii_digit() || b == b',');
                                let short = w.chars().count() == 1 || w.split('.').all(|p| p.chars().count() == 1);
                                if (digits && m.is_ascii_digit()) || (short && m.is_alphabetic()) {
                                    e += 1 + m.len_utf8();
                                } else {
                                    break;
                                }
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            // Absorb a trailing period for abbreviations and initials.
            if s[e..].starts_with('.') {
                let w = &s[i..e];
                if lexicon::is_abbreviation(w) || is_initial(w) || w.contains('.') {
                    e += 1;
                }
            }
            out.push(Tok { start: start + i, end: start + e, kind: TokKind::Word });
            i = e;
        } else {
            out.push(Tok { start: start + i, end: start + i + c.len_utf8(), kind: TokKind::Punct });
            i += c.len_utf8();
        }
    }
    out
}

/// Offset of the first byte of `hay` that is one of `needles`, eight bytes
/// a step: XOR with a needle leaves a zero byte where it matches, and
/// `(x - 0x01…) & !x & 0x80…` flags zero bytes (exactly so up to the first one,
/// which is all the lowest flag needs).
pub(crate) fn find_any_byte<const N: usize>(hay: &[u8], needles: &[u8; N]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = hay.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let mut flags = 0;
        for &n in needles {
            let x = v ^ (LO * u64::from(n));
            flags |= x.wrapping_sub(LO) & !x & HI;
        }
        if flags != 0 {
            return Some(k * 8 + (flags.trailing_zeros() / 8) as usize);
        }
    }
    let rest = chunks.remainder();
    rest.iter().position(|b| needles.contains(b)).map(|p| hay.len() - rest.len() + p)
}

/// "J", "D": a single uppercase letter (a name initial).
pub fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// First char is uppercase.
pub fn is_cap(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(|c| c.is_uppercase()),
    }
}

/// The word without a trailing period or possessive "’s".
pub fn bare(w: &str) -> &str {
    let w = w.strip_suffix('.').unwrap_or(w);
    w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w)
}

pub fn is_possessive(w: &str) -> bool {
    w.ends_with("’s") || w.ends_with("'s") || w.ends_with("s’") || w.ends_with("s'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t, 0, t.len()).iter().map(|k| k.text(t)).collect()
    }

    #[test]
    fn find_any_byte_finds_the_first_needle() {
        let slow = |h: &[u8], n: &[u8]| h.iter().position(|b| n.contains(b));
        let hay = "He said: “No.” Then — silence! Is it? Yes…".as_bytes();
        for start in 0..hay.len() {
            let h = &hay[start..];
            assert_eq!(find_any_byte(h, b".!?\xE2"), slow(h, b".!?\xE2"), "{start}");
            assert_eq!(find_any_byte(h, b"\"'\xC2\xE2"), slow(h, b"\"'\xC2\xE2"), "{start}");
            assert_eq!(find_any_byte(h, b"z"), None);
            assert_eq!(find_any_byte(h, b""), None);
        }
        assert_eq!(find_any_byte(&[0x81, 0x80, 0x7f, 0x00, 0x01, 0xff, 0xfe, 0x02, 0x01], &[0x01]), Some(4));
    }

    #[test]
    fn abbreviations_initials_and_decimals_stay_whole() {
        assert_eq!(
            words("Gen. J. D. Vance told the U.S. 3.5 times."),
            ["Gen.", "J.", "D.", "Vance", "told", "the", "U.S.", "3.5", "times", "."]
        );
        assert_eq!(words("O’Malley’s Mar-a-Lago"), ["O’Malley’s", "Mar-a-Lago"]);
    }
}
