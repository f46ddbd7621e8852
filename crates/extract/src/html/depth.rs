//! A light pass over the markup before html5ever sees it: caps element
//! nesting and empties scripts and styles.
//!
//! html5ever's tree builder scans its stack of open elements for many start
//! tags, so a page of 100,000 nested `<div>`s costs time quadratic in the
//! depth (tens of seconds). No real article nests more than a few hundred
//! elements, so start tags beyond [`MAX_DEPTH`] (and their end tags) are
//! removed by a light tag scan. Text is never removed: only tags, so a
//! flattened page still yields its words.
//!
//! Scripts and styles (except JSON-LD, which metadata reads) are emptied
//! here too: they are often half of a page's bytes, never article text, and
//! the tokenizer would otherwise walk every one of their characters.

use std::borrow::Cow;

/// Deepest element nesting passed on to the parser.
pub const MAX_DEPTH: usize = 512;

/// Elements without end tags.
fn is_void(name: &str) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen", "frame", "basefont", "bgsound", "image",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// Elements the parser closes implicitly when a sibling starts; counting
/// them would make a page of unclosed `<p>`s look deep.
fn is_self_closing_sibling(name: &str) -> bool {
    const AUTO: &[&str] = &[
        "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd", "tbody", "thead", "tfoot", "colgroup", "rb",
        "rt", "rp", "html", "head", "body",
    ];
    AUTO.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text: tags inside them are not tags.
fn is_raw_text(name: &str) -> bool {
    const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];
    RAW.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// The markup with start tags beyond [`MAX_DEPTH`] removed and scripts
/// emptied, and whether any tag was removed for depth.
pub fn cap_depth(html: &str) -> (Cow<'_, str>, bool) {
    cap_depth_to(html, MAX_DEPTH)
}

fn cap_depth_to(html: &str, max: usize) -> (Cow<'_, str>, bool) {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut removed_tags = false;
    let remove = |out: &mut Option<String>, copied: &mut usize, s: usize, e: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[*copied..s]);
        *copied = e;
    };
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let s = i + off;
        let rest = &b[s..];
        if rest.starts_with(b"<!--") {
            i = find(b, s + 4, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(b, s + 2, b">").map_or(b.len(), |p| p + 1);
            continue;
        }
        let (is_end, name_start) = if rest.starts_with(b"</") { (true, s + 2) } else { (false, s + 1) };
        let name_end = b[name_start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
            .map_or(b.len(), |p| name_start + p);
        if name_end == name_start || !b[name_start].is_ascii_alphabetic() {
            i = s + 1;
            continue;
        }
        let name = &html[name_start..name_end];
        let e = tag_end(b, name_end);
        let self_closed = e >= 2 && b[e - 2] == b'/';
        if is_end {
            if !is_void(name) && !is_self_closing_sibling(name) {
                if skipped > 0 {
                    skipped -= 1;
                    remove(&mut out, &mut copied, s, e);
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            i = e;
            continue;
        }
        if is_raw_text(name) && !self_closed {
            // Skip to the matching end tag.
            let close = find_end_tag(b, e, name).unwrap_or(b.len());
            let attrs = &html[name_end..e];
            let droppable = ["script", "style", "noscript"].iter().any(|t| t.eq_ignore_ascii_case(name))
                && !attrs.to_ascii_lowercase().contains("json");
            if droppable && close > e {
                remove(&mut out, &mut copied, e, close);
            }
            i = close;
            continue;
        }
        let counted = !(is_void(name) || self_closed || is_self_closing_sibling(name));
        if counted && depth >= max {
            skipped += 1;
            removed_tags = true;
            remove(&mut out, &mut copied, s, e);
            i = e;
            continue;
        }
        if counted {
            depth += 1;
        }
        if let Some(tag) = slim_tag(html, s, name_end, e) {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..s]);
            o.push_str(&tag);
            copied = e;
        }
        i = e;
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            (Cow::Owned(o), removed_tags)
        }
        None => (Cow::Borrowed(html), false),
    }
}

/// Attributes extraction reads; the tokenizer need not intern the rest
/// (`data-*`, `srcset`, `onclick`, inline JSON), a large share of a modern
/// page's bytes.
fn wanted_attr(name: &str) -> bool {
    const KEEP: &[&str] = &[
        "class",
        "id",
        "role",
        "itemprop",
        "itemtype",
        "href",
        "rel",
        "name",
        "property",
        "content",
        "datetime",
        "lang",
        "xml:lang",
        "type",
        "hidden",
        "aria-hidden",
        "style",
        "http-equiv",
        "charset",
        "pubdate",
    ];
    KEEP.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// The start tag `html[s..e]` without unwanted attributes, or `None` when
/// it has none to drop (or does not end in `>`).
fn slim_tag(html: &str, s: usize, name_end: usize, e: usize) -> Option<String> {
    let b = html.as_bytes();
    if e <= name_end || b[e - 1] != b'>' {
        return None;
    }
    let mut end = e - 1;
    let self_closed = end > name_end && b[end - 1] == b'/';
    if self_closed {
        end -= 1;
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut dropped = false;
    let mut i = name_end;
    while i < end {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= end {
            break;
        }
        let a0 = i;
        while i < end && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        if i == a0 {
            // A lone '=' or similar: keep the tag as written.
            return None;
        }
        let name_stop = i;
        let mut j = i;
        while j < end && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < end && b[j] == b'=' {
            j += 1;
            while j < end && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < end && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                j += 1;
                while j < end && b[j] != q {
                    j += 1;
                }
                if j >= end {
                    return None;
                }
                j += 1;
            } else {
                while j < end && !b[j].is_ascii_whitespace() {
                    j += 1;
                }
            }
            i = j;
        }
        if wanted_attr(&html[a0..name_stop]) {
            kept.push(&html[a0..i]);
        } else {
            dropped = true;
        }
    }
    if !dropped {
        return None;
    }
    let mut t = String::with_capacity(e - s);
    t.push_str(&html[s..name_end]);
    for a in kept {
        t.push(' ');
        t.push_str(a);
    }
    if self_closed {
        t.push('/');
    }
    t.push('>');
    Some(t)
}

/// Index just past the `>` closing a tag, honouring quoted attribute
/// values. As in the HTML tokenizer, a quote only opens a value right after
/// `=`; a stray quote elsewhere is an ordinary character.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut after_eq = false;
    for (k, &c) in b[from..].iter().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            b'>' => return from + k + 1,
            b'=' => after_eq = true,
            b'"' | b'\'' if after_eq => {
                quote = Some(c);
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// Start of `</name` (case-insensitive) at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let n = name.as_bytes();
    let mut i = from;
    while let Some(off) = b.get(i..)?.iter().position(|&c| c == b'<') {
        let s = i + off;
        if b.get(s + 1) == Some(&b'/')
            && b.len() >= s + 2 + n.len()
            && b[s + 2..s + 2 + n.len()].eq_ignore_ascii_case(n)
        {
            return Some(s);
        }
        i = s + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_keep_their_tags_and_lose_script_bodies() {
        let page =
            "<html><body><div><p>a<p>b<ul><li>c<li>d</ul><script>if (a<b) x('<div>')</script></div></body></html>";
        let (out, changed) = cap_depth_to(page, 3);
        assert!(!changed);
        assert_eq!(out, "<html><body><div><p>a<p>b<ul><li>c<li>d</ul><script></script></div></body></html>");
        let ld = r#"<script type="application/ld+json">{"headline":"<b>x</b>"}</script><p>t</p>"#;
        assert_eq!(cap_depth_to(ld, 3).0, ld);
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_text() {
        let page = "<div><div><div><div><div>deep</div></div>after</div></div></div>";
        let (out, changed) = cap_depth_to(page, 2);
        assert!(changed);
        assert_eq!(out, "<div><div>deepafter</div></div>");
    }

    #[test]
    fn unread_attributes_are_dropped() {
        let page = r#"<div class="story" data-x='{"a":1}' onclick="go()"><a href="/a" data-track=1 rel=author>x</a><img src=a.jpg alt="a > b"/></div>"#;
        let (out, _) = cap_depth_to(page, 10);
        assert_eq!(out, r#"<div class="story"><a href="/a" rel=author>x</a><img/></div>"#);
    }

    #[test]
    fn stray_quotes_do_not_swallow_the_page() {
        assert_eq!(tag_end(br#"<div class="a" ">text<script>x</script>"#, 4), 17);
        assert_eq!(tag_end(br#"<a href = 'x>y'>"#, 2), 16);
    }

    #[test]
    fn quoted_brackets_and_comments_do_not_confuse_the_scan() {
        let page = "<div class='a>b'><!-- <div> --><div>x</div></div>";
        let (out, changed) = cap_depth_to(page, 1);
        assert!(changed);
        assert_eq!(out, "<div class='a>b'><!-- <div> -->x</div>");
    }
}
