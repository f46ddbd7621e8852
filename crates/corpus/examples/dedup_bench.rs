//! Near-duplicate benchmark on a generated corpus: N articles of made-up
//! words with 5% planted copies (disclaimer appended, a sentence dropped,
//! words changed, the end truncated). Reports the dedup pass's time and the
//! precision/recall of copy pairs; `--dump DIR` writes the corpus and gold
//! pairs for the datasketch peer (scripts/datasketch_dedup.py).
//!
//! cargo run --release -p storyline-corpus --example dedup_bench -- 1000000 [--dump target/bench/dedup]

use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use storyline_model::corpus::DocSummary;
use storyline_model::normalize_for_hash;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn word(rng: &mut Rng) -> String {
    const SYL: [&str; 16] =
        ["ka", "lo", "ri", "mes", "tan", "vo", "shi", "ber", "ul", "den", "fa", "gor", "pi", "que", "sa", "tor"];
    // Zipf-ish: most words short and frequent, some long and rare.
    let n = 1 + rng.below(3) + (rng.below(4) == 0) as usize;
    (0..n).map(|_| SYL[rng.below(if n == 1 { 6 } else { 16 })]).collect()
}

fn article(rng: &mut Rng) -> Vec<String> {
    (0..8 + rng.below(8))
        .map(|_| {
            let mut s: Vec<String> = (0..10 + rng.below(14)).map(|_| word(rng)).collect();
            s[0] = {
                let mut c = s[0].chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            };
            s.join(" ") + "."
        })
        .collect()
}

/// The summary the store would hold: the signature is the part of the
/// per-article features (`storyline_corpus::features`) that dedup reads.
fn doc(id: &str, text: &str, text_hash: u64) -> DocSummary {
    DocSummary {
        id: id.to_string(),
        published: None,
        outlet: None,
        title: None,
        text_hash,
        minhash: storyline_corpus::dedup::signature(text).map(|s| s.to_vec()).unwrap_or_default(),
        lead: String::new(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).cloned();
    let mut rng = Rng(42);
    let t = std::time::Instant::now();
    let mut bodies: Vec<Vec<String>> = Vec::with_capacity(n);
    let mut gold: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if i > 10 && rng.below(20) == 0 {
            let src = rng.below(i);
            let mut s = bodies[src].clone();
            match rng.below(4) {
                0 => s.push(
                    "Legal disclaimer: this content is provided as is without warranty of any kind by the syndicator."
                        .into(),
                ),
                1 => {
                    let k = rng.below(s.len());
                    s.remove(k);
                }
                2 => {
                    for _ in 0..3 {
                        let k = rng.below(s.len());
                        s[k] = s[k].replacen(' ', " revised ", 1);
                    }
                }
                _ => {
                    let keep = s.len().saturating_sub(2).max(4);
                    s.truncate(keep);
                }
            }
            gold.push((i, src));
            bodies.push(s);
        } else {
            bodies.push(article(&mut rng));
        }
    }
    let joined: Vec<String> = bodies.iter().map(|b| b.join(" ")).collect();
    drop(bodies);
    // The exact-copy hash comes with every article (as before, not timed).
    let hashes: Vec<u64> =
        joined.par_iter().map(|t| xxhash_rust::xxh3::xxh3_64(normalize_for_hash(t).as_bytes())).collect();
    eprintln!("generated {n} articles ({} planted copies) in {:.1?}", gold.len(), t.elapsed());

    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).unwrap();
        let mut f = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/docs.jsonl")).unwrap());
        for (i, text) in joined.iter().enumerate() {
            writeln!(f, "{}", serde_json::json!({"id": format!("{i:08}"), "text": text})).unwrap();
        }
        let mut g = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/gold.tsv")).unwrap());
        for (c, s) in &gold {
            writeln!(g, "{:08}\t{:08}", c, s).unwrap();
        }
    }

    // Signatures are computed per article at analysis time (in parallel, as
    // the pipeline's workers do); the time below counts them with the pass.
    let t = std::time::Instant::now();
    let docs: Vec<DocSummary> =
        joined.par_iter().zip(&hashes).enumerate().map(|(i, (text, &h))| doc(&format!("{i:08}"), text, h)).collect();
    let sig_secs = t.elapsed().as_secs_f64();
    // The texts stay reachable, as in the store, for the outlet-credit check.
    let texts = storyline_corpus::InMemory::new(docs.iter().map(|d| d.id.clone()).zip(joined));
    if args.iter().any(|a| a == "--phases") {
        eprintln!("  signatures (per-article features): {sig_secs:.2}s");
        let sigs: Vec<_> =
            docs.iter().map(|d| <storyline_corpus::dedup::Signature>::try_from(d.minhash.as_slice()).ok()).collect();
        let t = std::time::Instant::now();
        let cands = storyline_corpus::dedup::candidate_pairs(&sigs);
        eprintln!("  candidate pairs ({}): {:.2?}", cands.len(), t.elapsed());
    }
    let t = std::time::Instant::now();
    let pairs = storyline_corpus::dedup::duplicates(&docs, &texts).unwrap();
    let secs = sig_secs + t.elapsed().as_secs_f64();

    // Families: a planted copy and its source (transitively) share one root.
    let mut root: Vec<usize> = (0..n).collect();
    for &(c, s) in &gold {
        root[c] = root[s];
    }
    let idx = |id: &str| id.parse::<usize>().unwrap();
    let correct = pairs.iter().filter(|(c, o)| root[idx(c)] == root[idx(o)]).count();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (c, o) in &pairs {
        group_of.insert(idx(c), idx(o));
    }
    let rep = |i: usize| group_of.get(&i).copied().unwrap_or(i);
    let found = gold.iter().filter(|&&(c, s)| rep(c) == rep(s)).count();
    let precision = correct as f64 / pairs.len().max(1) as f64;
    let recall = found as f64 / gold.len().max(1) as f64;
    println!(
        "storyline dedup: {n} articles in {secs:.2} s ({:.0} articles/s, {} threads); {} copy pairs, precision {precision:.4}, recall {recall:.4}",
        n as f64 / secs,
        rayon::current_num_threads(),
        pairs.len()
    );
}
