//! Read side for `storyline serve`: one article with the offsets of every
//! annotation (so a page can highlight quotes, speakers and dates), per-outlet
//! comparisons, and what the server's full-text index reads: every article
//! and quote with its facet values ([`Store::for_each_search_article`],
//! [`Store::for_each_search_quote`]), and the rows behind a page of hits.
//! The index itself (tantivy) lives in the server; the database is never
//! written, so a server can run on a file another process is analysing into.

use crate::queries::{ARTICLE_COLUMNS, Clauses, article_row};
use crate::queries::{STORY_COLUMNS, StoryHead, story_head};
use crate::{ArticleRow, Filter, QuoteRow, Report, Result, Store, StoryRow, TimelineRow, source_of};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    /// When `speaker` is null, the unnamed source as written (see [`crate::source_of`]).
    pub source: Option<String>,
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
    /// When `speaker` is null, the unnamed source as written (see [`crate::source_of`]).
    pub source: Option<String>,
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
    /// The facets, the same on every page of a query: shared with the
    /// server's memo of them, not copied per response.
    pub outlets: Arc<[Facet]>,
    pub speakers: Arc<[Facet]>,
    pub stories: Arc<[Facet]>,
}

/// What was indexed.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct IndexStats {
    pub articles: usize,
    pub quotes: usize,
}

/// How many multi-alias entities the spelling comparison covers.
const SPELLING_ENTITIES: i64 = 40;

/// A text column read in place (no copy), `None` when null or not text.
fn text_at<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    })
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

    /// One article (id or unique id prefix) with everything needed to show it.
    pub fn article_detail(&self, id: &str) -> Result<Option<ArticleDetail>> {
        // Links carry full ids: look those up by key before trying a prefix
        // (which reads every id).
        let exact = self
            .conn
            .query_row(&format!("SELECT {ARTICLE_COLUMNS}, a.text FROM articles a WHERE a.id = ?1"), [id], |r| {
                Ok((article_row(r)?, r.get::<_, String>(crate::queries::ARTICLE_COLUMN_COUNT)?))
            })
            .optional()?;
        let found = match exact {
            Some(found) => Some(found),
            None => self.article(id)?,
        };
        let Some((article, text)) = found else { return Ok(None) };
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
                    q.cue, q.cue_start, q.cue_end, q.medium, q.said_on, q.said_on_basis, q.statement_id, q.repeated,
                    coalesce(q.source, q.speaker_mention)
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id WHERE q.article_id = ?1 ORDER BY q.start, q.id",
        )?;
        let quotes = st
            .query_map([&id], |r| {
                let speaker: Option<String> = r.get(5)?;
                Ok(QuoteSpan {
                    id: r.get(0)?,
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    text: r.get(3)?,
                    kind: r.get(4)?,
                    source: source_of(speaker.as_deref(), text_at(r, 17)?),
                    speaker,
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
}

/// What the statement listing filters and orders articles by, for a
/// server to keep in memory: see [`Store::article_facts`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleFact {
    pub id: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub duplicate: bool,
    /// How many quotes the article holds.
    pub quotes: u32,
}

impl Store {
    /// Every article in listing order (undated last, then by date, ties by
    /// id: what [`Store::quotes_page`] orders by) with its outlet, whether it
    /// is a copy, and its number of quotes: two index scans.
    pub fn article_facts(&self) -> Result<Vec<ArticleFact>> {
        let mut quotes: HashMap<String, u32> = HashMap::new();
        let mut st = self.conn.prepare("SELECT article_id, count(*) FROM quotes GROUP BY article_id")?;
        let mut rs = st.query([])?;
        while let Some(r) = rs.next()? {
            quotes.insert(r.get(0)?, r.get(1)?);
        }
        let mut st = self.conn.prepare(
            "SELECT a.id, a.outlet, a.published, a.duplicate_of IS NOT NULL FROM articles a INDEXED BY articles_facts",
        )?;
        let mut out: Vec<ArticleFact> = st
            .query_map([], |r| {
                let id: String = r.get(0)?;
                Ok(ArticleFact {
                    quotes: quotes.get(&id).copied().unwrap_or(0),
                    id,
                    outlet: r.get(1)?,
                    published: r.get(2)?,
                    duplicate: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        // SQLite compares text bytewise (BINARY), as `str` does.
        out.sort_by(|x, y| {
            (x.published.is_none(), &x.published, &x.id).cmp(&(y.published.is_none(), &y.published, &y.id))
        });
        Ok(out)
    }
}

/// An article as the search index takes it (copies are not indexed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchArticle {
    pub id: String,
    /// The article's row (how a page of hits is read back: [`Store::articles_by_row`]).
    pub row: i64,
    pub title: String,
    pub text: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub stories: Vec<String>,
}

/// A quote as the search index takes it, with its article's facets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuote {
    pub id: String,
    /// The quote's row (how a page of hits is read back: [`Store::quotes_by_row`]).
    pub row: i64,
    /// The speaker's entity name, else the name as written.
    pub speaker: String,
    pub text: String,
    pub outlet: Option<String>,
    pub speaker_id: Option<String>,
    pub said_on: Option<String>,
    pub stories: Vec<String>,
}

fn split_ids(v: Option<String>) -> Vec<String> {
    v.map(|s| s.split(' ').filter(|p| !p.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

impl Store {
    /// Streams every original article (copies left out) to `f`, for indexing.
    pub fn for_each_search_article(&self, mut f: impl FnMut(SearchArticle) -> Result<()>) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT a.id, coalesce(a.title, ''), a.text, a.outlet, a.published,
                    (SELECT group_concat(story_id, ' ') FROM story_articles WHERE article_id = a.id), a.rowid
             FROM articles a WHERE a.duplicate_of IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(SearchArticle {
                id: r.get(0)?,
                title: r.get(1)?,
                text: r.get(2)?,
                outlet: r.get(3)?,
                published: r.get(4)?,
                stories: split_ids(r.get(5)?),
                row: r.get(6)?,
            })?;
        }
        Ok(())
    }

    /// Streams every quote of an original article to `f`, for indexing.
    pub fn for_each_search_quote(&self, mut f: impl FnMut(SearchQuote) -> Result<()>) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT q.id, coalesce(e.name, q.speaker, ''), q.text, a.outlet, q.speaker_id, q.said_on,
                    (SELECT group_concat(story_id, ' ') FROM story_articles WHERE article_id = a.id), q.rowid
             FROM articles a CROSS JOIN quotes q ON q.article_id = a.id LEFT JOIN entities e ON e.id = q.speaker_id
             WHERE a.duplicate_of IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(SearchQuote {
                id: r.get(0)?,
                speaker: r.get(1)?,
                text: r.get(2)?,
                outlet: r.get(3)?,
                speaker_id: r.get(4)?,
                said_on: r.get(5)?,
                stories: split_ids(r.get(6)?),
                row: r.get(7)?,
            })?;
        }
        Ok(())
    }

    /// Articles by row (as the search index knows them: `SearchArticle::row`),
    /// each handed with its text to `f` (for snippets): one page of hits.
    /// The text is lent, not copied: a page of hits is mostly its articles'
    /// texts. A row's id is `f`'s to check: the index may be older than the data.
    pub fn articles_by_row<T>(
        &self,
        rows: &[i64],
        mut f: impl FnMut(ArticleRef, &str) -> T,
    ) -> Result<HashMap<i64, T>> {
        let mut out = HashMap::new();
        // One query per page of hits, not one per hit, prepared once per
        // connection (the rows are one JSON parameter).
        let mut st = self.conn.prepare_cached(
            "SELECT id, title, outlet, published, text, rowid FROM articles
             WHERE rowid IN (SELECT value FROM json_each(?1))",
        )?;
        let mut found = st.query([row_list(rows)])?;
        while let Some(r) = found.next()? {
            let art = ArticleRef { id: r.get(0)?, title: r.get(1)?, outlet: r.get(2)?, published: r.get(3)? };
            out.insert(r.get(5)?, f(art, r.get_ref(4)?.as_str().unwrap_or_default()));
        }
        Ok(out)
    }

    /// Quotes by row (`SearchQuote::row`), as a statement hit without score
    /// or snippet, each handed with its text to `f`: one page of hits.
    pub fn quotes_by_row<T>(
        &self,
        rows: &[i64],
        mut f: impl FnMut(StatementHit, &str) -> T,
    ) -> Result<HashMap<i64, T>> {
        let mut out = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT q.id, q.article_id, q.statement_id, q.kind, coalesce(e.name, q.speaker), q.speaker_id, a.outlet,
                    a.published, q.said_on, q.text, q.rowid, coalesce(q.source, q.speaker_mention)
             FROM quotes q JOIN articles a INDEXED BY articles_facts ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_id
             WHERE q.rowid IN (SELECT value FROM json_each(?1))",
        )?;
        let mut found = st.query([row_list(rows)])?;
        while let Some(r) = found.next()? {
            let speaker: Option<String> = r.get(4)?;
            let hit = StatementHit {
                quote_id: r.get(0)?,
                article_id: r.get(1)?,
                statement_id: r.get(2)?,
                kind: r.get(3)?,
                source: source_of(speaker.as_deref(), text_at(r, 11)?),
                speaker,
                speaker_id: r.get(5)?,
                outlet: r.get(6)?,
                published: r.get(7)?,
                said_on: r.get(8)?,
                score: 0.0,
                snippet: String::new(),
                highlights: Vec::new(),
            };
            out.insert(r.get(10)?, f(hit, r.get_ref(9)?.as_str().unwrap_or_default()));
        }
        Ok(out)
    }

    /// How many quotes of a speaker each outlet carries (copies left out),
    /// most first: one grouped index scan of the speaker's quotes.
    pub fn speaker_outlets(&self, speaker_id: &str) -> Result<Vec<(Option<String>, i64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.outlet, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
             WHERE q.speaker_id = ?1 AND a.duplicate_of IS NULL
             GROUP BY a.outlet ORDER BY n DESC, a.outlet IS NULL, a.outlet",
        )?;
        let rows =
            st.query_map([speaker_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Stories whose articles mention an entity, most recently active first:
    /// the first `limit`, and how many there are.
    pub fn entity_stories(&self, entity_id: &str, limit: usize) -> Result<(Vec<StoryRow>, usize)> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM stories s WHERE s.id IN (
               SELECT sa.story_id FROM mentions m JOIN story_articles sa ON sa.article_id = m.article_id
               WHERE m.entity_id = ?1)
             ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id"
        ))?;
        let all: Vec<StoryHead> = st.query_map([entity_id], story_head)?.collect::<std::result::Result<_, _>>()?;
        let total = all.len();
        let out = self.story_rows(all.into_iter().take(limit).collect())?;
        Ok((out, total))
    }

    /// Names of entities and titles of stories by id (facet labels).
    pub fn labels(&self, entities: &[String], stories: &[String]) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        let mut st = self.conn.prepare_cached("SELECT name FROM entities WHERE id = ?1")?;
        for id in entities {
            if let Some(name) = st.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert(id.clone(), name);
            }
        }
        let mut st = self.conn.prepare_cached("SELECT title FROM stories WHERE id = ?1")?;
        for id in stories {
            if let Some(title) = st.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert(id.clone(), title);
            }
        }
        Ok(out)
    }
}

/// Ids as one JSON array, for `IN (SELECT value FROM json_each(?))`: a
/// statement that takes a list as a parameter is prepared once per
/// connection instead of once per list.
pub(crate) fn json_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    serde_json::to_string(&ids.collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// Row numbers as one JSON array, as [`json_list`] for ids.
fn row_list(rows: &[i64]) -> String {
    serde_json::to_string(rows).unwrap_or_else(|_| "[]".into())
}

/// One page of a listing, counted and cut in SQL.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub offset: usize,
    pub limit: usize,
    /// Latest first instead of earliest first.
    pub desc: bool,
}

impl Paging {
    /// `ORDER BY` terms for a date column: undated last, ties by `id`. The
    /// listing indexes (migration 4) match these expressions term for term.
    pub(crate) fn order_by(&self, date: &str, id: &str) -> String {
        format!("{date} IS NULL, {date}{}, {id}", if self.desc { " DESC" } else { "" })
    }

    /// `LIMIT … OFFSET …`, clamped to SQLite's integer range.
    pub(crate) fn limit_sql(&self) -> String {
        format!("LIMIT {} OFFSET {}", self.limit.min(i64::MAX as usize), self.offset.min(i64::MAX as usize))
    }

    /// `LIMIT ?n OFFSET ?m` after `before` numbered parameters, so that the
    /// statement text is the same on every page; bind with [`Paging::with_limit`].
    pub(crate) fn limit_params(&self, before: usize) -> String {
        format!("LIMIT ?{} OFFSET ?{}", before + 1, before + 2)
    }

    /// `params` followed by this page's limit and offset (clamped to SQLite's integer range).
    pub(crate) fn with_limit(&self, params: &[String]) -> Vec<rusqlite::types::Value> {
        use rusqlite::types::Value;
        let clamp = |n: usize| Value::Integer(n.min(i64::MAX as usize) as i64);
        params.iter().map(|p| Value::Text(p.clone())).chain([clamp(self.limit), clamp(self.offset)]).collect()
    }
}

/// Statements' reports kept between requests by a caller that knows when
/// the data changes (the server, per data version). `cap` is how many
/// reports were listed; `total` how many there are.
pub trait ReportCache {
    fn get(&self, statement: &str, cap: usize) -> Option<(Arc<[Report]>, usize)>;
    fn put(&self, statement: &str, cap: usize, reports: &Arc<[Report]>, total: usize);
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
    /// Only reports of this statement (its id).
    pub statement: Option<String>,
    /// Only quotes of these articles (ids): a caller that knows which
    /// articles hold a page's quotes (see [`Store::article_facts`]) reads
    /// just those instead of scanning for them.
    pub articles: Option<Vec<String>>,
    /// The number matching, when known from an earlier page of the same
    /// filter and data: counting is skipped.
    pub known_total: Option<usize>,
}

impl Store {
    /// A page of the merged timeline and the number of matching statements.
    /// Same filters and order as [`Store::timeline`], but only the page's
    /// reports are read.
    pub fn timeline_page(&self, f: &Filter, page: Paging) -> Result<(Vec<TimelineRow>, usize)> {
        self.timeline_page_capped(f, page, None, None)
    }

    /// [`Store::timeline_page`] listing at most `max_reports` reports per
    /// statement (the earliest), with `reports_total` set: a statement
    /// republished hundreds of times stays one small row. `known_total` (from
    /// an earlier page of the same filter and data) skips counting.
    pub fn timeline_page_capped(
        &self,
        f: &Filter,
        page: Paging,
        max_reports: Option<usize>,
        known_total: Option<usize>,
    ) -> Result<(Vec<TimelineRow>, usize)> {
        self.timeline_page_cached(f, page, max_reports, known_total, None)
    }

    /// [`Store::timeline_page_capped`] taking each statement's reports from
    /// `cache` when it has them (and putting there those it reads): a
    /// statement's reports are the same on every page and filter that lists
    /// it, as long as the data does not change.
    pub fn timeline_page_cached(
        &self,
        f: &Filter,
        page: Paging,
        max_reports: Option<usize>,
        known_total: Option<usize>,
        cache: Option<&dyn ReportCache>,
    ) -> Result<(Vec<TimelineRow>, usize)> {
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
        let total: i64 = match known_total {
            Some(n) => n as i64,
            None => self.conn.query_row(
                &format!("SELECT count(*) FROM statements s{}", w.where_sql()),
                params_from_iter(&w.params),
                |r| r.get(0),
            )?,
        };
        let sql = format!(
            "SELECT s.id, s.said_on, e.name, s.speaker_id, s.kind, s.text FROM statements s
             LEFT JOIN entities e ON e.id = s.speaker_id{} ORDER BY {} {}",
            w.where_sql(),
            page.order_by("s.said_on", "s.id"),
            page.limit_params(w.params.len())
        );
        // Cached: the same filter on another page is the same statement
        // (a statement prepared anew costs more than the page's rows).
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows: Vec<TimelineRow> = st
            .query_map(params_from_iter(page.with_limit(&w.params)), |r| {
                Ok(TimelineRow {
                    id: r.get(0)?,
                    said_on: r.get(1)?,
                    speaker: r.get(2)?,
                    speaker_id: r.get(3)?,
                    source: None,
                    kind: r.get(4)?,
                    text: r.get(5)?,
                    reports: Arc::from([]),
                    reports_total: None,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let cap = max_reports.unwrap_or(usize::MAX);
        if let Some(cache) = cache {
            for row in &mut rows {
                if let Some((reports, total)) = cache.get(&row.id, cap) {
                    row.reports = reports;
                    row.reports_total = max_reports.map(|_| total);
                }
            }
        }
        // Statements without cached reports (a statement has one at least).
        let index: HashMap<String, usize> =
            rows.iter().enumerate().filter(|(_, r)| r.reports.is_empty()).map(|(i, r)| (r.id.clone(), i)).collect();
        if !index.is_empty() {
            // Every report in order, counted here; only the first `cap` are
            // read out. (Window functions for the rank and count cost 3× more.)
            // The ids go in as one JSON parameter, so the statement is
            // prepared once per connection, and the article's outlet and date
            // come from the covering index, not the article's row.
            let mut st = self.conn.prepare_cached(
                "SELECT q.statement_id, q.id, q.article_id, a.outlet, a.published, q.text, q.cue,
                        CASE WHEN q.speaker IS NULL THEN coalesce(q.source, q.speaker_mention) END
                 FROM quotes q JOIN articles a INDEXED BY articles_facts ON a.id = q.article_id
                 WHERE q.statement_id IN (SELECT value FROM json_each(?1))
                 ORDER BY q.statement_id, a.published IS NULL, a.published, a.id, q.start",
            )?;
            let mut rs = st.query([json_list(index.keys().map(String::as_str))])?;
            let mut read: HashMap<usize, Vec<Report>> = HashMap::new();
            while let Some(r) = rs.next()? {
                let Some(&i) = index.get(r.get_ref(0)?.as_str().unwrap_or_default()) else { continue };
                if max_reports.is_some() {
                    *rows[i].reports_total.get_or_insert(0) += 1;
                }
                let reports = read.entry(i).or_default();
                if reports.len() < cap {
                    reports.push(Report {
                        quote_id: r.get(1)?,
                        article_id: r.get(2)?,
                        outlet: r.get(3)?,
                        published: r.get(4)?,
                        text: r.get(5)?,
                        cue: r.get(6)?,
                        // The mention of a quote without a speaker only
                        // (one column, null for most reports).
                        source: source_of(None, text_at(r, 7)?),
                    });
                }
            }
            for (i, reports) in read {
                let row = &mut rows[i];
                row.reports = reports.into();
                if let Some(cache) = cache {
                    cache.put(&row.id, cap, &row.reports, row.reports_total.unwrap_or(row.reports.len()));
                }
            }
        }
        for row in &mut rows {
            if row.speaker.is_none() {
                // A statement without a name is its first report's unnamed
                // source (the first that has one: "he" says nothing).
                row.source = row.reports.iter().find_map(|r| r.source.clone());
            }
        }
        Ok((rows, total as usize))
    }

    /// A page of stories, the most recently active first (undated last; ties
    /// by id), and how many there are: what the home page and `/stories`
    /// show, read in index order instead of loading every story.
    pub fn latest_stories(&self, page: Paging) -> Result<(Vec<StoryRow>, usize)> {
        let total: i64 = self.conn.query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM stories s
             ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id LIMIT ?1 OFFSET ?2"
        ))?;
        let stories: Vec<StoryHead> = st
            .query_map(
                params![page.limit.min(i64::MAX as usize) as i64, page.offset.min(i64::MAX as usize) as i64],
                story_head,
            )?
            .collect::<std::result::Result<_, _>>()?;
        let out = self.story_rows(stories)?;
        Ok((out, total as usize))
    }

    /// A page of statement occurrences and the number matching. Same filters
    /// and order as [`Store::quotes`], plus kind and words.
    pub fn quotes_page(&self, f: &Filter, extra: &QuoteFilter, page: Paging) -> Result<(Vec<QuoteRow>, usize)> {
        let mut w = Clauses::default();
        self.article_clauses(f, &mut w)?;
        w.date_range("q.said_on", f);
        let mut one_speaker = false;
        if let Some(sp) = &f.speaker {
            let ids = self.matching_entities(sp)?;
            one_speaker = ids.len() == 1;
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
        if let Some(statement) = &extra.statement {
            w.push("q.statement_id = ?", &[statement]);
        }
        if let Some(ids) = &extra.articles {
            w.push("a.id IN (SELECT value FROM json_each(?))", &[&json_list(ids.iter().map(String::as_str))]);
        }
        let unfiltered = w.sql.iter().all(|c| c == "a.duplicate_of IS NULL");
        let total: i64 = if let Some(n) = extra.known_total {
            n as i64
        } else if unfiltered {
            // Every quote but those of copies: two index counts instead of a
            // join over every quote (copies are few).
            let copies = if w.sql.is_empty() {
                "0"
            } else {
                "(SELECT count(*) FROM articles a JOIN quotes q ON q.article_id = a.id WHERE a.duplicate_of IS NOT NULL)"
            };
            self.conn.query_row(&format!("SELECT (SELECT count(*) FROM quotes) - {copies}"), [], |r| r.get(0))?
        } else {
            self.conn.query_row(
                &format!("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id{}", w.where_sql()),
                params_from_iter(&w.params),
                |r| r.get(0),
            )?
        };
        let dir = if page.desc { "DESC" } else { "" };
        // Without a speaker or article, read articles in publication order
        // (index `articles_order[_desc]`) and their quotes by article: the
        // page comes out sorted and the scan stops at LIMIT. With one, the
        // planner starts from that index and sorts the few rows it finds.
        let join = if f.speaker.is_none()
            && extra.article.is_none()
            && extra.statement.is_none()
            && extra.articles.is_none()
        {
            "articles a CROSS JOIN quotes q ON q.article_id = a.id"
        } else {
            "quotes q JOIN articles a ON a.id = q.article_id"
        };
        // One speaker: their quotes in index order (`quotes_speaker_order`),
        // by the publication date each quote keeps (the same as its article's).
        let by = if one_speaker && extra.article.is_none() && extra.statement.is_none() { "q" } else { "a" };
        let (pub_col, art_col) = if by == "q" { ("q.published", "q.article_id") } else { ("a.published", "a.id") };
        let sql = format!(
            // The page's rows first (sort keys only), then their columns: a
            // sort computes every selected column of every matching row, and
            // the speaker mention is the quote's own (migration 10), not cut
            // from the article's text.
            "SELECT q.id, q.article_id, coalesce(a.path, a.url), a.outlet, a.published, q.text, q.kind,
                    coalesce(e.name, q.speaker), q.speaker_id, q.speaker_mention,
                    q.cue, q.medium, q.said_on, q.said_on_basis, q.start, q.end, q.statement_id,
                    coalesce(q.source, q.speaker_mention)
             FROM (SELECT q.rowid AS rid, {pub_col} AS pub, {art_col} AS aid, q.start AS qs, q.id AS qid FROM {join}{}
                   ORDER BY {pub_col} IS NULL, {pub_col} {dir}, {art_col}, q.start, q.id {}) p
             CROSS JOIN quotes q ON q.rowid = p.rid JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_id
             ORDER BY p.pub IS NULL, p.pub {dir}, p.aid, p.qs, p.qid",
            w.where_sql(),
            page.limit_params(w.params.len()),
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st
            .query_map(params_from_iter(page.with_limit(&w.params)), |r| {
                let speaker: Option<String> = r.get(7)?;
                let speaker_mention: Option<String> = r.get(9)?;
                Ok(QuoteRow {
                    id: r.get(0)?,
                    article_id: r.get(1)?,
                    path: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                    kind: r.get(6)?,
                    source: source_of(speaker.as_deref(), text_at(r, 17)?),
                    speaker,
                    speaker_id: r.get(8)?,
                    speaker_mention,
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
