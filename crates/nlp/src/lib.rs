//! nlp: here is an article's clean text, give me its sentences, entity
//! mentions, statements and time expressions.
//!
//! Pure and deterministic. Modules work on byte offsets internally; this
//! entry point converts everything to char offsets (the contract's unit).
//!
//! Pipeline: paragraphs → quotation marks ([`marks`]) → [`sentences`] →
//! [`tokens`] → [`mentions`] → statements ([`quotes`]) → speakers
//! ([`coref`]) → dates ([`time`]).
//!
//! Invariants:
//! - every output span slices `text` by chars, and a quote's `text` equals its span;
//! - paragraphs are hard boundaries: no sentence and no quote piece crosses one;
//! - pieces of one statement (a quote split by its cue, or continued into the
//!   next paragraph) share the same `cue_span`;
//! - no sentence is longer than 2,000 bytes, so every stage stays linear on
//!   unpunctuated input;
//! - the same input gives the same output (no hash-order dependence).
//!
//! Accuracy and speed are measured by `examples/quotes_eval.rs` on the
//! PolNeAR sample in `../shared/bench/quotes`.

pub mod coref;
pub mod lexicon;
pub mod marks;
pub mod mentions;
pub mod quotes;
pub mod sentences;
pub mod time;
pub mod tokens;

use std::ops::Range;
use storyline_model::{CharIndex, Mention, Paragraph, ParagraphKind, PartialDate, Quote, Span, Timex};

/// Everything the NLP stage finds in one article; spans are char offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotations {
    pub sentences: Vec<Span>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub timexes: Vec<Timex>,
}

/// The byte ranges of a plain text's paragraphs, trimmed, empty ones left out
/// (see [`annotate`] on texts given without paragraphs).
fn text_blocks(text: &str) -> Vec<Range<usize>> {
    // Lines with their byte ranges, without the line break.
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        lines.push(start..i);
        start = i + 1;
    }
    lines.push(start..text.len());
    // A blank line between two lines of text (not a trailing line break).
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let first = lines.iter().position(|r| !blank(r));
    let last = lines.iter().rposition(|r| !blank(r));
    let by_blank_lines = first.zip(last).is_some_and(|(a, b)| lines[a..b].iter().any(blank));
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    for line in lines {
        let trimmed = {
            let s = &text[line.clone()];
            let lead = s.len() - s.trim_start().len();
            line.start + lead..line.start + s.trim_end().len()
        };
        if trimmed.is_empty() || !by_blank_lines {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            if !trimmed.is_empty() {
                out.push(trimmed);
            }
            continue;
        }
        cur = Some(match cur {
            Some(c) => c.start..trimmed.end,
            None => trimmed,
        });
    }
    out.extend(cur);
    out
}

/// Paragraph byte ranges: the given char spans converted, or, when none are
/// given, the text's own blocks: separated by blank lines (`\r\n` and
/// whitespace-only lines included) when it has any, else by line breaks
/// (scraped text often keeps a paragraph a line). Hard-wrapped text has blank
/// lines between its paragraphs, so its line breaks never split a sentence.
fn paragraph_bytes(text: &str, paragraphs: &[Paragraph]) -> Vec<(Range<usize>, ParagraphKind)> {
    if paragraphs.is_empty() {
        return text_blocks(text).into_iter().map(|r| (r, ParagraphKind::Body)).collect();
    }
    // char offset → byte offset, for the (sorted) paragraph bounds only.
    let mut bounds: Vec<usize> = paragraphs.iter().flat_map(|p| [p.span.start, p.span.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut map = std::collections::HashMap::with_capacity(bounds.len());
    let mut bi = 0;
    for (ci, (byte, _)) in text.char_indices().chain(std::iter::once((text.len(), ' '))).enumerate() {
        while bi < bounds.len() && bounds[bi] == ci {
            map.insert(ci, byte);
            bi += 1;
        }
        if bi >= bounds.len() {
            break;
        }
    }
    let mut out: Vec<(Range<usize>, ParagraphKind)> = Vec::new();
    for p in paragraphs {
        let s = map.get(&p.span.start).copied().unwrap_or(text.len());
        let e = map.get(&p.span.end).copied().unwrap_or(text.len());
        if s < e && out.last().is_none_or(|(r, _)| r.end <= s) {
            out.push((s..e, p.kind));
        }
    }
    out
}

/// Annotate one article text. `paragraphs` are char spans into `text`
/// (as in [`storyline_model::Article`]); `published` anchors relative dates.
pub fn annotate(text: &str, paragraphs: &[Paragraph], published: Option<PartialDate>) -> Annotations {
    let idx = CharIndex::new(text);
    let dct = published.and_then(|p| p.to_naive());
    let paras = paragraph_bytes(text, paragraphs);

    let mut para_quotes = Vec::with_capacity(paras.len());
    let mut sents: Vec<Range<usize>> = Vec::new();
    let mut sent_para: Vec<usize> = Vec::new();
    for (pi, (r, _)) in paras.iter().enumerate() {
        let q = marks::find(text, r.start, r.end);
        let before = sents.len();
        sentences::split_paragraph(text, r.start, r.end, &q, &mut sents);
        sent_para.extend(std::iter::repeat_n(pi, sents.len() - before));
        para_quotes.push(q);
    }
    let sent_toks: Vec<Vec<tokens::Tok>> = sents.iter().map(|r| tokens::tokenize(text, r.start, r.end)).collect();
    let mut found = mentions::find(text, &sents, &sent_toks);
    let ctxs: Vec<quotes::SentenceCtx<'_>> = sents
        .iter()
        .zip(&sent_para)
        .zip(&sent_toks)
        .map(|((r, &p), t)| quotes::SentenceCtx { range: r.clone(), paragraph: p, toks: t })
        .collect();
    let statements = found.in_rule_kinds(|m| quotes::find(text, &ctxs, &para_quotes, m));
    let speakers = coref::resolve(text, &statements, &found, &sents);
    let timexes_b = time::recognize(text, dct);

    let sites: Vec<time::StatementSite<'_>> = statements
        .iter()
        .zip(&speakers)
        .map(|(st, who)| time::StatementSite {
            sentence: sents[st.sentence].clone(),
            cue: st.cue.clone(),
            content: &st.frags,
            paragraph: paras.get(st.paragraph).map_or(0..0, |(r, _)| r.clone()),
            speaker: who.name.as_deref(),
        })
        .collect();
    let dates = time::date_statements(text, &sites, &timexes_b, dct);

    let mut quotes_out = Vec::new();
    let written = quotes::written_speakers(text, &statements);
    for (((st, who), said), written) in statements.iter().zip(&speakers).zip(dates).zip(&written) {
        let repeated = paras.get(st.paragraph).is_some_and(|(_, k)| *k == ParagraphKind::Summary);
        // An unnamed speaker as a reader is shown it: the phrase a pronoun
        // continues, else the mention as written.
        let source = match who.name {
            Some(_) => None,
            None => who
                .source
                .as_ref()
                .or(written.as_ref())
                .and_then(|r| storyline_model::unnamed_source(&text[r.clone()]))
                .map(str::to_string),
        };
        for f in &st.frags {
            quotes_out.push(Quote {
                span: idx.span(f.start, f.end),
                text: text[f.clone()].to_string(),
                kind: st.kind,
                speaker: who.name.clone(),
                speaker_span: written.as_ref().map(|r| idx.span(r.start, r.end)),
                speaker_kind: who.kind,
                source: source.clone(),
                cue: st.cue.as_ref().map(|r| text[r.clone()].to_string()),
                cue_span: st.cue.as_ref().map(|r| idx.span(r.start, r.end)),
                medium: st.medium.clone(),
                said_on: said.map(|s| s.0),
                said_on_basis: said.map(|s| s.1),
                repeated,
            });
        }
    }
    Annotations {
        sentences: sents.iter().map(|r| idx.span(r.start, r.end)).collect(),
        mentions: found
            .list
            .into_iter()
            .map(|m| Mention {
                span: idx.span(m.start, m.end),
                kind: m.kind,
                evidence: m.evidence,
                name: m.name,
                role: m.role,
            })
            .collect(),
        quotes: quotes_out,
        timexes: timexes_b
            .into_iter()
            .filter(|t| {
                t.start <= t.end
                    && t.end <= text.len()
                    && text.is_char_boundary(t.start)
                    && text.is_char_boundary(t.end)
            })
            .map(|t| Timex { span: idx.span(t.start, t.end), kind: t.kind, value: t.value })
            .collect(),
    }
}
