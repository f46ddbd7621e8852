//! `POST /api/documents`: routed only when the server was started with an
//! ingest token, rate-limited before the token is even checked (so guessing
//! tokens is slow), then authenticated with `Authorization: Bearer`.
//!
//! The body is JSONL, one document per line, in the same format
//! `storyline analyze` reads (`{id?, url?, title?, outlet?, published?,
//! text? | html?}`). Each document is analysed and stored (idempotent by
//! content, like `analyze`); the answer (202) lists what was stored and what
//! failed. The corpus passes (duplicates, entities, stories, timeline) and
//! the search index then catch up in the background, serialised with any
//! other upload.

use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use storyline_store::{Failure, Store};

/// Requests allowed in a burst, and the steady rate after it.
const BURST: f64 = 10.0;
const PER_SECOND: f64 = 0.5;

pub(crate) struct IngestGate {
    token: String,
    bucket: Mutex<(f64, Instant)>,
    db: PathBuf,
    /// Where uploads are spooled for the JSONL reader.
    spool: PathBuf,
    uploads: AtomicU64,
    /// One writer at a time: storing, then the corpus passes.
    writer: Mutex<()>,
}

impl IngestGate {
    pub(crate) fn new(token: String, db: PathBuf, spool: PathBuf) -> IngestGate {
        IngestGate {
            token,
            bucket: Mutex::new((BURST, Instant::now())),
            db,
            spool,
            uploads: AtomicU64::new(0),
            writer: Mutex::new(()),
        }
    }

    /// Token bucket: takes one token or refuses.
    fn admit(&self) -> bool {
        let mut b = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        b.0 = (b.0 + now.duration_since(b.1).as_secs_f64() * PER_SECOND).min(BURST);
        b.1 = now;
        if b.0 >= 1.0 {
            b.0 -= 1.0;
            true
        } else {
            false
        }
    }

    fn authorised(&self, headers: &HeaderMap) -> bool {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or("");
        constant_time_eq(presented.as_bytes(), self.token.as_bytes())
    }
}

/// Compares without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0 && !b.is_empty()
}

/// What an upload did.
#[derive(Serialize)]
pub(crate) struct IngestReport {
    /// Documents read from the body.
    pub(crate) received: usize,
    /// Ids of the articles stored by this upload.
    pub(crate) stored: Vec<String>,
    /// Documents already in the database (same content).
    pub(crate) unchanged: usize,
    pub(crate) failed: Vec<Failure>,
    /// What happens next.
    pub(crate) status: &'static str,
}

pub(crate) async fn post_documents(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<IngestReport>), ApiError> {
    let gate = st.ingest.as_ref().ok_or_else(|| ApiError::NotFound("ingest is not enabled".into()))?;
    if !gate.admit() {
        return Err(ApiError::RateLimited);
    }
    if !gate.authorised(&headers) {
        return Err(ApiError::Unauthorized);
    }
    if body.len() > crate::MAX_BODY_BYTES {
        return Err(ApiError::TooLarge(crate::MAX_BODY_BYTES));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest("the body is empty: send JSONL documents, one per line".into()));
    }
    let state = Arc::clone(&st);
    let report = tokio::task::spawn_blocking(move || store_upload(&state, &body))
        .await
        .map_err(|e| ApiError::Internal(format!("ingest task failed: {e}")))??;
    if !report.stored.is_empty() {
        let state = Arc::clone(&st);
        tokio::task::spawn_blocking(move || {
            if let Err(e) = catch_up(&state) {
                tracing::error!(error = %e, "corpus passes after an upload failed");
            }
        });
    }
    Ok((StatusCode::ACCEPTED, Json(report)))
}

/// Reads, analyses and stores one upload (on a blocking thread).
fn store_upload(state: &AppState, body: &[u8]) -> Result<IngestReport, ApiError> {
    let gate = state.ingest.as_ref().ok_or_else(|| ApiError::NotFound("ingest is not enabled".into()))?;
    let n = gate.uploads.fetch_add(1, Ordering::Relaxed);
    let spooled = gate.spool.join(format!("upload-{n}.jsonl"));
    std::fs::write(&spooled, body).map_err(|e| ApiError::Internal(format!("spooling the upload: {e}")))?;
    let label = format!("api:upload-{n}");
    let items: Vec<storyline_ingest::Item> =
        storyline_ingest::Ingest::new(vec![spooled.clone()], storyline_ingest::IngestOptions::default()).collect();
    let _ = std::fs::remove_file(&spooled);

    let _writer = gate.writer.lock().unwrap_or_else(|e| e.into_inner());
    let mut store = Store::open(&gate.db)?;
    let known = store.known_keys()?;
    let opts = storyline_analysis::AnalyzeOptions::default();
    let mut analyses = Vec::new();
    let mut failed = Vec::new();
    let mut unchanged = 0;
    let received = items.len();
    for item in items {
        let mut doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                let line = e.origin().line.map(|l| format!(":{l}")).unwrap_or_default();
                failed.push(Failure { origin: format!("{label}{line}"), code: e.code().into(), reason: e.reason() });
                continue;
            }
        };
        doc.origin.path = Some(label.clone());
        if known.contains(&doc.content_key()) {
            unchanged += 1;
            continue;
        }
        match storyline_analysis::analyze(&doc, &opts) {
            Ok(a) => analyses.push(a),
            Err(e) => {
                failed.push(Failure { origin: doc.origin.to_string(), code: e.code().into(), reason: e.to_string() })
            }
        }
    }
    let stored: Vec<String> = analyses.iter().map(|a| storyline_store::article_id(a.content_key)).collect();
    let inserted = store.insert_batch(&analyses)?;
    // Two identical documents in one upload are one article.
    let mut stored = stored;
    stored.sort();
    stored.dedup();
    debug_assert!(inserted <= stored.len());
    Ok(IngestReport {
        received,
        stored,
        unchanged,
        failed,
        status: if inserted > 0 {
            "stored; stories, timeline and search update in the background"
        } else {
            "nothing new"
        },
    })
}

/// Runs the corpus passes if articles were added, then refreshes the search index.
pub(crate) fn catch_up(state: &AppState) -> Result<(), ApiError> {
    if let Some(gate) = &state.ingest {
        let _writer = gate.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut store = Store::open(&gate.db)?;
        if store.corpus_dirty()? {
            store.backfill_features(storyline_corpus::features)?;
            let docs = store.doc_summaries()?;
            let mut writer = store.corpus_writer()?;
            let cfg = storyline_corpus::CorpusConfig::default();
            let result = storyline_corpus::run(docs, &cfg, &store, &mut |batch| writer.statements(&batch))?;
            writer.finish(&result, &[])?;
            drop(result);
            let terms = store.meta("terms")?;
            let groups = storyline_corpus::coverage::TermGroups::stored(terms.as_deref());
            let mut tally = storyline_corpus::coverage::Tally::new(&groups);
            store.for_each_original_text(|outlet, title, text, spans| tally.add(outlet, title, text, spans))?;
            store.write_coverage(&tally.finish(), &[("terms", terms.unwrap_or_default())])?;
        }
    }
    state.pool.refresh()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison_needs_exact_match() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secre", b"secret"));
        assert!(!constant_time_eq(b"secretx", b"secret"));
        assert!(!constant_time_eq(b"", b""));
    }

    #[test]
    fn bucket_refuses_after_burst() {
        let g = IngestGate::new("t".into(), PathBuf::from("unused.db"), std::env::temp_dir());
        let admitted = (0..20).filter(|_| g.admit()).count();
        assert_eq!(admitted, BURST as usize);
    }
}
