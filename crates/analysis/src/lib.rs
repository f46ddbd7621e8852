//! analysis: here is one [`RawDoc`], give me its [`Analysis`].
//!
//! The per-article stage as a pure function, `RawDoc -> Result<Analysis, DocError>`:
//! no I/O, no shared state, deterministic. It runs on threads in `analyze`,
//! as a filter in `annotate`, or anywhere else a document can be piped.

use storyline_model::{Analysis, DocError, Payload, RawDoc, normalize_for_hash};

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
    let article = match &doc.payload {
        Payload::Html(bytes) => storyline_extract::extract_html(bytes, &doc.hints)?,
        Payload::Text(text) if text.trim().is_empty() => return Err(DocError::Empty),
        Payload::Text(text) if opts.clean_text => storyline_extract::clean_text(text, &doc.hints)?,
        Payload::Text(text) => storyline_extract::verbatim_text(text, &doc.hints)?,
    };
    if article.text.trim().is_empty() {
        return Err(DocError::NoBody(article.warnings.first().cloned()));
    }
    let ann = storyline_nlp::annotate(&article.text, &article.paragraphs, article.published);
    let text_hash = xxhash_rust::xxh3::xxh3_64(normalize_for_hash(&article.text).as_bytes());
    // Computed here, in parallel with everything else per article, so the
    // corpus passes never need the text again.
    let features = storyline_corpus::features(&article.text);
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
        features,
    })
}
