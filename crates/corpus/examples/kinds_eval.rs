//! Entity kinds (person / organisation / place) against a hand-made gold set:
//! `crates/corpus/tests/data/kinds/gold.tsv` lists the named entities of the
//! speaker dev set (`crates/nlp/tests/data/quotes/dev.txt`) and of the sample
//! corpus (`examples/corpus`).
//!
//! cargo run --release -p storyline-corpus --example kinds_eval [-- -v]
//!
//! Each set is analysed article by article (extract + nlp) and then as one
//! corpus (the full pass); both are scored: `article` is the kind each
//! article's analysis gives a name, `corpus` the kind of the entity the name
//! ends up in. A prediction is a distinct (article, name, kind); it matches a
//! gold line of its article when the name is one of the line's spellings.
//! Printed: kind accuracy over matched predictions, per-kind precision and
//! recall of names found with that kind, names whose occurrences land in
//! entities of more than one kind across the corpus, and the entity count.
//! `-v` lists the wrong and unmatched predictions and the missed names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use storyline_corpus::{CorpusConfig, InMemory};
use storyline_model::corpus::{DocSummary, MentionSummary, QuoteSummary};
use storyline_model::{Article, EntityKind, Hints, Payload};

struct Doc {
    id: String,
    article: Article,
}

struct Gold {
    kind: EntityKind,
    spellings: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The articles of a speaker-set file (`@@ ID | DATE | outlet`, paragraphs,
/// `>` records and `#` comments skipped).
fn speaker_set(path: &Path) -> Vec<Doc> {
    let text = std::fs::read_to_string(path).expect("speaker set");
    let mut out = Vec::new();
    let mut cur: Option<(String, String, Vec<String>)> = None;
    let flush = |cur: &mut Option<(String, String, Vec<String>)>, out: &mut Vec<Doc>| {
        if let Some((id, date, paras)) = cur.take() {
            let hints = Hints { published: Some(date), ..Hints::default() };
            let article = storyline_extract::verbatim_text(&paras.join("\n\n"), &hints).expect("article");
            out.push(Doc { id, article });
        }
    };
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("@@ ") {
            flush(&mut cur, &mut out);
            let parts: Vec<&str> = h.split('|').map(str::trim).collect();
            cur = Some((parts[0].to_string(), parts.get(1).unwrap_or(&"").to_string(), Vec::new()));
        } else if line.starts_with('>') || line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else if let Some((_, _, paras)) = cur.as_mut() {
            paras.push(line.to_string());
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// The sample corpus, read as `analyze` reads it.
fn sample_corpus(dir: &Path) -> Vec<Doc> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("sample corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for raw in storyline_ingest::Ingest::new(paths, Default::default()) {
        let raw = raw.expect("sample document");
        let file = raw.origin.path.as_deref().and_then(|p| p.rsplit('/').next()).map(str::to_string);
        let id = match &raw.external_id {
            Some(ext) => format!("{}#{ext}", file.unwrap_or_default()),
            None => file.unwrap_or_default(),
        };
        let article = match &raw.payload {
            Payload::Html(b) => storyline_extract::extract_html(b, &raw.hints),
            Payload::Text(t) => storyline_extract::clean_text(t, &raw.hints),
        }
        .expect("article");
        out.push(Doc { id, article });
    }
    out
}

fn gold(path: &Path) -> BTreeMap<String, Vec<Gold>> {
    let mut out: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for line in std::fs::read_to_string(path).expect("gold").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let kind = EntityKind::parse(f[1]).expect("kind");
        let spellings = f[2].split('|').map(|s| s.trim().to_string()).collect();
        out.entry(f[0].to_string()).or_default().push(Gold { kind, spellings });
    }
    out
}

/// (article, name, kind) predictions: as each article gives them, and as the
/// corpus pass resolves them; plus the names split across kinds and the
/// entity count.
type Preds = BTreeSet<(String, String, EntityKind)>;

fn predict(docs: &[Doc]) -> (Preds, Preds, usize, usize, usize) {
    let mut src = InMemory::default();
    let mut summaries = Vec::new();
    let mut article = Preds::new();
    for d in docs {
        let ann = storyline_nlp::annotate(&d.article.text, &d.article.paragraphs, d.article.published);
        for m in &ann.mentions {
            article.insert((d.id.clone(), m.name.clone(), m.kind));
        }
        let f = storyline_corpus::features(&d.article.text);
        summaries.push(DocSummary {
            id: d.id.clone(),
            published: d.article.published,
            outlet: d.article.outlet.clone(),
            title: d.article.title.clone(),
            text_hash: xxhash(&d.article.text),
            minhash: f.minhash,
            lead: f.lead,
        });
        let mentions = ann.mentions.iter().map(MentionSummary::of).collect();
        let quotes = ann
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| QuoteSummary {
                id: format!("{}-{i}", d.id),
                text: q.text.clone(),
                kind: q.kind,
                speaker: q.speaker.clone(),
                speaker_kind: q.speaker_kind,
                said_on: q.said_on,
                repeated: q.repeated,
                start: q.span.start,
            })
            .collect();
        src.push_doc(d.id.clone(), d.article.text.clone(), mentions, quotes);
    }
    let (result, _) = storyline_corpus::run_collect(summaries, &CorpusConfig::default(), &src).expect("corpus pass");
    let entity_kind: BTreeMap<(String, EntityKind), EntityKind> =
        result.names.iter().map(|n| ((n.name.clone(), n.kind), result.entities[n.entity].kind)).collect();
    let corpus: Preds = article
        .iter()
        .map(|(d, n, k)| (d.clone(), n.clone(), entity_kind.get(&(n.clone(), *k)).copied().unwrap_or(*k)))
        .collect();
    let split = |p: &Preds| {
        let mut kinds: BTreeMap<&str, BTreeSet<EntityKind>> = BTreeMap::new();
        for (_, n, k) in p {
            kinds.entry(n).or_default().insert(*k);
        }
        kinds.values().filter(|k| k.len() > 1).count()
    };
    let (sa, sc) = (split(&article), split(&corpus));
    (article, corpus, sa, sc, result.entities.len())
}

/// The analysis's text hash: exact copies share it.
fn xxhash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(storyline_model::normalize_for_hash(text).as_bytes())
}

const KINDS: [EntityKind; 3] = [EntityKind::Person, EntityKind::Org, EntityKind::Place];

/// Prints the scores; returns (matched, right) for the totals.
fn score(
    label: &str,
    preds: &Preds,
    gold: &BTreeMap<String, Vec<Gold>>,
    docs: &[Doc],
    verbose: bool,
) -> (usize, usize) {
    let ids: BTreeSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let (mut matched, mut right) = (0, 0);
    let mut pred_k = [0usize; 3];
    let mut pred_ok = [0usize; 3];
    let mut gold_k = [0usize; 3];
    let mut gold_found = [0usize; 3];
    let ki = |k: EntityKind| KINDS.iter().position(|&x| x == k).unwrap_or(0);
    for (doc, lines) in gold.iter().filter(|(d, _)| ids.contains(d.as_str())) {
        for g in lines {
            gold_k[ki(g.kind)] += 1;
            let found = preds.iter().any(|(d, n, k)| d == doc && *k == g.kind && g.spellings.contains(n));
            if found {
                gold_found[ki(g.kind)] += 1;
            } else if verbose && !preds.iter().any(|(d, n, _)| d == doc && g.spellings.contains(n)) {
                println!("  {label} missed   {doc}: {} ({})", g.spellings[0], g.kind.as_str());
            }
        }
    }
    for (doc, name, kind) in preds {
        pred_k[ki(*kind)] += 1;
        let g = gold.get(doc).and_then(|l| l.iter().find(|g| g.spellings.contains(name)));
        match g {
            Some(g) => {
                matched += 1;
                if g.kind == *kind {
                    right += 1;
                    pred_ok[ki(*kind)] += 1;
                } else if verbose {
                    println!("  {label} wrong    {doc}: {name} as {} (gold {})", kind.as_str(), g.kind.as_str());
                }
            }
            None if verbose => println!("  {label} no gold  {doc}: {name} as {}", kind.as_str()),
            None => {}
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    print!("  {label:<8} kind accuracy {:5.1}% ({right}/{matched})", pct(right, matched));
    for (i, k) in KINDS.iter().enumerate() {
        print!("  {} P {:5.1} R {:5.1}", k.as_str(), pct(pred_ok[i], pred_k[i]), pct(gold_found[i], gold_k[i]));
    }
    println!();
    (matched, right)
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let root = root();
    let gold = gold(&root.join("crates/corpus/tests/data/kinds/gold.tsv"));
    let sets = [
        ("speaker dev set", speaker_set(&root.join("crates/nlp/tests/data/quotes/dev.txt"))),
        ("sample corpus", sample_corpus(&root.join("examples/corpus"))),
    ];
    let lines: usize = gold.values().map(Vec::len).sum();
    println!("gold: {lines} names in {} articles", gold.len());
    let mut totals = [(0, 0); 2];
    for (name, docs) in &sets {
        let (article, corpus, split_a, split_c, entities) = predict(docs);
        println!("{name} ({} articles, {entities} entities)", docs.len());
        let a = score("article", &article, &gold, docs, verbose);
        let c = score("corpus", &corpus, &gold, docs, verbose);
        println!("  names split across kinds: {split_a} as the articles give them, {split_c} after the corpus pass");
        totals[0] = (totals[0].0 + a.0, totals[0].1 + a.1);
        totals[1] = (totals[1].0 + c.0, totals[1].1 + c.1);
    }
    for (label, (m, r)) in ["article", "corpus"].iter().zip(totals) {
        println!("total {label}: kind accuracy {:.1}% ({r}/{m})", 100.0 * r as f64 / m.max(1) as f64);
    }
}
