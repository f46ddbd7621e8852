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
];
