//! The incremental corpus pass: new articles added to a stored corpus result
//! without recomputing it. Stored decisions stand (no story, entity or
//! statement changes its id); the new articles are placed by the same rules
//! as the full pass ([`crate::run`]), against the stored state read through a
//! [`CorpusState`]: duplicates against every stored signature (streamed),
//! names against the stored name decisions, stories against the storylines
//! active around the new articles' dates, quotes against their speakers'
//! statements said around the same days. The cost is in the new articles and
//! their neighbourhood, plus one stream of stored signatures.

use crate::{CorpusConfig, dedup, entities, stories, timeline};
use std::collections::{BTreeSet, HashMap, HashSet};
use storyline_model::corpus::{
    CorpusDelta, CorpusSource, CorpusState, DocSummary, Entity, MentionSummary, NameRecord, QuoteSummary, Statement,
    StoredStatement, Story, StoryMember, TermCount, TermDf,
};
use storyline_model::{EntityKind, PartialDate};

/// Adds `new` (articles stored but not yet in the corpus result) to the
/// stored result. `src` streams the new articles' term counts, mentions and
/// quotes (and reads any article's text); `state` reads the stored result.
/// `None` when the stored state is from an older build (a full pass is needed).
pub fn extend<S, T>(
    new: Vec<DocSummary>,
    cfg: &CorpusConfig,
    src: &S,
    state: &T,
) -> Result<Option<CorpusDelta>, S::Error>
where
    S: CorpusSource,
    T: CorpusState<Error = S::Error>,
{
    let Some(prior_df) = state.term_df()? else { return Ok(None) };
    let new_ids: HashSet<String> = new.iter().map(|d| d.id.clone()).collect();

    // Duplicates: the stored groups any new article copies or is copied by,
    // decided again whole with the new articles in them.
    let mut related: BTreeSet<String> = BTreeSet::new();
    for d in &new {
        related.extend(state.with_text_hash(d.text_hash)?.into_iter().filter(|id| !new_ids.contains(id)));
    }
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, d) in new.iter().enumerate().filter(|(_, d)| d.minhash.len() == dedup::HASHES) {
        for band in 0..dedup::BANDS {
            buckets.entry(dedup::band_key(&d.minhash, band)).or_default().push(i);
        }
    }
    if !buckets.is_empty() {
        state.for_each_signature(&mut |id, sig| {
            if sig.len() != dedup::HASHES || new_ids.contains(id) {
                return;
            }
            let hit = (0..dedup::BANDS).any(|band| {
                buckets.get(&dedup::band_key(sig, band)).is_some_and(|ns| {
                    ns.iter().any(|&n| dedup::jaccard_of(sig, &new[n].minhash) >= dedup::NEAR_THRESHOLD)
                })
            });
            if hit {
                related.insert(id.to_string());
            }
        })?;
    }
    drop(buckets);
    let related: Vec<String> = related.into_iter().collect();
    let groups = state.duplicate_groups(&related)?;
    let mut prior_original: HashMap<String, String> = HashMap::new();
    let mut subset: Vec<DocSummary> = Vec::new();
    for g in groups {
        let Some(original) = g.first().map(|d| d.id.clone()) else { continue };
        for d in g {
            if prior_original.insert(d.id.clone(), original.clone()).is_none() {
                subset.push(d);
            }
        }
    }
    subset.extend(new.iter().cloned());
    let pairs = dedup::duplicates(&subset, src)?;
    drop(subset);
    let mut original_of: HashMap<String, String> = HashMap::new();
    for (copy, orig) in pairs {
        // A stored copy never becomes the original: its group's stored original stands for it.
        let orig = match prior_original.get(&orig) {
            Some(prior) if *prior != orig => prior.clone(),
            _ => orig,
        };
        if copy != orig {
            original_of.insert(copy, orig);
        }
    }
    let mut delta = CorpusDelta::default();
    for (copy, orig) in &original_of {
        match prior_original.get(copy) {
            Some(prior) if prior == orig => {}
            Some(prior) => {
                if prior == copy {
                    delta.demoted.push(copy.clone());
                }
                delta.duplicates.push((copy.clone(), orig.clone()));
            }
            None => delta.duplicates.push((copy.clone(), orig.clone())),
        }
    }
    delta.duplicates.sort();
    delta.demoted.sort();
    let demoted: HashSet<String> = delta.demoted.iter().cloned().collect();

    // Entities of every new article's names (copies count, as in the full pass).
    let ents = entities::extend(&new, &cfg.aliases, src, state)?;
    let originals: Vec<&DocSummary> = new.iter().filter(|d| !original_of.contains_key(&d.id)).collect();
    let is_original: HashSet<&str> = originals.iter().map(|d| d.id.as_str()).collect();
    let outlet_of: HashMap<&str, Option<&str>> =
        originals.iter().map(|d| (d.id.as_str(), d.outlet.as_deref())).collect();
    let mut doc_entities: HashMap<String, Vec<String>> = HashMap::new();
    src.for_each_mentions(&mut |id, mentions| {
        if !is_original.contains(id) {
            return;
        }
        let own = entities::own_outlet(outlet_of.get(id).copied().flatten(), |n, k| ents.resolver.get(n, k));
        let mut list: Vec<String> = Vec::new();
        for m in mentions {
            if let Some(e) = ents.resolver.get(&m.name, m.kind)
                && !own.contains(&e)
                && !list.iter().any(|x| x == e)
            {
                list.push(e.to_string());
            }
        }
        doc_entities.insert(id.to_string(), list);
    })?;

    // Stories: each storyline as its stored members published within the
    // window of the new originals' dates. An undated new article may belong
    // anywhere: it also meets the undated members and those of the latest window.
    let days: Vec<chrono::NaiveDate> = originals.iter().filter_map(|d| d.published?.to_naive()).collect();
    let pad = chrono::Duration::days(cfg.stories.window_days);
    let window = |lo: chrono::NaiveDate, hi: chrono::NaiveDate| {
        Some((PartialDate::from_naive(lo - pad), PartialDate::from_naive(hi + pad)))
    };
    let mut members = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => state.storyline_members(window(lo, hi))?,
        _ => Vec::new(),
    };
    if originals.iter().any(|d| d.published.and_then(|p| p.to_naive()).is_none()) {
        members.extend(state.storyline_members(None)?);
        if let Some(latest) = state.latest_published()?.and_then(|p| p.to_naive()) {
            let seen: HashSet<String> = members.iter().map(|m| m.doc.id.clone()).collect();
            let recent = state
                .storyline_members(Some((PartialDate::from_naive(latest - pad), PartialDate::from_naive(latest))))?;
            members.extend(recent.into_iter().filter(|m| !seen.contains(&m.doc.id)));
        }
    }
    for m in &mut members {
        let own: Vec<String> =
            entities::own_outlet(m.doc.outlet.as_deref(), |n, k| ents.resolver.get(n, k).map(str::to_string));
        m.entities.retain(|e| !own.contains(e));
    }
    let story_delta = stories::extend(&originals, &doc_entities, prior_df, members, &demoted, &cfg.stories, src)?;
    drop(doc_entities);

    // Statements: the new originals' quotes, and the demoted originals' leaving.
    let published: HashMap<&str, Option<PartialDate>> =
        originals.iter().map(|d| (d.id.as_str(), d.published)).collect();
    let mut quotes: Vec<timeline::NewQuote> = Vec::new();
    src.for_each_quotes(&mut |id, qs| {
        let Some(&p) = published.get(id) else { return };
        for q in qs {
            let speaker = q
                .speaker
                .as_deref()
                .and_then(|sp| ents.resolver.get(sp, q.speaker_kind.unwrap_or(EntityKind::Person)))
                .map(str::to_string);
            quotes.push((speaker, p, q.clone()));
        }
    })?;
    let (holding, leaving) =
        if delta.demoted.is_empty() { (Vec::new(), Vec::new()) } else { state.statements_reporting(&delta.demoted)? };
    let leaving: HashSet<String> = leaving.into_iter().collect();
    let (statements, emptied) = timeline::extend(quotes, &leaving, holding, state)?;

    delta.entities = ents.entities;
    delta.names = ents.names;
    delta.stories = story_delta.stories;
    delta.term_df = story_delta.term_df;
    delta.statements = statements;
    delta.emptied_statements = emptied;
    delta.originals = originals.iter().map(|d| d.id.clone()).collect();
    Ok(Some(delta))
}

/// A corpus result held in memory, extended the way the store extends its
/// own: for evaluators and tests of the incremental pass.
#[derive(Default)]
pub struct MemoryCorpus {
    docs: Vec<DocSummary>,
    texts: crate::InMemory,
    original_of: HashMap<String, String>,
    names: Vec<NameRecord>,
    entities: HashMap<String, Entity>,
    term_df: TermDf,
    /// Story by id, and each article's story.
    stories: HashMap<String, Story>,
    story_of: HashMap<String, String>,
    statements: HashMap<String, Statement>,
}

/// The new articles of a [`MemoryCorpus`] extension: streamed from `new`;
/// a text read from `new` or the `stored` ones.
struct Scoped<'a> {
    new: &'a crate::InMemory,
    stored: &'a crate::InMemory,
}

impl CorpusSource for Scoped<'_> {
    type Error = std::convert::Infallible;
    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<(), Self::Error> {
        self.new.for_each_terms(f)
    }
    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<(), Self::Error> {
        self.new.for_each_mentions(f)
    }
    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<(), Self::Error> {
        self.new.for_each_quotes(f)
    }
    fn article_text(&self, id: &str) -> Result<Option<String>, Self::Error> {
        match self.new.article_text(id)? {
            Some(text) => Ok(Some(text)),
            None => self.stored.article_text(id),
        }
    }
}

impl MemoryCorpus {
    /// A full pass over `docs` (`texts` holds their texts, mentions and quotes).
    pub fn new(docs: Vec<DocSummary>, texts: crate::InMemory, cfg: &CorpusConfig) -> MemoryCorpus {
        let Ok((result, statements)) = crate::run_collect(docs.clone(), cfg, &texts);
        let mut m = MemoryCorpus { docs, texts, term_df: result.term_df, ..MemoryCorpus::default() };
        m.original_of = result.duplicates.into_iter().collect();
        m.names = result
            .names
            .iter()
            .filter_map(|n| {
                Some(NameRecord {
                    name: n.name.clone(),
                    kind: n.kind,
                    entity_id: result.entities.get(n.entity)?.id.clone(),
                    occurrences: n.occurrences,
                })
            })
            .collect();
        m.entities = result.entities.into_iter().map(|e| (e.id.clone(), e)).collect();
        for s in result.stories {
            for a in &s.articles {
                m.story_of.insert(a.clone(), s.id.clone());
            }
            m.stories.insert(s.id.clone(), s);
        }
        m.statements = statements.into_iter().map(|s| (s.id.clone(), s)).collect();
        m
    }

    /// Adds `new` (with `texts` holding theirs) by the incremental pass.
    pub fn extend(&mut self, new: Vec<DocSummary>, texts: crate::InMemory, cfg: &CorpusConfig) {
        let src = Scoped { new: &texts, stored: &self.texts };
        let Ok(delta) = extend(new.clone(), cfg, &src, self);
        let delta = delta.expect("a memory corpus always has its state");
        for doc in texts.docs {
            self.texts.push_doc(doc.id, doc.text, doc.mentions, doc.quotes);
        }
        self.docs.extend(new);
        for (copy, orig) in &delta.duplicates {
            self.original_of.insert(copy.clone(), orig.clone());
        }
        for id in &delta.demoted {
            if let Some(s) = self.story_of.remove(id).and_then(|s| self.stories.get_mut(&s)) {
                s.articles.retain(|a| a != id);
            }
        }
        self.stories.retain(|_, s| !s.articles.is_empty());
        for n in delta.names {
            match self.names.iter_mut().find(|r| r.name == n.name && r.kind == n.kind) {
                Some(r) => *r = n,
                None => self.names.push(n),
            }
        }
        for e in delta.entities {
            self.entities.insert(e.id.clone(), e);
        }
        for s in delta.stories {
            for a in &s.articles {
                self.story_of.insert(a.clone(), s.id.clone());
            }
            match self.stories.get_mut(&s.id) {
                Some(stored) => {
                    stored.articles.extend(s.articles);
                    stored.articles.sort();
                    (stored.first_seen, stored.last_seen) = (s.first_seen, s.last_seen);
                }
                None => {
                    self.stories.insert(s.id.clone(), s);
                }
            }
        }
        for s in delta.statements {
            self.statements.insert(s.id.clone(), s);
        }
        for id in &delta.emptied_statements {
            self.statements.remove(id);
        }
        self.term_df = delta.term_df;
    }

    /// The stories, each with its articles.
    pub fn stories(&self) -> Vec<&Story> {
        let mut out: Vec<&Story> = self.stories.values().collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The story of an article, or of its original if it is a copy.
    pub fn story_of(&self, id: &str) -> Option<&str> {
        let id = self.original_of.get(id).map_or(id, String::as_str);
        self.story_of.get(id).map(String::as_str)
    }

    fn doc(&self, id: &str) -> Option<&DocSummary> {
        self.docs.iter().find(|d| d.id == id)
    }

    fn quote(&self, id: &str) -> Option<(Option<PartialDate>, QuoteSummary)> {
        self.texts.docs.iter().find_map(|d| {
            let q = d.quotes.iter().find(|q| q.id == id)?;
            Some((self.doc(&d.id).and_then(|s| s.published), q.clone()))
        })
    }

    fn stored(&self, s: &Statement) -> StoredStatement {
        StoredStatement {
            id: s.id.clone(),
            speaker_id: s.speaker_id.clone(),
            reports: s.reports.iter().filter_map(|q| self.quote(q)).collect(),
        }
    }
}

impl CorpusState for MemoryCorpus {
    type Error = std::convert::Infallible;

    fn for_each_signature(&self, f: &mut dyn FnMut(&str, &[u64])) -> Result<(), Self::Error> {
        for d in &self.docs {
            f(&d.id, &d.minhash);
        }
        Ok(())
    }

    fn with_text_hash(&self, hash: u64) -> Result<Vec<String>, Self::Error> {
        Ok(self.docs.iter().filter(|d| d.text_hash == hash).map(|d| d.id.clone()).collect())
    }

    fn duplicate_groups(&self, ids: &[String]) -> Result<Vec<Vec<DocSummary>>, Self::Error> {
        let mut seen = HashSet::new();
        let mut groups = Vec::new();
        for id in ids {
            let orig = self.original_of.get(id).unwrap_or(id).clone();
            if !seen.insert(orig.clone()) {
                continue;
            }
            let mut group: Vec<DocSummary> = self.doc(&orig).into_iter().cloned().collect();
            group.extend(self.docs.iter().filter(|d| self.original_of.get(&d.id) == Some(&orig)).cloned());
            groups.push(group);
        }
        Ok(groups)
    }

    fn name_records(&self) -> Result<Vec<NameRecord>, Self::Error> {
        Ok(self.names.clone())
    }

    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>, Self::Error> {
        Ok(ids.iter().filter_map(|id| self.entities.get(id).cloned()).collect())
    }

    fn term_df(&self) -> Result<Option<TermDf>, Self::Error> {
        Ok(Some(self.term_df.clone()))
    }

    fn storyline_members(&self, range: Option<(PartialDate, PartialDate)>) -> Result<Vec<StoryMember>, Self::Error> {
        let entity_of: HashMap<(&str, EntityKind), &str> =
            self.names.iter().map(|r| ((r.name.as_str(), r.kind), r.entity_id.as_str())).collect();
        let mut out = Vec::new();
        for d in &self.texts.docs {
            let Some(story) = self.story_of.get(&d.id).and_then(|s| self.stories.get(s)) else { continue };
            let Some(doc) = self.doc(&d.id) else { continue };
            let inside = match (range, doc.published) {
                (Some((from, to)), Some(p)) => from <= p && p <= to,
                (None, None) => true,
                _ => false,
            };
            if !inside {
                continue;
            }
            let mut entities: Vec<String> = Vec::new();
            for m in &d.mentions {
                if let Some(e) = entity_of.get(&(m.name.as_str(), m.kind))
                    && !entities.iter().any(|x| x == e)
                {
                    entities.push(e.to_string());
                }
            }
            out.push(StoryMember {
                doc: DocSummary { minhash: Vec::new(), ..doc.clone() },
                story: story.id.clone(),
                storyline: story.storyline.clone(),
                terms: stories::term_counts(&d.text),
                entities,
            });
        }
        Ok(out)
    }

    fn latest_published(&self) -> Result<Option<PartialDate>, Self::Error> {
        Ok(self.docs.iter().filter_map(|d| d.published).max())
    }

    fn statements_reporting(&self, articles: &[String]) -> Result<(Vec<StoredStatement>, Vec<String>), Self::Error> {
        let quotes: Vec<String> = self
            .texts
            .docs
            .iter()
            .filter(|d| articles.contains(&d.id))
            .flat_map(|d| d.quotes.iter().map(|q| q.id.clone()))
            .collect();
        let held: Vec<StoredStatement> = self
            .statements
            .values()
            .filter(|s| s.reports.iter().any(|q| quotes.contains(q)))
            .map(|s| self.stored(s))
            .collect();
        Ok((held, quotes))
    }

    fn statements_near(
        &self,
        speaker: Option<&str>,
        from: PartialDate,
        to: PartialDate,
    ) -> Result<Vec<StoredStatement>, Self::Error> {
        Ok(self
            .statements
            .values()
            .filter(|s| s.speaker_id.as_deref() == speaker)
            .filter(|s| s.said_on.is_none_or(|d| from.to_string()[..7] <= *d.to_string() && d <= to))
            .map(|s| self.stored(s))
            .collect())
    }
}
