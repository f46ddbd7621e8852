//! Read side for `storyline serve`: one article with the offsets of every
//! annotation (so a page can highlight quotes, speakers and dates), per-outlet
//! comparisons, and full-text search.
//!
//! Search lives in a separate SQLite file holding two FTS5 tables, built from
//! the database when the server starts and attached to each read-only
//! connection as `search`. The main database is never written, so a server can
//! run on a file another process is analysing into (the index is then as old
//! as the server).

use crate::queries::Clauses;
use crate::{ArticleRow, Filter, QuoteRow, Report, Result, Store, TimelineRow};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A paragraph of the clean text, by char offsets.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ParagraphSpan {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

/// A quote with the offsets of its content, speaker mention and cue.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QuoteSpan {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub medium: Option<String>,
    pub said_on: Option<String>,
    pub said_on_basis: Option<String>,
    pub statement_id: Option<String>,
    pub repeated: bool,
    /// Every outlet reporting the same statement (this article's included),
    /// with how many times: "who reported it".
    pub reported_by: Vec<ReportCount>,
}

/// How often one outlet reports a statement.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ReportCount {
    pub outlet: Option<String>,
    pub reports: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub name: String,
    pub role: Option<String>,
    pub entity_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TimexSpan {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// Enough of an article to link to it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StoryRef {
    pub id: String,
    pub title: String,
}

/// One article with its text and every annotation, offsets in chars.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub article: ArticleRow,
    pub text: String,
    pub paragraphs: Vec<ParagraphSpan>,
    pub quotes: Vec<QuoteSpan>,
    pub mentions: Vec<MentionSpan>,
    pub timexes: Vec<TimexSpan>,
    /// The article this one copies, when it is a duplicate.
    pub original: Option<ArticleRef>,
    /// Articles that copy this one.
    pub copies: Vec<ArticleRef>,
    pub stories: Vec<StoryRef>,
    pub warnings: Vec<String>,
}

/// A speaker an outlet quotes, and how often.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Voice {
    pub speaker_id: String,
    pub name: String,
    pub quotes: i64,
}

/// How often an outlet writes an entity's name one way.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Spelling {
    pub entity_id: String,
    pub entity: String,
    pub form: String,
    pub count: i64,
}

/// Per-outlet coverage numbers.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct OutletRow {
    /// `None` for articles whose outlet could not be determined.
    pub outlet: Option<String>,
    pub articles: i64,
    pub copies: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub quotes: i64,
    pub direct: i64,
    pub mixed: i64,
    pub indirect: i64,
    /// Distinct identified speakers quoted.
    pub speakers: i64,
    /// Most quoted speakers first.
    pub voices: Vec<Voice>,
    /// Spellings of entities that different articles name differently.
    pub spellings: Vec<Spelling>,
}

/// A full-text query with its filters. `fts` is FTS5 syntax, as built by [`fts_query`].
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub fts: String,
    /// Exact outlet name.
    pub outlet: Option<String>,
    /// Exact speaker entity id.
    pub speaker: Option<String>,
    /// Exact story id.
    pub story: Option<String>,
    /// ISO date (or `YYYY`, `YYYY-MM`): articles published, statements said, on or after.
    pub since: Option<String>,
    /// ISO date (or `YYYY`, `YYYY-MM`): on or before.
    pub until: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleHit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// BM25 relevance, higher is better.
    pub score: f64,
    pub snippet: String,
    /// `[start, end)` char ranges of matched terms inside `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StatementHit {
    pub quote_id: String,
    pub article_id: String,
    pub statement_id: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub said_on: Option<String>,
    pub score: f64,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
}

/// A facet value and how many hits carry it (counted without the facet's own filter).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Facet {
    pub id: Option<String>,
    pub value: Option<String>,
    pub count: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SearchResults {
    pub total_articles: i64,
    pub total_statements: i64,
    pub articles: Vec<ArticleHit>,
    pub statements: Vec<StatementHit>,
    pub outlets: Vec<Facet>,
    pub speakers: Vec<Facet>,
    pub stories: Vec<Facet>,
}

/// What was indexed.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct IndexStats {
    pub articles: usize,
    pub quotes: usize,
}

/// Most values listed per search facet.
const FACET_VALUES: i64 = 30;

/// How many multi-alias entities the spelling comparison covers.
const SPELLING_ENTITIES: i64 = 40;

const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// Turns what a user typed into a safe FTS5 query: words and `"quoted
/// phrases"` become quoted FTS5 strings (all must match), a trailing `*`
/// keeps prefix search. Operators and punctuation are never interpreted, so
/// no input is a syntax error. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |raw: &str, prefix: bool| {
        let words: Vec<&str> = raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return;
        }
        let mut t = format!("\"{}\"", words.join(" "));
        if prefix {
            t.push('*');
        }
        terms.push(t);
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
    if terms.is_empty() { None } else { Some(terms.join(" ")) }
}

/// Splits an FTS5 snippet marked with `HIT_START`/`HIT_END` into plain text
/// and char ranges of the hits.
fn unmark(snippet: &str) -> (String, Vec<[usize; 2]>) {
    let mut text = String::with_capacity(snippet.len());
    let mut hits = Vec::new();
    let mut n = 0;
    let mut open = None;
    for c in snippet.chars() {
        match c {
            HIT_START => open = Some(n),
            HIT_END => {
                if let Some(s) = open.take() {
                    hits.push([s, n]);
                }
            }
            c => {
                text.push(c);
                n += 1;
            }
        }
    }
    (text, hits)
}

/// Builds the full-text index file for a database (replacing any content).
pub fn build_search_index(db: &Path, index: &Path) -> Result<IndexStats> {
    let src = Store::open_read_only(db)?;
    let mut dst = Connection::open(index)?;
    dst.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         DROP TABLE IF EXISTS articles_fts; DROP TABLE IF EXISTS quotes_fts;
         CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE quotes_fts USING fts5(id UNINDEXED, speaker, body, tokenize = 'porter unicode61 remove_diacritics 2');",
    )?;
    let mut stats = IndexStats::default();
    let tx = dst.transaction()?;
    {
        let mut ins = tx.prepare("INSERT INTO articles_fts (id, title, body) VALUES (?1, ?2, ?3)")?;
        let mut st =
            src.conn.prepare("SELECT id, coalesce(title, ''), text FROM articles WHERE duplicate_of IS NULL")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            ins.execute(params![r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?])?;
            stats.articles += 1;
        }
        let mut ins = tx.prepare("INSERT INTO quotes_fts (id, speaker, body) VALUES (?1, ?2, ?3)")?;
        let mut st = src.conn.prepare(
            "SELECT q.id, coalesce(e.name, q.speaker, ''), q.text FROM quotes q JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_id WHERE a.duplicate_of IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            ins.execute(params![r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?])?;
            stats.quotes += 1;
        }
    }
    tx.commit()?;
    dst.execute_batch("INSERT INTO articles_fts(articles_fts) VALUES ('optimize'); INSERT INTO quotes_fts(quotes_fts) VALUES ('optimize');")?;
    Ok(stats)
}

fn usize_opt(v: Option<i64>) -> Option<usize> {
    v.map(|n| n.max(0) as usize)
}

impl Store {
    /// A cheap summary of what the database holds, to notice another process
    /// writing to it: `None` while articles were added but the corpus passes
    /// have not finished yet (the data is between two consistent states).
    pub fn data_fingerprint(&self) -> Result<Option<String>> {
        let (articles, last, quotes, statements, dirty): (i64, Option<String>, i64, i64, Option<String>) =
            self.conn.query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT max(id) FROM articles), (SELECT count(*) FROM quotes),
                        (SELECT count(*) FROM statements), (SELECT value FROM meta WHERE key = 'corpus_dirty')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        if dirty.as_deref() == Some("1") {
            return Ok(None);
        }
        Ok(Some(format!("{articles}:{}:{quotes}:{statements}", last.unwrap_or_default())))
    }

    /// Attaches an index built by [`build_search_index`] as schema `search`.
    pub fn attach_search_index(&self, index: &Path) -> Result<()> {
        self.conn.execute("ATTACH DATABASE ?1 AS search", [index.to_string_lossy()])?;
        Ok(())
    }

    /// One article (id or unique id prefix) with everything needed to show it.
    pub fn article_detail(&self, id: &str) -> Result<Option<ArticleDetail>> {
        let Some((article, text)) = self.article(id)? else { return Ok(None) };
        let id = article.id.clone();
        let (paragraphs, warnings): (String, String) =
            self.conn.query_row("SELECT paragraphs, warnings FROM articles WHERE id = ?1", [&id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let paragraphs = serde_json::from_str::<Vec<serde_json::Value>>(&paragraphs)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| {
                Some(ParagraphSpan {
                    start: p.pointer("/span/start")?.as_u64()? as usize,
                    end: p.pointer("/span/end")?.as_u64()? as usize,
                    kind: p.get("kind").and_then(|k| k.as_str()).unwrap_or("body").to_string(),
                })
            })
            .collect();
        let warnings = serde_json::from_str(&warnings).unwrap_or_default();

        let mut st = self.conn.prepare(
            "SELECT q.id, q.start, q.end, q.text, q.kind, coalesce(e.name, q.speaker), q.speaker_id, q.speaker_start, q.speaker_end,
                    q.cue, q.cue_start, q.cue_end, q.medium, q.said_on, q.said_on_basis, q.statement_id, q.repeated
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id WHERE q.article_id = ?1 ORDER BY q.start, q.id",
        )?;
        let quotes = st
            .query_map([&id], |r| {
                Ok(QuoteSpan {
                    id: r.get(0)?,
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    text: r.get(3)?,
                    kind: r.get(4)?,
                    speaker: r.get(5)?,
                    speaker_id: r.get(6)?,
                    speaker_start: usize_opt(r.get(7)?),
                    speaker_end: usize_opt(r.get(8)?),
                    cue: r.get(9)?,
                    cue_start: usize_opt(r.get(10)?),
                    cue_end: usize_opt(r.get(11)?),
                    medium: r.get(12)?,
                    said_on: r.get(13)?,
                    said_on_basis: r.get(14)?,
                    statement_id: r.get(15)?,
                    repeated: r.get::<_, i64>(16)? != 0,
                    reported_by: Vec::new(),
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut quotes: Vec<QuoteSpan> = quotes;
        let mut st = self.conn.prepare(
            "SELECT q.statement_id, a.outlet, count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
             WHERE q.statement_id IN (SELECT statement_id FROM quotes WHERE article_id = ?1 AND statement_id IS NOT NULL)
             GROUP BY q.statement_id, a.outlet ORDER BY q.statement_id, count(*) DESC, a.outlet IS NULL, a.outlet",
        )?;
        let mut by_statement: HashMap<String, Vec<ReportCount>> = HashMap::new();
        let mut rs = st.query([&id])?;
        while let Some(r) = rs.next()? {
            by_statement.entry(r.get(0)?).or_default().push(ReportCount { outlet: r.get(1)?, reports: r.get(2)? });
        }
        for q in &mut quotes {
            if let Some(sid) = &q.statement_id {
                q.reported_by = by_statement.get(sid).cloned().unwrap_or_default();
            }
        }
        let mut st = self.conn.prepare(
            "SELECT m.start, m.end, m.kind, coalesce(e.name, m.name), m.role, m.entity_id
             FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?1 ORDER BY m.start, m.idx",
        )?;
        let mentions = st
            .query_map([&id], |r| {
                Ok(MentionSpan {
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    kind: r.get(2)?,
                    name: r.get(3)?,
                    role: r.get(4)?,
                    entity_id: r.get(5)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut st =
            self.conn.prepare("SELECT start, end, type, value FROM timexes WHERE article_id = ?1 ORDER BY start")?;
        let timexes = st
            .query_map([&id], |r| {
                Ok(TimexSpan {
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    kind: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let article_ref = |r: &rusqlite::Row<'_>| -> rusqlite::Result<ArticleRef> {
            Ok(ArticleRef { id: r.get(0)?, title: r.get(1)?, outlet: r.get(2)?, published: r.get(3)? })
        };
        let original = match &article.duplicate_of {
            Some(o) => self
                .conn
                .query_row("SELECT id, title, outlet, published FROM articles WHERE id = ?1", [o], article_ref)
                .optional()?,
            None => None,
        };
        let mut st = self.conn.prepare(
            "SELECT id, title, outlet, published FROM articles WHERE duplicate_of = ?1
             ORDER BY published IS NULL, published, id",
        )?;
        let copies = st.query_map([&id], article_ref)?.collect::<std::result::Result<_, _>>()?;
        let mut st = self.conn.prepare(
            "SELECT s.id, s.title FROM story_articles sa JOIN stories s ON s.id = sa.story_id
             WHERE sa.article_id = ?1 ORDER BY s.first_seen, s.id",
        )?;
        let stories = st
            .query_map([&id], |r| Ok(StoryRef { id: r.get(0)?, title: r.get(1)? }))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(Some(ArticleDetail {
            article,
            text,
            paragraphs,
            quotes,
            mentions,
            timexes,
            original,
            copies,
            stories,
            warnings,
        }))
    }

    /// Per-outlet comparison, outlets with most articles first.
    /// Spellings are compared for the most mentioned multi-alias entities only. Copies count
    /// separately and their quotes are left out, so republished wire copy does
    /// not inflate an outlet's voices.
    pub fn outlets(&self, voices_per_outlet: usize) -> Result<Vec<OutletRow>> {
        let mut rows: Vec<OutletRow> = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT outlet, sum(duplicate_of IS NULL), sum(duplicate_of IS NOT NULL), min(published), max(published)
             FROM articles GROUP BY outlet ORDER BY sum(duplicate_of IS NULL) DESC, outlet IS NULL, outlet",
        )?;
        let mut rs = st.query([])?;
        while let Some(r) = rs.next()? {
            rows.push(OutletRow {
                outlet: r.get(0)?,
                articles: r.get(1)?,
                copies: r.get(2)?,
                first_published: r.get(3)?,
                last_published: r.get(4)?,
                quotes: 0,
                direct: 0,
                mixed: 0,
                indirect: 0,
                speakers: 0,
                voices: Vec::new(),
                spellings: Vec::new(),
            });
        }
        let index: HashMap<Option<String>, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.outlet.clone(), i)).collect();
        let mut st = self.conn.prepare(
            "SELECT a.outlet, count(*), sum(q.kind = 'direct'), sum(q.kind = 'mixed'), sum(q.kind = 'indirect'),
                    count(DISTINCT q.speaker_id)
             FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.duplicate_of IS NULL GROUP BY a.outlet",
        )?;
        let mut rs = st.query([])?;
        while let Some(r) = rs.next()? {
            let Some(&i) = index.get(&r.get::<_, Option<String>>(0)?) else { continue };
            let row = &mut rows[i];
            row.quotes = r.get(1)?;
            row.direct = r.get(2)?;
            row.mixed = r.get(3)?;
            row.indirect = r.get(4)?;
            row.speakers = r.get(5)?;
        }
        let mut st = self.conn.prepare(
            "SELECT a.outlet, q.speaker_id, e.name, count(*) AS n
             FROM quotes q JOIN articles a ON a.id = q.article_id JOIN entities e ON e.id = q.speaker_id
             WHERE a.duplicate_of IS NULL GROUP BY a.outlet, q.speaker_id ORDER BY a.outlet, n DESC, e.name, q.speaker_id",
        )?;
        let mut rs = st.query([])?;
        while let Some(r) = rs.next()? {
            let Some(&i) = index.get(&r.get::<_, Option<String>>(0)?) else { continue };
            if rows[i].voices.len() < voices_per_outlet {
                rows[i].voices.push(Voice { speaker_id: r.get(1)?, name: r.get(2)?, quotes: r.get(3)? });
            }
        }
        // Spellings: surface forms of multi-alias entities, kept only for
        // entities written in more than one way somewhere. Each article's
        // text is read once and sliced here: substr() per mention re-reads it.
        let mut entities: HashMap<String, (String, Vec<String>)> = HashMap::new();
        let mut st = self.conn.prepare(
            "SELECT id, name, aliases FROM entities WHERE aliases LIKE '%\",\"%' ORDER BY mentions DESC, id LIMIT ?1",
        )?;
        let mut rs = st.query([SPELLING_ENTITIES])?;
        while let Some(r) = rs.next()? {
            let aliases: Vec<String> = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default();
            entities.insert(r.get(0)?, (r.get(1)?, aliases));
        }
        let ids: Vec<String> = entities.keys().cloned().collect();
        let mut st = self.conn.prepare(&format!(
            "SELECT m.article_id, a.outlet, m.entity_id, m.start, m.end FROM mentions m JOIN articles a ON a.id = m.article_id
             WHERE a.duplicate_of IS NULL AND m.entity_id IN {} ORDER BY m.article_id, m.start",
            Self::id_list(&ids)
        ))?;
        let mut text_of = self.conn.prepare("SELECT text FROM articles WHERE id = ?1")?;
        let mut counts: BTreeMap<(Option<String>, String, String), i64> = BTreeMap::new();
        let mut current: (String, Vec<char>) = (String::new(), Vec::new());
        let mut rs = st.query([])?;
        while let Some(r) = rs.next()? {
            let article: String = r.get(0)?;
            if article != current.0 {
                let text: String = text_of.query_row([&article], |r| r.get(0))?;
                current = (article, text.chars().collect());
            }
            let (start, end) = (r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize);
            let Some(chars) = current.1.get(start..end.min(current.1.len())) else { continue };
            let entity_id: String = r.get(2)?;
            let form: String = chars.iter().collect();
            if entities.get(&entity_id).is_some_and(|(_, aliases)| aliases.contains(&form)) {
                *counts.entry((r.get(1)?, entity_id, form)).or_default() += 1;
            }
        }
        let mut forms: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
        for (_, e, f) in counts.keys() {
            forms.entry(e.as_str()).or_default().insert(f.as_str());
        }
        let mut found: Vec<(Option<String>, Spelling)> = Vec::new();
        for ((outlet, entity_id, form), count) in &counts {
            if forms.get(entity_id.as_str()).is_some_and(|f| f.len() > 1) {
                let entity = entities.get(entity_id).map(|(n, _)| n.clone()).unwrap_or_default();
                found.push((
                    outlet.clone(),
                    Spelling { entity_id: entity_id.clone(), entity, form: form.clone(), count: *count },
                ));
            }
        }
        found.sort_by(|a, b| (&a.0, &a.1.entity, &a.1.form).cmp(&(&b.0, &b.1.entity, &b.1.form)));
        for (outlet, sp) in found {
            if let Some(&i) = index.get(&outlet) {
                rows[i].spellings.push(sp);
            }
        }
        Ok(rows)
    }

    /// Full-text search over articles and statements (needs an attached index).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let values: [(&str, &dyn rusqlite::ToSql); 9] = [
            (":fts", &q.fts),
            (":outlet", &q.outlet),
            (":speaker", &q.speaker),
            (":story", &q.story),
            (":since", &q.since),
            (":until", &q.until),
            (":limit", &(q.limit as i64)),
            (":offset", &(q.offset as i64)),
            (":facets", &FACET_VALUES),
        ];
        let date = |col: &str| {
            format!(
                "(:since IS NULL OR ({col} IS NOT NULL AND {col} >= substr(:since, 1, length({col}))))
                 AND (:until IS NULL OR ({col} IS NOT NULL AND {col} <= substr(:until, 1, length({col}))))"
            )
        };
        let outlet = "(:outlet IS NULL OR a.outlet = :outlet)";
        let story = "(:story IS NULL OR a.id IN (SELECT article_id FROM main.story_articles WHERE story_id = :story))";
        let speaker = "(:speaker IS NULL OR q.speaker_id = :speaker)";
        let articles_from =
            "FROM search.articles_fts JOIN main.articles a ON a.id = articles_fts.id WHERE articles_fts MATCH :fts";
        let quotes_from = "FROM search.quotes_fts JOIN main.quotes q ON q.id = quotes_fts.id JOIN main.articles a ON a.id = q.article_id
             LEFT JOIN main.entities e ON e.id = q.speaker_id WHERE quotes_fts MATCH :fts";
        let a_date = date("a.published");
        let q_date = date("q.said_on");

        let articles = self.bound(
            &format!(
                "SELECT a.id, a.title, a.outlet, a.published, -bm25(articles_fts, 0.0, 4.0, 1.0) AS score,
                        snippet(articles_fts, -1, char(2), char(3), '…', 24)
                 {articles_from} AND {outlet} AND {story} AND {a_date} ORDER BY score DESC, a.id LIMIT :limit OFFSET :offset"
            ),
            &values,
            |r| {
                let (snippet, highlights) = unmark(&r.get::<_, String>(5)?);
                Ok(ArticleHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    score: r.get(4)?,
                    snippet,
                    highlights,
                })
            },
        )?;
        let total_articles = self.bound(
            &format!("SELECT count(*) {articles_from} AND {outlet} AND {story} AND {a_date}"),
            &values,
            |r| r.get::<_, i64>(0),
        )?;
        let statements = self.bound(
            &format!(
                "SELECT q.id, q.article_id, q.statement_id, q.kind, coalesce(e.name, q.speaker), q.speaker_id, a.outlet,
                        a.published, q.said_on, -bm25(quotes_fts, 0.0, 2.0, 1.0) AS score,
                        snippet(quotes_fts, 2, char(2), char(3), '…', 32)
                 {quotes_from} AND {outlet} AND {story} AND {speaker} AND {q_date}
                 ORDER BY score DESC, q.id LIMIT :limit OFFSET :offset"
            ),
            &values,
            |r| {
                let (snippet, highlights) = unmark(&r.get::<_, String>(10)?);
                Ok(StatementHit {
                    quote_id: r.get(0)?,
                    article_id: r.get(1)?,
                    statement_id: r.get(2)?,
                    kind: r.get(3)?,
                    speaker: r.get(4)?,
                    speaker_id: r.get(5)?,
                    outlet: r.get(6)?,
                    published: r.get(7)?,
                    said_on: r.get(8)?,
                    score: r.get(9)?,
                    snippet,
                    highlights,
                })
            },
        )?;
        let total_statements = self.bound(
            &format!("SELECT count(*) {quotes_from} AND {outlet} AND {story} AND {speaker} AND {q_date}"),
            &values,
            |r| r.get::<_, i64>(0),
        )?;
        // Facets ignore their own filter so every choice stays visible.
        let outlets = self.bound(
            &format!(
                "SELECT a.outlet, count(*) AS n {articles_from} AND {story} AND {a_date}
                 GROUP BY a.outlet ORDER BY n DESC, a.outlet IS NULL, a.outlet LIMIT :facets"
            ),
            &values,
            |r| Ok(Facet { id: None, value: r.get(0)?, count: r.get(1)? }),
        )?;
        let speakers = self.bound(
            &format!(
                "SELECT q.speaker_id, coalesce(e.name, q.speaker), count(*) AS n
                 {quotes_from} AND {outlet} AND {story} AND {q_date} AND q.speaker_id IS NOT NULL
                 GROUP BY q.speaker_id ORDER BY n DESC, 2, 1 LIMIT :facets"
            ),
            &values,
            |r| Ok(Facet { id: r.get(0)?, value: r.get(1)?, count: r.get(2)? }),
        )?;
        let stories = self.bound(
            &format!(
                "SELECT s.id, s.title, count(*) AS n
                 FROM search.articles_fts JOIN main.articles a ON a.id = articles_fts.id
                 JOIN main.story_articles sa ON sa.article_id = a.id JOIN main.stories s ON s.id = sa.story_id
                 WHERE articles_fts MATCH :fts AND {outlet} AND {a_date}
                 GROUP BY s.id ORDER BY n DESC, s.title, s.id LIMIT :facets"
            ),
            &values,
            |r| Ok(Facet { id: r.get(0)?, value: r.get(1)?, count: r.get(2)? }),
        )?;
        Ok(SearchResults {
            total_articles: total_articles.first().copied().unwrap_or(0),
            total_statements: total_statements.first().copied().unwrap_or(0),
            articles,
            statements,
            outlets,
            speakers,
            stories,
        })
    }

    /// Runs a query with named parameters, binding only those it uses.
    fn bound<T>(
        &self,
        sql: &str,
        values: &[(&str, &dyn rusqlite::ToSql)],
        f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = self.conn.prepare(sql)?;
        for (name, value) in values {
            if let Some(i) = st.parameter_index(name)? {
                st.raw_bind_parameter(i, value)?;
            }
        }
        let mut rows = st.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(f(r)?);
        }
        Ok(out)
    }
}

/// One page of a listing, counted and cut in SQL.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub offset: usize,
    pub limit: usize,
    /// Latest first instead of earliest first.
    pub desc: bool,
}

/// Extra statement filters the CLI listings do not have.
#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    /// `direct`, `mixed` or `indirect`.
    pub kind: Option<String>,
    /// Words the quote must contain (ASCII case-insensitive).
    pub words: Vec<String>,
    /// Only quotes of this article.
    pub article: Option<String>,
}

impl Store {
    /// A page of the merged timeline and the number of matching statements.
    /// Same filters and order as [`Store::timeline`], but only the page's
    /// reports are read.
    pub fn timeline_page(&self, f: &Filter, page: Paging) -> Result<(Vec<TimelineRow>, usize)> {
        let mut w = Clauses::default();
        w.date_range("s.said_on", f);
        if let Some(sp) = &f.speaker {
            let ids = self.matching_entities(sp)?;
            w.push(&format!("s.speaker_id IN {}", Self::id_list(&ids)), &[]);
        }
        if f.outlet.is_some() || f.entity.is_some() || f.story.is_some() {
            let mut aw = Clauses { sql: Vec::new(), params: std::mem::take(&mut w.params) };
            self.article_clauses(&Filter { include_duplicates: true, ..f.clone() }, &mut aw)?;
            w.params = aw.params;
            w.sql.push(format!(
                "s.id IN (SELECT q.statement_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {})",
                aw.sql.join(" AND ")
            ));
        }
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM statements s{}", w.where_sql()),
            params_from_iter(&w.params),
            |r| r.get(0),
        )?;
        let order =
            if page.desc { "s.said_on IS NULL, s.said_on DESC, s.id" } else { "s.said_on IS NULL, s.said_on, s.id" };
        let sql = format!(
            "SELECT s.id, s.said_on, e.name, s.speaker_id, s.kind, s.text FROM statements s
             LEFT JOIN entities e ON e.id = s.speaker_id{} ORDER BY {order} LIMIT {} OFFSET {}",
            w.where_sql(),
            page.limit,
            page.offset
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows: Vec<TimelineRow> = st
            .query_map(params_from_iter(&w.params), |r| {
                Ok(TimelineRow {
                    id: r.get(0)?,
                    said_on: r.get(1)?,
                    speaker: r.get(2)?,
                    speaker_id: r.get(3)?,
                    kind: r.get(4)?,
                    text: r.get(5)?,
                    reports: Vec::new(),
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let index: HashMap<String, usize> = rows.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        for chunk in rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>().chunks(400) {
            let mut st = self.conn.prepare(&format!(
                "SELECT q.statement_id, q.id, q.article_id, a.outlet, a.published, q.text, q.cue
                 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.statement_id IN {}
                 ORDER BY a.published IS NULL, a.published, a.id, q.start",
                Self::id_list(chunk)
            ))?;
            let mut rs = st.query([])?;
            while let Some(r) = rs.next()? {
                let Some(&i) = index.get(&r.get::<_, String>(0)?) else { continue };
                rows[i].reports.push(Report {
                    quote_id: r.get(1)?,
                    article_id: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                    cue: r.get(6)?,
                });
            }
        }
        Ok((rows, total as usize))
    }

    /// A page of statement occurrences and the number matching. Same filters
    /// and order as [`Store::quotes`], plus kind and words.
    pub fn quotes_page(&self, f: &Filter, extra: &QuoteFilter, page: Paging) -> Result<(Vec<QuoteRow>, usize)> {
        let mut w = Clauses::default();
        self.article_clauses(f, &mut w)?;
        w.date_range("q.said_on", f);
        if let Some(sp) = &f.speaker {
            let ids = self.matching_entities(sp)?;
            w.push(&format!("q.speaker_id IN {}", Self::id_list(&ids)), &[]);
        }
        if let Some(k) = &extra.kind {
            w.push("q.kind = ?", &[k]);
        }
        for word in &extra.words {
            w.push("instr(lower(q.text), ?) > 0", &[&word.to_lowercase()]);
        }
        if let Some(article) = &extra.article {
            w.push("q.article_id = ?", &[article]);
        }
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id{}", w.where_sql()),
            params_from_iter(&w.params),
            |r| r.get(0),
        )?;
        let dir = if page.desc { "DESC" } else { "" };
        let sql = format!(
            "SELECT q.id, q.article_id, coalesce(a.path, a.url), a.outlet, a.published, q.text, q.kind,
                    coalesce(e.name, q.speaker), q.speaker_id, substr(a.text, q.speaker_start + 1, q.speaker_end - q.speaker_start),
                    q.cue, q.medium, q.said_on, q.said_on_basis, q.start, q.end, q.statement_id
             FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id{}
             ORDER BY a.published IS NULL, a.published {dir}, a.id, q.start, q.id LIMIT {} OFFSET {}",
            w.where_sql(),
            page.limit,
            page.offset
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st
            .query_map(params_from_iter(&w.params), |r| {
                Ok(QuoteRow {
                    id: r.get(0)?,
                    article_id: r.get(1)?,
                    path: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                    kind: r.get(6)?,
                    speaker: r.get(7)?,
                    speaker_id: r.get(8)?,
                    speaker_mention: r.get(9)?,
                    cue: r.get(10)?,
                    medium: r.get(11)?,
                    said_on: r.get(12)?,
                    said_on_basis: r.get(13)?,
                    start: r.get::<_, i64>(14)? as usize,
                    end: r.get::<_, i64>(15)? as usize,
                    statement_id: r.get(16)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok((rows, total as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_every_term_so_operators_are_inert() {
        assert_eq!(fts_query("dam talks").as_deref(), Some("\"dam\" \"talks\""));
        assert_eq!(fts_query("\"open hands\" Vošta").as_deref(), Some("\"open hands\" \"Vošta\""));
        assert_eq!(fts_query("Hlush*").as_deref(), Some("\"Hlush\"*"));
        assert_eq!(fts_query("a OR b NOT c").as_deref(), Some("\"a\" \"OR\" \"b\" \"NOT\" \"c\""));
        assert_eq!(fts_query("col:x (y) ^z"), Some("\"col x\" \"y\" \"z\"".into()));
        assert_eq!(fts_query(" * \" - "), None);
    }

    #[test]
    fn unmark_gives_char_offsets_of_hits() {
        let (t, h) = unmark("…Vošta \u{2}said\u{3} the \u{2}dam\u{3}");
        assert_eq!(t, "…Vošta said the dam");
        assert_eq!(h, vec![[7, 11], [16, 19]]);
    }
}
