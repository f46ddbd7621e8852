//! HTML pages to articles: decoding, parsing, main-content selection and
//! metadata, with the precedence of every metadata source in one place
//! (`extract`).

mod content;
mod depth;
mod dom;
pub mod encoding;
mod metadata;
mod parse;
mod tokenize;

use crate::{dates, lang, text};
use content::Block;
use dom::{Dom, NO_PARENT};
use metadata::PageMeta;
use storyline_model::{Article, DocError, FieldRule, Hints, ParagraphKind, PartialDate};

/// Precedence, each recorded as a [`FieldRule`]:
/// - title: hint > og:title that is the h1 plus numbers ("8 Recent Trends"
///   for the h1 "Recent Trends") > `<h1>` agreeing with og:title/`<title>`/JSON-LD > og:title >
///   JSON-LD headline > first `<h1>` > `<title>`; site suffixes ("| Site") are
///   dropped. The agreeing h1 goes first because og:title is often an SEO
///   variant of the visible headline (measured: 69% → 84% exact titles on
///   the WCXB dev set). The chosen title then takes the spelling (quote
///   forms, characters lost to `?`) most sources agree on, and loses a short
///   label after a spaced dash ("Tools – Comparison Spreadsheet").
/// - outlet: hint > og:site_name > JSON-LD publisher > URL domain.
/// - author: hint > meta author > JSON-LD author (people before
///   organisations and handles) > visible byline > "Written by" label >
///   itemprop > author-page link > author-classed element > rel=author.
/// - published: hint > JSON-LD datePublished > meta tags > itemprop >
///   `<time>` near the article > any `<time>` > date-classed element > URL >
///   a date written in the article's header text; never inside a caption
///   or figure. A metadata publication date that the page never shows
///   yields to its modification date when that is shown (`shown-modified`),
///   and a JSON-LD stamp no earlier than `dateModified` to a date the
///   article's header shows days before it (`visible-text`).
/// - language: `<html lang>` > whatlang. url: canonical > og:url > hint.
pub(crate) fn extract(bytes: &[u8], hints: &Hints) -> Result<Article, DocError> {
    let decoded = encoding::decode(bytes, hints.charset.as_deref());
    let mut art = Article::default();
    if let Some(w) = decoded.warning {
        art.warnings.push(w);
    }
    let (markup, flattened) = depth::cap_depth(&decoded.text);
    if flattened {
        art.warnings.push(format!("elements nested deeper than {} were flattened", depth::MAX_DEPTH));
    }
    let arena = parse::parse_document(&markup);
    let dom = Dom::build(&arena);
    let meta = metadata::gather(&dom);
    let analysis = content::analyse(&dom);
    let mut roots = content::choose(&dom, &analysis);
    let mut blocks = content::emit(&dom, &analysis, &roots);
    // A furniture-sounding name ("breaking-news") around the article can
    // leave only a newsletter box: when the choice keeps next to nothing,
    // choose again with names ignored and keep whichever has more text.
    let kept = |b: &[Block]| b.iter().map(|b| b.text.len()).sum::<usize>();
    if kept(&blocks) < SHORT_BODY {
        let relaxed = content::analyse_with(&dom, false);
        let roots2 = content::choose(&dom, &relaxed);
        let blocks2 = content::emit(&dom, &relaxed, &roots2);
        if kept(&blocks2) > 2 * kept(&blocks).max(SHORT_BODY / 2) {
            art.warnings.push("class names hid the article; chose again without them".into());
            (roots, blocks) = (roots2, blocks2);
        }
    }

    // Metadata first: the title and byline also tell which blocks to drop.
    let url = pick_url(&meta, hints, &mut art);
    let title = pick_title(&meta, hints, url.as_deref(), &mut art);
    let mut byline_author = None;
    // A title fuller than the h1 ("8 Recent Trends" for "Recent Trends")
    // still makes the h1's block the headline, not body text.
    let h1 = best_h1(&meta).filter(|h| {
        let hn = storyline_model::normalize_for_hash(h);
        // A title that is the h1 without its tagline ("Tools" for "Tools –
        // Caterer Spreadsheet") too.
        !hn.is_empty()
            && title.as_deref().is_some_and(|t| {
                let tn = storyline_model::normalize_for_hash(t);
                tn.contains(&hn) || (!tn.is_empty() && hn.starts_with(&tn))
            })
    });
    let blocks = tidy_blocks(blocks, &[title.as_deref(), h1.as_deref()], &mut byline_author);
    if blocks.is_empty() {
        return Err(DocError::NoBody(Some(no_body_reason(&dom).into())));
    }
    pick_outlet(&meta, hints, url.as_deref(), &mut art);
    pick_author(&meta, hints, byline_author, &mut art);
    pick_dates(&dom, &meta, hints, url.as_deref(), &roots, &mut art);

    let paras: Vec<(String, ParagraphKind)> = blocks.into_iter().map(|b| (b.text, b.kind)).collect();
    crate::assemble(&mut art, paras);
    art.title = title;
    art.url = url;
    if let Some(l) = meta.html_lang.as_deref().and_then(lang::normalize_tag) {
        art.language = Some(l);
        art.rules.push(rule("language", "html:lang"));
    } else if let Some(l) = lang::detect(&art.text) {
        art.language = Some(l);
        art.rules.push(rule("language", "whatlang"));
    }
    Ok(art)
}

/// Bytes of body text under which the container choice is retried
/// without class/id names.
const SHORT_BODY: usize = 400;

fn rule(field: &str, rule: &str) -> FieldRule {
    FieldRule { field: field.into(), rule: rule.into() }
}

fn hint(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

fn no_body_reason(dom: &Dom<'_>) -> &'static str {
    // Script bodies were emptied before parsing, so scripts count by presence.
    let scripts = dom.nodes.iter().any(|n| n.tag() == "script");
    let text = dom.nodes.iter().any(|n| {
        n.text().is_some_and(|t| !t.trim().is_empty()) && {
            let p = n.parent;
            p == NO_PARENT
                || !matches!(dom.nodes[p as usize].tag(), "script" | "style" | "noscript" | "template" | "title")
        }
    });
    match (text, scripts) {
        (false, true) => "the page is only scripts",
        (false, false) => "the page has no text",
        _ => "no block of article text",
    }
}

/// Drops blocks that repeat the headline (the title or the h1 it
/// contains), bylines and whole-line boilerplate the container
/// selection let through.
fn tidy_blocks(blocks: Vec<Block>, heads: &[Option<&str>], byline: &mut Option<String>) -> Vec<Block> {
    let head_norms: Vec<String> =
        heads.iter().flatten().map(|h| storyline_model::normalize_for_hash(h)).filter(|h| !h.is_empty()).collect();
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let n = blocks.len();
    for (i, b) in blocks.into_iter().enumerate() {
        let t = b.text.as_str();
        let len = t.chars().count();
        if !head_norms.is_empty() && len < 400 && head_norms.contains(&storyline_model::normalize_for_hash(t)) {
            continue;
        }
        if len < 300 && (text::classify(t).is_some() || text::is_date_line(t)) {
            continue;
        }
        if len < 120
            && (i < 6 || i + 3 > n)
            && let Some(a) = text::byline_author(t)
        {
            byline.get_or_insert(a);
            continue;
        }
        out.push(b);
    }
    // Calls to action closing the article ("Sign up for our newsletter",
    // "Tell us what you think...") sit inside the body container.
    while out.len() > 1
        && out.last().is_some_and(|b| {
            (b.text.chars().count() < 300 && PROMO.is_match(&b.text)) || text::is_closing_credit(&b.text)
        })
    {
        out.pop();
    }
    out
}

static PROMO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)sign up|subscribe|newsletter|click here|tell us what you think|read the full story|to read the full|download (?:the|our) app|follow us|join (?:our|the) (?:mailing|community)|delivered (?:to|through) your|support (?:our|independent) journalism|become a (?:member|subscriber)|leave a comment|share this (?:article|story|post)",
    )
    .expect("valid regex")
});

fn pick_url(meta: &PageMeta, hints: &Hints, art: &mut Article) -> Option<String> {
    if let Some(u) = meta.canonical.clone() {
        art.rules.push(rule("url", "link:canonical"));
        return Some(u);
    }
    if let Some(u) = meta.og_url.clone().filter(|u| u.starts_with("http")) {
        art.rules.push(rule("url", "og:url"));
        return Some(u);
    }
    let u = hint(&hints.url)?;
    art.rules.push(rule("url", "hint"));
    Some(u)
}

fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

fn pick_title(meta: &PageMeta, hints: &Hints, url: Option<&str>, art: &mut Article) -> Option<String> {
    if let Some(t) = hint(&hints.title) {
        art.rules.push(rule("title", "hint"));
        return Some(t);
    }
    let sites: Vec<String> =
        [meta.og_site_name.clone(), meta.ld.publisher.clone(), meta.application_name.clone(), url.and_then(domain)]
            .into_iter()
            .flatten()
            .collect();
    let h1 = best_h1(meta);
    // og:title that is the h1 plus a number ("8 Recent Trends in
    // Photography" for the h1 "Recent Trends in Photography", a year the h1
    // leaves out) is the fuller headline: listicle counts and years are
    // often styled apart from the h1's text. Other extra words are a
    // variant, not more of the same headline.
    let og_fuller = meta.og_title.as_deref().zip(h1.as_deref()).and_then(|(og, h)| {
        let og = strip_site_suffix(&metadata::decode_entities(og), &sites, Some(h));
        if og.contains(['|', ':', '[', '(', '–', '—']) || og.contains(" - ") {
            return None;
        }
        let (on, hn) = (storyline_model::normalize_for_hash(&og), storyline_model::normalize_for_hash(h));
        let p = on.find(&hn).filter(|_| !hn.is_empty() && on.len() > hn.len())?;
        let extra = format!("{} {}", &on[..p], &on[p + hn.len()..]);
        let words_apart = on[..p].is_empty() || on[..p].ends_with(' ');
        let words_apart = words_apart && (on[p + hn.len()..].is_empty() || on[p + hn.len()..].starts_with(' '));
        (words_apart && extra.split_whitespace().all(|w| w.chars().all(|c| c.is_ascii_digit()))).then_some(og)
    });
    // The visible headline (<h1>) is what readers and the benchmark call the
    // title; og:title is often an SEO variant. Use the h1 when it agrees
    // with the other sources, else fall back to the documented order.
    let candidates: [(Option<String>, &str); 6] = [
        (og_fuller, "og:title"),
        (
            h1.clone().filter(|_| meta.og_title.is_some() || meta.ld.headline.is_some() || meta.title_tag.is_some()),
            "h1",
        ),
        (meta.og_title.clone(), "og:title"),
        (meta.ld.headline.clone(), "json-ld:headline"),
        (meta.h1.first().map(|(_, t)| t.clone()), "h1"),
        (meta.title_tag.clone(), "title"),
    ];
    for (t, r) in candidates {
        let Some(t) = t else { continue };
        let t = strip_site_suffix(&metadata::decode_entities(&t), &sites, h1.as_deref());
        // "Headline | Section" or "Headline | Top 19 Companies": a pipe is
        // decoration, never headline punctuation (dashes can be), even when
        // the h1 shows it (measured: keeping it there won 1 title, lost 3).
        let t = match t.split_once(" | ") {
            Some((head, _)) if head.split_whitespace().count() >= 3 => head.trim().to_string(),
            _ => t,
        };
        if t.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            continue;
        }
        let spellings = [&meta.og_title, &meta.twitter_title, &meta.title_tag, &meta.ld.headline, &h1];
        let t = majority_spelling(&t, spellings.iter().filter_map(|s| s.as_deref()));
        let t = drop_dash_tagline(&t).to_string();
        art.rules.push(rule("title", r));
        return Some(t);
    }
    None
}

/// The page's headline among several `<h1>`s: the one the other title
/// sources agree with, else the first.
fn best_h1(meta: &PageMeta) -> Option<String> {
    let refs: std::collections::HashSet<String> =
        [&meta.og_title, &meta.title_tag, &meta.ld.headline, &meta.twitter_title]
            .into_iter()
            .flatten()
            .flat_map(|t| title_words(t))
            .collect();
    let sites: Vec<String> = [&meta.og_site_name, &meta.application_name, &meta.ld.publisher]
        .into_iter()
        .flatten()
        .map(|s| storyline_model::normalize_for_hash(s))
        .collect();
    // The last " | Site" part of the <title> names the site, not the story.
    let title_tail = meta.title_tag.as_deref().and_then(|t| {
        [" | ", " - ", " – ", " — ", " :: ", " · "]
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|p| &t[p + sep.len()..]))
            .min_by_key(|tail| tail.len())
    });
    let title_tail = title_tail.map(storyline_model::normalize_for_hash).unwrap_or_default();
    let mut best: Option<(f32, &str)> = None;
    for (_, t) in &meta.h1 {
        let words = title_words(t);
        let n = storyline_model::normalize_for_hash(t);
        if words.is_empty() || sites.contains(&n) || (!title_tail.is_empty() && title_tail == n) {
            continue;
        }
        let shared = words.iter().filter(|w| refs.contains(*w)).count();
        let score = shared as f32 / words.len() as f32;
        let needed = if words.len() <= 3 { 0.6 } else { 0.3 };
        if score >= needed && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, t));
        }
    }
    best.map(|(_, t)| t.to_string())
}

fn title_words(t: &str) -> Vec<String> {
    storyline_model::normalize_for_hash(t).split(' ').filter(|w| w.len() > 2).map(str::to_string).collect()
}

/// Quote characters of one kind in their typewriter and typographic forms.
fn same_quote(a: char, b: char) -> bool {
    const SINGLE: &[char] = &['\'', '\u{2019}', '\u{2018}', '\u{2032}', '\u{02bc}'];
    const DOUBLE: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{2033}'];
    (SINGLE.contains(&a) && SINGLE.contains(&b)) || (DOUBLE.contains(&a) && DOUBLE.contains(&b))
}

/// Whether `a` and `b` are the same text up to quote forms and characters
/// one of them lost to `?` or U+FFFD (which then stands for one to three
/// non-space characters of the other, never at the very end, where `?` is a
/// question). `lost` bounds the lost characters, and with them the search.
fn spelling_variant(a: &[char], b: &[char], lost: u8) -> bool {
    // `x` starts with a lost character standing for `y[..k]`.
    let wildcard = |x: &[char], y: &[char]| {
        lost > 0
            && x.len() > 1
            && matches!(x[0], '?' | '\u{fffd}')
            && (1..=3.min(y.len())).any(|k| {
                y[..k].iter().all(|c| !c.is_whitespace() && *c != x[0]) && spelling_variant(&x[1..], &y[k..], lost - 1)
            })
    };
    match (a.first(), b.first()) {
        (None, None) => true,
        // Characters that agree are matched greedily: branching only where
        // the texts differ keeps the search to a few paths per difference
        // (a page of "?"s cannot make it explode).
        (Some(&x), Some(&y)) if x == y || same_quote(x, y) => spelling_variant(&a[1..], &b[1..], lost),
        (Some(_), Some(_)) => wildcard(a, b) || wildcard(b, a),
        _ => false,
    }
}

/// The spelling of `title` that most of the page's title sources give.
/// Sources naming the same headline can differ in characters a template
/// rewrote: a theme's smart-quote filter turns the author's "Beginner's"
/// into "Beginner’s" in the visible h1 only, a mis-decoded template shows
/// "Beginner? Guide". The text the author typed survives in the sources that
/// agree with each other. Each source (og:title, twitter:title, `<title>`,
/// JSON-LD headline, h1) is one vote, whole or as the part of it before or
/// after a separator ("… - Site"); ties keep the chosen title. Different
/// words are never a spelling: only quote forms and lost characters.
fn majority_spelling<'a>(title: &str, sources: impl Iterator<Item = &'a str>) -> String {
    let title = metadata::collapse(title);
    let tc: Vec<char> = title.chars().collect();
    // The comparison recurses once per character: headlines only.
    if tc.len() > 400 {
        return title;
    }
    let mut forms: Vec<(String, usize)> = Vec::new();
    // A source is the headline and perhaps a site name: a longer one is not
    // split (a hostile page could give thousands of parts).
    for s in sources.filter(|s| s.len() <= 2000) {
        let s = metadata::collapse(&metadata::decode_entities(s));
        let mut parts = vec![s.as_str()];
        for sep in SEPS {
            for (pos, _) in s.match_indices(sep) {
                parts.push(s[..pos].trim());
                parts.push(s[pos + sep.len()..].trim());
            }
        }
        let Some(form) = parts.into_iter().find(|p| {
            // Three lost characters standing for up to three each.
            p.chars().count().abs_diff(tc.len()) <= 6 && spelling_variant(&tc, &p.chars().collect::<Vec<_>>(), 3)
        }) else {
            continue;
        };
        match forms.iter_mut().find(|(f, _)| f == form) {
            Some((_, n)) => *n += 1,
            None => forms.push((form.to_string(), 1)),
        }
    }
    let own = forms.iter().find(|(f, _)| *f == title).map_or(0, |(_, n)| *n);
    let mut best: Option<(String, usize)> = None;
    for (f, n) in forms {
        if n > own && best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((f, n));
        }
    }
    best.map_or(title, |(f, _)| f)
}

/// "Wedding Planning Tools – Caterer Comparison Spreadsheet": a short
/// Title-Case label after a spaced dash (a few capitalised words, no
/// digits, commas or sentence punctuation) names a section, a format
/// ("Infographic") or a selling line ("Personally Tested"), not the story,
/// and is dropped when the headline before it is no shorter. A continuation
/// ("— and 5 trends to expect"), a list ("– 10 Benefits, Use Cases") or a
/// sentence after the dash is the headline's own.
fn drop_dash_tagline(t: &str) -> &str {
    let mut dashes = [" - ", " – ", " — "].iter().flat_map(|sep| t.match_indices(sep).map(|(p, s)| (p, s.len())));
    let (Some((pos, len)), None) = (dashes.next(), dashes.next()) else { return t };
    let (head, tail) = (t[..pos].trim(), t[pos + len..].trim());
    let tail_words: Vec<&str> = tail.split_whitespace().collect();
    let label = (1..=5).contains(&tail_words.len())
        && !tail.chars().any(|c| c.is_ascii_digit() || ",.:;?!()[]\"“”".contains(c))
        && tail_words.iter().all(|w| *w == "&" || w.chars().next().is_some_and(char::is_uppercase));
    if label && head.split_whitespace().count() >= 3.max(tail_words.len()) { head } else { t }
}

const SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // ", " •"];

/// "Headline | Site", "Headline - Site Name": drops the site part.
fn strip_site_suffix(title: &str, sites: &[String], h1: Option<&str>) -> String {
    let title = title.trim();
    // When the h1 is the title minus a part set off by a separator
    // ("Headline - Some Site"), that part of the title is the answer. Words
    // joined without a separator ("15 Best Platforms 2025") are the title's own.
    if let Some(h) = h1 {
        let hn = storyline_model::normalize_for_hash(h);
        let tn = storyline_model::normalize_for_hash(title);
        if hn.len() >= 10 && tn.len() > hn.len() && (tn.starts_with(&hn) || tn.ends_with(&hn)) {
            for sep in SEPS {
                for (pos, _) in title.match_indices(sep) {
                    if [&title[..pos], &title[pos + sep.len()..]]
                        .iter()
                        .any(|part| storyline_model::normalize_for_hash(part) == hn)
                    {
                        return h.trim().to_string();
                    }
                }
            }
        }
    }
    let site_norms: Vec<String> = sites.iter().map(|s| storyline_model::normalize_for_hash(s)).collect();
    for sep in SEPS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tn = storyline_model::normalize_for_hash(tail);
            let tn_compact: String = tn.chars().filter(|c| !c.is_whitespace()).collect();
            let is_site = site_norms.iter().any(|s| {
                let sc: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                !tn.is_empty() && (s == &tn || sc.contains(&tn_compact) || tn_compact.contains(&sc.replace(' ', "")))
            });
            if is_site && head.chars().count() >= 10 {
                return head.trim().to_string();
            }
        }
        // "Site | Headline" (site first).
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let hn = storyline_model::normalize_for_hash(head);
            if !hn.is_empty() && site_norms.iter().any(|s| s == &hn) && tail.chars().count() >= 10 {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn pick_outlet(meta: &PageMeta, hints: &Hints, url: Option<&str>, art: &mut Article) {
    let (v, r) = if let Some(o) = hint(&hints.outlet) {
        (o, "hint")
    } else if let Some(o) = meta.og_site_name.clone() {
        (o, "og:site_name")
    } else if let Some(o) = meta.ld.publisher.clone() {
        (o, "json-ld:publisher")
    } else if let Some(d) = url.and_then(domain).or_else(|| hints.url.as_deref().and_then(domain)) {
        (d, "url-domain")
    } else {
        return;
    };
    art.outlet = Some(metadata::decode_entities(&v));
    art.rules.push(rule("outlet", r));
}

fn pick_author(meta: &PageMeta, hints: &Hints, byline: Option<String>, art: &mut Article) {
    let meta_author = meta.meta_author.clone();
    let ld_author = meta.ld.author.clone().map(|a| (a, "json-ld:author"));
    let visible = byline
        .map(|a| (a, "byline"))
        .or_else(|| {
            meta.byline_nodes
                .iter()
                .find_map(|(_, t)| text::byline_author(t).or_else(|| plain_name(t)))
                .map(|a| (a, "byline"))
        })
        .or_else(|| meta.labelled_author.iter().find_map(|(_, t)| plain_name(t)).map(|a| (a, "byline-label")))
        .or_else(|| meta.itemprop_author.iter().find_map(|(_, t)| plain_name(t)).map(|a| (a, "itemprop:author")))
        .or_else(|| meta.author_links.iter().find_map(|(_, t)| plain_name(t)).map(|a| (a, "author-link")))
        .or_else(|| {
            meta.author_class
                .iter()
                .find_map(|(_, t)| text::byline_author(t).or_else(|| plain_name(t)))
                .map(|a| (a, "author-class"))
        })
        .or_else(|| meta.rel_author.iter().find_map(|(_, t)| plain_name(t)).map(|a| (a, "rel:author")));
    // People first in the documented order; an organisation or a handle
    // only when nothing names a person.
    let found = hint(&hints.author)
        .map(|a| (a, "hint"))
        .or_else(|| meta_author.clone().filter(|(a, _)| is_person_like(a, meta)))
        .or_else(|| ld_author.clone().filter(|(a, _)| is_person_like(a, meta)))
        .or_else(|| visible.clone())
        .or_else(|| meta_author.filter(|(a, _)| !a.contains(['@', '/'])))
        .or(ld_author);
    if let Some((a, r)) = found {
        let a = metadata::decode_entities(&a);
        let a = text::byline_author(&a).unwrap_or(a);
        art.author = Some(a);
        art.rules.push(rule("author", r));
    }
}

/// An author value that names people rather than the site or a handle
/// ("kffnirmitap", "TodayShow", the publisher itself).
fn is_person_like(a: &str, meta: &PageMeta) -> bool {
    let a = a.trim();
    let n = storyline_model::normalize_for_hash(a);
    if n.is_empty() || a.starts_with(',') {
        return false;
    }
    let is_site = [&meta.og_site_name, &meta.ld.publisher, &meta.application_name]
        .into_iter()
        .flatten()
        .any(|s| storyline_model::normalize_for_hash(s) == n);
    let handle = !a.contains(' ')
        && (a.chars().any(|c| c == '.' || c == '_' || c == '@' || c.is_ascii_digit())
            || a.chars().all(|c| c.is_lowercase())
            || a.chars().skip(1).any(char::is_uppercase));
    !is_site && !handle
}

/// A short text that can be a person's name as it stands: a few
/// capitalised words, no digits, dates or labels.
fn plain_name(t: &str) -> Option<String> {
    let t = t.trim().trim_start_matches(|c: char| !c.is_alphanumeric());
    let t = ["By ", "by ", "BY ", "Written by ", "Author: ", "Posted by "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t)
        .trim();
    if matches!(t, "By" | "by" | "Author" | "Authors" | "Written by") {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van" | "von" | "der" | "de" | "da" | "di" | "le" | "la" | "al" | "bin" | "and" | "&" | "du" | "del"
        )
    };
    let ok = (1..=6).contains(&words.len())
        && t.chars().count() <= 60
        && !t.contains(['@', ':', '/', '|'])
        && !t.chars().any(|c| c.is_ascii_digit())
        && !(t.ends_with('.') && words.last().is_some_and(|w| w.chars().count() > 2))
        && words.first().is_some_and(|w| crate::dates::month_number(w).is_none())
        && words.iter().all(|w| particle(w) || w.chars().next().is_some_and(|c| c.is_uppercase()));
    ok.then(|| t.to_string())
}

fn pick_dates(dom: &Dom<'_>, meta: &PageMeta, hints: &Hints, url: Option<&str>, roots: &[usize], art: &mut Article) {
    let parse = |v: &Option<String>| v.as_deref().and_then(dates::parse_date);
    let mut found: Option<(PartialDate, &str)> = None;
    if let Some(h) = hints.published.as_deref().filter(|h| !h.trim().is_empty()) {
        match dates::parse_date(h) {
            Some(d) => found = Some((d, "hint")),
            None => art.warnings.push("published hint is not a date".into()),
        }
    }
    if found.is_none() {
        let vis = || {
            article_time(dom, meta, roots)
                .map(|d| (d, "time"))
                .or_else(|| {
                    meta.times
                        .iter()
                        .filter(|(i, _)| !in_caption(dom, *i))
                        .find_map(|(_, v)| dates::parse_date(v))
                        .map(|d| (d, "time"))
                })
                .or_else(|| {
                    meta.date_nodes
                        .iter()
                        .filter(|(i, _)| !in_caption(dom, *i))
                        .find_map(|(_, v)| dates::find_date(v))
                        .map(|f| (f.date, "date-element"))
                })
        };
        // Visible dates come last: they are often "updated" dates.
        found = parse(&meta.ld.date_published)
            .map(|d| (d, "json-ld:datePublished"))
            .or_else(|| meta.meta_published.as_ref().and_then(|(v, r)| dates::parse_date(v).map(|d| (d, *r))))
            .or_else(|| {
                meta.itemprop_published
                    .iter()
                    .find_map(|(_, v)| dates::parse_date(v))
                    .map(|d| (d, "itemprop:datePublished"))
            })
            .or_else(vis)
            .or_else(|| url.and_then(dates::date_from_url).map(|d| (d, "url")))
            .or_else(|| hints.url.as_deref().and_then(dates::date_from_url).map(|d| (d, "url")))
            .or_else(|| header_date(dom, meta, roots, usize::MAX).map(|d| (d, "visible-text")))
            .or_else(|| hints.file_name.as_deref().and_then(dates::date_from_file_name).map(|d| (d, "file-name")));
    }
    let modified = parse(&meta.ld.date_modified)
        .map(|d| (d, "json-ld:dateModified"))
        .or_else(|| meta.meta_modified.as_ref().and_then(|(v, r)| dates::parse_date(v).map(|d| (d, *r))));
    // A page that shows readers only its last-updated date dates its
    // current text by it: when the metadata's publication date appears
    // nowhere on the page but its modification date does, the shown date
    // wins (WCXB dev: 18 of 37 date misses were this case).
    if let (Some((p, r)), Some((m, _))) = (found, modified)
        && r != "hint"
        && p != m
    {
        let shown = visible_dates(dom, 0, dom.len(), 400);
        if !shown.iter().any(|(_, d)| *d == p) && shown.iter().any(|(_, d)| *d == m) {
            found = Some((m, "shown-modified"));
        }
    }
    // Site builders stamp `datePublished` with the page's last publish
    // (equal to, or even after, `dateModified`): when that stamp is shown
    // nowhere and the article's header shows a date days before it, the
    // header's date is the original publication. Only earlier dates count:
    // a later one is a "today" bar, and a day's difference a time zone.
    if let (Some((p, r)), Some((m, _))) = (found, modified)
        && r.starts_with("json-ld")
        && p >= m
        && let Some(h) = header_date(dom, meta, roots, 30)
        && days_before(h, p).is_some_and(|d| d > 2)
        && !visible_dates(dom, 0, dom.len(), 400).iter().any(|(_, d)| *d == p)
    {
        found = Some((h, "visible-text"));
    }
    if let Some((d, r)) = found {
        art.published = Some(d);
        art.rules.push(rule("published", r));
    }
    if let Some((d, r)) = modified {
        art.modified = Some(d);
        art.rules.push(rule("modified", r));
    }
}

/// The first `<time>` in the article's neighbourhood that is not inside
/// a caption or figure: a caption's date may be years older than the story.
fn article_time(dom: &Dom<'_>, meta: &PageMeta, roots: &[usize]) -> Option<PartialDate> {
    let first = *roots.first()?;
    // The article element around the chosen container, or its grandparent.
    let mut scope = first;
    let mut up = 0;
    let mut p = dom.nodes[first].parent;
    while p != NO_PARENT && up < 6 {
        let pi = p as usize;
        let tag = dom.nodes[pi].tag();
        if tag == "body" || tag == "html" {
            break;
        }
        scope = pi;
        if tag == "article" || tag == "main" {
            break;
        }
        up += 1;
        p = dom.nodes[pi].parent;
    }
    let (lo, hi) = (scope, dom.nodes[scope].end as usize);
    meta.times
        .iter()
        .filter(|(i, _)| (lo..hi).contains(i) && !in_caption(dom, *i))
        .find_map(|(_, v)| dates::parse_date(v))
}

/// Whole days from `a` to `b` (positive when `a` is earlier), for full dates.
fn days_before(a: PartialDate, b: PartialDate) -> Option<i64> {
    Some((b.to_naive()? - a.to_naive()?).num_days())
}

/// Dates written in short visible text nodes of `lo..hi` ("Last updated:
/// Dec 12, 2025", "By Jane Doe - Mar 27, 2024"), in document order, at most
/// `limit`; text inside scripts, titles and captions does not count.
fn visible_dates(dom: &Dom<'_>, lo: usize, hi: usize, limit: usize) -> Vec<(usize, PartialDate)> {
    let mut out = Vec::new();
    for i in lo..hi.min(dom.len()) {
        let Some(t) = dom.nodes[i].text() else { continue };
        let t = t.trim();
        // A year is four digits: skip the text nodes without a digit run.
        if t.len() < 6 || t.len() > 160 || !t.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit)) {
            continue;
        }
        let p = dom.nodes[i].parent;
        if p != NO_PARENT
            && matches!(dom.nodes[p as usize].tag(), "script" | "style" | "title" | "noscript" | "option" | "template")
        {
            continue;
        }
        if in_caption(dom, i) {
            continue;
        }
        let mut rest = t;
        while let Some(f) = dates::find_date(rest) {
            out.push((i, f.date));
            if out.len() >= limit {
                return out;
            }
            rest = &rest[f.end..];
        }
    }
    out
}

/// The first date written in the article's header: from a little before
/// the headline (or the chosen container) to the end of the first chosen
/// container, or `into_body` nodes into it. For pages whose only date is
/// plain text.
fn header_date(dom: &Dom<'_>, meta: &PageMeta, roots: &[usize], into_body: usize) -> Option<PartialDate> {
    let first = *roots.first()?;
    let start = meta.h1.iter().map(|(i, _)| *i).find(|&i| i < first).unwrap_or(first);
    let lo = start.saturating_sub(40);
    let hi = (dom.nodes[first].end as usize).min(first.saturating_add(into_body));
    visible_dates(dom, lo, hi, 1).first().map(|(_, d)| *d)
}

fn in_caption(dom: &Dom<'_>, i: usize) -> bool {
    let mut p = dom.nodes[i].parent;
    let mut steps = 0;
    while p != NO_PARENT && steps < 64 {
        let n = &dom.nodes[p as usize];
        if matches!(n.tag(), "figure" | "figcaption" | "caption" | "picture") {
            return true;
        }
        if n.attr("class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("caption")
                || c.contains("credit")
                || c.contains("gallery")
                || c.contains("related")
                || c.contains("comment")
        }) {
            return true;
        }
        p = n.parent;
        steps += 1;
    }
    false
}

/// Why the extractor chose what it chose: the chosen containers with
/// their paths and kept-text sizes, and (with `find`) the path of every text
/// node containing that string with each ancestor's `tag:dropped:text`.
/// For the evaluator's `--debug`; not a stable interface.
#[doc(hidden)]
pub fn debug_choice(bytes: &[u8], find: Option<&str>) -> String {
    let decoded = encoding::decode(bytes, None);
    let (markup, _) = depth::cap_depth(&decoded.text);
    let arena = parse::parse_document(&markup);
    let dom = Dom::build(&arena);
    let a = content::analyse(&dom);
    let roots = content::choose(&dom, &a);
    let path = |i: usize| {
        let mut parts = Vec::new();
        let mut p = i as u32;
        while p != NO_PARENT {
            let n = &dom.nodes[p as usize];
            parts.push(format!("{}[{}#{}]", n.tag(), n.attr("class").unwrap_or(""), n.attr("id").unwrap_or("")));
            p = n.parent;
        }
        parts.reverse();
        parts.join(" > ")
    };
    let mut out = String::new();
    if let Some(needle) = find {
        for i in 0..dom.len() {
            if dom.nodes[i].text().is_some_and(|t| t.contains(needle)) {
                let mut flags = String::new();
                let mut p = dom.nodes[i].parent;
                while p != NO_PARENT {
                    let k = p as usize;
                    flags.push_str(&format!("{}:{}:{} ", dom.nodes[k].tag(), u8::from(a.dropped[k]), a.text[k]));
                    p = dom.nodes[k].parent;
                }
                out.push_str(&format!("found in {i}: {}\n  {flags}\n", path(i)));
            }
        }
    }
    for &r in &roots {
        out.push_str(&format!("root {r}: text={} link={} {}\n", a.text[r], a.link[r], path(r)));
    }
    out
}

/// Parses the page with the fast tokenizer and with html5ever's, and
/// compares the trees: `Ok(true)` when they agree, `Ok(false)` when the fast
/// tokenizer handed the page to html5ever's, else the first difference.
/// For the evaluator's `--check-parse`; not a stable interface.
#[doc(hidden)]
pub fn check_parse(bytes: &[u8]) -> Result<bool, String> {
    let decoded = encoding::decode(bytes, None);
    let (markup, _) = depth::cap_depth(&decoded.text);
    let Some(fast) = tokenize::parse(&markup) else { return Ok(false) };
    let slow = parse::parse_html5ever(&markup);
    let (a, b) = (tree_dump(&fast), tree_dump(&slow));
    match a.iter().zip(&b).position(|(x, y)| x != y) {
        Some(i) => Err(format!("node {i}: fast {} / html5ever {}", a[i], b[i])),
        None if a.len() != b.len() => Err(format!("{} nodes fast, {} with html5ever", a.len(), b.len())),
        None => Ok(true),
    }
}

/// One line per node of the flattened tree: parent, name, sorted
/// attributes and subtree end, or the text.
fn tree_dump(arena: &parse::Arena) -> Vec<String> {
    let dom = Dom::build(arena);
    dom.nodes
        .iter()
        .map(|n| match n.kind {
            dom::Kind::Text(t) => format!("{} text {t:?}", n.parent),
            dom::Kind::Elem(e) => {
                let mut attrs: Vec<String> =
                    e.attrs.iter().map(|a| format!("{:?}:{}={:?}", a.name.ns, a.name.local, &*a.value)).collect();
                attrs.sort();
                format!("{} <{:?}:{}> {} end {}", n.parent, e.name.ns, e.name(), attrs.join(" "), n.end)
            }
        })
        .collect()
}
