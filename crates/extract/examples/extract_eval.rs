//! Accuracy and speed of `extract_html` on the shared extraction benchmark.
//!
//! ```text
//! cargo run --release -p storyline-extract --example extract_eval -- [--bench DIR] [--out DIR] [--score]
//!     [--threads N] [--timing FILE] SET...
//! ```
//!
//! For each SET (`scrapinghub`, `wcxb-dev-articles`) reads `DIR/SET/gold.jsonl`
//! and `DIR/SET/html/<id>.html.gz`, runs the extractor with the gold URL as
//! the only hint, writes `OUT/SET.pred.jsonl` ({id, text, title, author,
//! date}) for `score.py`, and prints pages/s on one thread (extraction only,
//! decompression excluded), then on N threads (default: every core; 0
//! skips that pass).
//! `--timing FILE` writes one JSON object per set ({set, pages, failed,
//! secs_one, secs_all, threads}) for `scripts/bench-extract.sh`, which runs
//! trafilatura and rs-trafilatura the same way. With `--score` it also runs
//! `score.py`.
//! `--id ID --debug [--find TEXT]` explains the container choice for one page.
//! `--check-parse` compares the fast tokenizer's tree with html5ever's on
//! every page (identical, left to html5ever, or the first difference).
//! The benchmark data is read in place, never copied.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use storyline_model::Hints;

/// Benchmark pages are a few MB at most; refuse anything absurd.
const MAX_PAGE: u64 = 64 * 1024 * 1024;

fn main() {
    let mut bench = PathBuf::from("/work/shared/bench/extraction");
    let mut out = std::env::temp_dir().join("storyline-extract-eval");
    let mut score = false;
    let mut sets = Vec::new();
    let mut only: Option<String> = None;
    let mut debug = false;
    let mut find: Option<String> = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut timing: Option<PathBuf> = None;
    let mut check_parse = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => bench = args.next().expect("--bench DIR").into(),
            "--out" => out = args.next().expect("--out DIR").into(),
            "--score" => score = true,
            "--id" => only = args.next(),
            "--debug" => debug = true,
            "--find" => find = args.next(),
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()).expect("--threads N"),
            "--timing" => timing = args.next().map(PathBuf::from),
            "--check-parse" => check_parse = true,
            "-h" | "--help" => {
                eprintln!(
                    "usage: extract_eval [--bench DIR] [--out DIR] [--score] [--threads N] [--timing FILE] [--id ID [--debug] [--find TEXT]] [--check-parse] SET..."
                );
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
        let gold = std::fs::File::open(dir.join("gold.jsonl")).expect("open gold.jsonl");
        let mut pages = Vec::new();
        for line in BufReader::new(gold).lines() {
            let line = line.expect("read gold");
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).expect("gold json");
            let id = v["id"].as_str().map(str::to_string).unwrap_or_else(|| v["id"].to_string());
            if only.as_ref().is_some_and(|o| o != &id) {
                continue;
            }
            let url = v["url"].as_str().map(str::to_string);
            let f = std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).expect("open page");
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(f).take(MAX_PAGE).read_to_end(&mut bytes).expect("gunzip page");
            pages.push((id, url, bytes));
        }
        if check_parse {
            // The fast tokenizer against html5ever's on every page.
            let (mut same, mut handed) = (0, 0);
            for (id, _, bytes) in &pages {
                match storyline_extract::html::check_parse(bytes) {
                    Ok(true) => same += 1,
                    Ok(false) => handed += 1,
                    Err(e) => println!("{set}/{id}: trees differ: {e}"),
                }
            }
            println!("{set}: {same} identical trees, {handed} pages left to html5ever's tokenizer");
            continue;
        }
        let pred_path = out.join(format!("{set}.pred.jsonl"));
        let mut pred = std::io::BufWriter::new(std::fs::File::create(&pred_path).expect("create predictions"));
        let mut spent = Duration::ZERO;
        let mut bytes_total = 0usize;
        let mut failures = 0;
        for (id, url, bytes) in &pages {
            let hints = Hints { url: url.clone(), ..Hints::default() };
            if debug {
                eprint!("{}", storyline_extract::html::debug_choice(bytes, find.as_deref()));
            }
            let t = Instant::now();
            let res = storyline_extract::extract_html(bytes, &hints);
            spent += t.elapsed();
            bytes_total += bytes.len();
            let obj = match res {
                Ok(a) => serde_json::json!({
                    "id": id,
                    "text": a.text,
                    "title": a.title,
                    "author": a.author,
                    "date": a.published.map(|d| d.to_string()),
                    "modified": a.modified.map(|d| d.to_string()),
                    "rules": a.rules,
                }),
                Err(e) => {
                    failures += 1;
                    eprintln!("{set}/{id}: {e}");
                    serde_json::json!({"id": id, "text": ""})
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
                    while let Some((_, url, bytes)) = pages.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let hints = Hints { url: url.clone(), ..Hints::default() };
                        let _ = storyline_extract::extract_html(bytes, &hints);
                    }
                });
            }
        });
        let all = t.elapsed().as_secs_f64().max(1e-9);
        let secs = spent.as_secs_f64().max(1e-9);
        // `--threads 0` skips the all-core pass (profiling one pass).
        let all_cores = if threads == 0 {
            String::new()
        } else {
            format!(", {:.1} pages/s on {threads} threads", pages.len() as f64 / all)
        };
        println!(
            "{set}: {} pages, {failures} failed, {:.1} pages/s, {:.1} MB/s (one thread){all_cores} -> {}",
            pages.len(),
            pages.len() as f64 / secs,
            bytes_total as f64 / secs / 1e6,
            pred_path.display()
        );
        if let Some(f) = timing_out.as_mut() {
            let line = serde_json::json!({"set": set, "pages": pages.len(), "failed": failures,
                "secs_one": secs, "secs_all": all, "threads": threads});
            writeln!(f, "{line}").expect("write timing");
        }
        if score {
            let status = std::process::Command::new("python3")
                .arg(bench.join("score.py"))
                .arg(dir.join("gold.jsonl"))
                .arg(&pred_path)
                .status()
                .expect("run score.py");
            if !status.success() {
                eprintln!("score.py failed");
            }
        }
    }
}
