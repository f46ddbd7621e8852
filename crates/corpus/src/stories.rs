//! Story grouping in two levels.
//!
//! 1. Storylines: single-pass clustering of articles in publication order. An
//!    article joins the most similar storyline still active (last article
//!    within the time window) when TF-IDF cosine to its centroid, blended with
//!    the overlap of named entities, clears a low threshold; else it starts
//!    one. This pass is linear in articles × active storylines.
//! 2. Stories (events): inside each storyline, complete-link agglomerative
//!    clustering of the articles, cut at `threshold`. Complete link keeps two
//!    events of the same kind apart (two earthquakes, two rehab stays) that a
//!    centroid merges: every pair of articles in a story must be similar, not
//!    just each article to the average. Two articles are compared by their
//!    TF-IDF vectors blended with the names (entities, years) they share;
//!    the few articles complete link leaves in fragments then join the event
//!    they are most like on average, if published while it was reported and
//!    not a tighter event of their own (see `Fragments`).

use crate::entities::Entities;
use crate::{date_key, id_of};
use chrono::Datelike;
use std::collections::{HashMap, HashSet};
use storyline_model::PartialDate;
use storyline_model::corpus::{CorpusSource, DocSummary, Story, StoryMember, TermCount, TermDf};

#[derive(Clone, Debug)]
pub struct StoryConfig {
    /// An article may join a story whose last article is at most this many days older.
    pub window_days: i64,
    /// Minimum blended similarity to join a storyline (first level).
    pub storyline_threshold: f32,
    /// Minimum cosine between every two articles of one story (second level).
    pub threshold: f32,
    /// Two dated articles further apart than this many days are never one story.
    pub event_days: i64,
    /// Inside a storyline too big for complete link: the single-pass
    /// threshold and window (days) that split it into events.
    pub split_threshold: f32,
    pub split_days: i64,
    /// Storylines larger than this are split by the strict single pass,
    /// not complete link (which is quadratic in the storyline's size).
    pub max_refine: usize,
    /// Weight of entity overlap in the blend (the rest is text cosine).
    pub entity_weight: f32,
    /// Extra weight of capitalised words in the text vectors.
    pub name_boost: f32,
    /// Weight of shared names (entities and years, Jaccard) in the
    /// similarity of two articles inside a storyline (the rest is text cosine).
    pub name_weight: f32,
    /// Parts of at most this many articles left by complete link join the
    /// event they are most similar to on average (see `Fragments`).
    pub max_fragment: usize,
    /// A fragment joins only an event reported within this many days of it.
    pub fragment_days: i64,
    /// Terms kept per article vector (the strongest by TF-IDF).
    pub max_terms: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            window_days: 90,
            storyline_threshold: 0.1,
            threshold: 0.1,
            max_refine: 2_000,
            split_threshold: 0.25,
            split_days: 4,
            event_days: 366,
            entity_weight: 0.1,
            name_boost: 3.0,
            name_weight: 0.2,
            max_fragment: 5,
            fragment_days: 4,
            max_terms: 64,
        }
    }
}

const STOPWORDS: &str = "the a an and or but of to in on at for with by from as is was were be been are it its this that these those he she they his her their them we our you your i not no said says say told would could should will can has have had after before over about into than then there which who whom what when where while also more most new one two three mr ms";

/// A year of the last two centuries written out ("2008"): the one kind of
/// number kept as a term, since reports of one event name the same years.
fn year_of(w: &str) -> Option<i32> {
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1900..2100).contains(&y).then_some(y)
}

/// Term hash of every year `year_of` keeps, to the year.
fn year_terms() -> &'static HashMap<u64, i32> {
    static YEARS: std::sync::OnceLock<HashMap<u64, i32>> = std::sync::OnceLock::new();
    YEARS.get_or_init(|| (1900..2100).map(|y| (term_hash(&y.to_string()), y)).collect())
}

/// Lowercased, lightly stemmed terms, each with whether it was written
/// capitalised: capitalised words (names, places) tell two events of the
/// same kind apart, so they count more. Numbers are dropped, except years.
fn terms<'a>(text: &'a str, stop: &'a HashSet<&str>) -> impl Iterator<Item = (String, bool)> + 'a {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && (!w.chars().all(|c| c.is_ascii_digit()) || year_of(w).is_some()))
        .map(|w| {
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            let w = w.to_lowercase();
            // Light stemming: plural and possessive forms only.
            let w = match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 4 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            };
            (w, capitalised)
        })
        .filter(|(w, _)| !stop.contains(w.as_str()))
}

fn stopwords() -> &'static HashSet<&'static str> {
    static STOP: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    STOP.get_or_init(|| STOPWORDS.split_whitespace().collect())
}

fn term_hash(term: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(term.as_bytes())
}

/// Every term of a text with its counts, in order of first occurrence: the
/// per-article half of the story vectors, computed at analysis time.
pub(crate) fn term_counts(text: &str) -> Vec<TermCount> {
    let mut out: Vec<TermCount> = Vec::new();
    let mut at: HashMap<u64, usize> = HashMap::new();
    for (w, capitalised) in terms(text, stopwords()) {
        let term = term_hash(&w);
        let i = *at.entry(term).or_insert_with(|| {
            out.push(TermCount { term, plain: 0, capitalised: 0 });
            out.len() - 1
        });
        let c = &mut out[i];
        if capitalised {
            c.capitalised = c.capitalised.saturating_add(1);
        } else {
            c.plain = c.plain.saturating_add(1);
        }
    }
    out
}

/// Term frequencies of one article (title words count double), in order of
/// first occurrence, title first. `id` maps a term hash to a vocabulary id.
fn doc_tf(
    title: Option<&str>,
    counts: &[TermCount],
    cfg: &StoryConfig,
    mut id: impl FnMut(u64) -> Option<u32>,
) -> Vec<(u32, f32)> {
    let mut tf: Vec<(u32, f32)> = Vec::new();
    let mut at: HashMap<u32, usize> = HashMap::new();
    let mut add = |term: u64, weight: f32| {
        let Some(t) = id(term) else { return };
        let i = *at.entry(t).or_insert_with(|| {
            tf.push((t, 0.0));
            tf.len() - 1
        });
        tf[i].1 += weight;
    };
    for (w, capitalised) in terms(title.unwrap_or(""), stopwords()) {
        add(term_hash(&w), 2.0 * if capitalised { cfg.name_boost } else { 1.0 });
    }
    for c in counts {
        add(c.term, c.plain as f32 + c.capitalised as f32 * cfg.name_boost);
    }
    tf
}

/// Calls `f` once for every document, with its streamed term counts (or
/// none), in the order of `docs` as long as the source streams in that order.
fn visit<S: CorpusSource>(
    docs: &[&DocSummary],
    src: &S,
    mut f: impl FnMut(usize, &[TermCount]),
) -> Result<(), S::Error> {
    let pos: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let mut seen = vec![false; docs.len()];
    let mut next = 0;
    src.for_each_terms(&mut |id, counts| {
        let Some(&i) = pos.get(id) else { return };
        if seen[i] {
            return;
        }
        // Documents the source had no counts for keep their place in the order.
        while next < i {
            if !seen[next] {
                seen[next] = true;
                f(next, &[]);
            }
            next += 1;
        }
        seen[i] = true;
        f(i, counts);
        next = next.max(i + 1);
    })?;
    for (i, done) in seen.iter().enumerate() {
        if !done {
            f(i, &[]);
        }
    }
    Ok(())
}

type Vector = Vec<(u32, f32)>;

/// Terms and entities held by more storylines than this are too common to
/// find candidates with (their weight is small anyway).
const MAX_POSTINGS: usize = 4_096;

fn cosine(a: &Vector, b: &HashMap<u32, f32>, b_norm: f32) -> f32 {
    if b_norm == 0.0 {
        return 0.0;
    }
    a.iter().map(|(t, w)| w * b.get(t).copied().unwrap_or(0.0)).sum::<f32>() / b_norm
}

struct Cluster {
    members: Vec<usize>,
    centroid: HashMap<u32, f32>,
    /// Squared norm of the centroid, kept up to date as members join.
    norm2: f32,
    /// Entity slots (see `Entities::ids`) of the members, with counts.
    entities: HashMap<u32, usize>,
    last: Option<PartialDate>,
}

fn days_between(a: PartialDate, b: PartialDate) -> Option<i64> {
    let (a, b) = (a.to_naive()?, b.to_naive()?);
    Some((b - a).num_days())
}

/// Single-pass clustering of `order` (indices into `docs`, in publication
/// order): each article joins the most similar cluster whose last article is
/// at most `window_days` older, when the blended similarity clears
/// `threshold`; else it starts one. Members stay in the given order.
fn single_pass(
    order: &[usize],
    docs: &[&DocSummary],
    ents: &Entities<'_>,
    vectors: &[Vector],
    cfg: &StoryConfig,
    threshold: f32,
    window_days: i64,
) -> Vec<Cluster> {
    let mut lines = Storylines::default();
    for &i in order {
        let d = docs[i];
        let doc_ents: &[u32] = ents.doc_entities(&d.id);
        let ci = match lines.best(&vectors[i], doc_ents, d.published, cfg, threshold, window_days) {
            Some(ci) => ci,
            None => lines.start(),
        };
        lines.join(ci, i, &vectors[i], doc_ents, d.published);
    }
    lines.clusters
}

/// Clusters of a single pass, with the postings that find the candidates
/// an article is compared with.
#[derive(Default)]
struct Storylines {
    clusters: Vec<Cluster>,
    // Which clusters hold a term or an entity: only those can clear the
    // threshold, so an article is compared with them, not with every cluster.
    by_term: HashMap<u32, Vec<usize>>,
    by_entity: HashMap<u32, Vec<usize>>,
    seen_at: Vec<usize>,
    step: usize,
    candidates: Vec<usize>,
}

impl Storylines {
    /// A new empty cluster's index.
    fn start(&mut self) -> usize {
        self.seen_at.push(0);
        self.clusters.push(Cluster {
            members: Vec::new(),
            centroid: HashMap::new(),
            norm2: 0.0,
            entities: HashMap::new(),
            last: None,
        });
        self.clusters.len() - 1
    }

    /// The cluster most like an article (its vector, entity slots and
    /// date): among those sharing a term or an entity with it, whose last
    /// article is at most `window_days` older, by text cosine to the
    /// centroid blended with the share of entities, if that clears `threshold`.
    fn best(
        &mut self,
        vector: &Vector,
        entities: &[u32],
        published: Option<PartialDate>,
        cfg: &StoryConfig,
        threshold: f32,
        window_days: i64,
    ) -> Option<usize> {
        self.step += 1;
        self.candidates.clear();
        let lists = vector
            .iter()
            .filter_map(|(t, _)| self.by_term.get(t))
            .chain(entities.iter().filter_map(|e| self.by_entity.get(e)));
        for list in lists {
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &ci in list {
                if self.seen_at[ci] != self.step {
                    self.seen_at[ci] = self.step;
                    self.candidates.push(ci);
                }
            }
        }
        self.candidates.sort_unstable();
        let mut best: Option<(usize, f32)> = None;
        for &ci in &self.candidates {
            let c = &self.clusters[ci];
            if let (Some(last), Some(now)) = (c.last, published)
                && days_between(last, now).is_some_and(|d| d > window_days)
            {
                continue;
            }
            let text = cosine(vector, &c.centroid, c.norm2.sqrt());
            let shared = entities.iter().filter(|e| c.entities.contains_key(*e)).count();
            let ent = if entities.is_empty() {
                0.0
            } else {
                shared as f32 / entities.len().min(c.entities.len()).max(1) as f32
            };
            let sim = (1.0 - cfg.entity_weight) * text + cfg.entity_weight * ent;
            if sim >= threshold && best.is_none_or(|(_, s)| sim > s) {
                best = Some((ci, sim));
            }
        }
        best.map(|(ci, _)| ci)
    }

    /// Adds article `member` to cluster `ci`.
    fn join(&mut self, ci: usize, member: usize, vector: &Vector, entities: &[u32], published: Option<PartialDate>) {
        let c = &mut self.clusters[ci];
        c.members.push(member);
        for (t, w) in vector {
            let slot = c.centroid.entry(*t).or_insert_with(|| {
                self.by_term.entry(*t).or_default().push(ci);
                0.0
            });
            c.norm2 += (*slot + w) * (*slot + w) - *slot * *slot;
            *slot += w;
        }
        for e in entities {
            *c.entities.entry(*e).or_insert_with(|| {
                self.by_entity.entry(*e).or_default().push(ci);
                0
            }) += 1;
        }
        if date_key(published) > date_key(c.last) || c.last.is_none() {
            c.last = published.or(c.last);
        }
    }
}

pub(crate) fn cluster<S: CorpusSource>(
    docs: &[&DocSummary],
    ents: &Entities<'_>,
    cfg: &StoryConfig,
    src: &S,
) -> Result<(Vec<Story>, TermDf), S::Error> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        date_key(docs[a].published).cmp(&date_key(docs[b].published)).then(docs[a].id.cmp(&docs[b].id))
    });

    // Vocabulary and document frequencies over the title and the text, with
    // the term counts streamed from the source (never all held at once).
    let mut vocab: HashMap<u64, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    visit(docs, src, |i, counts| {
        let tf = doc_tf(docs[i].title.as_deref(), counts, cfg, |term| {
            let next = vocab.len() as u32;
            let id = *vocab.entry(term).or_insert(next);
            if id as usize == df.len() {
                df.push(0);
            }
            Some(id)
        });
        for (t, _) in tf {
            df[t as usize] += 1;
        }
    })?;
    // Second stream: each article's strongest terms by TF-IDF.
    let n = docs.len() as f32;
    let mut vectors: Vec<Vector> = vec![Vec::new(); docs.len()];
    let mut years: Vec<Box<[i32]>> = vec![Box::default(); docs.len()];
    visit(docs, src, |i, counts| {
        years[i] = doc_years(counts, docs[i].title.as_deref(), docs[i].published);
        let tf = doc_tf(docs[i].title.as_deref(), counts, cfg, |term| vocab.get(&term).copied());
        let mut v: Vector = tf
            .into_iter()
            .map(|(t, f)| (t, (1.0 + f.ln()) * ((1.0 + n) / (1.0 + df[t as usize] as f32)).ln()))
            .collect();
        // Keep the strongest terms: enough to compare, cheap to sum.
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(cfg.max_terms);
        v.shrink_to_fit();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
        v.iter_mut().for_each(|(_, w)| *w /= norm);
        vectors[i] = v;
    })?;
    let mut term_df: Vec<(u64, u32)> = vocab.into_iter().map(|(h, id)| (h, df[id as usize])).collect();
    term_df.sort_unstable();
    drop(df);
    let term_df = TermDf { docs: docs.len() as u32, df: term_df };

    let clusters = single_pass(&order, docs, ents, &vectors, cfg, cfg.storyline_threshold, cfg.window_days);

    // Second level: split each storyline into events. Members stay in
    // publication order, so a story's first member is its earliest article.
    let mut groups: Vec<Group> = Vec::with_capacity(clusters.len());
    for c in &clusters {
        let storyline = id_of(&format!("story:{}", docs[c.members[0]].id));
        if c.members.len() < 2 {
            groups.push(Group { members: c.members.clone(), storyline });
            continue;
        }
        if c.members.len() > cfg.max_refine {
            // Too big to compare every pair: events by a strict single pass
            // in a short window instead.
            for part in single_pass(&c.members, docs, ents, &vectors, cfg, cfg.split_threshold, cfg.split_days) {
                groups.push(Group { members: part.members, storyline: storyline.clone() });
            }
            continue;
        }
        let vs: Vec<Vector> = c
            .members
            .iter()
            .map(|&m| {
                let mut v = vectors[m].clone();
                v.sort_by_key(|(t, _)| *t);
                v
            })
            .collect();
        let names: Vec<Vec<u64>> =
            c.members.iter().map(|&m| names_of(ents.doc_entities(&docs[m].id), &years[m])).collect();
        let dates: Vec<Option<PartialDate>> = c.members.iter().map(|&m| docs[m].published).collect();
        let apart = |a: usize, b: usize| match (dates[a], dates[b]) {
            (Some(x), Some(y)) => days_between(x, y).is_some_and(|d| d.abs() > cfg.event_days),
            _ => false,
        };
        let sim = |a: usize, b: usize| {
            let text = dot_sorted(&vs[a], &vs[b]);
            match jaccard(&names[a], &names[b]) {
                Some(j) => (1.0 - cfg.name_weight) * text + cfg.name_weight * j,
                None => text,
            }
        };
        let parts = complete_link(vs.len(), cfg.threshold, apart, sim);
        let day = |a: usize| dates[a].and_then(|d| d.to_naive()).map(|d| i64::from(d.num_days_from_ce()));
        let fragments = Fragments { max_len: cfg.max_fragment, threshold: cfg.threshold, days: cfg.fragment_days };
        for part in fragments.attach(parts, apart, sim, day) {
            groups.push(Group {
                members: part.into_iter().map(|k| c.members[k]).collect(),
                storyline: storyline.clone(),
            });
        }
    }

    let mut stories: Vec<Story> = groups
        .into_iter()
        .map(|c| {
            let first = docs[c.members[0]];
            let dates: Vec<PartialDate> = c.members.iter().filter_map(|&m| docs[m].published).collect();
            let title = c
                .members
                .iter()
                .find_map(|&m| docs[m].title.clone())
                .unwrap_or_else(|| first.lead.chars().take(80).collect());
            let mut articles: Vec<String> = c.members.iter().map(|&m| docs[m].id.clone()).collect();
            articles.sort();
            Story {
                id: id_of(&format!("story:{}", first.id)),
                title,
                articles,
                first_seen: dates.iter().min().copied(),
                last_seen: dates.iter().max().copied(),
                storyline: c.storyline,
            }
        })
        .collect();
    stories.sort_by(|a, b| date_key(a.first_seen).cmp(&date_key(b.first_seen)).then(a.id.cmp(&b.id)));
    Ok((stories, term_df))
}

/// What an incremental pass changes of the stories: each story that is new
/// or gained articles (`articles` lists only the ones added; `first_seen`
/// and `last_seen` cover every member; a stored story keeps its title), and
/// the document frequencies with the new originals counted.
pub(crate) struct StoryDelta {
    pub stories: Vec<Story>,
    pub term_df: TermDf,
}

/// One article an incremental pass compares: stored or new.
struct Item {
    id: String,
    published: Option<PartialDate>,
    vector: Vector,
    /// Sorted by term id, for `dot_sorted`.
    sorted: Vector,
    names: Vec<u64>,
    entities: Vec<u32>,
}

/// One story (event) inside a storyline.
struct Event {
    id: String,
    members: Vec<usize>,
    added: Vec<usize>,
    title: Option<String>,
}

/// Places new originals into the stored stories without moving any stored
/// article: each joins the storyline it is most like (as the single pass
/// does, each storyline represented by its `members`: the stored articles
/// published within the window of the new ones' dates), then,
/// inside it, the event every member of which it is like (complete link),
/// the most alike on average, else the event it is most like on average if
/// published while that event was reported (as a fragment joins), else it
/// starts a story of its own. Stored stories keep their ids and articles.
pub(crate) fn extend<S: CorpusSource>(
    new: &[&DocSummary],
    new_entities: &HashMap<String, Vec<String>>,
    prior_df: TermDf,
    members: Vec<StoryMember>,
    leaving: &HashSet<String>,
    cfg: &StoryConfig,
    src: &S,
) -> Result<StoryDelta, S::Error> {
    let mut terms: HashMap<u64, u32> = HashMap::new();
    let mut intern = |h: u64| {
        let next = terms.len() as u32;
        Some(*terms.entry(h).or_insert(next))
    };
    let mut entity_slots: HashMap<String, u32> = HashMap::new();
    let mut slot = |e: &str| {
        let next = entity_slots.len() as u32;
        *entity_slots.entry(e.to_string()).or_insert(next)
    };
    // Term frequencies (by local term id) of the new articles, then of the stored ones.
    let mut tfs: Vec<Vec<(u32, f32)>> = vec![Vec::new(); new.len()];
    let mut years: Vec<Box<[i32]>> = vec![Box::default(); new.len()];
    visit(new, src, |i, counts| {
        years[i] = doc_years(counts, new[i].title.as_deref(), new[i].published);
        tfs[i] = doc_tf(new[i].title.as_deref(), counts, cfg, &mut intern);
    })?;
    let mut member_tfs: Vec<Vec<(u32, f32)>> = Vec::with_capacity(members.len());
    let mut member_years: Vec<Box<[i32]>> = Vec::with_capacity(members.len());
    for m in &members {
        member_years.push(doc_years(&m.terms, m.doc.title.as_deref(), m.doc.published));
        member_tfs.push(doc_tf(m.doc.title.as_deref(), &m.terms, cfg, &mut intern));
    }
    // Document frequencies: the stored ones, the new originals counted in
    // and the originals that became copies counted out.
    let hash_of: Vec<u64> = {
        let mut v = vec![0u64; terms.len()];
        for (&h, &id) in &terms {
            v[id as usize] = h;
        }
        v
    };
    let mut df: HashMap<u64, u32> = prior_df.df.into_iter().collect();
    let mut docs = i64::from(prior_df.docs);
    for tf in &tfs {
        docs += 1;
        for (t, _) in tf {
            *df.entry(hash_of[*t as usize]).or_default() += 1;
        }
    }
    for (m, tf) in members.iter().zip(&member_tfs) {
        if leaving.contains(&m.doc.id) {
            docs -= 1;
            for (t, _) in tf {
                if let Some(n) = df.get_mut(&hash_of[*t as usize]) {
                    *n = n.saturating_sub(1);
                }
            }
        }
    }
    let n = docs.max(1) as f32;
    let vector = |tf: &[(u32, f32)]| -> Vector {
        let mut v: Vector = tf
            .iter()
            .map(|&(t, f)| {
                let d = df.get(&hash_of[t as usize]).copied().unwrap_or(1).max(1);
                (t, (1.0 + f.ln()) * ((1.0 + n) / (1.0 + d as f32)).ln())
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(cfg.max_terms);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
        v.iter_mut().for_each(|(_, w)| *w /= norm);
        v
    };
    let item = |id: &str, published, tf: &[(u32, f32)], years: &[i32], ents: &[u32]| {
        let v = vector(tf);
        let mut sorted = v.clone();
        sorted.sort_by_key(|(t, _)| *t);
        Item { id: id.to_string(), published, vector: v, sorted, names: names_of(ents, years), entities: ents.to_vec() }
    };
    let mut items: Vec<Item> = Vec::with_capacity(members.len() + new.len());
    // Storylines and their events, from the stored members.
    let mut lines: Vec<(String, Vec<Event>)> = Vec::new();
    let mut line_at: HashMap<String, usize> = HashMap::new();
    for (k, m) in members.iter().enumerate() {
        let ents: Vec<u32> = m.entities.iter().map(|e| slot(e)).collect();
        items.push(item(&m.doc.id, m.doc.published, &member_tfs[k], &member_years[k], &ents));
        let li = *line_at.entry(m.storyline.clone()).or_insert_with(|| {
            lines.push((m.storyline.clone(), Vec::new()));
            lines.len() - 1
        });
        let events = &mut lines[li].1;
        match events.iter_mut().find(|e| e.id == m.story) {
            Some(e) => e.members.push(k),
            None => events.push(Event { id: m.story.clone(), members: vec![k], added: Vec::new(), title: None }),
        }
    }
    drop(member_tfs);
    let first_new = items.len();
    for (i, d) in new.iter().enumerate() {
        let ents: Vec<u32> = new_entities.get(&d.id).map(|es| es.iter().map(|e| slot(e)).collect()).unwrap_or_default();
        items.push(item(&d.id, d.published, &tfs[i], &years[i], &ents));
    }
    drop(tfs);
    let mut storylines = Storylines::default();
    for (_, events) in &lines {
        let li = storylines.start();
        for e in events {
            for &m in &e.members {
                let it = &items[m];
                storylines.join(li, m, &it.vector, &it.entities, it.published);
            }
        }
    }
    let mut order: Vec<usize> = (first_new..items.len()).collect();
    order.sort_by(|&a, &b| {
        date_key(items[a].published).cmp(&date_key(items[b].published)).then(items[a].id.cmp(&items[b].id))
    });
    let day = |p: Option<PartialDate>| p.and_then(|d| d.to_naive()).map(|d| i64::from(d.num_days_from_ce()));
    for &i in &order {
        // First level: the storyline, as `single_pass` chooses it.
        let it = &items[i];
        let best =
            storylines.best(&it.vector, &it.entities, it.published, cfg, cfg.storyline_threshold, cfg.window_days);
        let li = match best {
            Some(ci) => ci,
            None => {
                lines.push((id_of(&format!("story:{}", it.id)), Vec::new()));
                storylines.start()
            }
        };
        // Second level: the event.
        let sim = |a: &Item, b: &Item| {
            let text = dot_sorted(&a.sorted, &b.sorted);
            match jaccard(&a.names, &b.names) {
                Some(j) => (1.0 - cfg.name_weight) * text + cfg.name_weight * j,
                None => text,
            }
        };
        let apart = |a: &Item, b: &Item| match (a.published, b.published) {
            (Some(x), Some(y)) => days_between(x, y).is_some_and(|d| d.abs() > cfg.event_days),
            _ => false,
        };
        let events = &mut lines[li].1;
        let mut linked: Option<(usize, f32)> = None;
        let mut near: Option<(usize, f32)> = None;
        for (k, e) in events.iter().enumerate() {
            let all: Vec<usize> = e.members.iter().chain(&e.added).copied().collect();
            if all.iter().any(|&m| apart(it, &items[m])) {
                continue;
            }
            let days: Vec<i64> = all.iter().filter_map(|&m| day(items[m].published)).collect();
            let within = match (day(it.published), days.iter().min(), days.iter().max()) {
                (Some(d), Some(&first), Some(&last)) => d >= first - cfg.fragment_days && d <= last + cfg.fragment_days,
                _ => true,
            };
            // Outside the event's dates only complete link can place it:
            // the first unlike member settles that.
            let (mut total, mut linked_all) = (0.0f32, true);
            for &m in &all {
                let s = sim(it, &items[m]);
                total += s;
                if s < cfg.threshold {
                    linked_all = false;
                    if !within {
                        break;
                    }
                }
            }
            let avg = total / all.len().max(1) as f32;
            if linked_all {
                if linked.is_none_or(|(_, s)| avg > s) {
                    linked = Some((k, avg));
                }
            } else if within && avg >= cfg.threshold && near.is_none_or(|(_, s)| avg > s) {
                near = Some((k, avg));
            }
        }
        match linked.or(near) {
            Some((k, _)) => events[k].added.push(i),
            None => events.push(Event {
                id: id_of(&format!("story:{}", it.id)),
                members: Vec::new(),
                added: vec![i],
                title: new[i - first_new]
                    .title
                    .clone()
                    .or_else(|| Some(new[i - first_new].lead.chars().take(80).collect())),
            }),
        }
        storylines.join(li, i, &it.vector, &it.entities, it.published);
    }
    let mut stories = Vec::new();
    for (storyline, events) in lines {
        for e in events.into_iter().filter(|e| !e.added.is_empty()) {
            let dates: Vec<PartialDate> =
                e.members.iter().chain(&e.added).filter_map(|&m| items[m].published).collect();
            let mut articles: Vec<String> = e.added.iter().map(|&m| items[m].id.clone()).collect();
            articles.sort();
            stories.push(Story {
                id: e.id,
                title: e.title.unwrap_or_default(),
                articles,
                first_seen: dates.iter().min().copied(),
                last_seen: dates.iter().max().copied(),
                storyline: storyline.clone(),
            });
        }
    }
    stories.sort_by(|a, b| date_key(a.first_seen).cmp(&date_key(b.first_seen)).then(a.id.cmp(&b.id)));
    let mut df: Vec<(u64, u32)> = df.into_iter().filter(|&(_, n)| n > 0).collect();
    df.sort_unstable();
    Ok(StoryDelta { stories, term_df: TermDf { docs: docs.max(0) as u32, df } })
}

/// One story's members, in publication order, and its storyline's id.
struct Group {
    members: Vec<usize>,
    storyline: String,
}

/// Dot product of two sparse unit vectors sorted by term id.
fn dot_sorted(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Years an article names (in its text or title) and the year it was
/// published, sorted.
fn doc_years(counts: &[TermCount], title: Option<&str>, published: Option<PartialDate>) -> Box<[i32]> {
    let table = year_terms();
    let mut ys: Vec<i32> = counts.iter().filter_map(|c| table.get(&c.term).copied()).collect();
    ys.extend(terms(title.unwrap_or(""), stopwords()).filter_map(|(w, _)| year_of(&w)));
    ys.extend(published.and_then(|p| p.to_naive()).map(|d| d.year()));
    ys.sort_unstable();
    ys.dedup();
    ys.into_boxed_slice()
}

/// The names an article is compared by inside a storyline: its entity slots
/// and its years, as one sorted set (years tagged above the slot range).
fn names_of(entities: &[u32], years: &[i32]) -> Vec<u64> {
    let mut out: Vec<u64> = entities.iter().map(|&e| u64::from(e)).collect();
    out.extend(years.iter().map(|&y| (1u64 << 32) | u64::from(y as u32)));
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard overlap of two sorted sets; none when either is empty (an
/// article that names nothing is compared by its words alone).
fn jaccard(a: &[u64], b: &[u64]) -> Option<f32> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(shared as f32 / (a.len() + b.len() - shared) as f32)
}

/// Complete link is strict: one dissimilar pair keeps an article out of its
/// event, and a short report that names little is dissimilar to many. So a
/// part of at most `max_len` articles (a fragment) joins the part larger than
/// itself (an event, however small) it is most similar to on average, when
/// - that average clears `threshold` and no pair is `apart`;
/// - it was published while the event was reported: no dated article of it
///   more than `days` before the event's first dated article or after its
///   last (leftovers of an event appear with it; a later event does not);
/// - the average is at least half the fragment's own cohesion (the average
///   similarity of its articles to each other): a fragment that holds
///   together much better than it fits the event is an event of its own.
///
/// Parts larger than `max_len` never move. Each fragment is placed on its
/// own against the parts as complete link left them, so the result does not
/// depend on the order of the fragments; one that joins a fragment that
/// joins an event ends in that event.
struct Fragments {
    max_len: usize,
    threshold: f32,
    days: i64,
}

impl Fragments {
    /// The parts with the fragments placed: each in input order, ordered by
    /// first member. `day` numbers an item's publication day, if dated.
    fn attach(
        &self,
        parts: Vec<Vec<usize>>,
        apart: impl Fn(usize, usize) -> bool,
        sim: impl Fn(usize, usize) -> f32,
        day: impl Fn(usize) -> Option<i64>,
    ) -> Vec<Vec<usize>> {
        let spans: Vec<Option<(i64, i64)>> = parts
            .iter()
            .map(|e| {
                let days = e.iter().filter_map(|&b| day(b));
                days.clone().min().zip(days.max())
            })
            .collect();
        let mean = |a: &[usize], b: &[usize]| {
            let total: f32 = a.iter().map(|&x| b.iter().map(|&y| sim(x, y)).sum::<f32>()).sum();
            total / (a.len() * b.len()) as f32
        };
        // Where each fragment goes, decided against the parts as complete
        // link left them (so the order of the fragments does not matter).
        let mut target: Vec<Option<usize>> = vec![None; parts.len()];
        for (fi, frag) in parts.iter().enumerate().filter(|(_, p)| p.len() <= self.max_len) {
            let cohesion = if frag.len() < 2 {
                0.0
            } else {
                let pairs = frag.len() * (frag.len() - 1) / 2;
                let total: f32 =
                    frag.iter().enumerate().map(|(i, &a)| frag[i + 1..].iter().map(|&b| sim(a, b)).sum::<f32>()).sum();
                total / pairs as f32
            };
            let mut best: Option<(usize, f32)> = None;
            for (k, event) in parts.iter().enumerate() {
                if event.len() <= frag.len() || frag.iter().any(|&a| event.iter().any(|&b| apart(a, b))) {
                    continue;
                }
                if let Some((first, last)) = spans[k]
                    && frag.iter().filter_map(|&a| day(a)).any(|d| d < first - self.days || d > last + self.days)
                {
                    continue;
                }
                let avg = mean(frag, event);
                if avg >= self.threshold && avg >= 0.5 * cohesion && best.is_none_or(|(_, s)| avg > s) {
                    best = Some((k, avg));
                }
            }
            target[fi] = best.map(|(k, _)| k);
        }
        // A fragment that joins a fragment that joins an event ends in the
        // event: each step goes to a larger part, so this ends.
        let root = |mut k: usize| {
            while let Some(t) = target[k] {
                k = t;
            }
            k
        };
        let roots: Vec<usize> = (0..parts.len()).map(root).collect();
        let mut events: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
        for (k, part) in parts.into_iter().enumerate() {
            events[roots[k]].extend(part);
        }
        let mut events: Vec<Vec<usize>> = events.into_iter().filter(|e| !e.is_empty()).collect();
        for e in &mut events {
            e.sort_unstable();
        }
        events.sort_by_key(|e| e[0]);
        events
    }
}

/// Complete-link agglomerative clustering of `n` items by the pairwise
/// similarity `sim`, cut at `threshold`: the parts, each in input order,
/// ordered by first member. Pairs for which `apart` holds are never in one
/// part.
///
/// Nearest-neighbour chain over a dense similarity matrix with the
/// Lance–Williams update for complete link (the merged cluster's similarity
/// to another is the smaller of its parts'): O(n²) time and memory. Complete
/// link is reducible, so the merges at or above the threshold, applied in any
/// order, give the cut of the dendrogram.
pub(crate) fn complete_link(
    n: usize,
    threshold: f32,
    apart: impl Fn(usize, usize) -> bool,
    pair_sim: impl Fn(usize, usize) -> f32,
) -> Vec<Vec<usize>> {
    let mut sim = vec![0f32; n * n];
    for a in 0..n {
        for b in a + 1..n {
            // Below any threshold: never merged.
            let s = if apart(a, b) { f32::NEG_INFINITY } else { pair_sim(a, b) };
            sim[a * n + b] = s;
            sim[b * n + a] = s;
        }
    }
    let mut active = vec![true; n];
    let mut remaining = n;
    let mut chain: Vec<usize> = Vec::new();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    while remaining > 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&x| x).unwrap_or(0));
        }
        let a = chain[chain.len() - 1];
        let prev = (chain.len() >= 2).then(|| chain[chain.len() - 2]);
        // Most similar active cluster to `a`; the previous chain element wins ties.
        let mut best: Option<(usize, f32)> = prev.map(|p| (p, sim[a * n + p]));
        for c in 0..n {
            if c == a || !active[c] || Some(c) == prev {
                continue;
            }
            let s = sim[a * n + c];
            if best.is_none_or(|(_, bs)| s > bs) {
                best = Some((c, s));
            }
        }
        let Some((b, s)) = best else { break };
        if Some(b) == prev {
            chain.truncate(chain.len() - 2);
            // Merge b into a; keep the smaller index as the survivor so slots stay put.
            let (keep, gone) = if a < b { (a, b) } else { (b, a) };
            for c in 0..n {
                if active[c] && c != keep && c != gone {
                    let m = sim[keep * n + c].min(sim[gone * n + c]);
                    sim[keep * n + c] = m;
                    sim[c * n + keep] = m;
                }
            }
            active[gone] = false;
            remaining -= 1;
            if s >= threshold {
                let (rk, rg) = (find(&mut parent, keep), find(&mut parent, gone));
                let (lo, hi) = if rk < rg { (rk, rg) } else { (rg, rk) };
                parent[hi] = lo;
            }
        } else {
            chain.push(b);
        }
    }
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let k = *slot.entry(r).or_insert_with(|| {
            parts.push(Vec::new());
            parts.len() - 1
        });
        parts[k].push(i);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_the_only_numbers_kept_as_terms() {
        let counts = term_counts(
            "The 2019 flood left 340 homes of Brisk Harbour under water; 1850 was worse, and 2150 is far off.",
        );
        let has = |w: &str| counts.iter().any(|c| c.term == term_hash(w));
        assert!(has("2019"));
        assert!(!has("340") && !has("1850") && !has("2150"));
        assert!(has("flood") && has("brisk"));
        let published: PartialDate = "2024-05-02".parse().unwrap();
        let years = doc_years(&counts, Some("Brisk Harbour remembers 2011"), Some(published));
        assert_eq!(&years[..], [2011, 2019, 2024], "text, title and publication years");
        assert!(doc_years(&term_counts("No year here."), None, None).is_empty());
    }

    #[test]
    fn names_overlap_as_jaccard_and_years_never_meet_entities() {
        let a = names_of(&[3, 7, 9], &[2019]);
        let b = names_of(&[7, 9, 12], &[2019]);
        assert_eq!(jaccard(&a, &b), Some(3.0 / 5.0));
        // Entity slot 2019 and the year 2019 are different names.
        assert_eq!(jaccard(&names_of(&[2019], &[]), &names_of(&[], &[2019])), Some(0.0));
        assert_eq!(jaccard(&a, &[]), None, "an article naming nothing is compared by its words");
    }

    #[test]
    fn fragments_join_the_larger_part_they_are_most_like() {
        // Items 0-3 and 4-7 are two events; 8 is close to the first on
        // average, 9 to nothing, 10 is like the first but dated apart from it.
        let group = |i: usize| match i {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let sim = |a: usize, b: usize| {
            let (a, b) = (a.min(b), a.max(b));
            match (a, b) {
                _ if group(a) == group(b) && a < 8 => 0.5,
                (0, 8) => 0.05,
                (1..=3, 8) => 0.2,
                (0..=3, 10) => 0.3,
                (4, 10) => 0.05,
                (5..=7, 10) => 0.15,
                _ => 0.02,
            }
        };
        let apart = |a: usize, b: usize| (a.min(b), a.max(b)) == (0, 10);
        let parts = complete_link(11, 0.1, apart, sim);
        assert_eq!(parts, [vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8], vec![9], vec![10]]);
        let fragments = Fragments { max_len: 3, threshold: 0.1, days: 4 };
        let joined = fragments.attach(parts.clone(), apart, sim, |_| None);
        assert_eq!(joined, [vec![0, 1, 2, 3, 8], vec![4, 5, 6, 7, 10], vec![9]]);
        // Larger parts never merge here, however alike.
        let none = Fragments { max_len: 0, threshold: 0.0, days: 4 };
        assert_eq!(none.attach(parts.clone(), apart, sim, |_| None).len(), 5);
        // Published two weeks after the first event was last reported, 8 is
        // another event; 0-3 on day 100, 8 on day 114.
        let day = |i: usize| Some(if i == 8 { 114 } else { 100 });
        let later = fragments.attach(parts, apart, sim, day);
        assert_eq!(later, [vec![0, 1, 2, 3], vec![4, 5, 6, 7, 10], vec![8], vec![9]]);
    }

    #[test]
    fn a_fragment_that_holds_together_better_than_it_fits_stays_an_event() {
        // 0-3 one event; 4-5 a pair alike to each other (0.6) and only
        // loosely like the event (0.2 on average); 6 a lone article as loose.
        let sim = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (0..=3, 0..=3) => 0.5,
            (4, 5) => 0.6,
            (0..=3, _) => 0.2,
            _ => 0.0,
        };
        let parts = vec![vec![0, 1, 2, 3], vec![4, 5], vec![6]];
        let fragments = Fragments { max_len: 3, threshold: 0.1, days: 4 };
        let placed = fragments.attach(parts, |_, _| false, sim, |_| None);
        assert_eq!(placed, [vec![0, 1, 2, 3, 6], vec![4, 5]]);
    }
}
