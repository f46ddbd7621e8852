#!/usr/bin/env bash
# Incremental corpus pass benchmark (issue #6): add the newest NEW articles
# to a corpus of the rest, and time it, against a full pass over everything.
#
# Starts from the generated database of scripts/bench-server.sh (100,000
# realistic articles, `make-warc.py --realistic`). The newest NEW articles
# (by publication date) are exported as JSONL (text, title, outlet, date,
# url) and deleted from a copy of it, a full corpus pass is run on the rest
# (`analyze --rebuild-corpus`), then the JSONL is analysed into it: the
# corpus result is extended, not recomputed. Prints the time of the
# incremental corpus pass and of the whole run, and checks that every story
# id of before is still there with all of its articles. For comparison, the
# same database then gets a full pass (`--rebuild-corpus`).
#
# Usage: scripts/bench-incremental.sh [NEW=1000]
# Needs $BENCH_DIR/real-100000.db (scripts/bench-server.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
NEW="${1:-1000}"
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="${BENCH_DIR:-$TARGET/bench}"
SRC="$OUT/real-100000.db"
[ -s "$SRC" ] || { echo "bench-incremental: needs $SRC (run scripts/bench-server.sh first)" >&2; exit 2; }
cargo build --release --quiet -p storyline-cli
BIN="$TARGET/release/storyline"
WORK="$OUT/incremental"
rm -rf "$WORK" && mkdir -p "$WORK/empty"
DB="$WORK/base.db"
sqlite3 "$SRC" ".backup '$DB'"

echo "== exporting and removing the newest $NEW articles"
python3 - "$DB" "$WORK/new.jsonl" "$NEW" <<'PY'
import json, sqlite3, sys
db, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db)
rows = c.execute(
    "SELECT id, url, title, outlet, published, text FROM articles WHERE published IS NOT NULL ORDER BY published DESC, id LIMIT ?",
    (n,)).fetchall()
with open(out, "w") as f:
    for id_, url, title, outlet, published, text in rows:
        f.write(json.dumps({"id": id_, "url": url, "title": title, "outlet": outlet, "published": published, "text": text}) + "\n")
ids = [(r[0],) for r in rows]
c.execute("CREATE TEMP TABLE gone (id TEXT PRIMARY KEY)")
c.executemany("INSERT INTO gone VALUES (?)", ids)
for sql in [
    "DELETE FROM mentions WHERE article_id IN (SELECT id FROM gone)",
    "DELETE FROM quotes WHERE article_id IN (SELECT id FROM gone)",
    "DELETE FROM timexes WHERE article_id IN (SELECT id FROM gone)",
    "DELETE FROM article_features WHERE article_id IN (SELECT id FROM gone)",
    "DELETE FROM story_articles WHERE article_id IN (SELECT id FROM gone)",
    "DELETE FROM articles WHERE id IN (SELECT id FROM gone)",
    "UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM gone)",
]:
    c.execute(sql)
c.commit()
print(f"exported {len(rows)} articles, {rows[-1][4]} .. {rows[0][4]}")
PY

echo "== full corpus pass over the rest (writes the state an incremental pass extends)"
/usr/bin/time -f "full pass over the rest: %e s, peak RSS %M KiB" "$BIN" analyze "$WORK/empty" --db "$DB" --rebuild-corpus -q
sqlite3 "$DB" "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2" > "$WORK/before.txt"
# Kept for profiling the step alone: cp "$WORK/snapshot.db" "$DB" and analyze new.jsonl again.
sqlite3 "$DB" ".backup '$WORK/snapshot.db'"
sqlite3 "$DB" "SELECT count(*) FROM stories" > "$WORK/stories-before.txt"

echo "== adding the $NEW articles"
STORYLINE_LOG=storyline_cli=info /usr/bin/time -f "whole run (ingest + analysis + corpus): %e s, peak RSS %M KiB" \
  "$BIN" analyze "$WORK/new.jsonl" --db "$DB" 2> "$WORK/add.log" || [ $? -eq 1 ]
grep -q "corpus result extended" "$WORK/add.log" || { echo "bench-incremental: the pass was not incremental" >&2; cat "$WORK/add.log" >&2; exit 1; }
tail -n 1 "$WORK/add.log"
sqlite3 "$DB" "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2" > "$WORK/after.txt"
missing=$(comm -23 "$WORK/before.txt" "$WORK/after.txt" | wc -l)
new_stories=$(( $(sqlite3 "$DB" "SELECT count(*) FROM stories") - $(cat "$WORK/stories-before.txt") ))
added=$(comm -13 "$WORK/before.txt" "$WORK/after.txt" | wc -l)
into_old=$(comm -13 "$WORK/before.txt" "$WORK/after.txt" | cut -d'|' -f1 | sort -u | comm -12 - <(cut -d'|' -f1 "$WORK/before.txt" | sort -u) | wc -l)
echo "story places before that are gone: $missing (must be 0); new story places: $added, $new_stories new stories, $into_old stored stories gained articles"
[ "$missing" -eq 0 ] || { echo "bench-incremental: stored story memberships changed" >&2; exit 1; }

echo "== the same database, full pass for comparison"
/usr/bin/time -f "full pass over everything: %e s, peak RSS %M KiB" "$BIN" analyze "$WORK/empty" --db "$DB" --rebuild-corpus -q
sqlite3 "$DB" "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2" > "$WORK/full.txt"
# How the incremental placement of the new articles agrees with the full
# pass: pairs (new article, article in its story), precision and recall
# against the full pass's pairs; and B-cubed F1 of the whole corpus.
python3 - "$WORK/after.txt" "$WORK/full.txt" "$WORK/before.txt" <<'PY'
import sys
from collections import defaultdict
def load(path):
    story_of, members = {}, defaultdict(set)
    for line in open(path):
        s, a = line.strip().split("|")
        story_of[a] = s
        members[s].add(a)
    return story_of, members
inc, inc_m = load(sys.argv[1])
full, full_m = load(sys.argv[2])
before, _ = load(sys.argv[3])
new = [a for a in inc if a not in before and a in full]
pi = {(a, b) for a in new for b in inc_m[inc[a]] if b != a}
pf = {(a, b) for a in new for b in full_m[full[a]] if b != a}
p = len(pi & pf) / max(1, len(pi)); r = len(pi & pf) / max(1, len(pf))
print(f"new articles' story pairs vs a full pass: precision {p:.3f}, recall {r:.3f} ({len(pi)} vs {len(pf)} pairs)")
both = [a for a in inc if a in full]
bp = sum(len(inc_m[inc[a]] & full_m[full[a]]) / len(inc_m[inc[a]]) for a in both) / len(both)
br = sum(len(inc_m[inc[a]] & full_m[full[a]]) / len(full_m[full[a]]) for a in both) / len(both)
print(f"whole corpus, incremental vs full pass: B-cubed P {bp:.3f} R {br:.3f} F1 {2*bp*br/(bp+br):.3f}")
PY
