#!/usr/bin/env bash
# Article extraction side by side: storyline (extract_eval), trafilatura 2.3.1
# (scripts/trafilatura_extract.py in a venv) and rs-trafilatura (the bench-only
# crate bench/peers/rs-trafilatura) on the same pages of every folder of the
# extraction benchmark, scored by its score.py, in one run. Prints one table:
# body P/R/F1 per folder, title/author/date exact, pages/s on one thread and on
# every core, and storyline's speed ratio to each peer.
#
# usage: scripts/bench-extract.sh [BENCH_DIR]   (default ../shared/bench/extraction)
# env:   OUT (predictions, scores, timings; default /tmp/storyline-bench-extract),
#        PYENV (default $HOME/.cache/storyline/pyenv, created if missing),
#        THREADS (default: every core), SKIP_PEERS=1 (storyline only).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$(cd "${1:-$ROOT/../shared/bench/extraction}" && pwd)
OUT=${OUT:-/tmp/storyline-bench-extract}
PYENV=${PYENV:-$HOME/.cache/storyline/pyenv}
THREADS=${THREADS:-$(nproc)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/storyline/target}
PEER_TARGET=${PEER_TARGET:-$HOME/.cache/storyline/peer-target}

SETS=()
for d in "$BENCH"/*/; do
  [ -f "$d/gold.jsonl" ] && SETS+=("$(basename "$d")")
done
[ ${#SETS[@]} -gt 0 ] || { echo "no benchmark folders with gold.jsonl in $BENCH" >&2; exit 2; }
mkdir -p "$OUT"

echo "building storyline's evaluator" >&2
(cd "$ROOT" && cargo build --quiet --release -p storyline-extract --example extract_eval)
TOOLS=(storyline)
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  if ! "$PYENV/bin/python" -c 'import trafilatura, lxml_html_clean' 2>/dev/null; then
    echo "creating $PYENV (trafilatura 2.3.1)" >&2
    python3 -m venv "$PYENV"
    "$PYENV/bin/pip" install --quiet trafilatura==2.3.1 lxml_html_clean
  fi
  echo "building the rs-trafilatura peer" >&2
  (cd "$ROOT/bench/peers/rs-trafilatura" && CARGO_TARGET_DIR="$PEER_TARGET" cargo build --quiet --release)
  TOOLS+=(trafilatura rs-trafilatura)
fi

for tool in "${TOOLS[@]}"; do
  mkdir -p "$OUT/$tool"
  echo "running $tool" >&2
  case $tool in
    storyline) "$CARGO_TARGET_DIR/release/examples/extract_eval" --bench "$BENCH" --out "$OUT/$tool" \
                 --threads "$THREADS" --timing "$OUT/$tool/timing.jsonl" "${SETS[@]}" >&2 ;;
    trafilatura) "$PYENV/bin/python" "$ROOT/scripts/trafilatura_extract.py" --bench "$BENCH" --out "$OUT/$tool" \
                   --procs "$THREADS" --timing "$OUT/$tool/timing.jsonl" "${SETS[@]}" >&2 ;;
    rs-trafilatura) "$PEER_TARGET/release/rs-trafilatura-peer" --bench "$BENCH" --out "$OUT/$tool" \
                      --threads "$THREADS" --timing "$OUT/$tool/timing.jsonl" "${SETS[@]}" >&2 ;;
  esac
  for s in "${SETS[@]}"; do
    python3 "$BENCH/score.py" "$BENCH/$s/gold.jsonl" "$OUT/$tool/$s.pred.jsonl" --json "$OUT/$tool/$s.score.json" >/dev/null
  done
done
BENCH_DIR="$BENCH" python3 "$ROOT/scripts/extract_table.py" "$OUT" "${TOOLS[@]}" -- "${SETS[@]}"
