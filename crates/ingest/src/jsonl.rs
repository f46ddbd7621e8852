//! JSONL documents per the contract: `{id?, url?, title?, outlet?, published?,
//! text? | html?}` one per line. A bad line is one error; the stream goes on.
//!
//! Datasets and scrapers name the same fields otherwise (`date`, `publishedAt`,
//! `body`, `maintext`, `headline`, `publisher` ...): each field is read from
//! the first of its names (`FIELDS`) that holds a string or a number, the
//! contract's own name first, so such exports need no conversion.

use crate::{IngestError, Item};
use serde_json::Value;
use std::io::{BufRead, Read};
use storyline_model::{Hints, Origin, Payload, RawDoc};

pub struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    origin: Origin,
    line: u64,
    max_line: u64,
    compressed: bool,
    done: bool,
}

impl JsonlReader {
    pub fn new(reader: Box<dyn BufRead + Send>, origin: Origin, max_line: u64, compressed: bool) -> JsonlReader {
        JsonlReader { reader, origin, line: 0, max_line, compressed, done: false }
    }
}

impl Iterator for JsonlReader {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.line += 1;
            let origin = Origin { line: Some(self.line), ..self.origin.clone() };
            let mut buf = Vec::new();
            // Cap the line so one giant line cannot exhaust memory.
            let read = (&mut self.reader).take(self.max_line + 1).read_until(b'\n', &mut buf);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(crate::read_error(&origin, e, self.compressed)));
                }
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
            }
            if buf.len() as u64 > self.max_line && !buf.ends_with(b"\n") {
                // Skip the rest of the oversized line.
                let mut skipped = buf.len() as u64;
                loop {
                    let mut rest = Vec::new();
                    match (&mut self.reader).take(1 << 20).read_until(b'\n', &mut rest) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            skipped += n as u64;
                            if rest.ends_with(b"\n") {
                                break;
                            }
                        }
                    }
                }
                return Some(Err(IngestError::TooLarge { origin, size: skipped, limit: self.max_line }));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_doc(&buf, origin));
        }
        None
    }
}

/// A `.json` file: one document object, or an array of them.
pub fn json_file(bytes: &[u8], origin: Origin) -> Vec<Item> {
    match serde_json::from_slice::<Value>(bytes) {
        Err(e) => vec![Err(IngestError::Json { origin, msg: e.to_string() })],
        Ok(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| doc_from_value(v, Origin { offset: Some(i as u64), ..origin.clone() }))
            .collect(),
        Ok(v) => vec![doc_from_value(v, origin)],
    }
}

fn parse_doc(line: &[u8], origin: Origin) -> Item {
    match serde_json::from_slice::<Value>(line) {
        Ok(v) => doc_from_value(v, origin),
        Err(e) => Err(IngestError::Json { origin, msg: e.to_string() }),
    }
}

/// Each contract field (first) with the other names exports give it, in the
/// order they are tried.
const FIELDS: &[&[&str]] = &[
    &["id", "doc_id", "_id", "article_id"],
    &["url", "link", "uri"],
    &["title", "headline"],
    &["outlet", "publisher", "source_domain", "site_name", "source"],
    &["author", "byline"],
    &["published", "date", "published_at", "publishedAt", "date_publish", "datePublished", "pubDate", "pubdate", "dct"],
    &["text", "body", "maintext", "content", "article"],
    &["html", "raw_html"],
];

fn doc_from_value(v: Value, origin: Origin) -> Item {
    let Value::Object(map) = v else {
        return Err(IngestError::Json { origin, msg: "expected a JSON object".into() });
    };
    let field = |contract: &str| -> Option<String> {
        let names = FIELDS.iter().find(|f| f[0] == contract).map_or(&[][..], |f| &f[..]);
        names.iter().find_map(|k| match map.get(*k)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let payload = match (field("text"), field("html")) {
        (Some(t), _) => Payload::Text(t),
        (None, Some(h)) => Payload::Html(h.into_bytes()),
        (None, None) => {
            return Err(IngestError::Json { origin, msg: "document has neither \"text\" nor \"html\"".into() });
        }
    };
    let hints = Hints {
        title: field("title"),
        outlet: field("outlet"),
        author: field("author"),
        published: field("published"),
        url: field("url"),
        charset: None,
        file_name: None,
    };
    let origin = Origin { url: hints.url.clone(), ..origin };
    Ok(RawDoc { origin, external_id: field("id"), hints, payload })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(line: &str) -> RawDoc {
        parse_doc(line.as_bytes(), Origin::default()).expect("a document")
    }

    #[test]
    fn other_exports_field_names_are_read() {
        let d = doc(
            r#"{"doc_id": "a1", "headline": "Bridge reopens", "publisher": "Harbour Post", "date": "2016-09-12", "body": "The mayor said the bridge was safe."}"#,
        );
        assert_eq!(d.external_id.as_deref(), Some("a1"));
        assert_eq!(d.hints.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(d.hints.outlet.as_deref(), Some("Harbour Post"));
        assert_eq!(d.hints.published.as_deref(), Some("2016-09-12"));
        assert!(matches!(d.payload, Payload::Text(ref t) if t.starts_with("The mayor")));
        let d =
            doc(r#"{"publishedAt": "2021-03-04T10:00:00Z", "maintext": "Text.", "source": {"name": "not a string"}}"#);
        assert_eq!(d.hints.published.as_deref(), Some("2021-03-04T10:00:00Z"));
        assert_eq!(d.hints.outlet, None);
    }

    #[test]
    fn the_contract_name_wins_over_an_alias() {
        let d = doc(r#"{"published": "2025-01-28", "date": "1999-01-01", "text": "Kept.", "body": "Not this."}"#);
        assert_eq!(d.hints.published.as_deref(), Some("2025-01-28"));
        assert!(matches!(d.payload, Payload::Text(ref t) if t == "Kept."));
        let e = parse_doc(br#"{"id": "x", "summary": "no text field"}"#, Origin::default());
        assert!(matches!(e, Err(IngestError::Json { .. })));
    }
}
