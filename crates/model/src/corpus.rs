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
}

impl MentionSummary {
    pub fn of(m: &crate::Mention) -> MentionSummary {
        MentionSummary { name: m.name.clone(), kind: m.kind, role: m.role.clone() }
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
