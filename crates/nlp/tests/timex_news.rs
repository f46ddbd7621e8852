//! Time expressions in fictional newswire (`data/timex/newswire.txt`): what a
//! reader of a timeline notices when a wire story's "Friday", "that night" or
//! "the same period last year" lands on the wrong date.
//!
//! One `check()` runs every passage against its expectations and reports all
//! failures at once.

use chrono::NaiveDate;
use storyline_nlp::time::recognize;

const DATA: &str = include_str!("data/timex/newswire.txt");

/// One passage: its DCT, text and expected (span, type, value), or a span
/// that must not be a time expression (`None`).
struct Passage {
    line: usize,
    dct: NaiveDate,
    text: String,
    want: Vec<(String, Option<(String, String)>)>,
}

fn parse() -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for (n, line) in DATA.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(head) = line.strip_prefix("@@ ") {
            let dct = head.split('|').next().unwrap_or("").trim();
            let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
            out.push(Passage { line: n + 1, dct, text: String::new(), want: Vec::new() });
            continue;
        }
        let p = out.last_mut().unwrap_or_else(|| panic!("line {}: text before the first @@", n + 1));
        if let Some(w) = line.strip_prefix("> ") {
            if let Some(span) = w.strip_prefix('!') {
                p.want.push((span.to_string(), None));
                continue;
            }
            let parts: Vec<&str> = w.split(" | ").collect();
            assert_eq!(parts.len(), 3, "line {}: want SPAN | TYPE | VALUE", n + 1);
            p.want.push((parts[0].to_string(), Some((parts[1].to_string(), parts[2].to_string()))));
        } else {
            if !p.text.is_empty() {
                p.text.push('\n');
            }
            p.text.push_str(line);
        }
    }
    out
}

/// Every expectation of every passage; panics listing all that fail.
fn check(passages: &[Passage]) {
    let mut failures = Vec::new();
    let mut n = 0;
    for p in passages {
        let got: Vec<(&str, &str, String)> = recognize(&p.text, Some(p.dct))
            .into_iter()
            .map(|t| (&p.text[t.start..t.end], t.kind.as_str(), t.value))
            .collect();
        for (span, want) in &p.want {
            n += 1;
            assert!(p.text.contains(span.as_str()), "passage at line {}: {span:?} is not in the text", p.line);
            let ok = match want {
                Some((ty, value)) => got.iter().any(|(s, k, v)| s == span && k == ty && v == value),
                None => !got.iter().any(|(s, _, _)| s == span),
            };
            if !ok {
                let want = want.as_ref().map_or("nothing".to_string(), |(t, v)| format!("{t} {v}"));
                failures.push(format!("passage at line {}: {span:?} want {want}; got {got:?}", p.line));
            }
        }
    }
    assert!(n > 0, "no expectations read");
    assert!(failures.is_empty(), "{} of {n} expectations failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn newswire_passages() {
    let passages = parse();
    assert!(passages.len() >= 10, "expected the whole fixture, read {} passages", passages.len());
    check(&passages);
}
