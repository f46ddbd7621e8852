//! A light pass over the markup before html5ever sees it: caps element
//! nesting and cuts what extraction never reads.
//!
//! html5ever's tree builder scans its stack of open elements for many start
//! tags, so a page of 100,000 nested `<div>`s costs time quadratic in the
//! depth (tens of seconds). No real article nests more than a few hundred
//! elements, so start tags beyond [`MAX_DEPTH`] (and their end tags) are
//! removed by a light tag scan. The cap removes only tags, never text, so a
//! flattened page still yields its words.
//!
//! Scripts and styles (except JSON-LD, which metadata reads), comments and
//! the insides of `<svg>`, `<nav>`, media, buttons and the other elements
//! content analysis drops whole (`is_skipped_subtree`) are cut here too,
//! and unread attributes dropped: they are often most of a page's bytes,
//! never article text, and html5ever (about half of extraction time)
//! would otherwise tokenize and build every one of them.

use std::borrow::Cow;

/// Deepest element nesting passed on to the parser.
pub const MAX_DEPTH: usize = 512;

/// A tag name lowercased into `buf`, or empty when it is longer than any
/// name the lists below hold (those are then never special).
fn lower<'b>(name: &str, buf: &'b mut [u8; 12]) -> &'b [u8] {
    let n = name.as_bytes();
    if n.len() > buf.len() {
        return &[];
    }
    for (d, s) in buf.iter_mut().zip(n) {
        *d = s.to_ascii_lowercase();
    }
    &buf[..n.len()]
}

/// Elements without end tags.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
            | b"basefont"
            | b"bgsound"
            | b"image"
    )
}

/// Elements the parser closes implicitly when a sibling starts; counting
/// them would make a page of unclosed `<p>`s look deep.
fn is_self_closing_sibling(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"td"
            | b"th"
            | b"tr"
            | b"option"
            | b"optgroup"
            | b"dt"
            | b"dd"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text: tags inside them are not tags.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript"
    )
}

/// Elements whose content extraction does not read: their insides are cut
/// here so the parser never builds them. Inline SVG icons are often a tenth
/// of a page, and navigation menus (content analysis drops them anyway)
/// hold a large share of a page's elements: cutting `<nav>` saved 17% of
/// extraction instructions on the benchmark pages, with the same text.
/// `<aside>` stays: author boxes live there (cutting it cost an author).
fn is_skipped_subtree(name: &[u8]) -> bool {
    matches!(
        name,
        b"svg"
            | b"template"
            | b"select"
            | b"math"
            | b"nav"
            | b"button"
            | b"picture"
            | b"video"
            | b"audio"
            | b"canvas"
            | b"object"
            | b"map"
            | b"dialog"
    )
}

/// The markup with start tags beyond [`MAX_DEPTH`] removed and scripts
/// emptied, and whether any tag was removed for depth.
pub fn cap_depth(html: &str) -> (Cow<'_, str>, bool) {
    cap_depth_to(html, MAX_DEPTH)
}

/// One forward scan: `out` receives the markup up to each tag, then the
/// tag itself (slimmed) or nothing; comments, script bodies and skipped
/// subtrees are never copied.
fn cap_depth_to(html: &str, max: usize) -> (Cow<'_, str>, bool) {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut out = String::with_capacity(html.len());
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut removed_tags = false;
    let mut buf = [0u8; 12];
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let s = i + off;
        let rest = &b[s..];
        if rest.starts_with(b"<!--") {
            // Comments: dropped (the DOM ignores them anyway).
            out.push_str(&html[copied..s]);
            i = find(html, s + 4, "-->").map_or(b.len(), |p| p + 3);
            copied = i;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(html, s + 2, ">").map_or(b.len(), |p| p + 1);
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
        let lname = lower(name, &mut buf);
        let e = tag_end(b, name_end);
        let self_closed = e >= 2 && b[e - 2] == b'/';
        if is_end {
            if !is_void(lname) && !is_self_closing_sibling(lname) {
                if skipped > 0 {
                    skipped -= 1;
                    out.push_str(&html[copied..s]);
                    copied = e;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            i = e;
            continue;
        }
        if is_raw_text(lname) && !self_closed {
            // Skip to the matching end tag. Only JSON-LD is read among
            // scripts; other JSON blobs (framework state) are a fifth of
            // the bytes of some pages.
            let close = find_end_tag(html, e, name).unwrap_or(b.len());
            let droppable = match lname {
                b"script" => !contains_ignore_case(&b[name_end..e], b"ld+json"),
                b"style" | b"noscript" => true,
                _ => false,
            };
            if droppable && close > e {
                out.push_str(&html[copied..e]);
                copied = close;
            }
            // The end tag is consumed here (copied later as it stands): the
            // start tag was not counted, so the end tag must not uncount.
            i = past_end_tag(b, close);
            continue;
        }
        if is_skipped_subtree(lname) && !self_closed {
            // `<svg ...></svg>` stays (an empty element); what was inside goes.
            let close = find_end_tag(html, e, name).unwrap_or(b.len());
            out.push_str(&html[copied..s]);
            out.push_str(&html[s..name_end]);
            out.push('>');
            copied = close;
            i = past_end_tag(b, close);
            continue;
        }
        let counted = !(is_void(lname) || self_closed || is_self_closing_sibling(lname));
        if counted && depth >= max {
            skipped += 1;
            removed_tags = true;
            out.push_str(&html[copied..s]);
            copied = e;
            i = e;
            continue;
        }
        if counted {
            depth += 1;
        }
        out.push_str(&html[copied..s]);
        push_slim_tag(&mut out, html, s, name_end, e);
        copied = e;
        i = e;
    }
    out.push_str(&html[copied..]);
    (Cow::Owned(out), removed_tags)
}

/// Index just past the end tag starting at `close` (`b.len()` when there
/// is none).
fn past_end_tag(b: &[u8], close: usize) -> usize {
    if close + 2 > b.len() { b.len() } else { tag_end(b, close + 2) }
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// Attributes extraction reads; the tokenizer need not intern the rest
/// (`data-*`, `srcset`, `onclick`, inline JSON), a large share of a modern
/// page's bytes.
fn wanted_attr(name: &str) -> bool {
    let mut buf = [0u8; 12];
    matches!(
        lower(name, &mut buf),
        b"class"
            | b"id"
            | b"role"
            | b"itemprop"
            | b"itemtype"
            | b"href"
            | b"rel"
            | b"name"
            | b"property"
            | b"content"
            | b"datetime"
            | b"lang"
            | b"xml:lang"
            | b"type"
            | b"hidden"
            | b"aria-hidden"
            | b"style"
            | b"http-equiv"
            | b"charset"
            | b"pubdate"
    )
}

/// Appends the start tag `html[s..e]` to `out` without unwanted
/// attributes (as written when it does not end in `>` or its attributes
/// do not scan).
fn push_slim_tag(out: &mut String, html: &str, s: usize, name_end: usize, e: usize) {
    let b = html.as_bytes();
    if e <= name_end || b[e - 1] != b'>' {
        out.push_str(&html[s..e]);
        return;
    }
    let mark = out.len();
    out.push_str(&html[s..name_end]);
    let mut end = e - 1;
    let self_closed = end > name_end && b[end - 1] == b'/';
    if self_closed {
        end -= 1;
    }
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
            out.truncate(mark);
            out.push_str(&html[s..e]);
            return;
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
                j = memchr::memchr(q, &b[j..end]).map_or(end, |p| j + p);
                if j >= end {
                    out.truncate(mark);
                    out.push_str(&html[s..e]);
                    return;
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
            out.push(' ');
            out.push_str(&html[a0..i]);
        }
    }
    if self_closed {
        out.push('/');
    }
    out.push('>');
}

/// Index just past the `>` closing a tag, honouring quoted attribute
/// values. As in the HTML tokenizer, a quote only opens a value right after
/// `=`; a stray quote elsewhere is an ordinary character.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut after_eq = false;
    let mut k = from;
    while k < b.len() {
        let c = b[k];
        match c {
            b'>' => return k + 1,
            b'=' => after_eq = true,
            b'"' | b'\'' if after_eq => {
                // Jump to the closing quote: attribute values (srcset,
                // inline JSON) are most of a tag's bytes.
                match memchr::memchr(c, &b[k + 1..]) {
                    Some(p) => k += p + 1,
                    None => return b.len(),
                }
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        k += 1;
    }
    b.len()
}

/// Start of `needle` at or after `from`.
fn find(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes().get(from..)?;
    memchr::memmem::find(hay, needle.as_bytes()).map(|p| from + p)
}

/// Start of `</name` (case-insensitive) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let n = name.as_bytes();
    let mut i = from;
    // memchr per '<' rather than memmem per call: a memmem finder is built
    // on every call, and script bodies hold many '<'.
    while let Some(off) = memchr::memchr(b'<', b.get(i..)?) {
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
    fn unread_subtrees_lose_their_insides_and_text_stays() {
        let page = r#"<body><!-- tracking --><script type="application/json" id="state">{"a":"<p>x</p>"}</script><p>Kept <svg viewBox="0 0 9 9"><path d="M0"/><svg><g/></svg></svg>words</p><template><p>t</p></template></body>"#;
        let (out, _) = cap_depth_to(page, 10);
        // A nested <svg> ends the cut early; the stray end tag is harmless.
        assert_eq!(
            out,
            r#"<body><script type="application/json" id="state"></script><p>Kept <svg></svg></svg>words</p><template></template></body>"#
        );
    }

    #[test]
    fn scripts_and_icons_between_levels_do_not_lift_the_cap() {
        // Their end tags once counted as closing an element, so each
        // level's `<script></script>` undid the level's `<div>`.
        let page = "<div><script>a</script><svg><path/></svg>".repeat(50) + "x";
        let (out, changed) = cap_depth_to(&page, 10);
        assert!(changed);
        assert_eq!(out.matches("<div>").count(), 10);
        assert!(out.ends_with('x'));
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
        assert_eq!(out, "<div class='a>b'>x</div>");
    }
}
