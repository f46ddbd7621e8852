#!/usr/bin/env python3
"""HeidelTime and storyline on the same TempEval-3 TBAQ splits, in the same run.

Called by run.sh, which fetches HeidelTime and builds both runners. This script
writes HeidelTime's input, runs it once over all documents in one JVM (pinned to
one core), converts its annotations to score.py's prediction format, runs
storyline's temporal_eval on each split (same core), scores both with score.py,
and prints totals only: the held-out split (AQUAINT) is never read document by
document, for either system.

With --wire, the in-house TIMEX3 sets (crates/nlp/tests/data/timex/wire*.txt) are
scored the same way: temporal_eval --wire writes each set's gold as JSONL, HeidelTime
gets those documents in the same JVM run, and each set is a row of its own. --gold
adds sets already in score.py's JSONL form (id, dct, text, timex), such as one built
by bench/timex-realnews/build.py.
"""
import argparse
import base64
import json
import os
import re
import resource
import subprocess
import sys
import time

SPLITS = [("tune", "TimeBank"), ("heldout", "AQUAINT"), ("all", None)]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def utf16_to_cp(text):
    """Map UTF-16 code-unit offsets (Java's) to code-point offsets (score.py's)."""
    m = []
    for i, ch in enumerate(text):
        m.append(i)
        if ord(ch) > 0xFFFF:
            m.append(i)
    m.append(len(text))
    return m


def run_heideltime(args, docs):
    inp = os.path.join(args.out, "heideltime.input.tsv")
    with open(inp, "w", encoding="utf-8") as f:
        for d in docs:
            text = base64.b64encode(d["text"].encode("utf-8")).decode("ascii")
            f.write(f"{d['id']}\t{d['dct'][:10]}\t{text}\n")
    cmd = ["taskset", "-c", str(args.core), "java", "-cp",
           f"{args.classes}:{args.jar}", "HeidelTimeRunner", args.config, inp, str(args.passes)]
    raw = os.path.join(args.out, "heideltime.out.tsv")
    t0, c0 = time.monotonic(), children_cpu()
    with open(raw, "w", encoding="utf-8") as out, \
            open(os.path.join(args.out, "heideltime.stderr"), "w") as err:
        subprocess.run(cmd, stdout=out, stderr=err, check=True, env=dict(os.environ, TZ="UTC"))
    whole = (time.monotonic() - t0, children_cpu() - c0)

    by_id = {d["id"]: d for d in docs}
    pred, timing = {}, {}
    stats = {"timex": 0, "exact": 0, "realigned": 0, "failed": 0}
    cur = None
    with open(raw, encoding="utf-8") as f:
        for line in f:
            f_ = line.rstrip("\n").split("\t")
            if f_[0] == "D":
                cur = f_[1]
                pred[cur] = []
            elif f_[0] == "T":
                text = by_id[cur]["text"]
                m = utf16_to_cp(text)
                s, e = m[int(f_[1])], m[int(f_[2])]
                covered = base64.b64decode(f_[5]).decode("utf-8")
                stats["timex"] += 1
                if text[s:e] == covered:
                    stats["exact"] += 1
                else:
                    # Not expected (the CAS holds the text as given), but never score
                    # a shifted span: look for the covered text nearby.
                    k = text.find(covered, max(0, s - 200))
                    if k < 0 or abs(k - s) > 200:
                        stats["failed"] += 1
                        continue
                    stats["realigned"] += 1
                    s, e = k, k + len(covered)
                pred[cur].append({"start": s, "end": e, "type": f_[3], "value": f_[4]})
            elif f_[0] == "P":
                timing[f_[1]] = tuple(int(x) / 1e9 for x in f_[2:5])
    return pred, timing, stats, whole


def run_storyline(args, split, source, pred_path, extra=None):
    def once(reps):
        cmd = ["taskset", "-c", str(args.core), args.storyline]
        if extra:
            cmd += extra + [pred_path]
        else:
            if source:
                cmd += ["--split", split]
            cmd += [args.bench, pred_path]
        c0 = children_cpu()
        p = subprocess.run(cmd, capture_output=True, text=True, check=True,
                           env=dict(os.environ, TEMPORAL_REPS=str(reps)))
        return children_cpu() - c0, p.stderr

    cpu0, _ = once(0)  # loading, predicting, writing: everything but the timed passes
    cpu, err = once(args.reps)
    m = re.search(r"([\d.]+) docs/s", err)
    return float(m.group(1)) if m else float("nan"), cpu - cpu0, err.strip()


def score(args, gold, pred, name):
    js = os.path.join(args.out, f"{name}.score.json")
    subprocess.run([sys.executable, args.score, gold, pred, "--quiet", "--json", js], check=True)
    with open(js) as f:
        return json.load(f)


def row(args, split, n, gold, hp, sp, t, s_wall, s_cpu, s_err):
    """One printed line pair: both systems scored on one split, with their speeds."""
    return {
        "split": split, "docs": n,
        "heideltime": score(args, gold, hp, f"heideltime.{split}"),
        "storyline": score(args, gold, sp, f"storyline.{split}"),
        "ht_docs_s_wall": n / t[0] if t[0] else float("nan"),
        "ht_docs_s_cpu": n / (t[1] + t[2]) if t[1] + t[2] else float("nan"),
        "ht_cpu_jvm_share": t[1] / (t[1] + t[2]) if t[1] + t[2] else float("nan"),
        "st_docs_s_wall": s_wall,
        "st_docs_s_cpu": n * args.reps / s_cpu if s_cpu > 0.05 else float("nan"),
        "st_stderr": s_err,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="train_tbaq.jsonl")
    ap.add_argument("--score", required=True, help="score.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--classes", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--storyline", required=True, help="temporal_eval binary")
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--passes", type=int, default=2, help="HeidelTime passes (first untimed)")
    ap.add_argument("--reps", type=int, default=200, help="storyline timed passes")
    ap.add_argument("--wire", nargs="*", default=[], help="in-house sets (wire*.txt) to score too")
    ap.add_argument("--gold", nargs="*", default=[], help="more gold sets in score.py's JSONL form")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    with open(args.bench, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    docs = [json.loads(l) for l in lines]

    # The extra sets: the wire sets' gold as temporal_eval --wire writes it, the --gold
    # files as they are; ids made unique across sets for HeidelTime's single run.
    extras = []
    for path in args.wire + args.gold:
        name = os.path.splitext(os.path.basename(path))[0]
        gold_path, cmd = path, [path]
        if path in args.wire:
            probe = os.path.join(args.out, f"probe.{name}.jsonl")
            subprocess.run([args.storyline, "--wire", path, probe], check=True, capture_output=True,
                           env=dict(os.environ, TEMPORAL_REPS="0"))
            gold_path, cmd = probe + ".gold.jsonl", ["--wire", path]
        with open(gold_path, encoding="utf-8") as f:
            wl = [l if l.endswith("\n") else l + "\n" for l in f if l.strip()]
        extras.append((name, cmd, wl))
        docs += [dict(json.loads(l), id=f"{name}:{json.loads(l)['id']}") for l in wl]

    print(f"HeidelTime: {len(docs)} documents, one JVM on core {args.core}, "
          f"{args.passes} passes (first untimed) ...", file=sys.stderr)
    ht_pred, ht_time, align, ht_whole = run_heideltime(args, docs)
    print(f"HeidelTime done in {ht_whole[0]:.0f} s wall", file=sys.stderr)

    rows = []
    for name, cmd, wl in extras:
        gold = os.path.join(args.out, f"gold.{name}.jsonl")
        with open(gold, "w", encoding="utf-8") as f:
            f.writelines(wl)
        ids = [json.loads(l)["id"] for l in wl]
        hp = os.path.join(args.out, f"heideltime.{name}.jsonl")
        with open(hp, "w", encoding="utf-8") as f:
            for did in ids:
                f.write(json.dumps({"id": did, "timex": ht_pred.get(f"{name}:{did}", [])}) + "\n")
        sp = os.path.join(args.out, f"storyline.{name}.jsonl")
        s_wall, s_cpu, s_err = run_storyline(args, name, None, sp, extra=cmd)
        n = len(ids)
        t = [sum(ht_time[f"{name}:{did}"][k] for did in ids) / max(args.passes - 1, 1) for k in range(3)]
        rows.append(row(args, name, n, gold, hp, sp, t, s_wall, s_cpu, s_err))
    for split, source in SPLITS:
        sel = [i for i, d in enumerate(docs[:len(lines)]) if source is None or d["source"] == source]
        gold = os.path.join(args.out, f"gold.{split}.jsonl")
        with open(gold, "w", encoding="utf-8") as f:
            f.writelines(lines[i] if lines[i].endswith("\n") else lines[i] + "\n" for i in sel)
        hp = os.path.join(args.out, f"heideltime.{split}.jsonl")
        with open(hp, "w", encoding="utf-8") as f:
            for i in sel:
                did = docs[i]["id"]
                f.write(json.dumps({"id": did, "timex": ht_pred.get(did, [])}) + "\n")
        sp = os.path.join(args.out, f"storyline.{split}.jsonl")
        s_wall, s_cpu, s_err = run_storyline(args, split, source, sp)
        n = len(sel)
        t = [sum(ht_time[docs[i]["id"]][k] for i in sel) / max(args.passes - 1, 1) for k in range(3)]
        rows.append(row(args, split, n, gold, hp, sp, t, s_wall, s_cpu, s_err))

    print(f"\nalignment: {align['timex']} HeidelTime timexes, {align['exact']} at their offsets, "
          f"{align['realigned']} re-aligned, {align['failed']} failed")
    print(f"HeidelTime whole run (JVM start, init, {args.passes} passes): "
          f"{ht_whole[0]:.1f} s wall, {ht_whole[1]:.1f} s CPU")
    hdr = f"{'split':12s}{'docs':>5s} {'system':11s}{'value F1':>9s}{'strict':>8s}{'relaxed':>8s}" \
          f"{'P':>7s}{'R':>7s}{'docs/s wall':>13s}{'docs/s CPU':>12s}"
    print(hdr)
    for r in rows:
        for name, w, c in (("storyline", r["st_docs_s_wall"], r["st_docs_s_cpu"]),
                           ("HeidelTime", r["ht_docs_s_wall"], r["ht_docs_s_cpu"])):
            s = r[name.lower()]
            print(f"{r['split']:12s}{r['docs']:5d} {name:11s}{s['value']['F1']:9.3f}"
                  f"{s['strict']['F1']:8.3f}{s['relaxed']['F1']:8.3f}"
                  f"{s['relaxed']['P']:7.3f}{s['relaxed']['R']:7.3f}{w:13.1f}{c:12.1f}")
        print(f"{'':18s}ratio storyline/HeidelTime: {r['st_docs_s_wall'] / r['ht_docs_s_wall']:,.0f}x wall, "
              f"{r['st_docs_s_cpu'] / r['ht_docs_s_cpu']:,.0f}x CPU; HeidelTime CPU "
              f"{r['ht_cpu_jvm_share'] * 100:.0f}% JVM, {(1 - r['ht_cpu_jvm_share']) * 100:.0f}% TreeTagger")
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump({"alignment": align, "heideltime_whole_run_s": ht_whole, "rows": [
            {k: v for k, v in r.items() if k not in ("heideltime", "storyline")} | {
                "heideltime": {k: r["heideltime"][k] for k in ("gold_timex", "pred_timex", "strict",
                                                               "relaxed", "value")},
                "storyline": {k: r["storyline"][k] for k in ("gold_timex", "pred_timex", "strict",
                                                             "relaxed", "value")}}
            for r in rows]}, f, indent=1)
    print(f"\nscores and predictions in {args.out} (summary.json)")


if __name__ == "__main__":
    main()
