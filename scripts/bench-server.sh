#!/usr/bin/env bash
# Load benchmark of `storyline serve` (release build) on a generated database
# of N articles (default 100,000): a CC-NEWS-like WARC.gz from
# `scripts/make-warc.py --realistic` (a fictional world: thousands of events
# of 2-200 articles over seven years, ~8,000 speakers, ~1,500 outlets, 10%
# syndicated copies) through `storyline analyze`, so the database holds what
# a real run writes: articles, quotes, statements, entities, stories, the
# timeline, and the search index the server builds at start.
#
# Then wrk (apt-get install -y wrk) with CONNS connections for DURATION
# against /api/timeline, /api/statements (with and without a speaker
# filter) and /api/search, three ways: the same URL every time (what a
# dashboard polling the server sends; answered by the response cache); a
# mixed workload rotating through ~1,000 distinct real URLs per endpoint
# (speakers, stories, outlets, pages, search words taken from the database:
# the cache hit rate a population of readers gives); and a unique URL per
# request (every request misses the cache and runs its queries).
# Prints p50/p99 latency, requests/s and errors (non-2xx + socket errors).
# Finally times every HTML page server-side (curl on loopback), each request
# with a unique query so that none is served from the cache: REPEATS runs,
# the max reported.
#
# wrk runs on the same machine as the server: on a 2-core box it takes about
# one core of the two, so the figures are a lower bound of the server alone.
#
# Usage: scripts/bench-server.sh [N=100000] [DURATION=60s] [CONNS=200] [REPEATS=5]
# (STORYLINE_BIN=path/to/storyline benchmarks that binary instead of building this tree.)
# The database is kept in $BENCH_DIR (default $CARGO_TARGET_DIR/bench) and
# reused by later runs; delete it to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
DURATION="${2:-60s}"
CONNS="${3:-200}"
REPEATS="${4:-5}"
PORT="${PORT:-18080}"
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="${BENCH_DIR:-$TARGET/bench}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "bench-server: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench-server: needs curl" >&2; exit 2; }

# STORYLINE_BIN=path runs another build (an A/B against a saved binary) instead of building this tree.
if [ -n "${STORYLINE_BIN:-}" ]; then
  BIN="$STORYLINE_BIN"
else
  cargo build --release --quiet -p storyline-cli
  BIN="$TARGET/release/storyline"
fi
DB="$OUT/real-$N.db"
if [ ! -s "$DB" ]; then
  echo "== generating $N articles and analysing them (once; kept in $DB)"
  python3 scripts/make-warc.py "$OUT/real-$N.warc.gz" "$N" 7 --realistic
  rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm"
  start=$(date +%s)
  # Exit code 1 only means some records were not articles or failed: listed, not fatal.
  "$BIN" analyze "$OUT/real-$N.warc.gz" --db "$DB.tmp" -q || [ $? -eq 1 ]
  mv "$DB.tmp" "$DB"
  rm -f "$DB.tmp-wal" "$DB.tmp-shm" "$OUT/real-$N.warc.gz"
  echo "analyze: $(( $(date +%s) - start )) s"
fi
"$BIN" stories --db "$DB" --format json --limit 1 >/dev/null # migrates an older file before timing
echo "== database: $(du -hL "$DB" | cut -f1)"

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" 2> "$OUT/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
start=$(date +%s.%N)
until curl -sf -o /dev/null "$BASE/api"; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
  sleep 0.2
done
printf "server ready in %.1f s (search index built at start)\n" "$(echo "$(date +%s.%N) - $start" | bc)"
grep -o "serving.*" "$OUT/serve.log" || true

# Ids to request: the most quoted speaker, a big story, an article with quotes.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
SPEAKER=$(curl -sf "$BASE/api/entities?limit=20" | json "max(d['items'], key=lambda e: e['quotes'])['id']")
SPEAKER_NAME=$(curl -sf "$BASE/api/entities/$SPEAKER" | json "d['name']")
STORY=$(curl -sf "$BASE/api/stories?limit=500" | json "max(d['items'], key=lambda s: len(s['articles']))['id']")
ARTICLE=$(curl -sf "$BASE/api/statements?limit=1&speaker=$SPEAKER" | json "d['items'][0]['article_id']")
TERM="${TERM_QUERY:-pipeline}"
echo "speaker $SPEAKER ($SPEAKER_NAME), story $STORY, article $ARTICLE, search term \"$TERM\""

cat > "$OUT/report.lua" <<'LUA'
-- Unique URLs (UNIQUE=1) defeat the response cache; done() prints one parseable line.
-- URLS=FILE rotates through the paths in FILE (one per line), each thread from its own start.
local unique = os.getenv("UNIQUE") == "1"
local urls = {}
local file = os.getenv("URLS")
if file and file ~= "" then for line in io.lines(file) do table.insert(urls, line) end end
local n, tid = 0, 0
local threads = {}
function setup(thread) tid = tid + 1; thread:set("tid", tid); table.insert(threads, thread) end
function request()
  if #urls > 0 then
    n = n + 1
    return wrk.format(nil, urls[((n * 7919 + tid * 104729) % #urls) + 1])
  end
  if not unique then return wrk.format(nil, wrk.path) end
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "nocache=" .. tid .. "-" .. n)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p50 %.1f ms  p99 %.1f ms  %.0f req/s  %d requests  non-2xx %d  socket errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

ENDPOINTS=(
  "/api/timeline"
  "/api/timeline?order=desc"
  "/api/statements"
  "/api/statements?speaker=$SPEAKER"
  "/api/search?q=$TERM"
)
# ~1,000 real URLs per endpoint for the mixed workload, from the database itself.
python3 - "$DB" "$OUT" <<'PY'
import sqlite3, sys, urllib.parse, random
db, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
rng = random.Random(1)
speakers = [r[0] for r in c.execute("SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 300")]
stories = [r[0] for r in c.execute("SELECT id FROM stories ORDER BY last_seen DESC LIMIT 300")]
outlets = [r[0] for r in c.execute("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC LIMIT 100")]
names = [r[0] for r in c.execute("SELECT name FROM entities ORDER BY mentions DESC LIMIT 300")]
words = ["pipeline", "dam", "strike", "budget", "election", "\"peace talks\"", "wind farm", "harbour", "pension*", "flood", "tariffs", "ceasefire", "hospital", "court ruling", "lithium"]
q = urllib.parse.quote
def write(name, urls):
    urls = list(dict.fromkeys(urls))[:1000]
    open(f"{out}/urls-{name}.txt", "w").write("\n".join(urls) + "\n")
tl = [f"/api/timeline?speaker={s}" for s in speakers] + [f"/api/timeline?story={s}" for s in stories]
tl += [f"/api/timeline?order=desc&offset={50 * k}" for k in range(200)] + [f"/api/timeline?offset={50 * k}" for k in range(200)]
write("timeline", tl)
st = [f"/api/statements?speaker={s}" for s in speakers] + [f"/api/statements?story={s}" for s in stories]
st += [f"/api/statements?outlet={q(o)}" for o in outlets] + [f"/api/statements?order=desc&offset={50 * k}" for k in range(300)]
write("statements", st)
se = [f"/api/search?q={q(n)}" for n in names] + [f"/api/search?q={q(w)}" for w in words]
se += [f"/api/search?q={q(rng.choice(words))}&outlet={q(o)}" for o in outlets] + [f"/api/search?q={q(n.split()[-1])}&offset=50" for n in names]
se += [f"/api/search?q={q(rng.choice(words))}&speaker={s}" for s in speakers]
write("search", se)
PY
wc -l "$OUT"/urls-*.txt | grep -v total

run_wrk() { # label path [env...]
  local label=$1 path=$2; shift 2
  printf "%-48s " "$label"
  env "$@" wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s -s "$OUT/report.lua" "$BASE$path" | tail -1
}
echo "== wrk: $CONNS connections, $DURATION each, same URL every request (cache hits)"
for path in "${ENDPOINTS[@]}"; do run_wrk "$path" "$path" UNIQUE=0; done
echo "== wrk: $CONNS connections, $DURATION each, mixed: ~1,000 real URLs per endpoint in rotation"
for name in timeline statements search; do
  run_wrk "/api/$name (mixed, $(wc -l < "$OUT/urls-$name.txt") URLs)" "/api/$name" URLS="$OUT/urls-$name.txt"
done
echo "== wrk: $CONNS connections, $DURATION each, a unique URL per request (no cache hits)"
for path in "${ENDPOINTS[@]}"; do run_wrk "$path" "$path" UNIQUE=1; done

echo "== pages, server-side (curl on loopback, never from the cache), max of $REPEATS"
PAGES=(
  "/"
  "/stories/$STORY"
  "/entities/$SPEAKER"
  "/articles/$ARTICLE"
  "/outlets"
  "/search?q=$TERM"
  "/stories"
  "/entities"
  "/articles"
)
for path in "${PAGES[@]}"; do
  max=0
  codes=""
  for i in $(seq 1 "$REPEATS"); do
    sep=$([[ $path == *\?* ]] && echo "&" || echo "?")
    read -r code t < <(curl -s -o /dev/null -w "%{http_code} %{time_total}\n" "$BASE$path${sep}nocache=page-$i-$RANDOM")
    codes="$codes $code"
    max=$(echo "if ($t > $max) $t else $max" | bc)
  done
  printf "%-48s max %6.1f ms   statuses:%s\n" "$path" "$(echo "$max * 1000" | bc)" "$codes"
done
grep -iE "error|panic" "$OUT/serve.log" | head -5 || true
