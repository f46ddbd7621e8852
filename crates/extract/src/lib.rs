//! extract: here is raw HTML or scraped text, give me a clean [`Article`].
//!
//! Pure functions: bytes and hints in, an article (with warnings) or a
//! [`DocError`] out. No I/O.
//!
//! - [`extract_html`]: decode ([`html::encoding`]), parse (our tokenizer,
//!   html5ever's tree builder),
//!   pick the article's container and emit its paragraphs, read metadata.
//! - [`clean_text`]: scraped text through a line classifier ([`text`]).
//! - [`verbatim_text`]: the text untouched, split into paragraphs.
//!
//! Invariant: `Article::text` is the paragraphs joined by `"\n\n"` (except
//! for [`verbatim_text`], where it is the input), and every paragraph span
//! indexes it in chars.

pub mod dates;
#[doc(hidden)]
pub mod html;
mod lang;
pub mod text;

use storyline_model::{Article, CharIndex, DocError, FieldRule, Hints, Paragraph, ParagraphKind, Span};

/// Largest HTML document extraction will parse; larger ones are refused
/// with [`DocError::TooLarge`] before parsing.
pub const MAX_HTML_BYTES: usize = 32 * 1024 * 1024;

/// Main text and metadata from an HTML page.
pub fn extract_html(bytes: &[u8], hints: &Hints) -> Result<Article, DocError> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(DocError::TooLarge { size: bytes.len() as u64, limit: MAX_HTML_BYTES as u64 });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DocError::Empty);
    }
    if looks_binary(bytes) {
        return Err(DocError::Binary);
    }
    html::extract(bytes, hints)
}

/// Clean scraped plain text: drops boilerplate lines, keeps body paragraphs,
/// finds title/dateline when the hints lack them.
pub fn clean_text(text: &str, hints: &Hints) -> Result<Article, DocError> {
    if text.trim().is_empty() {
        return Err(DocError::Empty);
    }
    if looks_binary(text.as_bytes()) {
        return Err(DocError::Binary);
    }
    text::clean(text, hints)
}

/// Text given as-is (`annotate --no-clean`): paragraphs split on blank lines,
/// the text itself untouched so offsets index exactly the input.
pub fn verbatim_text(text: &str, hints: &Hints) -> Result<Article, DocError> {
    if text.trim().is_empty() {
        return Err(DocError::Empty);
    }
    let mut art = Article { text: text.to_string(), ..Article::default() };
    let idx = CharIndex::new(text);
    // Paragraphs: maximal runs of non-blank lines, trimmed of outer whitespace.
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                art.paragraphs.push(para(&idx, s, last_end, ParagraphKind::Body));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            let trail = content.trim_end().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_end = pos + trail;
        }
        pos += line.len();
    }
    if let Some(s) = start {
        art.paragraphs.push(para(&idx, s, last_end, ParagraphKind::Body));
    }
    if let Some(t) = hints.title.as_deref().filter(|t| !t.trim().is_empty()) {
        art.title = Some(t.trim().to_string());
        art.rules.push(FieldRule { field: "title".into(), rule: "hint".into() });
    }
    if let Some(p) = hints.published.as_deref() {
        match dates::parse_date(p) {
            Some(d) => {
                art.published = Some(d);
                art.rules.push(FieldRule { field: "published".into(), rule: "hint".into() });
            }
            None if !p.trim().is_empty() => art.warnings.push("published hint is not a date".into()),
            None => {}
        }
    }
    for (field, value) in [("outlet", &hints.outlet), ("author", &hints.author), ("url", &hints.url)] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            let v = Some(v.trim().to_string());
            match field {
                "outlet" => art.outlet = v,
                "author" => art.author = v,
                _ => art.url = v,
            }
            art.rules.push(FieldRule { field: field.into(), rule: "hint".into() });
        }
    }
    Ok(art)
}

fn para(idx: &CharIndex, start: usize, end: usize, kind: ParagraphKind) -> Paragraph {
    Paragraph { span: idx.span(start, end), kind }
}

/// Joins paragraphs with "\n\n" into `art.text` and records their spans.
pub(crate) fn assemble(art: &mut Article, paras: Vec<(String, ParagraphKind)>) {
    let mut text = String::new();
    let mut chars = 0usize;
    for (p, kind) in paras {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let n = p.chars().count();
        text.push_str(&p);
        art.paragraphs.push(Paragraph { span: Span::new(chars, chars + n), kind });
        chars += n;
    }
    art.text = text;
}

/// Binary data rather than text: known file signatures, or NUL and control
/// bytes in the first kilobyte (UTF-16 with a BOM is text).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    const MAGIC: &[&[u8]] =
        &[b"%PDF", b"\x89PNG", b"\x1f\x8b", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"RIFF"];
    if MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)).count();
    nul > 2 || ctrl * 10 > head.len()
}
