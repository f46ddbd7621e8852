//! sentences: split a news text into sentences by byte ranges.
//!
//! Paragraphs and line breaks are hard boundaries. Inside a paragraph a
//! sentence ends at `.`, `!`, `?` or an ellipsis followed by a capital, digit
//! or opening mark, except after abbreviations ("Sept.", "Mr."), initials
//! ("J. D. Vance"), multi-dot abbreviations ("U.S.") unless a typical sentence
//! opener follows, an elided "(...)", and inside a closed quotation.

use crate::lexicon;
use crate::marks::Quoted;
use std::ops::Range;

/// Split one paragraph `text[start..end]` whose quotations are `quotes`.
pub fn split_paragraph(text: &str, start: usize, end: usize, quotes: &[Quoted], out: &mut Vec<Range<usize>>) {
    let mut line_start = start;
    // A newline byte is always a whole char in UTF-8.
    for (i, _) in text[start..end].match_indices('\n') {
        split_line(text, line_start, start + i, quotes, out);
        line_start = start + i + 1;
    }
    split_line(text, line_start, end, quotes, out);
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '»' | ')' | ']' | '\'')
}

fn is_opener(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '«' | '(' | '[' | '„' | '\'' | '—' | '–' | '-')
}

/// Longest sentence kept whole, in bytes. Longer runs (tag lists, text with
/// no punctuation) are cut at a space, which keeps later stages linear.
const MAX_SENTENCE: usize = 2000;

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    if t.is_empty() {
        return;
    }
    let (mut a, b) = (s + lead, s + lead + t.len());
    while b - a > MAX_SENTENCE {
        let mut cut = a + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // Prefer a clause boundary, then any space, in the second half.
        let mut half = a + MAX_SENTENCE / 2;
        while !text.is_char_boundary(half) {
            half += 1;
        }
        let window = &text[half..cut.max(half)];
        let at = window.rfind("; ").or_else(|| window.rfind(", ")).map(|p| p + 1).or_else(|| window.rfind(' '));
        if let Some(p) = at {
            cut = half + p;
        }
        push_trimmed(text, a, cut, out);
        a = cut;
        a += text[a..b].len() - text[a..b].trim_start().len();
    }
    if a < b {
        out.push(a..b);
    }
}

fn split_line(text: &str, start: usize, end: usize, quotes: &[Quoted], out: &mut Vec<Range<usize>>) {
    let line = &text[start..end];
    let mut sent_start = start;
    let mut i = 0;
    while i < line.len() {
        // Jump to the next byte that can start a terminal: `.`, `!`, `?`,
        // or the lead byte of `…` (0xE2).
        let Some(skip) = crate::tokens::find_any_byte(&line.as_bytes()[i..], b".!?\xE2") else {
            break;
        };
        i += skip;
        let c = match line[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        // The run of terminals and closers.
        let run_start = i;
        let mut j = i;
        let mut terminals = 0;
        for ch in line[i..].chars() {
            if is_terminal(ch) {
                terminals += 1;
                j += ch.len_utf8();
            } else {
                break;
            }
        }
        let closers_start = j;
        for ch in line[j..].chars() {
            if is_closer(ch) {
                j += ch.len_utf8();
            } else {
                break;
            }
        }
        i = j;
        // Needs whitespace then a plausible sentence start.
        if j >= line.len() || !line[j..].starts_with(char::is_whitespace) {
            continue;
        }
        let rest = line[j..].trim_start();
        let Some(n) = rest.chars().next() else { continue };
        if !(n.is_uppercase() || n.is_ascii_digit() || is_opener(n)) {
            continue;
        }
        // `“Is that all?” Trump said.`: a quote ending in ? or ! is followed by
        // its own cue frame (a full stop there would be a comma).
        if closers_start < j
            && line[run_start..closers_start].contains(['?', '!'])
            && line[closers_start..j].contains(['”', '"', '»', '’', '\''])
            && is_cue_frame(rest)
        {
            continue;
        }
        let next_word: &str = rest.split(|ch: char| !ch.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
        let prev_char = line[..run_start].chars().next_back();
        if c == '.' && terminals == 1 {
            let word_start = line[..run_start]
                .rfind(|ch: char| !(ch.is_alphanumeric() || ch == '.'))
                .map_or(0, |p| p + line[p..].chars().next().map_or(1, char::len_utf8));
            let word = &line[word_start..run_start];
            let starter = lexicon::is_sentence_starter(next_word);
            if word.chars().count() == 1 && word.chars().all(char::is_uppercase) && !starter {
                continue; // an initial
            }
            if lexicon::is_abbreviation(word) && (!starter || lexicon::is_title(word)) {
                continue;
            }
            if word.contains('.') && !starter {
                continue; // U.S. Senate
            }
        }
        if matches!(prev_char, Some('(' | '[')) {
            continue; // (...)
        }
        // Inside a closed quotation whose close is not part of this run.
        let pos = start + run_start;
        let after = start + closers_start;
        let inside = quotes.iter().any(|q| {
            q.open < pos
                && ((q.closed && q.end > start + j)
                    || (!q.closed && q.open == first_non_space(text, start) && q.end > after))
        });
        if inside {
            continue;
        }
        push_trimmed(text, sent_start, start + j, out);
        sent_start = start + j;
    }
    push_trimmed(text, sent_start, end, out);
}

/// "Trump said", "he asked", "said the spokesman", "the senator added":
/// a speech verb among the first four words, after capitalised words,
/// pronouns or a determiner phrase.
fn is_cue_frame(rest: &str) -> bool {
    const CUES: [&str; 16] = [
        "said",
        "says",
        "asked",
        "asks",
        "added",
        "adds",
        "told",
        "tells",
        "wrote",
        "writes",
        "replied",
        "continued",
        "insisted",
        "explained",
        "tweeted",
        "declared",
    ];
    for (k, w) in rest.split_whitespace().take(5).enumerate() {
        let w = w.trim_end_matches([',', '.', ':', ';']);
        if CUES.contains(&w) {
            return true;
        }
        let ok = w.chars().next().is_some_and(char::is_uppercase)
            || (k > 0 && lexicon::is_role_head(w))
            || matches!(w, "the" | "a" | "an" | "he" | "she" | "they" | "we" | "I" | "also" | "then" | "later");
        if !ok || k >= 4 {
            return false;
        }
    }
    false
}

fn first_non_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks;

    fn split(t: &str) -> Vec<&str> {
        let q = marks::find(t, 0, t.len());
        let mut out = Vec::new();
        split_paragraph(t, 0, t.len(), &q, &mut out);
        out.into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            split("On Sept. 5 Gen. Smith met J. D. Vance in the U.S. Senate. Growth was 2.5 percent. He left."),
            ["On Sept. 5 Gen. Smith met J. D. Vance in the U.S. Senate.", "Growth was 2.5 percent.", "He left."]
        );
    }

    #[test]
    fn quotes_hold_their_sentences_together() {
        assert_eq!(
            split("“We will win. Nobody doubts it,” he said. “The end.” Then he left."),
            ["“We will win. Nobody doubts it,” he said.", "“The end.”", "Then he left."]
        );
    }

    #[test]
    fn a_quote_ending_in_a_question_keeps_its_cue() {
        assert_eq!(
            split("“Is that all there is?” Trump said. “We need more.” The end."),
            ["“Is that all there is?” Trump said.", "“We need more.”", "The end."]
        );
    }

    #[test]
    fn elisions_and_ellipses() {
        assert_eq!(
            split("He said (...) nothing. Wait... What? Yes!"),
            ["He said (...) nothing.", "Wait...", "What?", "Yes!"]
        );
    }

    #[test]
    fn endless_text_is_cut_into_bounded_sentences() {
        for t in ["word, ".repeat(2000), "«ы» ”".repeat(1500), "x".repeat(5000)] {
            let s = split(&t);
            assert!(s.len() > 1);
            assert!(s.iter().all(|x| x.len() <= MAX_SENTENCE));
            assert_eq!(s.concat().replace(' ', ""), t.replace(' ', ""));
        }
    }

    #[test]
    fn us_at_sentence_end_splits_before_a_typical_opener() {
        assert_eq!(split("He flew to the U.S. The talks began."), ["He flew to the U.S.", "The talks began."]);
    }
}
