//! How often is a statement's `said_on` right?
//!
//! Two sources of gold:
//!
//! - **passages** (default): the fictional passage sets in
//!   `crates/nlp/tests/data/statement_dates/` (`dev.txt` for tuning,
//!   `heldout.txt` written before tuning and only measured). Each passage is
//!   run through [`storyline_nlp::annotate`] with its DCT; each gold statement
//!   is found by an anchor phrase inside the reported quote.
//! - **corpus**: the sample corpus answer key `examples/EXPECTED.md` against
//!   the `quotes` and `articles` listings of a database built from
//!   `examples/corpus` (statements matched by word overlap with the key's text).
//!
//! ```text
//! cargo run --release -p storyline-nlp --example statement_dates_eval -- [-v] [passages [FILE...]]
//! storyline analyze examples/corpus --db /tmp/s.db
//! storyline quotes --db /tmp/s.db --format jsonl --all > /tmp/q.jsonl
//! storyline articles --db /tmp/s.db --format jsonl --all > /tmp/a.jsonl
//! cargo run --release -p storyline-nlp --example statement_dates_eval -- [-v] corpus examples/EXPECTED.md /tmp/q.jsonl /tmp/a.jsonl
//! ```
//!
//! `STATEMENT_DATES_DEBUG=1` prints every passage's quotes and timexes.
//!
//! Scoring: a gold day, month or year must be matched exactly; a range
//! ("last week") accepts any day inside it or the most precise partial date
//! containing it; `pub` (the text does not date the saying) wants the
//! publication date marked as such. "Determined" statements are those whose
//! text fixes the date (everything but `pub`/`null`); the acceptance figure is
//! accuracy over determined statements, a statement the quote finder missed
//! counting as wrong. Accuracy over found statements is printed too.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use storyline_model::{DateBasis, PartialDate};

/// What the gold accepts.
#[derive(Clone, Debug)]
enum Gold {
    /// Exactly this (partial) date.
    Date(PartialDate),
    /// Any day in the range, or the tightest partial date containing it.
    Range(NaiveDate, NaiveDate),
    /// The text does not date it: the publication date marked `Published`
    /// (or, in the corpus key, null).
    Undated,
}

#[derive(Clone, Debug)]
struct GoldStatement {
    doc: String,
    /// Passage sets: an anchor phrase; corpus: the key's (abridged) text.
    text: String,
    accept: Vec<Gold>,
}

impl GoldStatement {
    fn determined(&self) -> bool {
        !self.accept.iter().any(|g| matches!(g, Gold::Undated))
    }
}

/// One predicted statement piece.
#[derive(Clone, Debug)]
struct Pred {
    text: String,
    said_on: Option<PartialDate>,
    basis: Option<DateBasis>,
}

#[derive(Default)]
struct Score {
    n: usize,
    found: usize,
    right: usize,
    det_n: usize,
    det_found: usize,
    det_right: usize,
    errors: Vec<String>,
}

impl Score {
    fn add(&mut self, g: &GoldStatement, p: Option<&Pred>, published: Option<NaiveDate>) {
        let det = g.determined();
        self.n += 1;
        self.det_n += usize::from(det);
        let Some(p) = p else {
            self.errors.push(format!("{} MISSED \"{}\"", g.doc, g.text));
            return;
        };
        self.found += 1;
        self.det_found += usize::from(det);
        let ok = g.accept.iter().any(|a| accepts(a, p, published));
        if ok {
            self.right += 1;
            self.det_right += usize::from(det);
        } else {
            self.errors.push(format!(
                "{} WRONG \"{}\": gold {:?}, got {} ({:?})",
                g.doc,
                g.text,
                g.accept,
                p.said_on.map_or("null".into(), |d| d.to_string()),
                p.basis
            ));
        }
    }

    fn print(&self, name: &str, verbose: bool) {
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
        println!(
            "{name}: {} statements ({} determined by the text), found {}/{}",
            self.n, self.det_n, self.found, self.n
        );
        println!(
            "  determined: right {}/{} = {:.1}% (of found: {}/{} = {:.1}%)",
            self.det_right,
            self.det_n,
            pct(self.det_right, self.det_n),
            self.det_right,
            self.det_found,
            pct(self.det_right, self.det_found)
        );
        println!(
            "  all:        right {}/{} = {:.1}% (of found: {}/{} = {:.1}%)",
            self.right,
            self.n,
            pct(self.right, self.n),
            self.right,
            self.found,
            pct(self.right, self.found)
        );
        if verbose {
            for e in &self.errors {
                println!("    {e}");
            }
        }
    }
}

fn accepts(g: &Gold, p: &Pred, published: Option<NaiveDate>) -> bool {
    match g {
        Gold::Date(d) => p.said_on == Some(*d),
        Gold::Range(a, b) => {
            let Some(s) = p.said_on else { return false };
            if let Some(day) = s.to_naive()
                && s.day().is_some()
            {
                return *a <= day && day <= *b;
            }
            s == tightest(*a, *b)
        }
        Gold::Undated => match (p.said_on, published) {
            (None, _) => true,
            (Some(s), Some(pubd)) => s == PartialDate::from_naive(pubd) && p.basis == Some(DateBasis::Published),
            (Some(_), None) => false,
        },
    }
}

/// The most precise partial date that contains every day of `a..=b`.
fn tightest(a: NaiveDate, b: NaiveDate) -> PartialDate {
    use chrono::Datelike;
    if a == b {
        PartialDate::from_naive(a)
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        PartialDate::ym(a.year(), a.month()).unwrap_or(PartialDate::from_naive(a))
    } else {
        PartialDate::y(a.year()).unwrap_or(PartialDate::from_naive(a))
    }
}

fn parse_gold(s: &str) -> Result<Gold, String> {
    let s = s.trim();
    if s == "pub" || s == "null" {
        return Ok(Gold::Undated);
    }
    if let Some((a, b)) = s.split_once("..") {
        let day = |x: &str| NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").map_err(|e| format!("{x}: {e}"));
        return Ok(Gold::Range(day(a)?, day(b)?));
    }
    s.parse::<PartialDate>().map(Gold::Date).map_err(|e| format!("{s}: {e}"))
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(|w| w.to_lowercase()).collect()
}

fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['\u{201C}', '\u{201D}'], "\"")
}

// ---------- passages ----------

struct Passage {
    id: String,
    dct: NaiveDate,
    text: String,
    gold: Vec<GoldStatement>,
}

fn read_passages(path: &Path) -> Result<Vec<Passage>, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out: Vec<Passage> = Vec::new();
    for (ln, line) in src.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), ln + 1);
        if let Some(head) = line.strip_prefix("@@") {
            let parts: Vec<&str> = head.split('|').map(str::trim).collect();
            let [id, dct, ..] = parts[..] else { return Err(format!("{}: want `@@ id | dct | outlet`", at())) };
            let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").map_err(|e| format!("{}: {e}", at()))?;
            out.push(Passage { id: id.to_string(), dct, text: String::new(), gold: Vec::new() });
        } else if let Some(g) = line.strip_prefix('>') {
            let p = out.last_mut().ok_or_else(|| format!("{}: gold before any passage", at()))?;
            let (anchor, gold) = g.split_once("=>").ok_or_else(|| format!("{}: want `> anchor => gold`", at()))?;
            let gold = parse_gold(gold).map_err(|e| format!("{}: {e}", at()))?;
            p.gold.push(GoldStatement { doc: p.id.clone(), text: anchor.trim().to_string(), accept: vec![gold] });
        } else if line.starts_with('#') && out.last().is_none_or(|p| p.text.is_empty()) {
            continue;
        } else if let Some(p) = out.last_mut() {
            if p.gold.is_empty() {
                p.text.push_str(line);
                p.text.push('\n');
            } else if !line.trim().is_empty() {
                return Err(format!("{}: text after the gold lines", at()));
            }
        }
    }
    for p in &mut out {
        p.text = p.text.trim().to_string();
        for g in &p.gold {
            if !norm_ws(&p.text).contains(&norm_ws(&g.text)) {
                return Err(format!("{}: {}: anchor not in the text: {}", path.display(), p.id, g.text));
            }
        }
    }
    Ok(out)
}

fn eval_passages(files: &[PathBuf], verbose: bool) -> Result<(), String> {
    let debug = std::env::var_os("STATEMENT_DATES_DEBUG").is_some();
    for f in files {
        let passages = read_passages(f)?;
        let mut score = Score::default();
        for p in &passages {
            let ann = storyline_nlp::annotate(&p.text, &[], Some(PartialDate::from_naive(p.dct)));
            let preds: Vec<Pred> = ann
                .quotes
                .iter()
                .map(|q| Pred { text: q.text.clone(), said_on: q.said_on, basis: q.said_on_basis })
                .collect();
            if debug {
                println!("## {}", p.id);
                for q in &ann.quotes {
                    println!("  quote {:?} cue={:?} said_on={:?}", q.text, q.cue, q.said_on);
                }
                for t in &ann.timexes {
                    let s: String = p.text.chars().skip(t.span.start).take(t.span.len()).collect();
                    println!("  timex {s:?} {}", t.value);
                }
            }
            for g in &p.gold {
                let anchor = norm_ws(&g.text);
                let hit = preds.iter().find(|q| norm_ws(&q.text).contains(&anchor));
                score.add(g, hit, Some(p.dct));
            }
        }
        let name = format!("{} ({} passages)", f.display(), passages.len());
        score.print(&name, verbose);
    }
    Ok(())
}

// ---------- corpus ----------

/// Statements of `EXPECTED.md` section 3, keyed by article (file name or
/// JSONL id).
fn read_expected(path: &Path) -> Result<Vec<GoldStatement>, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs: Vec<String> = Vec::new();
    let mut in_statements = false;
    let mut out = Vec::new();
    for line in src.lines() {
        if line.starts_with("## ") {
            in_statements = line.starts_with("## 3.");
            continue;
        }
        if !in_statements {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            // "### FILE (...)", "— and identical in FILE2", "feed.jsonl `ID`".
            docs = h
                .split(|c: char| c.is_whitespace() || c == '`')
                .filter(|w| {
                    let w = w.trim_matches(|c: char| c == '(' || c == ')' || c == ',');
                    w.ends_with(".txt")
                        || w.ends_with(".html")
                        || w.ends_with(".gz")
                        || (w.contains('-') && w.chars().any(|c| c.is_ascii_digit()) && !w.contains('.'))
                })
                .map(|w| w.trim_matches(|c: char| c == '(' || c == ')' || c == ',').to_string())
                .filter(|w| !w.starts_with("20") || w.contains('.'))
                .collect();
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | # | speaker | kind | said_on | cue | text | G |
        if cells.len() < 8 || cells[1].parse::<u32>().is_err() {
            continue;
        }
        let accept = parse_said_on_cell(cells[4]);
        for d in &docs {
            out.push(GoldStatement { doc: d.clone(), text: cells[6].to_string(), accept: accept.clone() });
        }
    }
    Ok(out)
}

fn parse_said_on_cell(cell: &str) -> Vec<Gold> {
    let cell = cell.replace("**", "");
    let mut accept = Vec::new();
    let lower = cell.to_ascii_lowercase();
    if lower.starts_with("null") || lower.contains("or null") {
        accept.push(Gold::Undated);
    }
    // "W: 2025-03-03..09" / "2025-03-22..23".
    if let Some(i) = cell.find("..") {
        let a = cell[..i].rsplit(|c: char| !(c.is_ascii_digit() || c == '-')).next().unwrap_or("");
        let b = cell[i + 2..].split(|c: char| !(c.is_ascii_digit() || c == '-')).next().unwrap_or("");
        if let Ok(a) = NaiveDate::parse_from_str(a, "%Y-%m-%d") {
            let b = if b.len() == 2 { format!("{}{b}", &a.format("%Y-%m-").to_string()) } else { b.to_string() };
            if let Ok(b) = NaiveDate::parse_from_str(&b, "%Y-%m-%d") {
                accept.push(Gold::Range(a, b));
            }
        }
    }
    if !lower.starts_with("null") && !lower.starts_with("w:") {
        let first = cell.split(|c: char| !(c.is_ascii_digit() || c == '-')).find(|w| w.len() >= 7);
        if let Some(d) = first.and_then(|w| w.parse::<PartialDate>().ok()) {
            accept.push(Gold::Date(d));
        }
    }
    accept
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?);
    }
    Ok(out)
}

fn eval_corpus(expected: &Path, quotes: &Path, articles: &Path, verbose: bool) -> Result<(), String> {
    let gold = read_expected(expected)?;
    let articles = read_jsonl(articles)?;
    let quotes = read_jsonl(quotes)?;
    // article id -> (keys it is known by, publication date)
    let mut keys: HashMap<String, (Vec<String>, Option<NaiveDate>)> = HashMap::new();
    for a in &articles {
        let id = a["id"].as_str().unwrap_or_default().to_string();
        let mut k = Vec::new();
        if let Some(p) = a["path"].as_str() {
            k.push(p.rsplit('/').next().unwrap_or(p).to_string());
        }
        if let Some(e) = a["external_id"].as_str() {
            k.push(e.to_string());
        }
        let published = a["published"].as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        keys.insert(id, (k, published));
    }
    let mut by_doc: HashMap<String, (Vec<Pred>, Option<NaiveDate>)> = HashMap::new();
    for q in &quotes {
        let id = q["article_id"].as_str().unwrap_or_default();
        let Some((ks, published)) = keys.get(id) else { continue };
        let pred = Pred {
            text: q["text"].as_str().unwrap_or_default().to_string(),
            said_on: q["said_on"].as_str().and_then(|s| s.parse().ok()),
            basis: match q["said_on_basis"].as_str() {
                Some("cue") => Some(DateBasis::Cue),
                Some("sentence") => Some(DateBasis::Sentence),
                Some("published") => Some(DateBasis::Published),
                _ => None,
            },
        };
        for k in ks {
            by_doc.entry(k.clone()).or_insert_with(|| (Vec::new(), *published)).0.push(pred.clone());
        }
    }
    let mut score = Score::default();
    let mut docs: Vec<&String> = gold.iter().map(|g| &g.doc).collect::<HashSet<_>>().into_iter().collect();
    docs.sort();
    for doc in docs {
        let golds: Vec<&GoldStatement> = gold.iter().filter(|g| &g.doc == doc).collect();
        let (preds, published) = by_doc.get(doc.as_str()).cloned().unwrap_or_default();
        // Each predicted piece goes to the key row it overlaps most.
        let gw: Vec<HashSet<String>> = golds.iter().map(|g| words(&g.text).into_iter().collect()).collect();
        let mut assigned: Vec<Option<&Pred>> = vec![None; golds.len()];
        for p in &preds {
            let pw: HashSet<String> = words(&p.text).into_iter().collect();
            let mut best: Option<(f64, usize)> = None;
            for (gi, g) in gw.iter().enumerate() {
                let common = g.intersection(&pw).count();
                if common < 3 {
                    continue;
                }
                let s = (common as f64 / g.len().max(1) as f64).max(common as f64 / pw.len().max(1) as f64);
                if s >= 0.5 && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, gi));
                }
            }
            if let Some((_, gi)) = best
                && assigned[gi].is_none()
            {
                assigned[gi] = Some(p);
            }
        }
        for (g, p) in golds.iter().zip(assigned) {
            score.add(g, p, published);
        }
    }
    score.print(&format!("{} (sample corpus)", expected.display()), verbose);
    Ok(())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    args.retain(|a| a != "-v");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/statement_dates");
    let res = match args.first().map(String::as_str) {
        None | Some("passages") => {
            let files: Vec<PathBuf> = if args.len() > 1 {
                args[1..].iter().map(PathBuf::from).collect()
            } else {
                vec![data.join("dev.txt"), data.join("heldout.txt")]
            };
            eval_passages(&files, verbose)
        }
        Some("corpus") if args.len() == 4 => {
            eval_corpus(Path::new(&args[1]), Path::new(&args[2]), Path::new(&args[3]), verbose)
        }
        _ => Err(
            "usage: statement_dates_eval [-v] [passages [FILE...]] | corpus EXPECTED.md QUOTES.jsonl ARTICLES.jsonl"
                .into(),
        ),
    };
    if let Err(e) = res {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
