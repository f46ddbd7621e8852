#!/usr/bin/env bash
# Crash safety: `analyze` killed with SIGKILL at random points ROUNDS times
# (default 20) on a generated WARC, resumed each time; the final database
# must equal an uninterrupted run's (same articles, ids, statements).
# Usage: scripts/kill-resume.sh [PAGES=5000] [ROUNDS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-5000}"
ROUNDS="${2:-20}"
OUT="${BENCH_DIR:-target/bench}/kill"
mkdir -p "$OUT"
cargo build --release --quiet -p storyline-cli
BIN="${CARGO_TARGET_DIR:-target}/release/storyline"
python3 scripts/make-warc.py "$OUT/in.warc.gz" "$PAGES" 7
rm -f "$OUT"/*.db*
"$BIN" analyze "$OUT/in.warc.gz" --db "$OUT/clean.db" -q
for i in $(seq 1 "$ROUNDS"); do
  "$BIN" analyze "$OUT/in.warc.gz" --db "$OUT/killed.db" -q &
  pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.05, 0.9), 2))")"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  n=$("$BIN" articles --db "$OUT/killed.db" --all --format jsonl 2>/dev/null | wc -l || echo 0)
  echo "round $i: killed with $n articles stored"
done
"$BIN" analyze "$OUT/in.warc.gz" --db "$OUT/killed.db" -q
status=0
for what in articles quotes entities stories timeline; do
  if cmp -s <("$BIN" "$what" --db "$OUT/clean.db" --all --format jsonl) <("$BIN" "$what" --db "$OUT/killed.db" --all --format jsonl); then
    echo "$what: identical ($("$BIN" "$what" --db "$OUT/clean.db" --all --format jsonl | wc -l) rows)"
  else
    echo "$what: DIFFERENT"
    status=1
  fi
done
exit $status
