//! The timeline: quotes of the same speaker with the same or nearly the same
//! words, said close in time, are one statement reported several times.

use crate::entities::Entities;
use crate::{date_key, id_of};
use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_model::EntityKind;
use storyline_model::PartialDate;
use storyline_model::corpus::{CorpusSource, CorpusState, DocSummary, QuoteSummary, Statement, StoredStatement};

/// Statements further apart than this are separate even if worded alike.
const MAX_DAYS_APART: i64 = 10;
/// Index postings longer than this are not used to find candidate groups.
const MAX_POSTINGS: usize = 256;
/// Candidate groups verified per quote, best word overlap first.
const MAX_CANDIDATES: usize = 16;
/// Quotes held at once: speakers are merged in batches whose quotes add up
/// to about this many (one speaker with more is a batch of its own), each
/// batch read in one pass over the stored quotes.
const BATCH_QUOTES: usize = 250_000;

/// The distinct lowercased words of a quote, as 64-bit hashes: a group keeps
/// the union of its reports' words, and hashes keep that a few bytes a word.
fn words(text: &str) -> HashSet<u64> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.to_lowercase().as_bytes()))
        .collect()
}

/// Share of the shorter text's words found in the longer: 1.0 when one
/// outlet's rendering is a truncation of another's.
fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f32 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / small as f32
}

fn close_in_time(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    match (a.and_then(|d| d.to_naive()), b.and_then(|d| d.to_naive())) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= MAX_DAYS_APART,
        _ => true,
    }
}

struct Group<'a> {
    /// Set for a stored statement an incremental pass extends.
    stored: Option<String>,
    /// Each report with its article's publication date.
    reports: Vec<(Option<PartialDate>, &'a QuoteSummary)>,
    words: HashSet<u64>,
    said_on: Option<PartialDate>,
    changed: bool,
}

/// Groups one speaker's quotes into statements: a quote joins the group
/// whose words contain most of its own, said close in time, else starts one.
struct Grouper<'a> {
    needed: f32,
    groups: Vec<Group<'a>>,
    /// Inverted index word -> groups, so a quote is compared only with
    /// groups sharing words with it (linear, not quadratic, in quotes).
    index: HashMap<u64, Vec<usize>>,
}

impl<'a> Grouper<'a> {
    fn new(speaker: Option<&str>) -> Grouper<'a> {
        // Unattributed quotes merge only when nearly identical.
        Grouper { needed: if speaker.is_some() { 0.7 } else { 0.9 }, groups: Vec::new(), index: HashMap::new() }
    }

    fn index_words(&mut self, gi: usize, w: HashSet<u64>) {
        for word in w {
            if self.groups[gi].words.insert(word) {
                self.index.entry(word).or_default().push(gi);
            }
        }
    }

    /// A statement stored by an earlier pass, with all its reports.
    fn seed(&mut self, id: String, reports: &'a [(Option<PartialDate>, QuoteSummary)]) {
        let said_on = reports.iter().filter_map(|(_, q)| q.said_on).min();
        self.groups.push(Group {
            stored: Some(id),
            reports: reports.iter().map(|(p, q)| (*p, q)).collect(),
            words: HashSet::new(),
            said_on,
            changed: false,
        });
        let gi = self.groups.len() - 1;
        for (_, q) in reports {
            self.index_words(gi, words(&q.text));
        }
    }

    fn add(&mut self, published: Option<PartialDate>, q: &'a QuoteSummary) {
        let w = words(&q.text);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for word in &w {
            // A word in many groups ("the", "we") says nothing about which one.
            if let Some(gs) = self.index.get(word).filter(|gs| gs.len() <= MAX_POSTINGS) {
                for &g in gs {
                    *shared.entry(g).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared.into_iter().collect();
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let found = candidates.into_iter().take(MAX_CANDIDATES).map(|(g, _)| g).find(|&g| {
            let g = &self.groups[g];
            let min_len = w.len().min(g.words.len());
            min_len >= 3 && containment(&w, &g.words) >= self.needed && close_in_time(g.said_on, q.said_on)
        });
        let gi = match found {
            Some(gi) => {
                self.groups[gi].reports.push((published, q));
                self.groups[gi].changed = true;
                gi
            }
            None => {
                self.groups.push(Group {
                    stored: None,
                    reports: vec![(published, q)],
                    words: HashSet::new(),
                    said_on: q.said_on,
                    changed: true,
                });
                self.groups.len() - 1
            }
        };
        self.index_words(gi, w);
    }

    /// The statements of the groups that are new or changed; the ids of
    /// stored ones left without a report go to `emptied`.
    fn finish(self, speaker: Option<&str>, out: &mut Vec<Statement>, emptied: &mut Vec<String>) {
        for g in self.groups.into_iter().filter(|g| g.changed) {
            match (g.reports.is_empty(), g.stored) {
                (true, Some(id)) => emptied.push(id),
                (true, None) => {}
                (false, stored) => out.push(statement(speaker, stored, g.reports)),
            }
        }
    }
}

/// One statement from its reports: the fullest rendering stands for it,
/// dated by the most precise date any report gives.
fn statement(
    speaker: Option<&str>,
    stored: Option<String>,
    mut reports: Vec<(Option<PartialDate>, &QuoteSummary)>,
) -> Statement {
    reports.sort_by(|a, b| date_key(a.0).cmp(&date_key(b.0)).then(a.1.id.cmp(&b.1.id)));
    let (_, rep) = reports
        .iter()
        .max_by(|a, b| a.1.text.len().cmp(&b.1.text.len()).then(b.1.id.cmp(&a.1.id)))
        .copied()
        .unwrap_or(reports[0]);
    // The most precise date any report gives, earliest first.
    let said_on = reports.iter().filter_map(|(_, q)| q.said_on).min_by(|a, b| {
        (b.day().is_some(), b.month().is_some()).cmp(&(a.day().is_some(), a.month().is_some())).then(a.cmp(b))
    });
    // The kind of the rendering shown: a mixed text is never labelled indirect.
    let kind = rep.kind;
    Statement {
        id: stored.unwrap_or_else(|| id_of(&format!("statement:{}", reports[0].1.id))),
        speaker_id: speaker.map(str::to_string),
        text: rep.text.clone(),
        kind,
        said_on,
        reports: reports.iter().map(|(_, q)| q.id.clone()).collect(),
    }
}

/// Merges the quotes of the articles not in `copy` (by position in `docs`)
/// into statements, speaker by speaker, handing them to `emit` a batch of
/// speakers at a time (each batch in date order). Memory is bounded by
/// [`BATCH_QUOTES`], not by the corpus.
pub(crate) fn merge<S: CorpusSource>(
    docs: &[DocSummary],
    copy: &[bool],
    ents: &Entities<'_>,
    src: &S,
    emit: &mut dyn FnMut(Vec<Statement>) -> Result<(), S::Error>,
) -> Result<(), S::Error> {
    merge_in_batches(docs, copy, ents, src, BATCH_QUOTES, emit)
}

fn merge_in_batches<S: CorpusSource>(
    docs: &[DocSummary],
    copy: &[bool],
    ents: &Entities<'_>,
    src: &S,
    budget: usize,
    emit: &mut dyn FnMut(Vec<Statement>) -> Result<(), S::Error>,
) -> Result<(), S::Error> {
    let speaker_of = |q: &QuoteSummary| {
        q.speaker.as_deref().and_then(|sp| ents.slot(sp, q.speaker_kind.unwrap_or(EntityKind::Person)))
    };
    // Every quote of an original article, outside repeated summaries, counts.
    let for_each_quote = |f: &mut dyn FnMut(u32, &QuoteSummary)| {
        src.for_each_quotes(&mut |id, quotes| {
            let Some(&d) = ents.index.get(id) else { return };
            if copy.get(d as usize).copied().unwrap_or(true) {
                return;
            }
            for q in quotes.iter().filter(|q| !q.repeated) {
                f(d, q);
            }
        })
    };
    let mut counts: BTreeMap<Option<u32>, usize> = BTreeMap::new();
    for_each_quote(&mut |_, q| *counts.entry(speaker_of(q)).or_default() += 1)?;
    let mut batches: Vec<Vec<Option<u32>>> = vec![Vec::new()];
    let mut held = 0;
    for (speaker, n) in counts {
        if held + n > budget && held > 0 {
            batches.push(Vec::new());
            held = 0;
        }
        held += n;
        batches.last_mut().expect("one batch at least").push(speaker);
    }
    for batch in batches.into_iter().filter(|b| !b.is_empty()) {
        let at: HashMap<Option<u32>, usize> = batch.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        let mut held: Vec<Vec<(u32, QuoteSummary)>> = vec![Vec::new(); batch.len()];
        for_each_quote(&mut |d, q| {
            if let Some(&b) = at.get(&speaker_of(q)) {
                held[b].push((d, q.clone()));
            }
        })?;
        let mut out = Vec::new();
        for (speaker, quotes) in batch.iter().zip(&held) {
            let speaker = speaker.map(|s| ents.ids[s as usize].as_str());
            let quotes: Vec<(&DocSummary, &QuoteSummary)> =
                quotes.iter().map(|(d, q)| (&docs[*d as usize], q)).collect();
            speaker_statements(speaker, quotes, &mut out);
        }
        drop(held);
        out.sort_by(|a, b| date_key(a.said_on).cmp(&date_key(b.said_on)).then(a.id.cmp(&b.id)));
        emit(out)?;
    }
    Ok(())
}

/// The statements of one speaker (or of the unattributed quotes).
fn speaker_statements(speaker: Option<&str>, mut quotes: Vec<(&DocSummary, &QuoteSummary)>, out: &mut Vec<Statement>) {
    quotes.sort_by(|a, b| {
        date_key(a.1.said_on)
            .cmp(&date_key(b.1.said_on))
            .then(date_key(a.0.published).cmp(&date_key(b.0.published)))
            .then(a.1.id.cmp(&b.1.id))
    });
    let mut grouper = Grouper::new(speaker);
    for (d, q) in quotes {
        grouper.add(d.published, q);
    }
    grouper.finish(speaker, out, &mut Vec::new());
}

/// A new report for an incremental pass: its speaker's entity id, its
/// article's publication date, the quote.
pub(crate) type NewQuote = (Option<String>, Option<PartialDate>, QuoteSummary);

/// Adds the new originals' quotes to the stored statements: a quote joins a
/// stored statement of its speaker worded alike and said close in time (the
/// same rule as [`merge`]), else starts a statement. `leaving` are reports
/// that no longer count (quotes of an original that became a copy), held by
/// the stored `holding` statements. Returns the statements that are new or
/// changed, whole, and the ids of stored ones left without a report.
pub(crate) fn extend<T: CorpusState>(
    quotes: Vec<NewQuote>,
    leaving: &HashSet<String>,
    holding: Vec<StoredStatement>,
    state: &T,
) -> Result<(Vec<Statement>, Vec<String>), T::Error> {
    let mut by_speaker: BTreeMap<Option<String>, Vec<(Option<PartialDate>, QuoteSummary)>> = BTreeMap::new();
    for (speaker, published, q) in quotes.into_iter().filter(|(_, _, q)| !q.repeated) {
        by_speaker.entry(speaker).or_default().push((published, q));
    }
    let mut holding_by: BTreeMap<Option<String>, Vec<StoredStatement>> = BTreeMap::new();
    for s in holding {
        holding_by.entry(s.speaker_id.clone()).or_default().push(s);
    }
    for speaker in holding_by.keys() {
        by_speaker.entry(speaker.clone()).or_default();
    }
    let (mut out, mut emptied) = (Vec::new(), Vec::new());
    for (speaker, mut quotes) in by_speaker {
        quotes.sort_by(|a, b| {
            date_key(a.1.said_on)
                .cmp(&date_key(b.1.said_on))
                .then(date_key(a.0).cmp(&date_key(b.0)))
                .then(a.1.id.cmp(&b.1.id))
        });
        let days = quotes.iter().filter_map(|(p, q)| q.said_on.or(*p)).filter_map(|d| d.to_naive());
        let mut stored: Vec<StoredStatement> = holding_by.remove(&speaker).unwrap_or_default();
        if let (Some(lo), Some(hi)) = (days.clone().min(), days.max()) {
            let pad = chrono::Duration::days(MAX_DAYS_APART);
            let from = PartialDate::from_naive(lo - pad);
            let to = PartialDate::from_naive(hi + pad);
            let seen: HashSet<String> = stored.iter().map(|s| s.id.clone()).collect();
            stored.extend(
                state.statements_near(speaker.as_deref(), from, to)?.into_iter().filter(|s| !seen.contains(&s.id)),
            );
        }
        // Reports that no longer count leave; their words stay, so the same
        // words reported by the new original join the same statement.
        let mut grouper = Grouper::new(speaker.as_deref());
        for s in &stored {
            grouper.seed(s.id.clone(), &s.reports);
            let g = grouper.groups.last_mut().expect("just seeded");
            let before = g.reports.len();
            g.reports.retain(|(_, q)| !leaving.contains(&q.id));
            g.changed = g.reports.len() != before;
        }
        for (published, q) in &quotes {
            grouper.add(*published, q);
        }
        grouper.finish(speaker.as_deref(), &mut out, &mut emptied);
    }
    Ok((out, emptied))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InMemory;
    use crate::aliases::AliasRules;
    use storyline_model::QuoteKind;

    fn quote(id: &str, text: &str, speaker: &str, said_on: &str) -> QuoteSummary {
        QuoteSummary {
            id: id.into(),
            text: text.into(),
            kind: QuoteKind::Direct,
            speaker: Some(speaker.into()).filter(|s: &String| !s.is_empty()),
            speaker_kind: None,
            said_on: said_on.parse().ok(),
            repeated: false,
            start: 0,
        }
    }

    #[test]
    fn batches_of_speakers_give_the_same_statements_as_one_pass() {
        let said = [
            ("Mira Ostrava", "We will reopen the bridge to lorries by the end of April", "2025-03-04"),
            ("Mira Ostrava", "The tolls stay as they are this year", "2025-03-05"),
            ("Tomas Vell", "Nobody asked the drivers what they think of the plan", "2025-03-05"),
            ("", "Prices at the pump will not come down before summer", "2025-03-06"),
        ];
        let mut src = InMemory::default();
        let mut docs = Vec::new();
        for outlet in 0..3 {
            let id = format!("doc{outlet}");
            let quotes: Vec<QuoteSummary> = said
                .iter()
                .enumerate()
                .map(|(i, (who, text, day))| quote(&format!("{id}-q{i}"), text, who, day))
                .collect();
            src.push_doc(id.clone(), String::new(), Vec::new(), quotes);
            docs.push(DocSummary {
                id,
                published: "2025-03-06".parse().ok(),
                outlet: Some(format!("outlet {outlet}")),
                title: None,
                text_hash: outlet,
                minhash: Vec::new(),
                lead: String::new(),
            });
        }
        let ents = crate::entities::merge(&docs, &AliasRules::default(), &src).unwrap();
        let run = |budget: usize| {
            let mut out: Vec<Statement> = Vec::new();
            let mut batches = 0;
            merge_in_batches(&docs, &[false, false, true], &ents, &src, budget, &mut |b| {
                batches += 1;
                out.extend(b);
                Ok(())
            })
            .unwrap();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            (out, batches)
        };
        let (whole, one) = run(usize::MAX);
        let (split, many) = run(1);
        assert_eq!((one, many), (1, 3), "three speakers (and the unattributed) in batches of one");
        assert_eq!(whole, split);
        // Each statement is reported by the two originals, never by the copy.
        assert_eq!(whole.len(), said.len());
        assert!(whole.iter().all(|s| s.reports.len() == 2 && s.reports.iter().all(|r| !r.starts_with("doc2"))));
    }

    #[test]
    fn a_statement_takes_the_kind_of_the_rendering_it_shows() {
        let mut short = quote("a1", "both sides should pull back their forces", "Ines Vale", "2025-03-22");
        short.kind = QuoteKind::Indirect;
        let mut full = quote(
            "b1",
            "she was \"deeply alarmed\" and both sides should pull back their forces",
            "Ines Vale",
            "2025-03-22",
        );
        full.kind = QuoteKind::Mixed;
        let day = "2025-03-22".parse().ok();
        let st = statement(Some("e1"), None, vec![(day, &short), (day, &full)]);
        assert_eq!(st.text, full.text);
        assert_eq!(st.kind, QuoteKind::Mixed);
    }
}
