//! analysis: here is one [`RawDoc`], give me its [`Analysis`].
//!
//! The per-article stage as a pure function, `RawDoc -> Result<Analysis, DocError>`:
//! no I/O, no shared state, deterministic. It runs on threads in `analyze`,
//! as a filter in `annotate`, or anywhere else a document can be piped.

use storyline_model::{
    Analysis, Article, DocError, FieldRule, Origin, PartialDate, Payload, RawDoc, normalize_for_hash,
};

/// How the per-article analysis treats its input.
#[derive(Clone, Debug)]
pub struct AnalyzeOptions {
    /// Clean plain text of boilerplate (the default). When false, the text is
    /// analysed exactly as given so that offsets index the input itself.
    pub clean_text: bool,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions { clean_text: true }
    }
}

/// Extracts the article from a raw document and annotates it.
pub fn analyze(doc: &RawDoc, opts: &AnalyzeOptions) -> Result<Analysis, DocError> {
    let mut article = match &doc.payload {
        Payload::Html(bytes) => storyline_extract::extract_html(bytes, &doc.hints)?,
        Payload::Text(text) if text.trim().is_empty() => return Err(DocError::Empty),
        Payload::Text(text) if opts.clean_text => storyline_extract::clean_text(text, &doc.hints)?,
        Payload::Text(text) => storyline_extract::verbatim_text(text, &doc.hints)?,
    };
    if article.text.trim().is_empty() {
        return Err(DocError::NoBody(article.warnings.first().cloned()));
    }
    date_from_path(&mut article, &doc.origin);
    let ann = storyline_nlp::annotate(&article.text, &article.paragraphs, article.published);
    let text_hash = xxhash_rust::xxh3::xxh3_64(normalize_for_hash(&article.text).as_bytes());
    Ok(Analysis {
        content_key: doc.content_key(),
        text_hash,
        external_id: doc.external_id.clone(),
        origin: doc.origin.clone(),
        article,
        sentences: ann.sentences,
        mentions: ann.mentions,
        quotes: ann.quotes,
        timexes: ann.timexes,
    })
}

/// A full date in a file name or path ("2025-03-06-meridian.txt",
/// ".../2025/03/06/...", "20250306"), the same evidence as a date in a URL.
fn path_date(path: &str) -> Option<PartialDate> {
    let b = path.as_bytes();
    let digits = |i: usize, n: usize| b.get(i..i + n).filter(|s| s.iter().all(u8::is_ascii_digit));
    for i in 0..b.len() {
        // Only at the start of a number, so "12025-03-06" is not read as 2025.
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let Some(y) = digits(i, 4) else { continue };
        let year: i32 = std::str::from_utf8(y).ok()?.parse().ok()?;
        if !(1990..=2100).contains(&year) {
            continue;
        }
        let sep = b.get(i + 4).copied();
        let (m, d) = match sep {
            Some(b'-' | b'/' | b'_' | b'.') if b.get(i + 7) == sep.as_ref() => (digits(i + 5, 2), digits(i + 8, 2)),
            Some(c) if c.is_ascii_digit() => (digits(i + 4, 2), digits(i + 6, 2)),
            _ => continue,
        };
        let (Some(m), Some(d)) = (m, d) else { continue };
        let end = if matches!(sep, Some(c) if c.is_ascii_digit()) { i + 8 } else { i + 10 };
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let num = |s: &[u8]| std::str::from_utf8(s).ok().and_then(|s| s.parse::<u32>().ok());
        if let Ok(date) = PartialDate::ymd(year, num(m)?, num(d)?) {
            return Some(date);
        }
    }
    None
}

/// Uses a date in the file name when the article has none, or only one
/// whose year was guessed from the text (a year-less dateline).
fn date_from_path(article: &mut Article, origin: &Origin) {
    let Some(path) = origin.path.as_deref() else { return };
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some(date) = path_date(name) else { return };
    let guessed = article.warnings.iter().any(|w| w.contains("year inferred"));
    if article.published.is_some() && !guessed {
        return;
    }
    if guessed && article.published.is_some_and(|p| (p.month(), p.day()) != (date.month(), date.day())) {
        // The dateline names another day: keep it, but take the year from the path.
        if let Some(fixed) = article.published.and_then(|p| PartialDate::ymd(date.year(), p.month()?, p.day()?).ok()) {
            article.published = Some(fixed);
        }
    } else {
        article.published = Some(date);
    }
    article.rules.retain(|r| r.field != "published");
    article.rules.push(FieldRule { field: "published".into(), rule: "path-date".into() });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_file_names_are_found() {
        let d = |s| path_date(s).map(|d| d.to_string());
        assert_eq!(d("2025-03-06-meridian-wire-treaty.txt").as_deref(), Some("2025-03-06"));
        assert_eq!(d("world_2025_03_06_story.html").as_deref(), Some("2025-03-06"));
        assert_eq!(d("20250306-wire.txt").as_deref(), Some("2025-03-06"));
        assert_eq!(d("report-2025-02-30.txt"), None, "not a real day");
        assert_eq!(d("12025-03-06.txt"), None);
        assert_eq!(d("notes.txt"), None);
        assert_eq!(d("1998-treaty.txt"), None, "a year alone is not a date");
    }

    #[test]
    fn a_guessed_dateline_year_yields_to_the_file_name() {
        let doc = RawDoc {
            origin: Origin { path: Some("in/2025-03-06-wire.txt".into()), ..Origin::default() },
            external_id: None,
            hints: Default::default(),
            payload: Payload::Text(
                "Dam \"consistent\" with 1998 treaty, minister says\n\nVELIHRAD, March 6 (Meridian Wire) - The 1998 treaty \
                 allows the dam, the minister said on Thursday, citing the 1998 text and a 1998 annex.\n\nThe talks go on."
                    .into(),
            ),
        };
        let a = analyze(&doc, &AnalyzeOptions::default()).unwrap();
        assert_eq!(a.article.published.map(|d| d.to_string()).as_deref(), Some("2025-03-06"));
    }
}
