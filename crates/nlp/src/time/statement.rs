//! When was it said? A time expression attached to the cue ("said on
//! Tuesday", "told reporters late on January 28") dates the statement;
//! failing that, a day- or month-precise date that frames the sentence ("At a
//! rally on Friday, ..."); failing that, the context (the same speaker's
//! previous dated statement, or the event a "said after the meeting" refers
//! back to); failing that, the publication date.
//!
//! Dates inside the reported content ("said the dam would open on May 3") or
//! in a relative clause ("whose store flooded on Aug. 30") never date the
//! saying. A week ("said last week") gives the tightest partial date that
//! contains it.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use storyline_model::{DateBasis, PartialDate, TimexType};

use super::{TimexB, value_to_partial};

/// One statement to date, by byte ranges into the text.
#[derive(Clone, Debug, Default)]
pub struct StatementSite<'a> {
    /// The sentence holding the cue.
    pub sentence: Range<usize>,
    /// The cue verb, when known.
    pub cue: Option<Range<usize>>,
    /// The reported content (quote pieces).
    pub content: &'a [Range<usize>],
    /// The paragraph holding the sentence.
    pub paragraph: Range<usize>,
    /// The resolved speaker, when known: a statement without a date of its
    /// own takes the date of the same speaker's previous one.
    pub speaker: Option<&'a str>,
}

/// Paragraphs a same-speaker date carries over.
const CONTEXT_PARAGRAPHS: usize = 2;

/// Dates every statement of one text, in text order.
pub(crate) fn date_statements(
    text: &str,
    sites: &[StatementSite<'_>],
    timexes: &[TimexB],
    dct: Option<NaiveDate>,
) -> Vec<Option<(PartialDate, DateBasis)>> {
    let mut out: Vec<Option<(PartialDate, DateBasis)>> = Vec::with_capacity(sites.len());
    // Index of each site's paragraph among the distinct paragraphs.
    let mut para_no = Vec::with_capacity(sites.len());
    let mut starts: Vec<usize> = sites.iter().map(|s| s.paragraph.start).collect();
    starts.sort_unstable();
    starts.dedup();
    for s in sites {
        para_no.push(starts.binary_search(&s.paragraph.start).unwrap_or(0));
    }
    let dateline = dateline_date(text, timexes, dct);
    for (i, site) in sites.iter().enumerate() {
        let own = own_date(text, site, timexes, dct);
        let dated = own.or_else(|| {
            // The same speaker, shortly before, with a date from the text.
            let same = site.speaker.and_then(|who| {
                // Statements come in text order: stop at the paragraph limit.
                (0..i)
                    .rev()
                    .take_while(|&j| para_no[i] - para_no[j].min(para_no[i]) <= CONTEXT_PARAGRAPHS)
                    .find(|&j| sites[j].speaker == Some(who) && sites[j].sentence.end <= site.sentence.end)
            });
            if let Some(j) = same
                && let Some((p, b)) = out[j]
                && b != DateBasis::Published
            {
                return Some((p, DateBasis::Sentence));
            }
            refers_back(text, site, timexes, dct)
                .or_else(|| {
                    // "Said" in the past tense, or a quote with no cue: the
                    // speaker's dated act just before, else the wire
                    // dateline's day.
                    if !datable_act(text, site) {
                        return None;
                    }
                    // The dateline's day, where it is not the publication
                    // day (a syndicated copy published later).
                    let wire_day = dateline.filter(|d| dct.is_none_or(|p| *d != PartialDate::from_naive(p)));
                    speakers_dated_act(text, site, timexes, dct).or(wire_day)
                })
                .map(|p| (p, DateBasis::Sentence))
        });
        out.push(dated.or_else(|| dct.map(|d| (PartialDate::from_naive(d), DateBasis::Published))));
    }
    out
}

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
    let site = StatementSite { sentence: sentence.clone(), cue, content: &[], paragraph: sentence, speaker: None };
    date_statements(text, std::slice::from_ref(&site), timexes, dct).pop().flatten()
}

/// Cue words in the present tense: a month after the publication date is not
/// moved back a year for them.
fn present_cue(cue: &str) -> bool {
    let c = cue.to_ascii_lowercase();
    matches!(c.as_str(), "says" | "say" | "tells" | "writes" | "adds" | "insists" | "argues" | "warns" | "claims")
}

/// The partial date a time expression gives a statement, if any.
fn statement_partial(text: &str, t: &TimexB, dct: Option<NaiveDate>, past: bool) -> Option<PartialDate> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let mut p = value_to_partial(&t.value).or_else(|| week_partial(&t.value))?;
    // A statement cannot be dated after its publication; "said in March"
    // read in February is last year's March.
    if let Some(d) = dct {
        let pub_ = PartialDate::from_naive(d);
        if starts_after(p, pub_) {
            let has_year = text.get(t.start..t.end).is_some_and(|s| s.bytes().filter(u8::is_ascii_digit).count() >= 4);
            if !past || has_year || p.month().is_none() {
                return None;
            }
            let y = p.year() - 1;
            p = match (p.month(), p.day()) {
                (Some(m), Some(dd)) => PartialDate::ymd(y, m, dd).ok()?,
                (Some(m), None) => PartialDate::ym(y, m).ok()?,
                _ => return None,
            };
            if starts_after(p, pub_) {
                return None;
            }
        }
    }
    Some(p)
}

/// `2025-W15` or `2025-W15-WE`: the tightest partial date holding the week
/// (or weekend).
fn week_partial(v: &str) -> Option<PartialDate> {
    let (y, rest) = v.split_once("-W")?;
    let y: i32 = y.parse().ok()?;
    let (w, we) = match rest.split_once('-') {
        Some((w, "WE")) => (w, true),
        None => (rest, false),
        _ => return None,
    };
    let w: u32 = w.parse().ok()?;
    let (a, b) = if we {
        (
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Sat)?,
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Sun)?,
        )
    } else {
        (
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?,
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Sun)?,
        )
    };
    if (a.year(), a.month()) == (b.year(), b.month()) { PartialDate::ym(a.year(), a.month()).ok() } else { None }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Words that open a clause about something else than the saying: a date
/// after them in the same clause dates that something.
const CLAUSE_OPENERS: &[&str] =
    &["who", "whose", "which", "where", "when", "since", "until", "that", "while", "because", "if", "whom"];

/// Auxiliaries: after one, a date belongs to the clause they open.
const AUXILIARIES: &[&str] = &[
    "is", "was", "were", "are", "be", "been", "had", "has", "have", "would", "will", "could", "should", "can", "did",
    "does", "do", "might", "must",
];

/// Words that open the cue's time or place frame ("said on", "told ...
/// late on", "said in a report released on").
const FRAME_PREPOSITIONS: &[&str] = &[
    "on",
    "in",
    "at",
    "late",
    "early",
    "earlier",
    "later",
    "during",
    "after",
    "following",
    "last",
    "this",
    "yesterday",
];

/// True when the words between the last clause break before `at` and `at`
/// open a relative or subordinate clause.
fn in_subordinate_clause(text: &str, floor: usize, at: usize) -> bool {
    let before = text.get(floor..at).unwrap_or("");
    let clause = before.rsplit([',', ';', ':', '(', ')', '\u{2014}']).next().unwrap_or("");
    clause.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let w = w.to_ascii_lowercase();
        CLAUSE_OPENERS.contains(&w.as_str())
    })
}

/// The date a statement's own sentence gives it.
fn own_date(
    text: &str,
    site: &StatementSite<'_>,
    timexes: &[TimexB],
    dct: Option<NaiveDate>,
) -> Option<(PartialDate, DateBasis)> {
    let sentence = clamp(text, site.sentence.clone());
    let cue = site.cue.clone().map(|c| clamp(text, c));
    let past = cue.as_ref().is_none_or(|c| !present_cue(text.get(c.clone()).unwrap_or("")));
    let in_sentence = |t: &&TimexB| t.start >= sentence.start && t.end <= sentence.end && t.start < t.end;
    let in_content = |t: &TimexB| site.content.iter().any(|c| overlaps(&(t.start..t.end), c));
    // "Police said Sunday's march...": the day names the march. After a
    // preposition ("said after Saturday's final") it names the occasion.
    let possessive = |t: &TimexB| {
        let after = text.get(t.end..).unwrap_or("");
        let before = text.get(..t.start).unwrap_or("").split_whitespace().next_back().unwrap_or("");
        (after.starts_with("'s") || after.starts_with("\u{2019}s"))
            && !matches!(before.to_ascii_lowercase().as_str(), "after" | "at" | "during" | "following")
    };
    if let Some(cue) = cue.clone() {
        let mut best: Option<(usize, PartialDate)> = None;
        for t in timexes.iter().filter(in_sentence) {
            let Some(p) = statement_partial(text, t, dct, past) else { continue };
            let gap = if t.start >= cue.end {
                gap_words(text, cue.end, t.start).filter(|&g| g <= MAX_GAP_WORDS_AFTER)
            } else if t.end <= cue.start {
                gap_words(text, t.end, cue.start).filter(|&g| g <= MAX_GAP_WORDS_BEFORE)
            } else {
                None
            };
            let Some(g) = gap else { continue };
            if possessive(t) {
                continue;
            }
            if t.start >= cue.end {
                let gap: Vec<String> = text
                    .get(cue.end..t.start)
                    .unwrap_or("")
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect();
                // "said the contract was signed on April 2": a new clause.
                if gap.iter().any(|w| CLAUSE_OPENERS.contains(&w.as_str()) || AUXILIARIES.contains(&w.as_str())) {
                    continue;
                }
                // The content may start right after the cue; a date in it
                // is the saying's only behind a preposition ("said on
                // Monday", "told parliament on May 16", "said in a report
                // released on Oct. 2"), not "said the power cut started on".
                if in_content(t) && !gap.is_empty() {
                    let cue_word = text.get(cue.clone()).unwrap_or("").to_ascii_lowercase();
                    let object_first = cue_word.starts_with("tell") || cue_word == "told";
                    let first_prep = gap.iter().position(|w| FRAME_PREPOSITIONS.contains(&w.as_str()));
                    let ok = match first_prep {
                        Some(0) => true,
                        Some(k) => object_first && k <= 3,
                        None => false,
                    };
                    if !ok {
                        continue;
                    }
                }
            } else if in_content(t) {
                continue;
            }
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
                    | "from"
            ) && (p.month().is_some() || before == "in");
            if attached && best.is_none_or(|(bg, _)| g < bg) {
                best = Some((g, p));
            }
        }
        if let Some((_, p)) = best {
            return Some((p, DateBasis::Cue));
        }
    }
    // A date that frames the sentence: day precision first, then month; a
    // bare year ("the 2022 decree") usually names something else.
    let mut best: Option<(u8, usize, PartialDate)> = None;
    let anchor = cue.as_ref().map_or(sentence.start, |c| c.start);
    for t in timexes.iter().filter(in_sentence) {
        if in_content(t) || possessive(t) || in_subordinate_clause(text, sentence.start, t.start) {
            continue;
        }
        // "said the contract was signed on April 2": the auxiliary opens the
        // reported clause.
        if let Some(c) = &cue
            && t.start >= c.end
            && text
                .get(c.end..t.start)
                .unwrap_or("")
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| AUXILIARIES.contains(&w.to_ascii_lowercase().as_str()))
        {
            continue;
        }
        // Only a date attached to the cue is moved back a year by its tense.
        let Some(p) = statement_partial(text, t, dct, false) else { continue };
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
    best.map(|(_, _, p)| (p, DateBasis::Sentence))
}

/// "said after the meeting", "said during the debate", "said on the same
/// day": the statement belongs to an event told just before; its date is the
/// last day-precise date before the sentence in the same paragraph.
fn refers_back(
    text: &str,
    site: &StatementSite<'_>,
    timexes: &[TimexB],
    dct: Option<NaiveDate>,
) -> Option<PartialDate> {
    let cue = site.cue.clone().map(|c| clamp(text, c))?;
    let sentence = clamp(text, site.sentence.clone());
    let after: Vec<String> = text
        .get(cue.end..sentence.end)
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let w = |i: usize| after.get(i).map_or("", String::as_str);
    let back = (matches!(w(0), "after" | "during" | "at") && w(1) == "the")
        || (w(0) == "on" && w(1) == "the" && w(2) == "same" && w(3) == "day")
        || (w(0) == "the" && w(1) == "same" && w(2) == "day");
    if !back {
        return None;
    }
    let para = clamp(text, site.paragraph.clone());
    timexes
        .iter()
        .filter(|t| t.start >= para.start && t.end <= sentence.start)
        .filter_map(|t| statement_partial(text, t, dct, true).filter(|p| p.day().is_some()))
        .next_back()
}

/// A cue that reports one act of saying, in the past: not "says" (now),
/// "has said" (at some time), or "according to" (no act at all).
fn datable_act(text: &str, site: &StatementSite<'_>) -> bool {
    let Some(cue) = site.cue.clone().map(|c| clamp(text, c)) else { return true };
    let word = text.get(cue.clone()).unwrap_or("");
    if present_cue(word) || word.to_ascii_lowercase().starts_with("according") {
        return false;
    }
    let before = text.get(site.sentence.start.min(cue.start)..cue.start).unwrap_or("");
    !before.split_whitespace().rev().take(2).any(|w| matches!(w.to_ascii_lowercase().as_str(), "has" | "have" | "had"))
}

/// How far back a speaker's dated act is looked for (bytes).
const ACT_WINDOW: usize = 700;

/// The day of the speaker's own act just before the statement: "Glushchak
/// opened the sluice gates on Monday ... "...," he declared." The nearest
/// earlier sentence that names the speaker and holds a day-precise date
/// outside any relative or subordinate clause.
fn speakers_dated_act(
    text: &str,
    site: &StatementSite<'_>,
    timexes: &[TimexB],
    dct: Option<NaiveDate>,
) -> Option<PartialDate> {
    let who = site.speaker?;
    let surname = who.split_whitespace().last().filter(|w| w.len() >= 3)?;
    let sentence = clamp(text, site.sentence.clone());
    let floor = sentence.start.saturating_sub(ACT_WINDOW);
    timexes.iter().rev().filter(|t| t.end <= sentence.start && t.start >= floor).find_map(|t| {
        let sent_start = text.get(..t.start)?.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1).max(floor);
        let sent_end =
            text.get(t.end..sentence.start)?.find(['.', '!', '?', '\n']).map_or(sentence.start, |i| t.end + i);
        let sent = text.get(sent_start..sent_end)?;
        if !sent.contains(surname) || in_subordinate_clause(text, sent_start, t.start) {
            return None;
        }
        statement_partial(text, t, dct, true).filter(|p| p.day().is_some())
    })
}

/// A wire dateline's day: "VELIHRAD, March 6 (Meridian Wire) - ...".
fn dateline_date(text: &str, timexes: &[TimexB], dct: Option<NaiveDate>) -> Option<PartialDate> {
    let t = timexes.iter().take_while(|t| t.start < 300).find(|t| {
        let Some(head) = text.get(..t.start) else { return false };
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let place = head[line_start..].trim_end();
        let Some(place) = place.strip_suffix(',') else { return false };
        let caps = !place.is_empty()
            && place.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
            && place.chars().any(char::is_alphabetic);
        let mut rest = text.get(t.end..).unwrap_or("").trim_start();
        if rest.starts_with('(') {
            rest = rest.find(')').map_or("", |i| &rest[i + 1..]).trim_start();
        }
        caps && (rest.starts_with('-') || rest.starts_with('\u{2013}') || rest.starts_with('\u{2014}'))
    })?;
    statement_partial(text, t, dct, true).filter(|p| p.day().is_some())
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
