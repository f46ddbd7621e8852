//! rs-trafilatura (crates.io) over the shared extraction benchmark, as a peer
//! for storyline's `extract_eval`: the same pages, the same prediction format
//! for `score.py`, the same timing rules (extraction only, pages already
//! decompressed in memory; one thread, then every core).
//!
//! ```text
//! rs-trafilatura-peer [--bench DIR] [--out DIR] [--threads N] [--timing FILE] SET...
//! ```
//!
//! Writes `OUT/SET.pred.jsonl` ({id, text, title, author, date}) and, with
//! `--timing`, one JSON object per set: {set, pages, failed, secs_one,
//! secs_all, threads}. Options are the crate's defaults plus the page URL,
//! as a user would call it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const MAX_PAGE: u64 = 64 * 1024 * 1024;

struct Page {
    id: String,
    url: Option<String>,
    bytes: Vec<u8>,
}

fn main() {
    let mut bench = PathBuf::from("/work/shared/bench/extraction");
    let mut out = std::env::temp_dir().join("rs-trafilatura-eval");
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut timing: Option<PathBuf> = None;
    let mut sets = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => bench = args.next().expect("--bench DIR").into(),
            "--out" => out = args.next().expect("--out DIR").into(),
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()).expect("--threads N"),
            "--timing" => timing = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                eprintln!("usage: rs-trafilatura-peer [--bench DIR] [--out DIR] [--threads N] [--timing FILE] SET...");
                return;
            }
            _ => sets.push(a),
        }
    }
    if sets.is_empty() {
        sets = vec!["scrapinghub".into(), "wcxb-dev-articles".into()];
    }
    std::fs::create_dir_all(&out).expect("create output dir");
    let mut timing_out = timing.map(|p| std::fs::File::create(p).expect("create timing file"));
    for set in sets {
        let dir = bench.join(&set);
        let pages = load(&dir);
        let options = |p: &Page| rs_trafilatura::Options { url: p.url.clone(), ..rs_trafilatura::Options::default() };

        // One thread: every page in order, predictions kept.
        let pred_path = out.join(format!("{set}.pred.jsonl"));
        let mut pred = std::io::BufWriter::new(std::fs::File::create(&pred_path).expect("create predictions"));
        let mut spent = Duration::ZERO;
        let mut failed = 0;
        for p in &pages {
            let opts = options(p);
            let t = Instant::now();
            let res = rs_trafilatura::extract_bytes_with_options(&p.bytes, &opts);
            spent += t.elapsed();
            let obj = match res {
                Ok(r) => serde_json::json!({
                    "id": p.id,
                    "text": r.content_text,
                    "title": r.metadata.title,
                    "author": r.metadata.author,
                    "date": r.metadata.date.map(|d| d.format("%Y-%m-%d").to_string()),
                }),
                Err(e) => {
                    failed += 1;
                    eprintln!("{set}/{}: {e}", p.id);
                    serde_json::json!({"id": p.id, "text": ""})
                }
            };
            writeln!(pred, "{obj}").expect("write prediction");
        }
        pred.flush().expect("flush predictions");

        // Every core: workers pull the next page index, results dropped.
        let next = AtomicUsize::new(0);
        let t = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = pages.get(i) else { break };
                        let _ = rs_trafilatura::extract_bytes_with_options(&p.bytes, &options(p));
                    }
                });
            }
        });
        let all = t.elapsed();
        let one = spent.as_secs_f64().max(1e-9);
        println!(
            "rs-trafilatura {set}: {} pages, {failed} failed, {:.1} pages/s one thread, {:.1} pages/s on {threads} threads -> {}",
            pages.len(),
            pages.len() as f64 / one,
            pages.len() as f64 / all.as_secs_f64().max(1e-9),
            pred_path.display()
        );
        if let Some(f) = timing_out.as_mut() {
            let line = serde_json::json!({"set": set, "pages": pages.len(), "failed": failed,
                "secs_one": one, "secs_all": all.as_secs_f64(), "threads": threads});
            writeln!(f, "{line}").expect("write timing");
        }
    }
}

/// Gold ids and URLs, and each page decompressed into memory.
fn load(dir: &std::path::Path) -> Vec<Page> {
    let gold = std::fs::File::open(dir.join("gold.jsonl")).expect("open gold.jsonl");
    let mut pages = Vec::new();
    for line in BufReader::new(gold).lines() {
        let line = line.expect("read gold");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("gold json");
        let id = v["id"].as_str().map(str::to_string).unwrap_or_else(|| v["id"].to_string());
        let url = v["url"].as_str().map(str::to_string);
        let f = std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).expect("open page");
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(f).take(MAX_PAGE).read_to_end(&mut bytes).expect("gunzip page");
        pages.push(Page { id, url, bytes });
    }
    pages
}
