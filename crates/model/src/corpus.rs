//! Cross-document vocabulary: what the corpus passes read (one summary per
//! stored article) and what they produce (duplicates, entities, stories,
//! statements). The store persists both sides; the corpus crate computes.

use crate::{EntityKind, PartialDate, QuoteKind};
use serde::{Deserialize, Serialize};

/// A stored mention as the corpus passes see it: the name and its kind
/// decide the entity, the role is collected on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionSummary {
    pub name: String,
    pub kind: EntityKind,
    pub role: Option<String>,
    /// What the article's evidence for `kind` is worth in the corpus vote.
    #[serde(default)]
    pub evidence: crate::KindEvidence,
}

impl MentionSummary {
    pub fn of(m: &crate::Mention) -> MentionSummary {
        MentionSummary { name: m.name.clone(), kind: m.kind, role: m.role.clone(), evidence: m.evidence }
    }
}

/// A stored quote as the corpus passes see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSummary {
    pub id: String,
    pub text: String,
    pub kind: QuoteKind,
    pub speaker: Option<String>,
    pub speaker_kind: Option<EntityKind>,
    pub said_on: Option<PartialDate>,
    pub repeated: bool,
    pub start: usize,
}

/// How often one story-clustering term occurs in an article's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    /// xxh3 of the lowercased, lightly stemmed term.
    pub term: u64,
    /// Occurrences written in lower case.
    pub plain: u32,
    /// Occurrences starting with a capital (names, places: weighted up).
    pub capitalised: u32,
}

/// What the corpus passes need of an article's text, computed once by the
/// per-article analysis and stored with the article, so that the corpus
/// passes never read full texts (memory stays flat in corpus size).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusFeatures {
    /// MinHash signature over word 5-shingles (64 values), empty when the
    /// text is too short to judge.
    pub minhash: Vec<u64>,
    /// Every term of the text, in order of first occurrence (the order
    /// breaks ties between equally weighted terms, as it did over full text).
    pub terms: Vec<TermCount>,
    /// The first characters of the text: a story's title when no article has one.
    pub lead: String,
}

/// A stored article as the corpus passes see it: metadata and the compact
/// features, never the full text. Term counts, mentions and quotes are
/// streamed separately through a [`CorpusSource`] (they are most of an
/// article's weight), so the passes hold a few hundred bytes per article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub text_hash: u64,
    /// [`CorpusFeatures::minhash`].
    pub minhash: Vec<u64>,
    /// [`CorpusFeatures::lead`].
    pub lead: String,
}

/// Where the corpus passes read what does not fit in a [`DocSummary`]:
/// term counts, mentions and quotes, streamed, and (rarely) an article's
/// full text. Every stream visits articles in the order of the summaries
/// handed to the corpus passes (for the store: id order) and may skip
/// articles that have nothing to give.
pub trait CorpusSource {
    type Error;
    /// Calls `f` with each article's id and term counts.
    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<(), Self::Error>;
    /// Calls `f` with each article's id and mentions, in mention order (a
    /// mention's position is its index in the article).
    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<(), Self::Error>;
    /// Calls `f` with each article's id and quotes, in text order.
    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<(), Self::Error>;
    /// The full clean text of one article. The corpus passes ask only for
    /// the members of duplicate groups that span several outlets, one at a time.
    fn article_text(&self, id: &str) -> Result<Option<String>, Self::Error>;
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub role: String,
    /// Earliest publication date of an article giving this role.
    pub first_seen: Option<PartialDate>,
}

/// One real-world person, organisation or place, with every spelling seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
    pub mentions: usize,
}

/// Articles about one event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub first_seen: Option<PartialDate>,
    pub last_seen: Option<PartialDate>,
    /// The storyline this event belongs to (events of one developing
    /// situation: a dispute, its talks, its deal); the id of its first story.
    #[serde(default)]
    pub storyline: String,
}

/// One statement as said once, with every report of it across outlets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub speaker_id: Option<String>,
    pub text: String,
    pub kind: QuoteKind,
    pub said_on: Option<PartialDate>,
    /// Quote ids, earliest report first.
    pub reports: Vec<String>,
}

/// The entity of every mention with this exact name and kind, and of every
/// quote whose speaker has it (a quote without a speaker kind counts as a
/// person): entities are decided per distinct name, never per occurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameEntity {
    pub name: String,
    pub kind: EntityKind,
    /// Index into [`CorpusResult::entities`].
    pub entity: usize,
    /// Mentions and quotes with this name and kind.
    pub occurrences: u64,
}

/// Everything the corpus passes produce but the statements (which are
/// streamed to the caller as they are made); replaces the previous result whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusResult {
    /// (copy, original) article ids.
    pub duplicates: Vec<(String, String)>,
    pub entities: Vec<Entity>,
    /// Which entity each distinct (name, kind) of a mention or speaker is,
    /// sorted by name then kind.
    pub names: Vec<NameEntity>,
    pub stories: Vec<Story>,
    /// Document frequencies of the story vectors' terms over the originals:
    /// what an incremental pass weighs new articles with.
    pub term_df: TermDf,
}

/// Document frequency of each term (by hash) over `docs` articles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermDf {
    pub docs: u32,
    /// Sorted by term hash.
    pub df: Vec<(u64, u32)>,
}

impl TermDf {
    /// `docs` as u32 LE, then (u64 LE term, u32 LE df) pairs.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.df.len() * 12);
        out.extend_from_slice(&self.docs.to_le_bytes());
        for (t, n) in &self.df {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&n.to_le_bytes());
        }
        out
    }

    /// The inverse of [`TermDf::encode`]; `None` for a damaged blob.
    pub fn decode(blob: &[u8]) -> Option<TermDf> {
        let docs = u32::from_le_bytes(blob.get(..4)?.try_into().ok()?);
        let rest = &blob[4..];
        if !rest.len().is_multiple_of(12) {
            return None;
        }
        let df = rest
            .chunks_exact(12)
            .map(|c| {
                let t = u64::from_le_bytes(c[..8].try_into().unwrap_or_default());
                let n = u32::from_le_bytes(c[8..].try_into().unwrap_or_default());
                (t, n)
            })
            .collect();
        Some(TermDf { docs, df })
    }
}

/// What an incremental pass changes; the store applies it in one transaction.
#[derive(Clone, Debug, Default)]
pub struct CorpusDelta {
    /// (copy, original): new copies, and stored articles whose original changed.
    pub duplicates: Vec<(String, String)>,
    /// Stored originals that became copies of a new (or another stored)
    /// article: they leave their stories and their quotes leave statements.
    pub demoted: Vec<String>,
    /// New or changed entities, whole.
    pub entities: Vec<Entity>,
    /// New or changed name decisions (occurrences are totals).
    pub names: Vec<NameRecord>,
    /// New stories and stored ones that gained articles; `articles` lists
    /// only the added ones and a stored story keeps its stored title.
    pub stories: Vec<Story>,
    /// New or changed statements, whole (every report).
    pub statements: Vec<Statement>,
    /// Stored statements left without a report.
    pub emptied_statements: Vec<String>,
    pub term_df: TermDf,
    /// The new articles that are originals.
    pub originals: Vec<String>,
}

/// What the corpus decided earlier about one distinct (name, kind): the
/// state an incremental pass extends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRecord {
    pub name: String,
    pub kind: EntityKind,
    pub entity_id: String,
    pub occurrences: u64,
}

/// A stored original that belongs to a story, as the incremental story
/// pass compares new articles with it.
#[derive(Clone, Debug)]
pub struct StoryMember {
    pub doc: DocSummary,
    pub story: String,
    pub storyline: String,
    pub terms: Vec<TermCount>,
    /// Entity ids its mentions were resolved to.
    pub entities: Vec<String>,
}

/// A stored statement with every report of it (each with its article's
/// publication date): what new reports of the same words join.
#[derive(Clone, Debug)]
pub struct StoredStatement {
    pub id: String,
    pub speaker_id: Option<String>,
    pub reports: Vec<(Option<PartialDate>, QuoteSummary)>,
}

/// The earlier corpus result, read back for an incremental pass (the store
/// implements it). Every call reads stored articles only, never the new ones.
pub trait CorpusState {
    type Error;
    /// Calls `f` with every stored article's id and MinHash signature.
    fn for_each_signature(&self, f: &mut dyn FnMut(&str, &[u64])) -> Result<(), Self::Error>;
    /// Stored articles whose normalised text has this hash.
    fn with_text_hash(&self, hash: u64) -> Result<Vec<String>, Self::Error>;
    /// The whole duplicate groups (original first, then copies) holding these stored articles.
    fn duplicate_groups(&self, ids: &[String]) -> Result<Vec<Vec<DocSummary>>, Self::Error>;
    fn name_records(&self) -> Result<Vec<NameRecord>, Self::Error>;
    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>, Self::Error>;
    /// `None` when no pass has stored them (a database from an older build).
    fn term_df(&self) -> Result<Option<TermDf>, Self::Error>;
    /// The stored originals that belong to a story and were published in
    /// `from..=to`, or, with `None`, are undated.
    fn storyline_members(&self, range: Option<(PartialDate, PartialDate)>) -> Result<Vec<StoryMember>, Self::Error>;
    /// The latest publication date of a stored article.
    fn latest_published(&self) -> Result<Option<PartialDate>, Self::Error>;
    /// A speaker's statements (or the unattributed ones) said in
    /// `from..=to` (month precision at the start) or undated.
    /// The stored statements that report quotes of these articles, and the
    /// ids of those quotes.
    fn statements_reporting(&self, articles: &[String]) -> Result<(Vec<StoredStatement>, Vec<String>), Self::Error>;
    fn statements_near(
        &self,
        speaker: Option<&str>,
        from: PartialDate,
        to: PartialDate,
    ) -> Result<Vec<StoredStatement>, Self::Error>;
}

/// How often one outlet wrote one variant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermUse {
    /// The group's label.
    pub group: String,
    pub variant: String,
    /// Articles (originals only) using the variant at least once.
    pub articles: u64,
    pub occurrences: u64,
}

/// A word or short phrase an outlet put in quotation marks of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScareQuote {
    pub term: String,
    pub articles: u64,
    pub occurrences: u64,
}

/// Term choices and scare quotes of one outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletCoverage {
    pub outlet: Option<String>,
    pub terms: Vec<TermUse>,
    pub scare_quotes: Vec<ScareQuote>,
}
