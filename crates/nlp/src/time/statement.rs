//! When was it said? A time expression attached to the cue ("said on
//! Tuesday", "told reporters late on January 28") dates the statement;
//! failing that, a day- or month-precise date in the same sentence; failing
//! that, the publication date.

use std::ops::Range;

use chrono::NaiveDate;
use storyline_model::{DateBasis, PartialDate, TimexType};

use super::{TimexB, value_to_partial};

/// Words allowed between a cue and its date: "said on", "told reporters
/// late on", "said in a statement on", "announced earlier on".
const MAX_GAP_WORDS_AFTER: usize = 6;
const MAX_GAP_WORDS_BEFORE: usize = 3;

pub(crate) fn statement_date(
    text: &str,
    sentence: Range<usize>,
    cue: Option<Range<usize>>,
    timexes: &[TimexB],
    dct: Option<NaiveDate>,
) -> Option<(PartialDate, DateBasis)> {
    let sentence = clamp(text, sentence);
    let in_sentence = |t: &&TimexB| t.start >= sentence.start && t.end <= sentence.end && t.start < t.end;
    let dated = |t: &TimexB| -> Option<PartialDate> {
        if !matches!(t.kind, TimexType::Date | TimexType::Time) {
            return None;
        }
        let p = value_to_partial(&t.value)?;
        // A statement cannot be dated after its publication.
        if let Some(d) = dct {
            let pub_ = PartialDate::from_naive(d);
            if starts_after(p, pub_) {
                return None;
            }
        }
        Some(p)
    };
    if let Some(cue) = cue.clone().map(|c| clamp(text, c)) {
        let mut best: Option<(usize, PartialDate)> = None;
        for t in timexes.iter().filter(in_sentence) {
            let Some(p) = dated(t) else { continue };
            let gap = if t.start >= cue.end {
                gap_words(text, cue.end, t.start).filter(|&g| g <= MAX_GAP_WORDS_AFTER)
            } else if t.end <= cue.start {
                gap_words(text, t.end, cue.start).filter(|&g| g <= MAX_GAP_WORDS_BEFORE)
            } else {
                None
            };
            // "said the 2022 decree": a determiner makes it a modifier of
            // something else; a bare year only dates a saying "in 2022".
            let before =
                text.get(..t.start).unwrap_or("").split_whitespace().next_back().unwrap_or("").to_ascii_lowercase();
            let attached = !matches!(
                before.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "this"
                    | "that"
                    | "of"
                    | "since"
                    | "until"
                    | "by"
                    | "before"
                    | "after"
                    | "from"
            ) && (p.month().is_some() || before == "in");
            if let Some(g) = gap.filter(|_| attached)
                && best.is_none_or(|(bg, _)| g < bg)
            {
                best = Some((g, p));
            }
        }
        if let Some((_, p)) = best {
            return Some((p, DateBasis::Cue));
        }
    }
    // A date in the sentence: day precision first, then month; a bare year
    // ("the 2022 decree") usually names something else than the saying.
    let mut best: Option<(u8, usize, PartialDate)> = None;
    let anchor = cue.as_ref().map_or(sentence.start, |c| c.start);
    for t in timexes.iter().filter(in_sentence) {
        let Some(p) = dated(t) else { continue };
        let rank = if p.day().is_some() {
            0
        } else if p.month().is_some() {
            1
        } else {
            continue;
        };
        let dist = t.start.abs_diff(anchor);
        if best.is_none_or(|(r, d, _)| (rank, dist) < (r, d)) {
            best = Some((rank, dist, p));
        }
    }
    if let Some((_, _, p)) = best {
        return Some((p, DateBasis::Sentence));
    }
    dct.map(|d| (PartialDate::from_naive(d), DateBasis::Published))
}

fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let end = r.end.min(text.len());
    r.start.min(end)..end
}

/// True when `p` begins after `pub_` (a month or year that contains the
/// publication day does not).
fn starts_after(p: PartialDate, pub_: PartialDate) -> bool {
    let key = |d: PartialDate| (d.year(), d.month().unwrap_or(0), d.day().unwrap_or(0));
    let (py, pm, pd) = key(p);
    let (qy, qm, qd) = key(pub_);
    if py != qy {
        return py > qy;
    }
    if pm == 0 {
        return false;
    }
    if pm != qm {
        return pm > qm;
    }
    pd != 0 && pd > qd
}

/// Number of words between two offsets when nothing there breaks the
/// attachment (quotes, clause punctuation); `None` otherwise.
fn gap_words(text: &str, from: usize, to: usize) -> Option<usize> {
    let gap = text.get(from..to)?;
    if gap.len() > 60 {
        return None;
    }
    if gap
        .chars()
        .any(|c| matches!(c, ',' | ';' | ':' | '"' | '\u{201C}' | '\u{201D}' | '(' | ')' | '.' | '!' | '?' | '\n'))
    {
        // "said Tuesday" vs "said, on Tuesday": a comma right after the cue
        // still attaches when it is the only thing in the gap.
        let trimmed = gap.trim();
        if !(trimmed == "," || trimmed == ", on") {
            return None;
        }
    }
    let words = gap.split_whitespace().filter(|w| !w.chars().all(|c| c == ',')).count();
    Some(words)
}
