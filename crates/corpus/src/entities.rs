//! Cross-document entity merging. People are keyed by surname skeleton and
//! split by first name: "Zelensky", "Zelenskyy" and "Vladimir Zelensky" are
//! one person, "Joe Biden" and "Hunter Biden" two. A bare surname joins the
//! most-mentioned person of that surname, the only evidence it offers.

use crate::aliases::{AliasRules, Forced};
use crate::names::{person_key, phrase_key};
use crate::{date_key, id_of};
use std::collections::{BTreeMap, HashMap};
use storyline_model::corpus::{DocSummary, Entity, Role};
use storyline_model::{EntityKind, PartialDate};

pub(crate) struct Entities<'a> {
    pub entities: Vec<Entity>,
    /// As in `CorpusResult`: entity numbers index `entities`.
    pub mention_entities: Vec<(String, Vec<(usize, usize)>)>,
    pub quote_speakers: Vec<(String, usize)>,
    /// Entity ids by slot: the small numbers the maps below use.
    pub ids: Vec<String>,
    /// Entity slots mentioned per document id.
    pub doc_entities: HashMap<&'a str, Vec<u32>>,
    /// Speaker entity per quote id.
    pub speaker_of: HashMap<&'a str, u32>,
}

/// One occurrence of a name: a mention, or a quote's speaker.
struct Occ<'a> {
    doc: &'a DocSummary,
    name: &'a str,
    kind: EntityKind,
    role: Option<&'a str>,
    target: Target,
}

enum Target {
    Mention(usize),
    Quote(usize),
}

#[derive(Default)]
struct Acc {
    kind: Option<EntityKind>,
    surfaces: BTreeMap<String, usize>,
    roles: BTreeMap<String, (String, Option<PartialDate>)>,
    mentions: usize,
}

pub(crate) fn merge<'a>(docs: &'a [DocSummary], rules: &AliasRules) -> Entities<'a> {
    let rules = rules.compile();
    let mut occs = Vec::new();
    for d in docs {
        for (i, m) in d.mentions.iter().enumerate() {
            occs.push(Occ { doc: d, name: &m.name, kind: m.kind, role: m.role.as_deref(), target: Target::Mention(i) });
        }
        for (i, q) in d.quotes.iter().enumerate() {
            if let Some(sp) = &q.speaker {
                let kind = q.speaker_kind.unwrap_or(EntityKind::Person);
                occs.push(Occ { doc: d, name: sp, kind, role: None, target: Target::Quote(i) });
            }
        }
    }

    // People: group by surname key, then by first-name key.
    let mut by_surname: BTreeMap<String, BTreeMap<Option<String>, usize>> = BTreeMap::new();
    for o in occs.iter().filter(|o| o.kind == EntityKind::Person && rules.lookup(o.name).is_none()) {
        if let Some((first, last)) = person_key(o.name) {
            *by_surname.entry(last).or_default().entry(first).or_default() += 1;
        }
    }
    let resolve_person = |name: &str| -> Option<String> {
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
    };

    // Entity keys are interned: one small index per occurrence, not a string.
    let mut accs: Vec<(String, Acc)> = Vec::new();
    let mut key_index: HashMap<String, u32> = HashMap::new();
    let mut assigned: Vec<Option<u32>> = Vec::with_capacity(occs.len());
    // Canonical names and kinds forced by alias rules, by entity key.
    let mut forced_names: HashMap<String, (String, Option<EntityKind>)> = HashMap::new();
    for o in &occs {
        let forced = match rules.lookup(o.name) {
            Some(Forced::Merge { key, canonical, kind }) => {
                forced_names.insert(key.clone(), (canonical.to_string(), kind));
                Some(key)
            }
            Some(Forced::Split { key }) => Some(format!("{key}:{}", o.kind.as_str())),
            None => None,
        };
        let key = if forced.is_some() {
            forced
        } else {
            match o.kind {
                EntityKind::Person => resolve_person(o.name),
                EntityKind::Org => Some(format!("org:{}", phrase_key(o.name, false))).filter(|k| k.len() > 4),
                EntityKind::Place => Some(format!("place:{}", phrase_key(o.name, true))).filter(|k| k.len() > 6),
            }
        };
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
            acc.kind = Some(o.kind);
            *acc.surfaces.entry(o.name.trim().to_string()).or_default() += 1;
            if matches!(o.target, Target::Mention(_)) {
                acc.mentions += 1;
            }
            if let Some(r) = o.role.map(str::trim).filter(|r| !r.is_empty()) {
                let e = acc.roles.entry(r.to_lowercase()).or_insert((r.to_string(), o.doc.published));
                if date_key(o.doc.published) < date_key(e.1) {
                    e.1 = o.doc.published;
                }
            }
        }
        assigned.push(slot);
    }
    drop(key_index);

    let mut entities = Vec::with_capacity(accs.len());
    let mut id_of_slot: Vec<String> = Vec::with_capacity(accs.len());
    for (key, acc) in &accs {
        let id = id_of(key);
        id_of_slot.push(id.clone());
        // Canonical: the most frequent multi-word spelling, else the most frequent.
        let name = acc
            .surfaces
            .iter()
            .max_by(|a, b| {
                let words = |s: &str| s.split_whitespace().count().min(2);
                (words(a.0), a.1).cmp(&(words(b.0), b.1)).then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        let (name, kind) = match forced_names.get(key) {
            Some((canonical, kind)) => (canonical.clone(), kind.or(acc.kind)),
            None => (name, acc.kind),
        };
        let mut roles: Vec<Role> = acc.roles.values().map(|(r, d)| Role { role: r.clone(), first_seen: *d }).collect();
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
    // Entities in id order; `at[slot]` is where a slot's entity ended up.
    let mut order: Vec<u32> = (0..entities.len() as u32).collect();
    order.sort_by(|&a, &b| entities[a as usize].id.cmp(&entities[b as usize].id));
    let mut at = vec![0usize; order.len()];
    for (pos, &slot) in order.iter().enumerate() {
        at[slot as usize] = pos;
    }
    entities.sort_by(|a, b| a.id.cmp(&b.id));

    let mut mention_entities: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut quote_speakers = Vec::new();
    let mut doc_entities: HashMap<&'a str, Vec<u32>> = HashMap::new();
    let mut speaker_of: HashMap<&'a str, u32> = HashMap::new();
    for (o, key) in occs.iter().zip(&assigned) {
        let Some(slot) = *key else { continue };
        match o.target {
            Target::Mention(i) => {
                // Occurrences come document by document: one entry per article.
                match mention_entities.last_mut() {
                    Some((doc, list)) if *doc == o.doc.id => list.push((i, at[slot as usize])),
                    _ => mention_entities.push((o.doc.id.clone(), vec![(i, at[slot as usize])])),
                }
                let slots = doc_entities.entry(o.doc.id.as_str()).or_default();
                if !slots.contains(&slot) {
                    slots.push(slot);
                }
            }
            Target::Quote(i) => {
                let qid = o.doc.quotes[i].id.as_str();
                speaker_of.insert(qid, slot);
                quote_speakers.push((qid.to_string(), at[slot as usize]));
            }
        }
    }
    for slots in doc_entities.values_mut() {
        slots.shrink_to_fit();
    }
    for (_, list) in &mut mention_entities {
        list.sort_unstable();
        list.shrink_to_fit();
    }
    mention_entities.sort();
    quote_speakers.sort();
    Entities { entities, mention_entities, quote_speakers, ids: id_of_slot, doc_entities, speaker_of }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aliases::{MergeRule, SplitRule};
    use storyline_model::{Mention, Span};

    fn doc(id: &str, names: &[(&str, EntityKind)]) -> DocSummary {
        DocSummary {
            id: id.into(),
            published: None,
            outlet: None,
            title: None,
            text_hash: 0,
            minhash: vec![],
            lead: String::new(),
            mentions: names
                .iter()
                .map(|(n, k)| Mention { span: Span::new(0, 1), kind: *k, name: n.to_string(), role: None })
                .collect(),
            quotes: vec![],
        }
    }

    fn entity_of<'a>(e: &'a Entities<'_>, alias: &str) -> &'a Entity {
        e.entities.iter().find(|x| x.aliases.iter().any(|a| a == alias)).unwrap_or_else(|| panic!("no {alias}"))
    }

    #[test]
    fn spellings_merge_and_namesakes_do_not() {
        use EntityKind::*;
        let docs = vec![
            doc("a", &[("Volodymyr Zelenskyy", Person), ("Kyiv", Place), ("Joe Biden", Person)]),
            doc(
                "b",
                &[("Vladimir Zelensky", Person), ("Kiev", Place), ("Hunter Biden", Person), ("Joe Biden", Person)],
            ),
            doc("c", &[("Zelenskiy", Person), ("Biden", Person)]),
        ];
        let e = merge(&docs, &AliasRules::default());
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
    }

    #[test]
    fn alias_rules_force_merges_and_splits() {
        use EntityKind::*;
        let docs = vec![
            doc("a", &[("Wolodymyr Selenskyj", Person), ("Volodymyr Zelensky", Person), ("Joe Biden", Person)]),
            doc("b", &[("Biden", Person)]),
        ];
        let rules = AliasRules {
            merge: vec![MergeRule {
                canonical: "Volodymyr Zelensky".into(),
                kind: Some("person".into()),
                names: vec!["Wolodymyr Selenskyj".into()],
            }],
            split: vec![SplitRule { names: vec!["Biden".into()] }],
        };
        rules.validate().unwrap();
        let e = merge(&docs, &rules);
        let z = entity_of(&e, "Wolodymyr Selenskyj");
        assert_eq!(z.id, entity_of(&e, "Volodymyr Zelensky").id);
        assert_eq!(z.name, "Volodymyr Zelensky");
        assert_ne!(entity_of(&e, "Biden").id, entity_of(&e, "Joe Biden").id, "split keeps the bare surname apart");
    }
}
