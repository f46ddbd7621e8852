//! extract: here is raw HTML or scraped text, give me a clean [`Article`].
//!
//! Pure functions: bytes and hints in, an article (with warnings) or a
//! [`DocError`] out. No I/O.

use storyline_model::{Article, DocError, Hints};

/// Largest HTML document extraction will parse; larger ones are refused
/// with [`DocError::TooLarge`] before parsing.
pub const MAX_HTML_BYTES: usize = 32 * 1024 * 1024;

/// Main text and metadata from an HTML page.
pub fn extract_html(bytes: &[u8], hints: &Hints) -> Result<Article, DocError> {
    let _ = (bytes, hints);
    Err(DocError::NoBody(Some("extractor not built yet".into())))
}

/// Clean scraped plain text: drops boilerplate lines, keeps body paragraphs,
/// finds title/dateline when the hints lack them.
pub fn clean_text(text: &str, hints: &Hints) -> Result<Article, DocError> {
    let _ = (text, hints);
    Err(DocError::NoBody(Some("cleaner not built yet".into())))
}

/// Text given as-is (`annotate --no-clean`): paragraphs split on blank lines,
/// the text itself untouched so offsets index exactly the input.
pub fn verbatim_text(text: &str, hints: &Hints) -> Result<Article, DocError> {
    let _ = (text, hints);
    Err(DocError::NoBody(None))
}
