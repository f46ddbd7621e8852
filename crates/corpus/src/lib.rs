//! corpus: here are all stored articles, give me one copy per text, one
//! entity per real-world name, stories, and a timeline of statements merged
//! across outlets.
//!
//! Pure and deterministic: [`run`] takes document summaries and returns a
//! [`CorpusResult`] that depends only on the set of documents, never on the
//! order they were ingested in.

pub mod aliases;
pub mod dedup;
mod entities;
pub mod fidelity;
pub mod names;
mod stories;
mod timeline;

use storyline_model::corpus::{CorpusResult, DocSummary};

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

/// Story clustering alone (entities are merged first, as [`run`] does).
pub fn cluster_stories(docs: &[DocSummary], cfg: &StoryConfig) -> Vec<storyline_model::corpus::Story> {
    let ents = entities::merge(docs, &aliases::AliasRules::default());
    let refs: Vec<&DocSummary> = docs.iter().collect();
    stories::cluster(&refs, &ents, cfg)
}

/// Runs every corpus pass.
pub fn run(docs: &[DocSummary], cfg: &CorpusConfig) -> CorpusResult {
    let duplicates = dedup::duplicates(docs);
    let copies: std::collections::HashSet<&str> = duplicates.iter().map(|(c, _)| c.as_str()).collect();
    let ents = entities::merge(docs, &cfg.aliases);
    let originals: Vec<&DocSummary> = docs.iter().filter(|d| !copies.contains(d.id.as_str())).collect();
    let stories = stories::cluster(&originals, &ents, &cfg.stories);
    let statements = timeline::merge(&originals, &ents);
    CorpusResult {
        duplicates,
        entities: ents.entities,
        mention_entities: ents.mention_entities,
        quote_speakers: ents.quote_speakers,
        stories,
        statements,
    }
}
