//! The JSON API under `/api/`. Listings are paginated with `limit` and
//! `offset` and answer `{total, limit, offset, next_offset, items}`; single
//! resources answer the object itself. Field names follow the output contract
//! of the CLI listings (PRODUCT.md), with more fields where useful.

use crate::db::with_store;
use crate::search::{SearchRequest, parse_terms};
use crate::{ApiError, AppState};
use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use std::sync::Arc;
use storyline_store::{
    ArticleRow, EntityRow, Filter, OutletRow, Paging, QuoteFilter, QuoteRow, SearchResults, Store, StoryRow,
    TimelineRow,
};

pub(crate) const DEFAULT_LIMIT: usize = 50;
pub(crate) const MAX_LIMIT: usize = 500;
/// Most rows each list inside a detail response (story, entity) holds; the
/// response says how many there are and the listing endpoint to page further.
pub(crate) const DETAIL_ROWS: usize = 100;
/// Most reports listed per statement in a timeline (`reports=N` for up to
/// [`MAX_LIMIT`]); `reports_total` says how many there are, and
/// `/api/statements?statement=ID&duplicates=true` lists them all.
pub(crate) const REPORTS_LISTED: usize = 10;
const OPENAPI: &str = include_str!("../assets/openapi.json");

/// A JSON response, serialised into one growing buffer. (axum's `Json`
/// writes through `BytesMut` a few bytes per call: a tenth of the cost of a
/// page of search hits.)
pub(crate) struct Json<T>(pub(crate) T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(4096);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response(),
            Err(e) => ApiError::Internal(format!("response not serialisable: {e}")).into_response(),
        }
    }
}

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api", get(index))
        .route("/api/", get(index))
        .route("/api/openapi.json", get(openapi))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/statements", get(statements))
        .route("/api/timeline", get(timeline))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/outlets", get(outlets))
        .route("/api/search", get(search))
}

/// Query parameters, parsed by hand so that every bad value becomes a JSON
/// 400 naming the parameter.
#[derive(Clone, Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::BadRequest(format!("query string: {}", e.body_text())))?;
        Ok(Params(pairs))
    }
}

impl Params {
    /// A non-empty, trimmed parameter value.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
    }

    fn number(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse::<usize>()
                    .map_err(|_| ApiError::BadRequest(format!("{name} must be a non-negative integer, not {v:?}")))
            })
            .transpose()
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name).as_deref() {
            None | Some("false" | "0" | "no") => Ok(false),
            Some("true" | "1" | "yes") => Ok(true),
            Some(v) => Err(ApiError::BadRequest(format!("{name} must be true or false, not {v:?}"))),
        }
    }

    /// `order=desc` (latest first) or `order=asc` (the default).
    fn desc(&self) -> Result<bool, ApiError> {
        match self.get("order").as_deref() {
            None | Some("asc") => Ok(false),
            Some("desc") => Ok(true),
            Some(o) => Err(ApiError::BadRequest(format!("order must be asc or desc, not {o:?}"))),
        }
    }

    pub(crate) fn page(&self) -> Result<PageReq, ApiError> {
        let limit = self.number("limit")?.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_LIMIT}")));
        }
        Ok(PageReq { limit, offset: self.number("offset")?.unwrap_or(0) })
    }

    fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(None) };
        let ok = v.len() >= 4
            && v.len() <= 10
            && v.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
            && matches!(v.len(), 4 | 7 | 10);
        if !ok {
            return Err(ApiError::BadRequest(format!(
                "{name} must be a date like 2025, 2025-03 or 2025-03-14, not {v:?}"
            )));
        }
        Ok(Some(v))
    }

    /// The listing filter shared by articles, statements, timeline and stories.
    pub(crate) fn filter(&self) -> Result<Filter, ApiError> {
        Ok(Filter {
            speaker: self.get("speaker"),
            entity: self.get("entity"),
            story: self.get("story"),
            outlet: self.get("outlet"),
            since: self.date("since")?,
            until: self.date("until")?,
            limit: None,
            include_duplicates: self.flag("duplicates")?,
        })
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PageReq {
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

/// One page of a listing.
#[derive(Serialize)]
pub(crate) struct Page<T> {
    pub(crate) total: usize,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) next_offset: Option<usize>,
    pub(crate) items: Vec<T>,
}

impl<T> Page<T> {
    /// A page already cut by SQL, with the total it was cut from.
    pub(crate) fn counted(items: Vec<T>, total: usize, req: PageReq) -> Page<T> {
        let end = req.offset.saturating_add(items.len());
        Page { total, limit: req.limit, offset: req.offset, next_offset: (end < total).then_some(end), items }
    }

    /// A page cut from every matching row.
    pub(crate) fn of(rows: Vec<T>, req: PageReq) -> Page<T> {
        let total = rows.len();
        let items: Vec<T> = rows.into_iter().skip(req.offset).take(req.limit).collect();
        let end = req.offset.saturating_add(items.len());
        Page { total, limit: req.limit, offset: req.offset, next_offset: (end < total).then_some(end), items }
    }
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::NotFound(format!("no {what} with id {id:?}"))
}

async fn index() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "openapi": "/api/openapi.json",
        "endpoints": ["/api/articles", "/api/articles/{id}", "/api/statements", "/api/timeline", "/api/stories",
                      "/api/stories/{id}", "/api/entities", "/api/entities/{id}", "/api/outlets", "/api/search?q="],
    }))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], OPENAPI).into_response()
}

/// A page of articles; `order=desc` for the newest first (pages pass `desc`).
pub(crate) fn list_articles(s: &Store, p: &Params, desc: bool) -> Result<Page<ArticleRow>, ApiError> {
    let page = p.page()?;
    let paging = Paging { offset: page.offset, limit: page.limit, desc: desc || p.desc()? };
    let (rows, total) = s.articles_page(&p.filter()?, paging)?;
    Ok(Page::counted(rows, total, page))
}

async fn articles(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<Page<ArticleRow>>, ApiError> {
    Ok(Json(with_store(&st, move |s| list_articles(s, &p, false)).await?))
}

async fn article(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let detail = with_store(&st, move |s| s.article_detail(&id)?.ok_or_else(|| not_found("article", &id))).await?;
    Ok(Json(detail).into_response())
}

/// From this offset on, an unfiltered statement page is located in memory
/// (`facts.rs`) rather than by SQLite stepping over every row before it.
const DEEP_OFFSET: usize = 1000;

/// Statements (quote occurrences) with the listing filter plus `q` (words
/// the quote must contain, ASCII case-insensitive) and `kind`.
pub(crate) fn list_statements(st: &AppState, s: &Store, p: &Params) -> Result<Page<QuoteRow>, ApiError> {
    let page = p.page()?;
    let kind = p.get("kind");
    if let Some(k) = &kind
        && !matches!(k.as_str(), "direct" | "mixed" | "indirect")
    {
        return Err(ApiError::BadRequest(format!("kind must be direct, mixed or indirect, not {k:?}")));
    }
    let words = p.get("q").map(|q| q.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
    let paging = Paging { offset: page.offset, limit: page.limit, desc: p.desc()? };
    let filter = p.filter()?;
    let mut extra =
        QuoteFilter { kind, words, article: None, statement: p.get("statement"), articles: None, known_total: None };
    // Filtered by outlet only, or deep in the listing: the articles holding
    // the page are found in memory and only their quotes are read.
    let by_facts = filter.speaker.is_none()
        && filter.entity.is_none()
        && filter.story.is_none()
        && filter.since.is_none()
        && filter.until.is_none()
        && extra.kind.is_none()
        && extra.words.is_empty()
        && extra.statement.is_none()
        && (filter.outlet.is_some() || page.offset >= DEEP_OFFSET);
    if let Some(facts) = by_facts.then(|| st.pool.facts()).flatten() {
        let at =
            facts.locate(filter.outlet.as_deref(), filter.include_duplicates, paging.desc, page.offset, page.limit);
        let within = Filter { include_duplicates: true, ..Filter::default() };
        extra.articles = Some(at.articles);
        extra.known_total = Some(at.total);
        let (rows, total) = s.quotes_page(&within, &extra, Paging { offset: page.offset - at.skipped, ..paging })?;
        return Ok(Page::counted(rows, total, page));
    }
    let key = format!("statements {filter:?} {extra:?}");
    let (version, known) = st.pool.known_total(&key);
    extra.known_total = known;
    let (rows, total) = s.quotes_page(&filter, &extra, paging)?;
    st.pool.remember_total(version, key, total);
    Ok(Page::counted(rows, total, page))
}

async fn statements(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<Page<QuoteRow>>, ApiError> {
    let state = Arc::clone(&st);
    Ok(Json(with_store(&st, move |s| list_statements(&state, s, &p)).await?))
}

/// The merged timeline; `order=desc` gives the latest statements first.
/// Each statement lists its first `reports` reports (default
/// [`REPORTS_LISTED`]) and `reports_total`.
pub(crate) fn list_timeline(st: &AppState, s: &Store, p: &Params) -> Result<Page<TimelineRow>, ApiError> {
    let page = p.page()?;
    let reports = p.number("reports")?.unwrap_or(REPORTS_LISTED);
    if reports > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!("reports must be at most {MAX_LIMIT}")));
    }
    let paging = Paging { offset: page.offset, limit: page.limit, desc: p.desc()? };
    let filter = p.filter()?;
    let key = format!("timeline {filter:?}");
    let (version, known) = st.pool.known_total(&key);
    let cache = st.pool.reports(version);
    let (rows, total) = s.timeline_page_cached(&filter, paging, Some(reports), known, Some(&cache))?;
    st.pool.remember_total(version, key, total);
    Ok(Page::counted(rows, total, page))
}

async fn timeline(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<Page<TimelineRow>>, ApiError> {
    let state = Arc::clone(&st);
    Ok(Json(with_store(&st, move |s| list_timeline(&state, s, &p)).await?))
}

async fn stories(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<Page<StoryRow>>, ApiError> {
    let page = p.page()?;
    let out = with_store(&st, move |s| {
        let paging = Paging { offset: page.offset, limit: page.limit, desc: p.desc()? };
        Ok(s.stories_page(&p.filter()?, paging)?)
    })
    .await?;
    Ok(Json(Page::counted(out.0, out.1, page)))
}

#[derive(Serialize)]
pub(crate) struct StoryDetail {
    #[serde(flatten)]
    pub(crate) story: StoryRow,
    /// Member articles, copies included, in publication order: the first
    /// [`DETAIL_ROWS`] (`/api/articles?story=ID&duplicates=true` pages on).
    pub(crate) article_list: Vec<ArticleRow>,
    pub(crate) articles_total: usize,
    /// Statements reported in the story's articles, in the order they were
    /// said: the first [`DETAIL_ROWS`] (`/api/timeline?story=ID` pages on).
    pub(crate) timeline: Vec<TimelineRow>,
    pub(crate) timeline_total: usize,
}

fn first(n: usize) -> Paging {
    Paging { offset: 0, limit: n, desc: false }
}

pub(crate) fn story_detail(s: &Store, id: &str) -> Result<StoryDetail, ApiError> {
    let by_id = Filter { story: Some(id.to_string()), include_duplicates: true, ..Filter::default() };
    let (stories, _) = s.stories_page(&by_id, first(2))?;
    let story = stories.into_iter().find(|r| r.id == id).ok_or_else(|| not_found("story", id))?;
    let (timeline, timeline_total) = s.timeline_page_capped(&by_id, first(DETAIL_ROWS), Some(REPORTS_LISTED), None)?;
    let (article_list, articles_total) = s.articles_page(&by_id, first(DETAIL_ROWS))?;
    Ok(StoryDetail { article_list, articles_total, timeline, timeline_total, story })
}

async fn story(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<StoryDetail>, ApiError> {
    Ok(Json(with_store(&st, move |s| story_detail(s, &id)).await?))
}

/// Entities, most mentioned first; `q` matches names and aliases, `kind` filters.
pub(crate) fn list_entities(s: &Store, p: &Params) -> Result<Page<EntityRow>, ApiError> {
    let page = p.page()?;
    let (q, kind) = (p.get("q"), p.get("kind"));
    if q.is_none() && kind.is_none() {
        // Unfiltered: let SQL cut the page (the per-entity quote count is the costly part).
        let total = s.counts()?.iter().find(|(k, _)| *k == "entities").map_or(0, |(_, n)| *n as usize);
        let rows = s.entities(&Filter { limit: Some(page.offset.saturating_add(page.limit)), ..Filter::default() })?;
        return Ok(Page::counted(rows.into_iter().skip(page.offset).collect(), total, page));
    }
    let mut rows = s.entities(&Filter { entity: q, ..Filter::default() })?;
    if let Some(kind) = kind {
        rows.retain(|r| r.kind == kind);
    }
    Ok(Page::of(rows, page))
}

async fn entities(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<Page<EntityRow>>, ApiError> {
    Ok(Json(with_store(&st, move |s| list_entities(s, &p)).await?))
}

#[derive(Serialize)]
pub(crate) struct OutletCount {
    pub(crate) outlet: Option<String>,
    pub(crate) quotes: usize,
}

#[derive(Serialize)]
pub(crate) struct EntityDetail {
    #[serde(flatten)]
    pub(crate) entity: EntityRow,
    /// What this entity said, in the order it was said, each with its first
    /// reports: the latest [`LISTED`] (`/api/timeline?speaker=ID` pages through all).
    pub(crate) statements: Vec<TimelineRow>,
    pub(crate) statements_total: usize,
    /// Its latest [`LISTED`] quote occurrences, latest first (copies excluded;
    /// `/api/statements?speaker=ID` pages through all).
    pub(crate) quote_list: Vec<QuoteRow>,
    pub(crate) quotes_total: usize,
    /// How many of its quotes each outlet carries, most first.
    pub(crate) quotes_by_outlet: Vec<OutletCount>,
    /// Stories whose articles mention it, most recently active first: the first [`DETAIL_ROWS`].
    pub(crate) stories: Vec<StoryRow>,
    pub(crate) stories_total: usize,
    /// Articles mentioning it, newest first: the first [`DETAIL_ROWS`]
    /// (`/api/articles?entity=ID` pages on).
    pub(crate) articles: Vec<ArticleRow>,
    pub(crate) articles_total: usize,
}

/// Most statements and quotes a speaker's detail lists.
pub(crate) const LISTED: usize = 200;

pub(crate) fn entity_detail(s: &Store, id: &str) -> Result<EntityDetail, ApiError> {
    let entity = s
        .entities(&Filter { entity: Some(id.to_string()), ..Filter::default() })?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found("entity", id))?;
    let as_speaker = Filter { speaker: Some(id.to_string()), ..Filter::default() };
    let latest = Paging { offset: 0, limit: LISTED, desc: true };
    let (mut statements, statements_total) = s.timeline_page_capped(&as_speaker, latest, Some(REPORTS_LISTED), None)?;
    statements.reverse();
    let (quote_list, quotes_total) = s.quotes_page(&as_speaker, &QuoteFilter::default(), latest)?;
    let quotes_by_outlet = s
        .speaker_outlets(id)?
        .into_iter()
        .map(|(outlet, quotes)| OutletCount { outlet, quotes: quotes as usize })
        .collect();
    let (stories, stories_total) = s.entity_stories(id, DETAIL_ROWS)?;
    let mentioned = Filter { entity: Some(id.to_string()), ..Filter::default() };
    let (articles, articles_total) =
        s.articles_page(&mentioned, Paging { offset: 0, limit: DETAIL_ROWS, desc: true })?;
    Ok(EntityDetail {
        entity,
        statements,
        statements_total,
        quote_list,
        quotes_total,
        quotes_by_outlet,
        stories,
        stories_total,
        articles,
        articles_total,
    })
}

async fn entity(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<EntityDetail>, ApiError> {
    Ok(Json(with_store(&st, move |s| entity_detail(s, &id)).await?))
}

/// Most quoted speakers listed per outlet.
pub(crate) const VOICES: usize = 10;

/// The outlet comparison (computed once per data version, see `db::Pool::outlets`).
pub(crate) async fn outlet_rows(st: &Arc<AppState>) -> Result<Arc<Vec<OutletRow>>, ApiError> {
    let state = Arc::clone(st);
    with_store(st, move |s| state.pool.outlets(s)).await
}

async fn outlets(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let rows = outlet_rows(&st).await?;
    Ok(Json(rows.as_slice()).into_response())
}

#[derive(Serialize)]
pub(crate) struct SearchResponse {
    pub(crate) q: String,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    #[serde(flatten)]
    pub(crate) results: SearchResults,
}

pub(crate) fn run_search(st: &AppState, s: &Store, p: &Params) -> Result<SearchResponse, ApiError> {
    let q = p.get("q").ok_or_else(|| ApiError::BadRequest("q is required".into()))?;
    let terms = parse_terms(&q);
    if terms.is_empty() {
        return Err(ApiError::BadRequest(format!("nothing to search for in {q:?}")));
    }
    let page = p.page()?;
    let query = SearchRequest {
        terms,
        outlet: p.get("outlet"),
        speaker: p.get("speaker"),
        story: p.get("story"),
        since: p.date("since")?,
        until: p.date("until")?,
        limit: page.limit,
        offset: page.offset,
    };
    let version = st.pool.data_version().map(|v| v.0);
    let results = st.pool.search_index().search(s, &query, version)?;
    Ok(SearchResponse { q, limit: page.limit, offset: page.offset, results })
}

async fn search(State(st): State<Arc<AppState>>, p: Params) -> Result<Json<SearchResponse>, ApiError> {
    let state = Arc::clone(&st);
    Ok(Json(with_store(&st, move |s| run_search(&state, s, &p)).await?))
}
