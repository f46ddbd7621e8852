#!/usr/bin/env python3
"""Replicate the sample corpus into N distinct JSONL documents for benchmarks.

Every document of examples/corpus (txt, html, html.gz, jsonl) is cycled; each
copy gets a unique id and one varied paragraph, so copies are distinct articles
(not exact duplicates) while keeping the real noise, quotes and dates.

usage: scripts/replicate.py CORPUS_DIR N OUT.jsonl
"""
import gzip
import json
import pathlib
import sys


def load(corpus: pathlib.Path):
    docs = []
    for p in sorted(corpus.iterdir()):
        name = p.name
        if name.endswith(".jsonl"):
            for line in p.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    docs.append(json.loads(line))
        elif name.endswith(".html.gz"):
            docs.append({"html": gzip.decompress(p.read_bytes()).decode("utf-8")})
        elif name.endswith(".html"):
            docs.append({"html": p.read_text(encoding="utf-8")})
        elif name.endswith(".txt"):
            docs.append({"text": p.read_text(encoding="utf-8")})
    return docs


def main():
    corpus, n, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    docs = load(corpus)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            d = dict(docs[i % len(docs)])
            d["id"] = f"bench-{i}"
            extra = f"Copy {i}: observers counted {i % 97} trucks at the crossing, officials said."
            if "text" in d:
                d["text"] = d["text"] + "\n\n" + extra + "\n"
            else:
                d["html"] = d["html"].replace("</body>", f"<p>{extra}</p></body>", 1)
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
