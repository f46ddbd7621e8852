//! Learn the pair model of nested statements (`quotes::pairing`) from
//! PolNeAR train and write `data/pair_model.tsv`.
//!
//! 1. Run `quotes::find_traced` without a pair model and keep the
//!    statements it holds each time before nesting is settled.
//! 2. Every (outer, inner) pair whose inner cue lies inside the outer
//!    content is an example (once per article): positive when the inner
//!    statement is a gold attribution (the gold's cue on its cue word, its
//!    content covered >= 0.3, the scorer's rule) and the outer one is not.
//! 3. Logistic regression (AdaGrad, L2; `polnear_train::fit`); on
//!    out-of-fold scores (3 folds by article) the threshold with the best
//!    estimated gain (pairs whose inner is right minus pairs whose outer is
//!    right, among the outer statements dropped; averaged over +-0.2);
//!    refit on all and write the weights.
//!
//! Only the train split is read.
//!
//! usage: cargo run --release -p storyline-nlp --example pair_train -- TRAIN.jsonl OUT.tsv

use std::collections::{HashMap, HashSet};
use std::io::Write;
use storyline_model::CharIndex;
#[macro_use]
#[path = "polnear_train/mod.rs"]
mod polnear_train;
use polnear_train::*;
use storyline_nlp::quotes;

/// Weights smaller than this are not written.
const MIN_WEIGHT: f64 = 0.05;
/// Features seen on fewer pairs than this are dropped.
const MIN_COUNT: usize = 5;
const FOLDS: usize = 3;

struct Example {
    doc: usize,
    feats: Vec<usize>,
    /// The inner statement is a gold attribution and the outer one is not.
    label: bool,
    /// The outer statement is a gold attribution.
    outer_right: bool,
}

has_feats!(Example);

/// Whether `st` is a gold attribution: a gold cue on its cue word and its
/// content covering the gold's >= 0.3.
fn is_gold(gold: &[Gold], st: &quotes::Statement, idx: &CharIndex) -> bool {
    let Some(cue) = st.cue.as_ref() else { return false };
    let c = idx.char_of(cue.start);
    let frags: Vec<(usize, usize)> = st.frags.iter().map(|f| (idx.char_of(f.start), idx.char_of(f.end))).collect();
    gold.iter().any(|g| g.cues.iter().any(|&(a, b)| a <= c && c < b) && coverage(g, &frags) >= 0.3)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let train = args.first().cloned().unwrap_or_else(|| "../shared/bench/quotes/train.jsonl".into());
    let out_path = args.get(1).cloned().unwrap_or_else(|| "crates/nlp/data/pair_model.tsv".into());
    let docs = read_docs(&train)?;
    let mut feat_ix: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut examples: Vec<Example> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        let p = parse(&d.text);
        let idx = CharIndex::new(&d.text);
        let ctxs = contexts(&p);
        let mut seen: Vec<Vec<quotes::Statement>> = Vec::new();
        quotes::find_traced(&d.text, &ctxs, &p.para_quotes, &p.found, None, &mut |s| seen.push(s.to_vec()));
        let mut done: HashSet<(usize, usize)> = HashSet::new();
        for out in &seen {
            for (o, i) in quotes::nested_pairs(out) {
                let key = (out[o].cue.as_ref().map_or(0, |c| c.start), out[i].cue.as_ref().map_or(0, |c| c.start));
                if !done.insert(key) {
                    continue;
                }
                let outer_right = is_gold(&d.gold, &out[o], &idx);
                let label = !outer_right && is_gold(&d.gold, &out[i], &idx);
                let mut feats = Vec::new();
                quotes::pair_features(&d.text, &out[o], &out[i], &mut |parts| {
                    let f = parts.concat();
                    let n = names.len();
                    let k = *feat_ix.entry(f.clone()).or_insert(n);
                    if k == n {
                        names.push(f);
                    }
                    feats.push(k);
                });
                examples.push(Example { doc: di, feats, label, outer_right });
            }
        }
    }
    let count = prune_rare(&mut examples, names.len(), MIN_COUNT);
    let pos = examples.iter().filter(|e| e.label).count();
    let outer = examples.iter().filter(|e| e.outer_right).count();
    eprintln!("pairs {}: inner only right {pos}, outer right {outer}; features {}", examples.len(), names.len());

    let epochs = 15;
    let oof = out_of_fold(&examples, names.len(), FOLDS, epochs, |e| e.label);
    let mut curve: Vec<(f64, f64)> = Vec::new();
    eprintln!("out-of-fold: threshold, pairs, inner right, outer right, gain");
    for t10 in (-20..=40).rev() {
        let t = t10 as f64 / 10.0;
        let sel: Vec<&Example> = examples.iter().zip(&oof).filter(|(_, s)| **s >= t).map(|(e, _)| e).collect();
        let good = sel.iter().filter(|e| e.label).count();
        let bad = sel.iter().filter(|e| e.outer_right).count();
        let gain = good as f64 - bad as f64;
        if t10 % 5 == 0 {
            eprintln!("  {t:5.1} {:6} {good:6} {bad:6} {gain:6.0}", sel.len());
        }
        curve.push((t, gain));
    }
    let mut best = (f64::INFINITY, 0.0);
    for k in 0..curve.len() {
        let w = &curve[k.saturating_sub(2)..(k + 3).min(curve.len())];
        let mean = w.iter().map(|x| x.1).sum::<f64>() / w.len() as f64;
        if mean > best.1 {
            best = (curve[k].0, mean);
        }
    }
    let threshold = best.0;
    eprintln!("best out-of-fold threshold {threshold:.1} (mean gain {:.0} pairs)", best.1);

    let all: Vec<&Example> = examples.iter().collect();
    let w = fit(&all, names.len(), epochs, |e| e.label);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out_path)?);
    write_header(
        &mut file,
        "Learned pair model of nested statements (quotes::pairing, lexicon::CueModel format).",
        "pair_train",
        "pair_model.tsv",
        &format!("{} pairs ({pos} inner only right, {outer} outer right).", examples.len()),
        threshold,
    )?;
    let kept = write_weights(&mut file, &names, &w, &count, (MIN_WEIGHT, MIN_COUNT), |_| true)?;
    file.flush()?;
    eprintln!("wrote {out_path}: {kept} weights");
    Ok(())
}
