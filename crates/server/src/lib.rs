//! server: here is a database, answer HTTP with JSON and readable pages.
//!
//! `storyline serve` opens the database read-only, builds a full-text index
//! (tantivy, `search.rs`) in a temporary directory, and serves a JSON API under `/api/` and
//! server-rendered HTML pages that work without JavaScript. Every handler runs
//! its SQL on a blocking thread with a pooled read-only connection
//! (`rusqlite::Connection` is `Send` but not `Sync`). Every response carries an
//! ETag (hash of its body) and a strict Content-Security-Policy; HTML escapes
//! every interpolated value through one helper ([`html::esc`]).
//!
//! Listings read the live database, so another process analysing into it is
//! visible at once; the search index is rebuilt when the data changes (checked
//! every few seconds). With an ingest token, `POST /api/documents` is the one
//! path that writes (see `ingest.rs`).

mod api;
mod cache;
mod db;
mod error;
mod facts;
pub mod html;
mod ingest;
mod pages;
mod search;

pub use error::ApiError;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// How `storyline serve` runs.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The database written by `storyline analyze`.
    pub db: PathBuf,
    /// Address to listen on (default 127.0.0.1:8080).
    pub listen: SocketAddr,
    /// Enables `POST /api/documents` for clients presenting this bearer token.
    pub ingest_token: Option<String>,
    /// Longest a request may take before it is answered 503 `timeout` (its
    /// SQL is interrupted). Default [`REQUEST_TIMEOUT`].
    pub request_timeout: Duration,
    /// Bytes of whole responses kept for repeated GETs while the data does
    /// not change (0 turns the cache off). Default [`CACHE_BYTES`].
    pub cache_bytes: usize,
}

impl ServeConfig {
    pub fn new(db: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig {
            db: db.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            ingest_token: None,
            request_timeout: REQUEST_TIMEOUT,
            cache_bytes: CACHE_BYTES,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] storyline_store::StoreError),
    #[error("cannot build the search index: {0}")]
    Search(ApiError),
    #[error("cannot create the search index in a temporary directory: {0}")]
    TempDir(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Largest request body accepted (the ingest endpoint's documents).
pub const MAX_BODY_BYTES: usize = 2 << 20;

/// Default for [`ServeConfig::cache_bytes`].
pub const CACHE_BYTES: usize = 64 << 20;

/// Default for [`ServeConfig::request_timeout`].
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

const CSP: &str = "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self'; img-src 'self'; \
                   font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Shared by every handler.
pub(crate) struct AppState {
    pub(crate) pool: db::Pool,
    pub(crate) ingest: Option<ingest::IngestGate>,
    pub(crate) cache: cache::ResponseCache,
    /// Holds the search index files; removed when the server stops.
    _index_dir: tempfile::TempDir,
}

/// How often the server checks whether the database changed under it.
const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// Opens the database and builds the search index: everything that can fail
/// before the first request.
fn prepare(cfg: &ServeConfig) -> Result<Arc<AppState>, ServeError> {
    let started = Instant::now();
    let dir = tempfile::Builder::new().prefix("storyline-serve").tempdir().map_err(ServeError::TempDir)?;
    let pool = db::Pool::new(cfg.db.clone(), dir.path().to_path_buf()).map_err(|e| match e {
        ApiError::Store(e) => ServeError::Store(e),
        e => ServeError::Search(e),
    })?;
    let indexed = pool.stats();
    tracing::info!(
        articles = indexed.articles,
        quotes = indexed.quotes,
        ms = started.elapsed().as_millis() as u64,
        "search index built"
    );
    let ingest = cfg.ingest_token.clone().map(|t| ingest::IngestGate::new(t, cfg.db.clone(), dir.path().to_path_buf()));
    let cache = cache::ResponseCache::new(cfg.cache_bytes);
    Ok(Arc::new(AppState { pool, ingest, cache, _index_dir: dir }))
}

/// Rebuilds the search index whenever the database changes under the server.
async fn refresh_loop(state: Arc<AppState>) {
    let mut tick = tokio::time::interval(REFRESH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        let st = Arc::clone(&state);
        match tokio::task::spawn_blocking(move || {
            st.pool.refresh().and_then(|changed| if changed { st.pool.warm() } else { st.pool.keep_facts() })
        })
        .await
        {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not refresh the search index"),
            Err(e) => tracing::warn!(error = %e, "search index refresh panicked"),
        }
    }
}

/// Computes, in the background, what would make a first request slow.
fn warm(state: Arc<AppState>) -> impl FnOnce() + Send + 'static {
    move || {
        if let Err(e) = state.pool.warm() {
            tracing::warn!(error = %e, "could not precompute the outlet comparison");
        }
    }
}

/// Every route, with the middleware stack. Outermost first: security
/// headers, the deadline, the response cache, the ETag (of the body as sent,
/// so a gzip body and a plain one have different tags), gzip, the body
/// limit, then the routes. The stack wraps the router once (`Router::layer`
/// would wrap each route, and axum clones a route's whole stack, a box per
/// layer, on every request).
fn router(state: Arc<AppState>, timeout: Duration) -> Router {
    let mut app = Router::new().merge(api::routes()).merge(pages::routes());
    if state.ingest.is_some() {
        app = app.route("/api/documents", axum::routing::post(ingest::post_documents));
    }
    let routes = app.fallback(not_found).method_not_allowed_fallback(method_not_allowed).with_state(Arc::clone(&state));
    let stack = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(middleware::from_fn(move |req: Request, next: Next| deadline(timeout, req, next)))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), cache::middleware))
        .layer(middleware::from_fn(etag))
        .layer(CompressionLayer::new().gzip(true).compress_when(DefaultPredicate::new()))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .service(routes);
    Router::new().fallback_service(stack)
}

/// An error as JSON under `/api/`, as an HTML page elsewhere.
fn error_response(path: &str, err: ApiError) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        err.into_response()
    } else {
        pages::PageError(err).into_response()
    }
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path();
    error_response(path, ApiError::NotFound(format!("no route for {path}")))
}

async fn method_not_allowed(req: Request) -> Response {
    let err = ApiError::MethodNotAllowed(format!("{} is not allowed on {}", req.method(), req.uri().path()));
    error_response(req.uri().path(), err)
}

/// Answers 503 `timeout` when a request takes longer than `limit`. Dropping
/// the handler's future interrupts its SQL (see `db::with_store`), so a
/// runaway query does not keep a blocking thread busy.
async fn deadline(limit: Duration, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(path, ms = limit.as_millis() as u64, "request timed out");
            error_response(&path, ApiError::Timeout(limit.as_millis()))
        }
    }
}

/// ETag on every successful GET: a hash of the body. A matching
/// `If-None-Match` gets 304 without a body. Responses are small (pages and
/// paginated listings), so buffering them costs little.
async fn etag(req: Request, next: Next) -> Response {
    let cacheable = req.method() == Method::GET || req.method() == Method::HEAD;
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let res = next.run(req).await;
    if !cacheable || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 << 20).await {
        Ok(b) => b,
        Err(e) => return ApiError::Internal(format!("reading response body: {e}")).into_response(),
    };
    let tag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&bytes));
    let value = HeaderValue::from_str(&tag).expect("hex is a valid header value");
    parts.headers.insert(header::ETAG, value);
    parts.headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache"));
    if if_none_match.is_some_and(|inm| etag_matches(&inm, &tag)) {
        return not_modified(&parts.headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether an `If-None-Match` value names `tag` (weak comparison).
pub(crate) fn etag_matches(if_none_match: &str, tag: &str) -> bool {
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    if_none_match.split(',').map(str::trim).any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}

/// A 304 carrying the validators of the full response's `headers`.
pub(crate) fn not_modified(headers: &axum::http::HeaderMap) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::NOT_MODIFIED;
    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
        if let Some(v) = headers.get(&name) {
            res.headers_mut().insert(name, v.clone());
        }
    }
    res
}

/// A server running on a background thread; stops when dropped.
pub struct RunningServer {
    addr: SocketAddr,
    state: Arc<AppState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl RunningServer {
    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Rebuilds the search index now if the database changed (the server
    /// also checks every few seconds by itself). Returns whether it did.
    pub fn refresh_search_index(&self) -> Result<bool, ApiError> {
        self.state.pool.refresh()
    }

    /// Computes now what the server otherwise computes in the background
    /// after starting and after each change (the outlet comparison, the
    /// statement listing's articles), so that the next requests use it.
    pub fn warm(&self) -> Result<(), ApiError> {
        self.state.pool.warm()
    }

    /// Stops accepting, finishes in-flight requests and waits.
    pub fn stop(mut self) -> Result<(), ServeError> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => {
                t.join().unwrap_or_else(|_| Err(ServeError::Io(std::io::Error::other("server thread panicked"))))
            }
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, ServeError> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("storyline-serve").build()?)
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServeError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Starts serving on a background thread and returns once the socket is bound.
pub fn start(cfg: ServeConfig) -> Result<RunningServer, ServeError> {
    let state = prepare(&cfg)?;
    let listener = bind(cfg.listen)?;
    let addr = listener.local_addr()?;
    let rt = runtime()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let shared = Arc::clone(&state);
    let timeout = cfg.request_timeout;
    let thread = std::thread::Builder::new().name("storyline-serve".into()).spawn(move || {
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::spawn(refresh_loop(Arc::clone(&state)));
            tokio::task::spawn_blocking(warm(Arc::clone(&state)));
            axum::serve(listener, router(state, timeout)).with_graceful_shutdown(async move { drop(rx.await) }).await?;
            Ok(())
        })
    })?;
    Ok(RunningServer { addr, state: shared, shutdown: Some(tx), thread: Some(thread) })
}

/// Serves until Ctrl-C. Builds its own tokio runtime, so callers stay synchronous.
pub fn run(cfg: ServeConfig) -> Result<(), ServeError> {
    let state = prepare(&cfg)?;
    let listener = bind(cfg.listen)?;
    let addr = listener.local_addr()?;
    eprintln!(
        "storyline: serving {} on http://{addr}/ ({} articles and {} quotes indexed; Ctrl-C stops)",
        cfg.db.display(),
        state.pool.stats().articles,
        state.pool.stats().quotes
    );
    let timeout = cfg.request_timeout;
    runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        tokio::spawn(refresh_loop(Arc::clone(&state)));
        tokio::task::spawn_blocking(warm(Arc::clone(&state)));
        axum::serve(listener, router(state, timeout))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
