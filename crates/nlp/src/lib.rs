//! nlp: here is an article's clean text, give me its sentences, entity
//! mentions, statements and time expressions.
//!
//! Pure and deterministic. Modules work on byte offsets internally; this
//! entry point converts everything to char offsets (the contract's unit).

pub mod time;

use storyline_model::{Mention, Paragraph, PartialDate, Quote, Span, Timex};

/// Everything the NLP stage finds in one article; spans are char offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotations {
    pub sentences: Vec<Span>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub timexes: Vec<Timex>,
}

/// Annotate one article text. `paragraphs` are char spans into `text`
/// (as in [`storyline_model::Article`]); `published` anchors relative dates.
pub fn annotate(text: &str, paragraphs: &[Paragraph], published: Option<PartialDate>) -> Annotations {
    let _ = (text, paragraphs, published);
    Annotations::default()
}
