//! Quote fidelity: how each outlet rendered the same statement. Every report
//! is compared with the fullest rendering, word by word, and classed as
//! verbatim, truncated (words missing, none changed) or altered (words
//! replaced or added), with the words that differ.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rendering {
    Verbatim,
    Truncated,
    Altered,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub rendering: Rendering,
    /// Words of the reference missing from this report.
    pub missing: Vec<String>,
    /// Words of this report absent from the reference.
    pub added: Vec<String>,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// Longest common subsequence of two word lists, as index pairs.
fn lcs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    // Quotes are short (tens of words); quadratic is fine and bounded.
    let (n, m) = (a.len().min(400), b.len().min(400));
    let mut dp = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if a[i] == b[j] { dp[i + 1][j + 1] + 1 } else { dp[i + 1][j].max(dp[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The words an outlet put in quotation marks, or all its words when it
/// quoted nothing: fidelity is about the quoted words, not the reporting frame.
fn quoted_words(text: &str) -> Vec<String> {
    let mut inside = String::new();
    let mut depth_open = false;
    for c in text.chars() {
        match c {
            '"' => {
                depth_open = !depth_open;
                inside.push(' ');
            }
            '“' | '«' => {
                depth_open = true;
                inside.push(' ');
            }
            '”' | '»' => {
                depth_open = false;
                inside.push(' ');
            }
            _ if depth_open => inside.push(c),
            _ => {}
        }
    }
    let quoted = words(&inside);
    if quoted.len() >= 3 { quoted } else { words(text) }
}

/// Compares one report with the reference rendering.
pub fn compare(reference: &str, report: &str) -> Comparison {
    let (r, q) = (quoted_words(reference), quoted_words(report));
    let common = lcs(&r, &q);
    let in_r: std::collections::HashSet<usize> = common.iter().map(|&(i, _)| i).collect();
    let in_q: std::collections::HashSet<usize> = common.iter().map(|&(_, j)| j).collect();
    let missing: Vec<String> =
        r.iter().enumerate().filter(|(i, _)| !in_r.contains(i)).map(|(_, w)| w.clone()).collect();
    let added: Vec<String> = q.iter().enumerate().filter(|(j, _)| !in_q.contains(j)).map(|(_, w)| w.clone()).collect();
    let rendering = match (missing.is_empty(), added.is_empty()) {
        (true, true) => Rendering::Verbatim,
        (false, true) => Rendering::Truncated,
        _ => Rendering::Altered,
    };
    Comparison { rendering, missing, added }
}

/// The reference among several renderings: the one with the most words
/// (ties: the first), since outlets cut quotes more often than they pad them.
pub fn reference<'a>(renderings: &[&'a str]) -> Option<&'a str> {
    renderings
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(i, t)| (quoted_words(t).len(), std::cmp::Reverse(i)))
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncations_and_alterations_are_told_apart() {
        let full = "The Dravna gives life to both our nations, and the Zoria dam will take nothing from anyone";
        assert_eq!(compare(full, full).rendering, Rendering::Verbatim);
        assert_eq!(compare(full, "“The Dravna gives life to both our nations”").rendering, Rendering::Truncated);
        let altered = compare(
            full,
            "The Dravna gives life to both our nations, and the Zoria dam will take nothing from anybody",
        );
        assert_eq!(altered.rendering, Rendering::Altered);
        assert_eq!(altered.missing, vec!["anyone"]);
        assert_eq!(altered.added, vec!["anybody"]);
        assert_eq!(reference(&["short one", full, "The Dravna gives life"]), Some(full));
        // A partial quote is compared by its quoted words, not its frame.
        let mixed = "the agreement showed that \"the water began to speak a language both sides understand\"";
        let direct = "Today the water began to speak a language both sides understand,";
        let c = compare(direct, mixed);
        assert_eq!(c.rendering, Rendering::Truncated, "{c:?}");
        assert_eq!(c.missing, vec!["today"]);
    }
}
