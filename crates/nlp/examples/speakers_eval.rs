//! Resolved-speaker evaluator on the in-house statement set
//! (`tests/data/quotes/{dev,dev2,heldout,heldout2,heldout3}.txt`: fictional news, every statement
//! annotated with its content, speaker mention and resolved speaker).
//!
//! Converts a set into score.py's "ggt" gold JSONL (offsets computed from the
//! exact substrings the set names, never typed), runs `annotate` on each
//! article with its paragraphs (blank-line separated) and publication date,
//! writes the predictions in score.py's format, and prints span P/R/F1 at
//! overlap 0.3 and 0.8, speaker-mention accuracy, resolved-speaker (entity)
//! accuracy on matched quotes, end-to-end P/R/F1 and recall by kind, with the
//! rules of `../shared/bench/quotes/eval_lib.py`. `-v` lists the errors of
//! the tuning sets (`dev`, `dev2`: names starting with `dev`); the held-out
//! sets' are never printed.
//!
//! usage: cargo run --release -p storyline-nlp --example speakers_eval -- [OUT_DIR] [SET ...] [-v] [--lines|--flat]
//!
//! `--lines` gives `annotate` each article as plain text with a paragraph a
//! line, `--flat` with every paragraph break lost, both without paragraphs
//! (as scraped text comes); by default the text has blank lines between
//! paragraphs and the paragraphs are given, as extraction gives them.
//!
//! A SET is any NAME with a `tests/data/quotes/NAME.txt` (`dev`, `dev2`, `heldout`,
//! `heldout2`, `heldout3`); without one, `dev` and `heldout` are scored.
//!
//! The `set` module is shared with `tests/quotes_resolved.rs` (the floors), so
//! both read and score the set the same way.

use serde_json::json;
use std::io::Write;

pub mod set {
    //! The set's text format, its conversion to char offsets, and
    //! eval_lib.py's scoring of predictions against it.

    use storyline_model::{Paragraph, ParagraphKind, PartialDate, Span};

    /// One gold statement piece; offsets are chars into the article text.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Gold {
        pub kind: String,
        pub start: usize,
        pub end: usize,
        pub mention: String,
        pub mention_span: Option<(usize, usize)>,
        pub resolved: String,
        pub cue: String,
        /// Line of the record in the set file, for error messages.
        pub line: usize,
    }

    #[derive(Clone, Debug)]
    pub struct Article {
        pub id: String,
        pub dct: String,
        pub outlet: String,
        pub text: String,
        /// Paragraph char spans (one per text line of the set).
        pub paragraphs: Vec<(usize, usize)>,
        pub gold: Vec<Gold>,
    }

    /// One predicted quote piece, as score.py reads it.
    #[derive(Clone, Debug)]
    pub struct Pred {
        pub start: usize,
        pub end: usize,
        pub speaker_span: Option<(usize, usize)>,
        pub speaker: Option<String>,
        /// What a reader is shown as the source: the name, or for a speaker
        /// left unnamed the mention as written (`model::unnamed_source`). The
        /// set resolves unnamed sources to the phrase, so this is what it
        /// scores; `speaker` alone gives the names-only figure.
        pub source: Option<String>,
        pub cue_start: Option<usize>,
        pub kind: String,
        pub cue: Option<String>,
    }

    struct RawRecord {
        line: usize,
        fields: Vec<String>,
    }

    /// Reads a whole set file; an error names the line at fault (a missing
    /// or ambiguous substring, a bad header or kind).
    pub fn parse(src: &str) -> Result<Vec<Article>, String> {
        let mut out = Vec::new();
        let mut cur: Option<(usize, Article, Vec<RawRecord>)> = None;
        for (n, line) in src.lines().enumerate() {
            let n = n + 1;
            if let Some(head) = line.strip_prefix("@@ ") {
                if let Some((_, a, recs)) = cur.take() {
                    out.push(finish(a, recs)?);
                }
                let f: Vec<&str> = head.split('|').map(str::trim).collect();
                if f.len() != 3 || f[0].is_empty() || PartialDate::parse_lenient(f[1]).is_none() {
                    return Err(format!("line {n}: want `@@ ID | YYYY-MM-DD | outlet`"));
                }
                let a = Article {
                    id: f[0].into(),
                    dct: f[1].into(),
                    outlet: f[2].into(),
                    text: String::new(),
                    paragraphs: Vec::new(),
                    gold: Vec::new(),
                };
                cur = Some((n, a, Vec::new()));
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((_, a, recs)) = cur.as_mut() else {
                return Err(format!("line {n}: text before the first `@@` header"));
            };
            if let Some(rec) = line.strip_prefix("> ") {
                let fields: Vec<String> = rec.split('|').map(|s| s.trim().to_string()).collect();
                if fields.len() != 5 {
                    return Err(format!("line {n}: want `> KIND | CONTENT | MENTION | RESOLVED | CUE`"));
                }
                if !matches!(fields[0].as_str(), "direct" | "mixed" | "indirect") {
                    return Err(format!("line {n}: kind `{}` is not direct, mixed or indirect", fields[0]));
                }
                recs.push(RawRecord { line: n, fields });
                continue;
            }
            if !a.text.is_empty() {
                a.text.push_str("\n\n");
            }
            let start = a.text.chars().count();
            a.text.push_str(line.trim_end());
            a.paragraphs.push((start, a.text.chars().count()));
        }
        if let Some((_, a, recs)) = cur.take() {
            out.push(finish(a, recs)?);
        }
        Ok(out)
    }

    /// `TEXT#N` → (TEXT, Some(N)).
    fn occurrence(s: &str) -> (&str, Option<usize>) {
        if let Some((t, n)) = s.rsplit_once('#')
            && let Ok(n) = n.parse::<usize>()
            && n > 0
        {
            return (t, Some(n));
        }
        (s, None)
    }

    /// Byte offsets of `needle` in `text` at word boundaries.
    fn word_matches(text: &str, needle: &str) -> Vec<usize> {
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let first = needle.chars().next();
        let last = needle.chars().next_back();
        text.match_indices(needle)
            .map(|(i, _)| i)
            .filter(|&i| {
                let before = text[..i].chars().next_back();
                let after = text[i + needle.len()..].chars().next();
                !(alnum(first) && alnum(before) || alnum(last) && alnum(after))
            })
            .collect()
    }

    fn finish(mut a: Article, recs: Vec<RawRecord>) -> Result<Article, String> {
        let text = a.text.clone();
        let chars = |b: usize| text[..b].chars().count();
        let mut from = 0usize; // byte end of the previous record's content
        for r in recs {
            let at = |msg: String| format!("line {} ({}): {msg}", r.line, a.id);
            let (content, nth) = occurrence(&r.fields[1]);
            if content.is_empty() {
                return Err(at("empty content".into()));
            }
            let hits: Vec<usize> = word_matches(&text, content).into_iter().filter(|&i| i >= from).collect();
            let cs = *hits
                .get(nth.unwrap_or(1) - 1)
                .ok_or_else(|| at(format!("content `{content}` not found after the previous record")))?;
            let ce = cs + content.len();
            let (mention, mnth) = occurrence(&r.fields[2]);
            let mention_span = if mention.is_empty() {
                None
            } else {
                let all = word_matches(&text, mention);
                let ms = match mnth {
                    Some(k) => {
                        *all.get(k - 1).ok_or_else(|| at(format!("mention `{mention}` has no occurrence #{k}")))?
                    }
                    None => {
                        let gap = |i: usize| {
                            let e = i + mention.len();
                            if e <= cs { cs - e } else { i.saturating_sub(ce) }
                        };
                        let mut near: Vec<(usize, usize)> = all
                            .into_iter()
                            .filter(|&i| i + mention.len() <= cs || i >= ce)
                            .map(|i| (gap(i), i))
                            .collect();
                        near.sort_unstable();
                        match near.as_slice() {
                            [] => return Err(at(format!("mention `{mention}` not found outside the content"))),
                            [(g0, _), (g1, _), ..] if g0 == g1 => {
                                return Err(at(format!(
                                    "mention `{mention}` is ambiguous (two at the same distance): use `#N`"
                                )));
                            }
                            [(_, i), ..] => *i,
                        }
                    }
                };
                Some((chars(ms), chars(ms + mention.len())))
            };
            a.gold.push(Gold {
                kind: r.fields[0].clone(),
                start: chars(cs),
                end: chars(ce),
                mention: mention.to_string(),
                mention_span,
                resolved: r.fields[3].clone(),
                cue: r.fields[4].clone(),
                line: r.line,
            });
            from = ce;
        }
        Ok(a)
    }

    /// How an article reaches `annotate`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Layout {
        /// Blank-line separated, with its paragraphs given (as extraction gives them).
        Given,
        /// Plain text, a paragraph a line, no paragraphs given (scraped text).
        Lines,
        /// Plain text with every paragraph break lost: one run of words.
        Flat,
    }

    /// storyline's statements for one article, one record per quote piece.
    pub fn predict(a: &Article) -> Vec<Pred> {
        predict_as(a, Layout::Given)
    }

    /// [`predict`] with the article's text laid out as `layout` says. The
    /// "\n\n" between paragraphs becomes "\n " or "  ", so every offset,
    /// and the gold, stay as they are.
    pub fn predict_as(a: &Article, layout: Layout) -> Vec<Pred> {
        let paras: Vec<Paragraph> = match layout {
            Layout::Given => a
                .paragraphs
                .iter()
                .map(|&(start, end)| Paragraph { span: Span { start, end }, kind: ParagraphKind::Body })
                .collect(),
            Layout::Lines | Layout::Flat => Vec::new(),
        };
        let text = match layout {
            Layout::Given => std::borrow::Cow::Borrowed(a.text.as_str()),
            Layout::Lines => a.text.replace("\n\n", "\n ").into(),
            Layout::Flat => a.text.replace("\n\n", "  ").into(),
        };
        let ann = storyline_nlp::annotate(&text, &paras, PartialDate::parse_lenient(&a.dct));
        ann.quotes
            .iter()
            .map(|q| Pred {
                start: q.span.start,
                end: q.span.end,
                speaker_span: q.speaker_span.map(|s| (s.start, s.end)),
                speaker: q.speaker.clone(),
                source: q.speaker.clone().or_else(|| q.source.clone()),
                cue_start: q.cue_span.map(|s| s.start),
                kind: q.kind.as_str().into(),
                cue: q.cue.clone(),
            })
            .collect()
    }

    /// eval_lib.TITLES, space-separated.
    const TITLES: &str = "mr mrs ms dr prof sir dame sen rep gov gen president minister prime premier mayor chief \
                          coach judge the lord lady";

    /// eval_lib.norm_name: ASCII-folded (accented Latin letters to their
    /// base, other non-ASCII dropped, as NFKD + ascii-ignore does), lower
    /// case, "'s" dropped, alphanumeric tokens without titles.
    pub fn norm_name(s: &str) -> Vec<String> {
        let mut ascii = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_ascii() {
                ascii.push(c);
            } else if let Some(b) = fold(c) {
                ascii.push(b);
            }
        }
        let lower = ascii.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut cut = String::with_capacity(lower.len());
        let mut i = 0;
        while i < b.len() {
            let word = |k: usize| b.get(k).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
            if b[i] == b'\'' && b.get(i + 1) == Some(&b's') && !word(i + 2) {
                i += 2;
                continue;
            }
            cut.push(b[i] as char);
            i += 1;
        }
        cut.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty() && !TITLES.split_whitespace().any(|x| x == *t))
            .map(String::from)
            .collect()
    }

    fn fold(c: char) -> Option<char> {
        const FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŠšŽžČčĆćŁłŃńŚśŹźŻżŘřĚěŮůĞğŞşİ";
        const TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyySsZzCcCcLlNnSsZzZzRrEeUuGgSsI";
        // Ł/ł have no NFKD decomposition: Python drops them.
        if c == 'Ł' || c == 'ł' {
            return None;
        }
        FROM.chars().position(|f| f == c).and_then(|i| TO.chars().nth(i))
    }

    /// eval_lib.entity_match: surnames equal, or one normalised name contains
    /// the other (at least 3 chars).
    pub fn entity_match(pred: &str, gold: &str) -> bool {
        let (p, g) = (norm_name(pred), norm_name(gold));
        if p.is_empty() || g.is_empty() {
            return false;
        }
        if p.last() == g.last() {
            return true;
        }
        let (ps, gs) = (p.join(" "), g.join(" "));
        (ps.len() >= 3 && gs.contains(&ps)) || (gs.len() >= 3 && ps.contains(&gs))
    }

    fn overlap(a0: usize, a1: usize, b0: usize, b1: usize) -> usize {
        a1.min(b1).saturating_sub(a0.max(b0))
    }

    /// eval_lib.match_doc: gold in text order, each takes the unmatched
    /// prediction covering the largest share (>= theta) of it.
    pub fn match_doc(gold: &[Gold], pred: &[Pred], theta: f64) -> Vec<(usize, usize)> {
        let mut used = vec![false; pred.len()];
        let mut pairs = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            let len = g.end.saturating_sub(g.start);
            let mut best: Option<(usize, f64)> = None;
            for (pi, p) in pred.iter().enumerate() {
                if used[pi] || len == 0 {
                    continue;
                }
                let sc = overlap(g.start, g.end, p.start, p.end) as f64 / len as f64;
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

    /// True when the matched prediction's speaker mention is right (GGT rule).
    pub fn mention_ok(g: &Gold, p: &Pred) -> bool {
        match (g.mention_span, p.speaker_span) {
            (None, None) => true,
            (Some((a, b)), Some((c, d))) => overlap(a, b, c, d) > 0,
            _ => false,
        }
    }

    pub const KINDS: [&str; 3] = ["direct", "mixed", "indirect"];

    /// Counts behind every figure `score.py` prints for a ggt set.
    #[derive(Clone, Debug, Default)]
    pub struct Counts {
        pub n_gold: usize,
        pub n_pred: usize,
        /// Matched pairs at overlap 0.3 and 0.8.
        pub tp: [usize; 2],
        pub mention_ok: usize,
        pub entity_n: usize,
        /// Resolved right, counting an unnamed source shown as written.
        pub entity_ok: usize,
        /// Resolved right by name alone (`Pred::speaker`).
        pub name_ok: usize,
        /// Matched at 0.3 / gold, by kind (direct, mixed, indirect).
        pub kind: [[usize; 2]; 3],
    }

    impl Counts {
        pub fn add(&mut self, gold: &[Gold], pred: &[Pred]) {
            self.n_gold += gold.len();
            self.n_pred += pred.len();
            for (ti, theta) in [0.3, 0.8].into_iter().enumerate() {
                self.tp[ti] += match_doc(gold, pred, theta).len();
            }
            for g in gold {
                if let Some(k) = KINDS.iter().position(|k| *k == g.kind) {
                    self.kind[k][1] += 1;
                }
            }
            for (gi, pi) in match_doc(gold, pred, 0.3) {
                let (g, p) = (&gold[gi], &pred[pi]);
                self.mention_ok += mention_ok(g, p) as usize;
                if let Some(k) = KINDS.iter().position(|k| *k == g.kind) {
                    self.kind[k][0] += 1;
                }
                if !g.resolved.is_empty() {
                    self.entity_n += 1;
                    self.entity_ok += entity_match(p.source.as_deref().unwrap_or(""), &g.resolved) as usize;
                    self.name_ok += entity_match(p.speaker.as_deref().unwrap_or(""), &g.resolved) as usize;
                }
            }
        }

        /// (P, R, F1) in percent; P over predictions, R over gold.
        pub fn prf(&self, tp: usize) -> (f64, f64, f64) {
            let p = if self.n_pred > 0 { tp as f64 / self.n_pred as f64 } else { 0.0 };
            let r = if self.n_gold > 0 { tp as f64 / self.n_gold as f64 } else { 0.0 };
            let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            (100.0 * p, 100.0 * r, 100.0 * f)
        }

        pub fn span(&self, theta: usize) -> (f64, f64, f64) {
            self.prf(self.tp[theta])
        }

        /// End to end: span matched at 0.3 and resolved speaker right.
        pub fn end_to_end(&self) -> (f64, f64, f64) {
            self.prf(self.entity_ok)
        }

        pub fn mention_acc(&self) -> f64 {
            100.0 * self.mention_ok as f64 / self.tp[0].max(1) as f64
        }

        pub fn entity_acc(&self) -> f64 {
            100.0 * self.entity_ok as f64 / self.entity_n.max(1) as f64
        }

        /// Resolved-speaker accuracy counting names only (an unnamed source
        /// left unnamed counts as wrong).
        pub fn name_acc(&self) -> f64 {
            100.0 * self.name_ok as f64 / self.entity_n.max(1) as f64
        }
    }
}

use set::{Article, Counts, KINDS, Pred};

fn main() {
    if let Err(e) = run() {
        eprintln!("speakers_eval: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/quotes");
    let mut out_dir = "/tmp/speakers_eval".to_string();
    let mut sets = Vec::new();
    let mut verbose = false;
    let mut layout = set::Layout::Given;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "-v" | "--errors" => verbose = true,
            "--lines" => layout = set::Layout::Lines,
            "--flat" => layout = set::Layout::Flat,
            "-h" | "--help" => {
                println!(
                    "usage: speakers_eval [OUT_DIR] [SET ...] [-v] [--lines|--flat]   (SET: any NAME with tests/data/quotes/NAME.txt; -v lists errors of the dev* tuning sets only; --lines gives the text a paragraph a line, --flat with no breaks at all, both without paragraphs)"
                );
                return Ok(());
            }
            _ if a.starts_with('-') => return Err(format!("unknown flag {a}")),
            _ if is_set(data, &a) => sets.push(a),
            _ => out_dir = a,
        }
    }
    if sets.is_empty() {
        sets = vec!["dev".into(), "heldout".into()];
    }
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{out_dir}: {e}"))?;
    for name in &sets {
        let path = format!("{data}/{name}.txt");
        let src = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let arts = set::parse(&src).map_err(|e| format!("{path}: {e}"))?;
        let gold_path = format!("{out_dir}/{name}.gold.jsonl");
        let pred_path = format!("{out_dir}/{name}.pred.jsonl");
        let mut gw =
            std::io::BufWriter::new(std::fs::File::create(&gold_path).map_err(|e| format!("{gold_path}: {e}"))?);
        let mut pw =
            std::io::BufWriter::new(std::fs::File::create(&pred_path).map_err(|e| format!("{pred_path}: {e}"))?);
        let mut all = Counts::default();
        let mut errors = Vec::new();
        let mut words = 0usize;
        for a in &arts {
            let pred = set::predict_as(a, layout);
            all.add(&a.gold, &pred);
            words += a.text.split_whitespace().count();
            write_jsonl(&mut gw, &mut pw, a, &pred).map_err(|e| format!("{out_dir}: {e}"))?;
            if verbose && is_tuning(name) {
                errors.extend(article_errors(a, &pred));
            }
        }
        gw.flush().and_then(|_| pw.flush()).map_err(|e| format!("{out_dir}: {e}"))?;
        print_counts(name, arts.len(), words, &all);
        if verbose && is_tuning(name) {
            println!("-- {name} errors ({}):", errors.len());
            for e in &errors {
                println!("{e}");
            }
        }
        println!("gold {gold_path}, predictions {pred_path}");
        println!("  (python3 ../shared/bench/quotes/score.py {gold_path} {pred_path})");
    }
    Ok(())
}

/// A tuning set, whose errors `-v` may list: its name starts with `dev`
/// (`dev`, `dev2`). The held-out sets' errors are never printed.
fn is_tuning(name: &str) -> bool {
    name.starts_with("dev")
}

/// A set name is any `NAME` whose `tests/data/quotes/NAME.txt` exists (a
/// plain file name, no path).
fn is_set(data: &str, name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && std::path::Path::new(&format!("{data}/{name}.txt")).is_file()
}

fn write_jsonl(gw: &mut impl Write, pw: &mut impl Write, a: &Article, pred: &[Pred]) -> std::io::Result<()> {
    let slice = |s: usize, e: usize| a.text.chars().skip(s).take(e - s).collect::<String>();
    let quotes: Vec<_> = a
        .gold
        .iter()
        .map(|g| {
            json!({"quote_start": g.start, "quote_end": g.end, "quote_text": slice(g.start, g.end),
                   "quote_type": g.kind, "speaker": g.mention,
                   "speaker_start": g.mention_span.map(|s| s.0), "speaker_end": g.mention_span.map(|s| s.1),
                   "speaker_resolved": g.resolved, "cue": g.cue})
        })
        .collect();
    writeln!(gw, "{}", json!({"id": a.id, "date": a.dct, "outlet": a.outlet, "text": a.text, "quotes": quotes}))?;
    for p in pred {
        writeln!(
            pw,
            "{}",
            json!({"id": a.id, "start": p.start, "end": p.end,
                   "speaker_start": p.speaker_span.map(|s| s.0), "speaker_end": p.speaker_span.map(|s| s.1),
                   "speaker": p.source, "cue_start": p.cue_start, "kind": p.kind,
                   "text": slice(p.start, p.end), "cue": p.cue})
        )?;
    }
    Ok(())
}

fn print_counts(name: &str, articles: usize, words: usize, c: &Counts) {
    println!(
        "== {name}: {articles} articles ({words} words), {} gold statement pieces, {} predicted",
        c.n_gold, c.n_pred
    );
    for (ti, label) in ["overlap>=0.3", "overlap>=0.8"].iter().enumerate() {
        let (p, r, f) = c.span(ti);
        println!("span {label}: P {p:.1} R {r:.1} F1 {f:.1} ({} matched)", c.tp[ti]);
    }
    println!("speaker mention accuracy on matched: {:.1} ({}/{})", c.mention_acc(), c.mention_ok, c.tp[0]);
    println!("resolved speaker (entity) accuracy on matched: {:.1} ({}/{})", c.entity_acc(), c.entity_ok, c.entity_n);
    println!(
        "  of which names only (unnamed sources counted wrong): {:.1} ({}/{})",
        c.name_acc(),
        c.name_ok,
        c.entity_n
    );
    let (p, r, f) = c.end_to_end();
    println!("end to end (span 0.3 + resolved speaker): P {p:.1} R {r:.1} F1 {f:.1}");
    let (p, r, f) = c.prf(c.name_ok);
    println!("  names only: P {p:.1} R {r:.1} F1 {f:.1}");
    let by_kind: Vec<String> = KINDS
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let [m, t] = c.kind[k];
            format!("{n} {:.1} ({m}/{t})", 100.0 * m as f64 / t.max(1) as f64)
        })
        .collect();
    println!("recall by kind (0.3): {}", by_kind.join(", "));
}

/// One line per missed, spurious or misattributed statement, with context.
fn article_errors(a: &Article, pred: &[Pred]) -> Vec<String> {
    let chars: Vec<char> = a.text.chars().collect();
    let s = |x: usize, y: usize| chars[x.min(chars.len())..y.min(chars.len())].iter().collect::<String>();
    let short = |x: usize, y: usize| {
        let t = s(x, y);
        if t.chars().count() > 70 { format!("{}…", t.chars().take(70).collect::<String>()) } else { t }
    };
    let pairs = set::match_doc(&a.gold, pred, 0.3);
    let mut out = Vec::new();
    for (gi, g) in a.gold.iter().enumerate() {
        let said = g.mention_span.map_or(String::new(), |(x, y)| s(x, y));
        match pairs.iter().find(|(i, _)| *i == gi) {
            None => out.push(format!(
                "{} MISSED {} [{}] by `{said}` ({}) cue `{}`",
                a.id,
                g.kind,
                short(g.start, g.end),
                g.resolved,
                g.cue
            )),
            Some(&(_, pi)) => {
                let p = &pred[pi];
                let m_ok = set::mention_ok(g, p);
                let e_ok = set::entity_match(p.source.as_deref().unwrap_or(""), &g.resolved);
                if !m_ok || !e_ok {
                    let pm = p.speaker_span.map_or("-".into(), |(x, y)| s(x, y));
                    out.push(format!(
                        "{} {}{} {} [{}]: gold `{said}` = {} | pred `{pm}` = {}",
                        a.id,
                        if m_ok { "" } else { "MENTION " },
                        if e_ok { "" } else { "ENTITY" },
                        g.kind,
                        short(g.start, g.end),
                        g.resolved,
                        p.source.as_deref().unwrap_or("-")
                    ));
                }
            }
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pairs.iter().any(|(_, i)| *i == pi) {
            out.push(format!(
                "{} SPURIOUS {} [{}] by {} cue `{}`",
                a.id,
                p.kind,
                short(p.start, p.end),
                p.speaker.as_deref().unwrap_or("-"),
                p.cue.as_deref().unwrap_or("")
            ));
        }
    }
    out
}
