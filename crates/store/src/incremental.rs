//! The store's side of an incremental corpus pass: which articles are new
//! (`corpus_pending`), a source that streams only them, the stored result
//! read back (`impl CorpusState`), and the delta written in one transaction.

use crate::features::{QUOTE_COLUMNS, decode_minhash, decode_terms, mention_row, quote_row};
use crate::{Result, Store};
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;
use storyline_model::corpus::{
    CorpusDelta, CorpusSource, CorpusState, DocSummary, Entity, MentionSummary, NameRecord, OutletCoverage,
    QuoteSummary, Role, StoredStatement, StoryMember, TermCount, TermDf,
};
use storyline_model::{EntityKind, PartialDate};

/// The pending articles' rows, read through `temp.corpus_scope`.
pub struct Pending<'s> {
    store: &'s Store,
}

fn text(v: ValueRef<'_>) -> &str {
    v.as_str().unwrap_or_default()
}

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        id: r.get(0)?,
        published: r.get::<_, Option<String>>(1)?.and_then(|s| s.parse().ok()),
        outlet: r.get(2)?,
        title: r.get(3)?,
        text_hash: u64::from_str_radix(&r.get::<_, String>(4)?, 16).unwrap_or(0),
        minhash: r.get::<_, Option<Vec<u8>>>(5)?.map(|b| decode_minhash(&b)).unwrap_or_default(),
        lead: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
    })
}

const SUMMARY_COLUMNS: &str = "a.id, a.published, a.outlet, a.title, a.text_hash, f.minhash, f.lead";

impl Store {
    /// Every stored article, copies included.
    pub fn article_count(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// Articles stored since the last corpus pass.
    pub fn pending_count(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT count(*) FROM corpus_pending", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// The pending articles' summaries, in id order, and a source that
    /// streams their term counts, mentions and quotes (any article's text).
    pub fn pending(&self) -> Result<(Vec<DocSummary>, Pending<'_>)> {
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS corpus_scope (id TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.corpus_scope;
             INSERT INTO temp.corpus_scope (id) SELECT article_id FROM corpus_pending;",
        )?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM temp.corpus_scope s JOIN articles a ON a.id = s.id
             LEFT JOIN article_features f ON f.article_id = a.id ORDER BY s.id"
        ))?;
        let docs = st.query_map([], summary)?.collect::<std::result::Result<_, _>>()?;
        Ok((docs, Pending { store: self }))
    }

    /// Applies an incremental pass's result, records `meta` pairs, clears
    /// the pending list and marks the corpus clean, all in one transaction
    /// (killed before the commit, the stored result and the pending list
    /// stay as they were, and the next run redoes the pass).
    /// The outlet comparison is adjusted by the counts of the new originals
    /// (`plus`) and of the originals that became copies (`minus`).
    pub fn apply_corpus_delta(
        &self,
        delta: &CorpusDelta,
        meta: &[(&str, String)],
        plus: &[OutletCoverage],
        minus: &[OutletCoverage],
    ) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        crate::coverage::add_coverage(&tx, plus, 1)?;
        crate::coverage::add_coverage(&tx, minus, -1)?;
        {
            let mut st = tx.prepare("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?;
            for (copy, orig) in &delta.duplicates {
                st.execute(params![copy, orig])?;
            }
            // A demoted original leaves its stories (its new original joins
            // in its place) and its quotes leave their statements.
            let mut gone = tx.prepare("DELETE FROM story_articles WHERE article_id = ?1")?;
            let mut unlink = tx.prepare("UPDATE quotes SET statement_id = NULL WHERE article_id = ?1")?;
            for id in &delta.demoted {
                gone.execute(params![id])?;
                unlink.execute(params![id])?;
            }
            crate::write_entities(&tx, &delta.entities)?;
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO entity_names (name, kind, entity_id, occurrences) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for n in &delta.names {
                st.execute(params![n.name, n.kind.as_str(), n.entity_id, n.occurrences as i64])?;
            }
            tx.execute_batch(
                "UPDATE mentions SET entity_id =
                     (SELECT entity_id FROM entity_names n WHERE n.name = mentions.name AND n.kind = mentions.kind)
                 WHERE article_id IN (SELECT article_id FROM corpus_pending);
                 UPDATE quotes SET speaker_id =
                     (SELECT entity_id FROM entity_names n
                      WHERE n.name = quotes.speaker AND n.kind = coalesce(quotes.speaker_kind, 'person'))
                 WHERE speaker IS NOT NULL AND article_id IN (SELECT article_id FROM corpus_pending);",
            )?;
            // A stored story keeps its title and storyline; its dates and articles grow.
            crate::write_stories(&tx, &delta.stories)?;
            if !delta.demoted.is_empty() {
                tx.execute("DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = stories.id)", [])?;
            }
            let mut st = tx.prepare(
                "INSERT INTO statements (id, speaker_id, text, kind, said_on) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET speaker_id = excluded.speaker_id, text = excluded.text,
                     kind = excluded.kind, said_on = excluded.said_on",
            )?;
            let mut qs = tx.prepare("UPDATE quotes SET statement_id = ?2 WHERE id = ?1")?;
            for s in &delta.statements {
                st.execute(params![s.id, s.speaker_id, s.text, s.kind.as_str(), s.said_on.map(|d| d.to_string())])?;
                for q in &s.reports {
                    qs.execute(params![q, s.id])?;
                }
            }
            let mut st = tx.prepare("DELETE FROM statements WHERE id = ?1")?;
            for id in &delta.emptied_statements {
                st.execute(params![id])?;
            }
        }
        crate::commit_corpus(tx, &delta.term_df, meta)
    }

    fn stored_statement(&self, id: String, speaker_id: Option<String>) -> Result<StoredStatement> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT q.published, {QUOTE_COLUMNS} FROM quotes q WHERE q.statement_id = ?1 ORDER BY q.id"
        ))?;
        let reports = st
            .query_map(params![id], |r| {
                let published = r.get_ref(0)?.as_str_or_null().ok().flatten().and_then(|s| s.parse().ok());
                Ok((published, quote_row(r, 1)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(StoredStatement { id, speaker_id, reports })
    }
}

/// Streams the pending articles only, in id order (the order of
/// [`Store::pending`]'s summaries); reads any article's text.
impl CorpusSource for Pending<'_> {
    type Error = crate::StoreError;

    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<()> {
        self.store.for_each_article_terms(
            "SELECT f.article_id, f.terms FROM temp.corpus_scope s JOIN article_features f ON f.article_id = s.id ORDER BY s.id",
            f,
        )
    }

    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<()> {
        self.store.for_each_article_group(
            "SELECT m.article_id, m.name, m.kind, m.role, m.evidence FROM temp.corpus_scope s JOIN mentions m ON m.article_id = s.id
             ORDER BY s.id, m.idx",
            |r| Ok(mention_row(r)?),
            f,
        )
    }

    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<()> {
        self.store.for_each_article_group(
            &format!(
                "SELECT q.article_id, {QUOTE_COLUMNS} FROM temp.corpus_scope s JOIN quotes q ON q.article_id = s.id
                 ORDER BY s.id, q.start, q.id"
            ),
            |r| Ok(quote_row(r, 1)?),
            f,
        )
    }

    fn article_text(&self, id: &str) -> Result<Option<String>> {
        CorpusSource::article_text(self.store, id)
    }
}

/// The stored corpus result, read back for an incremental pass.
impl CorpusState for Store {
    type Error = crate::StoreError;

    fn for_each_signature(&self, f: &mut dyn FnMut(&str, &[u64])) -> Result<()> {
        let mut st = self.conn.prepare("SELECT article_id, minhash FROM article_features")?;
        let mut rows = st.query([])?;
        let mut sig: Vec<u64> = Vec::with_capacity(64);
        while let Some(r) = rows.next()? {
            let (ValueRef::Text(id), ValueRef::Blob(blob)) = (r.get_ref(0)?, r.get_ref(1)?) else { continue };
            let Ok(id) = std::str::from_utf8(id) else { continue };
            if blob.len() != 64 * 8 {
                continue;
            }
            sig.clear();
            sig.extend(blob.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())));
            f(id, &sig);
        }
        Ok(())
    }

    fn with_text_hash(&self, hash: u64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached("SELECT id FROM articles WHERE text_hash = ?1")?;
        let ids =
            st.query_map(params![format!("{hash:016x}")], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }

    fn duplicate_groups(&self, ids: &[String]) -> Result<Vec<Vec<DocSummary>>> {
        let mut original = self.conn.prepare_cached("SELECT coalesce(duplicate_of, id) FROM articles WHERE id = ?1")?;
        let mut members = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a LEFT JOIN article_features f ON f.article_id = a.id
             WHERE a.id = ?1
             UNION ALL
             SELECT {SUMMARY_COLUMNS} FROM articles a LEFT JOIN article_features f ON f.article_id = a.id
             WHERE a.duplicate_of = ?1 AND a.id != ?1"
        ))?;
        let mut seen: HashSet<String> = HashSet::new();
        let mut groups = Vec::new();
        for id in ids {
            let Some(orig): Option<String> = original.query_row(params![id], |r| r.get(0)).optional()? else {
                continue;
            };
            if !seen.insert(orig.clone()) {
                continue;
            }
            let group: Vec<DocSummary> =
                members.query_map(params![orig], summary)?.collect::<std::result::Result<_, _>>()?;
            groups.push(group);
        }
        Ok(groups)
    }

    fn name_records(&self) -> Result<Vec<NameRecord>> {
        let mut st = self.conn.prepare("SELECT name, kind, entity_id, occurrences FROM entity_names")?;
        let rows = st
            .query_map([], |r| {
                Ok(NameRecord {
                    name: r.get(0)?,
                    kind: EntityKind::parse(text(r.get_ref(1)?)).unwrap_or(EntityKind::Person),
                    entity_id: r.get(2)?,
                    occurrences: r.get::<_, i64>(3)?.max(0) as u64,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>> {
        let mut st =
            self.conn.prepare_cached("SELECT id, name, kind, aliases, roles, mentions FROM entities WHERE id = ?1")?;
        let mut out = Vec::new();
        for id in ids {
            let e = st
                .query_row(params![id], |r| {
                    Ok(Entity {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        kind: EntityKind::parse(text(r.get_ref(2)?)).unwrap_or(EntityKind::Person),
                        aliases: serde_json::from_str(text(r.get_ref(3)?)).unwrap_or_default(),
                        roles: serde_json::from_str::<Vec<Role>>(text(r.get_ref(4)?)).unwrap_or_default(),
                        mentions: r.get::<_, i64>(5)?.max(0) as usize,
                    })
                })
                .optional()?;
            out.extend(e);
        }
        Ok(out)
    }

    fn term_df(&self) -> Result<Option<TermDf>> {
        let blob: Option<Vec<u8>> =
            self.conn.query_row("SELECT value FROM corpus_state WHERE key = 'term_df'", [], |r| r.get(0)).optional()?;
        Ok(blob.and_then(|b| TermDf::decode(&b)))
    }

    fn storyline_members(&self, range: Option<(PartialDate, PartialDate)>) -> Result<Vec<StoryMember>> {
        let filter = if range.is_some() { "a.published BETWEEN ?1 AND ?2" } else { "a.published IS NULL" };
        let mut st = self.conn.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS}, f.terms, sa.story_id, s.storyline
             FROM articles a JOIN story_articles sa ON sa.article_id = a.id JOIN stories s ON s.id = sa.story_id
             LEFT JOIN article_features f ON f.article_id = a.id
             WHERE {filter} AND s.storyline IS NOT NULL
             ORDER BY a.published IS NULL, a.published, a.id"
        ))?;
        let (from, to) = range.map(|(f, t)| (f.to_string(), t.to_string())).unwrap_or_default();
        let params: &[&dyn rusqlite::ToSql] = if range.is_some() { &[&from, &to] } else { &[] };
        let mut members: Vec<StoryMember> = st
            .query_map(params, |r| {
                let mut terms = Vec::new();
                if let ValueRef::Blob(b) = r.get_ref(7)? {
                    decode_terms(b, &mut terms);
                }
                let mut doc = summary(r)?;
                doc.minhash = Vec::new();
                Ok(StoryMember { doc, story: r.get(8)?, storyline: r.get(9)?, terms, entities: Vec::new() })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut ents = self.conn.prepare_cached(
            "SELECT entity_id FROM mentions WHERE article_id = ?1 AND entity_id IS NOT NULL ORDER BY idx",
        )?;
        for m in &mut members {
            let mut rows = ents.query(params![m.doc.id])?;
            while let Some(r) = rows.next()? {
                let e = text(r.get_ref(0)?);
                if !m.entities.iter().any(|x| x == e) {
                    m.entities.push(e.to_string());
                }
            }
        }
        Ok(members)
    }

    fn latest_published(&self) -> Result<Option<PartialDate>> {
        let latest: Option<String> = self
            .conn
            .query_row(
                "SELECT published FROM articles WHERE published IS NOT NULL ORDER BY published DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(latest.and_then(|s| s.parse().ok()))
    }

    fn statements_reporting(&self, articles: &[String]) -> Result<(Vec<StoredStatement>, Vec<String>)> {
        let mut held = self.conn.prepare_cached(
            "SELECT DISTINCT s.id, s.speaker_id FROM quotes q JOIN statements s ON s.id = q.statement_id
             WHERE q.article_id = ?1",
        )?;
        let mut quotes = self.conn.prepare_cached("SELECT id FROM quotes WHERE article_id = ?1")?;
        let (mut ids, mut quote_ids) = (Vec::new(), Vec::new());
        for a in articles {
            ids.extend(
                held.query_map(params![a], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?
                    .collect::<std::result::Result<Vec<_>, _>>()?,
            );
            quote_ids
                .extend(quotes.query_map(params![a], |r| r.get(0))?.collect::<std::result::Result<Vec<String>, _>>()?);
        }
        ids.sort();
        ids.dedup();
        let statements = ids.into_iter().map(|(id, sp)| self.stored_statement(id, sp)).collect::<Result<_>>()?;
        Ok((statements, quote_ids))
    }

    fn statements_near(
        &self,
        speaker: Option<&str>,
        from: PartialDate,
        to: PartialDate,
    ) -> Result<Vec<StoredStatement>> {
        // From the start of `from`'s month: a statement dated to the month sorts before its days.
        let from = from.to_string();
        let from = from.get(..7).unwrap_or(&from).to_string();
        let mut st = self.conn.prepare_cached(
            "SELECT id, speaker_id FROM statements WHERE speaker_id IS ?1 AND said_on BETWEEN ?2 AND ?3
             UNION ALL
             SELECT id, speaker_id FROM statements WHERE speaker_id IS ?1 AND said_on IS NULL",
        )?;
        let ids: Vec<(String, Option<String>)> = st
            .query_map(params![speaker, from, to.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        ids.into_iter().map(|(id, sp)| self.stored_statement(id, sp)).collect()
    }
}
