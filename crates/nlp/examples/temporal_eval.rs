//! Accuracy and speed of `time::recognize` on a TempEval-3 style JSONL file.
//!
//! ```text
//! cargo run --release -p storyline-nlp --example temporal_eval -- \
//!     [GOLD.jsonl] [PRED.jsonl]
//! python3 ../shared/bench/temporal/score.py GOLD.jsonl PRED.jsonl
//! ```
//! Defaults: `/work/shared/bench/temporal/train_tbaq.jsonl` and
//! `target/temporal_pred.jsonl`. Gold offsets are code points; the
//! recogniser's byte offsets are converted before writing.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use storyline_nlp::time::recognize;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let gold = args.next().unwrap_or_else(|| "/work/shared/bench/temporal/train_tbaq.jsonl".into());
    let pred = args.next().unwrap_or_else(|| "target/temporal_pred.jsonl".into());
    let reps: usize = std::env::var("TEMPORAL_REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);

    let mut docs = Vec::new();
    for line in BufReader::new(std::fs::File::open(&gold)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let id = json_field(&line, "id").ok_or("doc without id")?;
        let text = json_field(&line, "text").ok_or("doc without text")?;
        let dct = json_field(&line, "dct")
            .and_then(|s| s.get(..10).and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()));
        docs.push((id, text, dct));
    }

    let mut out = BufWriter::new(std::fs::File::create(&pred)?);
    let mut n_timex = 0;
    for (id, text, dct) in &docs {
        let timexes = recognize(text, *dct);
        n_timex += timexes.len();
        let char_at = |b: usize| text[..b].chars().count();
        let items: Vec<String> = timexes
            .iter()
            .map(|t| {
                format!(
                    r#"{{"start":{},"end":{},"type":"{}","value":"{}"}}"#,
                    char_at(t.start),
                    char_at(t.end),
                    t.kind.as_str(),
                    escape(&t.value)
                )
            })
            .collect();
        writeln!(out, r#"{{"id":"{}","timex":[{}]}}"#, escape(id), items.join(","))?;
    }
    out.flush()?;

    // Throughput: whole corpus, several passes.
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let start = Instant::now();
    let mut sink = 0usize;
    for _ in 0..reps {
        for (_, text, dct) in &docs {
            sink += recognize(text, *dct).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (docs.len() * reps) as f64;
    eprintln!(
        "{} docs, {} timexes -> {pred}; {:.0} docs/s, {:.1} MB/s (avg doc {} bytes, {} passes, check {sink})",
        docs.len(),
        n_timex,
        n / secs,
        (bytes * reps) as f64 / secs / 1e6,
        bytes / docs.len().max(1),
        reps
    );
    println!("python3 /work/shared/bench/temporal/score.py {gold} {pred}");
    Ok(())
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

/// The string value of a top-level `"key": "..."` field (minimal JSON
/// reader: enough for the flat bench files, no dependency).
fn json_field(line: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\":");
    let mut from = 0;
    // The first occurrence at nesting depth 1 outside strings.
    let b = line.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b'"' => {
                if depth == 1 && line[i..].starts_with(&pat) {
                    from = i + pat.len();
                    break;
                }
                in_str = true;
            }
            _ => {}
        }
        i += 1;
    }
    if from == 0 {
        return None;
    }
    let rest = line[from..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let mut cp = u32::from_str_radix(&hex, 16).ok()?;
                    if (0xD800..0xDC00).contains(&cp) {
                        // Surrogate pair.
                        let mut look = chars.clone();
                        if look.next() == Some('\\') && look.next() == Some('u') {
                            let lo: String = look.by_ref().take(4).collect();
                            let lo = u32::from_str_radix(&lo, 16).ok()?;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            chars = look;
                        }
                    }
                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
    None
}
