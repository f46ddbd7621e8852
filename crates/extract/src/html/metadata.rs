//! Title, outlet, author, dates, language and URL from what the page says
//! about itself: meta tags, JSON-LD, `<title>`, `<h1>`, `<time>`, bylines.
//!
//! This module only gathers candidates, each named by the rule that found
//! it; `html::mod` decides precedence so the order is visible in one place.

use super::dom::Dom;
use serde_json::Value;

/// Every metadata candidate the page offers, by source.
#[derive(Default, Debug)]
pub struct PageMeta {
    pub og_title: Option<String>,
    pub twitter_title: Option<String>,
    pub title_tag: Option<String>,
    pub h1: Vec<(usize, String)>,
    pub og_site_name: Option<String>,
    pub application_name: Option<String>,
    pub meta_author: Option<(String, &'static str)>,
    pub byline_nodes: Vec<(usize, String)>,
    pub rel_author: Vec<(usize, String)>,
    /// Names after a "Written by" / "Author" / "By" label element.
    pub labelled_author: Vec<(usize, String)>,
    /// Texts of links to an author page (`/author/jane-doe`).
    pub author_links: Vec<(usize, String)>,
    /// Elements with "author" in their class (not bios or boxes).
    pub author_class: Vec<(usize, String)>,
    pub itemprop_author: Vec<(usize, String)>,
    pub meta_published: Option<(String, &'static str)>,
    pub meta_modified: Option<(String, &'static str)>,
    pub itemprop_published: Vec<(usize, String)>,
    /// `<time>` elements: (dom index, datetime attribute or text).
    pub times: Vec<(usize, String)>,
    /// Short texts of elements whose class/id names a date ("post-date").
    pub date_nodes: Vec<(usize, String)>,
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    pub html_lang: Option<String>,
    pub meta_lang: Option<String>,
    pub ld: LdMeta,
}

/// What JSON-LD says about the article object.
#[derive(Default, Debug)]
pub struct LdMeta {
    pub headline: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    pub url: Option<String>,
}

/// Meta names carrying a publication date, most specific first.
const PUBLISHED_NAMES: &[(&str, &str)] = &[
    ("article:published_time", "meta:article:published_time"),
    ("og:published_time", "meta:og:published_time"),
    ("article:published", "meta:article:published"),
    ("datepublished", "meta:datePublished"),
    ("publishdate", "meta:publishdate"),
    ("publish-date", "meta:publish-date"),
    ("pubdate", "meta:pubdate"),
    ("parsely-pub-date", "meta:parsely-pub-date"),
    ("sailthru.date", "meta:sailthru.date"),
    ("dc.date.issued", "meta:dc.date.issued"),
    ("dcterms.created", "meta:dcterms.created"),
    ("dc.date", "meta:dc.date"),
    ("dcterms.date", "meta:dcterms.date"),
    ("date", "meta:date"),
    ("citation_publication_date", "meta:citation_publication_date"),
    ("article.published", "meta:article.published"),
    ("originalpublicationdate", "meta:originalpublicationdate"),
    ("cxenseparse:recs:publishtime", "meta:cxenseparse:recs:publishtime"),
    ("published", "meta:published"),
    ("published_time", "meta:published_time"),
    ("publish_date", "meta:publish_date"),
    ("date_published", "meta:date_published"),
    ("original-publish-date", "meta:original-publish-date"),
    ("article_date_original", "meta:article_date_original"),
    ("dc.date.created", "meta:dc.date.created"),
    ("pdate", "meta:pdate"),
    ("ptime", "meta:ptime"),
    ("release_date", "meta:release_date"),
];

const MODIFIED_NAMES: &[(&str, &str)] = &[
    ("article:modified_time", "meta:article:modified_time"),
    ("og:updated_time", "meta:og:updated_time"),
    ("dateModified", "meta:dateModified"),
    ("dcterms.modified", "meta:dcterms.modified"),
    ("last-modified", "meta:last-modified"),
];

const AUTHOR_NAMES: &[(&str, &str)] = &[
    ("author", "meta:author"),
    ("article:author", "meta:article:author"),
    ("parsely-author", "meta:parsely-author"),
    ("sailthru.author", "meta:sailthru.author"),
    ("dc.creator", "meta:dc.creator"),
    ("byl", "meta:byl"),
    ("twitter:creator", "meta:twitter:creator"),
];

pub fn gather(dom: &Dom<'_>) -> PageMeta {
    let mut m = PageMeta::default();
    let mut published_rank = usize::MAX;
    let mut modified_rank = usize::MAX;
    let mut author_rank = usize::MAX;
    let mut in_head_title = false;
    // After a label element ("Written by"), the next text names the author.
    let mut label_until: Option<usize> = None;
    let mut lower = String::new();
    for (i, node) in dom.nodes.iter().enumerate() {
        if let Some(t) = node.text() {
            let t = t.trim();
            if !t.is_empty() {
                if let Some(end) = label_until
                    && i >= end
                {
                    label_until = None;
                    if t.chars().count() < 60 && m.labelled_author.len() < 5 {
                        m.labelled_author.push((i, collapse(t)));
                    }
                } else if AUTHOR_LABELS.iter().any(|l| t.trim_end_matches(':').eq_ignore_ascii_case(l)) {
                    // The next text names the author, inside the label's
                    // parent ("<div>by <span>Jane Doe</span></div>") or
                    // after it ("<b>By</b> Jane Doe"): skipping to the
                    // parent's end took whatever followed the byline.
                    label_until = Some(i + 1);
                } else if t.len() < 80
                    && (t.starts_with("by ") || t.starts_with("By "))
                    && !in_controls(dom, i)
                    && let Some(a) = crate::text::byline_author(t)
                    && a.split_whitespace().count() >= 2
                    && m.byline_nodes.len() < 20
                {
                    m.byline_nodes.push((i, format!("By {a}")));
                }
            }
        }
        let tag = node.tag();
        match tag {
            "" => {}
            "html" if m.html_lang.is_none() => {
                m.html_lang = node.attr("lang").or_else(|| node.attr("xml:lang")).map(str::to_string);
            }
            "meta" => {
                let key = node
                    .attr("property")
                    .or_else(|| node.attr("name"))
                    .or_else(|| node.attr("itemprop"))
                    .or_else(|| node.attr("http-equiv"));
                let Some(key) = key else { continue };
                let Some(content) = node.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
                    continue;
                };
                let key = key.trim().to_ascii_lowercase();
                match key.as_str() {
                    "og:title" => set_once(&mut m.og_title, content),
                    "twitter:title" => set_once(&mut m.twitter_title, content),
                    "og:site_name" => set_once(&mut m.og_site_name, content),
                    "application-name" => set_once(&mut m.application_name, content),
                    "og:url" => set_once(&mut m.og_url, content),
                    "content-language" | "language" | "dc.language" | "og:locale" => {
                        set_once(&mut m.meta_lang, content)
                    }
                    _ => {}
                }
                if let Some(r) = PUBLISHED_NAMES.iter().position(|(k, _)| k.eq_ignore_ascii_case(&key))
                    && r < published_rank
                {
                    published_rank = r;
                    m.meta_published = Some((content.to_string(), PUBLISHED_NAMES[r].1));
                }
                if let Some(r) = MODIFIED_NAMES.iter().position(|(k, _)| k.eq_ignore_ascii_case(&key))
                    && r < modified_rank
                {
                    modified_rank = r;
                    m.meta_modified = Some((content.to_string(), MODIFIED_NAMES[r].1));
                }
                if let Some(r) = AUTHOR_NAMES.iter().position(|(k, _)| k.eq_ignore_ascii_case(&key))
                    && r < author_rank
                    && looks_like_name(content)
                {
                    author_rank = r;
                    m.meta_author = Some((content.to_string(), AUTHOR_NAMES[r].1));
                }
            }
            "title" if m.title_tag.is_none() && !in_head_title => {
                in_head_title = true;
                let t = dom.text_of(i);
                if !t.is_empty() {
                    m.title_tag = Some(t);
                }
            }
            "link" => {
                let rel = node.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|r| r == "canonical")
                    && let Some(h) = node.attr("href").map(str::trim).filter(|h| h.starts_with("http"))
                {
                    set_once(&mut m.canonical, h);
                }
            }
            // Caps on every list: a hostile page may repeat these elements
            // (nested) thousands of times, and each read walks a subtree.
            "h1" if m.h1.len() < 20 => {
                let t = dom.text_of(i);
                if !t.is_empty() && t.chars().count() < 400 {
                    m.h1.push((i, t));
                }
            }
            "time" if m.times.len() < 50 => {
                let v = node.attr("datetime").map(str::to_string).unwrap_or_else(|| dom.text_of(i));
                if !v.is_empty() {
                    m.times.push((i, v));
                }
            }
            "script" if node.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                let raw = dom.text_of_raw(i);
                read_json_ld(&raw, &mut m.ld);
            }
            _ => {}
        }
        if tag.is_empty() {
            continue;
        }
        // Microdata and byline-ish elements anywhere in the page.
        if let Some(ip) = node.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if ip.split_ascii_whitespace().any(|p| p == "author" || p == "creator")
                && tag != "meta"
                && m.itemprop_author.len() < 20
            {
                let t = dom.text_of(i);
                if !t.is_empty() && t.chars().count() < 120 {
                    m.itemprop_author.push((i, t));
                }
            }
            if ip.split_ascii_whitespace().any(|p| p == "datepublished")
                && tag != "meta"
                && m.itemprop_published.len() < 20
            {
                let v = node
                    .attr("datetime")
                    .or_else(|| node.attr("content"))
                    .map(str::to_string)
                    .unwrap_or_else(|| dom.text_of(i));
                m.itemprop_published.push((i, v));
            }
        }
        if tag == "a" && m.author_links.len() < 10 && node.attr("href").is_some_and(is_author_href) {
            let t = dom.text_of(i);
            if !t.is_empty() && t.chars().count() < 80 {
                m.author_links.push((i, t));
            }
        }
        if tag == "a"
            && m.rel_author.len() < 20
            && node.attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author"))
        {
            let t = dom.text_of(i);
            if !t.is_empty() && t.chars().count() < 80 {
                m.rel_author.push((i, t));
            }
        }
        // Class and id lowercased once into a reused buffer; only small
        // subtrees are read, so a "post-meta" wrapper around the whole
        // article costs nothing.
        let class = node.attr("class").unwrap_or("");
        let id = node.attr("id").unwrap_or("");
        if class.is_empty() && id.is_empty() {
            continue;
        }
        let small = (node.end as usize).saturating_sub(i) <= 40;
        if !small {
            continue;
        }
        lower.clear();
        lower.push_str(class);
        lower.push(' ');
        lower.push_str(id);
        lower.make_ascii_lowercase();
        let c = lower.as_str();
        // One scan rejects the common case: every test below needs one of
        // these words.
        if !CLASS_WORDS.is_match(c) {
            continue;
        }
        if m.date_nodes.len() < 20
            && matches!(tag, "span" | "div" | "p" | "li" | "small" | "em" | "strong" | "abbr" | "dd" | "time" | "a")
            && ["date", "publish", "posted", "byline", "meta"].iter().any(|k| c.contains(k))
            && !c.contains("update")
            && !c.contains("modif")
        {
            let t = dom.text_of(i);
            if !t.is_empty() && t.chars().count() < 160 {
                m.date_nodes.push((i, t));
            }
        }
        let class_lc = &c[..class.len()];
        if m.author_class.len() < 10
            && class_lc.contains("author")
            && !["bio", "box", "avatar", "image"].iter().any(|k| class_lc.contains(k))
        {
            let t = dom.text_of_spaced(i);
            if !t.is_empty() && t.chars().count() < 80 {
                m.author_class.push((i, t));
            }
        }
        if m.byline_nodes.len() < 20
            && ["byline", "author-name", "authorname", "author__name", "author-link"]
                .iter()
                .any(|k| class_lc.contains(k))
        {
            let t = dom.text_of_spaced(i);
            if !t.is_empty() && t.chars().count() < 200 {
                m.byline_nodes.push((i, t));
            }
        }
    }
    m
}

/// The words the date, author and byline class tests look for.
static CLASS_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(["date", "publish", "posted", "byline", "meta", "author"]).expect("valid patterns")
});

impl Dom<'_> {
    /// Text of a subtree with a space between text nodes, for bylines whose
    /// parts sit in adjacent elements ("Jane Doe" + "Staff Writer").
    pub fn text_of_spaced(&self, i: usize) -> String {
        let end = self.nodes[i].end as usize;
        let mut out = String::new();
        for n in &self.nodes[i..end] {
            if let Some(t) = n.text() {
                out.push(' ');
                super::dom::push_collapsed(&mut out, t);
            }
        }
        collapse(&out)
    }

    /// Raw text of a subtree (scripts keep their whitespace).
    pub fn text_of_raw(&self, i: usize) -> String {
        let end = self.nodes[i].end as usize;
        self.nodes[i..end].iter().filter_map(|n| n.text()).collect()
    }
}

/// Inside a form control, navigation or a filter/sort widget, where
/// "by Role" or "Sort by Date" are not bylines.
fn in_controls(dom: &Dom<'_>, i: usize) -> bool {
    let mut p = dom.nodes[i].parent;
    let mut steps = 0;
    while p != super::dom::NO_PARENT && steps < 12 {
        let n = &dom.nodes[p as usize];
        if matches!(n.tag(), "form" | "select" | "option" | "button" | "label" | "nav" | "footer" | "aside") {
            return true;
        }
        if n.attr("class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("filter") || c.contains("sort") || c.contains("menu") || c.contains("comment")
        }) {
            return true;
        }
        p = n.parent;
        steps += 1;
    }
    false
}

/// Label texts that precede an author's name on its own.
const AUTHOR_LABELS: &[&str] =
    &["by", "written by", "author", "authors", "posted by", "words by", "story by", "article by"];

/// Links to an author's page: `/author/jane-doe`, `/authors/jane-doe/`.
fn is_author_href(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segs.len() >= 2
        && segs.len() <= 3
        && matches!(
            segs[segs.len() - 2].to_ascii_lowercase().as_str(),
            "author"
                | "authors"
                | "by"
                | "people"
                | "staff"
                | "contributor"
                | "contributors"
                | "writers"
                | "writer"
                | "journalist"
                | "journalists"
                | "producers"
                | "reporters"
                | "reporter"
                | "profile"
                | "profiles"
                | "team"
        )
}

fn set_once(slot: &mut Option<String>, v: &str) {
    if slot.is_none() {
        let v = collapse(v);
        if !v.is_empty() {
            *slot = Some(v);
        }
    }
}

pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::dom::push_collapsed(&mut out, s);
    out.trim().to_string()
}

/// An author value that is a name, not a profile URL or an id.
fn looks_like_name(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 120
        && !s.starts_with("http")
        && !s.starts_with('@')
        && !s.contains("www.")
        && s.chars().any(|c| c.is_alphabetic())
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "posting",
    "review",
    "howto",
    "recipe",
    "webpage",
    "medicalwebpage",
];

/// Reads one JSON-LD script into `ld`, preferring article-typed objects.
/// Walks `@graph` and arrays with an explicit stack.
fn read_json_ld(raw: &str, ld: &mut LdMeta) {
    let raw = raw.trim();
    let Ok(v) = serde_json::from_str::<Value>(raw).or_else(|_| {
        // Some CMSs leave trailing semicolons or HTML comments around the JSON.
        let t = raw.trim_start_matches("<!--").trim_end_matches("-->").trim().trim_end_matches(';');
        serde_json::from_str::<Value>(t)
    }) else {
        return;
    };
    let mut best: Option<(usize, &Value)> = None;
    let mut stack: Vec<&Value> = vec![&v];
    let mut seen = 0;
    while let Some(x) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match x {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(rank) = type_rank(o.get("@type")) {
                    // Lower rank = more specific; WebPage only as a last resort.
                    if best.is_none_or(|(r, _)| rank < r) {
                        best = Some((rank, x));
                    }
                }
                // Articles are sometimes nested under mainEntity.
                if let Some(me) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage"))
                    && me.is_object()
                {
                    stack.push(me);
                }
            }
            _ => {}
        }
    }
    let Some((rank, obj)) = best else { return };
    let is_webpage = ARTICLE_TYPES[rank..].len() <= 2;
    let s = |k: &str| obj.get(k).and_then(json_text);
    if ld.headline.is_none() && !is_webpage {
        ld.headline = s("headline").or_else(|| s("name"));
    }
    if ld.author.is_none() {
        ld.author = obj.get("author").or_else(|| obj.get("creator")).and_then(json_names);
    }
    if ld.publisher.is_none() {
        ld.publisher = obj.get("publisher").and_then(json_names);
    }
    if ld.date_published.is_none() {
        ld.date_published = s("datePublished").or_else(|| s("dateCreated"));
    }
    if ld.date_modified.is_none() {
        ld.date_modified = s("dateModified");
    }
    if ld.url.is_none() {
        ld.url = s("url");
    }
}

fn type_rank(t: Option<&Value>) -> Option<usize> {
    let types: Vec<String> = match t? {
        Value::String(s) => vec![s.to_ascii_lowercase()],
        Value::Array(a) => a.iter().filter_map(|v| v.as_str()).map(|s| s.to_ascii_lowercase()).collect(),
        _ => return None,
    };
    types.iter().filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t)).min()
}

fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(json_text),
        Value::Object(o) => o.get("@value").and_then(json_text),
        _ => None,
    }
}

/// A person or organisation value: a string, `{name}`, or a list of them
/// (joined with ", ").
fn json_names(v: &Value) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |x: &Value| {
        let n = match x {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(json_text),
            _ => None,
        };
        if let Some(n) = n.map(|n| collapse(&decode_entities(&n)))
            && looks_like_name(&n)
            && !names.contains(&n)
        {
            names.push(n);
        }
    };
    match v {
        Value::Array(a) => a.iter().take(10).for_each(&mut push),
        x => push(x),
    }
    // Joined the way bylines print them: "A and B", "A, B, and C".
    match names.len() {
        0 => None,
        1 => names.pop(),
        2 => Some(format!("{} and {}", names[0], names[1])),
        _ => {
            let last = names.pop().expect("three or more");
            Some(format!("{}, and {last}", names.join(", ")))
        }
    }
}

/// The handful of entities that leak into JSON-LD strings unescaped.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        // Byte search: the 12-byte window may end inside a multibyte char.
        let end = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_decoding_near_multibyte_chars_does_not_panic() {
        assert_eq!(decode_entities("2025 Trends & Why They’re Smart"), "2025 Trends & Why They’re Smart");
        assert_eq!(decode_entities("Python, SQL &#x26; AI &amp; more &#8217;"), "Python, SQL & AI & more ’");
    }

    #[test]
    fn json_ld_authors_join_like_bylines() {
        let mut ld = LdMeta::default();
        read_json_ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Page"},{"@type":"NewsArticle","headline":"Talks resume","datePublished":"2025-09-05T08:00:00Z","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],"publisher":{"@type":"Organization","name":"Daily Planet"}}]}"#,
            &mut ld,
        );
        assert_eq!(ld.headline.as_deref(), Some("Talks resume"));
        assert_eq!(ld.author.as_deref(), Some("Jane Doe and John Roe"));
        assert_eq!(ld.publisher.as_deref(), Some("Daily Planet"));
        assert_eq!(ld.date_published.as_deref(), Some("2025-09-05T08:00:00Z"));
    }
}
