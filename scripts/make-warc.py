#!/usr/bin/env python3
"""Generate a CC-NEWS-like WARC.gz for benchmarks: one gzip member per record,
request + response pairs, HTML pages from the sample corpus and synthetic
news pages (written from templates here: fictional people and places), plus
the records a real crawl has that are not articles (images, redirects, 404s),
and gzip / chunked HTTP encodings.

usage: scripts/make-warc.py OUT.warc.gz [PAGES=50000] [SEED=1] [--page-kb MIN-MAX] [--realistic]

--page-kb pads each synthetic page with the boilerplate real news pages
carry (a site stylesheet, mega-menu navigation, inline analytics and ad
configuration, related-story lists, a cookie banner, a long footer) up to a
size drawn from MIN-MAX KiB, e.g. 30-80 as on CC-NEWS pages. Without it pages
are ~3 KiB. The same seed gives the same article text either way.

--realistic writes news as a large crawl has it instead of from the small
fixed vocabulary above (10 topics x 10 places: at 100,000 pages that is ten
giant stories and statements reported 5,000 times). It invents a world from
the seed: thousands of events, each with its place, topic, date (spread over
seven years) and 2-6 speakers, covered by 2 to 200 articles (heavy-tailed:
most events get a handful, a few get 100+); ~8,000 speakers and ~1,500 outlets
with popularity skewed as in real coverage (a few wires and national papers
write much of it, a long tail of local outlets the rest); syllable-built
names, so spellings vary; each speaker's statements are specific to the event,
so the same statement is reported by the articles of that event only; and
~10% syndicated copies (a wire story republished verbatim by another outlet,
crediting the wire).
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


SECTIONS = ["World", "Europe", "Politics", "Business", "Markets", "Energy", "Climate", "Science", "Tech", "Sport", "Culture", "Opinion", "Video", "Podcasts", "Weather"]
CSS_PROPS = ["margin", "padding", "color", "background", "font-size", "line-height", "border", "display", "grid-template-columns", "letter-spacing", "max-width", "z-index"]


def site_chrome(outlet):
    """Per-outlet stylesheet and navigation, like a real site's shared template."""
    r = random.Random(outlet)
    css = []
    for k in range(r.randrange(250, 450)):
        cls = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randrange(4, 10)))
        props = "; ".join(f"{r.choice(CSS_PROPS)}: {r.randrange(0, 48)}px" for _ in range(r.randrange(2, 6)))
        css.append(f".{cls}-{k} {{ {props} }}")
    menu = []
    for sec in SECTIONS:
        subs = "".join(f'<li><a href="/{sec.lower()}/{sub.lower().replace(" ", "-")}" class="nav-sub">{sub}</a></li>' for sub in r.sample(TOPICS + PLACES, 8))
        menu.append(f'<li class="nav-item"><a href="/{sec.lower()}">{sec}</a><ul class="nav-drop">{subs}</ul></li>')
    footer = "".join(f'<a href="/info/{k}">{r.choice(SECTIONS)} {r.choice(["guide", "archive", "newsletter", "contact", "careers", "terms", "accessibility"])}</a> ' for k in range(80))
    return "\n".join(css), "".join(menu), footer


CHROME = {}


def boilerplate(rng, outlet, want):
    """Head and tail markup around the article, about `want` bytes in all."""
    if outlet not in CHROME:
        CHROME[outlet] = site_chrome(outlet)
    css, menu, footer = CHROME[outlet]
    parts_head = [f"<style>{css}</style>", f'<nav class="mega-menu"><ul>{menu}</ul></nav>',
                  '<div class="cookie-banner">We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. <button>Accept all</button> <button>Manage settings</button></div>']
    parts_tail = [f"<footer>{footer}</footer>"]
    size = sum(len(p) for p in parts_head + parts_tail)
    k = 0
    while size < want:
        k += 1
        token = "%016x" % rng.getrandbits(64)
        cfg = json.dumps({"slot": f"ad-{k}-{token[:6]}", "sizes": [[300, 250], [728, 90]], "targeting": {"section": rng.choice(SECTIONS).lower(), "kw": rng.sample(TOPICS, 3), "pid": token}, "lazy": True})
        related = "".join(f'<li><a href="/story/{rng.randrange(10**7)}"><img src="/img/{rng.getrandbits(40):x}.jpg" alt="">{rng.choice(TOPICS).title()}: {rng.choice(PLACES)} {rng.choice(["latest", "live", "analysis", "explainer"])}</a></li>' for _ in range(12))
        chunk = (f'<div class="ad-slot" id="ad-{k}"><script>window.adq=window.adq||[];adq.push({cfg});</script></div>'
                 f'<aside class="more-{k}"><h3>More from {rng.choice(SECTIONS)}</h3><ul>{related}</ul></aside>')
        (parts_head if k % 3 == 0 else parts_tail).append(chunk)
        size += len(chunk)
    return "".join(parts_head), "".join(parts_tail)


def synth_page(rng, i, page_kb=None):
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
    head_extra, tail_extra = "", ""
    if page_kb:
        # A separate generator, so padding never changes the article text.
        pad = random.Random(i)
        head_extra, tail_extra = boilerplate(pad, outlet, pad.randrange(page_kb[0], page_kb[1] + 1) * 1024)
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{pub.isoformat()}T08:{i % 60:02d}:00Z">
<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": pub.isoformat(), "author": {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}})}</script>
</head><body>{head_extra}<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<div class="share-bar">Share on Facebook | Share on X | Email</div>
<main><article><h1>{title}</h1><div class="byline">By staff reporter</div>{body}</article>
<aside class="related"><h3>Related articles</h3><ul>{related}</ul></aside>
<div class="newsletter">Sign up for our morning briefing</div></main>
<footer>Copyright {outlet}. All rights reserved. <a href="/privacy">Privacy</a></footer>{tail_extra}</body></html>"""
    return f"https://{outlet.lower().replace(' ', '')}.example/{pub.isoformat()}/{i}", html.encode()


# --realistic: a generated world. Every name is built from syllables here
# (fictional); first names are common given names from many languages.
GIVEN = ("Aino Ada Adel Aisha Aleksander Alma Amara Amir Ana Anders Andrei Anneli Ari Arjun Astrid Aziz Beatriz Bo Bogdan "
         "Camille Carlos Chen Chiara Dara Daniel Dmytro Eero Elif Elena Emeka Emil Erik Esra Eva Farah Fatima Felix Femi "
         "Filip Freya Goran Hana Hanne Hassan Helga Ibrahim Ida Ilona Imran Ines Ingrid Ivan Ivo Jakub Jana Javier Jonas "
         "Joao Jorge Julia Kaan Kai Karel Karin Kateryna Kenji Kofi Lars Laila Lena Leon Lina Luca Lucia Magnus Maja Malik "
         "Marek Maria Marta Maris Mateo Mei Milan Mira Mykyta Nadia Naledi Nia Nikos Nils Noor Oksana Olga Omar Oles Oskar "
         "Paolo Pavel Petra Priya Rafael Rania Ravi Rosa Ruut Sakura Sami Sara Selin Sergio Sofia Sven Tariq Tereza Tomas "
         "Ulla Vera Viktor Wei Yara Yasmin Yusuf Yurii Zainab Zofia Zoran").split()
ONSET = ["b", "br", "d", "dr", "g", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "v", "z", "ch", "sh", "o", "a", "e", "i"]
NUCLEUS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "aa", "y"]
CODA = ["", "n", "r", "l", "s", "k", "m", "st", "v", "d"]
SURNAME_END = ["chuk", "enko", "ovic", "sen", "son", "berg", "ara", "ani", "ez", "ski", "ov", "ek", "ila", "inen", "oglu", "ande", "etti", "ou", "ar", "is", "ström", "ová"]
PLACE_END = ["grad", "havn", "mark", "ovo", "ia", "stad", "burg", "polis", "ica", "by", "ford", "an", "ora", "el", "vik"]
TOPIC_WORDS = ("dam;grain exports;border crossing;power grid;fishing quotas;rail link;port fees;gas pipeline;water treaty;customs union;"
               "teachers' strike;hospital funding;pension reform;fuel prices;wildfire response;flood defences;mining licence;election law;"
               "budget deficit;airport expansion;minimum wage;housing plan;copper smelter;wind farm;nuclear plant;bridge repairs;bus fares;"
               "tax rebate;drought relief;steel tariffs;vaccine rollout;data protection law;police reform;coastal erosion;refugee quota;"
               "satellite launch;railway strike;bank merger;coal phase-out;tourism levy;river cleanup;fisheries ban;school closures;"
               "metro line;ferry service;farm subsidies;arms deal;embassy dispute;trade corridor;chip factory;ceasefire;prisoner exchange;"
               "peace talks;debt restructuring;central bank rate;currency peg;oil field;lithium deal;hydrogen plant;broadband rollout;"
               "court ruling;constitutional reform;corruption probe;media law;fishing dispute;glacier melt;heatwave;earthquake recovery;"
               "cyberattack;ransomware attack;shipping lane;canal tolls;grain corridor;visa rules;sanctions package;aid convoy").split(";")
ROLE_WORDS = ["Foreign Minister", "Prime Minister", "President", "Finance Minister", "Energy Minister", "Health Minister",
              "opposition leader", "mayor", "governor", "spokesperson", "chief executive", "union leader", "envoy",
              "central bank governor", "police chief", "chief engineer", "party chair", "senator", "judge", "economist"]
OUTLET_NOUNS = ["Herald", "Times", "Post", "Courier", "Gazette", "Ledger", "Review", "Observer", "Chronicle", "Daily", "Tribune",
                "Standard", "Mail", "Journal", "Record", "Dispatch", "Express", "News", "Independent", "Sentinel", "Wire", "Today"]
REAL_CLAIMS = [
    "the {topic} talks would resume within {n} days",
    "{place} would not accept any deal that cut its share of the {topic}",
    "the government had offered a {n}-point plan on the {topic}",
    "the {topic} dispute could be settled before {season}",
    "inspectors would visit {place} to check the {topic}",
    "the previous agreement on the {topic} had expired in {year}",
    "the {topic} would cost {place} about {n} million",
    "{n} people had been affected by the {topic} in {place}",
    "a vote on the {topic} was expected by {season}",
    "the {topic} plan had the support of {n} regional councils",
]
REAL_QUOTES = [
    "We will not sign anything that hurts {place}",
    "The door to {place} remains open on the {topic}",
    "Nobody wins if the {topic} becomes a weapon",
    "We expect a written answer on the {topic} by {season}",
    "This is the best offer on the {topic} we have made in {n} years",
    "Our patience over the {topic} is not endless",
    "The {topic} is about jobs in {place}, not about politics",
    "We have {n} days to fix the {topic} and we will use every one of them",
    "Nobody in {place} asked for this {topic}",
    "I told them in {place} that the {topic} cannot wait until {season}",
    "The figures on the {topic} speak for themselves: {n} percent",
    "We are ready to compromise on the {topic}, but not on safety",
    "Anyone who says the {topic} is finished has not been to {place}",
    "There will be no {topic} without the people of {place}",
]
CONTEXT = [
    "The {topic} has divided {place} since {year}, when {n} households signed a petition against it.",
    "A team of {n} inspectors from {place2} arrived in the area {day}.",
    "A poll published by the {place2} institute found that {n} percent of residents backed the {topic}.",
    "Traffic around {place} was disrupted for {n} hours as protesters gathered outside the regional office.",
    "The regional council of {place2} is due to meet again on {date} to review the figures.",
    "Local businesses in {place} reported losses of about {n} thousand over the past month.",
    "Figures from {bank} put the cost of the {topic} at {n} million, spread until {year2}.",
    "A court in {place2} suspended part of the {topic} in {year2} after a complaint by {n} farmers.",
    "Neighbouring {place2} has watched the dispute closely, having faced a similar {topic2} in {year}.",
    "The ministry published {n} pages of documents on the {topic} late on {weekday}.",
    "Heavy rain is forecast in {place2} over the coming {n} days, which could delay the work.",
    "Opposition parties in {place} have called for a referendum on the {topic2}.",
]
SEASONS = ["the summer", "the autumn", "the winter", "the spring", "the end of the year", "March", "June", "September", "the next election"]
WEEKDAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "late on Sunday", "earlier this week", "last week", "on {date}"]


def zipf_index(rng, n, q):
    """An index in [0, n) with probability ~ 1/(k+q): a few popular ones, a
    long tail (the larger q, the flatter the head). Inverse CDF, O(1)."""
    k = q * ((n + q) / q) ** rng.random() - q
    return min(n - 1, max(0, int(k)))


def syllables(rng, k):
    return "".join(rng.choice(ONSET) + rng.choice(NUCLEUS) + rng.choice(CODA) for _ in range(k))


class World:
    """Events, people, places and outlets invented from one seed."""

    def __init__(self, seed, pages):
        rng = random.Random(f"world-{seed}")
        def unique(make, n):
            seen, out = set(), []
            while len(out) < n:
                v = make()
                if v not in seen:
                    seen.add(v)
                    out.append(v)
            return out
        self.places = unique(lambda: (syllables(rng, rng.randrange(1, 3)) + rng.choice(PLACE_END)).capitalize(), 900)
        surnames = unique(lambda: (syllables(rng, rng.randrange(1, 3)) + rng.choice(SURNAME_END)).capitalize(), 6000)
        n_people = max(200, min(8000, pages // 12))
        self.people = [(rng.choice(GIVEN), surnames[k % len(surnames)], rng.choice(ROLE_WORDS), rng.choice(self.places))
                       for k in range(n_people)]
        n_outlets = max(20, min(1500, pages // 60))
        def outlet_name():
            place = rng.choice(self.places)
            form = rng.randrange(4)
            if form == 0:
                return f"The {place} {rng.choice(OUTLET_NOUNS)}"
            if form == 1:
                return f"{place} {rng.choice(OUTLET_NOUNS)}"
            if form == 2:
                return f"{syllables(rng, 2).capitalize()} {rng.choice(['Wire', 'Press', 'Media', 'News Agency', 'Radio'])}"
            return f"{place} {rng.choice(OUTLET_NOUNS)} {rng.choice(OUTLET_NOUNS)}"
        self.outlets = unique(outlet_name, n_outlets)
        # The most popular outlets are the wires others republish.
        self.wires = self.outlets[:max(3, n_outlets // 100)]
        self.start = date(2019, 1, 1)
        self.days = (date(2025, 12, 31) - self.start).days
        self.rng = rng

    def events(self):
        """Endless events, each a dict; article counts are heavy-tailed in [2, 200]."""
        rng, k = self.rng, 0
        while True:
            k += 1
            size = min(200, int(2 * rng.paretovariate(0.8)))
            # The lead speaker by popularity (the most quoted person leads ~1.5%
            # of events), the others from anyone.
            speakers = [self.people[zipf_index(rng, len(self.people), 10)]]
            speakers += [rng.choice(self.people) for _ in range(rng.randrange(1, 6))]
            speakers = list(dict.fromkeys(speakers))
            place = rng.choice(self.places) if rng.random() < 0.5 else speakers[0][3]
            fill = dict(topic=rng.choice(TOPIC_WORDS), place=place, n=rng.randrange(2, 90), year=rng.randrange(1990, 2019),
                        season=rng.choice(SEASONS))
            day = self.start + timedelta(days=rng.randrange(self.days))
            # What each speaker says at this event: fixed, so the event's
            # articles report the same statements (each its own wording share).
            said = []
            for sp in speakers:
                for _ in range(rng.randrange(1, 4)):
                    f = dict(fill, n=rng.randrange(2, 400), place=rng.choice([place, sp[3], rng.choice(self.places)]))
                    said.append((sp, "q", rng.choice(REAL_QUOTES).format(**f)))
                f = dict(fill, n=rng.randrange(2, 400))
                said.append((sp, "c", rng.choice(REAL_CLAIMS).format(**f)))
            yield dict(id=k, size=size, speakers=speakers, fill=fill, day=day, said=said)


def realistic_pages(world, pages, rng):
    """(uri, title, outlet, published, paragraphs) for `pages` articles, event by event."""
    events = world.events()
    made = 0
    while made < pages:
        ev = next(events)
        wire_copy = None
        for j in range(min(ev["size"], pages - made)):
            made += 1
            if wire_copy and rng.random() < 0.12:
                # Syndication: a wire story republished verbatim by another outlet.
                title, src, pub, paras = wire_copy
                outlet = world.outlets[zipf_index(rng, len(world.outlets), 3)]
                pub2 = pub + timedelta(days=rng.randrange(0, 2))
                credit = f"Originally published by {src}."
                yield outlet, title, pub2, paras + [credit]
                continue
            outlet = world.outlets[zipf_index(rng, len(world.outlets), 3)]
            pub = ev["day"] + timedelta(days=min(int(rng.expovariate(0.4)), 30))
            fill = ev["fill"]
            paras = []
            said = rng.sample(ev["said"], min(len(ev["said"]), rng.randrange(2, 6)))
            for (first, last, role, home), kind, text in said:
                when = rng.choice(WEEKDAYS).format(date=ev["day"].strftime("%B %-d"))
                if kind == "q":
                    form = rng.randrange(3)
                    if form == 0:
                        paras.append(f'"{text}," {role} {first} {last} {rng.choice(VERBS)} {when}.')
                    elif form == 1:
                        paras.append(f'"{text}," said {first} {last}, the {role.lower()} of {home}.')
                    else:
                        paras.append(f'{first} {last}, {role} of {home}, {rng.choice(VERBS)} {when}: "{text}."')
                else:
                    paras.append(f"{first} {last} {rng.choice(VERBS)} {when} that {text}, according to officials in {fill['place']}.")
                for _ in range(rng.randrange(0, 3)):
                    paras.append(rng.choice(CONTEXT).format(
                        topic=fill["topic"], topic2=rng.choice(TOPIC_WORDS), place=fill["place"], place2=rng.choice(world.places),
                        n=rng.randrange(2, 5000), year=rng.randrange(1990, 2019), year2=rng.randrange(2019, 2030),
                        day=rng.choice(DAYS), bank=f"{rng.choice(world.places)} {rng.choice(['Bank', 'Capital', 'Securities'])}", weekday=rng.choice(["Monday", "Tuesday", "Friday"]),
                        date=(pub + timedelta(days=rng.randrange(3, 60))).strftime("%B %-d")))
            rng.shuffle(paras)
            lead = ev["speakers"][0]
            title = rng.choice([
                f"{lead[1]}: {said[0][2][:60].rstrip(',. ')}",
                f"{fill['place']} {fill['topic']}: {lead[1]} says {rng.choice(REAL_CLAIMS).format(**fill)}",
                f"{fill['topic'].capitalize()} row in {fill['place']} deepens",
                f"What {lead[0]} {lead[1]} said about the {fill['topic']}",
            ])
            if outlet in world.wires and wire_copy is None:
                wire_copy = (title, outlet, pub, paras)
            yield outlet, title, pub, paras


def render_page(i, outlet, title, pub, paras, page_kb, author):
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    head_extra, tail_extra = "", ""
    if page_kb:
        pad = random.Random(i)
        head_extra, tail_extra = boilerplate(pad, outlet, pad.randrange(page_kb[0], page_kb[1] + 1) * 1024)
    t = html_escape(title)
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{t} | {html_escape(outlet)}</title>
<meta property="og:title" content="{t}"><meta property="og:site_name" content="{html_escape(outlet)}">
<meta property="article:published_time" content="{pub.isoformat()}T08:{i % 60:02d}:00Z">
<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": pub.isoformat(), "author": {"name": author}})}</script>
</head><body>{head_extra}<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<main><article><h1>{t}</h1><div class="byline">By {html_escape(author)}</div>{body}</article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/story/{i}">More on this story</a></li></ul></aside></main>
<footer>Copyright {html_escape(outlet)}. All rights reserved. <a href="/privacy">Privacy</a></footer>{tail_extra}</body></html>"""
    slug = "".join(c for c in outlet.lower() if c.isalnum())
    return f"https://{slug}.example/{pub.isoformat()}/{i}", html.encode()


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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
    args = sys.argv[1:]
    page_kb = None
    if "--page-kb" in args:
        k = args.index("--page-kb")
        lo, hi = args[k + 1].split("-")
        page_kb = (int(lo), int(hi))
        del args[k:k + 2]
    realistic = "--realistic" in args
    if realistic:
        args.remove("--realistic")
    out = args[0]
    pages = int(args[1]) if len(args) > 1 else 50000
    seed = int(args[2]) if len(args) > 2 else 1
    rng = random.Random(seed)
    sample = corpus_pages()
    real = None
    if realistic:
        world = World(seed, pages)
        real = realistic_pages(world, pages, random.Random(f"pages-{seed}"))
    with open(out, "wb") as f:
        f.write(record("warcinfo", "", b"software: storyline make-warc.py\r\nformat: WARC File Format 1.0\r\n", "application/warc-fields"))
        for i in range(pages):
            if i % len(sample) == 0 and i < len(sample) * 20:
                uri, html = f"https://sample.example/{i}", sample[(i // len(sample)) % len(sample)]
            elif real is not None:
                outlet, title, pub, paras = next(real)
                author = f"{rng.choice(GIVEN)} {rng.choice(world.people)[1]}"
                uri, html = render_page(i, outlet, title, pub, paras, page_kb, author)
            else:
                uri, html = synth_page(rng, i, page_kb)
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
