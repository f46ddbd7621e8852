//! Read side: the listings behind `articles`, `quotes`, `entities`,
//! `stories`, `timeline` and `show`, with the contract's field names, in a
//! deterministic order so the same database always prints the same output.

use crate::{Result, Store};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;
use std::sync::Arc;

/// Filters shared by every listing; each applies where it makes sense.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Name, alias (substring, case-insensitive) or id of the speaker.
    pub speaker: Option<String>,
    /// Name, alias or id of an entity mentioned.
    pub entity: Option<String>,
    /// Story id (or a prefix of it).
    pub story: Option<String>,
    /// Outlet name (substring, case-insensitive).
    pub outlet: Option<String>,
    /// ISO date (or `YYYY`, `YYYY-MM`): on or after.
    pub since: Option<String>,
    /// ISO date (or `YYYY`, `YYYY-MM`): on or before.
    pub until: Option<String>,
    pub limit: Option<usize>,
    /// Include copies (articles with `duplicate_of`) in listings.
    pub include_duplicates: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ArticleRow {
    pub id: String,
    pub external_id: Option<String>,
    pub path: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub duplicate_of: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QuoteRow {
    pub id: String,
    pub article_id: String,
    pub path: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    /// The speaker as written in the article ("he", "the spokesman").
    pub speaker_mention: Option<String>,
    /// When `speaker` is null, the unnamed source as the article writes it
    /// ("a senior health official"; see [`source_of`]); null otherwise.
    pub source: Option<String>,
    pub cue: Option<String>,
    pub medium: Option<String>,
    pub said_on: Option<String>,
    pub said_on_basis: Option<String>,
    pub start: usize,
    pub end: usize,
    pub statement_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EntityRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub roles: Vec<serde_json::Value>,
    pub mentions: i64,
    pub quotes: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StoryRow {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub outlets: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// The storyline (id of its first story) this story belongs to.
    pub storyline: Option<String>,
}

/// The story columns [`Store::story_rows`] reads, in its order (table alias `s`).
pub(crate) const STORY_COLUMNS: &str = "s.id, s.title, s.first_seen, s.last_seen, s.storyline";

/// One story row as [`STORY_COLUMNS`] reads it, before its members are added.
pub(crate) type StoryHead = (String, String, Option<String>, Option<String>, Option<String>);

pub(crate) fn story_head(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoryHead> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Report {
    pub quote_id: String,
    pub article_id: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub cue: Option<String>,
    /// The report's unnamed source as written, when its speaker has no name.
    pub source: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TimelineRow {
    pub id: String,
    pub said_on: Option<String>,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    /// When `speaker` is null, the unnamed source as its first report
    /// carrying one writes it; null otherwise.
    pub source: Option<String>,
    pub kind: String,
    pub text: String,
    /// Shared: a server keeps a statement's reports once and lists them in
    /// every response that shows the statement, without copying them.
    pub reports: Arc<[Report]>,
    /// How many reports there are when `reports` was capped (server
    /// listings); absent when `reports` lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports_total: Option<usize>,
}

/// The source a quote is attributed to when its speaker has no name: the
/// mention as written, by [`storyline_model::unnamed_source`]'s rule ("a
/// senior health official", never a bare "he"). `None` when the speaker is
/// named (the name says it) or nothing is written.
pub fn source_of(speaker: Option<&str>, mention: Option<&str>) -> Option<String> {
    match speaker {
        Some(_) => None,
        None => mention.and_then(storyline_model::unnamed_source).map(str::to_string),
    }
}

/// WHERE clauses with numbered parameters.
#[derive(Default)]
pub(crate) struct Clauses {
    pub(crate) sql: Vec<String>,
    pub(crate) params: Vec<String>,
}

impl Clauses {
    /// Adds a clause whose `?` placeholders take `values` in order.
    pub(crate) fn push(&mut self, clause: &str, values: &[&str]) {
        let mut c = String::with_capacity(clause.len() + 4);
        let mut values = values.iter();
        for ch in clause.chars() {
            if ch == '?'
                && let Some(v) = values.next()
            {
                self.params.push(v.to_string());
                c.push_str(&format!("?{}", self.params.len()));
                continue;
            }
            c.push(ch);
        }
        self.sql.push(c);
    }
    pub(crate) fn date_range(&mut self, column: &str, f: &Filter) {
        if let Some(v) = &f.since {
            self.push(&format!("{column} IS NOT NULL AND {column} >= substr(?, 1, length({column}))"), &[v]);
        }
        if let Some(v) = &f.until {
            self.push(&format!("{column} IS NOT NULL AND {column} <= substr(?, 1, length({column}))"), &[v]);
        }
    }
    pub(crate) fn where_sql(&self) -> String {
        if self.sql.is_empty() { String::new() } else { format!(" WHERE {}", self.sql.join(" AND ")) }
    }
}

pub(crate) fn contains_pattern(s: &str) -> String {
    format!("%{}%", s.to_lowercase().replace(['%', '_'], ""))
}

impl Store {
    /// Ids of entities whose id is `q` or whose name or aliases contain it
    /// (as the listings' `--speaker` and `--entity` match).
    pub(crate) fn matching_entities(&self, q: &str) -> Result<Vec<String>> {
        // An entity's id is the common case (links, the API) and names no
        // other entity: answered from the primary key, not a scan of every
        // name and alias (a few ms per request at 10,000 entities).
        let mut st = self.conn.prepare_cached("SELECT id FROM entities WHERE id = ?1")?;
        if let Some(id) = st.query_row([q], |r| r.get::<_, String>(0)).optional()? {
            return Ok(vec![id]);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT id FROM entities WHERE id = ?1 OR lower(name) LIKE ?2 OR lower(aliases) LIKE ?2 ORDER BY id",
        )?;
        let ids =
            st.query_map(params![q, contains_pattern(q)], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }

    pub(crate) fn id_list(ids: &[String]) -> String {
        let quoted: Vec<String> = ids.iter().map(|i| format!("'{}'", i.replace('\'', "''"))).collect();
        if quoted.is_empty() { "(NULL)".into() } else { format!("({})", quoted.join(",")) }
    }

    /// Article-level filters (outlet, entity mentioned, story, copies) on alias `a`.
    pub(crate) fn article_clauses(&self, f: &Filter, w: &mut Clauses) -> Result<()> {
        if !f.include_duplicates {
            w.push("a.duplicate_of IS NULL", &[]);
        }
        if let Some(o) = &f.outlet {
            w.push("lower(a.outlet) LIKE ?", &[&contains_pattern(o)]);
        }
        if let Some(e) = &f.entity {
            let ids = self.matching_entities(e)?;
            w.push(
                &format!("a.id IN (SELECT article_id FROM mentions WHERE entity_id IN {})", Self::id_list(&ids)),
                &[],
            );
        }
        if let Some(s) = &f.story {
            let ids = self.matching_stories(s)?;
            w.push(
                &format!("a.id IN (SELECT article_id FROM story_articles WHERE story_id IN {})", Self::id_list(&ids)),
                &[],
            );
        }
        Ok(())
    }

    /// Ids of stories starting with `prefix` (an exact id is a lookup; a
    /// prefix reads the ids only), so filters use the key instead of a LIKE
    /// over every membership row.
    pub(crate) fn matching_stories(&self, prefix: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            // Ids with the prefix sort between it and it + the last code
            // point: a range on the primary key, not a scan.
            "SELECT id FROM stories WHERE id >= ?1 AND id < ?1 || char(1114111) ORDER BY id",
        )?;
        let ids = st.query_map([prefix], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }

    /// A page of articles (same filters and order as [`Store::articles`],
    /// `desc` for newest first) and how many match, read in index order.
    pub fn articles_page(&self, f: &Filter, page: crate::Paging) -> Result<(Vec<ArticleRow>, usize)> {
        let mut w = Clauses::default();
        self.article_clauses(f, &mut w)?;
        w.date_range("a.published", f);
        let total: i64 = if w.sql.iter().all(|c| c == "a.duplicate_of IS NULL") {
            let copies =
                if w.sql.is_empty() { "0" } else { "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)" };
            self.conn.query_row(&format!("SELECT (SELECT count(*) FROM articles) - {copies}"), [], |r| r.get(0))?
        } else {
            self.conn.query_row(
                &format!("SELECT count(*) FROM articles a{}", w.where_sql()),
                params_from_iter(&w.params),
                |r| r.get(0),
            )?
        };
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a{} ORDER BY {} {}",
            w.where_sql(),
            page.order_by("a.published", "a.id"),
            page.limit_sql()
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(&w.params), article_row)?.collect::<std::result::Result<_, _>>()?;
        Ok((rows, total as usize))
    }
}

impl Store {
    pub fn articles(&self, f: &Filter) -> Result<Vec<ArticleRow>> {
        let mut w = Clauses::default();
        self.article_clauses(f, &mut w)?;
        w.date_range("a.published", f);
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a{} ORDER BY a.published IS NULL, a.published, a.id{}",
            w.where_sql(),
            limit(f)
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(&w.params), article_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// One article (and its text) by id or unique id prefix.
    pub fn article(&self, id: &str) -> Result<Option<(ArticleRow, String)>> {
        let mut st = self.conn.prepare("SELECT id FROM articles WHERE id LIKE ?1 ORDER BY id LIMIT 2")?;
        let ids: Vec<String> =
            st.query_map([format!("{id}%")], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        if ids.len() != 1 {
            return Ok(None);
        }
        let row = self.conn.query_row(
            &format!("SELECT {ARTICLE_COLUMNS}, a.text FROM articles a WHERE a.id = ?1"),
            [&ids[0]],
            |r| Ok((article_row(r)?, r.get(ARTICLE_COLUMN_COUNT)?)),
        )?;
        Ok(Some(row))
    }

    pub fn quotes(&self, f: &Filter) -> Result<Vec<QuoteRow>> {
        Ok(self.quotes_page(f, &crate::QuoteFilter::default(), everything(f))?.0)
    }

    /// Quotes of one article, in text order (duplicates included).
    pub fn article_quotes(&self, article_id: &str) -> Result<Vec<QuoteRow>> {
        let f = Filter { include_duplicates: true, ..Filter::default() };
        let extra = crate::QuoteFilter { article: Some(article_id.to_string()), ..Default::default() };
        Ok(self.quotes_page(&f, &extra, everything(&f))?.0)
    }

    pub fn entities(&self, f: &Filter) -> Result<Vec<EntityRow>> {
        let mut w = Clauses::default();
        if let Some(e) = f.entity.as_ref().or(f.speaker.as_ref()) {
            let ids = self.matching_entities(e)?;
            w.push(&format!("e.id IN {}", Self::id_list(&ids)), &[]);
        }
        let sql = format!(
            "SELECT e.id, e.name, e.kind, e.aliases, e.roles, e.mentions,
                    (SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
                     WHERE q.speaker_id = e.id AND a.duplicate_of IS NULL)
             FROM entities e{} ORDER BY e.mentions DESC, e.name, e.id{}",
            w.where_sql(),
            limit(f)
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(&w.params), |r| {
            Ok(EntityRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                aliases: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                roles: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                mentions: r.get(5)?,
                quotes: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn stories(&self, f: &Filter) -> Result<Vec<StoryRow>> {
        let page = crate::Paging { offset: 0, limit: f.limit.unwrap_or(i64::MAX as usize), desc: false };
        Ok(self.stories_page(f, page)?.0)
    }

    /// A page of stories (same filters and order as [`Store::stories`];
    /// `desc` for the latest first) and how many match.
    pub fn stories_page(&self, f: &Filter, page: crate::Paging) -> Result<(Vec<StoryRow>, usize)> {
        let mut w = Clauses::default();
        if let Some(s) = &f.story {
            let ids = self.matching_stories(s)?;
            w.push(&format!("s.id IN {}", Self::id_list(&ids)), &[]);
        }
        if f.entity.is_some() || f.outlet.is_some() {
            let mut aw = Clauses { sql: Vec::new(), params: std::mem::take(&mut w.params) };
            self.article_clauses(&Filter { include_duplicates: true, story: None, ..f.clone() }, &mut aw)?;
            w.params = aw.params;
            w.sql.push(format!(
                "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE {})",
                aw.sql.join(" AND ")
            ));
        }
        w.date_range("s.last_seen", &Filter { until: None, ..f.clone() });
        w.date_range("s.first_seen", &Filter { since: None, ..f.clone() });
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM stories s{}", w.where_sql()),
            params_from_iter(&w.params),
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories s{} ORDER BY {} {}",
            w.where_sql(),
            page.order_by("s.first_seen", "s.id"),
            page.limit_sql()
        );
        let mut st = self.conn.prepare(&sql)?;
        let stories: Vec<StoryHead> =
            st.query_map(params_from_iter(&w.params), story_head)?.collect::<std::result::Result<_, _>>()?;
        let out = self.story_rows(stories)?;
        Ok((out, total as usize))
    }

    /// Story rows with their members (in publication order) and outlets.
    pub(crate) fn story_rows(&self, stories: Vec<StoryHead>) -> Result<Vec<StoryRow>> {
        let mut members = self.conn.prepare_cached(
            "SELECT a.id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id
             WHERE sa.story_id = ?1 ORDER BY a.published IS NULL, a.published, a.id",
        )?;
        let mut out = Vec::with_capacity(stories.len());
        for (id, title, first_seen, last_seen, storyline) in stories {
            let rows: Vec<(String, Option<String>)> =
                members.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
            let mut outlets: Vec<String> = rows.iter().filter_map(|(_, o)| o.clone()).collect();
            outlets.sort();
            outlets.dedup();
            out.push(StoryRow {
                id,
                title,
                articles: rows.into_iter().map(|(a, _)| a).collect(),
                outlets,
                first_seen,
                last_seen,
                storyline,
            });
        }
        Ok(out)
    }

    pub fn timeline(&self, f: &Filter) -> Result<Vec<TimelineRow>> {
        Ok(self.timeline_page(f, everything(f))?.0)
    }

    /// Counts for a run summary: articles, copies, quotes, entities, stories, statements.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let q = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(vec![
            // Both from indexes (`articles_duplicate_of` is partial): a scan of
            // the table would read every article's text.
            (
                "articles",
                q(
                    "SELECT (SELECT count(*) FROM articles) - (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)",
                )?,
            ),
            ("copies", q("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")?),
            ("quotes", q("SELECT count(*) FROM quotes")?),
            ("entities", q("SELECT count(*) FROM entities")?),
            ("stories", q("SELECT count(*) FROM stories")?),
            ("statements", q("SELECT count(*) FROM statements")?),
        ])
    }

    /// A value from the meta table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }
}

/// The columns [`article_row`] reads, in its order (table alias `a`).
pub(crate) const ARTICLE_COLUMNS: &str =
    "a.id, a.external_id, a.path, a.url, a.title, a.outlet, a.author, a.published, a.language, a.duplicate_of";
pub(crate) const ARTICLE_COLUMN_COUNT: usize = 10;

/// An [`ArticleRow`] from a row starting with [`ARTICLE_COLUMNS`].
pub(crate) fn article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        external_id: r.get(1)?,
        path: r.get(2)?,
        url: r.get(3)?,
        title: r.get(4)?,
        outlet: r.get(5)?,
        author: r.get(6)?,
        published: r.get(7)?,
        language: r.get(8)?,
        duplicate_of: r.get(9)?,
    })
}

/// One page holding every row (up to the filter's `--limit`).
fn everything(f: &Filter) -> crate::Paging {
    crate::Paging { offset: 0, limit: f.limit.unwrap_or(i64::MAX as usize), desc: false }
}

fn limit(f: &Filter) -> String {
    f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
}
