//! The in-house wire set's format (`tests/data/timex/wire.txt`): items of
//! fictional newswire with their TIMEX3 annotations written inline as
//! `[[SPAN|TYPE|VALUE]]`, and score.py's scoring of predictions against them.
//!
//! Shared by `tests/timex_wire.rs` (the F1 floor) and
//! `examples/temporal_eval.rs` (`--wire`), so the two always read and score
//! the set the same way.

#![allow(dead_code)]

/// One time expression by code-point offsets into its item's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// One wire item: id, document creation time (YYYY-MM-DD), plain text and
/// its gold time expressions.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub dct: String,
    pub text: String,
    pub gold: Vec<Span>,
}

/// Reads the whole file; an error names the line that is malformed.
pub fn parse(src: &str) -> Result<Vec<Item>, String> {
    let mut items: Vec<Item> = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let at = |msg: &str| format!("line {}: {msg}", n + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(head) = line.strip_prefix("@@ ") {
            let (id, dct) = head.split_once('|').ok_or_else(|| at("want @@ ID | YYYY-MM-DD"))?;
            let dct = dct.trim();
            let ok = dct.len() == 10
                && dct.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
            if !ok {
                return Err(at("the DCT wants YYYY-MM-DD"));
            }
            items.push(Item { id: id.trim().to_string(), dct: dct.to_string(), text: String::new(), gold: Vec::new() });
            continue;
        }
        let item = items.last_mut().ok_or_else(|| at("text before the first @@"))?;
        if !item.text.is_empty() {
            item.text.push('\n');
        }
        let mut rest = line;
        while let Some(open) = rest.find("[[") {
            item.text.push_str(&rest[..open]);
            let close = rest[open..].find("]]").ok_or_else(|| at("[[ without ]]"))? + open;
            let inner = &rest[open + 2..close];
            let parts: Vec<&str> = inner.split('|').collect();
            if parts.len() != 3 || parts.iter().any(|p| p.trim().is_empty()) {
                return Err(at(&format!("want [[SPAN|TYPE|VALUE]], got [[{inner}]]")));
            }
            if !matches!(parts[1], "DATE" | "TIME" | "DURATION" | "SET") {
                return Err(at(&format!("unknown TIMEX3 type {:?}", parts[1])));
            }
            let start = item.text.chars().count();
            item.text.push_str(parts[0]);
            let end = item.text.chars().count();
            item.gold.push(Span { start, end, kind: parts[1].to_string(), value: parts[2].to_string() });
            rest = &rest[close + 2..];
        }
        if rest.contains("]]") {
            return Err(at("]] without [["));
        }
        item.text.push_str(rest);
    }
    Ok(items)
}

/// score.py's counts over any number of documents.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub gold: usize,
    pub pred: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value_ok: usize,
}

impl Counts {
    fn f1(&self, tp: usize) -> f64 {
        let p = tp as f64 / self.pred.max(1) as f64;
        let r = tp as f64 / self.gold.max(1) as f64;
        if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
    }
    pub fn strict_f1(&self) -> f64 {
        self.f1(self.strict)
    }
    pub fn relaxed_f1(&self) -> f64 {
        self.f1(self.relaxed)
    }
    /// TempEval-3's ranking metric: value accuracy over relaxed matches
    /// times relaxed F1.
    pub fn value_f1(&self) -> f64 {
        self.value_ok as f64 / self.relaxed.max(1) as f64 * self.relaxed_f1()
    }

    /// Adds one document, matched as score.py matches: exact spans first,
    /// then the largest overlap, one to one.
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        self.gold += gold.len();
        self.pred += pred.len();
        let mut used_g = vec![false; gold.len()];
        let mut used_p = vec![false; pred.len()];
        let mut pairs = Vec::new();
        for (pi, p) in pred.iter().enumerate() {
            if let Some(gi) = gold.iter().position(|g| g.start == p.start && g.end == p.end)
                && !used_g[gi]
            {
                used_g[gi] = true;
                used_p[pi] = true;
                pairs.push((gi, pi, true));
            }
        }
        let mut cands = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            for (pi, p) in pred.iter().enumerate() {
                let ov = g.end.min(p.end) as i64 - g.start.max(p.start) as i64;
                if !used_g[gi] && !used_p[pi] && ov > 0 {
                    cands.push((-ov, gi, pi));
                }
            }
        }
        cands.sort();
        for (_, gi, pi) in cands {
            if !used_g[gi] && !used_p[pi] {
                used_g[gi] = true;
                used_p[pi] = true;
                pairs.push((gi, pi, false));
            }
        }
        for (gi, pi, exact) in pairs {
            self.relaxed += 1;
            self.strict += usize::from(exact);
            self.value_ok += usize::from(gold[gi].value.trim().eq_ignore_ascii_case(pred[pi].value.trim()));
        }
    }
}
