#!/usr/bin/env bash
# `storyline watch` (release build) against a local static server
# (python3 -m http.server, which answers If-Modified-Since with 304): one feed
# listing N generated pages. Round 1 polls the feed, fetches and analyses every
# page; round 2, a fresh process, makes one conditional poll and fetches nothing.
# Usage: scripts/bench-watch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-500}"
OUT="${BENCH_DIR:-target/bench}/watch"
rm -rf "$OUT"
mkdir -p "$OUT/site/p"
cargo build --release --quiet -p storyline-cli
BIN="${CARGO_TARGET_DIR:-target}/release/storyline"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$N" "$OUT/site" "$PORT" <<'PY'
import sys
n, site, port = int(sys.argv[1]), sys.argv[2], sys.argv[3]
towns = ["Vyshhorod", "Northgate", "Saltmarsh", "Kelvedon", "Ashby", "Marrow", "Coldwater"]
people = ["Irena Volkova", "Dmytro Savchuk", "Marta Kovalenko", "Oleksiy Hrymenko"]
items = []
for i in range(n):
    town, who = towns[i % len(towns)], people[i % len(people)]
    paras = [
        f"The council of {town} met on Tuesday for round {i} of its talks on the river dam, officials said, and agreed to meet again.",
        f'"Round {i} settled the quotas for {town}," {who} told reporters after the meeting, adding that the minutes were signed.',
        f"Farmers near {town} have complained for {i % 11 + 2} months that the reservoir is held too high during the spring.",
        f"The next session, number {i + 1}, is due in {towns[(i + 3) % len(towns)]} before the end of the month, {who} said.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f'<html><head><title>Round {i} in {town}</title><meta property="og:site_name" content="Bench Courier">'
            f'<meta property="article:published_time" content="2025-03-{1 + i % 28:02d}"></head>'
            f'<body><nav><a href="/">Home</a></nav><article><h1>Round {i} in {town}</h1>{body}</article></body></html>')
    with open(f"{site}/p/{i}.html", "w") as f:
        f.write(html)
    items.append(f"<item><title>Round {i}</title><link>http://127.0.0.1:{port}/p/{i}.html</link><guid>bench-{i}</guid></item>")
with open(f"{site}/feed.xml", "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Courier</title>' + "".join(items) + "</channel></rss>")
PY
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT/site" > /dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
printf '[[feed]]\nurl = "http://127.0.0.1:%s/feed.xml"\nname = "bench"\n' "$PORT" > "$OUT/feeds.toml"
for round in 1 2; do
  /usr/bin/time -v "$BIN" watch "$OUT/feeds.toml" --db "$OUT/watch.db" --once --allow-private --delay 0 \
    2> "$OUT/round$round.txt" || true
  grep -E "^storyline:" "$OUT/round$round.txt" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/round$round.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/round$round.txt")
  python3 - "$N" "$secs" "$rss" "$round" <<'PY'
import sys
n, wall, rss, rnd = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
if rnd == "1":
    print(f"watch round 1: {n} new pages fetched and analysed in {secs:.2f} s = {n / secs:.0f} pages/s; peak RSS {rss / 1024:.0f} MiB")
else:
    print(f"watch round 2: conditional poll, nothing new, in {secs:.2f} s; peak RSS {rss / 1024:.0f} MiB")
PY
done
"$BIN" articles --db "$OUT/watch.db" --format jsonl --all | wc -l | xargs echo "articles stored (copies included):"
