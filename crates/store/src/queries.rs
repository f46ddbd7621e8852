//! Read side: the listings behind `articles`, `quotes`, `entities`,
//! `stories`, `timeline` and `show`, with the contract's field names, in a
//! deterministic order so the same database always prints the same output.

use crate::{Result, Store};
use rusqlite::{OptionalExtension, params_from_iter};
use serde::Serialize;
use std::collections::HashMap;

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
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Report {
    pub quote_id: String,
    pub article_id: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub cue: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TimelineRow {
    pub id: String,
    pub said_on: Option<String>,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: String,
    pub text: String,
    pub reports: Vec<Report>,
}

/// SQL text plus its positional parameters, built up clause by clause.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<String>,
}

impl Where {
    fn push(&mut self, clause: &str, values: &[&str]) {
        let mut c = clause.to_string();
        for v in values {
            self.params.push(v.to_string());
            c = c.replacen('?', &format!("?{}", self.params.len()), 1);
        }
        self.clauses.push(c);
    }
    fn sql(&self) -> String {
        if self.clauses.is_empty() { String::new() } else { format!(" WHERE {}", self.clauses.join(" AND ")) }
    }
    /// Date range on a column holding full or partial ISO dates: a partial
    /// date matches when it overlaps the range.
    fn date_range(&mut self, column: &str, f: &Filter) {
        if let Some(s) = &f.since {
            self.push(&format!("{column} IS NOT NULL AND {column} >= substr(?, 1, length({column}))"), &[s]);
        }
        if let Some(u) = &f.until {
            self.push(&format!("{column} IS NOT NULL AND {column} <= substr(?, 1, length({column}))"), &[u]);
        }
    }
}

fn like(s: &str) -> String {
    format!("%{}%", s.to_lowercase().replace(['%', '_'], ""))
}

impl Store {
    /// Ids of entities matching a filter string (id, name or alias).
    fn entity_ids(&self, q: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT id FROM entities WHERE id = ?1 OR lower(name) LIKE ?2 OR lower(aliases) LIKE ?2 ORDER BY id",
        )?;
        let ids = st.query_map(rusqlite::params![q, like(q)], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }

    fn in_list(ids: &[String]) -> String {
        if ids.is_empty() {
            return "(NULL)".into();
        }
        let quoted: Vec<String> = ids.iter().map(|i| format!("'{}'", i.replace('\'', "''"))).collect();
        format!("({})", quoted.join(","))
    }

    fn article_filters(&self, f: &Filter, w: &mut Where, alias: &str) -> Result<()> {
        if !f.include_duplicates {
            w.push(&format!("{alias}.duplicate_of IS NULL"), &[]);
        }
        if let Some(o) = &f.outlet {
            w.push(&format!("lower({alias}.outlet) LIKE ?"), &[&like(o)]);
        }
        if let Some(e) = &f.entity {
            let ids = self.entity_ids(e)?;
            w.push(
                &format!("{alias}.id IN (SELECT article_id FROM mentions WHERE entity_id IN {})", Self::in_list(&ids)),
                &[],
            );
        }
        if let Some(s) = &f.story {
            w.push(
                &format!("{alias}.id IN (SELECT article_id FROM story_articles WHERE story_id LIKE ?)"),
                &[&format!("{s}%")],
            );
        }
        Ok(())
    }

    pub fn articles(&self, f: &Filter) -> Result<Vec<ArticleRow>> {
        let mut w = Where::default();
        self.article_filters(f, &mut w, "a")?;
        w.date_range("a.published", f);
        let sql = format!(
            "SELECT a.id, a.external_id, a.path, a.url, a.title, a.outlet, a.author, a.published, a.language, a.duplicate_of
             FROM articles a{} ORDER BY a.published IS NULL, a.published, a.id{}",
            w.sql(),
            limit(f)
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(&w.params), |r| {
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
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// One article by id or unique id prefix.
    pub fn article(&self, id: &str) -> Result<Option<(ArticleRow, String)>> {
        let mut st = self.conn.prepare("SELECT id FROM articles WHERE id LIKE ?1 ORDER BY id LIMIT 2")?;
        let ids: Vec<String> =
            st.query_map([format!("{id}%")], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        if ids.len() != 1 {
            return Ok(None);
        }
        let text: String = self.conn.query_row("SELECT text FROM articles WHERE id = ?1", [&ids[0]], |r| r.get(0))?;
        let row = self.conn.query_row(
            "SELECT id, external_id, path, url, title, outlet, author, published, language, duplicate_of FROM articles WHERE id = ?1",
            [&ids[0]],
            |r| {
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
            },
        )?;
        Ok(Some((row, text)))
    }

    pub fn quotes(&self, f: &Filter) -> Result<Vec<QuoteRow>> {
        let mut w = Where::default();
        self.article_filters(f, &mut w, "a")?;
        w.date_range("q.said_on", f);
        if let Some(s) = &f.speaker {
            let ids = self.entity_ids(s)?;
            w.push(&format!("q.speaker_id IN {}", Self::in_list(&ids)), &[]);
        }
        self.quote_rows(&w, &limit(f))
    }

    /// Quotes of one article, in text order (duplicates included).
    pub fn article_quotes(&self, article_id: &str) -> Result<Vec<QuoteRow>> {
        let mut w = Where::default();
        w.push("a.id = ?", &[article_id]);
        self.quote_rows(&w, "")
    }

    fn quote_rows(&self, w: &Where, limit: &str) -> Result<Vec<QuoteRow>> {
        let sql = format!(
            "SELECT q.id, q.article_id, coalesce(a.path, a.url), a.outlet, a.published, q.text, q.kind,
                    coalesce(e.name, q.speaker), q.speaker_id, substr(a.text, q.speaker_start + 1, q.speaker_end - q.speaker_start),
                    q.cue, q.medium, q.said_on, q.said_on_basis, q.start, q.end, q.statement_id
             FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id{}
             ORDER BY a.published IS NULL, a.published, a.id, q.start, q.id{limit}",
            w.sql()
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(&w.params), |r| {
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
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn entities(&self, f: &Filter) -> Result<Vec<EntityRow>> {
        let mut w = Where::default();
        if let Some(e) = f.entity.as_ref().or(f.speaker.as_ref()) {
            let ids = self.entity_ids(e)?;
            w.push(&format!("e.id IN {}", Self::in_list(&ids)), &[]);
        }
        let sql = format!(
            "SELECT e.id, e.name, e.kind, e.aliases, e.roles, e.mentions,
                    (SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
                     WHERE q.speaker_id = e.id AND a.duplicate_of IS NULL)
             FROM entities e{} ORDER BY e.mentions DESC, e.name, e.id{}",
            w.sql(),
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
        let mut w = Where::default();
        if let Some(s) = &f.story {
            w.push("s.id LIKE ?", &[&format!("{s}%")]);
        }
        if f.entity.is_some() || f.outlet.is_some() {
            let mut aw = Where::default();
            let af = Filter { include_duplicates: true, story: None, ..f.clone() };
            self.article_filters(&af, &mut aw, "a")?;
            // Re-number the article filter's parameters after ours.
            let offset = w.params.len();
            let mut sql = aw.sql();
            for i in (1..=aw.params.len()).rev() {
                sql = sql.replace(&format!("?{i}"), &format!("?{}", i + offset));
            }
            w.clauses.push(format!(
                "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id{sql})"
            ));
            w.params.extend(aw.params);
        }
        w.date_range("s.last_seen", &Filter { until: None, ..f.clone() });
        w.date_range("s.first_seen", &Filter { since: None, ..f.clone() });
        let sql = format!(
            "SELECT s.id, s.title, s.first_seen, s.last_seen FROM stories s{}
             ORDER BY s.first_seen IS NULL, s.first_seen, s.id{}",
            w.sql(),
            limit(f)
        );
        let mut st = self.conn.prepare(&sql)?;
        let stories: Vec<(String, String, Option<String>, Option<String>)> = st
            .query_map(params_from_iter(&w.params), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let mut members = self.conn.prepare(
            "SELECT a.id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id
             WHERE sa.story_id = ?1 ORDER BY a.published IS NULL, a.published, a.id",
        )?;
        let mut out = Vec::with_capacity(stories.len());
        for (id, title, first_seen, last_seen) in stories {
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
            });
        }
        Ok(out)
    }

    pub fn timeline(&self, f: &Filter) -> Result<Vec<TimelineRow>> {
        let mut w = Where::default();
        w.date_range("s.said_on", f);
        if let Some(sp) = &f.speaker {
            let ids = self.entity_ids(sp)?;
            w.push(&format!("s.speaker_id IN {}", Self::in_list(&ids)), &[]);
        }
        if f.outlet.is_some() || f.entity.is_some() || f.story.is_some() {
            let mut aw = Where::default();
            self.article_filters(&Filter { include_duplicates: true, ..f.clone() }, &mut aw, "a")?;
            let offset = w.params.len();
            let mut sql = aw.sql();
            for i in (1..=aw.params.len()).rev() {
                sql = sql.replace(&format!("?{i}"), &format!("?{}", i + offset));
            }
            w.clauses.push(format!(
                "s.id IN (SELECT q.statement_id FROM quotes q JOIN articles a ON a.id = q.article_id{sql})"
            ));
            w.params.extend(aw.params);
        }
        let sql = format!(
            "SELECT s.id, s.said_on, e.name, s.speaker_id, s.kind, s.text FROM statements s
             LEFT JOIN entities e ON e.id = s.speaker_id{}
             ORDER BY s.said_on IS NULL, s.said_on, s.id{}",
            w.sql(),
            limit(f)
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows: Vec<TimelineRow> = st
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
        let mut reports: HashMap<String, Vec<Report>> = HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT q.statement_id, q.id, q.article_id, a.outlet, a.published, q.text, q.cue
                 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.statement_id IS NOT NULL
                 ORDER BY a.published IS NULL, a.published, a.id, q.start",
            )?;
            let mut rs = st.query([])?;
            while let Some(r) = rs.next()? {
                reports.entry(r.get(0)?).or_default().push(Report {
                    quote_id: r.get(1)?,
                    article_id: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                    cue: r.get(6)?,
                });
            }
        }
        Ok(rows
            .into_iter()
            .map(|mut row| {
                row.reports = reports.remove(&row.id).unwrap_or_default();
                row
            })
            .collect())
    }

    /// Counts for a run summary: articles, copies, quotes, entities, stories, statements.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let q = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(vec![
            ("articles", q("SELECT count(*) FROM articles WHERE duplicate_of IS NULL")?),
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

fn limit(f: &Filter) -> String {
    f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
}
