//! Cross-document vocabulary: what the corpus passes read (one summary per
//! stored article) and what they produce (duplicates, entities, stories,
//! statements). The store persists both sides; the corpus crate computes.

use crate::{EntityKind, Mention, PartialDate, QuoteKind};
use serde::{Deserialize, Serialize};

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

/// A stored article as the corpus passes see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub text_hash: u64,
    pub text: String,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<QuoteSummary>,
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

/// Everything the corpus passes produce; replaces the previous result whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusResult {
    /// (copy, original) article ids.
    pub duplicates: Vec<(String, String)>,
    pub entities: Vec<Entity>,
    /// (article id, mention index within the article, entity id).
    pub mention_entities: Vec<(String, usize, String)>,
    /// (quote id, speaker entity id).
    pub quote_speakers: Vec<(String, String)>,
    pub stories: Vec<Story>,
    pub statements: Vec<Statement>,
}
