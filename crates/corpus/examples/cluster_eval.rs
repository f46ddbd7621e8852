//! Event-clustering evaluator over ECB+ (../shared/bench/clustering).
//!
//! Annotates every article (mentions), clusters with the story pass, and
//! writes `id<TAB>cluster` predictions for the bench's `score.py`.
//!
//! cargo run --release -p storyline-corpus --example cluster_eval -- \
//!     ../shared/bench/clustering/ecbplus-dev.jsonl target/cluster-pred.tsv \
//!     [--window DAYS] [--threshold T] [--entity-weight W] [--name-weight W] [--max-fragment N] ...
//!     [--level storyline]   (score the storylines, the first level, instead of the stories)
//!     [--incremental SHARE [--batch N]]   (a full pass over SHARE of the articles in a fixed
//!         shuffled order, then the rest added N at a time (default 50; 0: not added) by the
//!         incremental pass, as a database grows)
//! python3 ../shared/bench/clustering/score.py ../shared/bench/clustering/ecbplus-dev.jsonl target/cluster-pred.tsv

use std::io::{BufRead, Write};
use storyline_corpus::StoryConfig;
use storyline_model::corpus::{DocSummary, MentionSummary};
use storyline_model::{PartialDate, normalize_for_hash};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!(
            "usage: cluster_eval GOLD.jsonl PRED.tsv [--window D] [--threshold T] [--storyline-threshold T] [--event-days D] [--entity-weight W] [--name-boost B] [--max-terms N] [--name-weight W] [--max-fragment N] [--fragment-days D] [--level storyline]"
        );
        std::process::exit(2);
    }
    let mut cfg = StoryConfig::default();
    let mut storylines = false;
    // Incremental: a full pass over this share of the articles (in a fixed
    // shuffled order), then the rest added `batch` at a time.
    let (mut incremental, mut batch): (Option<f64>, usize) = (None, 50);
    let mut i = 3;
    while i + 1 < args.len() {
        match args[i].as_str() {
            "--window" => cfg.window_days = args[i + 1].parse().expect("days"),
            "--threshold" => cfg.threshold = args[i + 1].parse().expect("number"),
            "--event-days" => cfg.event_days = args[i + 1].parse().expect("days"),
            "--storyline-threshold" => cfg.storyline_threshold = args[i + 1].parse().expect("number"),
            "--entity-weight" => cfg.entity_weight = args[i + 1].parse().expect("number"),
            "--name-boost" => cfg.name_boost = args[i + 1].parse().expect("number"),
            "--max-terms" => cfg.max_terms = args[i + 1].parse().expect("number"),
            "--name-weight" => cfg.name_weight = args[i + 1].parse().expect("number"),
            "--max-fragment" => cfg.max_fragment = args[i + 1].parse().expect("number"),
            "--fragment-days" => cfg.fragment_days = args[i + 1].parse().expect("days"),
            "--incremental" => incremental = Some(args[i + 1].parse().expect("share")),
            "--batch" => batch = args[i + 1].parse().expect("number"),
            // Score the first level (storylines) instead of the events.
            "--level" => storylines = args[i + 1] == "storyline",
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    let file = std::io::BufReader::new(std::fs::File::open(&args[1]).expect("gold file"));
    let started = std::time::Instant::now();
    let mut docs = Vec::new();
    let mut texts = storyline_corpus::InMemory::default();
    for line in file.lines() {
        let line = line.unwrap();
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let published = v["date"].as_str().and_then(PartialDate::parse_lenient);
        let ann = storyline_nlp::annotate(&text, &[], published);
        let f = storyline_corpus::features(&text);
        let id = v["id"].as_str().unwrap().to_string();
        docs.push(DocSummary {
            id: id.clone(),
            published,
            outlet: None,
            title: v["title"].as_str().map(str::to_string),
            text_hash: xxhash_rust::xxh3::xxh3_64(normalize_for_hash(&text).as_bytes()),
            minhash: f.minhash,
            lead: f.lead,
        });
        texts.push_doc(id, text, ann.mentions.iter().map(MentionSummary::of).collect(), Vec::new());
    }
    let stories: Vec<storyline_model::corpus::Story> = match incremental {
        None => storyline_corpus::cluster_stories(&docs, &cfg, &texts).unwrap(),
        Some(share) => {
            let key = |id: &str| xxhash_rust::xxh3::xxh3_64(id.as_bytes());
            let mut order: Vec<usize> = (0..docs.len()).collect();
            order.sort_by_key(|&i| key(&docs[i].id));
            let first = (docs.len() as f64 * share).round() as usize;
            let part = |idx: &[usize]| {
                let mut src = storyline_corpus::InMemory::default();
                let mut part = Vec::new();
                for &i in idx {
                    let d = docs[i].clone();
                    let (text, mentions) = texts.doc_parts(&d.id);
                    src.push_doc(d.id.clone(), text, mentions, Vec::new());
                    part.push(d);
                }
                (part, src)
            };
            let corpus_cfg = storyline_corpus::CorpusConfig { stories: cfg.clone(), ..Default::default() };
            let (d0, s0) = part(&order[..first]);
            let mut corpus = storyline_corpus::incremental::MemoryCorpus::new(d0, s0, &corpus_cfg);
            let rest = if batch == 0 { &order[..0] } else { &order[first..] };
            for chunk in rest.chunks(batch.max(1)) {
                let (d, s) = part(chunk);
                corpus.extend(d, s, &corpus_cfg);
            }
            // Copies (not story members) are scored with their original's story.
            let mut stories: Vec<storyline_model::corpus::Story> = corpus.stories().into_iter().cloned().collect();
            let at: std::collections::HashMap<String, usize> =
                stories.iter().enumerate().map(|(k, s)| (s.id.clone(), k)).collect();
            for d in &docs {
                if let Some(&k) = corpus.story_of(&d.id).and_then(|s| at.get(s))
                    && !stories[k].articles.contains(&d.id)
                {
                    stories[k].articles.push(d.id.clone());
                }
            }
            stories
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).expect("pred file"));
    for s in &stories {
        for a in &s.articles {
            writeln!(out, "{a}\t{}", if storylines { &s.storyline } else { &s.id }).unwrap();
        }
    }
    eprintln!(
        "{} documents, {} clusters, {:.2}s ({:.0} docs/s, annotation included)",
        docs.len(),
        stories.len(),
        secs,
        docs.len() as f64 / secs
    );
}
