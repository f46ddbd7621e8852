#!/usr/bin/env python3
"""The table printed by scripts/bench-extract.sh, from what its runs left in OUT:
OUT/TOOL/SET.score.json (score.py --json) and OUT/TOOL/timing.jsonl.

usage: BENCH_DIR=DIR extract_table.py OUT TOOL... -- SET...
BENCH_DIR holds SET/gold.jsonl (field rates are pooled over the sets' pages
whose gold has the field). The first TOOL is the one whose speed ratio to each other TOOL is printed.
"""
import json
import os
import sys


def main():
    args = sys.argv[1:]
    if "--" not in args or len(args) < 4:
        sys.exit(__doc__)
    out, rest = args[0], args[1:]
    cut = rest.index("--")
    tools, sets = rest[:cut], rest[cut + 1:]
    score, speed = {}, {}
    for t in tools:
        for s in sets:
            with open(os.path.join(out, t, s + ".score.json")) as f:
                score[t, s] = json.load(f)
        pages = secs_one = secs_all = 0.0
        threads = 1
        with open(os.path.join(out, t, "timing.jsonl")) as f:
            for line in f:
                r = json.loads(line)
                if r["set"] in sets:
                    pages += r["pages"]; secs_one += r["secs_one"]; secs_all += r["secs_all"]
                    threads = r["threads"]
        speed[t] = (pages / max(secs_one, 1e-9), pages / max(secs_all, 1e-9), threads)

    pct = lambda v: "-" if v is None else f"{100 * v:.1f}%"
    head = ["tool"] + [f"{s} P/R/F1" for s in sets] + ["title", "author", "date", "pages/s 1 thread", "pages/s all"]
    rows = []
    for t in tools:
        row = [t]
        for s in sets:
            r = score[t, s]
            row.append(f"{r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}")
        # Fields are exact-match rates over the pages whose gold has them, pooled over sets.
        for field in ("title", "author", "date"):
            hit = tot = 0.0
            for s in sets:
                v = score[t, s]["fields_exact"].get(field)
                if v is not None:
                    n = count_gold(s, field)
                    hit += v * n; tot += n
            row.append(pct(hit / tot) if tot else "-")
        one, allc, th = speed[t]
        row += [f"{one:,.0f}", f"{allc:,.0f} ({th:.0f} thr)"]
        rows.append(row)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    base = tools[0]
    for t in tools[1:]:
        print(f"{base} vs {t}: {speed[base][0] / speed[t][0]:.1f}x on one thread, "
              f"{speed[base][1] / speed[t][1]:.1f}x on all cores")




def count_gold(s, field):
    """Pages of set s whose gold has the field (score.py's denominator)."""
    path = os.path.join(os.environ["BENCH_DIR"], s, "gold.jsonl")
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and json.loads(line).get(field):
                n += 1
    return n


if __name__ == "__main__":
    main()
