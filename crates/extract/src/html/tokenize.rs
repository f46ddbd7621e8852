//! A fast HTML tokenizer feeding html5ever's tree builder.
//!
//! html5ever's own tokenizer reads a character at a time and pushes every
//! tag and attribute name into a growing buffer; it was about two thirds
//! of parsing. The pre-pass ([`super::depth`]) has already emptied scripts,
//! cut comments and unread attributes, so what is left is mostly plain
//! tags, attributes and text runs: this tokenizer finds them with `memchr`
//! and hands text to the tree builder as slices of one shared buffer.
//! The tree builder (insertion modes, foster parenting, adoption agency)
//! is html5ever's, so the tree is the one a browser builds.
//!
//! It follows the HTML tokenizer's rules for what it accepts (tag and
//! attribute states, character references with the legacy no-semicolon
//! rules, RCDATA/RAWTEXT end tags) and gives up, returning `None`, on what
//! it does not model: NUL bytes, comments the pre-pass left, escaped script
//! text, `<plaintext>`, CDATA in foreign content, unusual doctypes. The
//! caller then parses the page with html5ever's tokenizer. `extract_eval
//! --check-parse` compares the two trees on every benchmark page.

use super::parse::{Arena, Sink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, QualName, ns};
use std::borrow::Cow;

/// Parses `markup` with this tokenizer, or `None` when it meets something
/// it leaves to html5ever's.
pub fn parse(markup: &str) -> Option<Arena> {
    let b = markup.as_bytes();
    if memchr::memchr(0, b).is_some() {
        return None;
    }
    // The input stream's newline normalisation, done once up front.
    let text: Cow<'_, str> = if memchr::memchr(b'\r', b).is_some() {
        Cow::Owned(markup.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(markup)
    };
    let tb = TreeBuilder::new(Sink::new(text.len()), TreeBuilderOpts::default());
    let mut t = Tok { s: &text, b: text.as_bytes(), buf: StrTendril::from_slice(&text), tb: &tb };
    t.run()?;
    let _ = tb.process_token(Token::EOFToken, 1);
    tb.end();
    Some(tb.sink.into_arena())
}

struct Tok<'a> {
    s: &'a str,
    b: &'a [u8],
    /// The whole input as one tendril: text tokens are slices of it.
    buf: StrTendril,
    tb: &'a TreeBuilder<u32, Sink>,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0c | b' ')
}

/// A name as the tokenizer makes it: ASCII uppercase lowered.
fn local_name(s: &str) -> LocalName {
    if s.bytes().any(|c| c.is_ascii_uppercase()) { LocalName::from(s.to_ascii_lowercase()) } else { LocalName::from(s) }
}

impl Tok<'_> {
    fn send(&self, token: Token) -> TokenSinkResult<u32> {
        self.tb.process_token(token, 1)
    }

    fn text(&self, from: usize, to: usize) {
        if to > from {
            let _ = self.send(Token::CharacterTokens(self.buf.subtendril(from as u32, (to - from) as u32)));
        }
    }

    fn run(&mut self) -> Option<()> {
        let n = self.b.len();
        let mut pos = 0;
        while pos < n {
            // Text (with character references) up to the next '<'.
            let lt = memchr::memchr(b'<', &self.b[pos..]).map_or(n, |o| pos + o);
            self.data_text(pos, lt, false);
            if lt >= n {
                break;
            }
            pos = self.markup(lt)?;
        }
        Some(())
    }

    /// Emits `from..to` as character tokens, decoding references unless `raw`.
    fn data_text(&self, from: usize, to: usize, raw: bool) {
        if raw {
            self.text(from, to);
            return;
        }
        let mut start = from;
        let mut p = from;
        while let Some(o) = memchr::memchr(b'&', &self.b[p..to]) {
            let amp = p + o;
            match char_ref(self.s, amp, to, false) {
                Some((chars, next)) => {
                    self.text(start, amp);
                    let _ = self.send(Token::CharacterTokens(StrTendril::from_slice(&chars)));
                    start = next;
                    p = next;
                }
                None => p = amp + 1,
            }
        }
        self.text(start, to);
    }

    /// Handles the markup starting with the '<' at `lt`; returns where
    /// text resumes.
    fn markup(&mut self, lt: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let Some(&c) = b.get(lt + 1) else {
            self.text(lt, n);
            return Some(n);
        };
        match c {
            c if c.is_ascii_alphabetic() => self.tag(lt + 1, TagKind::StartTag),
            b'/' => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(lt + 2, TagKind::EndTag),
                Some(b'>') => Some(lt + 3),
                Some(_) => Some(self.bogus_comment(lt + 2)),
                None => {
                    self.text(lt, n);
                    Some(n)
                }
            },
            b'!' => {
                let rest = &b[lt + 2..];
                if rest.starts_with(b"--") {
                    return None;
                }
                if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"DOCTYPE") {
                    return self.doctype(lt + 9);
                }
                if rest.starts_with(b"[CDATA[") && self.tb.adjusted_current_node_present_but_not_in_html_namespace() {
                    return None;
                }
                Some(self.bogus_comment(lt + 2))
            }
            b'?' => Some(self.bogus_comment(lt + 1)),
            _ => {
                // A lone '<' is text: let the next run include it.
                self.text(lt, lt + 1);
                Some(lt + 1)
            }
        }
    }

    fn bogus_comment(&self, from: usize) -> usize {
        let end = memchr::memchr(b'>', &self.b[from..]).map_or(self.b.len(), |o| from + o + 1);
        let _ = self.send(Token::CommentToken(StrTendril::new()));
        end
    }

    /// `<!DOCTYPE name [PUBLIC "id" ["id"] | SYSTEM "id"]>`; anything else
    /// goes to html5ever.
    fn doctype(&self, from: usize) -> Option<usize> {
        let b = self.b;
        let mut i = from;
        let skip_ws = |i: &mut usize| {
            while *i < b.len() && is_ws(b[*i]) {
                *i += 1;
            }
        };
        if !b.get(i).copied().is_some_and(is_ws) {
            return None;
        }
        skip_ws(&mut i);
        let name_start = i;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
            i += 1;
        }
        if i == name_start || i >= b.len() {
            return None;
        }
        let name = self.s[name_start..i].to_ascii_lowercase();
        let mut dt = Doctype { name: Some(StrTendril::from(name)), ..Doctype::default() };
        skip_ws(&mut i);
        let quoted = |i: &mut usize| -> Option<StrTendril> {
            let q = *b.get(*i)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let end = memchr::memchr(q, &b[*i + 1..]).map(|o| *i + 1 + o)?;
            let v = &self.s[*i + 1..end];
            if v.contains('>') {
                return None;
            }
            *i = end + 1;
            Some(StrTendril::from_slice(v))
        };
        if b.get(i) != Some(&b'>') {
            let kw = b.get(i..i + 6)?;
            if kw.eq_ignore_ascii_case(b"PUBLIC") {
                i += 6;
                if !b.get(i).copied().is_some_and(is_ws) {
                    return None;
                }
                skip_ws(&mut i);
                dt.public_id = Some(quoted(&mut i)?);
                let had_ws = b.get(i).copied().is_some_and(is_ws);
                skip_ws(&mut i);
                if b.get(i) != Some(&b'>') {
                    if !had_ws {
                        return None;
                    }
                    dt.system_id = Some(quoted(&mut i)?);
                    skip_ws(&mut i);
                }
            } else if kw.eq_ignore_ascii_case(b"SYSTEM") {
                i += 6;
                if !b.get(i).copied().is_some_and(is_ws) {
                    return None;
                }
                skip_ws(&mut i);
                dt.system_id = Some(quoted(&mut i)?);
                skip_ws(&mut i);
            } else {
                return None;
            }
            if b.get(i) != Some(&b'>') {
                return None;
            }
        }
        let _ = self.send(Token::DoctypeToken(dt));
        Some(i + 1)
    }

    /// A start or end tag whose name starts at `from`; returns where text
    /// resumes (past the raw text of `<title>`, `<textarea>`, ...).
    fn tag(&mut self, from: usize, kind: TagKind) -> Option<usize> {
        let b = self.b;
        let s = self.s;
        let n = b.len();
        let mut i = from;
        while i < n && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        if i >= n {
            // EOF inside a tag: the tag is dropped.
            return Some(n);
        }
        let name = local_name(&s[from..i]);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut self_closing = false;
        let mut dup = false;
        let mut many: Option<std::collections::HashSet<LocalName>> = None;
        // Before attribute name.
        loop {
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            if i >= n {
                return Some(n);
            }
            match b[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    // Self-closing start tag state.
                    i += 1;
                    if i >= n {
                        return Some(n);
                    }
                    if b[i] == b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name: a leading '=' is part of it.
            let a0 = i;
            i += 1;
            while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let aname = &s[a0..i];
            // After attribute name.
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let mut value = StrTendril::new();
            if i < n && b[i] == b'=' {
                i += 1;
                while i < n && is_ws(b[i]) {
                    i += 1;
                }
                if i >= n {
                    return Some(n);
                }
                match b[i] {
                    q @ (b'"' | b'\'') => {
                        let Some(o) = memchr::memchr(q, &b[i + 1..]) else { return Some(n) };
                        let end = i + 1 + o;
                        value = self.attr_value(i + 1, end);
                        i = end + 1;
                    }
                    b'>' => {}
                    _ => {
                        let v0 = i;
                        while i < n && !is_ws(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i >= n {
                            return Some(n);
                        }
                        value = self.attr_value(v0, i);
                    }
                }
            }
            if i >= n {
                return Some(n);
            }
            let lname = local_name(aname);
            // A linear scan, then a set: a hostile tag may carry
            // thousands of distinct attributes.
            let seen = if attrs.len() < 16 {
                attrs.iter().any(|a| a.name.local == lname)
            } else {
                let set = many.get_or_insert_with(|| attrs.iter().map(|a| a.name.local.clone()).collect());
                !set.insert(lname.clone())
            };
            if seen {
                dup = true;
            } else {
                attrs.push(Attribute { name: QualName::new(None, ns!(), lname), value });
            }
        }
        if kind == TagKind::EndTag {
            attrs.clear();
        }
        let is_start = kind == TagKind::StartTag;
        let tag = Tag { kind, name: name.clone(), self_closing, attrs, had_duplicate_attributes: dup };
        match self.send(Token::TagToken(tag)) {
            TokenSinkResult::RawData(raw) if is_start => self.raw_text(i, &name, raw),
            TokenSinkResult::Plaintext => None,
            _ => Some(i),
        }
    }

    /// An attribute value with its character references decoded.
    fn attr_value(&self, from: usize, to: usize) -> StrTendril {
        let mut p = from;
        let mut out: Option<String> = None;
        let mut start = from;
        while let Some(o) = memchr::memchr(b'&', &self.b[p..to]) {
            let amp = p + o;
            match char_ref(self.s, amp, to, true) {
                Some((chars, next)) => {
                    let o = out.get_or_insert_with(String::new);
                    o.push_str(&self.s[start..amp]);
                    o.push_str(&chars);
                    start = next;
                    p = next;
                }
                None => p = amp + 1,
            }
        }
        match out {
            None => self.buf.subtendril(from as u32, (to - from) as u32),
            Some(mut o) => {
                o.push_str(&self.s[start..to]);
                StrTendril::from(o)
            }
        }
    }

    /// The text of an RCDATA / RAWTEXT / script element up to its end tag.
    fn raw_text(&mut self, from: usize, name: &LocalName, raw: RawKind) -> Option<usize> {
        let b = self.b;
        let nm = name.as_bytes();
        let mut p = from;
        let end = loop {
            let Some(o) = memchr::memchr(b'<', &b[p..]) else { break b.len() };
            let k = p + o;
            if b.get(k + 1) == Some(&b'/')
                && b.len() > k + 2 + nm.len()
                && b[k + 2..k + 2 + nm.len()].eq_ignore_ascii_case(nm)
                && matches!(b[k + 2 + nm.len()], b'\t' | b'\n' | 0x0c | b' ' | b'/' | b'>')
            {
                break k;
            }
            p = k + 1;
        };
        match raw {
            RawKind::Rcdata => self.data_text(from, end, false),
            RawKind::Rawtext => self.text(from, end),
            RawKind::ScriptData => {
                // Escaped script text ("<!--" ... "<script>") changes where
                // the script ends.
                if memchr::memmem::find(&b[from..end], b"<!--").is_some() {
                    return None;
                }
                self.text(from, end);
            }
            _ => return None,
        }
        Some(end)
    }
}

/// The character reference at `s[amp] == '&'` (not reading past `to`):
/// its characters and the index after it, or `None` when the '&' is text.
fn char_ref(s: &str, amp: usize, to: usize, in_attr: bool) -> Option<(String, usize)> {
    let b = &s.as_bytes()[..to];
    let q = amp + 1;
    let c = *b.get(q)?;
    if c == b'#' {
        let mut r = q + 1;
        let base = if matches!(b.get(r), Some(b'x' | b'X')) {
            r += 1;
            16
        } else {
            10
        };
        let mut num: u32 = 0;
        let mut too_big = false;
        let mut digits = false;
        while let Some(d) = b.get(r).and_then(|&c| (c as char).to_digit(base)) {
            num = num.wrapping_mul(base);
            if num > 0x10FFFF {
                too_big = true;
            }
            num = num.wrapping_add(d);
            digits = true;
            r += 1;
        }
        if !digits {
            return None;
        }
        if b.get(r) == Some(&b';') {
            r += 1;
        }
        let ch = match num {
            n if n > 0x10FFFF || too_big => '\u{fffd}',
            0x00 | 0xD800..=0xDFFF => '\u{fffd}',
            0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(num - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(num).unwrap_or('\u{fffd}')),
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        return Some((ch.to_string(), r));
    }
    if !c.is_ascii_alphanumeric() {
        return None;
    }
    // The longest name in the table that the text starts with; the table
    // holds every prefix of every name, so the walk stops at the first miss.
    let mut k = q;
    let mut best: Option<(usize, (u32, u32))> = None;
    while k < b.len() && b[k].is_ascii() {
        match html5ever::data::NAMED_ENTITIES.get(&s[q..=k]) {
            Some(&m) => {
                if m.0 != 0 {
                    best = Some((k + 1, m));
                }
                k += 1;
            }
            None => break,
        }
    }
    let (end, (c1, c2)) = best?;
    if b[end - 1] != b';' && in_attr && b.get(end).is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut out = String::new();
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    Some((out, end))
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_html5ever;
    use super::super::tree_dump;
    use super::*;

    /// The fast tokenizer builds html5ever's tree, or declines.
    fn same_tree(markup: &str) {
        let fast = parse(markup).unwrap_or_else(|| panic!("declined: {markup:?}"));
        assert_eq!(tree_dump(&fast), tree_dump(&parse_html5ever(markup)), "{markup:?}");
    }

    #[test]
    fn builds_the_tree_html5ever_builds() {
        for page in [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B &#8217;s &#x2014; &copy 2024</title></head><body><p>x</p></body></html>",
            "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><table><p>quirks put me in the table<tr><td>a</table>",
            "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' 'http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd'><p>strict",
            "<p>Fish &amp chips &notit; &notin; &ampx &#; &#x; &#128; &#0; &#xD800; &#99999999999; &unknown; a&b</p>",
            "<a href=\"/s?a=1&b=2&copy=3&not&amp;c\" title='it&apos;s' data=x&lt=y id=unq>link</a>",
            "<DIV CLASS=\"Up\" class=dup Id = spaced =odd a/b><Br/><img src=x / ></DIV></div></>",
            "<p>1 < 2 and 3 <4 <? pi ?> <!bogus> </ bogus> <3</p><table>x<tr>y<td>z</td></tr></table>",
            "<b><i>mis</b>nested</i> <p>one<p>two<div>three</p></div><li>a<li>b",
            "<textarea>\nkeep &lt;b&gt; </textarea ><title>t<b></title><xmp><i>raw</i></xmp>",
            "<script type=\"application/ld+json\">{\"a\":\"</scrip\"}</script><style></style><p>after</p>",
            "<pre>\nfirst line lost</pre><p>line\r\nbreaks\rhere</p><iframe><p>not a tag</iframe>",
            "<svg/><math></math><select><option>a<option>b</select><template></template>text",
            "<frameset><frame></frameset>",
            "<p>unterminated <a href=\"x",
            "<p>eof in tag <div",
        ] {
            same_tree(page);
        }
    }

    #[test]
    fn declines_what_it_does_not_model() {
        for page in [
            "<p>a\0b</p>",
            "<!-- left by a splice -->",
            "<plaintext>x",
            "<script><!--<script></script>--></script>",
            "<!DOCTYPE>",
        ] {
            assert!(parse(page).is_none(), "{page:?}");
        }
    }

    #[test]
    fn thousands_of_attributes_stay_linear() {
        let tag: String = (0..50_000).map(|i| format!(" a{i}=1")).collect();
        let page = format!("<div{tag} a7=dup>text</div>");
        let t = std::time::Instant::now();
        let arena = parse(&page).expect("parsed");
        assert!(t.elapsed().as_secs() < 5);
        assert!(tree_dump(&arena).iter().any(|l| l.contains("text")));
    }
}
