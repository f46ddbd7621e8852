//! What `storyline watch` remembers of each feed: the cache validators of
//! the last complete poll and every entry it has handled. Kept in the same
//! database as the articles, so a restart neither refetches nor duplicates.

use crate::{Result, Store};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

/// The `ETag` and `Last-Modified` a feed last answered with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedValidators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One feed entry as a poll left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    pub key: String,
    pub url: Option<String>,
    /// Handled for good: stored, failed in a way retrying cannot fix, or not an article.
    pub done: bool,
}

impl Store {
    /// The validators of the feed's last complete poll (none before the first).
    pub fn feed_validators(&self, feed_url: &str) -> Result<FeedValidators> {
        let row = self
            .conn
            .query_row("SELECT etag, last_modified FROM feeds WHERE url = ?1", params![feed_url], |r| {
                Ok(FeedValidators { etag: r.get(0)?, last_modified: r.get(1)? })
            })
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    /// Keys of the feed's entries that need no more work: done, or tried
    /// `max_attempts` times already.
    pub fn settled_feed_items(&self, feed_url: &str, max_attempts: u32) -> Result<HashSet<String>> {
        let mut st =
            self.conn.prepare("SELECT key FROM feed_items WHERE feed_url = ?1 AND (done = 1 OR attempts >= ?2)")?;
        let keys = st.query_map(params![feed_url, max_attempts], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    /// Whether a page was already handled through some feed (one page is
    /// often listed by several feeds of an outlet).
    pub fn feed_page_done(&self, url: &str) -> Result<bool> {
        let hit: Option<i64> = self
            .conn
            .query_row("SELECT 1 FROM feed_items WHERE url = ?1 AND done = 1 LIMIT 1", params![url], |r| r.get(0))
            .optional()?;
        Ok(hit.is_some())
    }

    /// Records one poll of a feed in one transaction: each entry attempted
    /// (an attempt is counted; `done` is never undone) and, when given, the
    /// validators the next poll sends back.
    pub fn record_feed_poll(
        &mut self,
        feed_url: &str,
        items: &[FeedItem],
        validators: Option<&FeedValidators>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO feed_items (feed_url, key, url, attempts, done) VALUES (?1, ?2, ?3, 1, ?4)
                 ON CONFLICT (feed_url, key) DO UPDATE SET attempts = attempts + 1, done = MAX(done, excluded.done),
                 url = COALESCE(excluded.url, url)",
            )?;
            for item in items {
                st.execute(params![feed_url, item.key, item.url, item.done as i64])?;
            }
        }
        if let Some(v) = validators {
            tx.execute(
                "INSERT INTO feeds (url, etag, last_modified, polled_at)
                 VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                 polled_at = excluded.polled_at",
                params![feed_url, v.etag, v.last_modified],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_state_survives_reopening_and_done_is_never_undone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            let mut store = Store::open(&path).unwrap();
            assert_eq!(store.feed_validators("http://f/rss").unwrap(), FeedValidators::default());
            let v = FeedValidators { etag: Some("\"v1\"".into()), last_modified: None };
            let items = [
                FeedItem { key: "a".into(), url: Some("http://f/a".into()), done: true },
                FeedItem { key: "b".into(), url: Some("http://f/b".into()), done: false },
            ];
            store.record_feed_poll("http://f/rss", &items, Some(&v)).unwrap();
            // A later failed attempt at `a` does not make it pending again.
            store.record_feed_poll("http://f/rss", &[FeedItem { done: false, ..items[0].clone() }], None).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.feed_validators("http://f/rss").unwrap().etag.as_deref(), Some("\"v1\""));
        assert_eq!(store.settled_feed_items("http://f/rss", 3).unwrap(), HashSet::from(["a".to_string()]));
        assert_eq!(store.settled_feed_items("http://f/rss", 1).unwrap().len(), 2, "b has used its one attempt");
        assert!(store.feed_page_done("http://f/a").unwrap());
        assert!(!store.feed_page_done("http://f/b").unwrap());
        assert!(store.settled_feed_items("http://other/rss", 3).unwrap().is_empty());
    }
}
