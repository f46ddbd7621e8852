//! A small pool of read-only connections, each with the search index
//! attached. Queries run on tokio's blocking threads: a connection is used by
//! one request at a time and returned to the pool afterwards.
//!
//! The search index is a snapshot. When another process changes the database
//! (`storyline analyze` adding articles), [`Pool::refresh`] builds a new index
//! file and bumps the generation; connections of an older generation are
//! closed instead of reused.

use crate::{ApiError, AppState};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use storyline_store::{IndexStats, Store};

/// Idle connections kept open; more are opened under load and closed after.
const MAX_IDLE: usize = 8;

/// The current search index file.
struct Index {
    generation: u64,
    path: PathBuf,
    fingerprint: Option<String>,
    stats: IndexStats,
}

pub(crate) struct Pool {
    db: PathBuf,
    dir: PathBuf,
    index: RwLock<Index>,
    idle: Mutex<Vec<(u64, Store)>>,
    /// Serialises refreshes.
    refreshing: Mutex<()>,
}

impl Pool {
    /// Builds the first index in `dir` (a directory the caller keeps alive).
    pub(crate) fn new(db: PathBuf, dir: PathBuf) -> Result<Pool, storyline_store::StoreError> {
        let fingerprint = Store::open_read_only(&db)?.data_fingerprint()?;
        let path = dir.join("search-0.db");
        let stats = storyline_store::build_search_index(&db, &path)?;
        let index = Index { generation: 0, path, fingerprint, stats };
        Ok(Pool { db, dir, index: RwLock::new(index), idle: Mutex::new(Vec::new()), refreshing: Mutex::new(()) })
    }

    pub(crate) fn stats(&self) -> IndexStats {
        self.index.read().unwrap_or_else(|e| e.into_inner()).stats
    }

    fn current(&self) -> (u64, PathBuf) {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        (index.generation, index.path.clone())
    }

    fn get(&self) -> Result<(u64, Store), ApiError> {
        let (generation, path) = self.current();
        {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.retain(|(g, _)| *g == generation);
            if let Some(found) = idle.pop() {
                return Ok(found);
            }
        }
        Ok((generation, open(&self.db, &path)?))
    }

    fn put(&self, generation: u64, store: Store) {
        let current = self.current().0;
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if generation == current && idle.len() < MAX_IDLE {
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
        let path = self.dir.join(format!("search-{next}.db"));
        let stats = storyline_store::build_search_index(&self.db, &path)?;
        *self.index.write().unwrap_or_else(|e| e.into_inner()) =
            Index { generation: next, path, fingerprint: Some(now), stats };
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
        // Connections still running a query keep the old file open; on Unix
        // the name can go now, elsewhere it goes with the temporary directory.
        let _ = std::fs::remove_file(&old_path);
        tracing::info!(generation = next, articles = stats.articles, quotes = stats.quotes, "search index rebuilt");
        Ok(true)
    }
}

fn open(db: &Path, index: &Path) -> Result<Store, ApiError> {
    let store = Store::open_read_only(db)?;
    store.attach_search_index(index)?;
    Ok(store)
}

/// Runs `f` with a pooled connection on a blocking thread.
pub(crate) async fn with_store<T, F>(state: &Arc<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let (generation, store) = state.pool.get()?;
        let out = f(&store);
        // A connection whose SQL failed may be in a bad state: drop it.
        if !matches!(out, Err(ApiError::Store(_))) {
            state.pool.put(generation, store);
        }
        out
    })
    .await
    .map_err(|e| ApiError::Internal(format!("query task failed: {e}")))?
}
