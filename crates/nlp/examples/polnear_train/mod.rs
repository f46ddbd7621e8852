//! What the PolNeAR trainers (`cue_train`, `cand_train`, `pair_train`)
//! share: reading train, the pipeline up to the rules' statements, matching
//! statements to the gold as the scorer does, the logistic regression and
//! the model file's header and vocabulary. Each trainer uses part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::ops::Range;
use storyline_model::CharIndex;
use storyline_nlp::{marks, mentions, quotes, sentences, tokens};

/// One gold attribution: content pieces, source and cue spans (chars).
pub struct Gold {
    pub frags: Vec<(usize, usize)>,
    pub source: Vec<(usize, usize)>,
    pub cues: Vec<(usize, usize)>,
}

pub struct Doc {
    pub id: String,
    pub text: String,
    pub gold: Vec<Gold>,
}

/// Pieces of the rules' statements sharing a cue: the cue offset, the pieces.
pub type Merged = (Option<usize>, Vec<(usize, usize)>);

/// A training example's feature ids and the document it comes from.
pub trait HasFeats {
    fn feats(&self) -> &[usize];
    fn feats_mut(&mut self) -> &mut Vec<usize>;
    fn doc(&self) -> usize;
}

/// [`HasFeats`] for an example struct with `feats: Vec<usize>` and `doc: usize`.
macro_rules! has_feats {
    ($t:ty) => {
        impl HasFeats for $t {
            fn feats(&self) -> &[usize] {
                &self.feats
            }
            fn feats_mut(&mut self) -> &mut Vec<usize> {
                &mut self.feats
            }
            fn doc(&self) -> usize {
                self.doc
            }
        }
    };
}

/// How often each of `nfeat` features occurs; features seen fewer than
/// `min` times are dropped from every example (the counts are returned
/// as they were before dropping).
pub fn prune_rare<E: HasFeats>(examples: &mut [E], nfeat: usize, min: usize) -> Vec<usize> {
    let mut count = vec![0usize; nfeat];
    for e in examples.iter() {
        for &f in e.feats() {
            count[f] += 1;
        }
    }
    for e in examples.iter_mut() {
        e.feats_mut().retain(|&f| count[f] >= min);
    }
    count
}

/// Each example's score from a model fit on the other folds (documents
/// split by index modulo `folds`), for choosing a threshold honestly.
pub fn out_of_fold<E: HasFeats>(
    examples: &[E],
    nfeat: usize,
    folds: usize,
    epochs: usize,
    target: fn(&E) -> bool,
) -> Vec<f64> {
    let mut oof = vec![0.0; examples.len()];
    for fold in 0..folds {
        let tr: Vec<&E> = examples.iter().filter(|e| e.doc() % folds != fold).collect();
        let w = fit(&tr, nfeat, epochs, target);
        for (k, e) in examples.iter().enumerate() {
            if e.doc() % folds == fold {
                oof[k] = e.feats().iter().map(|&f| w[f]).sum();
            }
        }
    }
    oof
}

/// The articles of a PolNeAR JSONL file with their gold attributions.
pub fn read_docs(path: &str) -> Result<Vec<Doc>, Box<dyn std::error::Error>> {
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let d: Value = serde_json::from_str(&line)?;
        let gold = d["attributions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| Gold {
                frags: spans(&r["content_spans"]),
                source: spans(&r["source_spans"]),
                cues: spans(&r["cue_spans"]),
            })
            .filter(|g| !g.frags.is_empty())
            .collect();
        docs.push(Doc {
            id: d["id"].as_str().unwrap_or("").to_string(),
            text: d["text"].as_str().unwrap_or("").to_string(),
            gold,
        });
    }
    Ok(docs)
}

pub fn spans(v: &Value) -> Vec<(usize, usize)> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| Some((f[0].as_u64()? as usize, f[1].as_u64()? as usize)))
        .collect()
}

pub fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

pub fn coverage(g: &Gold, frags: &[(usize, usize)]) -> f64 {
    let len: usize = g.frags.iter().map(|f| f.1.saturating_sub(f.0)).sum();
    if len == 0 {
        return 0.0;
    }
    let ov: usize = g.frags.iter().flat_map(|&a| frags.iter().map(move |&b| overlap(a, b))).sum();
    ov as f64 / len as f64
}

/// The pipeline of `storyline_nlp::annotate` up to the rules' statements.
pub struct Parsed {
    pub sents: Vec<Range<usize>>,
    pub sent_para: Vec<usize>,
    pub toks: Vec<Vec<tokens::Tok>>,
    pub para_quotes: Vec<Vec<marks::Quoted>>,
    pub found: mentions::Mentions,
}

pub fn parse(text: &str) -> Parsed {
    let mut paras = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i > start {
            paras.push(start..i);
        }
        start = i + 2;
    }
    if start < text.len() {
        paras.push(start..text.len());
    }
    let mut para_quotes = Vec::new();
    let mut sents = Vec::new();
    let mut sent_para = Vec::new();
    for (pi, r) in paras.iter().enumerate() {
        let q = marks::find(text, r.start, r.end);
        let before = sents.len();
        sentences::split_paragraph(text, r.start, r.end, &q, &mut sents);
        sent_para.extend(std::iter::repeat_n(pi, sents.len() - before));
        para_quotes.push(q);
    }
    let toks: Vec<Vec<tokens::Tok>> = sents.iter().map(|r| tokens::tokenize(text, r.start, r.end)).collect();
    let found = mentions::find(text, &sents, &toks);
    Parsed { sents, sent_para, toks, para_quotes, found }
}

/// Statements merged by cue, as the scorer does.
pub fn merge_by_cue(statements: &[quotes::Statement], idx: &CharIndex) -> Vec<Merged> {
    let mut merged: Vec<Merged> = Vec::new();
    for st in statements {
        let fr: Vec<(usize, usize)> = st.frags.iter().map(|f| (idx.char_of(f.start), idx.char_of(f.end))).collect();
        let c = st.cue.as_ref().map(|c| c.start);
        match merged.iter_mut().find(|m| c.is_some() && m.0 == c) {
            Some(m) => m.1.extend(fr),
            None => merged.push((c, fr)),
        }
    }
    merged
}

/// Which gold attributions the statements match (greedy, overlap >= 0.3).
pub fn match_rules(gold: &[Gold], statements: &[quotes::Statement], idx: &CharIndex) -> Vec<bool> {
    let merged = merge_by_cue(statements, idx);
    let mut used = vec![false; merged.len()];
    let mut matched = vec![false; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        let best = (0..merged.len())
            .filter(|&k| !used[k])
            .map(|k| (k, coverage(g, &merged[k].1)))
            .filter(|&(_, s)| s >= 0.3)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((k, _)) = best {
            used[k] = true;
            matched[gi] = true;
        }
    }
    matched
}

pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Logistic regression with AdaGrad and L2, deterministic order.
pub fn fit<E: HasFeats>(examples: &[&E], nfeat: usize, epochs: usize, target: fn(&E) -> bool) -> Vec<f64> {
    let mut w = vec![0.0; nfeat];
    let mut g2 = vec![1e-8; nfeat];
    let (lr, l2) = (0.1, 1e-3);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        for &e in &order {
            let ex = examples[e];
            let z: f64 = ex.feats().iter().map(|&f| w[f]).sum();
            let g = sigmoid(z) - if target(ex) { 1.0 } else { 0.0 };
            for &f in ex.feats() {
                let gf = g + l2 * w[f];
                g2[f] += gf * gf;
                w[f] -= lr * gf / g2[f].sqrt();
            }
        }
    }
    w
}

/// The sentence contexts `quotes` works on, from a parsed text.
pub fn contexts(p: &Parsed) -> Vec<quotes::SentenceCtx<'_>> {
    p.sents
        .iter()
        .zip(&p.sent_para)
        .zip(&p.toks)
        .map(|((r, &pi), t)| quotes::SentenceCtx { range: r.clone(), paragraph: pi, toks: t })
        .collect()
}

/// A model file's header: what it is, the command that made it (the
/// example `trainer` writing `model`), `what_from` (the counts it learned
/// from) and the threshold.
pub fn write_header(
    file: &mut impl Write,
    what: &str,
    trainer: &str,
    model: &str,
    what_from: &str,
    threshold: f64,
) -> std::io::Result<()> {
    writeln!(file, "# {what}")?;
    writeln!(file, "# Generated from PolNeAR train only by:")?;
    writeln!(
        file,
        "#   cargo run --release -p storyline-nlp --example {trainer} -- ../shared/bench/quotes/train.jsonl crates/nlp/data/{model}"
    )?;
    writeln!(file, "# {what_from}")?;
    writeln!(file, "@threshold {threshold:.2}")
}

/// Stems none of whose train sites score within `margin` of the threshold
/// are not worth a look at run time: the rest of `vocab`, sorted.
pub fn stems_near_threshold<'v, E: HasFeats>(
    examples: &[E],
    stem: impl Fn(&E) -> &str,
    w: &[f64],
    vocab: &'v HashSet<String>,
    threshold: f64,
    margin: f64,
) -> Vec<&'v String> {
    let mut top: HashMap<&str, f64> = HashMap::new();
    for e in examples {
        let z: f64 = e.feats().iter().map(|&f| w[f]).sum();
        let t = top.entry(stem(e)).or_insert(f64::NEG_INFINITY);
        *t = t.max(z);
    }
    let mut v: Vec<&String> =
        vocab.iter().filter(|s| top.get(s.as_str()).is_some_and(|&z| z >= threshold - margin)).collect();
    eprintln!("vocabulary kept: {} of {}", v.len(), vocab.len());
    v.sort();
    v
}

/// The vocabulary: stems of lowercase words (at least `min_len` bytes) that
/// lie inside a gold cue — `in_cue(doc index, char start, char end)` — at
/// least `min_cue` times and at a rate of at least `min_rate`.
pub fn cue_vocabulary(
    docs: &[Doc],
    parsed: &[Parsed],
    min_len: usize,
    min_cue: usize,
    min_rate: f64,
    in_cue: impl Fn(usize, usize, usize) -> bool,
) -> HashSet<String> {
    let mut occ: HashMap<String, (usize, usize)> = HashMap::new();
    for (di, (d, p)) in docs.iter().zip(parsed).enumerate() {
        let idx = CharIndex::new(&d.text);
        for t in p.toks.iter().flatten() {
            let w = t.text(&d.text);
            if !t.is_word() || !w.as_bytes()[0].is_ascii_lowercase() || w.len() < min_len {
                continue;
            }
            let e = occ.entry(storyline_nlp::lexicon::cue_stem(w).to_string()).or_default();
            e.0 += 1;
            e.1 += in_cue(di, idx.char_of(t.start), idx.char_of(t.end)) as usize;
        }
    }
    let vocab: HashSet<String> = occ
        .iter()
        .filter(|&(_, &(n, c))| c >= min_cue && c as f64 >= min_rate * n as f64)
        .map(|(s, _)| s.clone())
        .collect();
    eprintln!("stems {}, vocabulary {}", occ.len(), vocab.len());
    vocab
}

/// Writes the weights of `names` worth keeping (|weight| >= `min_weight`,
/// seen `min_count` times, and `keep`), sorted by name; returns how many.
pub fn write_weights(
    file: &mut impl Write,
    names: &[String],
    w: &[f64],
    count: &[usize],
    (min_weight, min_count): (f64, usize),
    keep: impl Fn(&str) -> bool,
) -> std::io::Result<usize> {
    let kept: BTreeMap<&str, f64> = names
        .iter()
        .enumerate()
        .filter(|&(k, n)| w[k].abs() >= min_weight && count[k] >= min_count && keep(n))
        .map(|(k, n)| (n.as_str(), w[k]))
        .collect();
    for (n, a) in &kept {
        writeln!(file, "{n}\t{a:.2}")?;
    }
    Ok(kept.len())
}
