#!/usr/bin/env bash
# Peak memory and throughput of the whole pipeline on one big generated crawl:
# a realistic WARC.gz (make-warc.py --realistic: zipf-sized stories, recurring
# speakers, syndicated copies; 30-80 KiB pages with site boilerplate) analysed
# into a fresh database with 2 jobs. 385,000 pages make a 5.1 GB (4.7 GiB)
# gzipped WARC, 20.8 GB of records. Prints records/s and peak RSS, and keeps a
# 15-second RSS log (time, KiB, articles stored) beside the database.
# Usage: scripts/bench-crawl.sh [PAGES=385000]   (BENCH_DIR: where files go)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-385000}"
OUT="${BENCH_DIR:-target/bench}/crawl"
mkdir -p "$OUT"
cargo build --release --quiet -p storyline-cli
BIN="${CARGO_TARGET_DIR:-target}/release/storyline"
WARC="$OUT/crawl-$PAGES.warc.gz"
[ -s "$WARC" ] || python3 scripts/make-warc.py "$WARC" "$PAGES" 7 --realistic --page-kb 30-80
echo "input: $(stat -c %s "$WARC") bytes gzipped"
rm -f "$OUT"/crawl.db "$OUT"/crawl.db-wal "$OUT"/crawl.db-shm "$OUT/rss.log"
/usr/bin/time -v "$BIN" analyze "$WARC" --db "$OUT/crawl.db" -j 2 -q 2> "$OUT/time.txt" &
sleep 1
PID=$(pgrep -n -f "analyze $WARC" || true)
while [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; do
  echo "$(date +%T) $(awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null)" >> "$OUT/rss.log"
  sleep 15
done
wait || true
python3 - "$PAGES" "$OUT/time.txt" <<'PY'
import re, sys
n, t = int(sys.argv[1]), open(sys.argv[2]).read()
wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", t).group(1)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{n} records in {secs:.0f} s = {n / secs:.0f} articles/s; peak RSS {rss / 1024:.0f} MiB")
PY
"$BIN" stories --db "$OUT/crawl.db" --limit 1 --format json > /dev/null
sqlite3 "$OUT/crawl.db" "SELECT count(*) || ' articles, ' || (SELECT count(*) FROM quotes) || ' quotes, ' ||
  (SELECT count(*) FROM statements) || ' statements, ' || (SELECT count(*) FROM stories) || ' stories' FROM articles" 2>/dev/null || true
