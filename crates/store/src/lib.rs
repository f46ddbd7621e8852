//! store: here is an analysed article (or a corpus result), keep it; here is
//! a question, give me rows.
//!
//! One SQLite file (WAL). A single writer inserts analyses in batched
//! transactions: an article and all its annotations land together or not at
//! all, so a killed run leaves a consistent database that the next run
//! completes. Inserting is idempotent by content key.

mod api;
mod coverage;
mod features;
mod feeds;
mod incremental;
mod queries;
mod schema;

pub use api::*;
pub use feeds::{FeedItem, FeedValidators};
pub use incremental::Pending;
pub use queries::{ArticleRow, EntityRow, Filter, QuoteRow, Report, StoryRow, TimelineRow, source_of};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::HashSet;
use std::path::Path;
use storyline_model::corpus::{CorpusResult, DocSummary, Statement};
use storyline_model::{Analysis, EntityKind, QuoteKind, Span};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database {path} was written by a newer storyline (schema {found}, this build knows {known})")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("database {0} does not exist (run `storyline analyze` first)")]
    Missing(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A document that could not be ingested or analysed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    pub origin: String,
    pub code: String,
    pub reason: String,
}

/// The id an article gets: the hex of its input's content key.
pub fn article_id(content_key: u64) -> String {
    format!("{content_key:016x}")
}

/// A quote's id: stable for the same article and span.
pub fn quote_id(article_id: &str, span: Span, kind: QuoteKind) -> String {
    let key = format!("{article_id}:{}:{}:{}", span.start, span.end, kind.as_str());
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

pub struct Store {
    conn: Connection,
}

/// How much of a database file a reading connection maps (SQLite caps it at
/// its compile-time limit, 2 GiB by default); beyond it, pages are read.
const READ_MMAP_BYTES: i64 = 1 << 40;

impl Store {
    /// Opens (creating and migrating if needed) a database for writing.
    pub fn open(path: &Path) -> Result<Store> {
        let conn =
            Connection::open(path).map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn };
        store.migrate(path)?;
        Ok(store)
    }

    /// Opens an existing database for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Readers map the file: pages come straight from the OS cache, shared
        // by every connection, instead of being copied into each one's cache
        // by a read() per page (a third of a busy server's time before).
        conn.pragma_update(None, "mmap_size", READ_MMAP_BYTES)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew { path: path.display().to_string(), found: version, known });
        }
        if version < known {
            // An older or empty file: migrate through a writable handle first.
            drop(conn);
            drop(Store::open(path)?);
            return Store::open_read_only(path);
        }
        Ok(Store { conn })
    }

    fn migrate(&mut self, path: &Path) -> Result<()> {
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew { path: path.display().to_string(), found: version, known });
        }
        for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Content keys of every stored article, to skip re-analysing them.
    pub fn known_keys(&self) -> Result<HashSet<u64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles")?;
        let keys = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .filter_map(|id| id.ok().and_then(|id| u64::from_str_radix(&id, 16).ok()))
            .collect();
        Ok(keys)
    }

    /// Stores a batch of analyses in one transaction. Articles already
    /// present are left untouched. Returns how many were new.
    pub fn insert_batch(&mut self, batch: &[Analysis]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut inserted = 0;
        {
            let mut art = tx.prepare_cached(
                "INSERT OR IGNORE INTO articles (id, external_id, path, line, url, title, outlet, author, published,
                 modified, language, text, paragraphs, rules, warnings, text_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            let mut men = tx.prepare_cached(
                "INSERT INTO mentions (article_id, idx, start, end, kind, name, role, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut quo = tx.prepare_cached(
                "INSERT OR IGNORE INTO quotes (id, article_id, start, end, text, kind, speaker, speaker_kind, speaker_start,
                 speaker_end, cue, cue_start, cue_end, medium, said_on, said_on_basis, repeated, published, speaker_mention,
                 source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?;
            let mut tim = tx.prepare_cached(
                "INSERT OR IGNORE INTO timexes (article_id, start, end, type, value) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut pending = tx.prepare_cached("INSERT OR IGNORE INTO corpus_pending (article_id) VALUES (?1)")?;
            for a in batch {
                let id = article_id(a.content_key);
                let art_ = &a.article;
                let n = art.execute(params![
                    id,
                    a.external_id,
                    a.origin.path,
                    a.origin.line.map(|l| l as i64),
                    art_.url.as_ref().or(a.origin.url.as_ref()),
                    art_.title,
                    art_.outlet,
                    art_.author,
                    art_.published.map(|d| d.to_string()),
                    art_.modified.map(|d| d.to_string()),
                    art_.language,
                    art_.text,
                    json(&art_.paragraphs),
                    json(&art_.rules),
                    json(&art_.warnings),
                    format!("{:016x}", a.text_hash),
                ])?;
                if n == 0 {
                    continue;
                }
                inserted += 1;
                pending.execute(params![id])?;
                features::insert(&tx, &id, &a.features)?;
                for (i, m) in a.mentions.iter().enumerate() {
                    men.execute(params![
                        id,
                        i as i64,
                        m.span.start as i64,
                        m.span.end as i64,
                        m.kind.as_str(),
                        m.name,
                        m.role,
                        m.evidence.as_u8()
                    ])?;
                }
                // Speaker mentions by char offsets: one index per article, not a walk per quote.
                let chars = storyline_model::CharIndex::new(&art_.text);
                for q in &a.quotes {
                    quo.execute(params![
                        quote_id(&id, q.span, q.kind),
                        id,
                        q.span.start as i64,
                        q.span.end as i64,
                        q.text,
                        q.kind.as_str(),
                        q.speaker,
                        q.speaker_kind.map(EntityKind::as_str),
                        q.speaker_span.map(|s| s.start as i64),
                        q.speaker_span.map(|s| s.end as i64),
                        q.cue,
                        q.cue_span.map(|s| s.start as i64),
                        q.cue_span.map(|s| s.end as i64),
                        q.medium,
                        q.said_on.map(|d| d.to_string()),
                        q.said_on_basis.map(basis_str),
                        q.repeated as i64,
                        art_.published.map(|d| d.to_string()),
                        q.speaker_span.and_then(|sp| chars.slice(&art_.text, sp.start, sp.end)),
                        q.source,
                    ])?;
                }
                for t in &a.timexes {
                    tim.execute(params![id, t.span.start as i64, t.span.end as i64, t.kind.as_str(), t.value])?;
                }
            }
        }
        if inserted > 0 {
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_dirty', '1')", [])?;
        }
        tx.commit()?;
        Ok(inserted)
    }

    /// Records documents that failed, replacing an earlier record for the same origin.
    pub fn record_failures(&mut self, failures: &[Failure]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st =
                tx.prepare_cached("INSERT OR REPLACE INTO failures (origin, code, reason) VALUES (?1, ?2, ?3)")?;
            for f in failures {
                st.execute(params![f.origin, f.code, f.reason])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets a failure once the same origin has been ingested fine.
    pub fn clear_failures(&mut self, origins: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached("DELETE FROM failures WHERE origin = ?1")?;
            for o in origins {
                st.execute(params![o])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn failures(&self) -> Result<Vec<Failure>> {
        let mut st = self.conn.prepare("SELECT origin, code, reason FROM failures ORDER BY origin")?;
        let rows = st.query_map([], |r| Ok(Failure { origin: r.get(0)?, code: r.get(1)?, reason: r.get(2)? }))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Whether articles were added since the corpus passes last ran.
    pub fn corpus_dirty(&self) -> Result<bool> {
        let v: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'corpus_dirty'", [], |r| r.get(0)).optional()?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Every stored article as the corpus passes need it, in id order:
    /// metadata and signature, never the text (term counts, mentions and
    /// quotes are streamed through [`storyline_model::corpus::CorpusSource`]).
    /// Call [`Store::backfill_features`] first on a database from an older build.
    pub fn doc_summaries(&self) -> Result<Vec<DocSummary>> {
        let mut docs: Vec<DocSummary> = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT a.id, a.published, a.outlet, a.title, a.text_hash, f.minhash, f.lead
             FROM articles a LEFT JOIN article_features f ON f.article_id = a.id ORDER BY a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            docs.push(DocSummary {
                id: r.get(0)?,
                published: r.get::<_, Option<String>>(1)?.and_then(|s| s.parse().ok()),
                outlet: r.get(2)?,
                title: r.get(3)?,
                text_hash: u64::from_str_radix(&r.get::<_, String>(4)?, 16).unwrap_or(0),
                minhash: r.get::<_, Option<Vec<u8>>>(5)?.map(|b| features::decode_minhash(&b)).unwrap_or_default(),
                lead: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            });
        }
        docs.shrink_to_fit();
        Ok(docs)
    }

    /// Starts replacing every corpus-level result: one transaction, open
    /// until [`CorpusWriter::finish`] commits it (dropped or killed before
    /// that, the previous result stays whole). The store can still be read
    /// meanwhile, as the corpus passes' source.
    pub fn corpus_writer(&self) -> Result<CorpusWriter<'_>> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL;
             UPDATE quotes SET speaker_id = NULL, statement_id = NULL WHERE speaker_id IS NOT NULL OR statement_id IS NOT NULL;
             DELETE FROM entities; DELETE FROM story_articles; DELETE FROM stories; DELETE FROM statements;",
        )?;
        Ok(CorpusWriter { tx })
    }

    /// Replaces every corpus-level result in one transaction (statements
    /// included, for callers that collected them).
    pub fn write_corpus(&self, result: &CorpusResult, statements: &[Statement]) -> Result<()> {
        let mut w = self.corpus_writer()?;
        w.statements(statements)?;
        w.finish(result, &[])
    }
}

/// The open transaction of a corpus pass's results: statements are written
/// as they come, the rest by [`CorpusWriter::finish`], which commits.
pub struct CorpusWriter<'s> {
    tx: rusqlite::Transaction<'s>,
}

impl CorpusWriter<'_> {
    /// Writes a batch of statements and points their reports at them.
    pub fn statements(&mut self, batch: &[Statement]) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO statements (id, speaker_id, text, kind, said_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut qs = self.tx.prepare_cached("UPDATE quotes SET statement_id = ?2 WHERE id = ?1")?;
        for s in batch {
            st.execute(params![s.id, s.speaker_id, s.text, s.kind.as_str(), s.said_on.map(|d| d.to_string())])?;
            for q in &s.reports {
                qs.execute(params![q, s.id])?;
            }
        }
        Ok(())
    }

    /// Writes duplicates, entities (every mention and speaker pointed at its
    /// entity by name, in two statements) and stories, records `meta` pairs
    /// (such as the alias rules used), marks the corpus clean and commits.
    pub fn finish(self, result: &CorpusResult, meta: &[(&str, String)]) -> Result<()> {
        let tx = self.tx;
        {
            let mut st = tx.prepare("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?;
            for (copy, orig) in &result.duplicates {
                st.execute(params![copy, orig])?;
            }
            write_entities(&tx, &result.entities)?;
            tx.execute("DELETE FROM entity_names", [])?;
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO entity_names (name, kind, entity_id, occurrences) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for n in &result.names {
                let Some(e) = result.entities.get(n.entity) else { continue };
                st.execute(params![n.name, n.kind.as_str(), e.id, n.occurrences as i64])?;
            }
            // Mention kinds are stored as written by `EntityKind::as_str`; a
            // speaker without a kind is a person, as the corpus passes read it.
            tx.execute_batch(
                "UPDATE mentions SET entity_id =
                     (SELECT entity_id FROM entity_names n WHERE n.name = mentions.name AND n.kind = mentions.kind);
                 UPDATE quotes SET speaker_id =
                     (SELECT entity_id FROM entity_names n
                      WHERE n.name = quotes.speaker AND n.kind = coalesce(quotes.speaker_kind, 'person'))
                 WHERE speaker IS NOT NULL;",
            )?;
            write_stories(&tx, &result.stories)?;
        }
        commit_corpus(tx, &result.term_df, meta)
    }
}

/// Ends a corpus pass's transaction: keeps the state the next incremental
/// pass extends, clears the pending articles, marks the corpus clean,
/// records `meta` pairs and commits.
pub(crate) fn commit_corpus(
    tx: rusqlite::Transaction<'_>,
    term_df: &storyline_model::corpus::TermDf,
    meta: &[(&str, String)],
) -> Result<()> {
    tx.execute("INSERT OR REPLACE INTO corpus_state (key, value) VALUES ('term_df', ?1)", params![term_df.encode()])?;
    tx.execute("DELETE FROM corpus_pending", [])?;
    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_dirty', '0')", [])?;
    for (k, v) in meta {
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![k, v])?;
    }
    tx.commit()?;
    Ok(())
}

/// Writes stories and their articles; a story already stored keeps its
/// title and storyline and takes the new dates, and its articles are added to.
pub(crate) fn write_stories(tx: &rusqlite::Transaction<'_>, stories: &[storyline_model::corpus::Story]) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO stories (id, title, first_seen, last_seen, storyline) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen",
    )?;
    let mut sa = tx.prepare_cached("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?1, ?2)")?;
    for s in stories {
        st.execute(params![
            s.id,
            s.title,
            s.first_seen.map(|d| d.to_string()),
            s.last_seen.map(|d| d.to_string()),
            s.storyline
        ])?;
        for a in &s.articles {
            sa.execute(params![s.id, a])?;
        }
    }
    Ok(())
}

/// Writes entities whole, replacing stored ones with the same id.
pub(crate) fn write_entities(
    tx: &rusqlite::Transaction<'_>,
    entities: &[storyline_model::corpus::Entity],
) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT OR REPLACE INTO entities (id, name, kind, aliases, roles, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in entities {
        st.execute(params![
            e.id,
            e.name,
            e.kind.as_str(),
            serde_json::to_string(&e.aliases).unwrap_or_default(),
            serde_json::to_string(&e.roles).unwrap_or_default(),
            e.mentions as i64
        ])?;
    }
    Ok(())
}

pub(crate) fn parse_kind(s: &str) -> QuoteKind {
    match s {
        "mixed" => QuoteKind::Mixed,
        "indirect" => QuoteKind::Indirect,
        _ => QuoteKind::Direct,
    }
}

fn basis_str(b: storyline_model::DateBasis) -> &'static str {
    match b {
        storyline_model::DateBasis::Cue => "cue",
        storyline_model::DateBasis::Sentence => "sentence",
        storyline_model::DateBasis::Published => "published",
    }
}

/// A JSON column: a small serde value stored as text.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
