//! time: recognise time expressions, normalise them TIMEX3-style against the
//! document creation time, and date statements.
//!
//! Byte offsets throughout; `crate::annotate` converts to chars.
//!
//! The recogniser is a hand-written grammar over a cheap tokenizer
//! (`tokens`), anchored by `calendar` arithmetic; `grammar` holds one
//! matcher per construct and the longest match wins. A document without any
//! trigger word (month, weekday, digit, "year", "ago"...) is skipped by an
//! Aho-Corasick scan before tokenizing.
//!
//! Conventions follow the TimeBank / TempEval-3 gold:
//! - spans keep determiners and modifiers that belong to the expression
//!   ("the past two months", "last week", "late yesterday", "nearly three
//!   years") and leave prepositions out ("on Tuesday" -> "Tuesday"; "late on
//!   January 28" -> "January 28");
//! - "today" / "yesterday" are dates, "now" / "currently" are `PRESENT_REF`,
//!   "recently" is `PAST_REF`, "the future" is `FUTURE_REF`;
//! - a bare weekday follows the tense of its clause: the latest one not
//!   after the DCT in the past ("met on Friday"), the next one ahead ("will
//!   meet on Friday"), else the nearest one ("meet separately Monday"); a
//!   month or day without a year is placed by tense, else the nearest one,
//!   preferring the past;
//! - ages ("a 52-year-old minister") are not durations, the age of a war is.
//!
//! Invariant: every value is a real calendar value (1000..=9999, existing
//! day) or an underspecified one (`XXXX-09-05`); nothing panics on any input.

mod calendar;
mod grammar;
mod statement;
#[cfg(test)]
mod tests;
mod tokens;

pub(crate) use tokens::is_month_or_weekday;

use std::ops::Range;
use std::sync::LazyLock;

pub use statement::StatementSite;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::Datelike;
use storyline_model::{DateBasis, PartialDate, TimexType};

/// A time expression found in a text, by byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimexB {
    pub start: usize,
    pub end: usize,
    pub kind: TimexType,
    /// TIMEX3 value: `2025-01-28`, `2025-W05`, `2025-09`, `P3Y`, `PRESENT_REF`, `XXXX-09-05`...
    pub value: String,
}

/// Words (and digits) without which no expression can match.
static TRIGGERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "day",
        "week",
        "month",
        "year",
        "quarter",
        "hour",
        "minute",
        "second",
        "decade",
        "centur",
        "ago",
        "now",
        "today",
        "tomorrow",
        "tonight",
        "recent",
        "lately",
        "current",
        "future",
        "past",
        "noon",
        "midnight",
        "night",
        "morning",
        "evening",
        "afternoon",
        "daily",
        "annual",
        "hourly",
        "every",
        "each",
        "christmas",
        "easter",
        "thanksgiving",
        "halloween",
        "new year",
        "spring",
        "summer",
        "fall",
        "autumn",
        "winter",
        "fiscal",
        "season",
        "half",
        "'",
        "\u{2019}",
    ];
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("static patterns")
});

/// Find and normalise every time expression in `text`. `dct` is the document
/// creation (publication) date; without it relative expressions get
/// underspecified values (`XXXX-09-05`) or none.
pub fn recognize(text: &str, dct: Option<chrono::NaiveDate>) -> Vec<TimexB> {
    if !TRIGGERS.is_match(text) {
        return Vec::new();
    }
    let low = text.to_ascii_lowercase();
    let toks = tokens::tokenize(text, &low);
    let mut cx = grammar::Cx {
        text,
        low: &low,
        t: &toks,
        dct,
        quarter: None,
        half: None,
        last_date: None,
        last_day: None,
        past_day: None,
        year_focus: None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !cx.is_starter(i) {
            i += 1;
            continue;
        }
        let mut found = None;
        let pl = cx.prefix_len(i);
        if pl > 0
            && let Some(mut m) = cx.best_at(i + pl)
            && matches!(m.kind, TimexType::Date | TimexType::Time)
            && !m.value.ends_with("_REF")
        {
            m.s = i;
            found = Some(m);
        }
        if found.is_none() {
            found = cx.best_at(i);
        }
        let Some(m) = found else {
            i += 1;
            continue;
        };
        // "USA TODAY", "NBC Nightly News"; and a number glued to the letters
        // before it ("pic.twitter.com/P2qpm3h3Pm") is no clock time.
        let glued = toks[m.s].shape == tokens::Shape::Num
            && m.s > 0
            && !toks[m.s].space_before
            && toks[m.s - 1].shape == tokens::Shape::Word;
        if glued || cx.in_a_name(m.s, m.e) {
            i = m.e.max(i + 1);
            continue;
        }
        let mut e = m.e;
        // A final abbreviation period that also ends the sentence stays out.
        if e - m.s > 1 && cx.t[e - 1].shape == tokens::Shape::Punct && text.as_bytes()[cx.t[e - 1].start] == b'.' {
            // "7:15 p.m., after..." keeps it: a comma cannot follow a full stop,
            // nor "10:40 a.m. (0740 GMT)" a parenthesis.
            let sentence_end = toks.get(e).is_none_or(|t| match t.shape {
                tokens::Shape::Word => t.cap,
                tokens::Shape::Punct => !matches!(text.as_bytes()[t.start], b',' | b';' | b':' | b')' | b'('),
                tokens::Shape::Num => true,
            });
            if sentence_end {
                e -= 1;
            }
        }
        let (start, end) = (toks[m.s].start, toks[e - 1].end);
        let span = &low[start..end];
        if span.contains("quarter")
            && !span.contains("ago")
            && !span.contains("earlier")
            && let Some((y, q)) = parse_quarter(&m.value)
        {
            // A forecast quarter ("through the third quarter of 1990") is
            // not the reporting period that "a year ago" compares with.
            let future = dct.is_some_and(|d| (y, q) > (d.year(), d.month0() / 3 + 1));
            if !future {
                cx.quarter = Some((y, q));
                cx.half = None;
            }
        }
        if span.contains("half")
            && let Some((y, h)) = m.value.split_once("-H").and_then(|(y, h)| Some((y.parse().ok()?, h.parse().ok()?)))
            && dct.is_none_or(|d| (y, h) <= (d.year(), d.month0() / 6 + 1))
        {
            cx.half = Some((y, h));
        }
        // "The previous day, ...": a flashback, after which the story goes
        // on from the day it was at ("the next day" counts from there).
        let flashback = ["the previous ", "the preceding ", "the prior "].iter().any(|f| span.starts_with(f));
        if !flashback
            && m.kind == TimexType::Date
            && let Some(p) = value_to_partial(&m.value)
        {
            cx.last_date = Some((p.year(), p.month(), p.day()));
            cx.year_focus = if p.day().is_none() { Some((m.e, p.year())) } else { None };
            cx.last_day = p.to_naive().map(|d| (m.e, d));
            if let Some(d) = p.to_naive().filter(|d| dct.is_none_or(|t| *d <= t)) {
                cx.past_day = Some(d);
            }
        } else if !flashback
            && m.kind == TimexType::Date
            && let Some(y) = season_year(&m.value)
        {
            // "in the spring of 2011 ... that summer": the narrative's year.
            cx.last_date = Some((y, None, None));
            cx.year_focus = Some((m.e, y));
        } else if !flashback
            && m.kind == TimexType::Time
            && let Some(d) = value_to_partial(&m.value).and_then(|p| p.to_naive())
        {
            // "early Thursday morning, about 4 a.m.": a clock time later in
            // the sentence falls on the day the part of day named; "the same
            // day" after "Tuesday morning" is that day.
            cx.last_day = Some((m.e, d));
            cx.last_date = Some((d.year(), Some(d.month()), Some(d.day())));
        }
        out.push(TimexB { start, end, kind: m.kind, value: m.value });
        i = m.e.max(i + 1);
    }
    out
}

/// The year of a season's value (`2011-SP`).
fn season_year(v: &str) -> Option<i32> {
    let (y, s) = v.split_once('-')?;
    (y.len() == 4 && matches!(s, "SP" | "SU" | "FA" | "WI")).then(|| y.parse().ok())?
}

fn parse_quarter(v: &str) -> Option<(i32, u32)> {
    let (y, q) = v.split_once("-Q")?;
    if y.len() != 4 || q.len() != 1 {
        return None;
    }
    Some((y.parse().ok()?, q.parse().ok()?))
}

/// The calendar date a TIMEX3 value denotes, when it is a year, month or day
/// (`2025-01-28TEV` counts as its day). Weeks, quarters, `XXXX` and `_REF`
/// values have none.
pub fn value_to_partial(value: &str) -> Option<PartialDate> {
    let date = value.split('T').next()?;
    date.parse::<PartialDate>().ok()
}

/// The date a statement was made. `sentence` is the byte range of the
/// sentence holding the cue, `cue` the cue verb's range when known.
/// Prefers a time expression attached to the cue, then one in the sentence
/// that dates the reported event, then the publication date.
pub fn statement_date(
    text: &str,
    sentence: Range<usize>,
    cue: Option<Range<usize>>,
    timexes: &[TimexB],
    dct: Option<chrono::NaiveDate>,
) -> Option<(PartialDate, DateBasis)> {
    statement::statement_date(text, sentence, cue, timexes, dct)
}

/// Dates every statement of one text (in text order): like
/// [`statement_date`], and a statement whose sentence gives no date takes the
/// same speaker's previous date, or the event it refers back to ("said after
/// the meeting"), before falling back to the publication date.
pub fn date_statements(
    text: &str,
    sites: &[StatementSite<'_>],
    timexes: &[TimexB],
    dct: Option<chrono::NaiveDate>,
) -> Vec<Option<(PartialDate, DateBasis)>> {
    statement::date_statements(text, sites, timexes, dct)
}
