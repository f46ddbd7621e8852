//! Which part of the page is the article, and its paragraphs in order.
//!
//! Readability-style: every text block scores its ancestors (length,
//! commas), containers are weighed by tag and class/id hints and discounted
//! by link density, the best container wins and joins siblings that look
//! like more of the same. Inside the winner, blocks that look like page
//! furniture (share bars, related links, captions, bylines, forms) are
//! dropped before the text is emitted. All passes are loops over the flat
//! [`Dom`]; none recurses.

use super::dom::{Dom, NO_PARENT, is_block, push_collapsed};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;
use storyline_model::ParagraphKind;

/// A paragraph of the extracted body, before offsets are assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub kind: ParagraphKind,
}

/// Per-node facts computed once and shared by the passes.
pub struct Analysis {
    /// Removed before scoring: scripts, navigation, hidden, boilerplate classes.
    pub dropped: Vec<bool>,
    /// Non-whitespace chars of kept text in the subtree.
    pub text: Vec<u32>,
    /// Of which inside links.
    pub link: Vec<u32>,
    pub commas: Vec<u32>,
    /// Class/id weight: positive for article-ish names, negative for furniture.
    pub weight: Vec<i32>,
}

/// Tags never part of an article's text.
fn is_hard_junk(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "canvas"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "option"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "figcaption"
            | "dialog"
            | "math"
            | "map"
            | "source"
            | "picture"
            | "img"
            | "label"
    )
}

/// Tags that are page furniture unless they hold most of the page's text.
fn is_soft_junk(tag: &str) -> bool {
    matches!(tag, "nav" | "aside" | "footer" | "menu" | "figure" | "form")
}

/// Class/id words naming furniture. Matched against the lowercased class
/// and id as substrings, so "sharebar", "social-links", "relatedPosts" hit.
const NEG_SUBSTR: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "sidebar",
    "promo",
    "advert",
    "sponsor",
    "subscri",
    "signup",
    "sign-up",
    "breadcrumb",
    "recommend",
    "outbrain",
    "taboola",
    "popup",
    "modal",
    "cookie",
    "gdpr",
    "paywall",
    "byline",
    "caption",
    "disclaimer",
    "footer",
    "masthead",
    "navbar",
    "topbar",
    "menu",
    "pagination",
    "pager",
    "toolbar",
    "widget-area",
    "trending",
    "popular",
    "more-stories",
    "morestories",
    "read-more",
    "readmore",
    "also-read",
    "author-bio",
    "authorbio",
    "author-info",
    "about-author",
    "author-box",
    "authorbox",
    "tag-list",
    "taglist",
    "post-tags",
    "article-tags",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "skip-link",
    "banner",
    "dateline",
    "timestamp",
    "jump-link",
    "print-only",
    "recirc",
    "next-article",
    "prev-article",
    "post-nav",
    "postnav",
    "newsfeed",
    "breaking-news",
    "slideshow",
    "carousel",
    "table-of-contents",
    "inline-ad",
    "ad-container",
    "adslot",
    "ad-slot",
    "ad-wrapper",
    "adwrap",
    "lightbox",
    "post-meta",
    "article-meta",
    "entry-meta",
    "byline",
];

/// Whole class/id tokens naming furniture (substrings would be too eager:
/// "ad" is in "header", "tag" in "stage").
const NEG_TOKEN: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "tags",
    "tag",
    "meta",
    "nav",
    "navigation",
    "author",
    "date",
    "time",
    "share",
    "print",
    "email",
    "links",
    "header",
    "aside",
    "extra",
    "partner",
    "remark",
    "rss",
    "shoutbox",
    "skyscraper",
    "masthead",
    "utility",
    "tools",
    "sticky",
    "hide",
    "hidden",
    "subhead",
    "kicker",
    "eyebrow",
    "label",
    "icon",
    "logo",
    "avatar",
    "thumbnail",
    "thumb",
    "widget",
    "bio",
    "toc",
    "embed",
    "video",
    "gallery",
    "follow",
    "rating",
    "login",
    "overlay",
    "teaser",
    "reactions",
    "credit",
    "credits",
    "donate",
    "ticker",
    "keywords",
    "topics",
    "contributor",
    "mpu",
    "dfp",
];

/// Last segments of compound class names naming furniture ("entry-date",
/// "article-tags", "post-author").
const NEG_LAST: &[&str] = &[
    "tags", "tag", "meta", "author", "authors", "date", "time", "share", "nav", "ads", "ad", "links", "print", "email",
    "icons", "social", "byline", "credits", "caption", "related", "sidebar", "footer",
];

/// Class/id words naming the article body.
const POS_SUBSTR: &[&str] = &[
    "article-body",
    "articlebody",
    "article_body",
    "article-content",
    "articlecontent",
    "article__body",
    "article__content",
    "article-text",
    "articletext",
    "story-body",
    "storybody",
    "story-content",
    "storycontent",
    "story-text",
    "entry-content",
    "entrycontent",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "post-text",
    "main-content",
    "maincontent",
    "body-text",
    "bodytext",
    "content-body",
    "contentbody",
    "article__text",
    "rich-text",
    "richtext",
    "text-content",
    "article-main",
    "articlemain",
    "news-text",
    "news-body",
    "single-content",
    "page-content",
    "content-text",
    "field-body",
    "field--name-body",
    "post__content",
    "article-detail",
    "story__body",
    "c-entry-content",
    "blog-content",
    "blogpost",
];

/// Furniture names that never wrap an article body, even on the second try.
const STRONG_NEG: &[&str] = &[
    "comment",
    "related",
    "newsletter",
    "share",
    "social",
    "sidebar",
    "footer",
    "nav",
    "menu",
    "cookie",
    "popup",
    "modal",
    "promo",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "recommend",
    "subscri",
    "signup",
    "sign-up",
    "widget",
];

/// Readability's class/id signals, weaker than the lists above.
const WEAK_POS: &[&str] = &["article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story"];

/// The attributes the analysis reads, found in one pass over the element's
/// attributes (they were looked up one by one: seven scans per element).
#[derive(Default)]
struct Attrs<'a> {
    class: &'a str,
    id: &'a str,
    role: &'a str,
    itemprop: &'a str,
    hidden: bool,
    aria_hidden: bool,
    style: &'a str,
}

fn attrs_of<'a>(dom: &Dom<'a>, i: usize) -> Attrs<'a> {
    let mut a = Attrs::default();
    let Some(e) = dom.nodes[i].elem() else { return a };
    for at in e.attrs.iter() {
        let v: &'a str = &at.value;
        match &*at.name.local {
            "class" => a.class = v,
            "id" => a.id = v,
            "role" => a.role = v,
            "itemprop" => a.itemprop = v,
            "hidden" => a.hidden = true,
            "aria-hidden" => a.aria_hidden = v == "true",
            "style" => a.style = v,
            _ => {}
        }
    }
    a
}

/// Writes class, id, role and itemprop into `s`, lowercased and
/// space-separated with a leading and trailing space; false when the
/// element has none of them.
fn class_id(a: &Attrs<'_>, s: &mut String) -> bool {
    let (class, id, role, itemprop) = (a.class, a.id, a.role, a.itemprop);
    if class.is_empty() && id.is_empty() && role.is_empty() && itemprop.is_empty() {
        return false;
    }
    s.clear();
    // CMS taxonomy classes describe the post, not the block: WordPress
    // puts "tag-review category-news" on the article element itself.
    for c in class.split_ascii_whitespace() {
        let mark = s.len();
        s.push(' ');
        s.push_str(c);
        s[mark..].make_ascii_lowercase();
        if TAXONOMY_PREFIXES.iter().any(|p| s[mark + 1..].starts_with(p)) {
            s.truncate(mark);
        }
    }
    for part in [id, role, itemprop] {
        s.push(' ');
        let mark = s.len();
        s.push_str(part);
        s[mark..].make_ascii_lowercase();
    }
    s.push(' ');
    true
}

const TAXONOMY_PREFIXES: &[&str] = &[
    "tag-",
    "category-",
    "type-",
    "status-",
    "format-",
    "postid-",
    "page-id-",
    "single-",
    "has-",
    "post-template",
    "page-template",
    "wp-embed",
    "tax-",
    "topic-",
    "section-",
    "term-",
];

/// One automaton for every class/id word list: a page has thousands of
/// classed elements, and testing ~100 substrings one by one was a tenth of
/// extraction time. Patterns are laid out as POS_SUBSTR, the landmark
/// words, NEG_SUBSTR, WEAK_POS; a match's pattern index tells its list.
static NAME_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let pats: Vec<&str> = POS_SUBSTR.iter().chain(LANDMARKS).chain(NEG_SUBSTR).chain(WEAK_POS).copied().collect();
    // A full DFA: a few hundred KB, fastest per byte.
    AhoCorasick::builder().kind(Some(aho_corasick::AhoCorasickKind::DFA)).build(pats).expect("valid patterns")
});

/// " main " is a positive landmark; the other ARIA landmarks are furniture.
const LANDMARKS: &[&str] = &[" main ", "navigation", "complementary", "contentinfo"];

/// Which word lists a class/id string hits, from one overlapping scan.
#[derive(Default)]
struct NameHits {
    pos: bool,
    landmark_neg: bool,
    neg: bool,
    weak_pos: bool,
}

fn name_hits(ci: &str) -> NameHits {
    let mut h = NameHits::default();
    let (p, l, n) = (POS_SUBSTR.len(), LANDMARKS.len(), NEG_SUBSTR.len());
    for m in NAME_AC.find_overlapping_iter(ci) {
        match m.pattern().as_usize() {
            // POS_SUBSTR and " main ".
            k if k <= p => h.pos = true,
            k if k < p + l => h.landmark_neg = true,
            k if k < p + l + n => h.neg = true,
            _ => h.weak_pos = true,
        }
    }
    h
}

/// -1 furniture, +1 article body, 0 neither (by class/id/role/itemprop).
fn name_signal(ci: &str, h: &NameHits) -> i32 {
    if h.pos {
        return 1;
    }
    if h.landmark_neg || h.neg {
        return -1;
    }
    let neg_token = ci.split_ascii_whitespace().any(|t| {
        NEG_TOKEN.contains(&t)
            || t.split(['-', '_']).next_back().is_some_and(|last| t != last && NEG_LAST.contains(&last))
    });
    // A generic furniture word next to an article word ("widget Blog",
    // "post hentry meta") does not outweigh it.
    let article_word = ci
        .split_ascii_whitespace()
        .any(|t| matches!(t, "blog" | "post" | "article" | "story" | "entry" | "hentry" | "content" | "main"));
    if neg_token && !article_word {
        return -1;
    }
    0
}

fn is_hidden(a: &Attrs<'_>) -> bool {
    // React's streaming renderer sends late content in `<div hidden
    // id="S:0">` and a script moves it into place: it is the page, shown.
    let streamed =
        a.hidden && a.id.strip_prefix("S:").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if (a.hidden && !streamed) || a.aria_hidden {
        return true;
    }
    let s = a.style;
    // Cheap rejection first: most styles say neither word.
    let has = |w: &str| s.as_bytes().windows(w.len()).any(|x| x.eq_ignore_ascii_case(w.as_bytes()));
    if s.is_empty() || (!has("none") && !has("hidden")) {
        return false;
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Per node: whether it or one of its ancestors is a `tag` element.
/// Nodes come parents first, so one forward pass suffices.
fn within_tag(dom: &Dom<'_>, tag: &str) -> Vec<bool> {
    let mut inside = vec![false; dom.nodes.len()];
    for i in 0..dom.nodes.len() {
        let p = dom.nodes[i].parent;
        inside[i] = dom.nodes[i].tag() == tag || (p != NO_PARENT && inside[p as usize]);
    }
    inside
}

fn visible_chars(t: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    for c in t.chars() {
        if !c.is_whitespace() {
            chars += 1;
        }
        if c == ',' || c == '，' || c == '、' {
            commas += 1;
        }
    }
    (chars, commas)
}

pub fn analyse(dom: &Dom<'_>) -> Analysis {
    analyse_with(dom, true)
}

/// [`analyse`], with `by_name` false ignoring the furniture class/id names
/// that can also wrap an article ("breaking-news", "meta", "trending"); the
/// names in [`STRONG_NEG`] and tags still count. The second try when names
/// dropped the article.
pub fn analyse_with(dom: &Dom<'_>, by_name: bool) -> Analysis {
    let n = dom.len();
    // Hard junk and hidden subtrees first (top-down: parents precede children).
    let mut hard = vec![false; n];
    let mut signal = vec![0i8; n];
    let mut weight = vec![0i32; n];
    let mut ci_buf = String::new();
    for i in 0..n {
        let node = &dom.nodes[i];
        let p = node.parent;
        if p != NO_PARENT && hard[p as usize] {
            hard[i] = true;
            continue;
        }
        let tag = node.tag();
        if tag.is_empty() {
            continue;
        }
        if is_hard_junk(tag) {
            hard[i] = true;
            continue;
        }
        let attrs = attrs_of(dom, i);
        if is_hidden(&attrs) {
            hard[i] = true;
            continue;
        }
        if class_id(&attrs, &mut ci_buf) {
            let ci = ci_buf.as_str();
            let hits = name_hits(ci);
            let mut sig = name_signal(ci, &hits) as i8;
            if sig < 0 && !by_name && !STRONG_NEG.iter().any(|w| ci.contains(w)) {
                sig = 0;
            }
            let w = if sig > 0 {
                25
            } else if sig < 0 {
                -25
            } else if hits.weak_pos {
                // WEAK_POS words are alphanumeric, so a substring hit lies
                // inside one class token, as the token test had it.
                10
            } else {
                0
            };
            signal[i] = sig;
            weight[i] = w;
        }
    }
    // Text per subtree ignoring hard junk, to protect furniture-named
    // containers that in fact hold most of the page; paragraph text
    // separately, since menus and link lists inflate the plain count.
    let mut raw = vec![0u32; n];
    let mut ptext = vec![0u32; n];
    // Visible chars and commas of each kept text node, counted once.
    let mut vis = vec![(0u32, 0u32); n];
    let in_p = within_tag(dom, "p");
    for i in (0..n).rev() {
        if hard[i] {
            continue;
        }
        if let Some(t) = dom.nodes[i].text() {
            vis[i] = visible_chars(t);
            raw[i] = vis[i].0;
            if in_p[i] {
                ptext[i] = raw[i];
            }
        }
        let p = dom.nodes[i].parent;
        if p != NO_PARENT {
            raw[p as usize] += raw[i];
            ptext[p as usize] += ptext[i];
        }
    }
    let total = raw.first().copied().unwrap_or(0).max(1) as f32;
    let ptotal = ptext.first().copied().unwrap_or(0).max(1) as f32;
    let mut dropped = hard;
    for i in 0..n {
        let p = dom.nodes[i].parent;
        if p != NO_PARENT && dropped[p as usize] {
            dropped[i] = true;
            continue;
        }
        if dropped[i] {
            continue;
        }
        let share = (raw[i] as f32 / total).max(ptext[i] as f32 / ptotal);
        let tag = dom.nodes[i].tag();
        let protected = matches!(tag, "article" | "main" | "body" | "html");
        if (is_soft_junk(tag) || (signal[i] < 0 && !protected)) && share < 0.5 && signal[i] <= 0 {
            dropped[i] = true;
        }
    }
    // Kept text, links, commas and paragraphs per subtree.
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut commas = vec![0u32; n];
    let in_link = within_tag(dom, "a");
    for i in (0..n).rev() {
        if dropped[i] {
            continue;
        }
        let node = &dom.nodes[i];
        if node.text().is_some() {
            // Dropped covers hard junk, so the count is cached.
            let (c, k) = vis[i];
            text[i] = c;
            commas[i] = k;
            if in_link[i] {
                link[i] = c;
            }
        }
        let p = node.parent;
        if p != NO_PARENT {
            let p = p as usize;
            text[p] += text[i];
            link[p] += link[i];
            commas[p] += commas[i];
        }
    }
    Analysis { dropped, text, link, commas, weight }
}

impl Analysis {
    pub fn link_density(&self, i: usize) -> f32 {
        if self.text[i] == 0 { 0.0 } else { self.link[i] as f32 / self.text[i] as f32 }
    }
}

fn tag_base(tag: &str) -> f32 {
    match tag {
        "article" => 10.0,
        "div" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Picks the article's container(s).
pub fn choose(dom: &Dom<'_>, a: &Analysis) -> Vec<usize> {
    let n = dom.len();
    // Text chars directly inside each block (not in nested blocks).
    let mut block_of = vec![NO_PARENT; n];
    let mut inline_chars = vec![0u32; n];
    let mut inline_commas = vec![0u32; n];
    let mut inline_link = vec![0u32; n];
    for i in 0..n {
        let node = &dom.nodes[i];
        let p = node.parent;
        if a.dropped[i] {
            continue;
        }
        if is_block(node.tag()) {
            block_of[i] = i as u32;
        } else if p != NO_PARENT {
            block_of[i] = block_of[p as usize];
        }
        if node.text().is_some() && block_of[i] != NO_PARENT {
            let b = block_of[i] as usize;
            inline_chars[b] += a.text[i];
            inline_commas[b] += a.commas[i];
            inline_link[b] += a.link[i];
        }
    }
    // "Good" text: paragraph-like blocks that are not link lists, summed
    // per subtree; it lets the choice widen to articles split into sections.
    let mut good = vec![0u32; n];
    for b in 0..n {
        if inline_chars[b] >= 25 && inline_link[b] * 2 <= inline_chars[b] && !a.dropped[b] {
            good[b] = inline_chars[b] - inline_link[b];
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p != NO_PARENT {
            good[p as usize] += good[i];
        }
    }
    let mut score = vec![0f32; n];
    let mut touched = vec![false; n];
    for b in 0..n {
        let chars = inline_chars[b];
        if chars < 25 || a.dropped[b] {
            continue;
        }
        // Link lists are not paragraphs.
        if inline_link[b] * 2 > chars {
            continue;
        }
        let s = 1.0 + inline_commas[b] as f32 + (chars as f32 / 100.0).min(3.0);
        let mut anc = dom.nodes[b].parent;
        // A text-bearing div is itself a paragraph container: credit it too.
        let tag = dom.nodes[b].tag();
        if !matches!(
            tag,
            "p" | "li" | "td" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "blockquote" | "dd" | "dt"
        ) {
            anc = b as u32;
        }
        let mut level = 0;
        while anc != NO_PARENT && level < 5 {
            let c = anc as usize;
            if !touched[c] {
                touched[c] = true;
                score[c] = tag_base(dom.nodes[c].tag()) + a.weight[c] as f32;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[c] += s / div;
            anc = dom.nodes[c].parent;
            level += 1;
        }
    }
    let mut best: Option<(usize, f32)> = None;
    let mut final_score = vec![0f32; n];
    for i in 0..n {
        if !touched[i] || a.dropped[i] {
            continue;
        }
        let tag = dom.nodes[i].tag();
        if tag == "html" || tag == "body" {
            continue;
        }
        let f = score[i] * (1.0 - a.link_density(i));
        final_score[i] = f;
        if best.is_none_or(|(_, bs)| f > bs) {
            best = Some((i, f));
        }
    }
    let Some((mut top, top_score)) = best else {
        return dom.find_tag("body").into_iter().collect();
    };
    // Climb while a parent scores comparably: the article often spreads
    // over sibling containers that individually score less.
    let mut last = top_score;
    let threshold = last / 3.0;
    let mut p = dom.nodes[top].parent;
    while p != NO_PARENT {
        let pi = p as usize;
        let tag = dom.nodes[pi].tag();
        if tag == "body" || tag == "html" || !touched[pi] {
            break;
        }
        let ps = final_score[pi];
        if ps < threshold {
            break;
        }
        if ps > last {
            top = pi;
            break;
        }
        last = ps;
        p = dom.nodes[pi].parent;
    }
    // An only child says nothing on its own: take the parent.
    loop {
        let p = dom.nodes[top].parent;
        if p == NO_PARENT {
            break;
        }
        let pi = p as usize;
        let tag = dom.nodes[pi].tag();
        if tag == "body" || tag == "html" {
            break;
        }
        if a.text[pi] > a.text[top] + 10 {
            break;
        }
        top = pi;
    }
    // Widen to an ancestor that holds much more good text: page builders
    // split one article into many rows, each a weaker candidate. (Looking
    // further up past moderate gains was measured: better on WCXB, worse on
    // the news-only ScrapingHub set, so the climb stops at the first one.)
    loop {
        let p = dom.nodes[top].parent;
        if p == NO_PARENT {
            break;
        }
        let pi = p as usize;
        let tag = dom.nodes[pi].tag();
        if tag == "body" || tag == "html" {
            break;
        }
        let gain = good[pi].saturating_sub(good[top]);
        if gain * 2 >= good[top] && gain >= 200 && a.link_density(pi) < 0.3 {
            top = pi;
        } else if gain < 25 {
            // Wrappers that add nothing: keep climbing through them.
            if a.text[pi] > a.text[top] + 200 {
                break;
            }
            top = pi;
        } else {
            break;
        }
    }
    // Siblings that look like more of the article.
    let top_score = final_score[top].max(top_score);
    let Some(parent) = Some(dom.nodes[top].parent).filter(|&p| p != NO_PARENT) else {
        return vec![top];
    };
    let parent = parent as usize;
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.nodes[top].attr("class").unwrap_or("");
    let mut roots = Vec::new();
    let mut c = parent + 1;
    let pend = dom.nodes[parent].end as usize;
    while c < pend {
        let node = &dom.nodes[c];
        let next = node.end as usize;
        if c == top {
            roots.push(c);
        } else if !a.dropped[c] && node.elem().is_some() {
            let mut bonus = 0.0;
            if !top_class.is_empty() && node.attr("class") == Some(top_class) {
                bonus += top_score * 0.2;
            }
            let ld = a.link_density(c);
            let keep = if touched[c] && final_score[c] + bonus >= threshold {
                true
            } else if node.tag() == "p" {
                let len = a.text[c];
                (len > 80 && ld < 0.25) || (len > 0 && ld == 0.0 && dom.text_of(c).ends_with(['.', '!', '?', '"', '”']))
            } else {
                false
            };
            if keep {
                roots.push(c);
            }
        }
        c = next.max(c + 1);
    }
    if roots.is_empty() {
        roots.push(top);
    }
    roots
}

/// Drops a container inside the article when it looks like furniture
/// (readability's "clean conditionally").
fn is_furniture(dom: &Dom<'_>, a: &Analysis, i: usize, root: bool) -> bool {
    if root {
        return false;
    }
    let node = &dom.nodes[i];
    let tag = node.tag();
    if !matches!(
        tag,
        "div"
            | "section"
            | "ul"
            | "ol"
            | "table"
            | "aside"
            | "header"
            | "form"
            | "fieldset"
            | "dl"
            | "center"
            | "span"
            | "p"
    ) {
        return false;
    }
    if a.commas[i] >= 10 {
        return false;
    }
    let text = a.text[i];
    let ld = a.link_density(i);
    let w = a.weight[i];
    if tag == "p" || tag == "span" {
        // A paragraph that is all link is a "Read more: ..." teaser.
        return text > 0 && ld > 0.8 && text < 200;
    }
    if w < 0 && ld > 0.2 {
        return true;
    }
    if ld > 0.5 {
        return true;
    }
    if tag == "header" && text < 400 {
        return true;
    }
    // List items of links inside a div (related stories), not prose.
    if matches!(tag, "ul" | "ol") && ld > 0.3 {
        return true;
    }
    false
}

/// Emits the paragraphs of the chosen containers in document order.
pub fn emit(dom: &Dom<'_>, a: &Analysis, roots: &[usize]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for &root in roots {
        emit_one(dom, a, root, &mut blocks);
    }
    blocks
}

fn emit_one(dom: &Dom<'_>, a: &Analysis, root: usize, out: &mut Vec<Block>) {
    /// An open element. Its effective kind and `pre` flag are computed when
    /// it is pushed, so nothing ever scans the stack: 100,000 nested
    /// elements cost 100,000 steps, not their square.
    struct Open {
        end: usize,
        block: bool,
        /// Kind of text directly inside this element.
        kind: ParagraphKind,
        pre: bool,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, kind: ParagraphKind, out: &mut Vec<Block>| {
        let t = tidy(cur);
        if !t.is_empty() {
            out.push(Block { text: t, kind });
        }
        cur.clear();
    };
    let end = dom.nodes[root].end as usize;
    let mut i = root;
    while i < end {
        while stack.last().is_some_and(|o| i >= o.end) {
            let o = stack.pop().expect("non-empty");
            if o.block {
                flush(&mut cur, o.kind, out);
            }
        }
        let node = &dom.nodes[i];
        if a.dropped[i] || is_furniture(dom, a, i, i == root) {
            i = (node.end as usize).max(i + 1);
            continue;
        }
        let tag = node.tag();
        let (outer_kind, outer_pre) = stack.last().map_or((ParagraphKind::Body, false), |o| (o.kind, o.pre));
        if let Some(t) = node.text() {
            if outer_pre {
                cur.push_str(t);
            } else {
                push_collapsed(&mut cur, t);
            }
            i += 1;
            continue;
        }
        if tag == "br" {
            if !cur.ends_with('\n') {
                while cur.ends_with(' ') {
                    cur.pop();
                }
                cur.push('\n');
            }
            i += 1;
            continue;
        }
        let block = is_block(tag);
        if block {
            flush(&mut cur, outer_kind, out);
        }
        let own = match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(ParagraphKind::Heading),
            "li" | "dd" | "dt" => Some(ParagraphKind::ListItem),
            "blockquote" => Some(ParagraphKind::Blockquote),
            _ => None,
        };
        let kind = match own {
            Some(k) => k.max_kind(outer_kind),
            None => outer_kind,
        };
        stack.push(Open { end: node.end as usize, block, kind, pre: outer_pre || tag == "pre" });
        i += 1;
    }
    let kind = stack.last().map_or(ParagraphKind::Body, |o| o.kind);
    flush(&mut cur, kind, out);
}

trait KindRank {
    fn max_kind(self, outer: ParagraphKind) -> ParagraphKind;
}

impl KindRank for ParagraphKind {
    /// The block's own kind, unless an enclosing blockquote or list says more.
    fn max_kind(self, outer: ParagraphKind) -> ParagraphKind {
        match (self, outer) {
            (ParagraphKind::Heading, _) => ParagraphKind::Heading,
            (ParagraphKind::ListItem, _) => ParagraphKind::ListItem,
            (_, ParagraphKind::Blockquote) => ParagraphKind::Blockquote,
            (_, ParagraphKind::ListItem) => ParagraphKind::ListItem,
            (k, _) => k,
        }
    }
}

/// Trims each line and drops empty ones, so `<br>` runs leave no blank lines.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}
