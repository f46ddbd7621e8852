//! Event-clustering evaluator over ECB+ (../shared/bench/clustering).
//!
//! Annotates every article (mentions), clusters with the story pass, and
//! writes `id<TAB>cluster` predictions for the bench's `score.py`.
//!
//! cargo run --release -p storyline-corpus --example cluster_eval -- \
//!     ../shared/bench/clustering/ecbplus-dev.jsonl target/cluster-pred.tsv \
//!     [--window DAYS] [--threshold T] [--entity-weight W] [--name-weight W] [--max-fragment N] ...
//!     [--level storyline]   (score the storylines, the first level, instead of the stories)
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
    let stories = storyline_corpus::cluster_stories(&docs, &cfg, &texts).unwrap();
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
