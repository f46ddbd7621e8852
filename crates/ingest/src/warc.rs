//! WARC and WARC.gz (the CC-NEWS layout: one gzip member per record).
//!
//! `response` records carrying an HTML page become documents; everything
//! else (requests, metadata, non-HTML or non-200 responses) is skipped and
//! counted. Each record's errors carry the file and the record's offset (in
//! the compressed file for `.warc.gz`), and a corrupt gzip member is skipped
//! by resynchronising on the next member, so one bad record never ends the file.
//!
//! The reader is written here on `httparse` rather than on the `warc` crate,
//! which is unmaintained and does not expose record offsets.

use crate::capped::CappedReader;
use crate::{IngestError, IngestStats, Item};
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use storyline_model::{Hints, Origin, Payload, RawDoc};

/// Largest WARC header block; real ones are well under 4 KiB.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// A reader that counts the bytes consumed, to report record offsets.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

enum RecordError {
    /// Clean end of input before any byte of a record.
    End,
    Bad(String),
    TooLarge(u64),
    Io(io::Error),
}

/// Reads one record from `r`. `max_block` caps the content block.
fn read_record(r: &mut dyn BufRead, max_block: u64) -> Result<Record, RecordError> {
    // Skip blank lines between records (tolerates missing or extra CRLFs).
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = r.take(MAX_HEADER_BYTES as u64).read_until(b'\n', &mut line).map_err(RecordError::Io)?;
        if n == 0 {
            return Err(RecordError::End);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err(RecordError::Bad("record does not start with a WARC/ version line".into()));
    }
    let mut headers = Vec::new();
    let mut header_bytes = line.len();
    loop {
        line.clear();
        let n = r.take(MAX_HEADER_BYTES as u64).read_until(b'\n', &mut line).map_err(RecordError::Io)?;
        header_bytes += n;
        if n == 0 {
            return Err(RecordError::Bad("truncated WARC header".into()));
        }
        if header_bytes > MAX_HEADER_BYTES {
            return Err(RecordError::Bad("WARC header larger than 64 KiB".into()));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: u64 = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| RecordError::Bad("WARC record without a valid Content-Length".into()))?;
    if len > max_block {
        // Skip the block so the next record can still be read.
        let skipped = io::copy(&mut r.take(len), &mut io::sink()).map_err(RecordError::Io)?;
        return Err(if skipped < len {
            RecordError::Bad("truncated record block".into())
        } else {
            RecordError::TooLarge(len)
        });
    }
    let mut block = Vec::with_capacity(len as usize);
    r.take(len).read_to_end(&mut block).map_err(RecordError::Io)?;
    if (block.len() as u64) < len {
        return Err(RecordError::Bad(format!("record block truncated: {} of {len} bytes", block.len())));
    }
    Ok(Record { headers, block })
}

pub struct WarcReader {
    src: Counting<Box<dyn BufRead + Send>>,
    gzipped: bool,
    origin: Origin,
    max_doc: u64,
    stats: Arc<IngestStats>,
    /// Documents parsed from the current gzip member, still to hand out.
    pending: std::collections::VecDeque<Item>,
    done: bool,
}

impl WarcReader {
    pub fn new(
        src: Box<dyn BufRead + Send>,
        gzipped: bool,
        origin: Origin,
        max_doc: u64,
        stats: Arc<IngestStats>,
    ) -> Self {
        WarcReader {
            src: Counting { inner: src, pos: 0 },
            gzipped,
            origin,
            max_doc,
            stats,
            pending: Default::default(),
            done: false,
        }
    }

    fn origin_at(&self, offset: u64) -> Origin {
        Origin { offset: Some(offset), ..self.origin.clone() }
    }

    /// Handles one parsed record: a document, a skip, or an error.
    fn convert(&self, rec: Result<Record, RecordError>, offset: u64) -> Option<Item> {
        let origin = self.origin_at(offset);
        match rec {
            Ok(rec) => match record_to_doc(&rec, origin, self.max_doc) {
                Ok(Some(doc)) => Some(Ok(doc)),
                Ok(None) => {
                    self.stats.skipped_records.fetch_add(1, Ordering::Relaxed);
                    None
                }
                Err(e) => Some(Err(e)),
            },
            Err(RecordError::End) => None,
            Err(RecordError::Bad(msg)) => Some(Err(IngestError::Record { origin, msg })),
            Err(RecordError::TooLarge(size)) => Some(Err(IngestError::TooLarge { origin, size, limit: self.max_doc })),
            Err(RecordError::Io(e)) => Some(Err(crate::read_error(&origin, e, self.gzipped))),
        }
    }

    /// Next gzip member: decompress it whole (capped), parse its records.
    fn next_member(&mut self) {
        let start = self.src.pos;
        match self.src.fill_buf() {
            Ok([]) => {
                self.done = true;
                return;
            }
            Err(e) => {
                self.done = true;
                self.pending.push_back(Err(crate::read_error(&self.origin_at(start), e, true)));
                return;
            }
            Ok(_) => {}
        }
        let mut member = Vec::new();
        let limit = self.max_doc.saturating_mul(2).saturating_add(MAX_HEADER_BYTES as u64);
        let read = CappedReader::new(flate2::bufread::GzDecoder::new(&mut self.src), limit).read_to_end(&mut member);
        if let Err(e) = read {
            let err = crate::read_error(&self.origin_at(start), e, true);
            self.pending.push_back(Err(err));
            self.resync();
            return;
        }
        let mut slice: &[u8] = &member;
        loop {
            let rec = read_record(&mut slice, self.max_doc);
            if matches!(rec, Err(RecordError::End)) {
                break;
            }
            let bad = rec.is_err();
            if let Some(item) = self.convert(rec, start) {
                self.pending.push_back(item);
            }
            if bad {
                break;
            }
        }
    }

    /// After a corrupt member: skip to the next gzip member header, if any.
    fn resync(&mut self) {
        loop {
            let (found, len) = match self.src.fill_buf() {
                Ok([]) | Err(_) => {
                    self.done = true;
                    return;
                }
                Ok(buf) => (buf.windows(3).position(|w| w == [0x1f, 0x8b, 0x08]), buf.len()),
            };
            match found {
                Some(i) => {
                    self.src.consume(i);
                    return;
                }
                // Keep the last two bytes: a header may straddle two buffers.
                None => self.src.consume(len.saturating_sub(2).max(1)),
            }
        }
    }
}

impl Iterator for WarcReader {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            if self.gzipped {
                self.next_member();
                continue;
            }
            let start = self.src.pos;
            let rec = read_record(&mut self.src, self.max_doc);
            match rec {
                Err(RecordError::End) => {
                    self.done = true;
                    return None;
                }
                // Lost framing: the rest of an uncompressed file cannot be trusted.
                Err(RecordError::Bad(_)) | Err(RecordError::Io(_)) => self.done = true,
                _ => {}
            }
            if let Some(item) = self.convert(rec, start) {
                return Some(item);
            }
        }
    }
}

/// A `response` (HTTP 200, HTML) or HTML `resource` record as a document;
/// `None` for records that are not articles.
fn record_to_doc(rec: &Record, origin: Origin, max_doc: u64) -> Result<Option<RawDoc>, IngestError> {
    let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let url = rec.header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
    let origin = Origin { url: url.clone(), ..origin };
    let (body, content_type) = match kind.as_str() {
        "response" => {
            let is_http =
                rec.header("Content-Type").is_none_or(|t| t.to_ascii_lowercase().contains("application/http"));
            if !is_http {
                return Ok(None);
            }
            match http_body(&rec.block, max_doc) {
                Ok(Some(HttpBody { body, content_type })) => (body, content_type),
                Ok(None) => return Ok(None),
                Err(msg) => return Err(IngestError::Record { origin, msg }),
            }
        }
        "resource" => (rec.block.clone(), rec.header("Content-Type").map(str::to_string)),
        _ => return Ok(None),
    };
    let ct = content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let looks_html = {
        let head: Vec<u8> = body.iter().take(512).map(u8::to_ascii_lowercase).collect();
        head.windows(5).any(|w| w == b"<html" || w == b"<!doc" || w == b"<head" || w == b"<body")
    };
    if !(ct.contains("html") || (ct.is_empty() && looks_html)) {
        return Ok(None);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty { origin });
    }
    let charset =
        ct.split(';').find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches('"').to_string()));
    let hints = Hints { url, charset, ..Hints::default() };
    Ok(Some(RawDoc {
        origin,
        external_id: rec.header("WARC-Record-ID").map(str::to_string),
        hints,
        payload: Payload::Html(body),
    }))
}

/// The decoded body of an HTTP response and its declared content type.
struct HttpBody {
    body: Vec<u8>,
    content_type: Option<String>,
}

/// The decoded body of an HTTP 200 response; `None` for other statuses.
fn http_body(block: &[u8], max_doc: u64) -> Result<Option<HttpBody>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut resp = httparse::Response::new(&mut headers);
    let n = match resp.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP headers".into()),
        Err(e) => return Err(format!("bad HTTP response: {e}")),
    };
    if resp.code != Some(200) {
        return Ok(None);
    }
    let header = |name: &str| -> Option<String> {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("Content-Type");
    let mut body = block[n..].to_vec();
    if header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("bad chunked transfer encoding")?;
    }
    let limit = max_doc;
    let decoded = match header("Content-Encoding").map(|e| e.to_ascii_lowercase()).as_deref() {
        None | Some("identity") | Some("") => Ok(body),
        Some("gzip") | Some("x-gzip") => {
            read_all(CappedReader::new(flate2::read::MultiGzDecoder::new(&body[..]), limit))
        }
        Some("deflate") => {
            // Servers send zlib-wrapped or raw deflate under the same name.
            read_all(CappedReader::new(flate2::read::ZlibDecoder::new(&body[..]), limit))
                .or_else(|_| read_all(CappedReader::new(flate2::read::DeflateDecoder::new(&body[..]), limit)))
        }
        Some("br") => read_all(CappedReader::new(brotli_decompressor::Decompressor::new(&body[..], 4096), limit)),
        Some(other) => return Err(format!("unsupported content encoding {other}")),
    };
    decoded.map(|body| Some(HttpBody { body, content_type })).map_err(|e| format!("cannot decode body: {e}"))
}

fn read_all(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut v = Vec::new();
    r.read_to_end(&mut v)?;
    Ok(v)
}

/// Undoes HTTP/1.1 chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            // Truncated final chunk: keep what arrived.
            out.extend_from_slice(data);
            return Some(out);
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub(crate) fn http(body: &[u8], extra: &str) -> Vec<u8> {
        let mut h = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n").into_bytes();
        h.extend_from_slice(body);
        h
    }

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn read(bytes: Vec<u8>, gzipped: bool) -> (Vec<Item>, u64) {
        let stats = Arc::new(IngestStats::default());
        let r = WarcReader::new(Box::new(io::Cursor::new(bytes)), gzipped, Origin::default(), 1 << 20, stats.clone());
        let items: Vec<Item> = r.collect();
        (items, stats.skipped_records.load(Ordering::Relaxed))
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let page = b"<html><body><p>Hello</p></body></html>";
        let mut warc = record("warcinfo", "x", b"software: test");
        warc.extend(record("request", "http://a.example/1", b"GET / HTTP/1.1\r\n\r\n"));
        warc.extend(record("response", "http://a.example/1", &http(page, "")));
        warc.extend(record(
            "response",
            "http://a.example/img",
            &b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"[..],
        ));
        warc.extend(record("response", "http://a.example/404", &http(b"<html>gone</html>", "").replace_status()));
        let (items, skipped) = read(warc, false);
        assert_eq!(items.len(), 1);
        let doc = items[0].as_ref().unwrap();
        assert_eq!(doc.hints.url.as_deref(), Some("http://a.example/1"));
        assert_eq!(doc.hints.charset.as_deref(), Some("utf-8"));
        assert_eq!(doc.payload, Payload::Html(page.to_vec()));
        assert_eq!(skipped, 4);
    }

    trait ReplaceStatus {
        fn replace_status(self) -> Vec<u8>;
    }
    impl ReplaceStatus for Vec<u8> {
        fn replace_status(self) -> Vec<u8> {
            let s = String::from_utf8(self).unwrap();
            s.replacen("200 OK", "404 Not Found", 1).into_bytes()
        }
    }

    #[test]
    fn decodes_chunked_gzip_deflate_and_brotli_bodies() {
        let page = b"<html><body><p>Encoded page</p></body></html>";
        let chunked = {
            let mut c = format!("{:x}\r\n", 10).into_bytes();
            c.extend_from_slice(&page[..10]);
            c.extend_from_slice(format!("\r\n{:x}\r\n", page.len() - 10).as_bytes());
            c.extend_from_slice(&page[10..]);
            c.extend_from_slice(b"\r\n0\r\n\r\n");
            c
        };
        let deflated = {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(page).unwrap();
            e.finish().unwrap()
        };
        let brotli = {
            // A stored (uncompressed) brotli meta-block stream, written by hand:
            // WBITS=16, one uncompressed meta-block, then an empty last block.
            brotli_stored(page)
        };
        let mut warc = Vec::new();
        warc.extend(record("response", "u1", &http(&chunked, "Transfer-Encoding: chunked\r\n")));
        warc.extend(record("response", "u2", &http(&gz(page), "Content-Encoding: gzip\r\n")));
        warc.extend(record("response", "u3", &http(&deflated, "Content-Encoding: deflate\r\n")));
        warc.extend(record("response", "u4", &http(&brotli, "Content-Encoding: br\r\n")));
        let (items, _) = read(warc, false);
        assert_eq!(items.len(), 4);
        for item in items {
            let doc = item.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(doc.payload, Payload::Html(page.to_vec()), "{:?}", doc.hints.url);
        }
    }

    /// Minimal brotli stream holding `data` in one uncompressed meta-block.
    fn brotli_stored(data: &[u8]) -> Vec<u8> {
        let mut bits: Vec<bool> = Vec::new();
        let push = |v: u64, n: usize, bits: &mut Vec<bool>| (0..n).for_each(|i| bits.push(v >> i & 1 == 1));
        push(0, 1, &mut bits); // WBITS = 16
        push(0, 1, &mut bits); // ISLAST = 0
        push(0, 2, &mut bits); // MNIBBLES = 4
        push((data.len() - 1) as u64, 16, &mut bits); // MLEN - 1
        push(1, 1, &mut bits); // ISUNCOMPRESSED
        while !bits.len().is_multiple_of(8) {
            bits.push(false);
        }
        let mut out: Vec<u8> =
            bits.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |b, (i, &x)| b | (x as u8) << i)).collect();
        out.extend_from_slice(data);
        out.push(0b0000_0011); // ISLAST = 1, ISLASTEMPTY = 1
        out
    }

    #[test]
    fn a_corrupt_member_is_reported_with_its_offset_and_reading_goes_on() {
        let page = |i: usize| format!("<html><body><p>Page {i}</p></body></html>").into_bytes();
        let members: Vec<Vec<u8>> =
            (0..3).map(|i| gz(&record("response", &format!("u{i}"), &http(&page(i), "")))).collect();
        let mut file = members[0].clone();
        let bad_offset = file.len() as u64;
        let mut broken = members[1].clone();
        let mid = broken.len() / 2;
        broken[mid..].iter_mut().for_each(|b| *b ^= 0x5a);
        file.extend(&broken);
        file.extend(&members[2]);
        let (items, _) = read(file, true);
        let ok: Vec<_> = items.iter().filter_map(|i| i.as_ref().ok()).map(|d| d.hints.url.clone().unwrap()).collect();
        assert_eq!(ok, vec!["u0", "u2"]);
        let err = items.iter().find_map(|i| i.as_ref().err()).expect("the corrupt record is reported");
        assert_eq!(err.origin().offset, Some(bad_offset));
    }

    #[test]
    fn a_truncated_file_yields_what_it_holds_and_an_error() {
        let mut warc = record("response", "u1", &http(b"<html><body><p>One</p></body></html>", ""));
        let second = record("response", "u2", &http(b"<html><body><p>Two</p></body></html>", ""));
        warc.extend(&second[..second.len() / 2]);
        let (items, _) = read(warc, false);
        assert!(items[0].is_ok());
        assert!(matches!(items[1], Err(IngestError::Record { .. })), "{:?}", items[1]);
        assert_eq!(items.len(), 2);
        let gz_trunc = {
            let mut g = gz(&record("response", "u1", &http(b"<html><body>x</body></html>", "")));
            g.truncate(g.len() - 5);
            g
        };
        let (items, _) = read(gz_trunc, true);
        assert!(matches!(items[..], [Err(IngestError::Gzip { .. })]), "{items:?}");
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 7u64;
        for len in [0usize, 1, 5, 64, 1000, 5000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 33) as u8
                })
                .collect();
            let mut with_header = b"WARC/1.0\r\nContent-Length: 99999\r\n\r\n".to_vec();
            with_header.extend(&bytes);
            for input in [bytes.clone(), with_header] {
                let _ = read(input.clone(), false);
                let _ = read(input, true);
            }
        }
    }
}
