#!/usr/bin/env bash
# End-to-end throughput of `storyline analyze` (release build): the sample
# corpus replicated to N distinct documents (default 10,000), articles/s and
# peak resident memory. Usage: scripts/bench-analyze.sh [N] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
JOBS="${2:-$(nproc)}"
OUT="${BENCH_DIR:-target/bench}"
mkdir -p "$OUT"
cargo build --release --quiet -p storyline-cli
BIN="${CARGO_TARGET_DIR:-target}/release/storyline"
python3 scripts/replicate.py examples/corpus "$N" "$OUT/replicated.jsonl"
rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
/usr/bin/time -v "$BIN" analyze "$OUT/replicated.jsonl" --db "$OUT/bench.db" -j "$JOBS" 2> "$OUT/time.txt" || true
grep -E "^storyline:" "$OUT/time.txt" || true
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
python3 - "$N" "$secs" "$rss" "$JOBS" <<'PY'
import sys
n, wall, rss, jobs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
print(f"analyze: {n} documents in {secs:.2f} s with {jobs} jobs = {n / secs:.0f} articles/s; peak RSS {rss / 1024:.0f} MiB")
PY
