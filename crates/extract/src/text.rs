//! Cleaning of scraped plain text: a line classifier that removes the
//! noise real scrapes carry (see PRODUCT.md, "Noise the input really has")
//! and keeps every body paragraph.
//!
//! Each non-empty line (or hard-wrapped run of lines) is a unit. Units are
//! classified one by one (boilerplate, caption, byline, dateline), then
//! passes that need context run over the whole list: repeats, teasers for
//! other articles, a bio or disclaimer at the end, an "At a Glance" summary.
//! When in doubt a unit is kept: losing a body paragraph is worse than
//! keeping a stray line.

use crate::dates;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use storyline_model::{Article, DocError, FieldRule, Hints, ParagraphKind, PartialDate};

/// Why a unit was dropped (kept for debugging and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noise {
    Advertisement,
    Caption,
    Chrome,
    Tags,
    Byline,
    Dateline,
    Headline,
    Repeat,
    Teaser,
    Bio,
    Disclaimer,
}

/// Whole-line boilerplate: page chrome scraped along with the article.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            new\ update | news\ ?feed | read\ more | read\ next | read\ also | also\ read | see\ also
            | show\ more | show\ less | load\ more | more\ news | latest\ news | top\ stories | most\ read
            | trending(?:\ now)? | related(?:\ (?:articles?|stories|news|posts|content|coverage))? | recommended(?:\ for\ you)?
            | you\ may\ also\ like | you\ might\ also\ like | don'?t\ miss | popular | editor'?s\ picks?
            | share(?:\ (?:this|this\ article|this\ story|on\ \w+|via\ \w+))? | tweet | email | print | copy\ link
            | facebook | twitter | x | whatsapp | telegram | linkedin | reddit | pinterest | flipboard
            | comments?(?:\ \(\d+\))? | \d+\ comments? | leave\ a\ comment | join\ the\ conversation
            | follow(?:\ us)?(?:\ on\ [\w\ ]+)? | subscribe(?:\ now)? | sign\ up | sign\ in | log\ ?in | register
            | listen(?:\ to\ (?:this\ )?article)?(?:\ \d+\ min(?:ute)?s?)? | play | pause | watch(?:\ now)?
            | loading\.*|skip\ to\ (?:main\ )?content | menu | close | search | home | back\ to\ top | top
            | views?:?\ *[\d,.]+k? | [\d,.]+k?\ views? | likes?:?\ *\d+ | \d+\ likes?
            | \d+[\ -]min(?:ute)?s?\ read | reading\ time:?\ \d+\ min(?:ute)?s? | \d+\ min(?:ute)?s?
            | \d+\ (?:seconds?|minutes?|hours?|days?|weeks?|months?)\ ago | just\ now
            | image | photo | video | audio | gallery | thumbnail | avatar | author-image | author\ image
            | article\ image | featured\ image | profile\ (?:image|picture|photo) | logo | icon | placeholder
            | image\ \d+\ of\ /?\ ?\d+ | \d+\ of\ \d+ | \d+\ ?/\ ?\d+ | previous | next | expand | enlarge
            | (?:all\ rights\ reserved|©.*|copyright\ ©?.*) | advertisement\ -\ scroll\ to\ continue
            | story\ continues\ below(?:\ advertisement)? | continue\ reading(?:\ below)? | scroll\ to\ continue.*
            | click\ here.{0,60} | tap\ here.{0,60} | download\ (?:the|our)\ app.{0,40}
            | (?:read|see|watch|listen|also|more)\ ?(?:more|also)?\ ?:\ .{0,200}
            | (?:read|see)\ more\ (?:about|on|from)\ .{0,120}
            | open\ in\ app | get\ the\ app | newsletter | sign\ up\ for\ (?:our|the)\ .{0,80}
            | \W*
        )\W*$",
    )
    .expect("valid regex")
});

/// Photo credits and image captions.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^[\[(]?(?:photo|photograph|image|picture|pic|credit|source|file\ photo|foto|illustration|graphic)s?(?:\ credit)?\s*(?::|by(?-u:\b)|/|\|)
        | ^(?:getty\ images|afp|reuters|ap|epa|shutterstock|tass|sputnik|ria\ novosti|anadolu(?:\ agency)?|xinhua|pool)(?:\ via\ getty\ images)?\W*$
        | ^\(?(?:photo|image|picture)\ (?:by|courtesy|credit)(?-u:\b)
        | ^\(.{0,80}(?:afp|getty|reuters|ap\ photo|epa|photo|images?|file|pool|sputnik|tass|anadolu|shutterstock|xinhua)\W*\)$
        | (?:(?-u:\b)(?:reuters|afp|ap|epa(?:-efe)?|getty\ images|sputnik|tass|xinhua|anadolu|pool|kremlin\.ru|shutterstock|bloomberg|ria\ novosti)\s*/\s*[\p{Lu}][\p{L}.'-]+(?:\ [\p{Lu}][\p{L}.'-]+)*\W*$)
        | (?:\((?:photo|image|picture)[^)]{0,80}\)\W*$)
        | (?:(?-u:\b)via\ getty\ images\W*$) | (?:\|\s*photo\ credit(?-u:\b)) | (?:(?-u:\b)photo\ credit:)
        | ^image\ source(?-u:\b) | ^image\ caption(?-u:\b) | ^media\ caption(?-u:\b) | \.(?:jpe?g|png|gif|webp)$
        ",
    )
    .expect("valid regex")
});

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Written by ...".
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|words by|reporting by|story by|posted by|author:)\s+([\p{Lu}][\p{L}.'’-]*(?:,?\s+(?:[\p{Lu}][\p{L}.'’-]*|and|&|de|van|von|der|al|bin|da|di|le|la))*)").expect("valid regex")
});

/// A line that is only a date, optionally with a "Published/Updated" label and time.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(published|posted|updated|last updated|first published|modified|date)\s*(?:on|at)?\s*:?\s*)?(?:[a-z]+day,?\s*)?[^a-z]{0,3}(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})(?:[\s,|/at-]*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*\(?[a-z]{2,5}\)?|\s*[+-]\d{2}:?\d{2})?)?\s*(?:\|.*)?$").expect("valid regex")
});

/// Wire datelines opening the first paragraph: "KYIV, Sept 5 (Reuters) -".
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Lu}][\p{Lu}\p{L} .'/-]{1,40},\s*(?:[\p{Lu}][\p{L}]+,\s*)?([A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?)\s*(?:\(([^)]{1,30})\))?\s*[-–—]").expect("valid regex")
});

/// A reporter's bio closing the article.
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:the\s+)?(?i:author|writer|reporter|columnist)\s+(?:is|was)\b|^[-–—]?\s*(?:[\p{Lu}][\p{L}.'’-]+\s+){1,3}(?:is|was|has been|covers)\s+(?:a|an|the)?\s*(?:[\w,'’-]+\s+){0,8}(?:reporter|correspondent|journalist|editor|writer|columnist|contributor|producer|analyst|author|freelancer|intern|staff writer|news editor|bureau chief)\b").expect("valid regex")
});

/// Credit lines closing wire copy ("Reporting by X; Editing by Y").
static CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|research)\s+by\s+[^.]{2,200}\)?\.?$|^\(?(?:with|additional)\s+(?:input|reporting)\s+from\s+.{2,120}\)?$|^\(?(?:this|the)\s+(?:article|story)\s+(?:was|has been)\s+(?:updated|corrected|amended)\b.{0,200}\)?$").expect("valid regex")
});

/// "Jane Doe contributed reporting from Kyiv."
static CONTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\p{Lu}][\p{L}.'’-]+,?\s+(?:and\s+)?){1,8}contributed\s+(?:reporting|research|to this (?:report|article|story))\b.{0,120}$").expect("valid regex")
});

/// Credit lines, contributor notes and reporter bios that close an article.
pub fn is_closing_credit(t: &str) -> bool {
    let len = t.chars().count();
    len < 400 && (CREDITS.is_match(t) || CONTRIBUTED.is_match(t) || BIO.is_match(t))
}

static DISCLAIMER_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:legal\s+)?disclaimer\s*:?").expect("valid regex"));

static SUMMARY_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:at a glance|key points?|key takeaways?|takeaways|highlights|story highlights|in brief|in short|the gist|summary|quick read|what you need to know|the big picture|tl;?dr)\s*:?$").expect("valid regex")
});

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•●▪◦‣∙·*–-]|\d{1,2}[.)])\s+").expect("valid regex"));

/// Words that mark a disclaimer paragraph from a syndication service.
const DISCLAIMER_WORDS: &[&str] = &[
    "as is",
    "without warranty",
    "warranty",
    "liability",
    "responsibility",
    "accuracy",
    "copyright",
    "complaints",
    "provider",
    "not responsible",
    "endorse",
    "informational purposes",
    "investment advice",
    "third party",
    "third-party",
    "reliability",
    "legality",
    "completeness",
    "disclaimer",
    "press release",
    "do not accept",
    "kindly contact",
    "syndicated",
];

/// One unit of the input: a line or a hard-wrapped run of lines.
struct Unit {
    text: String,
    /// A blank line (or the start) precedes this unit.
    para_start: bool,
    keep: Option<ParagraphKind>,
    why: Option<Noise>,
}

pub fn clean(input: &str, hints: &Hints) -> Result<Article, DocError> {
    if input.trim().is_empty() {
        return Err(DocError::Empty);
    }
    let mut units = split_units(input);
    let mut art = Article::default();
    let mut published: Option<(PartialDate, &'static str)> = None;
    let mut modified: Option<PartialDate> = None;
    let mut published_from_update = false;
    let mut author: Option<String> = None;

    // Title: the hint, else a headline-like first line.
    let mut title = hints.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    if title.is_some() {
        art.rules.push(rule("title", "hint"));
    } else if let Some(first) = units.first()
        && is_headline_like(&first.text, 30)
        && units.len() > 1
        && classify(&first.text).is_none()
        && !DATE_LINE.is_match(&first.text)
    {
        title = Some(first.text.clone());
        art.rules.push(rule("title", "first-line"));
    }
    let title_norm = title.as_deref().map(norm);

    // Line-by-line classification.
    let n = units.len();
    for (i, u) in units.iter_mut().enumerate() {
        let t = u.text.as_str();
        if title_norm.as_deref().is_some_and(|tn| !tn.is_empty() && norm(t) == tn) {
            u.why = Some(Noise::Headline);
            continue;
        }
        if let Some(noise) = classify(t) {
            u.why = Some(noise);
            continue;
        }
        if let Some(a) = byline_author(t) {
            if author.is_none() {
                author = Some(a);
            }
            u.why = Some(Noise::Byline);
            continue;
        }
        if DATE_LINE.is_match(t) {
            let label = DATE_LINE.captures(t).and_then(|c| c.get(1)).map(|m| m.as_str().to_ascii_lowercase());
            if let Some(d) = dates::find_date(t) {
                let is_update = label.as_deref().is_some_and(|l| l.contains("updated") || l.contains("modified"));
                if is_update {
                    modified.get_or_insert(d.date);
                    // An "Updated" line still dates the article when nothing else does.
                    if published.is_none() {
                        published = Some((d.date, "dateline"));
                        published_from_update = true;
                    }
                } else if published.is_none() || published_from_update {
                    published = Some((d.date, "dateline"));
                    published_from_update = false;
                }
            }
            u.why = Some(Noise::Dateline);
            continue;
        }
        // Credits, bios: only near the end, where wire copy puts them.
        if i + 4 >= n && is_closing_credit(t) {
            u.why = Some(Noise::Bio);
            continue;
        }
        u.keep = Some(if BULLET.is_match(t) { ParagraphKind::ListItem } else { ParagraphKind::Body });
    }

    mark_disclaimers(&mut units);
    mark_summary(&mut units);
    mark_repeats(&mut units);
    mark_tag_lines(&mut units);
    mark_teasers(&mut units);

    // The agency credited in a wire dateline ("KYIV, Sept 5 (Reuters) -")
    // names the outlet when nothing else does.
    let dateline_credit = units
        .iter()
        .find(|u| u.keep.is_some())
        .and_then(|u| WIRE_DATELINE.captures(&u.text))
        .and_then(|c| c.get(2).map(|m| m.as_str().trim().to_string()))
        .filter(|o| o.chars().next().is_some_and(char::is_uppercase) && !o.chars().any(|c| c.is_ascii_digit()));

    // A year-less wire dateline ("KYIV, Sept 5 (Reuters) -") dates the
    // article with the year of a dated file name, else the year the text
    // mentions most (a guess, with a warning).
    let file_date = hints.file_name.as_deref().and_then(dates::date_from_file_name);
    if published.is_none()
        && let Some(u) = units.iter().find(|u| u.keep.is_some())
        && let Some(c) = WIRE_DATELINE.captures(&u.text)
    {
        let md = &c[1];
        if let Some(d) = dates::find_date(md) {
            published = Some((d.date, "dateline"));
        } else if let Some((m, d)) = dates::find_month_day(md) {
            let year = file_date
                .map(|f| (f.year(), "dateline+file-name"))
                .or_else(|| year_in(&units).map(|y| (y, "dateline")));
            if let Some((y, r)) = year
                && let Ok(date) = PartialDate::ymd(y, m, d)
            {
                published = Some((date, r));
                if file_date.is_none() {
                    art.warnings.push("dateline year inferred from the text".into());
                }
            }
        }
    }

    let paras: Vec<(String, ParagraphKind)> = units.into_iter().filter_map(|u| u.keep.map(|k| (u.text, k))).collect();
    if paras.is_empty() {
        return Err(DocError::NoBody(Some("every line is boilerplate".into())));
    }
    crate::assemble(&mut art, paras);

    art.title = title;
    if let Some(a) = hints.author.as_deref().filter(|a| !a.trim().is_empty()) {
        art.author = Some(a.trim().to_string());
        art.rules.push(rule("author", "hint"));
    } else if let Some(a) = author {
        art.author = Some(a);
        art.rules.push(rule("author", "byline"));
    }
    if let Some(o) = hints.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
        art.outlet = Some(o.trim().to_string());
        art.rules.push(rule("outlet", "hint"));
    } else if let Some(o) = dateline_credit {
        art.outlet = Some(o);
        art.rules.push(rule("outlet", "dateline-credit"));
    }
    if let Some(u) = hints.url.as_deref().filter(|u| !u.trim().is_empty()) {
        art.url = Some(u.trim().to_string());
        art.rules.push(rule("url", "hint"));
    }
    match hints.published.as_deref().and_then(dates::parse_date) {
        Some(d) => {
            art.published = Some(d);
            art.rules.push(rule("published", "hint"));
        }
        None => {
            if hints.published.as_deref().is_some_and(|p| !p.trim().is_empty()) {
                art.warnings.push("published hint is not a date".into());
            }
            if let Some((d, r)) = published {
                art.published = Some(d);
                art.rules.push(rule("published", r));
            } else if let Some(d) = hints.url.as_deref().and_then(dates::date_from_url) {
                art.published = Some(d);
                art.rules.push(rule("published", "url"));
            } else if let Some(d) = file_date {
                art.published = Some(d);
                art.rules.push(rule("published", "file-name"));
            }
        }
    }
    if let Some(m) = modified {
        art.modified = Some(m);
        art.rules.push(rule("modified", "dateline"));
    }
    if let Some(l) = crate::lang::detect(&art.text) {
        art.language = Some(l);
        art.rules.push(rule("language", "whatlang"));
    }
    Ok(art)
}

fn rule(field: &str, rule: &str) -> FieldRule {
    FieldRule { field: field.into(), rule: rule.into() }
}

/// Lines to units. Consecutive lines of a hard-wrapped paragraph become one.
fn split_units(input: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, units: &mut Vec<Unit>| {
        if block.is_empty() {
            return;
        }
        let wrapped = is_hard_wrapped(block);
        let mut first = true;
        let mut acc = String::new();
        for (k, line) in block.iter().enumerate() {
            acc.push_str(line);
            let join_next = block.get(k + 1).is_some_and(|next| wrapped || continues(line, next));
            if join_next {
                acc.push(' ');
            } else {
                units.push(Unit { text: std::mem::take(&mut acc), para_start: first, keep: None, why: None });
                first = false;
            }
        }
        block.clear();
    };
    for line in input.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut block, &mut units);
        } else {
            block.push(t);
        }
    }
    flush(&mut block, &mut units);
    units
}

/// A paragraph broken at a fixed width: several lines of near-equal length.
fn is_hard_wrapped(block: &[&str]) -> bool {
    if block.len() < 3 {
        return false;
    }
    let lens: Vec<usize> = block.iter().map(|l| l.chars().count()).collect();
    let max = *lens.iter().max().unwrap_or(&0);
    if !(40..=100).contains(&max) {
        return false;
    }
    let body = &lens[..lens.len() - 1];
    body.iter().filter(|&&l| l + 15 >= max).count() * 5 >= body.len() * 4
}

/// A line cut mid-sentence: long, no closing punctuation, next starts lowercase.
fn continues(line: &str, next: &str) -> bool {
    line.chars().count() >= 40
        && !line.ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '»'])
        && next.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Boilerplate a line is by itself, without context.
pub fn classify(t: &str) -> Option<Noise> {
    let len = t.chars().count();
    if len <= 60 && is_advertisement(t) {
        return Some(Noise::Advertisement);
    }
    if len <= 120 && CHROME.is_match(t) {
        return Some(Noise::Chrome);
    }
    if len <= 300 && CAPTION.is_match(t) {
        return Some(Noise::Caption);
    }
    if len <= 200 && TAGS_LABEL.is_match(t) && !t.ends_with('.') {
        return Some(Noise::Tags);
    }
    None
}

/// "Advertisement" and its misspellings and variants ("Advertisment",
/// "ADVERTISEMENT", "Advert", "- Advertisement -", "Sponsored").
fn is_advertisement(t: &str) -> bool {
    let letters: String = t.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if letters.is_empty() {
        return false;
    }
    matches!(
        letters.as_str(),
        "ad" | "ads"
            | "advert"
            | "adverts"
            | "sponsored"
            | "sponsoredcontent"
            | "promoted"
            | "paidcontent"
            | "partnercontent"
            | "реклама"
            | "anzeige"
            | "werbung"
            | "publicité"
            | "publicidad"
            | "pubblicità"
    ) || (letters.len() >= 9
        && letters.len() <= 16
        && letters.starts_with("adv")
        && edit_distance(&letters, "advertisement") <= 3)
        || letters.starts_with("advertisement") && letters.len() <= 40
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Short, no sentence-final period, starts with a capital: a headline.
fn is_headline_like(t: &str, max_words: usize) -> bool {
    let words = t.split_whitespace().count();
    // A quoted sentence ends in punctuation inside its closing mark.
    let bare = t.trim_end_matches(['"', '”', '’', '\'', ')', '»']);
    words >= 2
        && words <= max_words
        && t.chars().count() <= 250
        && !bare.ends_with(['.', ',', ';', ':'])
        && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '“' || c == '"' || c == '\'')
}

/// Lowercased letters and digits only, for equality up to punctuation.
fn norm(t: &str) -> String {
    storyline_model::normalize_for_hash(t)
}

fn clean_author(s: &str) -> String {
    // Bylines run into the date or a label: "Jane Doe Updated Sept 5".
    let mut words: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if dates::month_number(bare).is_some()
            || bare.chars().next().is_some_and(|c| c.is_ascii_digit())
            || matches!(
                bare,
                "Updated"
                    | "Published"
                    | "Posted"
                    | "Last"
                    | "Modified"
                    | "Today"
                    | "Yesterday"
                    | "Reviewed"
                    | "Fact"
                    | "Edited"
                    | "Photos"
                    | "Photo"
                    | "Video"
                    | "Staff"
                    | "Contributor"
                    | "Follow"
                    | "Email"
                    | "Twitter"
                    | "Share"
                    | "Read"
                    | "More"
                    | "On"
                    | "In"
                    | "From"
                    | "For"
                    | "The"
            )
        {
            break;
        }
        words.push(w);
    }
    while let Some(last) = words.last() {
        if matches!(*last, "and" | "&" | "," | "de" | "van" | "von" | "der" | "al" | "bin" | "da" | "di" | "le" | "la")
        {
            words.pop();
        } else {
            break;
        }
    }
    let s = words.join(" ");
    s.trim().trim_end_matches([',', '|', '-', '–', ' ']).trim().to_string()
}

/// "Tags: Russia, Ukraine", "Filed under: Politics".
static TAGS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tags?|topics?|keywords?|filed under|categories|category|related topics|more on|subjects?)\s*:")
        .expect("valid regex")
});

/// A line that is only a date, with or without a "Published" label.
pub fn is_date_line(t: &str) -> bool {
    t.chars().count() < 80 && DATE_LINE.is_match(t) && dates::find_date(t).is_some()
}

/// The person named by a byline line ("By Jane Doe and John Roe",
/// "By Jane Doe, Reuters | Updated Sept 5"). A sentence that merely starts
/// with "By" ("By Tuesday, the talks had collapsed.") is not a byline.
pub fn byline_author(t: &str) -> Option<String> {
    let t = t.trim();
    if t.chars().count() > 120 {
        return None;
    }
    let c = BYLINE.captures(t)?;
    let whole = c.get(0).expect("whole match");
    let first = c[1].split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
    if dates::month_number(first).is_some() || NOT_NAMES.contains(&first) {
        return None;
    }
    // What follows the names must be an affiliation, a separator or a date.
    let rest = t[whole.end()..].trim_start();
    let rest_lower = rest.to_lowercase();
    let rest_ok = rest.is_empty()
        || rest.starts_with([',', '|', '-', '–', '—', '•', '·', '(', '/'])
        || ["updated", "published", "posted", "on ", "last updated"].iter().any(|p| rest_lower.starts_with(p))
        || dates::find_date(rest).is_some();
    if !rest_ok || (t.ends_with('.') && t.split_whitespace().count() > 8) {
        return None;
    }
    let a = clean_author(&c[1]);
    (a.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some(a)
}

/// Capitalised words that start "By ..." sentences rather than bylines.
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Then",
    "Now",
    "Contrast",
    "Comparison",
    "Christmas",
    "Easter",
    "Law",
    "Default",
    "Design",
    "Far",
    "Way",
    "Early",
    "Late",
    "Midday",
    "Noon",
    "Midnight",
    "Tonight",
    "Tomorrow",
    "Today",
    "Yesterday",
    "Next",
    "Last",
    "This",
    "That",
    "These",
    "Those",
    "The",
    "A",
    "An",
    "All",
    "Some",
    "Most",
    "Using",
    "Doing",
];

/// Disclaimer blocks of syndication services: a "Legal Disclaimer:" head and
/// the disclaimer-worded lines after it, or a paragraph dense in those words.
fn mark_disclaimers(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        let t = units[i].text.clone();
        let lower = t.to_lowercase();
        let hits = DISCLAIMER_WORDS.iter().filter(|w| lower.contains(*w)).count();
        if DISCLAIMER_HEAD.is_match(&t) {
            units[i].keep = None;
            units[i].why = Some(Noise::Disclaimer);
            let mut j = i + 1;
            // The head alone on its line: its text follows.
            let head_only = t.chars().count() < 30;
            while j < units.len() {
                let l = units[j].text.to_lowercase();
                let h = DISCLAIMER_WORDS.iter().filter(|w| l.contains(*w)).count();
                if h >= 2 || (head_only && j == i + 1) {
                    units[j].keep = None;
                    units[j].why = Some(Noise::Disclaimer);
                    j += 1;
                } else {
                    break;
                }
            }
            i = j;
            continue;
        }
        if hits >= 4
            && (lower.contains("as is") || lower.contains("without warranty") || lower.contains("not responsible"))
        {
            units[i].keep = None;
            units[i].why = Some(Noise::Disclaimer);
        }
        i += 1;
    }
}

/// "At a Glance" summaries: the head and its bullets are kept as
/// [`ParagraphKind::Summary`].
fn mark_summary(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        if !SUMMARY_HEAD.is_match(&units[i].text) {
            i += 1;
            continue;
        }
        units[i].keep = Some(ParagraphKind::Summary);
        units[i].why = None;
        let mut j = i + 1;
        let bulleted = units.get(j).is_some_and(|u| BULLET.is_match(&u.text));
        while j < units.len() && j <= i + 12 {
            let u = &units[j];
            let more = if bulleted {
                BULLET.is_match(&u.text)
            } else {
                // Without markers the summary is the block of short lines
                // right under the head, up to the next blank line.
                (j == i + 1 || !u.para_start) && u.text.split_whitespace().count() <= 60
            };
            if !more {
                break;
            }
            if u.keep.is_some() {
                units[j].keep = Some(ParagraphKind::Summary);
            }
            j += 1;
        }
        i = j;
    }
}

/// Exact repeats (up to punctuation and case) of an earlier unit: the lede
/// twice, the final quote repeated at the end. Summary units neither are
/// removed nor cause removal, since they repeat the body by design.
fn mark_repeats(units: &mut [Unit]) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: Vec<String> = Vec::new();
    for u in units.iter_mut() {
        let Some(kind) = u.keep else { continue };
        if kind == ParagraphKind::Summary {
            continue;
        }
        let n = norm(&u.text);
        if n.len() < 20 {
            continue;
        }
        if seen.contains(&n) {
            u.keep = None;
            u.why = Some(Noise::Repeat);
            continue;
        }
        // A truncated teaser of the lede ("... the talks…") repeats its start.
        let truncated = u.text.ends_with('…') || u.text.ends_with("...");
        if truncated && kept.iter().any(|k| k.starts_with(&n)) {
            u.keep = None;
            u.why = Some(Noise::Repeat);
            continue;
        }
        seen.insert(n.clone());
        kept.push(n);
    }
    // The earlier, truncated copy of a lede that is repeated in full later.
    let full: Vec<String> = units.iter().filter(|u| u.keep.is_some()).map(|u| norm(&u.text)).collect();
    for u in units.iter_mut() {
        if u.keep.is_none() || !(u.text.ends_with('…') || u.text.ends_with("...")) {
            continue;
        }
        let n = norm(&u.text);
        if n.len() >= 40 && full.iter().any(|f| f.len() > n.len() && f.starts_with(&n)) {
            u.keep = None;
            u.why = Some(Noise::Repeat);
        }
    }
    // Near-repeats: a standfirst that is the start of the next paragraph,
    // or the lede again with a word or two changed.
    let kept: Vec<usize> =
        (0..units.len()).filter(|&i| units[i].keep.is_some_and(|k| k != ParagraphKind::Summary)).collect();
    let mut seen_words: Vec<HashSet<String>> = Vec::new();
    for (k, &i) in kept.iter().enumerate() {
        let n = norm(&units[i].text);
        if let Some(&j) = kept.get(k + 1) {
            let next = norm(&units[j].text);
            if n.len() >= 60 && next.len() > n.len() && next.starts_with(&n) {
                units[i].keep = None;
                units[i].why = Some(Noise::Repeat);
                continue;
            }
        }
        let words: HashSet<String> = n.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
        if words.len() >= 20 {
            // Against the opening paragraphs only (where the lede is), so
            // long texts stay linear.
            let near = seen_words.iter().take(10).any(|w| {
                let inter = w.intersection(&words).count();
                let union = w.len() + words.len() - inter;
                inter * 10 >= union * 9
            });
            if near {
                units[i].keep = None;
                units[i].why = Some(Noise::Repeat);
                continue;
            }
            seen_words.push(words);
        }
    }
}

/// Function words that title-case headlines contain and tag lists do not.
const TITLE_WORDS: &[&str] = &[
    "To", "In", "The", "A", "An", "For", "With", "At", "Is", "Are", "Says", "Said", "On", "Of", "And", "As", "By",
    "From", "After", "Over", "Will", "Be", "Has", "Have", "Not", "Why", "How", "What", "Who",
];

/// A line of tag names: several capitalised names, no sentence punctuation
/// ("Russia Donald Trump Vladimir Putin Ukraine").
fn is_tag_line(t: &str) -> bool {
    if t.ends_with(['.', '!', '?', ':', '"', '”']) || t.chars().count() > 200 {
        return false;
    }
    let separated = t.contains(" | ") || t.contains(" • ") || t.contains(" · ") || t.matches(", ").count() >= 2;
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '•' || c == '·')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 3 {
        return false;
    }
    let capitalised =
        words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())).count();
    if capitalised != words.len() {
        return false;
    }
    if separated {
        return true;
    }
    words.len() >= 5 && !words.iter().any(|w| TITLE_WORDS.contains(w))
}

fn mark_tag_lines(units: &mut [Unit]) {
    let kept: Vec<usize> = (0..units.len()).filter(|&i| units[i].keep.is_some()).collect();
    for (k, &i) in kept.iter().enumerate() {
        // Tag lines sit at the edges of the article or right after its head.
        let near_edge = k <= 1 || k + 2 >= kept.len();
        if units[i].keep == Some(ParagraphKind::Summary) {
            continue;
        }
        let t = &units[i].text;
        if is_tag_line(t)
            && (near_edge || t.contains(" | ") || t.matches(", ").count() >= 3 || t.split_whitespace().count() >= 6)
        {
            units[i].keep = None;
            units[i].why = Some(Noise::Tags);
        }
    }
}

const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as", "is", "was", "are",
    "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "he", "she", "they", "his", "her",
    "their", "said", "says", "not", "but", "will", "would", "after", "over", "about", "who", "which", "what", "when",
    "than", "more", "also", "into", "we", "i", "you", "our", "there",
];

fn content_words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.to_lowercase())
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// A headline-like line followed by paragraphs that share almost no words
/// with the rest of the article: a teaser for another story inserted
/// mid-text. Conservative: the article must be long enough to judge, the
/// teaser short, and both headline and text off-topic.
fn mark_teasers(units: &mut [Unit]) {
    let kept: Vec<usize> = (0..units.len()).filter(|&i| units[i].keep.is_some()).collect();
    if kept.len() < 5 {
        return;
    }
    let words: Vec<Vec<String>> = kept.iter().map(|&i| content_words(&units[i].text)).collect();
    let sets: Vec<HashSet<&str>> = words.iter().map(|w| w.iter().map(String::as_str).collect()).collect();
    // In how many units each word occurs: "does the rest of the article use
    // this word" is then a subtraction, keeping the pass linear.
    let mut df: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for set in &sets {
        for w in set {
            *df.entry(*w).or_default() += 1;
        }
    }
    if df.len() < 36 {
        return;
    }
    let in_rest = |w: &str, window: std::ops::Range<usize>| {
        let inside = sets[window].iter().filter(|s| s.contains(w)).count();
        df.get(w).copied().unwrap_or(0) > inside
    };
    // Share of a span's words that the text outside `window` also uses.
    let shared = |span: std::ops::Range<usize>, window: std::ops::Range<usize>| -> Option<f32> {
        let teaser: HashSet<&str> = sets[span].iter().flatten().copied().collect();
        if teaser.len() < 6 {
            return None;
        }
        let n = teaser.iter().filter(|w| in_rest(w, window.clone())).count();
        Some(n as f32 / teaser.len() as f32)
    };
    let mut k = 1;
    while k + 1 < kept.len() {
        let i = kept[k];
        let t = &units[i].text;
        if !is_headline_like(t, 16) || t.ends_with(['?', '!']) || units[i].keep == Some(ParagraphKind::Summary) {
            k += 1;
            continue;
        }
        // The paragraph after the headline forms the teaser; a second one
        // joins only if it is off-topic by itself too.
        let mut best_end = None;
        if shared(k..k + 2, k..k + 2).is_some_and(|x| x < 0.2) {
            let head = &sets[k];
            let head_shared = head.iter().filter(|w| in_rest(w, k..k + 2)).count();
            if head_shared * 3 <= head.len() {
                best_end = Some(k + 2);
                if k + 3 < kept.len() && shared(k + 2..k + 3, k..k + 3).is_some_and(|x| x < 0.2) {
                    best_end = Some(k + 3);
                }
            }
        }
        if let Some(end) = best_end {
            for &j in &kept[k..end] {
                units[j].keep = None;
                units[j].why = Some(Noise::Teaser);
            }
            k = end;
        } else {
            k += 1;
        }
    }
}

/// A plausible publication year mentioned in the units (the most frequent).
fn year_in(units: &[Unit]) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[89]\d|20[0-4]\d)\b").expect("valid regex"));
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for u in units {
        for m in YEAR.find_iter(&u.text) {
            let y: i32 = m.as_str().parse().ok()?;
            match counts.iter_mut().find(|(yy, _)| *yy == y) {
                Some(c) => c.1 += 1,
                None => counts.push((y, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|&(y, c)| (c, y)).map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advertisement_variants() {
        for t in ["Advertisement", "ADVERTISEMENT", "Advertisment", "- Advertisement -", "Advertisemnt", "Ad"] {
            assert_eq!(classify(t), Some(Noise::Advertisement), "{t}");
        }
        assert_eq!(classify("Advertisers fled the platform after the ruling."), None);
    }

    #[test]
    fn chrome_and_captions() {
        for t in [
            "New Update",
            "Views: 9",
            "3 min read",
            "News Feed",
            "Read more",
            "Show More",
            "author-image",
            "Article image",
            "Avatar",
        ] {
            assert!(classify(t).is_some(), "{t}");
        }
        for t in
            ["Photo: Reuters", "(AFP/Getty Images)", "Putin speaks in Vladivostok, September 5, 2019. REUTERS/Jane Doe"]
        {
            assert_eq!(classify(t), Some(Noise::Caption), "{t}");
        }
        assert_eq!(classify("Read the full statement below, the ministry said."), None);
    }

    #[test]
    fn more_noise_variants() {
        for t in [
            "Getty Images",
            "[Photo: Reuters]",
            "4-minute read",
            "Tags: Russia, Ukraine, Peace talks",
            "Filed under: Politics",
            "Реклама",
        ] {
            assert!(classify(t).is_some(), "{t}");
        }
        assert!(BIO.is_match("The author is a journalist based in Kyiv."));
        assert!(BIO.is_match("— Jane Doe is a senior reporter at the Gazette."));
        assert_eq!(classify("Topics of the talks included grain, energy and prisoners."), None);
    }

    #[test]
    fn tag_lines_but_not_headlines() {
        assert!(is_tag_line("Russia Donald Trump Vladimir Putin Ukraine"));
        assert!(is_tag_line("Kremlin, Ukraine, Peace Talks"));
        assert!(!is_tag_line("Putin Says He Is Ready To Meet Zelensky"));
        assert!(!is_tag_line("The talks ended without agreement."));
    }

    #[test]
    fn bios_and_credits() {
        assert!(BIO.is_match("Jane Doe is a reporter for the Daily Planet covering Eastern Europe."));
        assert!(CREDITS.is_match("Reporting by Jane Doe; Editing by John Roe"));
        assert!(!BIO.is_match("Peskov is a spokesman for the Kremlin."));
    }
}
