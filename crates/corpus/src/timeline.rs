//! The timeline: quotes of the same speaker with the same or nearly the same
//! words, said close in time, are one statement reported several times.

use crate::entities::Entities;
use crate::{date_key, id_of};
use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_model::corpus::{DocSummary, QuoteSummary, Statement};
use storyline_model::{PartialDate, QuoteKind};

/// Statements further apart than this are separate even if worded alike.
const MAX_DAYS_APART: i64 = 10;
/// Index postings longer than this are not used to find candidate groups.
const MAX_POSTINGS: usize = 256;
/// Candidate groups verified per quote, best word overlap first.
const MAX_CANDIDATES: usize = 16;

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
    reports: Vec<(&'a DocSummary, &'a QuoteSummary)>,
    words: HashSet<u64>,
    said_on: Option<PartialDate>,
}

pub(crate) fn merge(docs: &[&DocSummary], ents: &Entities<'_>) -> Vec<Statement> {
    // Every quote of an original article, outside repeated summaries, by speaker.
    let mut by_speaker: BTreeMap<Option<&str>, Vec<(&DocSummary, &QuoteSummary)>> = BTreeMap::new();
    for d in docs {
        for q in d.quotes.iter().filter(|q| !q.repeated) {
            let speaker = ents.speaker_of.get(q.id.as_str()).map(|&s| ents.ids[s as usize].as_str());
            by_speaker.entry(speaker).or_default().push((d, q));
        }
    }
    let mut out = Vec::new();
    for (speaker, mut quotes) in by_speaker {
        quotes.sort_by(|a, b| {
            date_key(a.1.said_on)
                .cmp(&date_key(b.1.said_on))
                .then(date_key(a.0.published).cmp(&date_key(b.0.published)))
                .then(a.1.id.cmp(&b.1.id))
        });
        // Unattributed quotes merge only when nearly identical.
        let needed = if speaker.is_some() { 0.7 } else { 0.9 };
        let mut groups: Vec<Group<'_>> = Vec::new();
        // Inverted index word -> groups, so a quote is compared only with
        // groups sharing words with it (linear, not quadratic, in quotes).
        let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
        for (d, q) in quotes {
            let w = words(&q.text);
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for word in &w {
                // A word in many groups ("the", "we") says nothing about which one.
                if let Some(gs) = index.get(word).filter(|gs| gs.len() <= MAX_POSTINGS) {
                    for &g in gs {
                        *shared.entry(g).or_default() += 1;
                    }
                }
            }
            let mut candidates: Vec<(usize, usize)> = shared.into_iter().collect();
            candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let found = candidates.into_iter().take(MAX_CANDIDATES).map(|(g, _)| g).find(|&g| {
                let g = &groups[g];
                let min_len = w.len().min(g.words.len());
                min_len >= 3 && containment(&w, &g.words) >= needed && close_in_time(g.said_on, q.said_on)
            });
            let gi = match found {
                Some(gi) => {
                    groups[gi].reports.push((d, q));
                    gi
                }
                None => {
                    groups.push(Group { reports: vec![(d, q)], words: HashSet::new(), said_on: q.said_on });
                    groups.len() - 1
                }
            };
            for word in w {
                if groups[gi].words.insert(word) {
                    index.entry(word).or_default().push(gi);
                }
            }
        }
        for g in groups {
            let mut reports = g.reports;
            reports.sort_by(|a, b| date_key(a.0.published).cmp(&date_key(b.0.published)).then(a.1.id.cmp(&b.1.id)));
            // The fullest rendering stands for the statement.
            let (_, rep) = reports
                .iter()
                .max_by(|a, b| a.1.text.len().cmp(&b.1.text.len()).then(b.1.id.cmp(&a.1.id)))
                .copied()
                .unwrap_or(reports[0]);
            // The most precise date any report gives, earliest first.
            let said_on = reports.iter().filter_map(|(_, q)| q.said_on).min_by(|a, b| {
                (b.day().is_some(), b.month().is_some()).cmp(&(a.day().is_some(), a.month().is_some())).then(a.cmp(b))
            });
            let kind =
                if reports.iter().any(|(_, q)| q.kind == QuoteKind::Direct) { rep.kind } else { reports[0].1.kind };
            out.push(Statement {
                id: id_of(&format!("statement:{}", reports[0].1.id)),
                speaker_id: speaker.map(str::to_string),
                text: rep.text.clone(),
                kind,
                said_on,
                reports: reports.iter().map(|(_, q)| q.id.clone()).collect(),
            });
        }
    }
    out.sort_by(|a, b| date_key(a.said_on).cmp(&date_key(b.said_on)).then(a.id.cmp(&b.id)));
    out
}
