#!/usr/bin/env bash
# Corpus results of two storyline builds on the very same stored articles:
# OLD analyses INPUT into a database; a copy is marked dirty and NEW re-runs
# only the corpus passes on it (migrating it and filling in stored features
# first). Prints both runs' time and peak memory, then IDENTICAL or the diff
# of duplicates, stories, entities, mention/quote links and statements.
# Usage: scripts/corpus-equiv.sh OLD_BINARY NEW_BINARY INPUT [WORKDIR]
set -euo pipefail
OLD=$1; NEW=$2; IN=$3; W=${4:-$(mktemp -d)}
mkdir -p "$W/empty"
rm -f "$W"/old.db* "$W"/new.db*
/usr/bin/time -f "old analyze: %e s, peak %M KB" "$OLD" analyze "$IN" --db "$W/old.db" -q || true
sqlite3 "$W/old.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$W/old.db" "$W/new.db"
# Wipe the old results in the copy, so a NEW run that did nothing cannot pass.
sqlite3 "$W/new.db" "UPDATE meta SET value='1' WHERE key='corpus_dirty';
  UPDATE articles SET duplicate_of = NULL; UPDATE mentions SET entity_id = NULL;
  UPDATE quotes SET speaker_id = NULL, statement_id = NULL;
  DELETE FROM entities; DELETE FROM story_articles; DELETE FROM stories; DELETE FROM statements;"
/usr/bin/time -f "new corpus pass: %e s, peak %M KB" "$NEW" analyze "$W/empty" --db "$W/new.db" -q || true
dump() {
  sqlite3 "$1" "SELECT 'dup', id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL ORDER BY id;
  SELECT 'story', s.id, s.title, s.first_seen, s.last_seen, sa.article_id FROM stories s
    JOIN story_articles sa ON sa.story_id = s.id ORDER BY s.id, sa.article_id;
  SELECT 'entity', id, name, kind, aliases, roles, mentions FROM entities ORDER BY id;
  SELECT 'mention', article_id, idx, entity_id FROM mentions ORDER BY article_id, idx;
  SELECT 'quote', id, speaker_id, statement_id FROM quotes ORDER BY id;
  SELECT 'statement', id, speaker_id, text, kind, said_on FROM statements ORDER BY id;"
}
dump "$W/old.db" > "$W/old.txt"
dump "$W/new.db" > "$W/new.txt"
echo "rows compared: $(wc -l < "$W/old.txt") ($(cut -d'|' -f1 "$W/old.txt" | sort | uniq -c | tr -s ' \n' ' '))"
if cmp -s "$W/old.txt" "$W/new.txt"; then echo IDENTICAL; else echo DIFFERENT; diff "$W/old.txt" "$W/new.txt" | head -20; exit 1; fi
