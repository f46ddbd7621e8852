#!/usr/bin/env bash
# Near-duplicate detection on generated corpora: storyline's dedup pass on
# N articles (default 1,000,000) and on PEER articles (default 100,000), and
# datasketch's MinHashLSH on the same PEER articles, in the same run.
# Usage: scripts/bench-dedup.sh [N] [PEER]   (peer venv: pip install datasketch)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
PEER="${2:-100000}"
PYENV="${PYENV:-$HOME/.cache/storyline/pyenv}"
OUT="${BENCH_DIR:-target/bench}"
cargo build --release --quiet -p storyline-corpus --example dedup_bench
BIN="${CARGO_TARGET_DIR:-target}/release/examples/dedup_bench"
/usr/bin/time -f "  peak RSS %M KB" "$BIN" "$N"
"$BIN" "$PEER" --dump "$OUT/dedup-$PEER" | tee "$OUT/dedup-storyline.txt"
if [ -x "$PYENV/bin/python" ]; then
  "$PYENV/bin/python" scripts/datasketch_dedup.py "$OUT/dedup-$PEER" | tee "$OUT/dedup-datasketch.txt"
  python3 - "$OUT/dedup-storyline.txt" "$OUT/dedup-datasketch.txt" <<'PY'
import re, sys
ours = float(re.search(r"in ([\d.]+) s", open(sys.argv[1]).read()).group(1))
peer = float(re.search(r"in ([\d.]+) s", open(sys.argv[2]).read()).group(1))
print(f"ratio: storyline is {peer / ours:.0f}x datasketch on the same corpus")
PY
fi
