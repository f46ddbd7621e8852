//! Format detection by content first, extension second: scraped files are
//! often misnamed (`.txt` holding HTML, `.html` holding JSONL).

/// The formats ingest can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Text,
    /// One JSON document per line.
    Jsonl,
    /// A single JSON document or an array of them.
    Json,
    Warc,
    Feed,
    Binary,
}

impl Format {
    /// `name` is the lowercased file name (without `.gz`), `head` the first bytes.
    pub fn sniff(name: &str, head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(head);
        if head.starts_with(b"WARC/") {
            return Format::Warc;
        }
        if looks_binary(head) {
            return Format::Binary;
        }
        let trimmed = trim_start(head);
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if trimmed.first() == Some(&b'{') || trimmed.first() == Some(&b'[') {
            return match ext {
                "json" => Format::Json,
                _ if trimmed.first() == Some(&b'[') => Format::Json,
                _ => Format::Jsonl,
            };
        }
        if trimmed.first() == Some(&b'<') {
            let lower: Vec<u8> = trimmed.iter().take(2048).map(u8::to_ascii_lowercase).collect();
            let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
            if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
                return Format::Feed;
            }
            return Format::Html;
        }
        match ext {
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "json" => Format::Json,
            _ => Format::Text,
        }
    }

    /// Whether the whole input is one document (so the document size limit
    /// applies to the file itself).
    pub fn is_single_document(self) -> bool {
        matches!(self, Format::Html | Format::Text | Format::Json)
    }
}

fn trim_start(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[i..]
}

/// NUL bytes, or many control characters, in the first KiB: not a text format.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.contains(&0) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    control * 10 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_extension() {
        assert_eq!(Format::sniff("a.txt", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff("a.html", b"{\"text\":\"x\"}\n"), Format::Jsonl);
        assert_eq!(Format::sniff("a", b"Headline\n\nBody."), Format::Text);
        assert_eq!(Format::sniff("a.xml", b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
        assert_eq!(Format::sniff("a.txt", b"\x00\x01\x02garbage"), Format::Binary);
        assert_eq!(Format::sniff("x.warc", b"WARC/1.0\r\n"), Format::Warc);
    }
}
