#!/usr/bin/env bash
# Builds a database from examples/corpus plus the hostile fixture, serves it
# on a free local port, runs the browser checks and saves screenshots to
# docs/screenshots/. Needs: chromium (apt-get install -y chromium) and
# `npm install` in this folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
cargo build -q -p storyline-cli
bin="${CARGO_TARGET_DIR:-$root/target}/debug/storyline"
tmp="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$bin" analyze examples/corpus "$here/hostile.jsonl" --db "$tmp/e2e.db" --quiet || true
port="${PORT:-18088}"
"$bin" serve --db "$tmp/e2e.db" --listen "127.0.0.1:$port" 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.2; done
BASE_URL="http://127.0.0.1:$port" node "$here/e2e.mjs"
