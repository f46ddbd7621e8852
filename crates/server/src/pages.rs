//! Server-rendered pages: readable without JavaScript, keyboard accessible
//! (skip link, real links and forms, visible focus), escaped through
//! [`crate::html::esc`]. Each page is built from the same store calls as its
//! JSON counterpart in `api.rs`.

use crate::api::{self, Page, Params};
use crate::db::with_store;
use crate::html::{self, Nav, esc, href, query};
use crate::{ApiError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use storyline_store::{Filter, Paging, StoryRow};

const CSS: &str = include_str!("../assets/app.css");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home))
        .route("/static/app.css", get(css))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/articles", get(articles))
        .route("/articles/{id}", get(article))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/outlets", get(outlets))
        .route("/search", get(search))
}

/// An [`ApiError`] shown as an HTML page, with the same status.
pub(crate) struct PageError(pub(crate) ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, code) = self.0.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "page failed");
        }
        let title = status.canonical_reason().unwrap_or("Error");
        let body = format!(
            "<h1>{}</h1><p class=\"error\">{}</p><p class=\"muted\">Error code: <code>{}</code>. <a href=\"/\">Back to the latest statements</a>.</p>",
            esc(title),
            esc(&self.0.to_string()),
            esc(code)
        );
        (status, Html(html::layout(title, Nav::None, "", &body))).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

/// Most rows a detail page lists before pointing to the JSON API.
const MAX_LISTED: usize = 200;

/// Most quoted speakers the outlets page lists per outlet.
const PAGE_VOICES: usize = 5;

/// (outlet shown as HTML, count) pairs.
type OutletCounts = Vec<(String, i64)>;

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        CSS,
    )
        .into_response()
}

/// "Previous · Next" links for a listing page, keeping the other parameters.
fn pager<T>(path: &str, p: &Params, keep: &[&str], page: &Page<T>) -> String {
    let mut pairs: Vec<(&str, Option<String>)> = keep.iter().map(|k| (*k, p.get(k))).collect();
    let link = |offset: usize, label: &str, rel: &str, pairs: &mut Vec<(&str, Option<String>)>| {
        pairs.retain(|(k, _)| *k != "offset");
        pairs.push(("offset", Some(offset.to_string())));
        let borrowed: Vec<(&str, Option<&str>)> = pairs.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        format!("<a rel=\"{rel}\" href=\"{}\">{label}</a>", query(path, &borrowed))
    };
    let mut s = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    if page.offset > 0 {
        s.push_str(&link(page.offset.saturating_sub(page.limit), "← Previous", "prev", &mut pairs));
    }
    let _ = write!(
        s,
        "<span>{}–{} of {}</span>",
        if page.items.is_empty() { 0 } else { page.offset + 1 },
        page.offset + page.items.len(),
        page.total
    );
    if let Some(next) = page.next_offset {
        s.push_str(&link(next, "Next →", "next", &mut pairs));
    }
    s.push_str("</nav>");
    s
}

fn story_item(s: &StoryRow) -> String {
    format!(
        "<li><a href=\"{}\">{}</a><p class=\"meta\">{} – {} · {} article{} · {}</p></li>",
        href("/stories", &s.id),
        esc(&s.title),
        html::date(s.first_seen.as_deref()),
        html::date(s.last_seen.as_deref()),
        s.articles.len(),
        if s.articles.len() == 1 { "" } else { "s" },
        if s.outlets.is_empty() { "unknown outlets".into() } else { esc(&s.outlets.join(", ")) }
    )
}

async fn home(State(st): State<Arc<AppState>>) -> PageResult {
    let (counts, stories, timeline) = with_store(&st, |s| {
        let (tl, _) = s.timeline_page(&Filter::default(), Paging { offset: 0, limit: 15, desc: true })?;
        let (stories, _) = s.latest_stories(Paging { offset: 0, limit: 8, desc: true })?;
        Ok((s.counts()?, stories, tl))
    })
    .await?;
    let mut body = String::from("<h1>Who said what, when, and who reported it how</h1><p class=\"counts\">");
    let parts: Vec<String> =
        counts.iter().map(|(k, v)| format!("<span><strong>{v}</strong> {}</span>", esc(k))).collect();
    body.push_str(&parts.join(" "));
    body.push_str("</p><div class=\"columns\"><section aria-labelledby=\"latest-statements\"><h2 id=\"latest-statements\">Latest statements</h2>");
    if timeline.is_empty() {
        body.push_str("<p class=\"muted\">No statements yet. Run <code>storyline analyze</code> on some coverage.</p>");
    } else {
        body.push_str("<ol class=\"statements\">");
        for row in &timeline {
            body.push_str(&html::statement(row));
        }
        body.push_str("</ol>");
    }
    body.push_str("</section><section aria-labelledby=\"latest-stories\"><h2 id=\"latest-stories\">Latest stories</h2><ul class=\"stories\">");
    for s in &stories {
        body.push_str(&story_item(s));
    }
    body.push_str("</ul><p><a href=\"/stories\">All stories →</a></p></section></div>");
    Ok(Html(html::layout("Latest", Nav::Latest, "", &body)))
}

async fn stories(State(st): State<Arc<AppState>>, p: Params) -> PageResult {
    let req = p.page()?;
    let p2 = p.clone();
    let page = with_store(&st, move |s| {
        let filter = p2.filter()?;
        let f = &filter;
        let paging = Paging { offset: req.offset, limit: req.limit, desc: true };
        if f.entity.is_none() && f.outlet.is_none() && f.story.is_none() && f.since.is_none() && f.until.is_none() {
            // Unfiltered: read one page in index order.
            let (rows, total) = s.latest_stories(paging)?;
            return Ok(Page::counted(rows, total, req));
        }
        // Filtered: the latest started first, one page read.
        let (rows, total) = s.stories_page(&filter, paging)?;
        Ok(Page::counted(rows, total, req))
    })
    .await?;
    let mut body = String::from(
        "<h1>Stories</h1><p class=\"muted\">Articles grouped by event, most recent first.</p><ul class=\"stories\">",
    );
    for s in &page.items {
        body.push_str(&story_item(s));
    }
    body.push_str("</ul>");
    body.push_str(&pager("/stories", &p, &["entity", "outlet", "since", "until", "limit"], &page));
    Ok(Html(html::layout("Stories", Nav::Stories, "", &body)))
}

async fn story(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> PageResult {
    let d = with_store(&st, move |s| api::story_detail(s, &id)).await?;
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/stories\">Stories</a></p><h1>{}</h1><p class=\"meta\">{} – {} · {} article{} · {}</p>",
        esc(&d.story.title),
        html::date(d.story.first_seen.as_deref()),
        html::date(d.story.last_seen.as_deref()),
        d.articles_total,
        if d.articles_total == 1 { "" } else { "s" },
        esc(&d.story.outlets.join(", "))
    );
    body.push_str("<section aria-labelledby=\"tl\"><h2 id=\"tl\">Timeline of statements</h2>");
    body.push_str(&html::timeline_svg(&d.timeline, html::Lanes::Speaker));
    if d.timeline.is_empty() {
        body.push_str("<p class=\"muted\">No statements found in this story's articles.</p>");
    } else {
        body.push_str("<ol class=\"statements\">");
        for row in &d.timeline {
            body.push_str(&html::statement(row));
        }
        body.push_str("</ol>");
        body.push_str(&showing(
            d.timeline.len(),
            d.timeline_total,
            "statements",
            &query("/api/timeline", &[("story", Some(d.story.id.as_str())), ("limit", Some("500"))]),
        ));
    }
    body.push_str("</section><section aria-labelledby=\"arts\"><h2 id=\"arts\">Articles</h2><table><thead><tr><th scope=\"col\">Published</th><th scope=\"col\">Outlet</th><th scope=\"col\">Title</th></tr></thead><tbody>");
    for a in &d.article_list {
        article_row(&mut body, a);
    }
    body.push_str("</tbody></table>");
    body.push_str(&showing(
        d.article_list.len(),
        d.articles_total,
        "articles",
        &query("/articles", &[("story", Some(d.story.id.as_str())), ("duplicates", Some("true"))]),
    ));
    body.push_str("</section>");
    Ok(Html(html::layout(&d.story.title, Nav::Stories, "", &body)))
}

/// "The first N of M things; all of them" under a capped list (empty when nothing was cut).
fn showing(shown: usize, total: usize, what: &str, link: &str) -> String {
    if shown >= total {
        return String::new();
    }
    format!("<p class=\"muted more\">The first {shown} of {total} {what}; <a href=\"{link}\">all of them</a>.</p>")
}

/// One row of an article table: date, outlet, linked title, a badge on copies.
fn article_row(body: &mut String, a: &storyline_store::ArticleRow) {
    let _ = write!(
        body,
        "<tr><td class=\"dates\">{}</td><td>{}</td><td><a href=\"{}\">{}</a>{}</td></tr>",
        html::date(a.published.as_deref()),
        html::outlet_name(a.outlet.as_deref()),
        href("/articles", &a.id),
        esc(a.title.as_deref().unwrap_or("(untitled)")),
        if a.duplicate_of.is_some() { " <span class=\"badge\">copy</span>" } else { "" }
    );
}

async fn articles(State(st): State<Arc<AppState>>, p: Params) -> PageResult {
    let p2 = p.clone();
    let page = with_store(&st, move |s| api::list_articles(s, &p2, true)).await?;
    let mut body = String::from(
        "<h1>Articles</h1><p class=\"muted\">Newest first; copies of other articles are hidden \
         (<a href=\"/articles?duplicates=true\">show them</a>).</p><table><thead><tr><th scope=\"col\">Published</th>\
         <th scope=\"col\">Outlet</th><th scope=\"col\">Title</th></tr></thead><tbody>",
    );
    for a in &page.items {
        article_row(&mut body, a);
    }
    body.push_str("</tbody></table>");
    body.push_str(&pager(
        "/articles",
        &p,
        &["outlet", "entity", "story", "since", "until", "duplicates", "limit"],
        &page,
    ));
    Ok(Html(html::layout("Articles", Nav::Articles, "", &body)))
}

async fn article(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> PageResult {
    let d = with_store(&st, move |s| {
        s.article_detail(&id)?.ok_or_else(|| ApiError::NotFound(format!("no article with id {id:?}")))
    })
    .await?;
    let a = &d.article;
    let title = a.title.as_deref().unwrap_or("(untitled)");
    let mut body = format!("<article><h1>{}</h1><dl class=\"facts\">", esc(title));
    let mut fact = |k: &str, v: String| {
        let _ = write!(body, "<div><dt>{}</dt><dd>{v}</dd></div>", esc(k));
    };
    fact("Outlet", html::outlet_name(a.outlet.as_deref()));
    if let Some(author) = &a.author {
        fact("Author", esc(author));
    }
    fact("Published", html::date(a.published.as_deref()));
    if let Some(url) = &a.url {
        fact(
            "Source",
            match html::safe_url(url) {
                Some(u) => format!("<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>", esc(u), esc(u)),
                None => format!("<span class=\"unsafe-url\">{}</span>", esc(url)),
            },
        );
    } else if let Some(path) = &a.path {
        fact("File", format!("<code>{}</code>", esc(path)));
    }
    if let Some(o) = &d.original {
        fact(
            "Copy of",
            format!(
                "<a href=\"{}\">{}</a> ({}, {})",
                href("/articles", &o.id),
                esc(o.title.as_deref().unwrap_or("(untitled)")),
                html::outlet_name(o.outlet.as_deref()),
                html::date(o.published.as_deref())
            ),
        );
    }
    if !d.copies.is_empty() {
        let list: Vec<String> = d
            .copies
            .iter()
            .map(|c| {
                format!(
                    "<a href=\"{}\">{}</a> ({})",
                    href("/articles", &c.id),
                    html::outlet_name(c.outlet.as_deref()),
                    html::date(c.published.as_deref())
                )
            })
            .collect();
        fact("Republished by", list.join(", "));
    }
    if !d.stories.is_empty() {
        let list: Vec<String> = d
            .stories
            .iter()
            .map(|s| format!("<a href=\"{}\">{}</a>", href("/stories", &s.id), esc(&s.title)))
            .collect();
        fact("Stories", list.join("; "));
    }
    body.push_str(
        "</dl><p class=\"legend\" aria-label=\"Legend\"><span class=\"q q-direct\">direct quote</span> \
        <span class=\"q q-mixed\">partial quote</span> <span class=\"q q-indirect\">reported speech</span> \
        <span class=\"spk\">speaker</span> <span class=\"cue\">cue</span> <span class=\"tx\">time expression</span> \
        <span class=\"ent\">entity</span></p>",
    );
    // The text's own language, so screen readers pronounce it right.
    match a.language.as_deref().filter(|l| l.len() <= 12 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
        Some(lang) => {
            let _ = write!(body, "<div class=\"text\" lang=\"{}\">", esc(lang));
        }
        None => body.push_str("<div class=\"text\">"),
    }
    body.push_str(&html::annotated_text(&d));
    body.push_str("</div></article>");
    if !d.quotes.is_empty() {
        body.push_str("<section aria-labelledby=\"quotes\"><h2 id=\"quotes\">Statements in this article</h2><table><thead><tr>\
            <th scope=\"col\">Said</th><th scope=\"col\">Speaker</th><th scope=\"col\">Cue</th><th scope=\"col\">Statement</th>\
            <th scope=\"col\">Reported by</th></tr></thead><tbody>");
        for q in &d.quotes {
            let outlets: Vec<String> = q
                .reported_by
                .iter()
                .map(|r| {
                    let times = if r.reports > 1 {
                        format!(" <span class=\"muted\">×{}</span>", r.reports)
                    } else {
                        String::new()
                    };
                    format!("{}{times}", html::outlet_name(r.outlet.as_deref()))
                })
                .collect();
            // The story timeline lists every report of the statement, side by side.
            let reported = match (&q.statement_id, d.stories.first()) {
                (Some(sid), Some(story)) if !outlets.is_empty() => format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&format!("/stories/{}#st-{}", html::pct(&story.id), html::pct(sid))),
                    outlets.join(", ")
                ),
                _ => outlets.join(", "),
            };
            let _ = write!(
                body,
                "<tr><td>{}{}</td><td>{}</td><td>{}</td><td><a href=\"#q-{}\">{}</a>{}</td><td>{reported}</td></tr>",
                html::date(q.said_on.as_deref()),
                q.said_on_basis
                    .as_deref()
                    .map(|b| format!(" <span class=\"muted\">({})</span>", esc(b)))
                    .unwrap_or_default(),
                html::source(q.speaker.as_deref(), q.speaker_id.as_deref(), q.source.as_deref()),
                esc(q.cue.as_deref().unwrap_or("")),
                esc(&q.id),
                html::quote_text(&q.text, &q.kind),
                if q.repeated { " <span class=\"badge\">repeated in summary</span>" } else { "" }
            );
        }
        body.push_str("</tbody></table></section>");
    }
    if !d.timexes.is_empty() {
        body.push_str("<section aria-labelledby=\"times\"><h2 id=\"times\">Time expressions</h2><ul class=\"inline\">");
        let chars: Vec<char> = d.text.chars().collect();
        for t in &d.timexes {
            let surface: String = chars.get(t.start..t.end.min(chars.len())).unwrap_or(&[]).iter().collect();
            let _ = write!(body, "<li>“{}” → <code>{}</code></li>", esc(&surface), esc(&t.value));
        }
        body.push_str("</ul></section>");
    }
    Ok(Html(html::layout(title, Nav::Articles, "", &body)))
}

async fn entities(State(st): State<Arc<AppState>>, p: Params) -> PageResult {
    let p2 = p.clone();
    let page = with_store(&st, move |s| api::list_entities(s, &p2)).await?;
    let q = p.get("q").unwrap_or_default();
    let mut body = format!(
        "<h1>People, organisations and places</h1><form class=\"filter\" action=\"/entities\" method=\"get\">\
         <label for=\"ent-q\">Name</label><input id=\"ent-q\" name=\"q\" value=\"{}\">\
         <label for=\"ent-kind\">Kind</label><select id=\"ent-kind\" name=\"kind\">",
        esc(&q)
    );
    let kind = p.get("kind").unwrap_or_default();
    for (v, label) in [("", "any"), ("person", "person"), ("org", "organisation"), ("place", "place")] {
        let sel = if v == kind { " selected" } else { "" };
        let _ = write!(body, "<option value=\"{}\"{sel}>{}</option>", esc(v), esc(label));
    }
    body.push_str("</select><button type=\"submit\">Filter</button></form><table><thead><tr><th scope=\"col\">Name</th>\
        <th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Mentions</th><th scope=\"col\" class=\"num\">Quotes</th>\
        <th scope=\"col\">Also written</th></tr></thead><tbody>");
    for e in &page.items {
        let others: Vec<&str> = e.aliases.iter().map(String::as_str).filter(|a| *a != e.name).collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            href("/entities", &e.id),
            esc(&e.name),
            esc(&e.kind),
            e.mentions,
            e.quotes,
            esc(&others.join(", "))
        );
    }
    body.push_str("</tbody></table>");
    body.push_str(&pager("/entities", &p, &["q", "kind", "limit"], &page));
    Ok(Html(html::layout("People & organisations", Nav::Entities, "", &body)))
}

fn role_text(v: &serde_json::Value) -> String {
    let role = v.get("role").and_then(|r| r.as_str()).unwrap_or_default();
    match v.get("first_seen").and_then(|d| d.as_str()) {
        Some(d) => format!("{} <span class=\"muted\">(since {})</span>", esc(role), esc(d)),
        None => esc(role),
    }
}

async fn entity(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> PageResult {
    let d = with_store(&st, move |s| api::entity_detail(s, &id)).await?;
    let e = &d.entity;
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/entities\">People &amp; organisations</a></p><h1>{}</h1><dl class=\"facts\">\
         <div><dt>Kind</dt><dd>{}</dd></div><div><dt>Mentions</dt><dd>{}</dd></div><div><dt>Quotes</dt><dd>{}</dd></div>",
        esc(&e.name),
        esc(&e.kind),
        e.mentions,
        e.quotes
    );
    if e.aliases.len() > 1 {
        let _ = write!(body, "<div><dt>Written as</dt><dd>{}</dd></div>", esc(&e.aliases.join(", ")));
    }
    if !e.roles.is_empty() {
        let roles: Vec<String> = e.roles.iter().map(role_text).collect();
        let _ = write!(body, "<div><dt>Roles</dt><dd>{}</dd></div>", roles.join("; "));
    }
    let _ = write!(
        body,
        "</dl><p><a href=\"{}\">Search their statements</a></p>",
        query("/search", &[("q", Some(e.name.as_str())), ("speaker", Some(e.id.as_str()))])
    );
    body.push_str("<section aria-labelledby=\"pos\"><h2 id=\"pos\">Positions over time</h2>");
    if d.statements.is_empty() {
        body.push_str("<p class=\"muted\">No statements attributed.</p>");
    } else {
        body.push_str(&html::timeline_svg(&d.statements, html::Lanes::Outlet));
        // A prolific speaker has thousands of statements: the detail holds the latest ones.
        let shown = &d.statements[..];
        if shown.len() < d.statements_total {
            let _ = write!(
                body,
                "<p class=\"muted\">The latest {} of {} statements; all of them: <a href=\"{}\">JSON</a>.</p>",
                shown.len(),
                d.statements_total,
                query("/api/timeline", &[("speaker", Some(e.id.as_str())), ("limit", Some("500"))])
            );
        }
        let mut month = String::from("\u{0}");
        body.push_str("<div class=\"months\">");
        for row in shown {
            let m: String =
                row.said_on.as_deref().map(|s| s.chars().take(7).collect()).unwrap_or_else(|| "undated".into());
            if m != month {
                if month != "\u{0}" {
                    body.push_str("</ol>");
                }
                let _ = write!(body, "<h3>{}</h3><ol class=\"statements\">", esc(&m));
                month = m;
            }
            body.push_str(&html::statement(row));
        }
        body.push_str("</ol></div>");
    }
    body.push_str("</section>");
    if !d.quotes_by_outlet.is_empty() {
        body.push_str("<section aria-labelledby=\"by-outlet\"><h2 id=\"by-outlet\">Quotes by outlet</h2>");
        if d.quote_list.len() < d.quotes_total {
            let _ = write!(
                body,
                "<p class=\"muted\">Counts cover all {} quotes; the lists show those among the latest {}. \
                 All of them: <a href=\"{}\">JSON</a>.</p>",
                d.quotes_total,
                d.quote_list.len(),
                query("/api/statements", &[("speaker", Some(e.id.as_str())), ("limit", Some("500"))])
            );
        }
        for oc in &d.quotes_by_outlet {
            let _ = write!(
                body,
                "<details><summary>{} <span class=\"muted\">({} quote{})</span></summary><ul class=\"quotes\">",
                html::outlet_name(oc.outlet.as_deref()),
                oc.quotes,
                if oc.quotes == 1 { "" } else { "s" }
            );
            for q in d.quote_list.iter().filter(|q| q.outlet == oc.outlet).take(MAX_LISTED) {
                let _ = write!(
                    body,
                    "<li>{} · <a href=\"{}\">{}</a>{}</li>",
                    html::date(q.said_on.as_deref()),
                    esc(&format!("/articles/{}#q-{}", html::pct(&q.article_id), html::pct(&q.id))),
                    html::quote_text(&q.text, &q.kind),
                    q.cue.as_deref().map(|c| format!(" <span class=\"muted\">({})</span>", esc(c))).unwrap_or_default()
                );
            }
            body.push_str("</ul></details>");
        }
        body.push_str("</section>");
    }
    if !d.stories.is_empty() {
        body.push_str(
            "<section aria-labelledby=\"in-stories\"><h2 id=\"in-stories\">Stories</h2><ul class=\"stories\">",
        );
        for s in &d.stories {
            body.push_str(&story_item(s));
        }
        body.push_str("</ul>");
        body.push_str(&showing(
            d.stories.len(),
            d.stories_total,
            "stories",
            &query("/stories", &[("entity", Some(e.id.as_str()))]),
        ));
        body.push_str("</section>");
    }
    Ok(Html(html::layout(&e.name, Nav::Entities, "", &body)))
}

async fn outlets(State(st): State<Arc<AppState>>) -> PageResult {
    let rows = api::outlet_rows(&st).await?;
    let mut body = String::from(
        "<h1>Outlets compared</h1><p class=\"muted\">Copies of other outlets' articles are counted apart and their quotes left out.</p>\
         <div class=\"scroll\"><table class=\"outlets\"><thead><tr><th scope=\"col\">Outlet</th>\
         <th scope=\"col\" class=\"num\">Articles</th><th scope=\"col\">Published</th><th scope=\"col\" class=\"num\">Quotes</th>\
         <th scope=\"col\" class=\"num\">Speakers</th><th scope=\"col\">Most quoted</th></tr></thead><tbody>",
    );
    for o in rows.iter() {
        let voices: Vec<String> = o
            .voices
            .iter()
            .take(PAGE_VOICES)
            .map(|v| {
                format!(
                    "<li><a href=\"{}\">{}</a> <span class=\"muted\">×{}</span></li>",
                    href("/entities", &v.speaker_id),
                    esc(&v.name),
                    v.quotes
                )
            })
            .collect();
        let name = match &o.outlet {
            Some(n) => format!("<a href=\"{}\">{}</a>", query("/articles", &[("outlet", Some(n.as_str()))]), esc(n)),
            None => html::outlet_name(None),
        };
        let copies = if o.copies > 0 {
            format!("<br><span class=\"muted\">+{} cop{}</span>", o.copies, if o.copies == 1 { "y" } else { "ies" })
        } else {
            String::new()
        };
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}{copies}</td><td class=\"dates\">{}<br>{}</td>\
             <td class=\"num\">{}<br><span class=\"muted small\">{} direct · {} partial · {} reported</span></td>\
             <td class=\"num\">{}</td><td><ul class=\"voices\">{}</ul></td></tr>",
            o.articles,
            html::date(o.first_published.as_deref()),
            html::date(o.last_published.as_deref()),
            o.quotes,
            o.direct,
            o.mixed,
            o.indirect,
            o.speakers,
            voices.concat()
        );
    }
    body.push_str("</tbody></table></div>");
    // Spellings pivoted: one row per entity, one line per form with the outlets using it.
    let mut by_entity: BTreeMap<(&str, &str), BTreeMap<&str, OutletCounts>> = BTreeMap::new();
    for o in rows.iter() {
        for sp in &o.spellings {
            by_entity
                .entry((sp.entity.as_str(), sp.entity_id.as_str()))
                .or_default()
                .entry(sp.form.as_str())
                .or_default()
                .push((html::outlet_name(o.outlet.as_deref()), sp.count));
        }
    }
    if !by_entity.is_empty() {
        body.push_str(
            "<section aria-labelledby=\"spell\"><h2 id=\"spell\">Which spelling each outlet uses</h2>\
             <p class=\"muted\">Names written more than one way across the coverage, and who writes each form.</p>\
             <table><thead><tr><th scope=\"col\">Entity</th><th scope=\"col\">Written as</th></tr></thead><tbody>",
        );
        for ((entity, id), forms) in &by_entity {
            let lines: Vec<String> = forms
                .iter()
                .map(|(form, outlets)| {
                    let who: Vec<String> =
                        outlets.iter().map(|(o, n)| format!("{o} <span class=\"muted\">×{n}</span>")).collect();
                    format!("<li><strong>{}</strong>: {}</li>", esc(form), who.join(", "))
                })
                .collect();
            let _ = write!(
                body,
                "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td><ul class=\"forms\">{}</ul></td></tr>",
                href("/entities", id),
                esc(entity),
                lines.concat()
            );
        }
        body.push_str("</tbody></table></section>");
    }
    body.push_str(&coverage_sections(&with_store(&st, |s| Ok(s.coverage(PAGE_SCARE_QUOTES)?)).await?));
    Ok(Html(html::layout("Outlets", Nav::Outlets, "", &body)))
}

/// Scare quotes listed per outlet on the outlets page.
const PAGE_SCARE_QUOTES: usize = 8;

/// The outlets page's term choices (one row per term group, the outlets
/// writing each variant) and each outlet's own scare quotes.
fn coverage_sections(coverage: &[storyline_model::corpus::OutletCoverage]) -> String {
    let mut body = String::new();
    let mut groups: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for c in coverage {
        for t in &c.terms {
            groups.entry(t.group.as_str()).or_default().entry(t.variant.as_str()).or_default().push(format!(
                "{} <span class=\"muted\">×{}</span>",
                html::outlet_name(c.outlet.as_deref()),
                t.articles
            ));
        }
    }
    if !groups.is_empty() {
        body.push_str(
            "<section aria-labelledby=\"terms\"><h2 id=\"terms\">Which term each outlet uses</h2>\
             <p class=\"muted\">Articles using each variant of a term group (<code>analyze --terms</code> sets the groups).</p>\
             <table><thead><tr><th scope=\"col\">Term</th><th scope=\"col\">Written as</th></tr></thead><tbody>",
        );
        for (group, variants) in &groups {
            let lines: Vec<String> = variants
                .iter()
                .map(|(v, who)| format!("<li><strong>{}</strong>: {}</li>", esc(v), who.join(", ")))
                .collect();
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{}</th><td><ul class=\"forms\">{}</ul></td></tr>",
                esc(group),
                lines.concat()
            );
        }
        body.push_str("</tbody></table></section>");
    }
    let scare: Vec<&storyline_model::corpus::OutletCoverage> =
        coverage.iter().filter(|c| !c.scare_quotes.is_empty()).collect();
    if !scare.is_empty() {
        body.push_str(
            "<section aria-labelledby=\"scare\"><h2 id=\"scare\">Scare quotes</h2>\
             <p class=\"muted\">Words an outlet puts in quotation marks of its own, outside any attributed statement.</p>\
             <table><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Quoted</th></tr></thead><tbody>",
        );
        for c in scare {
            let terms: Vec<String> = c
                .scare_quotes
                .iter()
                .map(|q| format!("<li>“{}” <span class=\"muted\">×{}</span></li>", esc(&q.term), q.articles))
                .collect();
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{}</th><td><ul class=\"forms\">{}</ul></td></tr>",
                html::outlet_name(c.outlet.as_deref()),
                terms.concat()
            );
        }
        body.push_str("</tbody></table></section>");
    }
    body
}

/// One facet as a list of links: each sets `param` (keeping every other
/// parameter but the page), the first clears it. Values are (value, label, count).
fn facet_list(p: &Params, title: &str, param: &str, all: &str, values: &[(String, String, i64)]) -> String {
    const KEEP: &[&str] = &["q", "outlet", "speaker", "story", "since", "until", "limit"];
    let current = p.get(param);
    let link = |value: Option<&str>| {
        let owned: Vec<(&str, Option<String>)> =
            KEEP.iter().map(|k| (*k, if *k == param { value.map(str::to_string) } else { p.get(k) })).collect();
        let pairs: Vec<(&str, Option<&str>)> = owned.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        query("/search", &pairs)
    };
    let mark = |on: bool| if on { " aria-current=\"true\"" } else { "" };
    let mut s = format!(
        "<h2>{}</h2><ul class=\"facets\"><li><a href=\"{}\"{}>{}</a></li>",
        esc(title),
        link(None),
        mark(current.is_none()),
        esc(all)
    );
    for (value, label, count) in values {
        let _ = write!(
            s,
            "<li><a href=\"{}\"{}>{}</a> <span class=\"count\">{count}</span></li>",
            link(Some(value)),
            mark(current.as_deref() == Some(value.as_str())),
            esc(label)
        );
    }
    s.push_str("</ul>");
    s
}

/// A hidden form field keeping a chosen facet when the form is resubmitted.
fn hidden(name: &str, value: Option<String>) -> String {
    value.map(|v| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(name), esc(&v))).unwrap_or_default()
}

async fn search(State(st): State<Arc<AppState>>, p: Params) -> PageResult {
    let q = p.get("q").unwrap_or_default();
    let mut body = format!(
        "<h1>Search</h1><form class=\"filter\" action=\"/search\" method=\"get\" role=\"search\">\
         <label for=\"search-q\">Words or \"a phrase\"</label><input id=\"search-q\" name=\"q\" type=\"search\" value=\"{}\">\
         <label for=\"search-since\">From</label><input id=\"search-since\" name=\"since\" value=\"{}\" placeholder=\"2025-03\" size=\"10\">\
         <label for=\"search-until\">to</label><input id=\"search-until\" name=\"until\" value=\"{}\" placeholder=\"2025-04-30\" size=\"10\">\
         {}{}{}<button type=\"submit\">Search</button></form>",
        esc(&q),
        esc(&p.get("since").unwrap_or_default()),
        esc(&p.get("until").unwrap_or_default()),
        hidden("outlet", p.get("outlet")),
        hidden("speaker", p.get("speaker")),
        hidden("story", p.get("story")),
    );
    if q.is_empty() {
        body.push_str("<p class=\"muted\">Type words to find statements and articles. Use quotes for a phrase and <code>*</code> for a prefix.</p>");
        return Ok(Html(html::layout("Search", Nav::Search, "", &body)));
    }
    if crate::search::parse_terms(&q).is_empty() {
        let _ = write!(body, "<p class=\"error\">Nothing to search for in “{}”.</p>", esc(&q));
        return Ok(Html(html::layout("Search", Nav::Search, &q, &body)));
    }
    let p2 = p.clone();
    let state = Arc::clone(&st);
    let r = with_store(&st, move |s| api::run_search(&state, s, &p2)).await?;
    body.push_str("<div class=\"with-facets\"><aside aria-label=\"Refine\">");
    let outlets: Vec<(String, String, i64)> =
        r.results.outlets.iter().filter_map(|f| f.value.clone().map(|v| (v.clone(), v, f.count))).collect();
    body.push_str(&facet_list(&p, "Outlet", "outlet", "All outlets", &outlets));
    let by_id = |facets: &[storyline_store::Facet]| -> Vec<(String, String, i64)> {
        facets.iter().filter_map(|f| Some((f.id.clone()?, f.value.clone()?, f.count))).collect()
    };
    body.push_str(&facet_list(&p, "Speaker", "speaker", "All speakers", &by_id(&r.results.speakers)));
    body.push_str(&facet_list(&p, "Story", "story", "All stories", &by_id(&r.results.stories)));
    body.push_str("</aside>");
    let _ = write!(
        body,
        "<div class=\"results\"><section aria-labelledby=\"hits-st\"><h2 id=\"hits-st\">Statements <span class=\"count\">{}</span></h2><ol class=\"hits\">",
        r.results.total_statements
    );
    for h in &r.results.statements {
        let _ = write!(
            body,
            "<li><p class=\"meta\">{} · {} · {}</p><p><a href=\"{}\">{}</a></p></li>",
            html::date(h.said_on.as_deref()),
            html::source(h.speaker.as_deref(), h.speaker_id.as_deref(), h.source.as_deref()),
            html::outlet_name(h.outlet.as_deref()),
            esc(&format!("/articles/{}#q-{}", html::pct(&h.article_id), html::pct(&h.quote_id))),
            html::snippet(&h.snippet, &h.highlights)
        );
    }
    let _ = write!(
        body,
        "</ol></section><section aria-labelledby=\"hits-ar\"><h2 id=\"hits-ar\">Articles <span class=\"count\">{}</span></h2><ol class=\"hits\">",
        r.results.total_articles
    );
    for h in &r.results.articles {
        let _ = write!(
            body,
            "<li><a href=\"{}\">{}</a><p class=\"meta\">{} · {}</p><p>{}</p></li>",
            href("/articles", &h.id),
            esc(h.title.as_deref().unwrap_or("(untitled)")),
            html::outlet_name(h.outlet.as_deref()),
            html::date(h.published.as_deref()),
            html::snippet(&h.snippet, &h.highlights)
        );
    }
    body.push_str("</ol></section>");
    let more = r.results.total_statements.max(r.results.total_articles) as usize;
    let fake: Page<()> = Page {
        total: more,
        limit: r.limit,
        offset: r.offset,
        next_offset: (r.offset + r.limit < more).then_some(r.offset + r.limit),
        items: vec![(); more.saturating_sub(r.offset).min(r.limit)],
    };
    body.push_str(&pager("/search", &p, &["q", "outlet", "speaker", "story", "since", "until", "limit"], &fake));
    body.push_str("</div></div>");
    Ok(Html(html::layout(&format!("Search: {q}"), Nav::Search, &q, &body)))
}
