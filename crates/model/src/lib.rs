//! The shared vocabulary of storyline: what a raw document is, what an analysed
//! article looks like, and the errors a single document can produce.
//!
//! Every other crate speaks these types. The model knows nothing about files,
//! databases or JSON wire formats beyond serde derives.
//!
//! Offsets: every [`Span`] in this crate counts Unicode scalar values (chars),
//! end exclusive, into [`Article::text`]. Code that works on byte offsets
//! internally converts at its boundary with [`CharIndex`].

pub mod corpus;
mod date;
mod text;

pub use date::{DateError, PartialDate};
pub use text::{CharIndex, char_slice, normalize_for_hash};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a document came from, precise enough to find it again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// File path as given by the user, or `-` for standard input.
    pub path: Option<String>,
    /// 1-based line number inside a JSONL file.
    pub line: Option<u64>,
    /// Byte offset of the record inside a container (WARC, feed).
    pub offset: Option<u64>,
    /// URL the document was fetched from or claims to come from.
    pub url: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, &self.url) {
            (Some(p), _) => {
                f.write_str(p)?;
                if let Some(l) = self.line {
                    write!(f, ":{l}")?;
                }
                if let Some(o) = self.offset {
                    write!(f, "@{o}")?;
                }
                Ok(())
            }
            (None, Some(u)) => f.write_str(u),
            (None, None) => f.write_str("<unknown>"),
        }
    }
}

/// The body of a raw document before extraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// HTML bytes in whatever encoding the page declared (or none).
    Html(Vec<u8>),
    /// Plain text, already valid UTF-8 (scraped text, JSONL `text`).
    Text(String),
}

/// Metadata that arrived with the document rather than inside it
/// (JSONL fields, HTTP headers, feed entries). Extraction prefers these
/// over what it finds in the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// As given; parsed leniently by the analysis.
    pub published: Option<String>,
    pub url: Option<String>,
    /// Charset from an HTTP `Content-Type` header, if any.
    pub charset: Option<String>,
    /// Name of the file a single-document input came from: a date in it
    /// ("2025-03-06-wire.txt") is evidence like a date in a URL.
    pub file_name: Option<String>,
}

/// One document as ingested, before any analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDoc {
    pub origin: Origin,
    /// The `id` of a JSONL document, kept as the article's `external_id`.
    pub external_id: Option<String>,
    pub hints: Hints,
    pub payload: Payload,
}

impl RawDoc {
    /// Stable identity of the input: the same bytes (and JSONL fields) give
    /// the same key on every run, whatever the path. Ingest is idempotent by it.
    pub fn content_key(&self) -> u64 {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        match &self.payload {
            Payload::Html(b) => {
                h.update(b"html\0");
                h.update(b);
            }
            Payload::Text(t) => {
                h.update(b"text\0");
                h.update(t.as_bytes());
            }
        }
        for field in [
            &self.external_id,
            &self.hints.title,
            &self.hints.outlet,
            &self.hints.author,
            &self.hints.published,
            &self.hints.url,
        ] {
            h.update(&[0xff]);
            if let Some(v) = field {
                h.update(v.as_bytes());
            }
        }
        h.digest()
    }
}

/// A half-open range of chars (Unicode scalar values) into an article text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What a paragraph of the clean text is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    #[default]
    Body,
    Heading,
    ListItem,
    Blockquote,
    /// An "At a Glance"-style summary: kept, but its quotes repeat the body's
    /// and must not be counted twice.
    Summary,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParagraphKind,
}

/// Which rule produced a metadata field ("og:title", "json-ld:headline",
/// "dateline", "hint"...), so a user can see why a value is what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRule {
    pub field: String,
    pub rule: String,
}

/// A clean article: body text without boilerplate, and its metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub modified: Option<PartialDate>,
    pub language: Option<String>,
    pub url: Option<String>,
    /// The clean text: paragraphs joined by "\n\n". All offsets index it.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub rules: Vec<FieldRule>,
    /// Non-fatal problems met while extracting ("no `<body>`", "charset guessed").
    pub warnings: Vec<String>,
}

impl Article {
    /// The text of a span, by char offsets.
    pub fn slice(&self, span: Span) -> String {
        self.text.chars().skip(span.start).take(span.len()).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Org,
    Place,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Place => "place",
        }
    }
    pub fn parse(s: &str) -> Option<EntityKind> {
        Some(match s {
            "person" => EntityKind::Person,
            "org" => EntityKind::Org,
            "place" => EntityKind::Place,
            _ => return None,
        })
    }
}

/// How firmly an article's text supports the kind it gives a name; the
/// corpus pass weighs every occurrence of a name by it, so that one name is
/// one entity across articles (strong beats weak; a kind nothing supports
/// counts only when no occurrence has evidence).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindEvidence {
    /// Nothing in the article says what it is: a capitalised name is taken
    /// for a person.
    #[default]
    None,
    /// Context only: "in/near X" (place), "X said it", "told the X" (org),
    /// "X said he" (person).
    Weak,
    /// The name itself or its role: a gazetteer, an organisation or place
    /// suffix, a first name, a title or role.
    Strong,
}

impl KindEvidence {
    pub fn as_u8(self) -> u8 {
        match self {
            KindEvidence::None => 0,
            KindEvidence::Weak => 1,
            KindEvidence::Strong => 2,
        }
    }
    pub fn from_u8(v: u8) -> KindEvidence {
        match v {
            2 => KindEvidence::Strong,
            1 => KindEvidence::Weak,
            _ => KindEvidence::None,
        }
    }
}

/// A mention of a person, organisation or place in one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    /// The kind the article's evidence for this name supports (the same for
    /// every mention of the name in the article).
    pub kind: EntityKind,
    /// How firmly the article supports `kind`.
    #[serde(default)]
    pub evidence: KindEvidence,
    /// The fullest name this article gives the entity ("Dmitry Peskov" for a
    /// later "Peskov"); used for cross-document merging.
    pub name: String,
    /// A role or title attached in the text ("Kremlin spokesperson").
    pub role: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Entirely inside quotation marks.
    Direct,
    /// Reported speech containing a quoted fragment.
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// How a statement's date was determined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A time expression attached to the cue ("said on Tuesday").
    Cue,
    /// A time expression in the same sentence.
    Sentence,
    /// No date in the text: the publication date stands in.
    Published,
}

/// A statement: who said what, how, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The content (for direct quotes, inside the marks).
    pub span: Span,
    pub text: String,
    pub kind: QuoteKind,
    /// Resolved speaker name within the article ("Dmitry Peskov"), if known.
    pub speaker: Option<String>,
    /// The speaker mention as written ("he", "the Kremlin spokesman").
    pub speaker_span: Option<Span>,
    pub speaker_kind: Option<EntityKind>,
    /// Who a reader is shown when `speaker` is none: the unnamed source as
    /// the article writes it ("a senior health official", by
    /// [`unnamed_source`]), also for a pronoun that continues one ("… she
    /// said"); none for a named speaker or a bare pronoun nobody stands behind.
    #[serde(default)]
    pub source: Option<String>,
    pub cue: Option<String>,
    pub cue_span: Option<Span>,
    /// "state TV", "Truth Social", "a press conference"...
    pub medium: Option<String>,
    pub said_on: Option<PartialDate>,
    pub said_on_basis: Option<DateBasis>,
    /// True when the quote lies in a summary paragraph that repeats the body.
    pub repeated: bool,
}

/// The source a reader is shown for a statement whose speaker has no name:
/// the mention as written ("a senior health official", "two people
/// familiar with the matter"), unless it is a bare pronoun or relative
/// ("he", "who"), which says nothing on its own. An aside after a comma is
/// left out.
pub fn unnamed_source(written: &str) -> Option<&str> {
    // "the official, who was not authorised to speak": the phrase, not its aside.
    let w = written.split(", ").next().unwrap_or(written).trim();
    let bare = w.len() <= 5
        && matches!(
            w.to_lowercase().as_str(),
            "he" | "she" | "it" | "they" | "we" | "i" | "you" | "who" | "which" | "that" | "this" | "these"
        );
    (!w.is_empty() && !bare).then_some(w)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A time expression with its TIMEX3-style normalised value
/// (`2025-01-28`, `2025-W05`, `P3Y`, `PRESENT_REF`, `XXXX-09-05`...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: TimexType,
    pub value: String,
}

/// Everything the per-article analysis produces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// [`RawDoc::content_key`] of the input.
    pub content_key: u64,
    /// Hash of the normalised clean text: equal for exact duplicates.
    pub text_hash: u64,
    pub external_id: Option<String>,
    pub origin: Origin,
    pub article: Article,
    pub sentences: Vec<Span>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub timexes: Vec<Timex>,
    /// What the corpus passes need of the text (stored with the article).
    pub features: corpus::CorpusFeatures,
}

/// Why one document could not be analysed. The batch goes on without it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    #[error("empty document")]
    Empty,
    #[error("binary data, not text or HTML")]
    Binary,
    #[error("document of {size} bytes exceeds the {limit}-byte limit")]
    TooLarge { size: u64, limit: u64 },
    #[error("no article text found{}", .0.as_deref().map(|w| format!(" ({w})")).unwrap_or_default())]
    NoBody(Option<String>),
    #[error("cannot decode: {0}")]
    Decode(String),
}

impl DocError {
    /// A short stable code for tables and the API ("empty", "binary", ...).
    pub fn code(&self) -> &'static str {
        match self {
            DocError::Empty => "empty",
            DocError::Binary => "binary",
            DocError::TooLarge { .. } => "too_large",
            DocError::NoBody(_) => "no_body",
            DocError::Decode(_) => "decode",
        }
    }
}
