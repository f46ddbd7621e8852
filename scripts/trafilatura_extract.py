#!/usr/bin/env python3
"""trafilatura 2.3.1 over the shared extraction benchmark, as a peer for
storyline's extract_eval: the same pages, the same prediction format for
score.py, the same timing rules (extraction only; pages are decompressed into
memory before the clock starts, Python and module start-up excluded).

usage: trafilatura_extract.py [--bench DIR] [--out DIR] [--procs N] [--timing FILE] [SET...]

Writes OUT/SET.pred.jsonl ({id, text, title, author, date}) and, with --timing,
one JSON object per set: {set, pages, failed, secs_one, secs_all, threads}.
Called as a user would: trafilatura.bare_extraction(html, url=URL,
with_metadata=True), every other option at its default (favor_precision and
favor_recall off). "All cores" is a multiprocessing pool of N processes
(the GIL rules out threads); its pool start-up is excluded from the clock.

Run it in the venv made by scripts/bench-extract.sh
($HOME/.cache/storyline/pyenv: trafilatura==2.3.1 lxml_html_clean).
"""
import argparse
import gzip
import json
import multiprocessing as mp
import os
import sys
import time

import trafilatura

PAGES = []


def load(folder):
    pages = []
    with open(os.path.join(folder, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            g = json.loads(line)
            pid = str(g["id"])
            with gzip.open(os.path.join(folder, "html", pid + ".html.gz")) as h:
                pages.append((pid, g.get("url"), h.read()))
    return pages


def run(page):
    pid, url, html = page
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {"id": pid, "text": ""}
    return {"id": pid, "text": doc.text or "", "title": doc.title, "author": doc.author, "date": doc.date}


def run_index(i):
    run(PAGES[i])
    return i


def warm(_):
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="/work/shared/bench/extraction")
    ap.add_argument("--out", default="/tmp/trafilatura-eval")
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timing")
    ap.add_argument("sets", nargs="*", default=["scrapinghub", "wcxb-dev-articles"])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    timing = open(a.timing, "w") if a.timing else None
    global PAGES
    for s in a.sets:
        PAGES = load(os.path.join(a.bench, s))
        # One warm-up page so lazy imports inside trafilatura are not timed.
        if PAGES:
            run(PAGES[0])
        preds, failed, spent = [], 0, 0.0
        for p in PAGES:
            t = time.perf_counter()
            try:
                r = run(p)
            except Exception as e:  # a peer crash counts as an empty extraction
                print(f"{s}/{p[0]}: {e}", file=sys.stderr)
                r, failed = {"id": p[0], "text": ""}, failed + 1
            spent += time.perf_counter() - t
            preds.append(r)
        path = os.path.join(a.out, s + ".pred.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in preds:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        # Every core: forked workers share PAGES; the pool is started and
        # warmed before the clock starts.
        with mp.get_context("fork").Pool(a.procs) as pool:
            pool.map(warm, range(a.procs))
            t = time.perf_counter()
            for _ in pool.imap_unordered(run_index, range(len(PAGES)), chunksize=4):
                pass
            spent_all = time.perf_counter() - t
        n = len(PAGES)
        print(f"trafilatura {s}: {n} pages, {failed} failed, {n / max(spent, 1e-9):.1f} pages/s one thread, "
              f"{n / max(spent_all, 1e-9):.1f} pages/s on {a.procs} processes -> {path}")
        if timing:
            timing.write(json.dumps({"set": s, "pages": n, "failed": failed, "secs_one": spent,
                                     "secs_all": spent_all, "threads": a.procs}) + "\n")
            timing.flush()


if __name__ == "__main__":
    main()
