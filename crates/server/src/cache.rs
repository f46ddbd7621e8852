//! Whole-response cache for GET requests, keyed by the request (URI and
//! `Accept-Encoding`) and valid for one version of the data.
//!
//! The version is SQLite's `PRAGMA data_version` read on a connection kept
//! for the purpose (it changes as soon as any other connection or process
//! commits) plus the search index generation, so a cached response is never
//! older than what a fresh query would read: another process analysing into
//! the database, or `POST /api/documents`, empties the cache on the next
//! request. Bodies are stored as sent (gzip or not) with their ETag, so a hit
//! costs a hash-map lookup and answers `If-None-Match` itself.

use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// What a cached response depends on: the database's data version and the
/// search index generation.
pub(crate) type Version = (i64, u64);

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    accept_encoding: String,
}

struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Inner {
    version: Option<Version>,
    map: HashMap<Key, Arc<Entry>>,
    /// Insertion order, for evicting the oldest entries first.
    order: VecDeque<Key>,
    bytes: usize,
}

pub(crate) struct ResponseCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
    /// One lock per key being computed: concurrent misses on the same
    /// request wait for the first one instead of all running the same SQL
    /// (200 clients asking for the same cold page at once).
    inflight: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

impl ResponseCache {
    /// A cache holding at most `max_bytes` of bodies (0 disables it).
    pub(crate) fn new(max_bytes: usize) -> ResponseCache {
        ResponseCache { max_bytes, inner: Mutex::new(Inner::default()), inflight: Mutex::default() }
    }

    fn get(&self, key: &Key, version: Version) -> Option<Arc<Entry>> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version != Some(version) {
            *inner = Inner { version: Some(version), ..Inner::default() };
            return None;
        }
        inner.map.get(key).cloned()
    }

    fn put(&self, key: Key, version: Version, entry: Entry) {
        let size = entry.body.len() + key.uri.len() + 256;
        // One huge response must not flush everything else.
        if size > self.max_bytes / 8 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version != Some(version) {
            // The data changed while this response was being built.
            return;
        }
        while inner.bytes + size > self.max_bytes {
            let Some(old) = inner.order.pop_front() else { break };
            if let Some(e) = inner.map.remove(&old) {
                inner.bytes -= e.body.len() + old.uri.len() + 256;
            }
        }
        if inner.map.insert(key.clone(), Arc::new(entry)).is_none() {
            inner.order.push_back(key);
            inner.bytes += size;
        }
    }
}

/// Serves a GET from the cache when the data has not changed since it was
/// stored; otherwise runs the request and stores a 200 answer.
pub(crate) async fn middleware(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let cache = &state.cache;
    if cache.max_bytes == 0 || req.method() != Method::GET || req.headers().contains_key(header::AUTHORIZATION) {
        return next.run(req).await;
    }
    // A probe failure (database gone) just bypasses the cache; the handler reports it.
    let Some(version) = state.pool.data_version() else { return next.run(req).await };
    let key = Key {
        uri: req.uri().to_string(),
        accept_encoding: header_str(req.headers(), header::ACCEPT_ENCODING).to_owned(),
    };
    let if_none_match = header_str(req.headers(), header::IF_NONE_MATCH).to_owned();
    if let Some(hit) = cache.get(&key, version) {
        return hit.response(&if_none_match);
    }
    let gate = Arc::clone(cache.inflight.lock().unwrap_or_else(|e| e.into_inner()).entry(key.clone()).or_default());
    let turn = gate.lock().await;
    if let Some(hit) = cache.get(&key, version) {
        return hit.response(&if_none_match);
    }
    let res = next.run(req).await;
    let done = || {
        let mut inflight = cache.inflight.lock().unwrap_or_else(|e| e.into_inner());
        if inflight.get(&key).is_some_and(|g| Arc::ptr_eq(g, &gate)) {
            inflight.remove(&key);
        }
    };
    if res.status() != StatusCode::OK {
        drop(turn);
        done();
        return res;
    }
    let (parts, body) = res.into_parts();
    // The ETag layer inside has already buffered the body: this is a copy of a `Bytes`.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return crate::error_response(&key.uri, crate::ApiError::Internal("reading response body".into()));
    };
    cache.put(
        key.clone(),
        version,
        Entry { status: parts.status, headers: parts.headers.clone(), body: bytes.clone() },
    );
    drop(turn);
    done();
    Response::from_parts(parts, Body::from(bytes))
}

impl Entry {
    /// The stored response, or a 304 when the client already has it.
    fn response(&self, if_none_match: &str) -> Response {
        let tag = header_str(&self.headers, header::ETAG);
        if !tag.is_empty() && crate::etag_matches(if_none_match, tag) {
            return crate::not_modified(&self.headers);
        }
        let mut res = Response::new(Body::from(self.body.clone()));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers.clone();
        res
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry { status: StatusCode::OK, headers: HeaderMap::new(), body: Bytes::from(vec![b'x'; n]) }
    }

    fn key(uri: &str) -> Key {
        Key { uri: uri.into(), accept_encoding: String::new() }
    }

    #[test]
    fn a_new_data_version_empties_the_cache() {
        let c = ResponseCache::new(1 << 20);
        assert!(c.get(&key("/a"), (1, 0)).is_none());
        c.put(key("/a"), (1, 0), entry(10));
        assert!(c.get(&key("/a"), (1, 0)).is_some());
        assert!(c.get(&key("/a"), (2, 0)).is_none(), "database changed");
        c.put(key("/a"), (2, 0), entry(10));
        assert!(c.get(&key("/a"), (2, 1)).is_none(), "search index rebuilt");
        // A response built while the data changed is not stored under the old version.
        c.put(key("/b"), (2, 0), entry(10));
        assert!(c.get(&key("/b"), (2, 1)).is_none());
    }

    #[test]
    fn oldest_entries_go_first_and_size_is_bounded() {
        let c = ResponseCache::new(8 * 1024);
        assert!(c.get(&key("/"), (1, 0)).is_none());
        for i in 0..20 {
            c.put(key(&format!("/{i}")), (1, 0), entry(700));
        }
        let inner = c.inner.lock().unwrap();
        assert!(inner.bytes <= 8 * 1024, "{}", inner.bytes);
        assert!(inner.map.contains_key(&key("/19")) && !inner.map.contains_key(&key("/0")));
        drop(inner);
        c.put(key("/huge"), (1, 0), entry(2000));
        assert!(c.get(&key("/huge"), (1, 0)).is_none(), "too big to cache");
    }
}
