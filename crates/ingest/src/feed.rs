//! RSS and Atom feeds (feed-rs): each entry with a body becomes a document
//! carrying the entry's title, link, date, author and the feed's title as
//! outlet. Entries with neither content nor summary are skipped and counted
//! (their pages must be fetched to be analysed).
//!
//! [`watch_entries`] lists a polled feed's entries by a stable key instead,
//! so `watch` can tell new entries from ones it has already handled.

use crate::{IngestError, IngestStats, Item};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use storyline_model::{Hints, Origin, Payload, RawDoc};

pub fn read_feed(bytes: &[u8], origin: Origin, stats: &Arc<IngestStats>) -> Vec<Item> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::Feed { origin, msg: e.to_string() })],
    };
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let origin = Origin { offset: Some(i as u64), ..origin.clone() };
        match entry_doc(entry, outlet.as_deref(), origin) {
            Some(doc) => out.push(Ok(doc)),
            None => {
                stats.skipped_records.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    out
}

/// The entry's own text (content, else summary) as a document, with the
/// entry's metadata as hints; `None` when it carries no text.
fn entry_doc(entry: feed_rs::model::Entry, outlet: Option<&str>, origin: Origin) -> Option<RawDoc> {
    let url = entry.links.first().map(|l| l.href.clone());
    let origin = Origin { url: url.clone(), ..origin };
    let (body, is_html) = match (&entry.content, &entry.summary) {
        (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
            (c.body.clone().unwrap_or_default(), c.content_type.essence().to_string().contains("html"))
        }
        (_, Some(s)) if !s.content.trim().is_empty() => {
            (s.content.clone(), s.content_type.essence().to_string().contains("html"))
        }
        _ => return None,
    };
    // Feeds often label HTML as text: trust the markup when there is some.
    let looks_html = is_html || body.contains("</p>") || body.contains("<br");
    let hints = Hints {
        title: entry.title.as_ref().map(|t| t.content.trim().to_string()),
        outlet: outlet.map(str::to_string),
        author: entry.authors.first().and_then(|a| a.name.clone()),
        published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
        url,
        charset: None,
        file_name: None,
    };
    let payload = if looks_html { Payload::Html(body.into_bytes()) } else { Payload::Text(body) };
    let external_id = Some(entry.id).filter(|s| !s.is_empty());
    Some(RawDoc { origin, external_id, hints, payload })
}

/// One entry of a polled feed, as `watch` needs it.
#[derive(Clone, Debug)]
pub struct WatchEntry {
    /// What identifies the entry across polls: its guid/id, else its link,
    /// else a hash of its title and text.
    pub key: String,
    /// The article page, resolved against the feed's URL.
    pub link: Option<String>,
    /// The entry's own text as a document, for entries with text but no link.
    pub doc: Option<RawDoc>,
}

/// Parses a polled feed into its entries, in feed order. Relative links are
/// resolved against `feed_url`; entries sharing a key are listed once.
pub fn watch_entries(bytes: &[u8], feed_url: &str) -> Result<Vec<WatchEntry>, IngestError> {
    let origin = Origin { url: Some(feed_url.to_string()), ..Origin::default() };
    // No generated ids: feed-rs would invent a random one for an entry with
    // neither id nor link, and such an entry would look new on every poll.
    let parser = feed_rs::parser::Builder::new().base_uri(Some(feed_url)).id_generator(|_, _, _| String::new()).build();
    let feed = parser.parse(bytes).map_err(|e| IngestError::Feed { origin: origin.clone(), msg: e.to_string() })?;
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let link = entry.links.first().map(|l| l.href.trim().to_string()).filter(|l| !l.is_empty());
        let key = if !entry.id.trim().is_empty() {
            entry.id.trim().to_string()
        } else if let Some(link) = &link {
            link.clone()
        } else {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for part in
                [entry.title.as_ref().map(|t| t.content.as_str()), entry.summary.as_ref().map(|t| t.content.as_str())]
            {
                h.update(part.unwrap_or("").as_bytes());
                h.update(&[0xff]);
            }
            if let Some(body) = entry.content.as_ref().and_then(|c| c.body.as_deref()) {
                h.update(body.as_bytes());
            }
            format!("hash:{:016x}", h.digest())
        };
        if !seen.insert(key.clone()) {
            continue;
        }
        let doc = if link.is_none() {
            entry_doc(entry, outlet.as_deref(), Origin { offset: Some(i as u64), ..origin.clone() })
        } else {
            None
        };
        out.push(WatchEntry { key, link, doc });
    }
    Ok(out)
}

/// Links of entries that carry no text, to be fetched for the full article.
pub fn entry_links_without_body(bytes: &[u8]) -> Vec<String> {
    let Ok(feed) = feed_rs::parser::parse(bytes) else { return Vec::new() };
    feed.entries
        .into_iter()
        .filter(|e| {
            let content = e.content.as_ref().and_then(|c| c.body.as_deref()).is_some_and(|b| !b.trim().is_empty());
            let summary = e.summary.as_ref().is_some_and(|s| !s.content.trim().is_empty());
            !content && !summary
        })
        .filter_map(|e| e.links.first().map(|l| l.href.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_documents_with_their_metadata() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbourline Daily</title>
            <item><title>Envoy offers talks</title><link>https://h.example/a</link><guid>h-1</guid>
              <pubDate>Thu, 13 Mar 2025 08:00:00 GMT</pubDate>
              <description>&lt;p&gt;The envoy said talks could start next week.&lt;/p&gt;</description></item>
            <item><title>Link only</title><link>https://h.example/b</link></item>
        </channel></rss>"#;
        let stats = Arc::new(IngestStats::default());
        let items = read_feed(rss, Origin::default(), &stats);
        assert_eq!(items.len(), 1);
        let d = items[0].as_ref().unwrap();
        assert_eq!(d.hints.title.as_deref(), Some("Envoy offers talks"));
        assert_eq!(d.hints.outlet.as_deref(), Some("Harbourline Daily"));
        assert_eq!(d.hints.url.as_deref(), Some("https://h.example/a"));
        assert!(d.hints.published.as_deref().unwrap().starts_with("2025-03-13"));
        assert_eq!(d.external_id.as_deref(), Some("h-1"));
        assert!(matches!(&d.payload, Payload::Html(b) if String::from_utf8_lossy(b).contains("<p>The envoy")));
        assert_eq!(stats.skipped_records.load(Ordering::Relaxed), 1, "the entry without a body is counted");
    }

    #[test]
    fn atom_entries_are_read_and_broken_feeds_are_one_error() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian Wire</title>
          <id>urn:m</id><updated>2025-03-22T10:00:00Z</updated>
          <entry><title>Guard wounded</title><id>urn:m:1</id><updated>2025-03-22T10:00:00Z</updated>
            <content type="text">A border guard was wounded, officials said.</content></entry></feed>"#;
        let stats = Arc::new(IngestStats::default());
        let items = read_feed(atom, Origin::default(), &stats);
        assert!(matches!(&items[0].as_ref().unwrap().payload, Payload::Text(t) if t.contains("border guard")));
        let broken = read_feed(b"<rss><channel><item><title>x", Origin::default(), &stats);
        assert!(matches!(broken[..], [Err(IngestError::Feed { .. })]));
    }
}
