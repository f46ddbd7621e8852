#!/usr/bin/env python3
"""Real news with our own TIMEX3 annotation, kept as standoff (no article text here).

The texts are PolNeAR's (../shared/bench/quotes/dev.jsonl, 2016 US election news);
the annotation is ours: TIMEX3 spans as code-point offsets into each article's
`text`, with type, value and the covered text (checked on every build). The
article's `date` field is the DCT.

  build.py init DIR BENCH ID...    exact copies of the texts to mark up (DIR/<id>.txt)
  build.py standoff DIR BENCH OUT   inline-marked copies (DIR/<id>.txt, spans as
                                    [[text|TYPE|VALUE]]) -> standoff JSONL; each
                                    copy, markup removed, must equal BENCH's text
  build.py gold STANDOFF BENCH OUT  standoff + BENCH's texts -> score.py's gold
                                    JSONL (id, source, dct, text, timex)

Standard library only.
"""
import json
import os
import re
import sys

MARK = re.compile(r"\[\[([^\[\]|]+)\|(DATE|TIME|DURATION|SET)\|([^\[\]|]+)\]\]")


def load_bench(path):
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, filter(str.strip, f))}


def standoff(src_dir, bench, out):
    docs = load_bench(bench)
    rows = []
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith(".txt"):
            continue
        did = name[:-4]
        if did not in docs:
            sys.exit(f"{name}: no document {did!r} in {bench}")
        with open(os.path.join(src_dir, name), encoding="utf-8", newline="") as f:
            marked = f.read()
        plain, timex, last = [], [], 0
        pos = 0  # code points of plain text so far
        for m in MARK.finditer(marked):
            before = marked[last:m.start()]
            plain.append(before)
            pos += len(before)
            span = m.group(1)
            timex.append({"start": pos, "end": pos + len(span), "type": m.group(2),
                          "value": m.group(3), "text": span})
            plain.append(span)
            pos += len(span)
            last = m.end()
        plain.append(marked[last:])
        text = "".join(plain)
        if "[[" in text or "]]" in text:
            k = text.find("[[") if "[[" in text else text.find("]]")
            sys.exit(f"{name}: malformed mark near {text[max(0, k - 40):k + 40]!r}")
        gold = docs[did]["text"]
        if text != gold:
            k = next((i for i, (a, b) in enumerate(zip(text, gold)) if a != b), min(len(text), len(gold)))
            sys.exit(f"{name}: text differs from the bench at {k}: "
                     f"{text[max(0, k - 30):k + 30]!r} vs {gold[max(0, k - 30):k + 30]!r}")
        rows.append({"id": did, "dct": docs[did]["date"][:10], "timex": timex})
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents, {sum(len(r['timex']) for r in rows)} TIMEX3 -> {out}")


def gold(standoff_path, bench, out):
    docs = load_bench(bench)
    n = 0
    with open(standoff_path, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for r in map(json.loads, filter(str.strip, f)):
            d = docs.get(r["id"])
            if d is None:
                sys.exit(f"{r['id']}: not in {bench}")
            text = d["text"]
            for t in r["timex"]:
                if text[t["start"]:t["end"]] != t["text"]:
                    sys.exit(f"{r['id']}: {t['text']!r} is not at {t['start']}..{t['end']} "
                             f"(found {text[t['start']:t['end']]!r}); the bench text changed")
            w.write(json.dumps({"id": r["id"], "source": "realnews", "dct": r["dct"], "text": text,
                                "timex": [{k: t[k] for k in ("start", "end", "type", "value")}
                                          for t in r["timex"]]}) + "\n")
            n += 1
    print(f"{n} documents -> {out}")


def init(out_dir, bench, ids):
    docs = load_bench(bench)
    os.makedirs(out_dir, exist_ok=True)
    for did in ids:
        path = os.path.join(out_dir, did + ".txt")
        if os.path.exists(path):
            sys.exit(f"{path} exists; not overwriting marks")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(docs[did]["text"])
    print(f"{len(ids)} texts -> {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "init":
        init(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 5 and sys.argv[1] == "standoff":
        standoff(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "gold":
        gold(*sys.argv[2:])
    else:
        sys.exit(__doc__)
