//! A small pool of read-only connections, and the current search index.
//! Queries run on tokio's blocking threads: a connection is used by one
//! request at a time and returned to the pool afterwards.
//!
//! The search index is a snapshot. When another process changes the database
//! (`storyline analyze` adding articles), [`Pool::refresh`] builds a new index
//! and bumps the generation; a search already running keeps the old one.

use crate::facts::Facts;
use crate::search::SearchIndex;
use crate::{ApiError, AppState};
use rusqlite::InterruptHandle;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use storyline_store::{IndexStats, OutletRow, Store};

/// Queries running at once. SQLite work is CPU-bound once pages are mapped:
/// more queries than a few per core only queue in the kernel, each on a
/// connection of its own (opened under load, with a cold cache). Requests
/// beyond this wait for a turn without a thread; every turn reuses a warm
/// connection.
fn db_workers() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (n.get() * 2).clamp(4, 32))
}

/// Idle connections kept open beyond one per worker: for the index refresh
/// and warm-up that run outside the turns.
const SPARE_IDLE: usize = 2;

/// The current search index.
struct Index {
    generation: u64,
    path: PathBuf,
    fingerprint: Option<String>,
    search: Arc<SearchIndex>,
}

pub(crate) struct Pool {
    db: PathBuf,
    dir: PathBuf,
    index: RwLock<Index>,
    idle: Mutex<Vec<(u64, Store)>>,
    /// Serialises refreshes.
    refreshing: Mutex<()>,
    /// A connection kept to read `PRAGMA data_version` (see [`Pool::data_version`]).
    probe: Mutex<Option<Store>>,
    /// The outlet comparison and the data version it was computed at: it
    /// aggregates the whole corpus (seconds at 100,000 articles), so it is
    /// computed once per version, ahead of the first request ([`Pool::warm`]).
    outlets: Mutex<Option<(i64, Arc<Vec<OutletRow>>)>>,
    /// The statement listing's articles (see `facts.rs`), read once per data
    /// version, ahead of requests ([`Pool::warm`], [`Pool::keep_facts`]).
    facts: Mutex<Option<Arc<Facts>>>,
    /// How many rows each listing filter matches, for the data version it
    /// was counted at: paging through a filter counts it once.
    totals: Mutex<(Option<i64>, std::collections::HashMap<String, usize>)>,
    /// Statements' reports (listed at a cap) for the data version they were
    /// read at: a statement's reports are the same on every timeline page
    /// that lists it, so a page reads only the statements not seen yet.
    reports: Mutex<(Option<i64>, ReportMap)>,
    /// Turns to run a query (see [`db_workers`]).
    turns: Arc<tokio::sync::Semaphore>,
    /// Idle connections kept: one per turn and [`SPARE_IDLE`] (counted once:
    /// the core count is read from the system, not per request).
    max_idle: usize,
}

/// Prepared statements kept per pooled connection.
const STATEMENTS_CACHED: usize = 64;

/// Most listing totals remembered per data version.
const MAX_TOTALS: usize = 10_000;

/// Most statements whose reports are kept per data version (a few hundred
/// bytes each: a few tens of MB at most).
const MAX_REPORTS: usize = 100_000;

type ReportMap = std::collections::HashMap<(String, usize), (Arc<[storyline_store::Report]>, usize)>;

/// The pool's report cache as seen by one request, read at `version`
/// (from [`Pool::known_total`]): nothing read at another version is used or kept.
pub(crate) struct Reports<'p> {
    pool: &'p Pool,
    version: Option<i64>,
}

impl storyline_store::ReportCache for Reports<'_> {
    fn get(&self, statement: &str, cap: usize) -> Option<(Arc<[storyline_store::Report]>, usize)> {
        let version = self.version?;
        let cache = self.pool.reports.lock().unwrap_or_else(|e| e.into_inner());
        if cache.0 != Some(version) {
            return None;
        }
        cache.1.get(&(statement.to_string(), cap)).cloned()
    }

    fn put(&self, statement: &str, cap: usize, reports: &Arc<[storyline_store::Report]>, total: usize) {
        let Some(version) = self.version else { return };
        let mut cache = self.pool.reports.lock().unwrap_or_else(|e| e.into_inner());
        if cache.0 != Some(version) || cache.1.len() >= MAX_REPORTS {
            // Only a newer version replaces the cache (a slow request of an
            // older one must not wipe it).
            if cache.0.is_some_and(|v| v > version) {
                return;
            }
            *cache = (Some(version), ReportMap::new());
        }
        cache.1.insert((statement.to_string(), cap), (Arc::clone(reports), total));
    }
}

impl Pool {
    /// Builds the first index in `dir` (a directory the caller keeps alive).
    pub(crate) fn new(db: PathBuf, dir: PathBuf) -> Result<Pool, ApiError> {
        let fingerprint = Store::open_read_only(&db)?.data_fingerprint()?;
        let path = dir.join("search-0");
        let search = Arc::new(SearchIndex::build(&db, &path)?);
        let index = Index { generation: 0, path, fingerprint, search };
        let workers = db_workers();
        Ok(Pool {
            db,
            dir,
            index: RwLock::new(index),
            idle: Mutex::new(Vec::new()),
            refreshing: Mutex::new(()),
            probe: Mutex::new(None),
            outlets: Mutex::new(None),
            facts: Mutex::new(None),
            totals: Mutex::default(),
            reports: Mutex::default(),
            turns: Arc::new(tokio::sync::Semaphore::new(workers)),
            max_idle: workers + SPARE_IDLE,
        })
    }

    pub(crate) fn stats(&self) -> IndexStats {
        self.index.read().unwrap_or_else(|e| e.into_inner()).search.stats
    }

    /// The search index of the current data.
    pub(crate) fn search_index(&self) -> Arc<SearchIndex> {
        Arc::clone(&self.index.read().unwrap_or_else(|e| e.into_inner()).search)
    }

    /// The data version the response cache is keyed by: SQLite's
    /// `data_version` on one long-lived connection (it changes whenever
    /// another connection commits) and the search index generation. A few
    /// microseconds: it reads the WAL index in shared memory. `None` if the
    /// database cannot be read.
    pub(crate) fn data_version(&self) -> Option<crate::cache::Version> {
        let generation = self.current().0;
        let mut probe = self.probe.lock().unwrap_or_else(|e| e.into_inner());
        if probe.is_none() {
            *probe = Store::open_read_only(&self.db).ok();
        }
        // Prepared once: every request asks (the response cache), so parsing
        // the pragma each time was a tenth of a cache hit's time.
        let version = probe
            .as_ref()?
            .connection()
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut st| st.query_row([], |r| r.get::<_, i64>(0)));
        match version {
            Ok(v) => Some((v, generation)),
            Err(_) => {
                *probe = None;
                None
            }
        }
    }

    /// The data version now, and the number of rows `key` (a listing and
    /// its filter) matched in it, if already counted.
    pub(crate) fn known_total(&self, key: &str) -> (Option<i64>, Option<usize>) {
        let Some(version) = self.data_version().map(|v| v.0) else { return (None, None) };
        let totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        if totals.0 != Some(version) {
            return (Some(version), None);
        }
        (Some(version), totals.1.get(key).copied())
    }

    /// The report cache for a request that read the data at `version`.
    pub(crate) fn reports(&self, version: Option<i64>) -> Reports<'_> {
        Reports { pool: self, version }
    }

    /// Remembers a listing's count, made at data version `counted_at` (from
    /// [`Pool::known_total`]), unless the data has changed since.
    pub(crate) fn remember_total(&self, counted_at: Option<i64>, key: String, total: usize) {
        let Some(version) = self.data_version().map(|v| v.0) else { return };
        if counted_at != Some(version) {
            return;
        }
        let mut totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        if totals.0 != Some(version) || totals.1.len() >= MAX_TOTALS {
            *totals = (Some(version), Default::default());
        }
        totals.1.insert(key, total);
    }

    /// The outlet comparison for the current data, computed with `store`
    /// unless already known.
    pub(crate) fn outlets(&self, store: &Store) -> Result<Arc<Vec<OutletRow>>, ApiError> {
        let version = self.data_version().map(|v| v.0);
        if let Some((v, rows)) = &*self.outlets.lock().unwrap_or_else(|e| e.into_inner())
            && Some(*v) == version
        {
            return Ok(Arc::clone(rows));
        }
        let rows = Arc::new(store.outlets(crate::api::VOICES)?);
        if let Some(v) = version {
            *self.outlets.lock().unwrap_or_else(|e| e.into_inner()) = Some((v, Arc::clone(&rows)));
        }
        Ok(rows)
    }

    /// Computes what is costly to compute on a first request (the outlet
    /// comparison, the listing's articles), so that no visitor waits for it.
    pub(crate) fn warm(&self) -> Result<(), ApiError> {
        let started = std::time::Instant::now();
        let (generation, store) = self.get()?;
        self.outlets(&store)?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, "outlet comparison computed");
        self.read_facts(&store)?;
        self.put(generation, store);
        Ok(())
    }

    /// The statement listing's articles, if read at the current data version.
    pub(crate) fn facts(&self) -> Option<Arc<Facts>> {
        let version = self.data_version()?.0;
        let facts = self.facts.lock().unwrap_or_else(|e| e.into_inner()).clone()?;
        (facts.version() == version).then_some(facts)
    }

    /// Reads the listing's articles again if the data changed since they were read.
    pub(crate) fn keep_facts(&self) -> Result<(), ApiError> {
        if self.facts().is_some() || self.data_version().is_none() {
            return Ok(());
        }
        let (generation, store) = self.get()?;
        self.read_facts(&store)?;
        self.put(generation, store);
        Ok(())
    }

    fn read_facts(&self, store: &Store) -> Result<(), ApiError> {
        let started = std::time::Instant::now();
        let Some(before) = self.data_version() else { return Ok(()) };
        // One snapshot for both queries of `article_facts`.
        let conn = store.connection();
        conn.execute_batch("BEGIN").map_err(storyline_store::StoreError::from)?;
        let rows = store.article_facts();
        let _ = conn.execute_batch("COMMIT");
        let rows = rows?;
        // Kept only if nothing was committed meanwhile: the facts are then
        // those of version `before`.
        if self.data_version().map(|v| v.0) == Some(before.0) {
            let n = rows.len();
            *self.facts.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(Facts::new(before.0, rows)));
            tracing::info!(articles = n, ms = started.elapsed().as_millis() as u64, "listing facts read");
        }
        Ok(())
    }

    fn current(&self) -> (u64, PathBuf) {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        (index.generation, index.path.clone())
    }

    fn get(&self) -> Result<(u64, Store), ApiError> {
        let (generation, _) = self.current();
        {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.retain(|(g, _)| *g == generation);
            if let Some(found) = idle.pop() {
                return Ok(found);
            }
        }
        let store = Store::open_read_only(&self.db)?;
        // Every listing's statements stay prepared on a warm connection
        // (the default keeps 16: fewer than the listings and their filters).
        store.connection().set_prepared_statement_cache_capacity(STATEMENTS_CACHED);
        Ok((generation, store))
    }

    fn put(&self, generation: u64, store: Store) {
        let current = self.current().0;
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if generation == current && idle.len() < self.max_idle {
            idle.push((generation, store));
        }
    }

    /// Rebuilds the search index if the database changed since the last
    /// build (and is not half-way through an analysis). Returns whether it did.
    pub(crate) fn refresh(&self) -> Result<bool, ApiError> {
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        let Some(now) = Store::open_read_only(&self.db)?.data_fingerprint()? else { return Ok(false) };
        let (generation, old_path) = {
            let index = self.index.read().unwrap_or_else(|e| e.into_inner());
            if index.fingerprint.as_deref() == Some(now.as_str()) {
                return Ok(false);
            }
            (index.generation, index.path.clone())
        };
        let next = generation + 1;
        let path = self.dir.join(format!("search-{next}"));
        let search = Arc::new(SearchIndex::build(&self.db, &path)?);
        let stats = search.stats;
        *self.index.write().unwrap_or_else(|e| e.into_inner()) =
            Index { generation: next, path, fingerprint: Some(now), search };
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
        // A search still running keeps the old files open (mapped); on Unix
        // the names can go now, elsewhere they go with the temporary directory.
        let _ = std::fs::remove_dir_all(&old_path);
        tracing::info!(generation = next, articles = stats.articles, quotes = stats.quotes, "search index rebuilt");
        Ok(true)
    }
}

/// Runs `f` with a pooled connection on a blocking thread. If the caller
/// stops waiting (the request deadline passed, the client went away), the
/// query is interrupted: SQLite returns an error at its next step and the
/// connection is closed rather than reused.
pub(crate) async fn with_store<T, F>(state: &Arc<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let state = Arc::clone(state);
    let running: Arc<Mutex<Option<InterruptHandle>>> = Arc::default();
    let guard = InterruptOnDrop(Arc::clone(&running));
    // Held by the blocking task, so a request that stops waiting still
    // counts until its interrupted query has returned.
    let turn = Arc::clone(&state.pool.turns)
        .acquire_owned()
        .await
        .map_err(|e| ApiError::Internal(format!("query turns closed: {e}")))?;
    let out = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let (generation, store) = state.pool.get()?;
        *running.lock().unwrap_or_else(|e| e.into_inner()) = Some(store.connection().get_interrupt_handle());
        // One read transaction per request: every query of it sees the same
        // snapshot, and a page of 50 lookups opens one read, not 50.
        let conn = store.connection();
        let began = conn.execute_batch("BEGIN").is_ok();
        let out = f(&store);
        if began {
            let _ = conn.execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        }
        running.lock().unwrap_or_else(|e| e.into_inner()).take();
        // A connection whose SQL failed, or still inside a transaction, may
        // be in a bad state: drop it.
        if !matches!(out, Err(ApiError::Store(_))) && conn.is_autocommit() {
            state.pool.put(generation, store);
        }
        out
    })
    .await
    .map_err(|e| ApiError::Internal(format!("query task failed: {e}")))?;
    drop(guard);
    out
}

/// Interrupts the query still running when the waiting future is dropped.
struct InterruptOnDrop(Arc<Mutex<Option<InterruptHandle>>>);

impl Drop for InterruptOnDrop {
    fn drop(&mut self) {
        if let Some(handle) = self.0.lock().unwrap_or_else(|e| e.into_inner()).take() {
            handle.interrupt();
        }
    }
}
