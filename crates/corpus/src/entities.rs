//! Cross-document entity merging. People are keyed by surname skeleton and
//! split by first name: "Zelensky", "Zelenskyy" and "Vladimir Zelensky" are
//! one person, "Joe Biden" and "Hunter Biden" two. A bare surname joins the
//! most-mentioned person of that surname, the only evidence it offers.
//!
//! Everything is decided per distinct (name, kind), never per occurrence:
//! mentions and speakers are streamed from the source and counted into one
//! small record per name, so memory grows with the vocabulary of names, not
//! with the corpus.
//!
//! A name is one entity whatever kind each article gave it: the kinds vote
//! ([`decide_kind`]) with the evidence each article recorded ("Wenlock" a
//! person in an article that says nothing of it, a place in one that says
//! "in Wenlock"), strong evidence before weak, the default person last.

use crate::aliases::{AliasRules, Compiled, Forced};
use crate::names::{person_key, phrase_key};
use crate::{date_key, id_of};
use std::collections::{BTreeMap, HashMap};
use storyline_model::corpus::{CorpusSource, CorpusState, DocSummary, Entity, NameEntity, NameRecord, Role};
use storyline_model::{EntityKind, PartialDate};

pub(crate) struct Entities<'a> {
    pub entities: Vec<Entity>,
    pub names: Vec<NameEntity>,
    /// Entity ids by slot: the small numbers the maps below use.
    pub ids: Vec<String>,
    /// Slot of every distinct name, per kind.
    slots: HashMap<String, [Option<u32>; 3]>,
    /// Position of every document in the summaries, by id.
    pub index: HashMap<&'a str, u32>,
    /// Entity slots mentioned per document, by position, in first-mention order.
    doc_entities: Vec<Box<[u32]>>,
}

impl Entities<'_> {
    /// The slot of the entity a name of this kind belongs to.
    pub fn slot(&self, name: &str, kind: EntityKind) -> Option<u32> {
        self.slots.get(name).and_then(|s| s[kind_index(kind)])
    }

    /// Entity slots a document mentions.
    pub fn doc_entities(&self, id: &str) -> &[u32] {
        self.index.get(id).and_then(|&i| self.doc_entities.get(i as usize)).map_or(&[], |s| &s[..])
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Place => 2,
    }
}

/// Where an occurrence is: (document position, 0 for a mention or 1 for a
/// speaker, index in the article). Ties are broken in this order, as if
/// every occurrence were visited document by document.
type Pos = (u32, u8, u32);

/// One distinct (name, kind) and what its occurrences add up to.
struct NameStat {
    name: String,
    kind: EntityKind,
    occurrences: usize,
    mentions: usize,
    /// Occurrences per evidence level for this kind (none, weak, strong);
    /// speakers count as none.
    votes: [u64; 3],
    /// Lowercased role -> (first spelling, earliest date, first position).
    roles: BTreeMap<String, (String, Option<PartialDate>, Pos)>,
    first: Pos,
    last: Pos,
}

#[derive(Default)]
struct Acc {
    kind: Option<(Pos, EntityKind)>,
    surfaces: BTreeMap<String, usize>,
    roles: BTreeMap<String, (String, Option<PartialDate>, Pos)>,
    mentions: usize,
}

impl Acc {
    /// Counts a name's mentions and roles (taken from it) into its entity;
    /// the kind is the one decided for the name seen last, as if
    /// occurrences were visited in order.
    fn add(&mut self, s: &mut NameStat, kind: EntityKind) {
        if self.kind.is_none_or(|(p, _)| s.last > p) {
            self.kind = Some((s.last, kind));
        }
        self.mentions += s.mentions;
        for (lower, (role, date, pos)) in std::mem::take(&mut s.roles) {
            let e = self.roles.entry(lower).or_insert_with(|| (role.clone(), date, pos));
            if pos < e.2 {
                (e.0, e.2) = (role, pos);
            }
            if date_key(date) < date_key(e.1) {
                e.1 = date;
            }
        }
    }
}

/// Every distinct (name, kind) seen, with its counts.
#[derive(Default)]
struct Names {
    stats: Vec<NameStat>,
    at: HashMap<String, [Option<u32>; 3]>,
}

impl Names {
    fn add(&mut self, name: &str, kind: EntityKind, pos: Pos) -> &mut NameStat {
        let slot = match self.at.get_mut(name) {
            Some(s) => s,
            None => self.at.entry(name.to_string()).or_default(),
        };
        let stats = &mut self.stats;
        let i = *slot[kind_index(kind)].get_or_insert_with(|| {
            stats.push(NameStat {
                name: name.to_string(),
                kind,
                occurrences: 0,
                mentions: 0,
                votes: [0; 3],
                roles: BTreeMap::new(),
                first: pos,
                last: pos,
            });
            (stats.len() - 1) as u32
        }) as usize;
        let s = &mut stats[i];
        s.occurrences += 1;
        s.first = s.first.min(pos);
        s.last = s.last.max(pos);
        s
    }
}

/// Counts every mention and speaker name into one [`NameStat`] each.
fn name_stats<S: CorpusSource>(docs: &[DocSummary], index: &HashMap<&str, u32>, src: &S) -> Result<Names, S::Error> {
    let mut names = Names::default();
    src.for_each_mentions(&mut |id, mentions| {
        let Some(&d) = index.get(id) else { return };
        for (i, m) in mentions.iter().enumerate() {
            let pos = (d, 0, i as u32);
            let s = names.add(&m.name, m.kind, pos);
            s.mentions += 1;
            s.votes[m.evidence.as_u8() as usize] += 1;
            if let Some(r) = m.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                let published = docs[d as usize].published;
                let e = s.roles.entry(r.to_lowercase()).or_insert_with(|| (r.to_string(), published, pos));
                if pos < e.2 {
                    (e.0, e.2) = (r.to_string(), pos);
                }
                if date_key(published) < date_key(e.1) {
                    e.1 = published;
                }
            }
        }
    })?;
    src.for_each_quotes(&mut |id, quotes| {
        let Some(&d) = index.get(id) else { return };
        for (i, q) in quotes.iter().enumerate() {
            if let Some(sp) = &q.speaker {
                names.add(sp, q.speaker_kind.unwrap_or(EntityKind::Person), (d, 1, i as u32)).votes[0] += 1;
            }
        }
    })?;
    Ok(names)
}

const KINDS: [EntityKind; 3] = [EntityKind::Org, EntityKind::Place, EntityKind::Person];

/// The kind every occurrence of a name takes, from the votes of its
/// occurrences per kind (`votes[kind_index][level]`): the strongest level
/// any occurrence reaches, then the kind with most occurrences at that
/// level; ties go to organisation, then place, then person (a capitalised
/// name with nothing else said of it is taken for a person).
pub(crate) fn decide_kind(votes: &[[u64; 3]; 3]) -> EntityKind {
    let level = (0..3).rev().find(|&l| votes.iter().any(|v| v[l] > 0)).unwrap_or(0);
    KINDS
        .into_iter()
        .max_by_key(|&k| (votes[kind_index(k)][level], 3 - KINDS.iter().position(|&x| x == k).unwrap_or(0)))
        .unwrap_or(EntityKind::Person)
}

/// The decided kind of every name stat: `at` gives all kinds of a name.
fn decided_kinds(stats: &[NameStat], at: &HashMap<String, [Option<u32>; 3]>) -> Vec<EntityKind> {
    stats
        .iter()
        .map(|s| {
            let mut votes = [[0u64; 3]; 3];
            for (k, slot) in at.get(&s.name).into_iter().flatten().enumerate() {
                if let Some(i) = slot {
                    votes[k] = stats[*i as usize].votes;
                }
            }
            decide_kind(&votes)
        })
        .collect()
}

/// Occurrences of each first name (or none) per surname, over the person
/// names no alias rule decides: how a bare surname finds its person.
type Surnames = BTreeMap<String, BTreeMap<Option<String>, usize>>;

fn count_surname(by_surname: &mut Surnames, rules: &Compiled<'_>, name: &str, kind: EntityKind, occurrences: usize) {
    if kind != EntityKind::Person || rules.lookup(name).is_some() {
        return;
    }
    if let Some((first, last)) = person_key(name) {
        *by_surname.entry(last).or_default().entry(first).or_default() += occurrences;
    }
}

/// A person's key: first name and surname, a bare surname taking the first
/// name it most often goes with.
fn resolve_person(by_surname: &Surnames, name: &str) -> Option<String> {
    let (first, last) = person_key(name)?;
    let firsts = by_surname.get(&last)?;
    let first = match first {
        Some(f) => Some(f),
        None => firsts
            .iter()
            .filter(|(k, _)| k.is_some())
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.clone())
            .unwrap_or(None),
    };
    Some(match first {
        Some(f) => format!("person:{f} {last}"),
        None => format!("person:{last}"),
    })
}

/// An alias rule's merge: the key, and the canonical name and kind it forces.
type ForcedName = (String, String, Option<EntityKind>);

/// What decides a name's entity: its key (the entity id is its hash), and
/// the canonical name and kind an alias rule forces on that key.
fn name_key(
    rules: &Compiled<'_>,
    by_surname: &Surnames,
    name: &str,
    kind: EntityKind,
) -> (Option<String>, Option<ForcedName>) {
    match rules.lookup(name) {
        Some(Forced::Merge { key, canonical, kind: forced }) => {
            (Some(key.clone()), Some((key, canonical.to_string(), forced)))
        }
        Some(Forced::Split { key }) => (Some(format!("{key}:{}", kind.as_str())), None),
        None => (
            match kind {
                EntityKind::Person => resolve_person(by_surname, name),
                EntityKind::Org => Some(format!("org:{}", phrase_key(name, false))).filter(|k| k.len() > 4),
                EntityKind::Place => Some(format!("place:{}", phrase_key(name, true))).filter(|k| k.len() > 6),
            },
            None,
        ),
    }
}

/// The name an entity is shown by: the most written of its spellings with
/// two words or more, else the most written.
fn canonical_name(surfaces: &BTreeMap<String, usize>) -> String {
    surfaces
        .iter()
        .max_by(|a, b| {
            let words = |s: &str| s.split_whitespace().count().min(2);
            (words(a.0), a.1).cmp(&(words(b.0), b.1)).then(b.0.cmp(a.0))
        })
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

pub(crate) fn merge<'a, S: CorpusSource>(
    docs: &'a [DocSummary],
    rules: &AliasRules,
    src: &S,
) -> Result<Entities<'a>, S::Error> {
    let rules = rules.compile();
    let index: HashMap<&'a str, u32> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i as u32)).collect();
    let Names { mut stats, at } = name_stats(docs, &index, src)?;
    let kinds = decided_kinds(&stats, &at);

    // People: group by surname key, then by first-name key.
    let mut by_surname = Surnames::new();
    for (s, &kind) in stats.iter().zip(&kinds) {
        count_surname(&mut by_surname, &rules, &s.name, kind, s.occurrences);
    }
    let mut order: Vec<usize> = (0..stats.len()).collect();
    order.sort_by_key(|&i| stats[i].first);
    let mut accs: Vec<(String, Acc)> = Vec::new();
    let mut key_index: HashMap<String, u32> = HashMap::new();
    let mut slot_of_stat: Vec<Option<u32>> = vec![None; stats.len()];
    // Canonical names and kinds forced by alias rules, by entity key.
    let mut forced_names: HashMap<String, (String, Option<EntityKind>)> = HashMap::new();
    for &si in &order {
        let s = &mut stats[si];
        let kind = kinds[si];
        let (key, forced) = name_key(&rules, &by_surname, &s.name, kind);
        if let Some((k, canonical, kind)) = forced {
            forced_names.insert(k, (canonical, kind));
        }
        let slot = key.map(|k| match key_index.get(&k) {
            Some(&i) => i,
            None => {
                key_index.insert(k.clone(), accs.len() as u32);
                accs.push((k, Acc::default()));
                (accs.len() - 1) as u32
            }
        });
        if let Some(i) = slot {
            let acc = &mut accs[i as usize].1;
            *acc.surfaces.entry(s.name.trim().to_string()).or_default() += s.occurrences;
            acc.add(s, kind);
        }
        slot_of_stat[si] = slot;
    }
    drop(key_index);

    let mut entities = Vec::with_capacity(accs.len());
    let mut id_of_slot: Vec<String> = Vec::with_capacity(accs.len());
    for (key, acc) in &accs {
        let id = id_of(key);
        id_of_slot.push(id.clone());
        // Canonical: the most frequent multi-word spelling, else the most frequent.
        let name = canonical_name(&acc.surfaces);
        let kind = acc.kind.map(|(_, k)| k);
        let (name, kind) = match forced_names.get(key) {
            Some((canonical, forced)) => (canonical.clone(), forced.or(kind)),
            None => (name, kind),
        };
        let mut roles: Vec<Role> =
            acc.roles.values().map(|(r, d, _)| Role { role: r.clone(), first_seen: *d }).collect();
        roles.sort_by(|a, b| date_key(a.first_seen).cmp(&date_key(b.first_seen)).then(a.role.cmp(&b.role)));
        entities.push(Entity {
            id,
            name,
            kind: kind.unwrap_or(EntityKind::Person),
            aliases: acc.surfaces.keys().cloned().collect(),
            roles,
            mentions: acc.mentions,
        });
    }
    drop(accs);
    // Entities in id order; `at_pos[slot]` is where a slot's entity ended up.
    let mut by_id: Vec<u32> = (0..entities.len() as u32).collect();
    by_id.sort_by(|&a, &b| entities[a as usize].id.cmp(&entities[b as usize].id));
    let mut at_pos = vec![0usize; by_id.len()];
    for (pos, &slot) in by_id.iter().enumerate() {
        at_pos[slot as usize] = pos;
    }
    entities.sort_by(|a, b| a.id.cmp(&b.id));

    let mut names: Vec<NameEntity> = stats
        .iter()
        .zip(&slot_of_stat)
        .filter_map(|(s, slot)| {
            slot.map(|slot| NameEntity {
                name: s.name.clone(),
                kind: s.kind,
                entity: at_pos[slot as usize],
                occurrences: s.occurrences as u64,
            })
        })
        .collect();
    names.sort_by(|a, b| a.name.cmp(&b.name).then(kind_index(a.kind).cmp(&kind_index(b.kind))));
    drop(stats);
    let slots: HashMap<String, [Option<u32>; 3]> = at
        .into_iter()
        .map(|(name, per_kind)| (name, per_kind.map(|s| s.and_then(|s| slot_of_stat[s as usize]))))
        .collect();

    let mut ents = Entities { entities, names, ids: id_of_slot, slots, index, doc_entities: Vec::new() };
    let mut doc_entities: Vec<Box<[u32]>> = vec![Box::default(); docs.len()];
    src.for_each_mentions(&mut |id, mentions| {
        let Some(&d) = ents.index.get(id) else { return };
        let own: Vec<u32> = own_outlet(docs[d as usize].outlet.as_deref(), |n, k| ents.slot(n, k));
        let mut list: Vec<u32> = Vec::new();
        for m in mentions {
            if let Some(slot) = ents.slot(&m.name, m.kind)
                && !own.contains(&slot)
                && !list.contains(&slot)
            {
                list.push(slot);
            }
        }
        doc_entities[d as usize] = list.into_boxed_slice();
    })?;
    ents.doc_entities = doc_entities;
    Ok(ents)
}

/// The entities an article's own outlet is ("(Meridian Wire) -" in its
/// dateline, "told Meridian Wire"): left out of the article's entities for
/// stories, since every article of that outlet shares them whatever its
/// event (with them, two Meridian Wire reports of different events joined
/// on the sample corpus).
pub(crate) fn own_outlet<T>(outlet: Option<&str>, entity: impl Fn(&str, EntityKind) -> Option<T>) -> Vec<T> {
    outlet.map_or_else(Vec::new, |o| KINDS.iter().filter_map(|&k| entity(o, k)).collect())
}

/// Which entity each known (name, kind) is: the earlier passes' decisions
/// and the new names', by entity id.
#[derive(Default)]
pub(crate) struct Resolver {
    ids: HashMap<String, [Option<String>; 3]>,
}

impl Resolver {
    pub fn get(&self, name: &str, kind: EntityKind) -> Option<&str> {
        self.ids.get(name).and_then(|k| k[kind_index(kind)].as_deref())
    }

    fn set(&mut self, name: &str, kind: EntityKind, id: String) {
        match self.ids.get_mut(name) {
            Some(k) => k[kind_index(kind)] = Some(id),
            None => {
                let mut k: [Option<String>; 3] = Default::default();
                k[kind_index(kind)] = Some(id);
                self.ids.insert(name.to_string(), k);
            }
        }
    }
}

/// What an incremental pass changes of the entities: name records and
/// entities to write (whole, replacing stored ones), and the resolver.
pub(crate) struct EntityDelta {
    pub names: Vec<NameRecord>,
    pub entities: Vec<Entity>,
    pub resolver: Resolver,
}

/// Decides the entities of the new articles' names against the stored
/// decisions: a name seen before keeps its entity; a new one is keyed as
/// [`merge`] keys it (a bare surname by the first names counted so far), so
/// it joins the stored entity of that key or starts one. Stored entities
/// gain the new spellings, mentions and roles; none changes its id.
pub(crate) fn extend<S: CorpusSource, T: CorpusState<Error = S::Error>>(
    docs: &[DocSummary],
    rules: &AliasRules,
    src: &S,
    state: &T,
) -> Result<EntityDelta, S::Error> {
    let rules = rules.compile();
    let index: HashMap<&str, u32> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i as u32)).collect();
    let Names { mut stats, at } = name_stats(docs, &index, src)?;
    let kinds = decided_kinds(&stats, &at);
    drop(at);
    let prior = state.name_records()?;
    let mut resolver = Resolver::default();
    let mut by_surname = Surnames::new();
    let mut records: HashMap<(String, usize), NameRecord> = HashMap::new();
    // A stored name's entity (under the kind it occurs most with): a new
    // kind of that name joins it, as the full pass's vote makes one entity
    // of a name.
    let mut stored_name: HashMap<String, (u64, String)> = HashMap::new();
    for r in prior {
        count_surname(&mut by_surname, &rules, &r.name, r.kind, r.occurrences as usize);
        resolver.set(&r.name, r.kind, r.entity_id.clone());
        let e = stored_name.entry(r.name.clone()).or_insert_with(|| (r.occurrences, r.entity_id.clone()));
        if (r.occurrences, &r.entity_id) > (e.0, &e.1) {
            *e = (r.occurrences, r.entity_id.clone());
        }
        records.insert((r.name.clone(), kind_index(r.kind)), r);
    }
    for (s, &kind) in stats.iter().zip(&kinds) {
        if !stored_name.contains_key(&s.name) {
            count_surname(&mut by_surname, &rules, &s.name, kind, s.occurrences);
        }
    }
    let mut stats: Vec<(NameStat, EntityKind)> = stats.drain(..).zip(kinds).collect();
    // Decide every new name, then gather what each touched entity gains.
    let mut gains: BTreeMap<String, Acc> = BTreeMap::new();
    let mut forced_names: HashMap<String, (String, Option<EntityKind>)> = HashMap::new();
    let mut changed: Vec<(String, usize)> = Vec::new();
    stats.sort_by_key(|(s, _)| s.first);
    for (s, kind) in &mut stats {
        let kind = *kind;
        let id = match resolver.get(&s.name, s.kind).or_else(|| stored_name.get(&s.name).map(|(_, id)| id.as_str())) {
            Some(id) => {
                let id = id.to_string();
                resolver.set(&s.name, s.kind, id.clone());
                id
            }
            None => {
                let (key, forced) = name_key(&rules, &by_surname, &s.name, kind);
                let Some(key) = key else { continue };
                let id = id_of(&key);
                if let Some((_, canonical, kind)) = forced {
                    forced_names.insert(id.clone(), (canonical, kind));
                }
                resolver.set(&s.name, s.kind, id.clone());
                id
            }
        };
        let k = (s.name.clone(), kind_index(s.kind));
        let r = records.entry(k.clone()).or_insert_with(|| NameRecord {
            name: s.name.clone(),
            kind: s.kind,
            entity_id: id.clone(),
            occurrences: 0,
        });
        r.occurrences += s.occurrences as u64;
        changed.push(k);
        gains.entry(id).or_default().add(s, kind);
    }
    let ids: Vec<String> = gains.keys().cloned().collect();
    let stored: HashMap<String, Entity> = state.entities(&ids)?.into_iter().map(|e| (e.id.clone(), e)).collect();
    // Every spelling of a touched entity with its occurrences, for its name.
    let mut surfaces: HashMap<&str, BTreeMap<String, usize>> = HashMap::new();
    for r in records.values().filter(|r| gains.contains_key(&r.entity_id)) {
        *surfaces.entry(r.entity_id.as_str()).or_default().entry(r.name.trim().to_string()).or_default() +=
            r.occurrences as usize;
    }
    let mut entities = Vec::with_capacity(gains.len());
    for (id, acc) in gains {
        let spellings = surfaces.remove(id.as_str()).unwrap_or_default();
        let mut e = stored.get(&id).cloned().unwrap_or_else(|| Entity {
            id: id.clone(),
            name: String::new(),
            kind: acc.kind.map_or(EntityKind::Person, |(_, k)| k),
            aliases: Vec::new(),
            roles: Vec::new(),
            mentions: 0,
        });
        e.mentions += acc.mentions;
        let mut aliases: std::collections::BTreeSet<String> = e.aliases.drain(..).collect();
        aliases.extend(spellings.keys().cloned());
        e.aliases = aliases.into_iter().collect();
        match forced_names.get(&id) {
            Some((canonical, kind)) => {
                e.name = canonical.clone();
                e.kind = kind.unwrap_or(e.kind);
            }
            // A name an alias rule set stays; else the best spelling so far.
            None if e.name.is_empty() || !stored.contains_key(&id) || rules.lookup(&e.name).is_none() => {
                e.name = canonical_name(&spellings);
            }
            None => {}
        }
        for (lower, (role, date, _)) in acc.roles {
            match e.roles.iter_mut().find(|r| r.role.to_lowercase() == lower) {
                Some(r) => {
                    if date_key(date) < date_key(r.first_seen) {
                        r.first_seen = date;
                    }
                }
                None => e.roles.push(Role { role, first_seen: date }),
            }
        }
        e.roles.sort_by(|a, b| date_key(a.first_seen).cmp(&date_key(b.first_seen)).then(a.role.cmp(&b.role)));
        entities.push(e);
    }
    changed.sort();
    changed.dedup();
    let names = changed.into_iter().filter_map(|k| records.remove(&k)).collect();
    Ok(EntityDelta { names, entities, resolver })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InMemory;
    use crate::aliases::{MergeRule, SplitRule};
    use storyline_model::KindEvidence;
    use storyline_model::corpus::MentionSummary;

    fn corpus(docs: &[(&str, &[(&str, EntityKind)])]) -> (Vec<DocSummary>, InMemory) {
        let docs: Vec<(&str, Vec<Named<'_>>)> = docs
            .iter()
            .map(|(id, names)| (*id, names.iter().map(|(n, k)| (*n, *k, KindEvidence::None)).collect()))
            .collect();
        let docs: Vec<Doc<'_>> = docs.iter().map(|(i, n)| (*i, &n[..])).collect();
        corpus_with(&docs)
    }

    /// A mention: name, kind and the evidence its article recorded.
    type Named<'a> = (&'a str, EntityKind, KindEvidence);
    /// A document by id, with its mentions.
    type Doc<'a> = (&'a str, &'a [Named<'a>]);

    /// Documents whose mentions carry the evidence their article recorded.
    fn corpus_with(docs: &[Doc<'_>]) -> (Vec<DocSummary>, InMemory) {
        let mut src = InMemory::default();
        let mut summaries = Vec::new();
        for (id, names) in docs {
            summaries.push(DocSummary {
                id: id.to_string(),
                published: None,
                outlet: None,
                title: None,
                text_hash: 0,
                minhash: vec![],
                lead: String::new(),
            });
            let mentions = names
                .iter()
                .map(|(n, k, e)| MentionSummary { name: n.to_string(), kind: *k, role: None, evidence: *e })
                .collect();
            src.push_doc(id.to_string(), String::new(), mentions, Vec::new());
        }
        (summaries, src)
    }

    fn entity_of<'a>(e: &'a Entities<'_>, alias: &str) -> &'a Entity {
        e.entities.iter().find(|x| x.aliases.iter().any(|a| a == alias)).unwrap_or_else(|| panic!("no {alias}"))
    }

    #[test]
    fn spellings_merge_and_namesakes_do_not() {
        use EntityKind::*;
        let (docs, src) = corpus(&[
            ("a", &[("Volodymyr Zelenskyy", Person), ("Kyiv", Place), ("Joe Biden", Person)]),
            ("b", &[("Vladimir Zelensky", Person), ("Kiev", Place), ("Hunter Biden", Person), ("Joe Biden", Person)]),
            ("c", &[("Zelenskiy", Person), ("Biden", Person)]),
        ]);
        let e = merge(&docs, &AliasRules::default(), &src).unwrap();
        let z = entity_of(&e, "Volodymyr Zelenskyy");
        assert_eq!(entity_of(&e, "Vladimir Zelensky").id, z.id);
        assert_eq!(entity_of(&e, "Zelenskiy").id, z.id);
        assert_eq!(entity_of(&e, "Kiev").id, entity_of(&e, "Kyiv").id);
        assert_ne!(entity_of(&e, "Joe Biden").id, entity_of(&e, "Hunter Biden").id);
        assert_eq!(
            entity_of(&e, "Biden").id,
            entity_of(&e, "Joe Biden").id,
            "a bare surname joins the most-mentioned namesake"
        );
        assert_eq!(z.mentions, 3);
        // Every name maps to its entity; documents know what they mention.
        let slot = e.slot("Zelenskiy", Person).unwrap();
        assert_eq!(e.ids[slot as usize], z.id);
        assert!(e.doc_entities("c").contains(&slot));
        let named = e.names.iter().find(|n| n.name == "Kiev").unwrap();
        assert_eq!(e.entities[named.entity].id, entity_of(&e, "Kyiv").id);
        assert_eq!(e.slot("Kiev", Person), None, "the kind is part of the name");
    }

    #[test]
    fn alias_rules_force_merges_and_splits() {
        use EntityKind::*;
        let (docs, src) = corpus(&[
            ("a", &[("Wolodymyr Selenskyj", Person), ("Volodymyr Zelensky", Person), ("Joe Biden", Person)]),
            ("b", &[("Biden", Person)]),
        ]);
        let rules = AliasRules {
            merge: vec![MergeRule {
                canonical: "Volodymyr Zelensky".into(),
                kind: Some("person".into()),
                names: vec!["Wolodymyr Selenskyj".into()],
            }],
            split: vec![SplitRule { names: vec!["Biden".into()] }],
        };
        rules.validate().unwrap();
        let e = merge(&docs, &rules, &src).unwrap();
        let z = entity_of(&e, "Wolodymyr Selenskyj");
        assert_eq!(z.id, entity_of(&e, "Volodymyr Zelensky").id);
        assert_eq!(z.name, "Volodymyr Zelensky");
        assert_ne!(entity_of(&e, "Biden").id, entity_of(&e, "Joe Biden").id, "split keeps the bare surname apart");
    }

    #[test]
    fn a_name_is_one_entity_of_the_kind_its_evidence_supports() {
        use EntityKind::*;
        use KindEvidence::{None as Nothing, Strong, Weak};
        // "Wenlock" says nothing of itself in two articles and is "in
        // Wenlock" in one; "Jordan" is a coach once ("coach Jordan") and
        // "in Jordan" twice; "Harlow" has no evidence anywhere.
        let (docs, src) = corpus_with(&[
            ("a", &[("Wenlock", Person, Nothing), ("Jordan", Person, Strong), ("Harlow", Person, Nothing)]),
            ("b", &[("Wenlock", Place, Weak), ("Jordan", Place, Weak)]),
            ("c", &[("Wenlock", Person, Nothing), ("Jordan", Place, Weak), ("Harlow", Person, Nothing)]),
        ]);
        let e = merge(&docs, &AliasRules::default(), &src).unwrap();
        let wenlock = entity_of(&e, "Wenlock");
        assert_eq!(wenlock.kind, Place, "context beats the default person");
        assert_eq!(e.slot("Wenlock", Person), e.slot("Wenlock", Place), "one entity, whatever each article said");
        assert_eq!(wenlock.mentions, 3);
        assert_eq!(entity_of(&e, "Jordan").kind, Person, "a role beats two prepositions");
        assert_eq!(e.slot("Jordan", Person), e.slot("Jordan", Place));
        assert_eq!(entity_of(&e, "Harlow").kind, Person, "a person when nothing else speaks");
        assert_eq!(e.entities.len(), 3);
        assert!(e.doc_entities("c").contains(&e.slot("Wenlock", Person).unwrap()));
    }

    #[test]
    fn an_incremental_pass_gives_a_name_the_entity_and_kind_of_a_full_pass() {
        use crate::incremental::MemoryCorpus;
        use EntityKind::*;
        use KindEvidence::{None as Nothing, Weak};
        use storyline_model::corpus::CorpusState;
        let all: [Doc<'_>; 4] = [
            ("a", &[("Wenlock", Place, Weak)]),
            ("b", &[("Harlow", Person, Nothing)]),
            // Later: a stored name under another kind, and a new name whose
            // two new articles disagree.
            ("c", &[("Wenlock", Person, Nothing), ("Tarrow", Person, Nothing)]),
            ("d", &[("Tarrow", Place, Weak)]),
        ];
        let kinds = |m: &MemoryCorpus| -> BTreeMap<(String, EntityKind), (String, EntityKind)> {
            let records = m.name_records().unwrap();
            let ids: Vec<String> = records.iter().map(|r| r.entity_id.clone()).collect();
            let ents: HashMap<String, EntityKind> =
                m.entities(&ids).unwrap().into_iter().map(|e| (e.id, e.kind)).collect();
            records.into_iter().map(|r| ((r.name, r.kind), (r.entity_id.clone(), ents[&r.entity_id]))).collect()
        };
        let cfg = crate::CorpusConfig::default();
        let (docs, src) = corpus_with(&all);
        let full = kinds(&MemoryCorpus::new(docs, src, &cfg));
        let (first, first_src) = corpus_with(&all[..2]);
        let mut grown = MemoryCorpus::new(first, first_src, &cfg);
        let (later, later_src) = corpus_with(&all[2..]);
        grown.extend(later, later_src, &cfg);
        assert_eq!(kinds(&grown), full);
        assert_eq!(full[&("Wenlock".to_string(), Person)].1, Place);
        assert_eq!(full[&("Tarrow".to_string(), Person)], full[&("Tarrow".to_string(), Place)]);
        assert_eq!(full[&("Tarrow".to_string(), Person)].1, Place);
    }
}
