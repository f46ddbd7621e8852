//! End-to-end tests of `storyline serve`: a database built from
//! examples/corpus plus one hostile article, a server on 127.0.0.1:0, and a
//! minimal HTTP/1.1 client so the tests need no HTTP library.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;
use storyline_server::{RunningServer, ServeConfig};

const HOSTILE_ID: &str = "hostile-1";

/// A JSONL document trying every trick: markup in every field, event
/// handlers, `javascript:` URLs, CSS, breaking out of attributes.
fn hostile_doc() -> String {
    let text = "Velihrad, March 20 — \"<script>alert('q1')</script> We will never <b onmouseover=alert(1)>yield</b> on the dam,\" \
                said Yurii Hlushchak on Tuesday.\n\n\
                The spokesman Mykyta Ostapchuk told reporters that <a href=\"javascript:alert(5)\">the dam</a> was safe \
                and that <img src=x onerror=alert(4)> nothing would change. <style>body{display:none}</style>\n\n\
                \"Nothing about </textarea><iframe src=javascript:alert(7)></iframe> is acceptable,\" Ilona Makiranta said \
                on March 19. \"' onfocus='alert(8)' x='\" she added.\n\n\
                Analysts said the <svg onload=alert(6)> dispute over the <style>@import url(//evil.example/x.css)</style> \
                river would continue into April.";
    serde_json::json!({
        "id": HOSTILE_ID,
        "url": "javascript:alert('url')",
        "title": "<script>alert('title')</script> Dam \"talks\" <img src=x onerror=alert('t')>",
        "outlet": "Evil\"><img src=x onerror=alert('outlet')> Gazette",
        "author": "<b style=\"background:url(javascript:alert(9))\">Mallory</b>",
        "published": "2025-03-20",
        "text": text,
    })
    .to_string()
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// Builds a database the way `storyline analyze` does, calling the crates directly.
fn build_db(dir: &Path) -> PathBuf {
    let hostile = dir.join("hostile.jsonl");
    std::fs::write(&hostile, hostile_doc() + "\n").unwrap();
    let db = dir.join("test.db");
    let (inputs, _) = storyline_ingest::expand_paths(&[corpus_dir(), hostile]).unwrap();
    let opts = storyline_analysis::AnalyzeOptions::default();
    let analyses: Vec<storyline_model::Analysis> =
        storyline_ingest::Ingest::new(inputs, storyline_ingest::IngestOptions::default())
            .filter_map(Result::ok)
            .filter_map(|doc| storyline_analysis::analyze(&doc, &opts).ok())
            .collect();
    assert!(analyses.len() > 10, "the sample corpus should analyse");
    let mut store = storyline_store::Store::open(&db).unwrap();
    store.insert_batch(&analyses).unwrap();
    let docs = store.doc_summaries().unwrap();
    let (result, statements) =
        storyline_corpus::run_collect(docs, &storyline_corpus::CorpusConfig::default(), &store).unwrap();
    store.write_corpus(&result, &statements).unwrap();
    // Term choices as `analyze` records them, with a label that must be escaped.
    use storyline_corpus::coverage::{Tally, TermGroup, TermGroups};
    let groups = TermGroups {
        terms: vec![TermGroup { name: Some("<i>dam</i>".into()), variants: vec!["dam".into(), "reservoir".into()] }],
    };
    let mut tally = Tally::new(&groups);
    store.for_each_original_text(|outlet, title, text, spans| tally.add(outlet, title, text, spans)).unwrap();
    store.write_coverage(&tally.finish(), &[]).unwrap();
    db
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    server: RunningServer,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = build_db(dir.path());
        let mut cfg = ServeConfig::new(&db);
        cfg.listen = "127.0.0.1:0".parse().unwrap();
        let server = storyline_server::start(cfg).unwrap();
        Fixture { _dir: dir, db, server }
    })
}

fn addr() -> SocketAddr {
    fixture().server.addr()
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// A response whose body is kept as bytes (gzip).
struct RawResp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
    let r = request_raw(addr, method, path, headers, body);
    Resp { status: r.status, headers: r.headers, body: String::from_utf8(r.body).unwrap() }
}

fn request_raw(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> RawResp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if (!body.is_empty() || method == "POST") && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    RawResp { status, headers, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().split(';').next().unwrap().trim(), 16)
            .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

fn get(path: &str) -> Resp {
    request(addr(), "GET", path, &[], "")
}

fn get_json(path: &str) -> Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    assert!(r.header("content-type").unwrap_or("").starts_with("application/json"), "{path}");
    r.json()
}

fn hostile_article_id() -> String {
    let page = get_json("/api/articles?duplicates=true&limit=500");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["external_id"] == HOSTILE_ID)
        .expect("the hostile document is stored")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn chars_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn listings_are_paginated_with_totals() {
    let all = get_json("/api/articles");
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(total >= 10, "{all}");
    let p1 = get_json("/api/articles?limit=3");
    assert_eq!(p1["items"].as_array().unwrap().len(), 3);
    assert_eq!(p1["next_offset"], 3);
    let last = get_json(&format!("/api/articles?limit=3&offset={}", total - 1));
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert!(last["next_offset"].is_null());
    assert_eq!(last["items"][0], all["items"][total - 1]);
    for path in ["/api/statements", "/api/timeline", "/api/stories", "/api/entities"] {
        let page = get_json(path);
        assert!(page["total"].as_u64().unwrap() > 0, "{path} is empty");
        assert!(page["items"].as_array().unwrap().len() <= 50, "{path} ignores the default limit");
    }
}

#[test]
fn article_detail_offsets_index_its_text() {
    let id = get_json("/api/statements?limit=1")["items"][0]["article_id"].as_str().unwrap().to_string();
    let a = get_json(&format!("/api/articles/{id}"));
    let text = a["text"].as_str().unwrap();
    let n = text.chars().count();
    let quotes = a["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    let mut exact = 0;
    for q in quotes {
        let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
        assert!(s < e && e <= n, "{q}");
        if chars_slice(text, s, e) == q["text"].as_str().unwrap() {
            exact += 1;
        }
        if let (Some(ss), Some(se)) = (q["speaker_start"].as_u64(), q["speaker_end"].as_u64()) {
            assert!(ss < se && se as usize <= n);
        }
    }
    assert!(exact > 0, "no quote's offsets give back its text");
    // Each merged statement says who reported it, this article's outlet among them.
    let merged: Vec<&Value> = quotes.iter().filter(|q| !q["statement_id"].is_null()).collect();
    assert!(!merged.is_empty());
    for q in merged {
        let by = q["reported_by"].as_array().unwrap();
        assert!(by.iter().any(|r| r["outlet"] == a["outlet"]), "{q}");
    }
    for t in a["timexes"].as_array().unwrap() {
        assert!(t["end"].as_u64().unwrap() as usize <= n);
    }
    assert!(!a["paragraphs"].as_array().unwrap().is_empty());
    assert_eq!(a["id"], id.as_str());
}

#[test]
fn an_unnamed_source_shows_as_written_on_the_article_page() {
    // The sample corpus quotes "a Veltarian official" who is never named.
    let q = unnamed_official_quote();
    let page = get(&format!("/articles/{}", q["article_id"].as_str().unwrap()));
    assert!(page.body.contains(UNNAMED_MARKUP), "the statements table should show the source as written");
}

const UNNAMED_MARKUP: &str =
    "<span class=\"speaker unnamed\" title=\"not named in the article\">a Veltarian official</span>";

/// The sample corpus's statement by "a Veltarian official", as `/api/statements` lists it.
fn unnamed_official_quote() -> Value {
    let all = get_json("/api/statements?limit=500");
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["speaker"].is_null() && q["speaker_mention"] == "a Veltarian official")
        .cloned()
        .unwrap_or_else(|| panic!("no statement by an unnamed Veltarian official: {all}"))
}

#[test]
fn an_unnamed_source_is_the_source_field_of_statements_and_timeline_entries() {
    let q = unnamed_official_quote();
    assert_eq!(q["source"], "a Veltarian official", "{q}");
    // A named speaker keeps `speaker` and has no source; a bare pronoun left
    // unresolved is no source either.
    let all = get_json("/api/statements?limit=500&duplicates=true");
    for item in all["items"].as_array().unwrap() {
        if !item["speaker"].is_null() {
            assert!(item["source"].is_null(), "a named speaker has no unnamed source: {item}");
        }
        let mention = item["speaker_mention"].as_str().unwrap_or("").to_lowercase();
        if ["he", "she", "they", "who"].contains(&mention.as_str()) {
            assert!(item["source"].is_null(), "a pronoun is no source: {item}");
        }
    }
    // The merged statement carries its report's source, and so does the report.
    let sid = q["statement_id"].as_str().expect("the quote is part of a statement");
    let timeline = get_json("/api/timeline?limit=500");
    let entry = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == sid)
        .unwrap_or_else(|| panic!("statement {sid} is on the timeline: {timeline}"));
    assert!(entry["speaker"].is_null(), "{entry}");
    assert_eq!(entry["source"], "a Veltarian official", "{entry}");
    assert_eq!(entry["reports"][0]["source"], "a Veltarian official", "{entry}");
    // Named statements keep their name and no source.
    let named = timeline["items"].as_array().unwrap().iter().find(|t| t["speaker"] == "Yurii Hlushchak").unwrap();
    assert!(named["source"].is_null(), "{named}");
}

#[test]
fn an_unnamed_source_shows_as_written_on_story_pages_with_its_dot() {
    let q = unnamed_official_quote();
    let article = get_json(&format!("/api/articles/{}", q["article_id"].as_str().unwrap()));
    let story = article["stories"][0]["id"].as_str().expect("the article belongs to a story");
    let page = get(&format!("/stories/{story}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains(UNNAMED_MARKUP), "the story's timeline should show the source as written");
    // The SVG dot says who spoke; the lane of statements without a name is labelled so.
    assert!(page.body.contains("a Veltarian official (not named): the offer would guarantee"), "dot title");
    assert!(page.body.contains(">not named</text>"), "lane label");
}

#[test]
fn an_unnamed_source_shows_as_written_in_search_hits() {
    let hits = get_json("/api/search?q=monitoring%20commission");
    let hit = hits["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["speaker"].is_null() && h["source"] == "a Veltarian official")
        .unwrap_or_else(|| panic!("a hit with the unnamed source: {hits}"));
    assert!(hit["speaker_id"].is_null());
    let page = get("/search?q=monitoring%20commission");
    assert_eq!(page.status, 200);
    assert!(page.body.contains(UNNAMED_MARKUP), "search hits should show the source as written");
}

#[test]
fn statements_filter_by_speaker_kind_and_words() {
    let page = get_json("/api/statements?speaker=Hlushchak&limit=500");
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|q| q["speaker"] == "Yurii Hlushchak"), "{page}");
    // One speaker's statements (read in the speaker's own index order) come
    // in the very order, and pages, of the whole listing, both directions.
    let id = items[0]["speaker_id"].as_str().unwrap().to_string();
    for order in ["", "&order=desc"] {
        let all = get_json(&format!("/api/statements?limit=500{order}"));
        let want: Vec<&serde_json::Value> =
            all["items"].as_array().unwrap().iter().filter(|q| q["speaker_id"] == id.as_str()).collect();
        let got = get_json(&format!("/api/statements?speaker={id}&limit=500{order}"));
        let got: Vec<&serde_json::Value> = got["items"].as_array().unwrap().iter().collect();
        assert!(want.len() > 3 && got == want, "speaker {id}{order}: {got:?} vs {want:?}");
        let page = get_json(&format!("/api/statements?speaker={id}&limit=2&offset=2{order}"));
        assert_eq!(page["items"].as_array().unwrap().iter().collect::<Vec<_>>(), want[2..4]);
    }
    let direct = get_json("/api/statements?kind=direct&limit=500");
    assert!(direct["items"].as_array().unwrap().iter().all(|q| q["kind"] == "direct"));
    let words = get_json("/api/statements?q=DAM&limit=500");
    assert!(words["total"].as_u64().unwrap() > 0);
    assert!(
        words["items"].as_array().unwrap().iter().all(|q| q["text"].as_str().unwrap().to_lowercase().contains("dam"))
    );
    let dated = get_json("/api/timeline?since=2025-04&until=2025-04&limit=500");
    assert!(dated["items"].as_array().unwrap().iter().all(|s| s["said_on"].as_str().unwrap().starts_with("2025-04")));
    let desc = get_json("/api/timeline?order=desc&limit=2");
    let (a, b) = (desc["items"][0]["said_on"].as_str().unwrap(), desc["items"][1]["said_on"].as_str().unwrap());
    assert!(a >= b, "{a} before {b} in descending order");
}

#[test]
fn story_entity_and_outlet_details() {
    let stories = get_json("/api/stories?limit=500");
    let story =
        stories["items"].as_array().unwrap().iter().max_by_key(|s| s["articles"].as_array().unwrap().len()).unwrap();
    let id = story["id"].as_str().unwrap();
    let d = get_json(&format!("/api/stories/{id}"));
    assert_eq!(d["title"], story["title"]);
    assert_eq!(d["article_list"].as_array().unwrap().len(), story["articles"].as_array().unwrap().len());

    let ents = get_json("/api/entities?q=Hlushchak");
    let e = &ents["items"][0];
    let d = get_json(&format!("/api/entities/{}", e["id"].as_str().unwrap()));
    assert_eq!(d["name"], "Yurii Hlushchak");
    assert!(!d["statements"].as_array().unwrap().is_empty());
    let by_outlet: u64 = d["quotes_by_outlet"].as_array().unwrap().iter().map(|o| o["quotes"].as_u64().unwrap()).sum();
    assert_eq!(by_outlet as usize, d["quote_list"].as_array().unwrap().len());

    let outlets = get_json("/api/outlets");
    let rows = outlets.as_array().unwrap();
    assert!(rows.iter().any(|o| o["outlet"] == "Meridian Wire" && o["articles"].as_u64().unwrap() > 0), "{outlets}");
    let quotes: u64 = rows.iter().map(|o| o["quotes"].as_u64().unwrap()).sum();
    assert!(quotes > 0);

    // The outlets page shows who writes which variant, label escaped.
    let page = get("/outlets").body;
    assert!(page.contains("Which term each outlet uses"), "{page}");
    assert!(page.contains("&lt;i&gt;dam&lt;/i&gt;") && !page.contains("<i>dam</i>"), "{page}");
    assert!(page.contains("<strong>reservoir</strong>"), "{page}");
}

/// Every hit of a search response has highlights, and each marks a word
/// starting with `start` (case aside).
fn assert_every_hit_marks(r: &serde_json::Value, start: &str) {
    for hit in r["articles"].as_array().unwrap().iter().chain(r["statements"].as_array().unwrap()) {
        let snippet = hit["snippet"].as_str().unwrap();
        let hl = hit["highlights"].as_array().unwrap();
        assert!(!hl.is_empty(), "{hit}");
        for h in hl {
            let (s, e) = (h[0].as_u64().unwrap() as usize, h[1].as_u64().unwrap() as usize);
            assert!(chars_slice(snippet, s, e).to_lowercase().starts_with(start), "{snippet} {s}..{e}");
        }
    }
}

#[test]
fn search_ranks_highlights_and_facets() {
    let r = get_json("/api/search?q=dam");
    assert!(r["total_articles"].as_u64().unwrap() > 0, "{r}");
    assert!(r["total_statements"].as_u64().unwrap() > 0, "{r}");
    assert_every_hit_marks(&r, "dam");
    let scores: Vec<f64> = r["articles"].as_array().unwrap().iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked best first: {scores:?}");
    let facet = &r["outlets"].as_array().unwrap().iter().find(|f| !f["value"].is_null()).unwrap().clone();
    let outlet = facet["value"].as_str().unwrap();
    let filtered = get_json(&format!("/api/search?q=dam&outlet={}", storyline_server::html::pct(outlet)));
    assert_eq!(filtered["total_articles"], facet["count"]);
    assert!(filtered["articles"].as_array().unwrap().iter().all(|h| h["outlet"] == outlet));
    let story = r["stories"].as_array().unwrap().first().expect("a story facet").clone();
    let by_story = get_json(&format!("/api/search?q=dam&story={}", story["id"].as_str().unwrap()));
    assert_eq!(by_story["total_articles"], story["count"], "{story}");
    let since = get_json("/api/search?q=dam&since=2025-04&limit=500");
    for h in since["statements"].as_array().unwrap() {
        assert!(h["said_on"].as_str().unwrap() >= "2025-04", "{h}");
    }
    for h in since["articles"].as_array().unwrap() {
        assert!(h["published"].as_str().unwrap() >= "2025-04", "{h}");
    }
    assert!(since["total_articles"].as_u64() < r["total_articles"].as_u64());
    assert_eq!(get("/api/search?q=dam&since=April").status, 400);
    // A trailing `*` finds every word starting with it, and only those.
    let prefixed = get_json("/api/search?q=da*&limit=500");
    assert!(prefixed["total_articles"].as_u64() >= r["total_articles"].as_u64(), "{prefixed}");
    assert_every_hit_marks(&prefixed, "da");
    assert_eq!(get_json("/api/search?q=qqqzz*")["total_articles"], 0);
    // Stemming: "talks" finds "talk".
    assert!(get_json("/api/search?q=talk")["total_articles"].as_u64().unwrap() > 0);
    // FTS operators typed by a user are plain words, never a syntax error.
    assert_eq!(get("/api/search?q=dam%20OR%20NEAR(%22x").status, 200);
}

#[test]
fn etag_gives_304_on_match() {
    for path in ["/api/stories", "/", "/outlets", "/static/app.css"] {
        let first = get(path);
        assert_eq!(first.status, 200);
        let tag = first.header("etag").expect("an ETag").to_string();
        let again = request(addr(), "GET", path, &[("If-None-Match", &tag)], "");
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let other = request(addr(), "GET", path, &[("If-None-Match", "\"0000\"")], "");
        assert_eq!(other.status, 200);
        assert_eq!(other.body, first.body, "{path} is deterministic");
    }
}

#[test]
fn errors_are_json_with_message_and_code() {
    let r = get("/api/articles/ffffffffffffffff");
    assert_eq!(r.status, 404);
    let j = r.json();
    assert_eq!(j["code"], "not_found");
    assert!(j["message"].as_str().unwrap().contains("ffffffffffffffff"));
    for path in ["/api/stories/nope", "/api/entities/nope", "/api/no-such-route"] {
        let r = get(path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json()["code"], "not_found");
    }
    for path in [
        "/api/articles?limit=0",
        "/api/articles?limit=abc",
        "/api/timeline?since=yesterday",
        "/api/search",
        "/api/search?q=%22%22",
    ] {
        let r = get(path);
        assert_eq!(r.status, 400, "{path}");
        assert_eq!(r.json()["code"], "bad_request", "{path}");
    }
    let page = get("/articles/ffffffffffffffff");
    assert_eq!(page.status, 404);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.body.contains("not_found"));
}

#[test]
fn pages_render_with_a_strict_csp() {
    let story_id = get_json("/api/stories?limit=500")["items"][0]["id"].as_str().unwrap().to_string();
    let entity_id = get_json("/api/entities?q=Makiranta")["items"][0]["id"].as_str().unwrap().to_string();
    let article_id = get_json("/api/statements?limit=1")["items"][0]["article_id"].as_str().unwrap().to_string();
    let pages = [
        ("/".to_string(), "Latest statements"),
        (format!("/stories/{story_id}"), "Timeline of statements"),
        (format!("/entities/{entity_id}"), "Positions over time"),
        (format!("/articles/{article_id}"), "Statements in this article"),
        ("/outlets".to_string(), "Outlets compared"),
        ("/search?q=dam".to_string(), "Statements"),
        ("/stories".to_string(), "Stories"),
        ("/articles".to_string(), "Articles"),
        ("/entities".to_string(), "Ilona Makiranta"),
    ];
    for (path, expect) in &pages {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.contains(expect), "{path} lacks {expect:?}");
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'none'") && csp.contains("style-src 'self'"), "{csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_tags_are_safe(path, &r.body);
    }
    let story = get(&format!("/stories/{story_id}"));
    assert!(story.body.contains("<svg class=\"timeline\""));
    let css = get("/static/app.css");
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

/// Every tag in the page is one the server writes on purpose, with only the
/// attributes it writes: no event handlers, no style attributes, no script,
/// and links only to this site, anchors or http(s).
fn assert_tags_are_safe(page: &str, html: &str) {
    const TAGS: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "link",
        "body",
        "a",
        "header",
        "nav",
        "form",
        "label",
        "input",
        "button",
        "main",
        "footer",
        "h1",
        "h2",
        "h3",
        "p",
        "section",
        "ol",
        "ul",
        "li",
        "blockquote",
        "details",
        "summary",
        "span",
        "time",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "div",
        "dt",
        "dd",
        "article",
        "code",
        "strong",
        "aside",
        "select",
        "option",
        "svg",
        "line",
        "text",
        "circle",
        "mark",
        "br",
    ];
    const ATTRS: &[&str] = &[
        "lang",
        "charset",
        "name",
        "content",
        "rel",
        "href",
        "class",
        "id",
        "action",
        "method",
        "role",
        "for",
        "type",
        "value",
        "placeholder",
        "tabindex",
        "title",
        "datetime",
        "scope",
        "selected",
        "viewbox",
        "text-anchor",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "aria-labelledby",
        "aria-label",
        "aria-current",
        "size",
        "html",
    ];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').unwrap_or_else(|| panic!("{page}: unclosed tag")) + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag).trim_end_matches('/');
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(TAGS.contains(&name.as_str()), "{page}: unexpected tag <{tag}>");
        let mut attrs = &tag[name_end..];
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                break;
            }
            let end = attrs.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(attrs.len());
            let attr = attrs[..end].to_ascii_lowercase();
            assert!(ATTRS.contains(&attr.as_str()), "{page}: attribute {attr:?} in <{tag}>");
            attrs = &attrs[end..];
            if let Some(v) = attrs.strip_prefix("=\"") {
                let q = v.find('"').unwrap_or_else(|| panic!("{page}: unquoted attribute in <{tag}>"));
                let value = &v[..q];
                if attr == "href" || attr == "action" {
                    assert!(
                        value.starts_with('/') && !value.starts_with("//")
                            || value.starts_with('#')
                            || value.starts_with("http"),
                        "{page}: unsafe link {value:?}"
                    );
                }
                attrs = &v[q + 1..];
            } else {
                assert!(!attrs.starts_with('='), "{page}: unquoted attribute value in <{tag}>");
            }
        }
    }
}

#[test]
fn hostile_article_renders_inert() {
    let id = hostile_article_id();
    let api = get_json(&format!("/api/articles/{id}"));
    assert!(api["title"].as_str().unwrap().contains("<script>"), "the API returns data as stored");
    let r = get(&format!("/articles/{id}"));
    assert_eq!(r.status, 200);
    let body = &r.body;
    assert!(body.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"), "title shown as text");
    assert!(body.contains("javascript:alert(&#39;url&#39;)"), "the hostile URL is shown as text");
    assert!(!body.contains("href=\"javascript"), "no javascript: link");
    assert!(body.contains("Evil&quot;&gt;&lt;img"), "outlet escaped");
    for needle in ["<script", "<img", "<style", "<iframe", "<b ", "<svg onload", "</textarea"] {
        assert!(!body.to_lowercase().contains(needle), "raw {needle} in the article page");
    }
    assert_tags_are_safe("hostile article", body);

    // Everywhere else it appears: listings, search, its outlet, its speakers.
    let mut pages = vec![
        "/".to_string(),
        "/articles?duplicates=true".to_string(),
        "/outlets".to_string(),
        "/search?q=alert".to_string(),
        "/search?q=script&outlet=Evil%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(%27outlet%27)%3E%20Gazette".to_string(),
        "/search?q=%3Cscript%3E".to_string(),
        "/entities?q=%3Cscript%3E".to_string(),
    ];
    for s in api["stories"].as_array().unwrap() {
        pages.push(format!("/stories/{}", s["id"].as_str().unwrap()));
    }
    for q in api["quotes"].as_array().unwrap() {
        if let Some(sid) = q["speaker_id"].as_str() {
            pages.push(format!("/entities/{sid}"));
        }
    }
    for path in &pages {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_tags_are_safe(path, &r.body);
    }
    let search = get("/search?q=alert");
    assert!(search.body.contains("<mark>alert</mark>"), "search highlights the hostile words as text");
}

#[test]
fn ingest_needs_a_configured_token() {
    // Not configured: the route does not exist.
    let r = request(addr(), "POST", "/api/documents", &[("Authorization", "Bearer x")], "{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found");

    // Configured: a separate database, since uploads change it.
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = ServeConfig::new(build_db(dir.path()));
    cfg.listen = "127.0.0.1:0".parse().unwrap();
    cfg.ingest_token = Some("s3cret".into());
    let server = storyline_server::start(cfg).unwrap();
    let a = server.addr();
    let doc = serde_json::json!({
        "id": "upload-1", "title": "Wombat survey opens", "outlet": "Harbourline Daily", "published": "2025-04-21",
        "text": "PORT AMREL, April 21 — \"Every wombat will be counted,\" said Amara Oyelaran on Monday.\n\nThe survey ends in May.",
    })
    .to_string()
        + "\n{\"id\": \"broken\"}\n";
    // The timeline read (and its reports cached) before the upload.
    let before = request(a, "GET", "/api/timeline?limit=500", &[], "").json();
    let r = request(a, "POST", "/api/documents", &[], &doc);
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (401, "unauthorized"));
    let r = request(a, "POST", "/api/documents", &[("Authorization", "Bearer wrong")], &doc);
    assert_eq!(r.status, 401);
    let r = request(a, "POST", "/api/documents", &[("Authorization", "Bearer s3cret")], &doc);
    assert_eq!(r.status, 202, "{}", r.body);
    let report = r.json();
    assert_eq!(report["received"], 2);
    assert_eq!(report["stored"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["failed"][0]["code"], "json", "{report}");
    let id = report["stored"][0].as_str().unwrap().to_string();
    assert_eq!(request(a, "GET", &format!("/api/articles/{id}"), &[], "").status, 200);
    // Stories, timeline and the search index catch up in the background.
    let found = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        request(a, "GET", "/api/search?q=wombat", &[], "").json()["total_articles"] == 1
    });
    assert!(found, "the upload never became searchable");
    let stories = request(a, "GET", &format!("/api/articles/{id}"), &[], "").json();
    assert!(!stories["stories"].as_array().unwrap().is_empty(), "the corpus passes ran");
    // The new statement is listed with its report; nothing cached before is stale.
    let after = request(a, "GET", "/api/timeline?limit=500&after=1", &[], "").json();
    assert_eq!(after["total"].as_u64(), before["total"].as_u64().map(|n| n + 1));
    let wombat = after["items"].as_array().unwrap().iter().find(|r| r["text"].as_str().unwrap().contains("wombat"));
    assert_eq!(wombat.unwrap()["reports"][0]["article_id"], id.as_str());
    let again = request(a, "POST", "/api/documents", &[("Authorization", "Bearer s3cret")], &doc).json();
    assert_eq!((again["unchanged"].as_u64(), again["stored"].as_array().unwrap().len()), (Some(1), 0));
    let r = request(a, "POST", "/api/documents", &[("Authorization", "Bearer s3cret")], " \n");
    assert_eq!(r.status, 400);
    let too_big = (storyline_server::MAX_BODY_BYTES + 1).to_string();
    let r =
        request(a, "POST", "/api/documents", &[("Authorization", "Bearer s3cret"), ("Content-Length", &too_big)], "");
    assert_eq!(r.status, 413);
    // The bucket empties: later attempts are refused before the token is checked.
    let statuses: Vec<u16> = (0..12)
        .map(|_| request(a, "POST", "/api/documents", &[("Authorization", "Bearer s3cret")], "{}").status)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    server.stop().unwrap();
}

/// A statement reported many times lists only its first reports in the
/// timeline, says how many there are, and the statements endpoint lists them all.
#[test]
fn timeline_reports_are_capped_with_their_total() {
    let full = get_json("/api/timeline?limit=500&reports=500");
    let many = full["items"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|r| r["reports"].as_array().unwrap().len())
        .unwrap()
        .clone();
    let n = many["reports"].as_array().unwrap().len();
    assert!(n >= 2, "the sample has a statement reported several times");
    let capped = get_json("/api/timeline?limit=500&reports=1");
    let row = capped["items"].as_array().unwrap().iter().find(|r| r["id"] == many["id"]).unwrap();
    assert_eq!(row["reports"].as_array().unwrap().len(), 1);
    assert_eq!(row["reports"][0], many["reports"][0], "the earliest report is kept");
    assert_eq!(row["reports_total"].as_u64(), Some(n as u64));
    let id = many["id"].as_str().unwrap();
    let all = get_json(&format!("/api/statements?statement={id}&duplicates=true&limit=500"));
    assert_eq!(all["total"].as_u64(), Some(n as u64));
    let mut ids: Vec<&str> = all["items"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    let mut want: Vec<&str> =
        many["reports"].as_array().unwrap().iter().map(|r| r["quote_id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    want.sort_unstable();
    assert_eq!(ids, want);
    let r = get("/api/timeline?reports=100000");
    assert_eq!(r.status, 400);
}

/// A statement's reports are read once per data version and reused by every
/// page that lists it: a page read with them cached is the page read without.
#[test]
fn timeline_pages_read_with_cached_reports_are_the_same() {
    for qs in ["limit=500&reports=500", "limit=500&reports=1", "limit=7&offset=3", "order=desc&limit=20"] {
        let first = get_json(&format!("/api/timeline?{qs}&fill=1"));
        // Another URI: the response cache misses, the report cache hits.
        let again = get_json(&format!("/api/timeline?{qs}&fill=2"));
        assert_eq!(first["items"], again["items"], "{qs}");
        assert!(first["items"].as_array().unwrap().iter().all(|r| !r["reports"].as_array().unwrap().is_empty()));
    }
    // A cap is part of what is cached: one report listed, then all of them.
    let one = get_json("/api/timeline?limit=500&reports=1&fill=3");
    let all = get_json("/api/timeline?limit=500&reports=500&fill=4");
    for (a, b) in one["items"].as_array().unwrap().iter().zip(all["items"].as_array().unwrap()) {
        assert_eq!(a["reports_total"], b["reports_total"]);
        assert_eq!(b["reports"].as_array().unwrap().len() as u64, b["reports_total"].as_u64().unwrap());
        assert_eq!(a["reports"].as_array().unwrap().len(), 1);
    }
}

/// The API cuts pages in SQL; the rows must be the ones the CLI listings
/// (`Store::timeline`, `Store::quotes`) give for the same filter, in order.
#[test]
fn sql_pages_agree_with_the_cli_listings() {
    use storyline_store::{Filter, Store};
    let store = Store::open_read_only(&fixture().db).unwrap();
    let story = get_json("/api/stories?limit=1")["items"][0]["id"].as_str().unwrap().to_string();
    let cases: Vec<(&str, Filter)> = vec![
        ("", Filter::default()),
        ("speaker=Hlushchak", Filter { speaker: Some("Hlushchak".into()), ..Filter::default() }),
        ("outlet=meridian", Filter { outlet: Some("meridian".into()), ..Filter::default() }),
        ("entity=Zoria", Filter { entity: Some("Zoria".into()), ..Filter::default() }),
        ("since=2025-04", Filter { since: Some("2025-04".into()), ..Filter::default() }),
    ];
    let story_case = format!("story={story}");
    let mut cases = cases;
    cases.push((&story_case, Filter { story: Some(story.clone()), ..Filter::default() }));
    for (qs, filter) in &cases {
        let expected = serde_json::to_value(store.timeline(filter).unwrap()).unwrap();
        let mut got = get_json(&format!("/api/timeline?limit=500&reports=500&{qs}"));
        // The API adds each statement's report count (its list may be capped).
        for row in got["items"].as_array_mut().unwrap() {
            let total = row.as_object_mut().unwrap().remove("reports_total").unwrap();
            assert_eq!(total.as_u64().unwrap() as usize, row["reports"].as_array().unwrap().len(), "{qs}");
        }
        assert_eq!(got["items"], expected, "timeline {qs}");
        assert_eq!(got["total"].as_u64().unwrap() as usize, expected.as_array().unwrap().len());
        let expected = serde_json::to_value(store.quotes(filter).unwrap()).unwrap();
        let got = get_json(&format!("/api/statements?limit=500&{qs}"));
        assert_eq!(got["items"], expected, "statements {qs}");
        // A later page continues where the first stopped.
        let n = expected.as_array().unwrap().len();
        if n > 3 {
            let p2 = get_json(&format!("/api/statements?limit=2&offset=2&{qs}"));
            assert_eq!(p2["items"][0], expected[2], "statements page 2 {qs}");
        }
    }
}

#[test]
fn statements_by_outlet_read_from_memory_match_the_sql_listing() {
    use storyline_store::{Filter, Paging, QuoteFilter, Store};
    // Warm: outlet-filtered pages are then located in memory (`facts.rs`).
    fixture().server.warm().unwrap();
    let store = Store::open_read_only(&fixture().db).unwrap();
    let outlets: Vec<String> = get_json("/api/outlets")
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["outlet"].as_str().map(str::to_string))
        .collect();
    assert!(outlets.len() > 2, "the sample corpus has several outlets");
    // Whole names, a substring in another case, `%` (any outlet), none.
    let mut filters: Vec<String> = outlets.iter().take(4).cloned().collect();
    filters.push(outlets[0].to_uppercase().chars().skip(2).take(4).collect());
    filters.extend(["%".to_string(), "no such outlet".to_string()]);
    for outlet in &filters {
        for duplicates in [false, true] {
            for desc in [false, true] {
                let filter =
                    Filter { outlet: Some(outlet.clone()), include_duplicates: duplicates, ..Filter::default() };
                let all = Paging { offset: 0, limit: 10_000, desc };
                let (expected, total) = store.quotes_page(&filter, &QuoteFilter::default(), all).unwrap();
                let expected = serde_json::to_value(expected).unwrap();
                let qs = format!(
                    "outlet={}&duplicates={duplicates}&order={}",
                    storyline_server::html::pct(outlet),
                    if desc { "desc" } else { "asc" }
                );
                for (offset, limit) in [(0, 500), (0, 3), (2, 3), (5, 1), (total.saturating_sub(1), 4), (total + 3, 2)]
                {
                    let got = get_json(&format!("/api/statements?{qs}&offset={offset}&limit={limit}"));
                    assert_eq!(got["total"].as_u64().unwrap() as usize, total, "{qs}");
                    let want: Vec<Value> =
                        expected.as_array().unwrap().iter().skip(offset).take(limit).cloned().collect();
                    assert_eq!(got["items"].as_array().unwrap(), &want, "{qs} offset {offset} limit {limit}");
                }
            }
        }
    }
}

#[test]
fn a_repeated_search_ranks_as_the_first_one_did() {
    // The first search of a query counts every hit (totals, facets); a repeat
    // only ranks the page, pruning postings. Both must list the same hits in
    // the same order, equal scores by document order. ("said": a word no
    // other test searches, so the first request here is the counting one.)
    let first = get_json("/api/search?q=said&limit=500");
    assert!(first["articles"].as_array().unwrap().len() > 3, "{first}");
    let again = get_json("/api/search?q=said&limit=500&x=1");
    assert_eq!(first["articles"], again["articles"]);
    assert_eq!(first["statements"], again["statements"]);
    let page = get_json("/api/search?q=said&limit=3&offset=2");
    assert_eq!(page["articles"].as_array().unwrap()[..], first["articles"].as_array().unwrap()[2..5]);
}

#[test]
fn search_totals_and_facets_are_the_same_on_every_page() {
    let first = get_json("/api/search?q=dam&limit=2");
    let again = get_json("/api/search?q=dam&limit=2&x=1");
    assert_eq!(first, again, "a repeat (counted once, then remembered) answers the same");
    let later = get_json("/api/search?q=dam&limit=2&offset=2");
    for key in ["total_articles", "total_statements", "outlets", "speakers", "stories"] {
        assert_eq!(first[key], later[key], "{key}");
    }
    let all = get_json("/api/search?q=dam&limit=500");
    let page = later["articles"].as_array().unwrap();
    assert_eq!(page[..], all["articles"].as_array().unwrap()[2..2 + page.len()]);
}

#[test]
fn openapi_document_describes_every_route() {
    let doc = get_json("/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/articles",
        "/api/articles/{id}",
        "/api/statements",
        "/api/timeline",
        "/api/stories",
        "/api/stories/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/outlets",
        "/api/search",
        "/api/openapi.json",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not described");
    }
    // Every error code the server can send is listed.
    let codes = doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"].to_string();
    for code in ["not_found", "bad_request", "unauthorized", "rate_limited", "too_large", "method_not_allowed"] {
        assert!(codes.contains(code), "{code}");
    }
    let r = request(addr(), "DELETE", "/api/articles", &[], "");
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (405, "method_not_allowed"));
}

/// Adds documents to a database the way `storyline analyze` does.
fn analyze_into(db: &Path, jsonl: &Path) {
    let (inputs, _) = storyline_ingest::expand_paths(&[jsonl.to_path_buf()]).unwrap();
    let opts = storyline_analysis::AnalyzeOptions::default();
    let analyses: Vec<storyline_model::Analysis> =
        storyline_ingest::Ingest::new(inputs, storyline_ingest::IngestOptions::default())
            .filter_map(Result::ok)
            .filter_map(|doc| storyline_analysis::analyze(&doc, &opts).ok())
            .collect();
    let mut store = storyline_store::Store::open(db).unwrap();
    assert_eq!(store.insert_batch(&analyses).unwrap(), analyses.len());
    let docs = store.doc_summaries().unwrap();
    let (result, statements) =
        storyline_corpus::run_collect(docs, &storyline_corpus::CorpusConfig::default(), &store).unwrap();
    store.write_corpus(&result, &statements).unwrap();
}

#[test]
fn search_index_follows_a_database_analysed_into_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_db(dir.path());
    let mut cfg = ServeConfig::new(&db);
    cfg.listen = "127.0.0.1:0".parse().unwrap();
    let server = storyline_server::start(cfg).unwrap();
    let search = |q: &str| {
        let r = request(server.addr(), "GET", &format!("/api/search?q={q}"), &[], "");
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["total_articles"].as_u64().unwrap()
    };
    assert_eq!(search("quokka"), 0);
    assert!(!server.refresh_search_index().unwrap(), "nothing changed yet");
    let listed = |path: &str| {
        let r = request(server.addr(), "GET", path, &[], "");
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["items"].as_array().unwrap().iter().any(|a| a["external_id"] == "late-1")
    };
    // Asked twice so the response cache holds it: it must not outlive the data.
    assert!(!listed("/api/articles?limit=500") && !listed("/api/articles?limit=500"));

    let late = dir.path().join("late.jsonl");
    let doc = serde_json::json!({
        "id": "late-1", "title": "Quokka census begins", "outlet": "Meridian Wire", "published": "2025-04-20",
        "text": "PORT AMREL, April 20 — \"We will count every quokka on the island,\" said Ilona Makiranta on Sunday.\n\nThe census runs until May.",
    });
    std::fs::write(&late, doc.to_string() + "\n").unwrap();
    analyze_into(&db, &late);

    // Listings read the live database at once; the index follows on refresh.
    assert!(listed("/api/articles?limit=500"), "a cached listing is dropped when the database changes");
    // Until then a hit is read back by its row, and a row holding another
    // article by now (here: renamed in place) is left out, never shown as the hit.
    let hits = |q: &str| {
        let r = request(server.addr(), "GET", &format!("/api/search?q={q}&limit=500"), &[], "");
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let before = hits("dam");
    let renamed = before.first().expect("a dam article").clone();
    let store = storyline_store::Store::open(&db).unwrap();
    let conn = store.connection();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute("UPDATE articles SET id = 'renamed-in-place' WHERE id = ?1", [&renamed]).unwrap();
    let after = hits("dam");
    assert!(!after.contains(&renamed) && !after.iter().any(|id| id == "renamed-in-place"), "{after:?}");
    assert_eq!(after.len(), before.len() - 1);
    conn.execute("UPDATE articles SET id = ?1 WHERE id = 'renamed-in-place'", [&renamed]).unwrap();
    drop(store);
    assert!(server.refresh_search_index().unwrap());
    assert_eq!(search("quokka"), 1);
    assert!(!server.refresh_search_index().unwrap());
    server.stop().unwrap();
}

#[test]
fn duplicates_link_copy_and_original() {
    let all = get_json("/api/articles?duplicates=true&limit=500");
    let copy =
        all["items"].as_array().unwrap().iter().find(|a| !a["duplicate_of"].is_null()).expect("the corpus has a copy");
    let (copy_id, original_id) = (copy["id"].as_str().unwrap(), copy["duplicate_of"].as_str().unwrap());
    let d = get_json(&format!("/api/articles/{copy_id}"));
    assert_eq!(d["original"]["id"], original_id);
    let o = get_json(&format!("/api/articles/{original_id}"));
    assert!(o["copies"].as_array().unwrap().iter().any(|c| c["id"] == copy_id));
    let page = get(&format!("/articles/{original_id}")).body;
    assert!(page.contains("Republished by") && page.contains(&format!("/articles/{copy_id}")));
    let page = get(&format!("/articles/{copy_id}")).body;
    assert!(page.contains("Copy of") && page.contains(&format!("/articles/{original_id}")));
    // Copies stay out of default listings.
    assert!(
        get_json("/api/articles?limit=500")["items"].as_array().unwrap().iter().all(|a| a["duplicate_of"].is_null())
    );
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).expect("a valid gzip body");
    out
}

#[test]
fn gzip_when_the_client_accepts_it() {
    for path in ["/api/timeline?limit=20", "/api/statements?limit=20", "/api/search?q=dam", "/outlets"] {
        let plain = get(path);
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.header("content-encoding"), None, "{path}: no gzip unless asked");
        let zipped = request_raw(addr(), "GET", path, &[("Accept-Encoding", "gzip")], "");
        assert_eq!(zipped.status, 200, "{path}");
        let header = |n: &str| zipped.headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(header("content-encoding"), Some("gzip"), "{path}");
        assert!(header("vary").unwrap_or("").to_ascii_lowercase().contains("accept-encoding"), "{path}");
        assert!(zipped.body.len() < plain.body.len(), "{path}: gzip is smaller");
        let text = gunzip(&zipped.body);
        assert_eq!(text, plain.body, "{path}: decodes to the same body");
        if path.starts_with("/api/") {
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), plain.json());
        }
        // Each representation has its own ETag, and a gzip client revalidates with its own.
        let tag = header("etag").expect("an ETag on the gzip body");
        assert_ne!(Some(tag), plain.header("etag"), "{path}");
        let again = request_raw(addr(), "GET", path, &[("Accept-Encoding", "gzip"), ("If-None-Match", tag)], "");
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
    }
    // The security headers stay on compressed responses.
    let zipped = request_raw(addr(), "GET", "/", &[("Accept-Encoding", "gzip")], "");
    assert!(zipped.headers.iter().any(|(k, v)| k == "content-security-policy" && v.contains("script-src 'none'")));
    assert!(gunzip(&zipped.body).contains("</html>"));
}

#[test]
fn a_request_past_its_deadline_is_a_503_not_a_hang() {
    let mut cfg = ServeConfig::new(&fixture().db);
    cfg.listen = "127.0.0.1:0".parse().unwrap();
    cfg.ingest_token = Some("s3cret".into());
    cfg.request_timeout = Duration::from_secs(1);
    let server = storyline_server::start(cfg).unwrap();
    assert_eq!(request(server.addr(), "GET", "/api/timeline", &[], "").status, 200, "ordinary requests pass");
    // A client that announces a body and stalls half-way.
    let started = std::time::Instant::now();
    let mut s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer s3cret\r\nContent-Length: 1000\r\n\r\n{{\"text\":",
        server.addr()
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") || !raw.ends_with(b"}") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("\"code\":\"timeout\""), "{text}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(10), "{waited:?}");
    server.stop().unwrap();
}
