//! Full-text search (tantivy): ranking, snippets and facet counts from the
//! index alone, with no join against the database per hit.
//!
//! Two indexes are built from the database when the server starts (and again
//! when the data changes): articles (title, body) and quotes (speaker,
//! statement). Each document carries its facet values as fast fields
//! (outlet, speaker id, story ids, date bounds), so one pass over the matching
//! documents ranks them (BM25), counts every facet, and applies the filters;
//! only the page of hits shown is then read from SQLite (title, text for the
//! snippet). A facet is counted without its own filter, so every choice stays
//! visible.

use crate::ApiError;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use storyline_store::{ArticleHit, Facet, IndexStats, SearchResults, StatementHit, Store};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{DocAddress, DocId, Index, IndexReader, Score, SegmentOrdinal, Term};

/// Most values listed per facet.
const FACET_VALUES: usize = 30;
/// Tokenizer of every text field: words, lowercased, diacritics folded, English stems.
const TOKENIZER: &str = "storyline";
/// Writer memory per index while building.
const WRITER_BYTES: usize = 96 << 20;

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The same words without stemming (prefix queries match what was typed).
fn unstemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// Fields of one index: the text fields searched (with their boost) and the facets.
struct Fields {
    text: Vec<(Field, Score)>,
}

/// Facet and filter columns (fast fields), shared by both indexes.
const OUTLET: &str = "outlet";
const SPEAKER: &str = "speaker_id";
const STORY: &str = "story";
const DATE_LO: &str = "date_lo";
const DATE_HI: &str = "date_hi";
/// Position of the document in the database's order: segments are merged in
/// this order, so equal scores rank the same way on every build.
const SEQ: &str = "seq";

fn schema(text: &[(&str, Score)]) -> (Schema, Fields) {
    let mut b = Schema::builder();
    // No id field: a hit's id and row come from the part's table (see `Ids`).
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let text: Vec<(Field, Score)> =
        text.iter().map(|(name, boost)| (b.add_text_field(name, opts.clone()), *boost)).collect();
    b.add_text_field(OUTLET, STRING | FAST);
    b.add_text_field(SPEAKER, STRING | FAST);
    b.add_text_field(STORY, STRING | FAST);
    b.add_u64_field(DATE_LO, INDEXED | FAST);
    b.add_u64_field(DATE_HI, INDEXED | FAST);
    b.add_u64_field(SEQ, FAST);
    (b.build(), Fields { text })
}

/// A partial ISO date (`2025`, `2025-03`, `2025-03-14`) as YYYYMMDD, missing
/// parts filled with `fill` (0 for the earliest day it may mean, 99 for the latest).
fn date_key(d: &str, fill: u64) -> Option<u64> {
    let mut parts = d.splitn(3, '-').map(|p| p.get(..p.len().min(4)).and_then(|p| p.parse::<u64>().ok()));
    let y = parts.next()??;
    let m = parts.next().map(|m| m.unwrap_or(fill)).unwrap_or(fill);
    let day = parts.next().map(|x| x.unwrap_or(fill)).unwrap_or(fill);
    Some(y * 10_000 + m.min(99) * 100 + day.min(99))
}

/// One built index and its reader.
struct Part {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Each document's database id by its `SEQ`.
    ids: Ids,
}

/// Each document's id and row in the database, by the order documents were
/// added (`SEQ`), the ids in one buffer: a page of hits reads these and a
/// fast field, not the document store (which decompresses a block per hit),
/// and then reads its rows by number, not by id.
#[derive(Default)]
struct Ids {
    bytes: String,
    ends: Vec<u32>,
    rows: Vec<i64>,
}

impl Ids {
    fn push(&mut self, id: &str, row: i64) {
        self.bytes.push_str(id);
        self.ends.push(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX));
        self.rows.push(row);
    }

    fn get(&self, seq: u64) -> Option<(&str, i64)> {
        let i = usize::try_from(seq).ok()?;
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some((self.bytes.get(start..end)?, self.rows[i]))
    }
}

/// A hit on the page shown: its database id and row, and its score.
struct Hit<'a> {
    id: &'a str,
    row: i64,
    score: Score,
}

impl Part {
    fn create(dir: &Path, text: &[(&str, Score)]) -> Result<(Part, tantivy::IndexWriter), tantivy::TantivyError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema(text);
        let index = Index::create_in_dir(dir, schema)?;
        index.tokenizers().register(TOKENIZER, analyzer());
        // One thread: documents keep the database's order, so equal scores
        // rank the same way on every build. Segments are merged into one
        // after the commit ([`merge_in_order`]), not in the background.
        let writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let reader = index.reader()?;
        Ok((Part { index, reader, fields, ids: Ids::default() }, writer))
    }

    fn field(&self, name: &str) -> Field {
        self.index.schema().get_field(name).expect("field in schema")
    }

    fn doc(
        &self,
        texts: &[&str],
        outlet: Option<&str>,
        speaker: Option<&str>,
        stories: &[String],
        date: Option<&str>,
    ) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        for ((f, _), t) in self.fields.text.iter().zip(texts) {
            d.add_text(*f, t);
        }
        if let Some(o) = outlet {
            d.add_text(self.field(OUTLET), o);
        }
        if let Some(s) = speaker {
            d.add_text(self.field(SPEAKER), s);
        }
        for s in stories {
            d.add_text(self.field(STORY), s);
        }
        if let Some((lo, hi)) = date.and_then(|d| Some((date_key(d, 0)?, date_key(d, 99)?))) {
            d.add_u64(self.field(DATE_LO), lo);
            d.add_u64(self.field(DATE_HI), hi);
        }
        d
    }
}

/// The search indexes of one version of the data.
pub(crate) struct SearchIndex {
    articles: Part,
    quotes: Part,
    pub(crate) stats: IndexStats,
    /// Totals and facets of the queries already counted (see [`SearchIndex::search`]).
    summaries: Summaries,
}

/// Commits a part after its documents were added (or the first error adding one).
/// One index part at `path`, filled on a read connection of its own with the
/// documents `fill` hands to `add`, committed; and how many there are.
fn build_part(
    db: &Path,
    path: &Path,
    fields: &[(&str, Score)],
    fill: impl FnOnce(&Store, &Part, &mut dyn FnMut(TantivyDocument, &str, i64)) -> Result<(), ApiError>,
) -> Result<(Part, usize), ApiError> {
    let store = Store::open_read_only(db)?;
    let (mut part, mut w) = Part::create(path, fields).map_err(index_err)?;
    let (mut n, mut failed) = (0, None);
    let seq = part.field(SEQ);
    let mut ids = Ids::default();
    fill(&store, &part, &mut |mut doc, id, row| {
        ids.push(id, row);
        doc.add_u64(seq, n as u64);
        if let Err(e) = w.add_document(doc) {
            failed.get_or_insert(e);
        }
        n += 1;
    })?;
    if let Some(e) = failed {
        return Err(index_err(e));
    }
    part.ids = ids;
    w.commit().map_err(index_err)?;
    part.reader.reload().map_err(index_err)?;
    merge_in_order(&part, &mut w).map_err(index_err)?;
    w.wait_merging_threads().map_err(index_err)?;
    part.reader.reload().map_err(index_err)?;
    Ok((part, n))
}

/// Merges the segments a big index was flushed in into one, in the order
/// their documents were added. One segment lets a search count facets by
/// ordinal and name only the values it lists ([`SegmentFacets::harvest`]);
/// the order keeps ties ranked by database order.
fn merge_in_order(part: &Part, w: &mut tantivy::IndexWriter) -> Result<(), tantivy::TantivyError> {
    let searcher = part.reader.searcher();
    if searcher.segment_readers().len() < 2 {
        return Ok(());
    }
    let mut segments = Vec::new();
    for r in searcher.segment_readers() {
        let first = r.fast_fields().u64(SEQ)?.first(0).unwrap_or(u64::MAX);
        segments.push((first, r.segment_id()));
    }
    segments.sort();
    let ids: Vec<_> = segments.into_iter().map(|(_, id)| id).collect();
    w.merge(&ids).wait()?;
    Ok(())
}

fn index_err(e: tantivy::TantivyError) -> ApiError {
    ApiError::Internal(format!("search index: {e}"))
}

impl SearchIndex {
    /// Builds both indexes under `dir` (created; the caller removes it).
    pub(crate) fn build(db: &Path, dir: &Path) -> Result<SearchIndex, ApiError> {
        let (articles, quotes) = std::thread::scope(|s| {
            let a = s.spawn(|| {
                build_part(db, &dir.join("articles"), &[("title", 4.0), ("body", 1.0)], |store, part, add| {
                    Ok(store.for_each_search_article(|a| {
                        let texts = [a.title.as_str(), a.text.as_str()];
                        add(
                            part.doc(&texts, a.outlet.as_deref(), None, &a.stories, a.published.as_deref()),
                            &a.id,
                            a.row,
                        );
                        Ok(())
                    })?)
                })
            });
            let q = s.spawn(|| {
                build_part(db, &dir.join("quotes"), &[("speaker", 2.0), ("body", 1.0)], |store, part, add| {
                    Ok(store.for_each_search_quote(|q| {
                        let texts = [q.speaker.as_str(), q.text.as_str()];
                        let speaker = q.speaker_id.as_deref();
                        add(
                            part.doc(&texts, q.outlet.as_deref(), speaker, &q.stories, q.said_on.as_deref()),
                            &q.id,
                            q.row,
                        );
                        Ok(())
                    })?)
                })
            });
            let join = |h: std::thread::ScopedJoinHandle<'_, Result<(Part, usize), ApiError>>| {
                h.join().unwrap_or_else(|_| Err(ApiError::Internal("search index build panicked".into())))
            };
            (join(a), join(q))
        });
        let (articles, na) = articles?;
        let (quotes, nq) = quotes?;
        Ok(SearchIndex {
            articles,
            quotes,
            stats: IndexStats { articles: na, quotes: nq },
            summaries: Summaries::default(),
        })
    }

    /// Runs a query: a page of article hits and statement hits, totals and
    /// facets. `version` is the database's data version: totals and facets
    /// of a query and its filters are counted once per version (and per
    /// index, which is rebuilt when the data changes) and reused by its other
    /// pages and repeats, which then only rank.
    pub(crate) fn search(
        &self,
        store: &Store,
        q: &SearchRequest,
        version: Option<i64>,
    ) -> Result<SearchResults, ApiError> {
        let top = q.offset.saturating_add(q.limit);
        let dates = (q.since.as_deref().and_then(|d| date_key(d, 0)), q.until.as_deref().and_then(|d| date_key(d, 99)));
        let key = SummaryKey {
            terms: q.terms.clone(),
            outlet: q.outlet.clone(),
            speaker: q.speaker.clone(),
            story: q.story.clone(),
            dates,
        };
        let known = version.and_then(|v| self.summaries.get(&key, v));
        let count = known.is_none();
        // Articles: filtered by outlet and story; facets outlet and story.
        let aq = self.articles.query(&q.terms);
        let a = self.articles.collect(
            &aq,
            vec![(OUTLET, q.outlet.clone()), (STORY, q.story.clone())],
            if count { vec![OUTLET, STORY] } else { Vec::new() },
            dates,
            top,
        )?;
        // Statements: filtered by outlet, story and speaker; facet speaker.
        let qq = self.quotes.query(&q.terms);
        let s = self.quotes.collect(
            &qq,
            vec![(OUTLET, q.outlet.clone()), (STORY, q.story.clone()), (SPEAKER, q.speaker.clone())],
            if count { vec![SPEAKER] } else { Vec::new() },
            dates,
            top,
        )?;

        let a_hits = self.articles.hits(&a.hits, q.offset)?;
        let s_hits = self.quotes.hits(&s.hits, q.offset)?;
        let mut marker = Highlighter::new(&q.terms);
        let rows = |hits: &[Hit<'_>]| hits.iter().map(|h| h.row).collect::<Vec<_>>();
        let mut articles = store.articles_by_row(&rows(&a_hits), |r, text| {
            let (snippet, highlights) = marker.snippet(text, 160);
            ArticleHit {
                id: r.id,
                title: r.title,
                outlet: r.outlet,
                published: r.published,
                score: 0.0,
                snippet,
                highlights,
            }
        })?;
        // A row whose id is not the hit's was replaced since the index was
        // built (it is rebuilt when the data changes): the hit is left out.
        let articles = a_hits
            .iter()
            .filter_map(|h| {
                let hit = articles.remove(&h.row).filter(|a| a.id == h.id)?;
                Some(ArticleHit { score: h.score as f64, ..hit })
            })
            .collect();
        let mut statements = store.quotes_by_row(&rows(&s_hits), |hit, text| {
            let (snippet, highlights) = marker.snippet(text, 220);
            StatementHit { snippet, highlights, ..hit }
        })?;
        let statements = s_hits
            .iter()
            .filter_map(|h| {
                let hit = statements.remove(&h.row).filter(|s| s.quote_id == h.id)?;
                Some(StatementHit { score: h.score as f64, ..hit })
            })
            .collect();

        let summary = match known {
            Some(known) => known,
            None => {
                let summary = Arc::new(Summary::of(store, a, s)?);
                if let Some(v) = version {
                    self.summaries.put(key, v, Arc::clone(&summary));
                }
                summary
            }
        };
        Ok(SearchResults {
            total_articles: summary.total_articles,
            total_statements: summary.total_statements,
            articles,
            statements,
            outlets: Arc::clone(&summary.outlets),
            speakers: Arc::clone(&summary.speakers),
            stories: Arc::clone(&summary.stories),
        })
    }
}

/// What a search counts over all its hits, the same on every page: the
/// totals and the facets (labelled).
struct Summary {
    total_articles: i64,
    total_statements: i64,
    outlets: Arc<[Facet]>,
    speakers: Arc<[Facet]>,
    stories: Arc<[Facet]>,
}

impl Summary {
    /// From the counting passes over articles (`a`: outlet and story facets)
    /// and statements (`s`: speaker facet), speakers and stories named from `store`.
    fn of(store: &Store, a: Found, s: Found) -> Result<Summary, ApiError> {
        let top_of = |m: HashMap<String, u64>| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = m.into_iter().collect();
            v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            v.truncate(FACET_VALUES);
            v
        };
        let mut af = a.facets.into_iter();
        let outlets = top_of(af.next().unwrap_or_default());
        let stories = top_of(af.next().unwrap_or_default());
        let speakers = top_of(s.facets.into_iter().next().unwrap_or_default());
        let labels = store.labels(
            &speakers.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            &stories.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        )?;
        let labelled = |v: Vec<(String, u64)>| -> Vec<Facet> {
            let mut out: Vec<Facet> = v
                .into_iter()
                .map(|(id, n)| Facet { value: labels.get(&id).cloned(), id: Some(id), count: n as i64 })
                .collect();
            out.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.value.cmp(&y.value)).then_with(|| x.id.cmp(&y.id)));
            out
        };
        Ok(Summary {
            total_articles: a.total as i64,
            total_statements: s.total as i64,
            outlets: outlets
                .into_iter()
                .map(|(o, n)| Facet { id: None, value: Some(o), count: n as i64 })
                .collect::<Vec<_>>()
                .into(),
            speakers: labelled(speakers).into(),
            stories: labelled(stories).into(),
        })
    }
}

/// A query and the filters its totals and facets depend on (not the page).
#[derive(Clone, PartialEq, Eq, Hash)]
struct SummaryKey {
    terms: Vec<SearchTerm>,
    outlet: Option<String>,
    speaker: Option<String>,
    story: Option<String>,
    dates: (Option<u64>, Option<u64>),
}

/// Most summaries kept per data version (a few KB each).
const MAX_SUMMARIES: usize = 4096;

/// Summaries of the queries seen at one data version.
#[derive(Default)]
struct Summaries(Mutex<(Option<i64>, SummaryMap)>);

type SummaryMap = HashMap<SummaryKey, Arc<Summary>>;

impl Summaries {
    fn get(&self, key: &SummaryKey, version: i64) -> Option<Arc<Summary>> {
        let memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if memo.0 != Some(version) {
            return None;
        }
        memo.1.get(key).cloned()
    }

    fn put(&self, key: SummaryKey, version: i64, summary: Arc<Summary>) {
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if memo.0 != Some(version) || memo.1.len() >= MAX_SUMMARIES {
            *memo = (Some(version), HashMap::new());
        }
        memo.1.insert(key, summary);
    }
}

impl Part {
    /// Ranks the hits of `query` passing `filters` and the date bounds (the
    /// best `top`), counts them, and counts each of `facets`.
    fn collect(
        &self,
        query: &dyn Query,
        filters: Vec<(&'static str, Option<String>)>,
        facets: Vec<&'static str>,
        dates: (Option<u64>, Option<u64>),
        top: usize,
    ) -> Result<Found, ApiError> {
        let searcher = self.reader.searcher();
        if facets.is_empty() && filters.iter().all(|(_, v)| v.is_none()) && dates == (None, None) && top > 0 {
            // Nothing to count or filter (a query whose totals are known):
            // tantivy's top-k skips the blocks of postings that cannot make
            // the page. Ties rank by document order, as below.
            let hits = searcher.search(query, &TopDocs::with_limit(top).order_by_score()).map_err(index_err)?;
            return Ok(Found { total: 0, hits, facets: Vec::new() });
        }
        // One segment (always, once built: see `merge_in_order`): facets are
        // ranked by ordinal and only the values listed are looked up.
        let single = searcher.segment_readers().len() == 1;
        searcher.search(query, &FacetCollector { filters, facets, dates, top, single }).map_err(index_err)
    }

    /// Every term must match in one of the text fields (boosted per field).
    fn query(&self, terms: &[SearchTerm]) -> BooleanQuery {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms {
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in &self.fields.text {
                let q: Option<Box<dyn Query>> = if t.prefix {
                    tokens(&mut unstemmed(), &t.words).last().map(|w| {
                        // Every term starting with `w`: the range from `w` up
                        // to the first string past all of them (a scan of the
                        // term dictionary, not a regex automaton built per query).
                        let upper = prefix_end(w)
                            .map_or(Bound::Unbounded, |end| Bound::Excluded(Term::from_field_text(*field, &end)));
                        Box::new(RangeQuery::new(Bound::Included(Term::from_field_text(*field, w)), upper))
                            as Box<dyn Query>
                    })
                } else {
                    let words = tokens(&mut analyzer(), &t.words);
                    match words.len() {
                        0 => None,
                        1 => Some(Box::new(TermQuery::new(
                            Term::from_field_text(*field, &words[0]),
                            IndexRecordOption::WithFreqs,
                        ))),
                        _ => Some(Box::new(PhraseQuery::new(
                            words.iter().map(|w| Term::from_field_text(*field, w)).collect(),
                        ))),
                    }
                };
                if let Some(q) = q {
                    should.push((Occur::Should, Box::new(BoostQuery::new(q, *boost))));
                }
            }
            if !should.is_empty() {
                must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
            }
        }
        BooleanQuery::new(must)
    }

    /// The hits from `offset` on.
    fn hits(&self, hits: &[(Score, DocAddress)], offset: usize) -> Result<Vec<Hit<'_>>, ApiError> {
        let searcher = self.reader.searcher();
        let mut seqs: Vec<(SegmentOrdinal, Column<u64>)> = Vec::new();
        hits.iter()
            .skip(offset)
            .map(|(score, addr)| {
                let col = match seqs.iter().position(|(s, _)| *s == addr.segment_ord) {
                    Some(i) => &seqs[i].1,
                    None => {
                        let c = searcher.segment_reader(addr.segment_ord).fast_fields().u64(SEQ).map_err(index_err)?;
                        seqs.push((addr.segment_ord, c));
                        &seqs[seqs.len() - 1].1
                    }
                };
                let (id, row) = col
                    .first(addr.doc_id)
                    .and_then(|seq| self.ids.get(seq))
                    .ok_or_else(|| ApiError::Internal("search hit without id".into()))?;
                Ok(Hit { id, row, score: *score })
            })
            .collect()
    }
}

/// The least string greater than every string starting with `prefix`:
/// its last char that can be incremented, incremented, and what follows it
/// dropped (`None` when there is none).
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(c) = chars.pop() {
        let next = (c as u32 + 1..=char::MAX as u32).find_map(char::from_u32);
        if let Some(n) = next {
            chars.push(n);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Analysed tokens of `words`.
fn tokens(a: &mut TextAnalyzer, words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        let mut ts = a.token_stream(w);
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
    }
    out
}

/// Marks the query's words in a hit's text without analysing all of it:
/// candidates are found by their stem (ASCII case ignored) with one
/// automaton pass, and only the words found are stemmed and checked. (Cutting
/// snippets with tantivy's generator tokenized and stemmed every word of
/// every hit: a third of a search's time.)
struct Highlighter {
    finder: Option<aho_corasick::AhoCorasick>,
    /// Stems of the whole words searched.
    stems: std::collections::HashSet<String>,
    /// Prefixes searched with a trailing `*` (lowercased, unstemmed).
    prefixes: Vec<String>,
    analyzer: TextAnalyzer,
    plain: TextAnalyzer,
    /// Words already checked (as written) and whether they are marks: the
    /// hits of a page repeat the same few words.
    checked: HashMap<String, bool>,
}

impl Highlighter {
    fn new(terms: &[SearchTerm]) -> Highlighter {
        let (mut analyzer, mut plain) = (analyzer(), unstemmed());
        let mut stems = std::collections::HashSet::new();
        let mut prefixes = Vec::new();
        // What to look for in the text: a stem is not always how the word
        // starts ("banby" -> "banbi"), so the part the word and its stem share.
        let mut needles: Vec<String> = Vec::new();
        for t in terms {
            for (i, w) in t.words.iter().enumerate() {
                let written = tokens(&mut plain, std::slice::from_ref(w));
                if t.prefix && i + 1 == t.words.len() {
                    needles.extend(written.iter().cloned());
                    prefixes.extend(written);
                } else {
                    let stemmed = tokens(&mut analyzer, std::slice::from_ref(w));
                    for (word, stem) in written.iter().zip(&stemmed) {
                        let shared = word.bytes().zip(stem.bytes()).take_while(|(a, b)| a == b).count();
                        let mut cut = shared.max(3).min(word.len());
                        while !word.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        needles.push(word[..cut].to_string());
                    }
                    stems.extend(stemmed);
                }
            }
        }
        needles.retain(|n| !n.is_empty());
        let finder = (!needles.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(needles)
                    .ok()
            })
            .flatten();
        Highlighter { finder, stems, prefixes, analyzer, plain, checked: HashMap::new() }
    }

    /// Byte ranges of the searched words in `text`, in order.
    fn marks(&mut self, text: &str) -> Vec<std::ops::Range<usize>> {
        let Some(finder) = &self.finder else { return Vec::new() };
        let mut out = Vec::new();
        let mut next = 0;
        for m in finder.find_iter(text) {
            if m.start() < next || text[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let end = text[m.start()..].find(|c: char| !c.is_alphanumeric()).map_or(text.len(), |e| m.start() + e);
            let word = &text[m.start()..end];
            next = end;
            let hit = match self.checked.get(word) {
                Some(&hit) => hit,
                None => {
                    let stem = tokens(&mut self.analyzer, &[word.to_string()]);
                    let hit = stem.first().is_some_and(|s| self.stems.contains(s))
                        || (!self.prefixes.is_empty()
                            && tokens(&mut self.plain, &[word.to_string()])
                                .first()
                                .is_some_and(|w| self.prefixes.iter().any(|p| w.starts_with(p.as_str()))));
                    self.checked.insert(word.to_string(), hit);
                    hit
                }
            };
            if hit {
                out.push(m.start()..end);
            }
        }
        out
    }

    /// A snippet of `text` (about `max_chars` bytes) around the passage with
    /// the most marked words, with char ranges of the marks in it; the
    /// opening of the text when nothing is marked.
    fn snippet(&mut self, text: &str, max_chars: usize) -> (String, Vec<[usize; 2]>) {
        let marks = self.marks(text);
        let range = match marks.first() {
            None => 0..text.char_indices().nth(max_chars).map_or(text.len(), |(i, _)| i),
            Some(_) => {
                // The window holding the most marks, starting at one of them.
                let mut best = (0, 0);
                let mut j = 0;
                for i in 0..marks.len() {
                    while j < marks.len() && marks[j].end <= marks[i].start + max_chars {
                        j += 1;
                    }
                    if j - i > best.1 {
                        best = (i, j - i);
                    }
                }
                let first = marks[best.0].start;
                // A little context before the first mark, whole words only.
                let mut start = first.saturating_sub(max_chars / 4);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                if start > 0 {
                    start = text[start..first].find(char::is_whitespace).map_or(first, |p| start + p + 1);
                }
                let mut end = (start + max_chars).min(text.len()).max(marks[best.0].end);
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                if end < text.len() {
                    end =
                        text[marks[best.0].end..end].rfind(char::is_whitespace).map_or(end, |p| marks[best.0].end + p);
                }
                start..end
            }
        };
        let frag = &text[range.clone()];
        let mut out = String::new();
        let lead = range.start > 0;
        if lead {
            out.push('…');
        }
        out.push_str(frag.trim_end());
        let chars_before = |byte: usize| text[range.start..byte].chars().count() + lead as usize;
        let highlights = marks
            .iter()
            .filter(|m| m.start >= range.start && m.end <= range.start + frag.trim_end().len())
            .map(|m| [chars_before(m.start), chars_before(m.end)])
            .collect();
        if range.end < text.len() {
            out.push('…');
        }
        (out, highlights)
    }
}

/// One search term: words that must appear together (a phrase when several),
/// `prefix` for a trailing `*`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SearchTerm {
    pub(crate) words: Vec<String>,
    pub(crate) prefix: bool,
}

/// Turns what a user typed into terms: words and `"quoted phrases"` (all
/// must match), a trailing `*` for a prefix. Operators and punctuation are
/// never interpreted, so no input is a syntax error. Empty when nothing
/// searchable is left.
pub(crate) fn parse_terms(input: &str) -> Vec<SearchTerm> {
    let mut terms = Vec::new();
    let mut push = |raw: &str, prefix: bool| {
        let words: Vec<String> =
            raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
        if !words.is_empty() && !tokens(&mut unstemmed(), &words).is_empty() {
            terms.push(SearchTerm { words, prefix });
        }
    };
    for (i, part) in input.split('"').enumerate() {
        if i % 2 == 1 {
            push(part, false);
        } else {
            for word in part.split_whitespace() {
                push(word, word.ends_with('*') && word.len() > 1);
            }
        }
    }
    terms
}

/// A search with its filters.
#[derive(Clone, Debug, Default)]
pub(crate) struct SearchRequest {
    pub(crate) terms: Vec<SearchTerm>,
    pub(crate) outlet: Option<String>,
    pub(crate) speaker: Option<String>,
    pub(crate) story: Option<String>,
    pub(crate) since: Option<String>,
    pub(crate) until: Option<String>,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

/// Ranks the hits passing every filter, counts them, and counts each facet
/// over the hits passing every filter but the facet's own.
struct FacetCollector {
    filters: Vec<(&'static str, Option<String>)>,
    facets: Vec<&'static str>,
    /// Inclusive YYYYMMDD bounds.
    dates: (Option<u64>, Option<u64>),
    top: usize,
    /// The index has one segment: each segment's facets are the whole
    /// index's, so only the [`FACET_VALUES`] most frequent are named.
    single: bool,
}

struct Found {
    total: u64,
    hits: Vec<(Score, DocAddress)>,
    /// Per facet: value → count (only the [`FACET_VALUES`] most frequent,
    /// ties by value, when the index has one segment).
    facets: Vec<HashMap<String, u64>>,
}

/// A heap entry: the lowest score on top, ties broken by document order.
#[derive(PartialEq)]
struct Ranked(Score, DocAddress);
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Reversed: BinaryHeap is a max-heap and the worst hit must be on top.
        other.0.total_cmp(&self.0).then_with(|| self.1.cmp(&other.1))
    }
}

struct SegmentFacets {
    segment: SegmentOrdinal,
    /// Per filter: its column and the ordinal wanted (`None` when the value
    /// is absent from this segment: nothing here passes).
    filters: Vec<Option<(StrColumn, Option<u64>)>>,
    filter_names: Vec<&'static str>,
    /// Per facet: its column and counts by ordinal.
    facets: Vec<Option<(StrColumn, Vec<u32>)>>,
    facet_names: Vec<&'static str>,
    date_lo: Column<u64>,
    date_hi: Column<u64>,
    dates: (Option<u64>, Option<u64>),
    top: usize,
    single: bool,
    heap: BinaryHeap<Ranked>,
    total: u64,
}

impl Collector for FacetCollector {
    type Fruit = Found;
    type Child = SegmentFacets;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let mut filters = Vec::new();
        for (name, value) in &self.filters {
            filters.push(match value {
                None => None,
                Some(v) => {
                    let col = ff.str(name)?;
                    let ord = match &col {
                        Some(c) => c.dictionary().term_ord(v.as_bytes())?,
                        None => None,
                    };
                    col.map(|c| (c, ord)).or_else(|| {
                        Some((StrColumn::wrap(tantivy::columnar::BytesColumn::empty(reader.max_doc())), None))
                    })
                }
            });
        }
        let mut facets = Vec::new();
        for name in &self.facets {
            facets.push(ff.str(name)?.map(|c| {
                let n = c.num_terms();
                (c, vec![0u32; n])
            }));
        }
        Ok(SegmentFacets {
            segment,
            filters,
            filter_names: self.filters.iter().map(|(n, _)| *n).collect(),
            facets,
            facet_names: self.facets.clone(),
            date_lo: ff.u64(DATE_LO)?,
            date_hi: ff.u64(DATE_HI)?,
            dates: self.dates,
            top: self.top,
            single: self.single,
            heap: BinaryHeap::new(),
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut out = Found { total: 0, hits: Vec::new(), facets: vec![HashMap::new(); self.facets.len()] };
        for f in fruits {
            out.total += f.total;
            out.hits.extend(f.hits);
            for (into, from) in out.facets.iter_mut().zip(f.facets) {
                for (k, n) in from {
                    *into.entry(k).or_default() += n;
                }
            }
        }
        out.hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        out.hits.truncate(self.top);
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        let (since, until) = self.dates;
        if since.is_some() || until.is_some() {
            let ok = since.is_none_or(|s| self.date_hi.first(doc).is_some_and(|hi| hi >= s))
                && until.is_none_or(|u| self.date_lo.first(doc).is_some_and(|lo| lo <= u));
            if !ok {
                return;
            }
        }
        // Which filters this document fails (a few at most).
        let mut failed: u32 = 0;
        for (i, f) in self.filters.iter().enumerate() {
            if let Some((col, want)) = f {
                let pass = want.is_some_and(|w| col.term_ords(doc).any(|o| o == w));
                if !pass {
                    failed |= 1 << i;
                }
            }
        }
        if failed == 0 {
            self.total += 1;
            if self.top > 0 {
                let r = Ranked(score, DocAddress::new(self.segment, doc));
                if self.heap.len() < self.top {
                    self.heap.push(r);
                } else if self.heap.peek().is_some_and(|worst| r < *worst) {
                    self.heap.pop();
                    self.heap.push(r);
                }
            }
        }
        for (fi, facet) in self.facets.iter_mut().enumerate() {
            let Some((col, counts)) = facet else { continue };
            // Counted without the facet's own filter.
            let own = self.filter_names.iter().position(|n| *n == self.facet_names[fi]).map_or(0, |i| 1 << i);
            if failed & !own != 0 {
                continue;
            }
            let mut last = None;
            for o in col.term_ords(doc) {
                if last != Some(o) {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c += 1;
                    }
                    last = Some(o);
                }
            }
        }
    }

    fn harvest(self) -> Found {
        let mut facets = Vec::new();
        for f in self.facets {
            let mut m = HashMap::new();
            if let Some((col, counts)) = f {
                // One sequential walk of the dictionary for every counted
                // value, not a block seek and scan per value.
                let mut ords: Vec<u64> = (0..counts.len() as u64).filter(|&o| counts[o as usize] > 0).collect();
                if self.single && ords.len() > FACET_VALUES {
                    // The only segment: the values listed are the most
                    // frequent, ties by value, and ordinals sort as values do.
                    let rank = |&o: &u64| (std::cmp::Reverse(counts[o as usize]), o);
                    ords.select_nth_unstable_by_key(FACET_VALUES - 1, rank);
                    ords.truncate(FACET_VALUES);
                    ords.sort_unstable();
                }
                let mut at = ords.iter();
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                    if let (Some(&o), Ok(value)) = (at.next(), std::str::from_utf8(term)) {
                        m.insert(value.to_string(), u64::from(counts[o as usize]));
                    }
                });
            }
            facets.push(m);
        }
        Found { total: self.total, hits: self.heap.into_iter().map(|Ranked(s, a)| (s, a)).collect(), facets }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_the_searched_words_and_keep_to_whole_words() {
        let mut h = Highlighter::new(&parse_terms("Pipelines talks* Banby"));
        let filler = "Žitomir reported quietly on other matters. ".repeat(20);
        let text = format!("{filler}The PIPELINE talked of talks in Banby; pipes burst. {filler}");
        let (snip, marks) = h.snippet(&text, 160);
        let marked: Vec<String> =
            marks.iter().map(|[s, e]| snip.chars().skip(*s).take(e - s).collect::<String>()).collect();
        // A stem matches the words with that stem ("pipes" has another),
        // a prefix the words starting with it ("talked" does not).
        // A stem need not be how the word starts: "Banby" stems to "banbi".
        assert_eq!(marked, ["PIPELINE", "talks", "Banby"], "{snip}");
        assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip}");
        assert!(snip.chars().count() <= 160 + 2, "{snip}");
        // Nothing found: the opening of the text.
        let (snip, marks) = h.snippet(&filler, 50);
        assert!(marks.is_empty() && filler.starts_with(snip.trim_end_matches('…')), "{snip}");
        // Words inside longer words are not marks.
        assert!(h.marks("subpipeline pipelinex").is_empty());
    }

    #[test]
    fn user_input_becomes_terms_and_operators_stay_words() {
        let t = |w: &[&str], prefix: bool| SearchTerm { words: w.iter().map(|s| s.to_string()).collect(), prefix };
        assert_eq!(parse_terms("dam talks"), vec![t(&["dam"], false), t(&["talks"], false)]);
        assert_eq!(parse_terms("\"open hands\" Vošta"), vec![t(&["open", "hands"], false), t(&["Vošta"], false)]);
        assert_eq!(parse_terms("Hlush*"), vec![t(&["Hlush"], true)]);
        assert_eq!(parse_terms("a OR b").len(), 3);
        assert_eq!(parse_terms("col:x (y) ^z"), vec![t(&["col", "x"], false), t(&["y"], false), t(&["z"], false)]);
        assert!(parse_terms(" * \" - ").is_empty());
    }

    #[test]
    fn summaries_are_forgotten_when_the_data_changes() {
        let key =
            SummaryKey { terms: parse_terms("dam"), outlet: None, speaker: None, story: None, dates: (None, None) };
        let summary = || {
            Arc::new(Summary {
                total_articles: 1,
                total_statements: 2,
                outlets: Arc::from([]),
                speakers: Arc::from([]),
                stories: Arc::from([]),
            })
        };
        let memo = Summaries::default();
        assert!(memo.get(&key, 1).is_none());
        memo.put(key.clone(), 1, summary());
        assert_eq!(memo.get(&key, 1).map(|s| s.total_statements), Some(2));
        assert!(memo.get(&key, 2).is_none(), "another data version");
        let other = SummaryKey { outlet: Some("Herald".into()), ..key.clone() };
        assert!(memo.get(&other, 1).is_none(), "another filter");
        memo.put(other.clone(), 2, summary());
        assert!(memo.get(&key, 2).is_none() && memo.get(&other, 2).is_some());
    }

    #[test]
    fn a_prefix_range_ends_past_every_word_it_starts() {
        assert_eq!(prefix_end("pens").as_deref(), Some("pent"));
        assert_eq!(prefix_end("az").as_deref(), Some("a{"));
        assert_eq!(prefix_end("vošt").as_deref(), Some("vošu"));
        // The last char cannot grow: the one before it does.
        assert_eq!(prefix_end(&format!("a{}", char::MAX)).as_deref(), Some("b"));
        assert_eq!(prefix_end(&char::MAX.to_string()), None);
        for w in ["pens", "pension", "pensions", "pens\u{10ffff}"] {
            assert!(w >= "pens" && w < prefix_end("pens").unwrap().as_str(), "{w}");
        }
        assert!("pent" >= prefix_end("pens").unwrap().as_str());
    }

    #[test]
    fn partial_dates_cover_their_whole_span() {
        assert_eq!(date_key("2025", 0), Some(20250000));
        assert_eq!(date_key("2025", 99), Some(20259999));
        assert_eq!(date_key("2025-03", 99), Some(20250399));
        assert_eq!(date_key("2025-03-14", 0), Some(20250314));
        assert_eq!(date_key("soon", 0), None);
    }
}
