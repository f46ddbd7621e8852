//! time: recognise time expressions, normalise them TIMEX3-style against the
//! document creation time, and date statements.
//!
//! Byte offsets throughout; `crate::annotate` converts to chars.

use std::ops::Range;
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

/// Find and normalise every time expression in `text`. `dct` is the document
/// creation (publication) date; without it relative expressions get
/// underspecified values (`XXXX-09-05`) or none.
pub fn recognize(text: &str, dct: Option<chrono::NaiveDate>) -> Vec<TimexB> {
    let _ = (text, dct);
    Vec::new()
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
    let _ = (text, sentence, cue, timexes);
    dct.map(|d| (PartialDate::from_naive(d), DateBasis::Published))
}
