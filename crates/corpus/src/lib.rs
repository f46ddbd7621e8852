//! corpus: here are all stored articles, give me one copy per text, one
//! entity per real-world name, stories, and a timeline of statements merged
//! across outlets.
//!
//! Pure and deterministic: [`run`] takes document summaries and returns a
//! [`CorpusResult`] that depends only on the set of documents, never on the
//! order they were ingested in.
//!
//! The passes never hold the articles' texts, mentions or quotes:
//! [`features`] (run by the per-article analysis, stored with the article)
//! keeps what they need of a text, a MinHash signature and term counts; term
//! counts, mentions and quotes are streamed from a [`CorpusSource`] (a few
//! times each) rather than kept in memory, and statements are handed to the
//! caller batch by batch. What stays in memory per article is its summary.

pub mod aliases;
pub mod coverage;
pub mod dedup;
mod entities;
pub mod fidelity;
pub mod incremental;
pub mod names;
mod stories;
mod timeline;

use std::collections::HashMap;
use storyline_model::corpus::{
    CorpusFeatures, CorpusResult, CorpusSource, DocSummary, MentionSummary, QuoteSummary, Statement, TermCount,
};

pub use stories::StoryConfig;

#[derive(Clone, Debug, Default)]
pub struct CorpusConfig {
    pub stories: StoryConfig,
    pub aliases: aliases::AliasRules,
}

/// Stable 16-hex-digit id of a string key.
pub(crate) fn id_of(key: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// Sort key for dates: unknown dates last.
pub(crate) fn date_key(d: Option<storyline_model::PartialDate>) -> (bool, Option<storyline_model::PartialDate>) {
    (d.is_none(), d)
}

/// Characters of the text kept as [`CorpusFeatures::lead`].
const LEAD_CHARS: usize = 80;

/// What the corpus passes need of one article's clean text. Pure; the
/// per-article analysis calls it so the store can keep the result.
pub fn features(text: &str) -> CorpusFeatures {
    CorpusFeatures {
        minhash: dedup::signature(text).map(|s| s.to_vec()).unwrap_or_default(),
        terms: stories::term_counts(text),
        lead: text.chars().take(LEAD_CHARS).collect(),
    }
}

/// Story clustering alone (entities are merged first, as [`run`] does).
pub fn cluster_stories<S: CorpusSource>(
    docs: &[DocSummary],
    cfg: &StoryConfig,
    src: &S,
) -> Result<Vec<storyline_model::corpus::Story>, S::Error> {
    let ents = entities::merge(docs, &aliases::AliasRules::default(), src)?;
    let refs: Vec<&DocSummary> = docs.iter().collect();
    Ok(stories::cluster(&refs, &ents, cfg, src)?.0)
}

/// Runs every corpus pass over the summaries, streaming term counts,
/// mentions and quotes (and the odd text) from `src`. Statements go to
/// `statements` a batch at a time, as they are made; the rest is returned.
/// The summaries are consumed: their signatures are dropped once duplicates
/// are known (half of what the later passes would otherwise hold).
pub fn run<S: CorpusSource>(
    mut docs: Vec<DocSummary>,
    cfg: &CorpusConfig,
    src: &S,
    statements: &mut dyn FnMut(Vec<Statement>) -> Result<(), S::Error>,
) -> Result<CorpusResult, S::Error> {
    let duplicates = dedup::duplicates(&docs, src)?;
    for d in &mut docs {
        d.minhash = Vec::new();
    }
    let docs = &docs[..];
    let copies: std::collections::HashSet<&str> = duplicates.iter().map(|(c, _)| c.as_str()).collect();
    let ents = entities::merge(docs, &cfg.aliases, src)?;
    let copy: Vec<bool> = docs.iter().map(|d| copies.contains(d.id.as_str())).collect();
    let originals: Vec<&DocSummary> = docs.iter().filter(|d| !copies.contains(d.id.as_str())).collect();
    let (stories, term_df) = stories::cluster(&originals, &ents, &cfg.stories, src)?;
    drop(originals);
    timeline::merge(docs, &copy, &ents, src, statements)?;
    Ok(CorpusResult { duplicates, entities: ents.entities, names: ents.names, stories, term_df })
}

/// [`run`] with the statements collected, in date order: for tests and
/// small corpora.
pub fn run_collect<S: CorpusSource>(
    docs: Vec<DocSummary>,
    cfg: &CorpusConfig,
    src: &S,
) -> Result<(CorpusResult, Vec<Statement>), S::Error> {
    let mut all = Vec::new();
    let result = run(docs, cfg, src, &mut |batch| {
        all.extend(batch);
        Ok(())
    })?;
    all.sort_by(|a, b| date_key(a.said_on).cmp(&date_key(b.said_on)).then(a.id.cmp(&b.id)));
    Ok((result, all))
}

/// A [`CorpusSource`] over documents held in memory, for tests, evaluators
/// and small in-process corpora: term counts are computed from the text as
/// they are streamed. Stream order is insertion order.
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    docs: Vec<MemDoc>,
    index: HashMap<String, usize>,
}

#[derive(Clone, Debug, Default)]
struct MemDoc {
    id: String,
    text: String,
    mentions: Vec<MentionSummary>,
    quotes: Vec<QuoteSummary>,
}

impl InMemory {
    /// Texts by article id, in the order of the summaries they go with.
    pub fn new<I: Into<String>, T: Into<String>>(texts: impl IntoIterator<Item = (I, T)>) -> InMemory {
        let mut m = InMemory::default();
        for (id, text) in texts {
            m.push(id.into(), text.into());
        }
        m
    }

    pub fn push(&mut self, id: String, text: String) {
        self.push_doc(id, text, Vec::new(), Vec::new());
    }

    /// One article's text and mentions (empty when unknown).
    pub fn doc_parts(&self, id: &str) -> (String, Vec<MentionSummary>) {
        self.index.get(id).map(|&i| (self.docs[i].text.clone(), self.docs[i].mentions.clone())).unwrap_or_default()
    }

    /// An article with its mentions and quotes.
    pub fn push_doc(&mut self, id: String, text: String, mentions: Vec<MentionSummary>, quotes: Vec<QuoteSummary>) {
        self.index.insert(id.clone(), self.docs.len());
        self.docs.push(MemDoc { id, text, mentions, quotes });
    }
}

impl CorpusSource for InMemory {
    type Error = std::convert::Infallible;

    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<(), Self::Error> {
        for d in &self.docs {
            f(&d.id, &stories::term_counts(&d.text));
        }
        Ok(())
    }

    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<(), Self::Error> {
        for d in self.docs.iter().filter(|d| !d.mentions.is_empty()) {
            f(&d.id, &d.mentions);
        }
        Ok(())
    }

    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<(), Self::Error> {
        for d in self.docs.iter().filter(|d| !d.quotes.is_empty()) {
            f(&d.id, &d.quotes);
        }
        Ok(())
    }

    fn article_text(&self, id: &str) -> Result<Option<String>, Self::Error> {
        Ok(self.index.get(id).map(|&i| self.docs[i].text.clone()))
    }
}
