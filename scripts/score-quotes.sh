#!/usr/bin/env bash
# Scores storyline's statements against a gold file of ../shared/bench/quotes/score.py
# (PolNeAR "attributions" or ggt "quotes" documents, one JSON object a line with "id" and
# "text"), through the CLI exactly as a user runs it: `storyline annotate --no-clean`, each
# statement written as a score.py prediction, then score.py.
#
#   scripts/score-quotes.sh GOLD.jsonl [OUT_DIR]        (from the repository root)
#
# The predicted resolved speaker is what a reader is shown: `speaker`, or for a source the
# article never names, `source` (the phrase as written). Env: STORYLINE (the binary; default
# the release build under CARGO_TARGET_DIR or ./target, built if missing), SCORE (default
# ../shared/bench/quotes/score.py).
set -euo pipefail

gold=${1:?usage: scripts/score-quotes.sh GOLD.jsonl [OUT_DIR]}
out=${2:-/tmp/storyline-score-quotes}
root=$(cd "$(dirname "$0")/.." && pwd)
score=${SCORE:-$root/../shared/bench/quotes/score.py}
target=${CARGO_TARGET_DIR:-$root/target}
bin=${STORYLINE:-$target/release/storyline}
if [ -z "${STORYLINE:-}" ]; then
    (cd "$root" && cargo build --release --quiet -p storyline-cli)
fi
mkdir -p "$out"

# A document storyline cannot read is an error line; its gold statements then count as missed.
"$bin" annotate --no-clean <"$gold" >"$out/annotated.jsonl" || true
python3 - "$gold" "$out/annotated.jsonl" "$out/pred.jsonl" <<'PY'
import json, sys
gold, annotated, pred = sys.argv[1:4]
texts = {}
for line in open(gold, encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        texts[str(d.get("id"))] = d.get("text")
n = shifted = 0
with open(pred, "w", encoding="utf-8") as w:
    for line in open(annotated, encoding="utf-8"):
        a = json.loads(line)
        if "error" in a:
            print(f"not annotated: {a.get('id') or a.get('origin')}: {a['error']}", file=sys.stderr)
            continue
        if a.get("text") != texts.get(str(a["id"])):
            shifted += 1  # offsets index storyline's text; score.py's index the gold's
        for q in a["quotes"]:
            n += 1
            w.write(json.dumps({"id": a["id"], "start": q["start"], "end": q["end"],
                                "speaker_start": q["speaker_start"], "speaker_end": q["speaker_end"],
                                "speaker": q["speaker"] or q.get("source"), "cue_start": q["cue_start"],
                                "kind": q["kind"]}, ensure_ascii=False) + "\n")
print(f"{n} statements -> {pred}" + (f"; {shifted} documents' text differs from the gold's" if shifted else ""), file=sys.stderr)
PY
python3 "$score" "$gold" "$out/pred.jsonl"
