//! Story grouping: single-pass clustering of articles in publication order.
//! An article joins the most similar story still active (last article within
//! the time window) when TF-IDF cosine to the story's centroid, blended with
//! the overlap of named entities, clears a threshold; else it starts a story.

use crate::entities::Entities;
use crate::{date_key, id_of};
use std::collections::{HashMap, HashSet};
use storyline_model::PartialDate;
use storyline_model::corpus::{DocSummary, Story};

#[derive(Clone, Debug)]
pub struct StoryConfig {
    /// An article may join a story whose last article is at most this many days older.
    pub window_days: i64,
    /// Minimum blended similarity to join a story.
    pub threshold: f32,
    /// Weight of entity overlap in the blend (the rest is text cosine).
    pub entity_weight: f32,
    /// Extra weight of capitalised words in the text vectors.
    pub name_boost: f32,
    /// Terms kept per article vector (the strongest by TF-IDF).
    pub max_terms: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig { window_days: 4, threshold: 0.25, entity_weight: 0.1, name_boost: 2.0, max_terms: 64 }
    }
}

const STOPWORDS: &str = "the a an and or but of to in on at for with by from as is was were be been are it its this that these those he she they his her their them we our you your i not no said says say told would could should will can has have had after before over about into than then there which who whom what when where while also more most new one two three mr ms";

/// Lowercased, lightly stemmed tokens with a weight: capitalised words
/// (names, places) tell two events of the same kind apart, so they count more.
fn tokens(text: &str, stop: &HashSet<&str>, name_boost: f32) -> Vec<(String, f32)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| {
            let boost = if w.chars().next().is_some_and(char::is_uppercase) { name_boost } else { 1.0 };
            let w = w.to_lowercase();
            // Light stemming: plural and possessive forms only.
            let w = match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 4 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            };
            (w, boost)
        })
        .filter(|(w, _)| !stop.contains(w.as_str()))
        .collect()
}

type Vector = Vec<(u32, f32)>;

fn cosine(a: &Vector, b: &HashMap<u32, f32>, b_norm: f32) -> f32 {
    if b_norm == 0.0 {
        return 0.0;
    }
    a.iter().map(|(t, w)| w * b.get(t).copied().unwrap_or(0.0)).sum::<f32>() / b_norm
}

struct Cluster {
    first: usize,
    members: Vec<usize>,
    centroid: HashMap<u32, f32>,
    /// Squared norm of the centroid, kept up to date as members join.
    norm2: f32,
    entities: HashMap<String, usize>,
    last: Option<PartialDate>,
}

fn days_between(a: PartialDate, b: PartialDate) -> Option<i64> {
    let (a, b) = (a.to_naive()?, b.to_naive()?);
    Some((b - a).num_days())
}

pub(crate) fn cluster(docs: &[&DocSummary], ents: &Entities, cfg: &StoryConfig) -> Vec<Story> {
    let stop: HashSet<&str> = STOPWORDS.split_whitespace().collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        date_key(docs[a].published).cmp(&date_key(docs[b].published)).then(docs[a].id.cmp(&docs[b].id))
    });

    // Vocabulary and document frequencies over the title and the text.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut tfs: Vec<HashMap<u32, f32>> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        let title = d.title.as_deref().unwrap_or("");
        let title_tokens = tokens(title, &stop, cfg.name_boost).into_iter().map(|(w, b)| (w, 2.0 * b));
        for (w, weight) in title_tokens.chain(tokens(&d.text, &stop, cfg.name_boost)) {
            let next = vocab.len() as u32;
            let id = *vocab.entry(w).or_insert(next);
            if id as usize == df.len() {
                df.push(0);
            }
            *tf.entry(id).or_default() += weight;
        }
        for &t in tf.keys() {
            df[t as usize] += 1;
        }
        tfs.push(tf);
    }
    let n = docs.len() as f32;
    let vectors: Vec<Vector> = tfs
        .into_iter()
        .map(|tf| {
            let mut v: Vector = tf
                .into_iter()
                .map(|(t, f)| (t, (1.0 + f.ln()) * ((1.0 + n) / (1.0 + df[t as usize] as f32)).ln()))
                .collect();
            // Keep the strongest terms: enough to compare, cheap to sum.
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(cfg.max_terms);
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v
        })
        .collect();

    let mut clusters: Vec<Cluster> = Vec::new();
    for &i in &order {
        let d = docs[i];
        let doc_ents: &[String] = ents.doc_entities.get(&d.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut best: Option<(usize, f32)> = None;
        for (ci, c) in clusters.iter().enumerate() {
            if let (Some(last), Some(now)) = (c.last, d.published) {
                match days_between(last, now) {
                    Some(days) if days > cfg.window_days => continue,
                    _ => {}
                }
            }
            let text = cosine(&vectors[i], &c.centroid, c.norm2.sqrt());
            let shared = doc_ents.iter().filter(|e| c.entities.contains_key(*e)).count();
            let ent = if doc_ents.is_empty() {
                0.0
            } else {
                shared as f32 / doc_ents.len().min(c.entities.len()).max(1) as f32
            };
            let sim = (1.0 - cfg.entity_weight) * text + cfg.entity_weight * ent;
            if sim >= cfg.threshold && best.is_none_or(|(_, s)| sim > s) {
                best = Some((ci, sim));
            }
        }
        let ci = match best {
            Some((ci, _)) => ci,
            None => {
                clusters.push(Cluster {
                    first: i,
                    members: Vec::new(),
                    centroid: HashMap::new(),
                    norm2: 0.0,
                    entities: HashMap::new(),
                    last: None,
                });
                clusters.len() - 1
            }
        };
        let c = &mut clusters[ci];
        c.members.push(i);
        for (t, w) in &vectors[i] {
            let slot = c.centroid.entry(*t).or_default();
            c.norm2 += (*slot + w) * (*slot + w) - *slot * *slot;
            *slot += w;
        }
        for e in doc_ents {
            *c.entities.entry(e.clone()).or_default() += 1;
        }
        if date_key(d.published) > date_key(c.last) || c.last.is_none() {
            c.last = d.published.or(c.last);
        }
    }

    let mut stories: Vec<Story> = clusters
        .into_iter()
        .map(|c| {
            let first = docs[c.first];
            let dates: Vec<PartialDate> = c.members.iter().filter_map(|&m| docs[m].published).collect();
            let title = c
                .members
                .iter()
                .find_map(|&m| docs[m].title.clone())
                .unwrap_or_else(|| first.text.chars().take(80).collect());
            let mut articles: Vec<String> = c.members.iter().map(|&m| docs[m].id.clone()).collect();
            articles.sort();
            Story {
                id: id_of(&format!("story:{}", first.id)),
                title,
                articles,
                first_seen: dates.iter().min().copied(),
                last_seen: dates.iter().max().copied(),
            }
        })
        .collect();
    stories.sort_by(|a, b| date_key(a.first_seen).cmp(&date_key(b.first_seen)).then(a.id.cmp(&b.id)));
    stories
}
