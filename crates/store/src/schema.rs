//! Schema migrations, applied in order inside one transaction each and
//! tracked by `PRAGMA user_version`. Append only: never edit a shipped step.

pub const MIGRATIONS: &[&str] = &[
    // 1: articles and their per-article annotations.
    r#"
    CREATE TABLE articles (
        id           TEXT PRIMARY KEY,   -- hex of the input's content key
        external_id  TEXT,
        path         TEXT,
        line         INTEGER,
        url          TEXT,
        title        TEXT,
        outlet       TEXT,
        author       TEXT,
        published    TEXT,
        modified     TEXT,
        language     TEXT,
        text         TEXT NOT NULL,
        paragraphs   TEXT NOT NULL,      -- JSON [{span, kind}]
        rules        TEXT NOT NULL,      -- JSON [{field, rule}]
        warnings     TEXT NOT NULL,      -- JSON [string]
        text_hash    TEXT NOT NULL,
        duplicate_of TEXT
    );
    CREATE INDEX articles_published ON articles(published, id);
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        name       TEXT NOT NULL,
        role       TEXT,
        entity_id  TEXT,
        PRIMARY KEY (article_id, idx)
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE quotes (
        id            TEXT PRIMARY KEY,
        article_id    TEXT NOT NULL REFERENCES articles(id),
        start         INTEGER NOT NULL,
        end           INTEGER NOT NULL,
        text          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        speaker       TEXT,
        speaker_kind  TEXT,
        speaker_start INTEGER,
        speaker_end   INTEGER,
        cue           TEXT,
        cue_start     INTEGER,
        cue_end       INTEGER,
        medium        TEXT,
        said_on       TEXT,
        said_on_basis TEXT,
        repeated      INTEGER NOT NULL,
        speaker_id    TEXT,
        statement_id  TEXT
    );
    CREATE INDEX quotes_article ON quotes(article_id, start);
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE TABLE timexes (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        type       TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (article_id, start)
    );
    CREATE TABLE failures (
        origin  TEXT PRIMARY KEY,
        code    TEXT NOT NULL,
        reason  TEXT NOT NULL
    );
    CREATE TABLE entities (
        id       TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        kind     TEXT NOT NULL,
        aliases  TEXT NOT NULL,          -- JSON [string]
        roles    TEXT NOT NULL,          -- JSON [{role, first_seen}]
        mentions INTEGER NOT NULL
    );
    CREATE TABLE stories (
        id         TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        first_seen TEXT,
        last_seen  TEXT
    );
    CREATE TABLE story_articles (
        story_id   TEXT NOT NULL REFERENCES stories(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX story_articles_article ON story_articles(article_id);
    CREATE TABLE statements (
        id         TEXT PRIMARY KEY,
        speaker_id TEXT,
        text       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        said_on    TEXT
    );
    CREATE INDEX statements_said_on ON statements(said_on, id);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 2: per-article corpus features (issue #8), written with the article by
    // the analysis so the corpus passes never read full texts. Rows of older
    // databases are filled in by `Store::backfill_features` before the next
    // corpus pass.
    r#"
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        minhash    BLOB NOT NULL,        -- 64 little-endian u64, empty when the text is too short
        terms      BLOB NOT NULL,        -- per term, first occurrence first: u64 LE hash, varint plain, varint capitalised
        lead       TEXT NOT NULL         -- first characters of the text
    );
    "#,
    // 3: what `storyline watch` has seen of each feed (issue #8): the cache
    // validators of the last complete poll, and every entry handled, so a
    // restart neither refetches nor duplicates.
    r#"
    CREATE TABLE feeds (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        polled_at     TEXT NOT NULL      -- UTC, last poll whose entries were all handled
    );
    CREATE TABLE feed_items (
        feed_url TEXT NOT NULL,
        key      TEXT NOT NULL,          -- guid/id, else link, else a hash of the entry
        url      TEXT,
        attempts INTEGER NOT NULL,
        done     INTEGER NOT NULL,       -- 1 once stored, failed for good, or found not to be an article
        PRIMARY KEY (feed_url, key)
    );
    CREATE INDEX feed_items_url ON feed_items(url) WHERE done = 1;
    "#,
    // 4: indexes for the server's paged listings (issue #7). The expression
    // indexes match the listings' ORDER BY (undated last) term for term, so a
    // page is read in order and the scan stops at LIMIT instead of sorting
    // every row; the others turn per-request scans into lookups.
    r#"
    CREATE INDEX statements_order ON statements(said_on IS NULL, said_on, id);
    CREATE INDEX statements_order_desc ON statements(said_on IS NULL, said_on DESC, id);
    CREATE INDEX statements_speaker ON statements(speaker_id, said_on);
    CREATE INDEX quotes_statement ON quotes(statement_id);
    CREATE INDEX articles_order ON articles(published IS NULL, published, id);
    CREATE INDEX articles_order_desc ON articles(published IS NULL, published DESC, id);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
    CREATE INDEX entities_order ON entities(mentions DESC, name, id);
    CREATE INDEX stories_latest ON stories(last_seen IS NULL, last_seen DESC, id);
    "#,
    // 5: coverage comparison (issue #6): the storyline each story (event)
    // belongs to, null until the next corpus pass fills it; and per outlet,
    // which variant of each term group it writes and which words it puts in
    // scare quotes (kind 'term' or 'scare'), originals only.
    r#"
    ALTER TABLE stories ADD COLUMN storyline TEXT;
    CREATE INDEX stories_storyline ON stories(storyline);
    CREATE TABLE outlet_terms (
        outlet      TEXT,
        kind        TEXT NOT NULL,
        term_group  TEXT,
        term        TEXT NOT NULL,
        articles    INTEGER NOT NULL,
        occurrences INTEGER NOT NULL
    );
    CREATE INDEX outlet_terms_outlet ON outlet_terms(outlet, kind);
    "#,
    // 6: server joins that read no article text (issue #7). A row keeps
    // `duplicate_of` after `text`, in the text's overflow pages, so checking
    // it by id through the primary key read the whole text (the /entities
    // quote counts: 0.45 s per page at 100,000 articles); `articles_facts`
    // answers a join on id with the facts listings filter and show, and
    // `quotes_speaker_article` counts a speaker's quotes without reading them.
    r#"
    CREATE INDEX articles_facts ON articles(id, duplicate_of, outlet, published);
    CREATE INDEX quotes_speaker_article ON quotes(speaker_id, article_id);
    "#,
    // 7: a speaker's statements in publication order, read in index order
    // (issue #7): the quote keeps its article's publication date (articles
    // never change once stored), so a page of the busiest speaker stops at
    // LIMIT instead of sorting every quote of theirs (2.4 ms -> 0.05 ms).
    r#"
    ALTER TABLE quotes ADD COLUMN published TEXT;
    UPDATE quotes SET published = (SELECT a.published FROM articles a WHERE a.id = quotes.article_id);
    CREATE INDEX quotes_speaker_order ON quotes(speaker_id, published IS NULL, published, article_id, start, id);
    CREATE INDEX quotes_speaker_order_desc ON quotes(speaker_id, published IS NULL, published DESC, article_id, start, id);
    "#,
    // 8: incremental corpus passes (issue #6): the articles stored since the
    // last pass (`corpus_pending`), each distinct (name, kind)'s entity and
    // occurrences (`entity_names`, which the full pass used to keep in a
    // temporary table), and blobs of pass state (`corpus_state`: the story
    // vectors' document frequencies). A database from before has no state:
    // its next pass is a full one, which writes it.
    r#"
    CREATE TABLE corpus_pending (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE entity_names (
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        occurrences INTEGER NOT NULL,
        PRIMARY KEY (name, kind)
    ) WITHOUT ROWID;
    CREATE TABLE corpus_state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    "#,
    // 9: how firmly each mention's article supports its kind (0 none, 1
    // context, 2 the name or its role), which the corpus pass's kind vote
    // weighs. Older rows stay NULL and count as none.
    "ALTER TABLE mentions ADD COLUMN evidence INTEGER;",
    // 10: each quote keeps its speaker mention as written, so the
    // listings that show an unnamed source ("a senior health official") as
    // its speaker (statements, the timeline's reports, search hits) read it
    // from the quote's row instead of cutting it out of the article's text,
    // which lives in overflow pages (the statements listing did, per row).
    // Offsets count characters, as SQLite's substr() does.
    r#"
    ALTER TABLE quotes ADD COLUMN speaker_mention TEXT;
    UPDATE quotes SET speaker_mention =
        (SELECT substr(a.text, quotes.speaker_start + 1, quotes.speaker_end - quotes.speaker_start)
         FROM articles a WHERE a.id = quotes.article_id)
    WHERE speaker_start IS NOT NULL AND speaker_end > speaker_start;
    "#,
    // 11: the source a reader is shown for an unnamed speaker, as the
    // analysis found it (`Quote::source`): also for a pronoun continuing an
    // unnamed source ("A senior official said … she said"), where the mention
    // as written is a bare "she". Older rows stay NULL and fall back to the
    // mention as written.
    "ALTER TABLE quotes ADD COLUMN source TEXT;",
];

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;
    use rusqlite::Connection;

    /// A database written before migration 7 gets each quote's date from
    /// its article when opened, and listings by speaker work on it.
    #[test]
    fn quotes_of_an_older_database_get_their_article_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for step in &MIGRATIONS[..6] {
                conn.execute_batch(step).unwrap();
            }
            conn.pragma_update(None, "user_version", 6).unwrap();
            conn.execute_batch(
                "INSERT INTO articles (id, published, text, paragraphs, rules, warnings, text_hash)
                     VALUES ('a1', '2025-03-04', 'x', '[]', '[]', '[]', '01'), ('a2', NULL, 'y', '[]', '[]', '[]', '02');
                 INSERT INTO quotes (id, article_id, start, end, text, kind, repeated) VALUES
                     ('q1', 'a1', 0, 1, 'x', 'direct', 0), ('q2', 'a2', 0, 1, 'y', 'direct', 0);",
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let dates: Vec<(String, Option<String>)> = store
            .connection()
            .prepare("SELECT id, published FROM quotes ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(dates, [("q1".to_string(), Some("2025-03-04".to_string())), ("q2".to_string(), None)]);
        let version: i64 = store.connection().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
    }

    /// A database written before migration 10 gets each quote's speaker
    /// mention cut from its article's text (offsets in characters) when
    /// opened, and its listings show an unnamed source as written.
    #[test]
    fn quotes_of_an_older_database_get_their_speaker_mentions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for step in &MIGRATIONS[..8] {
                conn.execute_batch(step).unwrap();
            }
            conn.pragma_update(None, "user_version", 8).unwrap();
            // "Ça" puts a two-byte character before every offset.
            conn.execute_batch(
                "INSERT INTO articles (id, published, text, paragraphs, rules, warnings, text_hash) VALUES
                     ('a1', '2025-03-04', 'Ça va, said a senior official, who asked not to be named. Yes, he said. Fine, Ruth Roe said.',
                      '[]', '[]', '[]', '01');
                 INSERT INTO quotes (id, article_id, start, end, text, kind, speaker, speaker_start, speaker_end, repeated, published) VALUES
                     ('q1', 'a1', 0, 5, 'Ça va', 'direct', NULL, 12, 56, 0, '2025-03-04'),
                     ('q2', 'a1', 58, 61, 'Yes', 'direct', NULL, 63, 65, 0, '2025-03-04'),
                     ('q3', 'a1', 72, 76, 'Fine', 'direct', 'Ruth Roe', 78, 86, 0, '2025-03-04'),
                     ('q4', 'a1', 0, 2, 'Ça', 'direct', NULL, NULL, NULL, 0, '2025-03-04');",
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let version: i64 = store.connection().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        let f = crate::Filter { include_duplicates: true, ..Default::default() };
        let rows = store.quotes(&f).unwrap();
        let got: Vec<(&str, Option<&str>, Option<&str>)> =
            rows.iter().map(|q| (q.id.as_str(), q.speaker_mention.as_deref(), q.source.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("q1", Some("a senior official, who asked not to be named"), Some("a senior official")),
                ("q4", None, None),
                ("q2", Some("he"), None),
                ("q3", Some("Ruth Roe"), None),
            ]
        );
    }
}
