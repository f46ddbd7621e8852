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
use storyline_model::corpus::{CorpusDelta, CorpusSource, CorpusState, DocSummary};
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
    let mut doc_entities: HashMap<String, Vec<String>> = HashMap::new();
    src.for_each_mentions(&mut |id, mentions| {
        if !is_original.contains(id) {
            return;
        }
        let mut list: Vec<String> = Vec::new();
        for m in mentions {
            if let Some(e) = ents.resolver.get(&m.name, m.kind)
                && !list.iter().any(|x| x == e)
            {
                list.push(e.to_string());
            }
        }
        doc_entities.insert(id.to_string(), list);
    })?;

    // Stories: the storylines with a member within the window of the new originals' dates.
    let days: Vec<chrono::NaiveDate> = originals.iter().filter_map(|d| d.published?.to_naive()).collect();
    let members = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => {
            let pad = chrono::Duration::days(cfg.stories.window_days);
            state.storyline_members(PartialDate::from_naive(lo - pad), PartialDate::from_naive(hi + pad))?
        }
        _ => Vec::new(),
    };
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
