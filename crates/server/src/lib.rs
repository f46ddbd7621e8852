//! server: here is a database, answer HTTP with JSON and readable pages.
//!
//! `storyline serve` opens the database read-only, builds a full-text index
//! (SQLite FTS5) in a temporary file, and serves a JSON API under `/api/` and
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
mod db;
mod error;
pub mod html;
mod ingest;
mod pages;

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
}

impl ServeConfig {
    pub fn new(db: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig { db: db.into(), listen: SocketAddr::from(([127, 0, 0, 1], 8080)), ingest_token: None }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] storyline_store::StoreError),
    #[error("cannot create the search index in a temporary directory: {0}")]
    TempDir(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Largest request body accepted (the ingest endpoint's documents).
pub const MAX_BODY_BYTES: usize = 2 << 20;

const CSP: &str = "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self'; img-src 'self'; \
                   font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Shared by every handler.
pub(crate) struct AppState {
    pub(crate) pool: db::Pool,
    pub(crate) ingest: Option<ingest::IngestGate>,
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
    let pool = db::Pool::new(cfg.db.clone(), dir.path().to_path_buf())?;
    let indexed = pool.stats();
    tracing::info!(
        articles = indexed.articles,
        quotes = indexed.quotes,
        ms = started.elapsed().as_millis() as u64,
        "search index built"
    );
    let ingest = cfg.ingest_token.clone().map(|t| ingest::IngestGate::new(t, cfg.db.clone(), dir.path().to_path_buf()));
    Ok(Arc::new(AppState { pool, ingest, _index_dir: dir }))
}

/// Rebuilds the search index whenever the database changes under the server.
async fn refresh_loop(state: Arc<AppState>) {
    let mut tick = tokio::time::interval(REFRESH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        let st = Arc::clone(&state);
        match tokio::task::spawn_blocking(move || st.pool.refresh()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not refresh the search index"),
            Err(e) => tracing::warn!(error = %e, "search index refresh panicked"),
        }
    }
}

/// Every route, with the middleware stack.
fn router(state: Arc<AppState>) -> Router {
    let mut app = Router::new().merge(api::routes()).merge(pages::routes());
    if state.ingest.is_some() {
        app = app.route("/api/documents", axum::routing::post(ingest::post_documents));
    }
    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(middleware::from_fn(etag))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path();
    let err = ApiError::NotFound(format!("no route for {path}"));
    if path == "/api" || path.starts_with("/api/") {
        err.into_response()
    } else {
        pages::PageError(err).into_response()
    }
}

async fn method_not_allowed(req: Request) -> Response {
    let err = ApiError::MethodNotAllowed(format!("{} is not allowed on {}", req.method(), req.uri().path()));
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        err.into_response()
    } else {
        pages::PageError(err).into_response()
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
    parts.headers.insert(header::ETAG, value.clone());
    parts.headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache"));
    let matches = if_none_match
        .is_some_and(|inm| inm.split(',').map(str::trim).any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag));
    if matches {
        let mut not_modified = Response::new(Body::empty());
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
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
    let thread = std::thread::Builder::new().name("storyline-serve".into()).spawn(move || {
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::spawn(refresh_loop(Arc::clone(&state)));
            axum::serve(listener, router(state)).with_graceful_shutdown(async move { drop(rx.await) }).await?;
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
    runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        tokio::spawn(refresh_loop(Arc::clone(&state)));
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
