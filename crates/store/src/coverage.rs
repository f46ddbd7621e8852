//! Per-outlet term choices and scare quotes (`outlet_terms`): written after
//! the corpus pass from one streamed read of the original articles' texts,
//! read back by `outlets`.

use crate::{Result, Store};
use rusqlite::params;
use std::collections::HashSet;
use storyline_model::corpus::{OutletCoverage, ScareQuote, TermUse};

/// Adds `sign` × the counts of `coverage` to the stored rows (a row brought
/// to zero articles goes).
pub(crate) fn add_coverage(tx: &rusqlite::Transaction<'_>, coverage: &[OutletCoverage], sign: i64) -> Result<()> {
    let mut update = tx.prepare_cached(
        "UPDATE outlet_terms SET articles = articles + ?5, occurrences = occurrences + ?6
         WHERE outlet IS ?1 AND kind = ?2 AND term_group IS ?3 AND term = ?4",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO outlet_terms (outlet, kind, term_group, term, articles, occurrences) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for o in coverage {
        let rows = o
            .terms
            .iter()
            .map(|t| ("term", Some(t.group.as_str()), t.variant.as_str(), t.articles, t.occurrences))
            .chain(o.scare_quotes.iter().map(|q| ("scare", None, q.term.as_str(), q.articles, q.occurrences)));
        for (kind, group, term, articles, occurrences) in rows {
            let (a, n) = (sign * articles as i64, sign * occurrences as i64);
            if update.execute(params![o.outlet, kind, group, term, a, n])? == 0 && sign > 0 {
                insert.execute(params![o.outlet, kind, group, term, a, n])?;
            }
        }
    }
    if sign < 0 {
        tx.execute("DELETE FROM outlet_terms WHERE articles <= 0", [])?;
    }
    Ok(())
}

impl Store {
    /// [`Store::for_each_original_text`] for the given articles only.
    pub fn for_each_text_of(
        &self,
        ids: &[String],
        mut f: impl FnMut(Option<&str>, Option<&str>, &str, &[(usize, usize)]),
    ) -> Result<()> {
        let mut article = self.conn.prepare_cached("SELECT outlet, title, text FROM articles WHERE id = ?1")?;
        let mut quotes = self.conn.prepare_cached("SELECT start, end FROM quotes WHERE article_id = ?1")?;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for id in ids {
            let mut rows = article.query([id])?;
            let Some(r) = rows.next()? else { continue };
            let outlet: Option<String> = r.get(0)?;
            let title: Option<String> = r.get(1)?;
            let text: String = r.get(2)?;
            spans.clear();
            let mut q = quotes.query([id])?;
            while let Some(qr) = q.next()? {
                let (s, e): (i64, i64) = (qr.get(0)?, qr.get(1)?);
                spans.push((s.max(0) as usize, e.max(0) as usize));
            }
            f(outlet.as_deref(), title.as_deref(), &text, &spans);
        }
        Ok(())
    }

    /// Calls `f` with the outlet, title, text and statement spans (char offsets) of
    /// every article that is not a copy of another, one at a time.
    pub fn for_each_original_text(
        &self,
        mut f: impl FnMut(Option<&str>, Option<&str>, &str, &[(usize, usize)]),
    ) -> Result<()> {
        let mut articles =
            self.conn.prepare("SELECT id, outlet, title, text FROM articles WHERE duplicate_of IS NULL ORDER BY id")?;
        let mut quotes = self.conn.prepare_cached("SELECT start, end FROM quotes WHERE article_id = ?1")?;
        let mut rows = articles.query([])?;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let outlet: Option<String> = r.get(1)?;
            let title: Option<String> = r.get(2)?;
            let text: String = r.get(3)?;
            spans.clear();
            let mut q = quotes.query([&id])?;
            while let Some(qr) = q.next()? {
                let (s, e): (i64, i64) = (qr.get(0)?, qr.get(1)?);
                spans.push((s.max(0) as usize, e.max(0) as usize));
            }
            f(outlet.as_deref(), title.as_deref(), &text, &spans);
        }
        Ok(())
    }

    /// Replaces the coverage tables and sets `meta` in one transaction.
    pub fn write_coverage(&mut self, coverage: &[OutletCoverage], meta: &[(&str, String)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM outlet_terms", [])?;
        {
            let mut st = tx.prepare(
                "INSERT INTO outlet_terms (outlet, kind, term_group, term, articles, occurrences) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for o in coverage {
                for t in &o.terms {
                    st.execute(params![o.outlet, "term", t.group, t.variant, t.articles as i64, t.occurrences as i64])?;
                }
                for q in &o.scare_quotes {
                    st.execute(params![
                        o.outlet,
                        "scare",
                        None::<String>,
                        q.term,
                        q.articles as i64,
                        q.occurrences as i64
                    ])?;
                }
            }
            let mut m = tx.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
            for (k, v) in meta {
                m.execute(params![k, v])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Term choices and scare quotes per outlet (outlets in name order,
    /// unknown last; scare quotes most used first, at most `scare_limit` each).
    pub fn coverage(&self, scare_limit: usize) -> Result<Vec<OutletCoverage>> {
        let mut st = self.conn.prepare(
            "SELECT outlet, kind, term_group, term, articles, occurrences FROM outlet_terms
             ORDER BY outlet IS NULL, outlet, kind, articles DESC, term_group, term",
        )?;
        let mut out: Vec<OutletCoverage> = Vec::new();
        let mut rows = st.query([])?;
        let mut seen: HashSet<Option<String>> = HashSet::new();
        while let Some(r) = rows.next()? {
            let outlet: Option<String> = r.get(0)?;
            if seen.insert(outlet.clone()) {
                out.push(OutletCoverage { outlet: outlet.clone(), ..Default::default() });
            }
            let Some(o) = out.last_mut() else { continue };
            let kind: String = r.get(1)?;
            let (articles, occurrences) = (r.get::<_, i64>(4)? as u64, r.get::<_, i64>(5)? as u64);
            if kind == "term" {
                o.terms.push(TermUse {
                    group: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    variant: r.get(3)?,
                    articles,
                    occurrences,
                });
            } else if o.scare_quotes.len() < scare_limit {
                o.scare_quotes.push(ScareQuote { term: r.get(3)?, articles, occurrences });
            }
        }
        Ok(out)
    }
}
