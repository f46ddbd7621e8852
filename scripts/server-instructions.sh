#!/usr/bin/env bash
# Instructions per request of `storyline serve`, counted by callgrind: exact,
# so two builds can be compared on a busy machine where wall-clock runs cannot.
#
#   scripts/server-instructions.sh DB URLS [N] [BIN]
#
# DB: a database (a 10k-article one keeps start-up short: `make-warc.py F 10000 7
# --realistic` then `storyline analyze`); URLS: a file of paths, one per line
# (each is requested twice: once to warm every cache a repeat would meet, then
# counted); N: how many of them (default 60); BIN: the binary (default the
# release build). Start-up runs uninstrumented (`--instr-atstart=no`), so only
# the requests are counted. Prints instructions per request; the profile is
# left in $OUT (default /tmp/server-instructions) for `callgrind_annotate`.
set -euo pipefail
DB=${1:?database}; URLS=${2:?file of paths}; N=${3:-60}
BIN=${4:-${CARGO_TARGET_DIR:-target}/release/storyline}
PORT=${PORT:-18199}
OUT=${OUT:-/tmp/server-instructions}
command -v valgrind >/dev/null || { echo "server-instructions: needs valgrind" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/callgrind.out.*
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out.%p" \
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" 2> "$OUT/serve.log" &
VG=$!
trap 'kill "$VG" 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api"; do
  kill -0 "$VG" 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
  sleep 1
done
sep() { [[ $1 == *\?* ]] && echo "&" || echo "?"; }
# Each request made unique (a parameter no route reads), so none is answered
# from the response cache: the caches below it (a query's totals, a
# statement's reports) are warm, as they are for a repeat.
i=0
head -n "$N" "$URLS" | while read -r u; do i=$((i + 1)); curl -s -o /dev/null "http://127.0.0.1:$PORT$u$(sep "$u")warm=$i"; done
callgrind_control -i on "$VG" >/dev/null 2>&1
head -n "$N" "$URLS" | while read -r u; do i=$((i + 1)); curl -s -o /dev/null "http://127.0.0.1:$PORT$u$(sep "$u")counted=$i"; done
callgrind_control -d "$VG" >/dev/null 2>&1
sleep 1
# The dump is the largest file (the one written at exit holds only the shutdown).
profile=$(ls -S "$OUT"/callgrind.out.* | sed -n 1p)
total=$(callgrind_annotate "$profile" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done { gsub(",", "", $1); print $1; done = 1 }')
n=$(head -n "$N" "$URLS" | wc -l)
echo "$((total / n)) instructions per request over $n requests ($profile)"
