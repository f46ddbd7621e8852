#!/usr/bin/env python3
"""datasketch MinHashLSH as the dedup peer, on the corpus written by
`dedup_bench --dump DIR`: same shingles (word 5-grams of the normalised
text), same number of permutations (64) and threshold (0.7).

usage: datasketch_dedup.py DIR [MAX_DOCS]
"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH


def main():
    d = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10**12
    docs = []
    with open(f"{d}/docs.jsonl") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            docs.append(json.loads(line))
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.7, num_perm=64)
    pairs = 0
    for doc in docs:
        words = re.sub(r"[^\w]+", " ", doc["text"].lower()).split()
        m = MinHash(num_perm=64)
        m.update_batch([" ".join(words[k:k + 5]).encode() for k in range(max(1, len(words) - 4))])
        pairs += len(lsh.query(m))
        lsh.insert(doc["id"], m)
    secs = time.perf_counter() - start
    print(f"datasketch: {len(docs)} articles in {secs:.2f} s ({len(docs) / secs:.0f} articles/s, one core); {pairs} candidate pairs")


if __name__ == "__main__":
    main()
