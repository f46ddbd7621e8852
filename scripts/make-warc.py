#!/usr/bin/env python3
"""Generate a CC-NEWS-like WARC.gz for benchmarks: one gzip member per record,
request + response pairs, HTML pages from the sample corpus and synthetic
news pages (written from templates here: fictional people and places), plus
the records a real crawl has that are not articles (images, redirects, 404s),
and gzip / chunked HTTP encodings.

usage: scripts/make-warc.py OUT.warc.gz [PAGES=50000] [SEED=1]
"""
import gzip
import io
import json
import pathlib
import random
import sys
import uuid
from datetime import date, timedelta

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"

FIRST = ["Yurii", "Ilona", "Karel", "Amara", "Mykyta", "Halina", "Ruut", "Oles", "Maris", "Petra", "Tomas", "Anneli", "Dara", "Ivo", "Lena"]
LAST = ["Hlushchak", "Makiranta", "Vosta", "Oyelaran", "Ostapchuk", "Porych", "Halvorsen", "Demchuk", "Oddvik", "Kessler", "Varga", "Kuusk", "Moreau", "Brandt", "Sorensen"]
ROLES = ["Foreign Minister", "Prime Minister", "spokesperson", "President", "energy minister", "opposition leader", "chief engineer", "envoy"]
PLACES = ["Velihrad", "Port Amrel", "Haldorhavn", "Tyshky", "Dravna", "Lisk", "Oravia", "Brennmark", "Kallio", "Santerra"]
TOPICS = ["dam", "grain exports", "border crossing", "power grid", "fishing quotas", "rail link", "port fees", "gas pipeline", "water treaty", "customs union"]
OUTLETS = ["Meridian Wire", "The Northgate Herald", "Eastbrook Times", "Harbourline Daily", "Baltic Ledger", "Sarvenian Review", "Veltaria Today", "Coastal Courier"]
VERBS = ["said", "told reporters", "warned", "added", "insisted", "told state broadcaster VTV", "wrote on social media", "said in a statement"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late on Sunday", "earlier this week", "last week", "two days ago"]
CLAIMS = [
    "the {topic} talks would resume within {n} days",
    "{place} would not accept any deal that cut its share of the {topic}",
    "the government had offered a {n}-point plan on the {topic}",
    "the {topic} dispute could be settled before the summer",
    "inspectors would visit {place} to check the {topic}",
    "the previous agreement on the {topic} had expired in {year}",
]
QUOTES = [
    "We will not sign anything that hurts our farmers",
    "The door to {place} remains open",
    "Nobody wins if the {topic} becomes a weapon",
    "We expect a written answer by Friday",
    "This is the best offer we have made in {n} years",
    "Our patience is not endless",
]


def synth_page(rng, i):
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    outlet = rng.choice(OUTLETS)
    pub = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
    people = [(rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES)) for _ in range(3)]
    fill = dict(topic=topic, place=place, n=rng.randrange(2, 40), year=rng.randrange(1995, 2024))
    paras = []
    for k in range(rng.randrange(6, 14)):
        f, l, role = rng.choice(people)
        if k % 3 == 0:
            paras.append(f'"{rng.choice(QUOTES).format(**fill)}," {role} {f} {l} {rng.choice(VERBS)} {rng.choice(DAYS)}.')
        elif k % 3 == 1:
            paras.append(f"{l} {rng.choice(VERBS)} that {rng.choice(CLAIMS).format(**fill)}, according to officials in {place}.")
        else:
            paras.append(f"Talks on the {topic} have dragged on since {fill['year']}, and delegations from {place} and {rng.choice(PLACES)} met again {rng.choice(DAYS)} to discuss it.")
    title = f"{people[0][1]} says {rng.choice(CLAIMS).format(**fill)}"
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    related = "".join(f'<li><a href="/story/{rng.randrange(10**6)}">{rng.choice(TOPICS).title()} update {j}</a></li>' for j in range(5))
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{pub.isoformat()}T08:{i % 60:02d}:00Z">
<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": pub.isoformat(), "author": {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}})}</script>
</head><body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<div class="share-bar">Share on Facebook | Share on X | Email</div>
<main><article><h1>{title}</h1><div class="byline">By staff reporter</div>{body}</article>
<aside class="related"><h3>Related articles</h3><ul>{related}</ul></aside>
<div class="newsletter">Sign up for our morning briefing</div></main>
<footer>Copyright {outlet}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""
    return f"https://{outlet.lower().replace(' ', '')}.example/{pub.isoformat()}/{i}", html.encode()


def corpus_pages():
    pages = []
    for p in sorted(CORPUS.iterdir()):
        if p.name.endswith(".html"):
            pages.append(p.read_bytes())
        elif p.name.endswith(".html.gz"):
            pages.append(gzip.decompress(p.read_bytes()))
        elif p.name.endswith(".txt"):
            text = p.read_text(encoding="utf-8")
            paras = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
            pages.append(f"<html><body><article>{paras}</article></body></html>".encode())
    return pages


def record(kind, uri, block, content_type):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-06-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + uri)}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def http_response(body, status="200 OK", ctype="text/html; charset=utf-8", encoding=None, chunked=False):
    headers = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}"]
    if encoding == "gzip":
        body = gzip.compress(body, mtime=0)
        headers.append("Content-Encoding: gzip")
    if chunked:
        out = io.BytesIO()
        for k in range(0, len(body), 4096):
            chunk = body[k:k + 4096]
            out.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        out.write(b"0\r\n\r\n")
        body = out.getvalue()
        headers.append("Transfer-Encoding: chunked")
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def main():
    out = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    sample = corpus_pages()
    with open(out, "wb") as f:
        f.write(record("warcinfo", "", b"software: storyline make-warc.py\r\nformat: WARC File Format 1.0\r\n", "application/warc-fields"))
        for i in range(pages):
            if i % len(sample) == 0 and i < len(sample) * 20:
                uri, html = f"https://sample.example/{i}", sample[(i // len(sample)) % len(sample)]
            else:
                uri, html = synth_page(rng, i)
            f.write(record("request", uri, f"GET {uri} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), "application/http; msgtype=request"))
            resp = http_response(html, encoding="gzip" if i % 7 == 0 else None, chunked=i % 11 == 0)
            f.write(record("response", uri, resp, "application/http; msgtype=response"))
            if i % 25 == 0:
                f.write(record("response", uri + "/logo.png", http_response(b"\x89PNG\r\n\x1a\n" + bytes(200), ctype="image/png"), "application/http; msgtype=response"))
            if i % 40 == 0:
                f.write(record("response", uri + "/gone", http_response(b"<html>Not found</html>", status="404 Not Found"), "application/http; msgtype=response"))
            if i % 60 == 0:
                f.write(record("metadata", uri, b"fetchTimeMs: 120\r\n", "application/warc-fields"))


if __name__ == "__main__":
    main()
