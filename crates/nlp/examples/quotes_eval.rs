//! Quote-attribution evaluator on the PolNeAR sample in ../shared/bench/quotes.
//!
//! Runs `annotate` on every article of `train.jsonl` and `dev.jsonl`, writes
//! predictions in the format of `score.py` (one JSON object per quote piece,
//! pieces of one statement sharing `cue_start`), and prints span P/R/F1 at
//! overlap 0.3 and 0.8, speaker-mention accuracy, recall by kind and
//! articles/s, with the same matching rules as `eval_lib.py`.
//!
//! usage: cargo run --release -p storyline-nlp --example quotes_eval [BENCH_DIR] [OUT_DIR] [SPLIT...]

use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::time::Instant;
use storyline_model::PartialDate;
use storyline_nlp::lexicon;

#[derive(Clone, Debug)]
struct Q {
    frags: Vec<(usize, usize)>,
    kind: String,
    speaker: Option<(usize, usize)>,
    cue: Option<usize>,
    /// Gold only: a word of its cue is a speech cue of the lexicon ("said",
    /// "told", "according to"), not a belief, stance or perception.
    speech: bool,
    /// Predictions only: the class of the cue's first word (`CUE_CLASSES`).
    class: usize,
}

/// How a predicted statement is cued, for precision by cue class.
const CUE_CLASSES: [&str; 6] = ["speech", "belief", "object", "colon", "no cue", "other word"];

fn cue_class(cue: Option<&str>) -> usize {
    let Some(cue) = cue else { return 4 };
    let w = cue.split_whitespace().next().unwrap_or("");
    if w == ":" { 3 } else { word_class(w) }
}

/// A cue word's class in `CUE_CLASSES`: speech ("according" too), belief,
/// object, or a word the lexicon does not know.
fn word_class(w: &str) -> usize {
    if w.eq_ignore_ascii_case("according") {
        return 0;
    }
    match lexicon::cue(w).map(|c| c.class) {
        Some(lexicon::CueClass::Speech) => 0,
        Some(lexicon::CueClass::Belief) => 1,
        Some(lexicon::CueClass::Object) => 2,
        None => 5,
    }
}

fn frag_len(q: &Q) -> usize {
    q.frags.iter().map(|(a, b)| b.saturating_sub(*a)).sum()
}

fn frag_overlap(g: &Q, p: &Q) -> usize {
    let mut s = 0;
    for &(a, b) in &g.frags {
        for &(c, d) in &p.frags {
            s += b.min(d).saturating_sub(a.max(c));
        }
    }
    s
}

fn merge_by_cue(pred: Vec<Q>) -> Vec<Q> {
    let mut out: Vec<Q> = Vec::new();
    for p in pred {
        if let Some(c) = p.cue
            && let Some(g) = out.iter_mut().find(|g| g.cue == Some(c))
        {
            g.frags.extend(p.frags);
            g.frags.sort();
            continue;
        }
        out.push(p);
    }
    out
}

fn match_doc(gold: &[Q], pred: &[Q], theta: f64) -> Vec<(usize, usize)> {
    let mut used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let l = frag_len(g);
        let mut best: Option<(usize, f64)> = None;
        for (pi, p) in pred.iter().enumerate() {
            if used[pi] || l == 0 {
                continue;
            }
            let sc = frag_overlap(g, p) as f64 / l as f64;
            if sc >= theta && sc > 0.0 && best.is_none_or(|(_, b)| sc > b) {
                best = Some((pi, sc));
            }
        }
        if let Some((pi, _)) = best {
            used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs
}

fn prf(tp_p: usize, npred: usize, tp_g: usize, ngold: usize) -> (f64, f64, f64) {
    let p = if npred > 0 { tp_p as f64 / npred as f64 } else { 0.0 };
    let r = if ngold > 0 { tp_g as f64 / ngold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

fn main() -> anyhow_free::Result {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.first().cloned().unwrap_or_else(|| "/work/shared/bench/quotes".into());
    let out_dir = args.get(1).cloned().unwrap_or_else(|| "/tmp/quotes_eval".into());
    let splits: Vec<String> = if args.len() > 2 { args[2..].to_vec() } else { vec!["train".into(), "dev".into()] };
    std::fs::create_dir_all(&out_dir)?;
    for split in splits {
        let path = format!("{bench}/{split}.jsonl");
        let file = std::io::BufReader::new(std::fs::File::open(&path)?);
        let mut docs = Vec::new();
        for line in file.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            docs.push(serde_json::from_str::<Value>(&line)?);
        }
        // Timing pass: annotate only, wall clock and this thread's CPU time
        // (the latter stays meaningful on a loaded machine).
        let inputs: Vec<(&str, Option<PartialDate>)> = docs
            .iter()
            .map(|d| (d["text"].as_str().unwrap_or(""), d["date"].as_str().and_then(PartialDate::parse_lenient)))
            .collect();
        let cpu0 = thread_cpu_ns();
        let w0 = Instant::now();
        for (text, published) in &inputs {
            std::hint::black_box(storyline_nlp::annotate(text, &[], *published));
        }
        let wall = w0.elapsed().as_secs_f64();
        let cpu = thread_cpu_ns().zip(cpu0).map(|(b, a)| (b - a) as f64 / 1e9);
        let cpu_t0 = thread_cpu_ns();
        for (text, published) in &inputs {
            std::hint::black_box(storyline_nlp::time::recognize(text, published.and_then(|p| p.to_naive())));
        }
        let cpu_time = thread_cpu_ns().zip(cpu_t0).map(|(b, a)| (b - a) as f64 / 1e9);
        let pred_path = format!("{out_dir}/{split}.pred.jsonl");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&pred_path)?);
        let (mut n_pred, mut n_gold) = (0usize, 0usize);
        let mut tp = [[0usize; 2]; 2]; // [theta][pred/gold]
        let (mut m_ok, mut m_n) = (0usize, 0usize);
        let kinds = ["direct", "mixed", "indirect"];
        let mut by_kind = [[0usize; 2]; 3]; // [kind][matched, total]
        let mut pred_kind = [0usize; 3];
        let mut by_cue = [[0usize; 2]; 2]; // [speech cue?][matched, total]
        let mut unmatched_pred = 0usize;
        // [predicted cue class][matched a speech attribution, matched another, matched none]
        let mut by_pred_class = [[0usize; 3]; CUE_CLASSES.len()];
        for d in &docs {
            let id = d["id"].as_str().unwrap_or("");
            let text = d["text"].as_str().unwrap_or("");
            let published = d["date"].as_str().and_then(PartialDate::parse_lenient);
            let ann = storyline_nlp::annotate(text, &[], published);
            let mut pred = Vec::new();
            for q in &ann.quotes {
                writeln!(
                    w,
                    "{}",
                    json!({"id": id, "start": q.span.start, "end": q.span.end,
                           "speaker_start": q.speaker_span.map(|s| s.start), "speaker_end": q.speaker_span.map(|s| s.end),
                           "speaker": q.speaker, "cue_start": q.cue_span.map(|s| s.start), "kind": q.kind.as_str(),
                           "text": q.text, "cue": q.cue})
                )?;
                pred.push(Q {
                    frags: vec![(q.span.start, q.span.end)],
                    kind: q.kind.as_str().into(),
                    speaker: q.speaker_span.map(|s| (s.start, s.end)),
                    cue: q.cue_span.map(|s| s.start),
                    speech: false,
                    class: cue_class(q.cue.as_deref()),
                });
            }
            let pred = merge_by_cue(pred);
            for p in &pred {
                if let Some(k) = kinds.iter().position(|k| *k == p.kind) {
                    pred_kind[k] += 1;
                }
            }
            let mut gold = Vec::new();
            for r in d["attributions"].as_array().into_iter().flatten() {
                let frags: Vec<(usize, usize)> = r["content_spans"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| Some((f[0].as_u64()? as usize, f[1].as_u64()? as usize)))
                    .collect();
                if frags.is_empty() {
                    continue;
                }
                let src: Vec<(usize, usize)> = r["source_spans"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| Some((f[0].as_u64()? as usize, f[1].as_u64()? as usize)))
                    .collect();
                gold.push(Q {
                    frags,
                    kind: r["content_type"].as_str().unwrap_or("").into(),
                    speaker: src.first().map(|f| (f.0, src.last().map_or(f.1, |l| l.1))),
                    cue: None,
                    class: 0,
                    speech: r["cue"]
                        .as_str()
                        .unwrap_or("")
                        .split_whitespace()
                        .any(|w| word_class(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()) == 0),
                });
            }
            n_pred += pred.len();
            n_gold += gold.len();
            for (ti, theta) in [0.3, 0.8].into_iter().enumerate() {
                let pairs = match_doc(&gold, &pred, theta);
                tp[ti][0] += pairs.len();
                tp[ti][1] += pairs.len();
                if ti == 0 {
                    unmatched_pred += pred.len() - pairs.len();
                    let mut matched = vec![None; pred.len()];
                    for &(gi, pi) in &pairs {
                        matched[pi] = Some(gold[gi].speech);
                    }
                    for (p, m) in pred.iter().zip(&matched) {
                        by_pred_class[p.class][match m {
                            Some(true) => 0,
                            Some(false) => 1,
                            None => 2,
                        }] += 1;
                    }
                    for &(gi, pi) in &pairs {
                        m_n += 1;
                        let ok = match (gold[gi].speaker, pred[pi].speaker) {
                            (None, None) => true,
                            (Some((a, b)), Some((c, e))) => b.min(e) > a.max(c),
                            _ => false,
                        };
                        m_ok += ok as usize;
                        if let Some(k) = kinds.iter().position(|k| *k == gold[gi].kind) {
                            by_kind[k][0] += 1;
                        }
                        by_cue[usize::from(gold[gi].speech)][0] += 1;
                    }
                    for g in &gold {
                        if let Some(k) = kinds.iter().position(|k| *k == g.kind) {
                            by_kind[k][1] += 1;
                        }
                        by_cue[usize::from(g.speech)][1] += 1;
                    }
                }
            }
        }
        w.flush()?;
        println!("== {split}: {} articles, {n_gold} gold attributions, {n_pred} predicted statements", docs.len());
        for (ti, name) in ["overlap>=0.3", "overlap>=0.8"].iter().enumerate() {
            let (p, r, f) = prf(tp[ti][0], n_pred, tp[ti][1], n_gold);
            println!("span {name}: P {p:.1} R {r:.1} F1 {f:.1}");
        }
        println!("speaker mention accuracy on matched (0.3): {:.1} (n={m_n})", 100.0 * m_ok as f64 / m_n.max(1) as f64);
        for (k, name) in kinds.iter().enumerate() {
            println!(
                "recall {name}: {:.1} ({}/{}), predicted {}",
                100.0 * by_kind[k][0] as f64 / by_kind[k][1].max(1) as f64,
                by_kind[k][0],
                by_kind[k][1],
                pred_kind[k]
            );
        }
        let [other, speech] = by_cue;
        println!(
            "recall by gold cue: speech {:.1} ({}/{}), other (beliefs, stances, perceptions) {:.1} ({}/{})",
            100.0 * speech[0] as f64 / speech[1].max(1) as f64,
            speech[0],
            speech[1],
            100.0 * other[0] as f64 / other[1].max(1) as f64,
            other[0],
            other[1]
        );
        // Speech only, as a set that annotates only speech would score it:
        // a statement matching a belief or stance attribution counts neither
        // way, one matching nothing counts against precision.
        let (p, r, f) = prf(speech[0], speech[0] + unmatched_pred, speech[0], speech[1]);
        println!("span overlap>=0.3 on speech attributions only: P {p:.1} R {r:.1} F1 {f:.1}");
        let classes: Vec<String> = CUE_CLASSES
            .iter()
            .zip(&by_pred_class)
            .filter(|(_, c)| c.iter().sum::<usize>() > 0)
            .map(|(name, [sp, other, none])| format!("{name} {sp}/{other}/{none}"))
            .collect();
        println!("predicted by cue class (matched speech/other/none): {}", classes.join(", "));
        let bytes: usize = inputs.iter().map(|(t, _)| t.len()).sum();
        let n = docs.len() as f64;
        match cpu {
            Some(cpu) => println!(
                "speed: {:.0} articles/s on CPU time ({:.3} s CPU, of which time::recognize {:.3} s); {:.0} articles/s wall ({:.3} s); {:.1} KB/article",
                n / cpu.max(1e-9),
                cpu,
                cpu_time.unwrap_or(0.0),
                n / wall.max(1e-9),
                wall,
                bytes as f64 / 1024.0 / n.max(1.0)
            ),
            None => println!(
                "speed: {:.0} articles/s wall ({:.3} s); {:.1} KB/article",
                n / wall.max(1e-9),
                wall,
                bytes as f64 / 1024.0 / n.max(1.0)
            ),
        }
        println!("predictions: {pred_path}  (python3 {bench}/score.py {path} {pred_path})");
    }
    Ok(())
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat), if available.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

mod anyhow_free {
    pub type Result = std::result::Result<(), Box<dyn std::error::Error>>;
}
