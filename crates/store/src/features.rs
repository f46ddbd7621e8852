//! Per-article corpus features on disk (`article_features`): the compact
//! stand-in for an article's text that the corpus passes read, so that a
//! corpus pass holds a few hundred bytes per article instead of its text.
//!
//! Encoding: the MinHash signature as 64 little-endian u64; term counts as
//! (u64 LE term hash, LEB128 plain count, LEB128 capitalised count) in order
//! of first occurrence. A malformed blob decodes to what precedes the damage:
//! the database is input too, and never makes the pass panic.

use crate::{Result, Store};
use rusqlite::types::ValueRef;
use rusqlite::{Transaction, params};
use storyline_model::corpus::{CorpusFeatures, CorpusSource, MentionSummary, QuoteSummary, TermCount};
use storyline_model::{EntityKind, PartialDate};

/// Articles per transaction when filling in features for older rows.
const BACKFILL_BATCH: usize = 256;

pub(crate) fn encode_minhash(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub(crate) fn decode_minhash(blob: &[u8]) -> Vec<u64> {
    if blob.len() != 64 * 8 {
        return Vec::new();
    }
    blob.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(blob: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *blob.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

pub(crate) fn encode_terms(terms: &[TermCount]) -> Vec<u8> {
    let mut out = Vec::with_capacity(terms.len() * 10);
    for t in terms {
        out.extend_from_slice(&t.term.to_le_bytes());
        push_varint(&mut out, t.plain);
        push_varint(&mut out, t.capitalised);
    }
    out
}

/// Decodes into `out` (cleared first), stopping at the first malformed entry.
pub(crate) fn decode_terms(blob: &[u8], out: &mut Vec<TermCount>) {
    out.clear();
    let mut at = 0;
    while at < blob.len() {
        let Some(bytes) = blob.get(at..at + 8) else { return };
        at += 8;
        let term = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        let (Some(plain), Some(capitalised)) = (read_varint(blob, &mut at), read_varint(blob, &mut at)) else {
            return;
        };
        out.push(TermCount { term, plain, capitalised });
    }
}

pub(crate) fn insert(tx: &Transaction<'_>, article_id: &str, f: &CorpusFeatures) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT OR REPLACE INTO article_features (article_id, minhash, terms, lead) VALUES (?1, ?2, ?3, ?4)",
    )?;
    st.execute(params![article_id, encode_minhash(&f.minhash), encode_terms(&f.terms), f.lead])?;
    Ok(())
}

impl Store {
    /// Computes the corpus features of every article stored without them
    /// (databases written before features existed), reading texts in id
    /// order a batch at a time. Returns how many were filled in; 0 once done.
    pub fn backfill_features(&mut self, compute: impl Fn(&str) -> CorpusFeatures) -> Result<usize> {
        let mut done = 0;
        let mut after = String::new();
        loop {
            let rows: Vec<(String, String)> = {
                let mut st = self.conn.prepare_cached(
                    "SELECT a.id, a.text FROM articles a
                     WHERE a.id > ?1 AND NOT EXISTS (SELECT 1 FROM article_features f WHERE f.article_id = a.id)
                     ORDER BY a.id LIMIT ?2",
                )?;
                st.query_map(params![after, BACKFILL_BATCH as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<std::result::Result<_, _>>()?
            };
            let Some((last, _)) = rows.last() else { break };
            after = last.clone();
            let tx = self.conn.transaction()?;
            for (id, text) in &rows {
                insert(&tx, id, &compute(text))?;
            }
            tx.commit()?;
            done += rows.len();
        }
        Ok(done)
    }

    /// Average stored feature size in bytes per article (signature, term
    /// counts and lead), for benchmarks.
    pub fn feature_bytes_per_article(&self) -> Result<f64> {
        let v: Option<f64> = self.conn.query_row(
            "SELECT AVG(length(minhash) + length(terms) + length(CAST(lead AS BLOB))) FROM article_features",
            [],
            |r| r.get(0),
        )?;
        Ok(v.unwrap_or(0.0))
    }
}

/// The store streams term counts in id order (the order of
/// [`Store::doc_summaries`]) and reads a text by id.
/// A text column's value; anything else reads as empty.
fn text(v: ValueRef<'_>) -> &str {
    v.as_str().unwrap_or_default()
}

impl Store {
    /// Runs `sql` (article id first, rows ordered by it) and calls `f` once
    /// per article with the items `item` reads from its rows: a stream held
    /// one article at a time.
    pub(crate) fn for_each_article_group<T>(
        &self,
        sql: &str,
        item: impl Fn(&rusqlite::Row<'_>) -> Result<T>,
        f: &mut dyn FnMut(&str, &[T]),
    ) -> Result<()> {
        let mut st = self.conn.prepare(sql)?;
        let mut rows = st.query([])?;
        let (mut article, mut items) = (String::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let id = text(r.get_ref(0)?);
            if id != article {
                if !items.is_empty() {
                    f(&article, &items);
                    items.clear();
                }
                id.clone_into(&mut article);
            }
            items.push(item(r)?);
        }
        if !items.is_empty() {
            f(&article, &items);
        }
        Ok(())
    }
}

impl Store {
    /// Runs `sql` (article id, term blob) and calls `f` with each row's decoded term counts.
    pub(crate) fn for_each_article_terms(&self, sql: &str, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<()> {
        let mut st = self.conn.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut terms = Vec::new();
        while let Some(r) = rows.next()? {
            let (ValueRef::Text(id), ValueRef::Blob(blob)) = (r.get_ref(0)?, r.get_ref(1)?) else { continue };
            let Ok(id) = std::str::from_utf8(id) else { continue };
            decode_terms(blob, &mut terms);
            f(id, &terms);
        }
        Ok(())
    }
}

/// A mention read from (article id, name, kind, role).
pub(crate) fn mention_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MentionSummary> {
    Ok(MentionSummary {
        name: r.get(1)?,
        kind: EntityKind::parse(text(r.get_ref(2)?)).unwrap_or(EntityKind::Person),
        role: r.get(3)?,
        // Rows from before the kind vote have none: every old mention then
        // counts alike, and the vote is the majority of their kinds.
        evidence: storyline_model::KindEvidence::from_u8(r.get::<_, Option<u8>>(4)?.unwrap_or(0)),
    })
}

/// The quote columns [`quote_row`] reads, in order.
pub(crate) const QUOTE_COLUMNS: &str =
    "q.id, q.text, q.kind, q.speaker, q.speaker_kind, q.said_on, q.repeated, q.start";

/// A quote read from [`QUOTE_COLUMNS`] starting at column `at`.
pub(crate) fn quote_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<QuoteSummary> {
    Ok(QuoteSummary {
        id: r.get(at)?,
        text: r.get(at + 1)?,
        kind: crate::parse_kind(text(r.get_ref(at + 2)?)),
        speaker: r.get(at + 3)?,
        speaker_kind: r.get_ref(at + 4)?.as_str_or_null().ok().flatten().and_then(EntityKind::parse),
        said_on: r.get_ref(at + 5)?.as_str_or_null().ok().flatten().and_then(|s| s.parse::<PartialDate>().ok()),
        repeated: r.get::<_, i64>(at + 6)? != 0,
        start: r.get::<_, i64>(at + 7)?.max(0) as usize,
    })
}

impl CorpusSource for Store {
    type Error = crate::StoreError;

    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<()> {
        self.for_each_article_terms("SELECT article_id, terms FROM article_features ORDER BY article_id", f)
    }

    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<()> {
        self.for_each_article_group(
            "SELECT article_id, name, kind, role, evidence FROM mentions ORDER BY article_id, idx",
            |r| Ok(mention_row(r)?),
            f,
        )
    }

    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<()> {
        self.for_each_article_group(
            &format!("SELECT q.article_id, {QUOTE_COLUMNS} FROM quotes q ORDER BY q.article_id, q.start, q.id"),
            |r| Ok(quote_row(r, 1)?),
            f,
        )
    }

    fn article_text(&self, id: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let mut st = self.conn.prepare_cached("SELECT text FROM articles WHERE id = ?1")?;
        Ok(st.query_row(params![id], |r| r.get(0)).optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_counts_round_trip_and_damage_never_panics() {
        let terms = vec![
            TermCount { term: 1, plain: 0, capitalised: 3 },
            TermCount { term: u64::MAX, plain: 300, capitalised: 70_000 },
            TermCount { term: 42, plain: u32::MAX, capitalised: 0 },
        ];
        let blob = encode_terms(&terms);
        let mut back = Vec::new();
        decode_terms(&blob, &mut back);
        assert_eq!(back, terms);
        for cut in 0..blob.len() {
            decode_terms(&blob[..cut], &mut back);
            assert!(back.len() <= terms.len() && back[..] == terms[..back.len()]);
        }
        decode_terms(&[0xff; 40], &mut back);
        assert!(back.is_empty());
        assert_eq!(decode_minhash(&encode_minhash(&[7; 64])), vec![7; 64]);
        assert!(decode_minhash(&[1, 2, 3]).is_empty());
    }
}
