//! ingest: here are paths (files, folders, `-` for stdin), give me a stream of
//! [`RawDoc`]s, or a per-document [`IngestError`] saying why one could not be read.
//!
//! Everything that touches the file system or decompresses lives here. Each
//! input is sniffed by content as well as by extension and handed to a
//! [`Format`] reader; a format that holds many documents (JSONL today, WARC and
//! feeds later) is just another reader yielding many items, so new containers
//! plug in without changing the pipeline.

mod capped;
mod feed;
pub mod fetch;
mod jsonl;
mod sniff;
mod warc;

pub use capped::CappedReader;
pub use sniff::Format;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use storyline_model::{Hints, Origin, Payload, RawDoc};

/// Limits applied to untrusted input.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Largest single document (a file, a JSONL line), after decompression.
    pub max_doc_bytes: u64,
    /// Largest decompressed stream (a `.jsonl.gz`), guarding against gzip bombs.
    pub max_stream_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { max_doc_bytes: 32 << 20, max_stream_bytes: 4 << 30 }
    }
}

/// Why one input (or one record of it) could not become a document.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{origin}: cannot read: {source}")]
    Io { origin: Origin, source: io::Error },
    #[error("{origin}: truncated or corrupt gzip: {msg}")]
    Gzip { origin: Origin, msg: String },
    #[error("{origin}: empty file")]
    Empty { origin: Origin },
    #[error("{origin}: {size} bytes exceeds the {limit}-byte document limit")]
    TooLarge { origin: Origin, size: u64, limit: u64 },
    #[error("{origin}: binary data, not text or HTML")]
    Binary { origin: Origin },
    #[error("{origin}: invalid UTF-8 at byte {at} (a text file must be UTF-8; HTML may declare a charset)")]
    InvalidUtf8 { origin: Origin, at: usize },
    #[error("{origin}: not a JSON document: {msg}")]
    Json { origin: Origin, msg: String },
    #[error("{origin}: bad WARC record: {msg}")]
    Record { origin: Origin, msg: String },
    #[error("{origin}: not a readable RSS/Atom feed: {msg}")]
    Feed { origin: Origin, msg: String },
    #[error("{origin}: cannot fetch: {msg}")]
    Fetch { origin: Origin, msg: String },
}

/// Counters a caller can read while or after ingesting.
#[derive(Debug, Default)]
pub struct IngestStats {
    /// Container records that are not articles (WARC requests, images,
    /// non-200 responses; feed entries without a body).
    pub skipped_records: AtomicU64,
}

impl IngestError {
    pub fn origin(&self) -> &Origin {
        match self {
            IngestError::Io { origin, .. }
            | IngestError::Gzip { origin, .. }
            | IngestError::Empty { origin }
            | IngestError::TooLarge { origin, .. }
            | IngestError::Binary { origin }
            | IngestError::InvalidUtf8 { origin, .. }
            | IngestError::Json { origin, .. }
            | IngestError::Record { origin, .. }
            | IngestError::Feed { origin, .. }
            | IngestError::Fetch { origin, .. } => origin,
        }
    }

    /// A short stable code for tables and exit summaries.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::Gzip { .. } => "gzip",
            IngestError::Empty { .. } => "empty",
            IngestError::TooLarge { .. } => "too_large",
            IngestError::Binary { .. } => "binary",
            IngestError::InvalidUtf8 { .. } => "invalid_utf8",
            IngestError::Json { .. } => "json",
            IngestError::Record { .. } => "warc",
            IngestError::Feed { .. } => "feed",
            IngestError::Fetch { .. } => "fetch",
        }
    }

    /// The reason without the origin prefix.
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.origin());
        full.strip_prefix(&prefix).map(str::to_string).unwrap_or(full)
    }
}

pub type Item = Result<RawDoc, IngestError>;

/// Extensions picked up when walking a folder. Files named explicitly are
/// always read, whatever their name.
const DOC_EXTENSIONS: &[&str] =
    &["html", "htm", "xhtml", "txt", "text", "jsonl", "ndjson", "json", "warc", "arc", "rss", "atom", "xml"];

/// Expands paths into the list of inputs: folders recursively, in sorted
/// order (so ids and output order do not depend on the file system), hidden
/// entries skipped. Returns the inputs and the number of files skipped for
/// their extension.
pub fn expand_paths(paths: &[PathBuf]) -> io::Result<(Vec<PathBuf>, usize)> {
    let mut out = Vec::new();
    let mut skipped = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            walk(p, &mut out, &mut skipped)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok((out, skipped))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut usize) -> io::Result<()> {
    // Iterative, so a deep tree cannot overflow the stack.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)?.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        let mut subdirs = Vec::new();
        for path in entries {
            let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                subdirs.push(path);
            } else if has_doc_extension(&path) {
                out.push(path);
            } else {
                *skipped += 1;
            }
        }
        // Reverse so that popping visits subfolders in sorted order.
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(())
}

fn has_doc_extension(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((_, ext)) => DOC_EXTENSIONS.contains(&ext),
        None => true,
    }
}

/// A stream of documents over a list of inputs. Never stops on a bad input:
/// each problem is one `Err` item and reading goes on.
pub struct Ingest {
    inputs: VecDeque<PathBuf>,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
    opts: IngestOptions,
    stats: Arc<IngestStats>,
}

impl Ingest {
    pub fn new(inputs: Vec<PathBuf>, opts: IngestOptions) -> Ingest {
        Ingest { inputs: inputs.into(), current: None, opts, stats: Arc::default() }
    }

    /// Counters shared with the readers; valid while and after iterating.
    pub fn stats(&self) -> Arc<IngestStats> {
        Arc::clone(&self.stats)
    }
}

impl Iterator for Ingest {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.inputs.pop_front()?;
            match open_input(&path, &self.opts, &self.stats) {
                Ok(reader) => self.current = Some(reader),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn origin_of(path: &Path) -> Origin {
    Origin { path: Some(path.display().to_string()), ..Origin::default() }
}

/// Opens one input and returns the reader for its format.
fn open_input(
    path: &Path,
    opts: &IngestOptions,
    stats: &Arc<IngestStats>,
) -> Result<Box<dyn Iterator<Item = Item> + Send>, IngestError> {
    let origin = origin_of(path);
    let io_err = |source| IngestError::Io { origin: origin.clone(), source };
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        let file = File::open(path).map_err(io_err)?;
        Box::new(file)
    };
    let mut reader = BufReader::with_capacity(64 * 1024, raw);
    let head = reader.fill_buf().map_err(io_err)?;
    if head.is_empty() {
        return Err(IngestError::Empty { origin });
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    if head.starts_with(&[0x1f, 0x8b]) {
        // A WARC.gz is read member by member (record offsets, resync after corruption).
        let mut peek = [0u8; 5];
        let peeked = flate2::bufread::GzDecoder::new(head).read(&mut peek).unwrap_or(0);
        if peeked == 5 && &peek == b"WARC/" {
            return Ok(Box::new(warc::WarcReader::new(
                Box::new(reader),
                true,
                origin,
                opts.max_doc_bytes,
                Arc::clone(stats),
            )));
        }
        let inner_name = name.strip_suffix(".gz").unwrap_or(&name).to_string();
        let decoder = flate2::read::MultiGzDecoder::new(reader);
        let capped = CappedReader::new(decoder, opts.max_stream_bytes);
        let mut inner = BufReader::with_capacity(64 * 1024, capped);
        let head = inner.fill_buf().map_err(|e| read_error(&origin, e, true))?;
        if head.is_empty() {
            return Err(IngestError::Empty { origin });
        }
        let format = Format::sniff(&inner_name, head);
        return read_format(format, Box::new(inner), origin, opts, stats, true);
    }
    let format = Format::sniff(&name, head);
    // Refuse an oversized single document before reading it.
    if format.is_single_document()
        && path.as_os_str() != "-"
        && let Ok(meta) = std::fs::metadata(path)
        && meta.len() > opts.max_doc_bytes
    {
        return Err(IngestError::TooLarge { origin, size: meta.len(), limit: opts.max_doc_bytes });
    }
    read_format(format, Box::new(reader), origin, opts, stats, false)
}

/// Maps a read error to the right per-document error: a capped stream that
/// overflowed is "too large", a failing gzip stream is "corrupt gzip".
pub(crate) fn read_error(origin: &Origin, e: io::Error, compressed: bool) -> IngestError {
    if let Some(limit) = capped::limit_of(&e) {
        return IngestError::TooLarge { origin: origin.clone(), size: limit.saturating_add(1), limit };
    }
    if !compressed {
        return IngestError::Io { origin: origin.clone(), source: e };
    }
    let msg = match e.kind() {
        io::ErrorKind::UnexpectedEof => "unexpected end of stream (file truncated?)".to_string(),
        _ => e.to_string(),
    };
    IngestError::Gzip { origin: origin.clone(), msg }
}

fn read_format(
    format: Format,
    mut reader: Box<dyn BufRead + Send>,
    origin: Origin,
    opts: &IngestOptions,
    stats: &Arc<IngestStats>,
    compressed: bool,
) -> Result<Box<dyn Iterator<Item = Item> + Send>, IngestError> {
    match format {
        Format::Jsonl => Ok(Box::new(jsonl::JsonlReader::new(reader, origin, opts.max_doc_bytes, compressed))),
        Format::Json => {
            let bytes = read_capped(&mut reader, opts.max_doc_bytes, &origin, compressed)?;
            Ok(Box::new(jsonl::json_file(&bytes, origin).into_iter()))
        }
        Format::Warc => {
            Ok(Box::new(warc::WarcReader::new(reader, false, origin, opts.max_doc_bytes, Arc::clone(stats))))
        }
        Format::Feed => {
            let bytes = read_capped(&mut reader, opts.max_doc_bytes, &origin, compressed)?;
            Ok(Box::new(feed::read_feed(&bytes, origin, stats).into_iter()))
        }
        Format::Binary => Err(IngestError::Binary { origin }),
        Format::Html | Format::Text => {
            let bytes = read_capped(&mut reader, opts.max_doc_bytes, &origin, compressed)?;
            let doc = single_doc(format, bytes, origin)?;
            Ok(Box::new(std::iter::once(Ok(doc))))
        }
    }
}

/// Reads a whole single document, refusing more than `limit` bytes.
fn read_capped(
    reader: &mut dyn BufRead,
    limit: u64,
    origin: &Origin,
    compressed: bool,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    let mut take = reader.take(limit + 1);
    if let Err(e) = take.read_to_end(&mut bytes) {
        return Err(read_error(origin, e, compressed));
    }
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge { origin: origin.clone(), size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Turns the bytes of a single HTML or text document into a [`RawDoc`].
pub fn single_doc(format: Format, bytes: Vec<u8>, origin: Origin) -> Result<RawDoc, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { origin });
    }
    if sniff::looks_binary(&bytes) {
        return Err(IngestError::Binary { origin });
    }
    let payload = match format {
        Format::Html => Payload::Html(bytes),
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes);
            match std::str::from_utf8(body) {
                Ok(s) => Payload::Text(s.to_string()),
                Err(e) => return Err(IngestError::InvalidUtf8 { origin, at: e.valid_up_to() }),
            }
        }
    };
    let file_name = origin
        .path
        .as_deref()
        .filter(|p| *p != "-")
        .and_then(|p| Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned());
    Ok(RawDoc { origin, external_id: None, hints: Hints { file_name, ..Hints::default() }, payload })
}
