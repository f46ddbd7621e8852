//! Coverage comparison beyond voices: which of several names for one thing
//! an outlet writes ("Kyiv" or "Kiev"), and which words it puts in scare
//! quotes (the “special military operation”) without attributing them.
//!
//! Term groups come from a user-editable TOML file, parsed by the CLI and
//! checked by [`TermGroups::validate`]; the built-in list covers common
//! transliteration and naming choices:
//!
//! ```toml
//! [[terms]]
//! name = "capital of Ukraine"      # optional label; default: the variants joined by " / "
//! variants = ["Kyiv", "Kiev"]
//! ```
//!
//! A variant matches as a whole word (or phrase), case-sensitively when it is
//! written with a capital, so "Kiev" never counts inside "Kievan" and "regime"
//! matches "regime" and "Regime". Counting runs over one article text at a
//! time and keeps only per-outlet totals: memory does not grow with the corpus.

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
pub use storyline_model::corpus::{OutletCoverage, ScareQuote, TermUse};

/// One set of alternative names for the same thing.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TermGroup {
    /// Label shown in listings; defaults to the variants joined by " / ".
    #[serde(default)]
    pub name: Option<String>,
    /// Two or more ways of writing it.
    pub variants: Vec<String>,
}

impl TermGroup {
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.variants.join(" / "))
    }
}

/// The term groups an outlet comparison counts.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TermGroups {
    #[serde(default)]
    pub terms: Vec<TermGroup>,
}

/// Naming choices news readers compare outlets by; a file given with
/// `--terms` replaces this list.
const BUILT_IN: &[&[&str]] = &[
    &["Kyiv", "Kiev"],
    &["Kharkiv", "Kharkov"],
    &["Odesa", "Odessa"],
    &["Lviv", "Lvov"],
    &["Mykolaiv", "Nikolaev", "Nikolayev"],
    &["Zaporizhzhia", "Zaporozhye"],
    &["Donbas", "Donbass"],
    &["Chernihiv", "Chernigov"],
    &["Luhansk", "Lugansk"],
    &["Belarus", "Byelorussia"],
    &["Moldova", "Moldavia"],
    &["Myanmar", "Burma"],
    &["Czechia", "Czech Republic"],
    &["Türkiye", "Turkey"],
    &["Gulf of Mexico", "Gulf of America"],
    &["Persian Gulf", "Arabian Gulf"],
    &["war", "special military operation"],
    &["invasion", "special military operation"],
];

impl Default for TermGroups {
    fn default() -> Self {
        TermGroups {
            terms: BUILT_IN
                .iter()
                .map(|vs| TermGroup { name: None, variants: vs.iter().map(|v| v.to_string()).collect() })
                .collect(),
        }
    }
}

impl TermGroups {
    /// Parses and checks a terms file.
    pub fn from_toml(text: &str) -> Result<TermGroups, String> {
        let groups: TermGroups = toml::from_str(text).map_err(|e| e.to_string())?;
        groups.validate()?;
        Ok(groups)
    }

    /// The groups in force for a database: the terms file last given
    /// (stored text), or the built-in list when none was.
    pub fn stored(text: Option<&str>) -> TermGroups {
        text.filter(|t| !t.is_empty()).and_then(|t| TermGroups::from_toml(t).ok()).unwrap_or_default()
    }

    /// Checks a parsed terms file: every group needs two or more non-empty variants.
    pub fn validate(&self) -> Result<(), String> {
        for (i, g) in self.terms.iter().enumerate() {
            if g.variants.len() < 2 || g.variants.iter().any(|v| v.trim().is_empty()) {
                return Err(format!("terms[{i}] needs two or more non-empty variants, got {:?}", g.variants));
            }
        }
        Ok(())
    }
}

/// Articles using a term, and its occurrences.
type Counts = (u64, u64);

/// Per-outlet totals, fed one article at a time.
pub struct Tally<'a> {
    groups: &'a TermGroups,
    variants: Variants<(usize, usize)>,
    /// outlet → (group, variant) → (articles, occurrences)
    terms: BTreeMap<Option<String>, BTreeMap<(usize, usize), Counts>>,
    /// outlet → term → (articles, occurrences)
    scare: BTreeMap<Option<String>, BTreeMap<String, Counts>>,
}

impl<'a> Tally<'a> {
    pub fn new(groups: &'a TermGroups) -> Tally<'a> {
        let variants = Variants::new(
            groups
                .terms
                .iter()
                .enumerate()
                .flat_map(|(g, t)| t.variants.iter().enumerate().map(move |(v, s)| ((g, v), s.as_str()))),
        );
        Tally { groups, variants, terms: BTreeMap::new(), scare: BTreeMap::new() }
    }

    /// Counts one article. `attributed` are the char spans of its statements
    /// (start, end): quotation marks inside them quote a speaker, not the outlet.
    /// The headline counts for term choices; its quotation marks usually
    /// quote someone, so it is not searched for scare quotes.
    pub fn add(&mut self, outlet: Option<&str>, title: Option<&str>, text: &str, attributed: &[(usize, usize)]) {
        let outlet = outlet.map(str::to_string);
        let mut found: BTreeMap<(usize, usize), u64> = BTreeMap::new();
        for t in [title.unwrap_or(""), text] {
            self.variants.each(t, |key| *found.entry(key).or_default() += 1);
        }
        for (key, n) in found {
            let e = self.terms.entry(outlet.clone()).or_default().entry(key).or_default();
            e.0 += 1;
            e.1 += n;
        }
        let mut seen: HashMap<String, u64> = HashMap::new();
        for term in scare_quotes(text, attributed) {
            *seen.entry(term).or_default() += 1;
        }
        for (term, n) in seen {
            let e = self.scare.entry(outlet.clone()).or_default().entry(term).or_default();
            e.0 += 1;
            e.1 += n;
        }
    }

    /// Every outlet with anything counted, terms in the order of the groups
    /// file, scare quotes most used first.
    pub fn finish(self) -> Vec<OutletCoverage> {
        let mut outlets: Vec<Option<String>> = self.terms.keys().chain(self.scare.keys()).cloned().collect();
        outlets.sort();
        outlets.dedup();
        outlets
            .into_iter()
            .map(|o| {
                let terms = self
                    .terms
                    .get(&o)
                    .map(|m| {
                        m.iter()
                            .map(|(&(g, v), &(articles, occurrences))| TermUse {
                                group: self.groups.terms[g].label(),
                                variant: self.groups.terms[g].variants[v].clone(),
                                articles,
                                occurrences,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut scare_quotes: Vec<ScareQuote> = self
                    .scare
                    .get(&o)
                    .map(|m| {
                        m.iter()
                            .map(|(t, &(articles, occurrences))| ScareQuote { term: t.clone(), articles, occurrences })
                            .collect()
                    })
                    .unwrap_or_default();
                scare_quotes.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.term.cmp(&b.term)));
                OutletCoverage { outlet: o, terms, scare_quotes }
            })
            .collect()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\''
}

/// Whole-word occurrences of `term` in `text`; a term starting with a
/// lowercase letter also matches with its first letter capitalised.
pub fn count_word(text: &str, term: &str) -> usize {
    let mut n = 0;
    Variants::new([((), term)]).each(text, |()| n += 1);
    n
}

/// Every written form of many terms in one automaton: each text is scanned
/// once, whatever the number of terms.
struct Variants<K> {
    matcher: Option<AhoCorasick>,
    /// Per pattern, the keys of the terms written that way.
    keys: Vec<Vec<K>>,
}

impl<K: Copy> Variants<K> {
    fn new<'t>(terms: impl IntoIterator<Item = (K, &'t str)>) -> Variants<K> {
        let mut forms: Vec<String> = Vec::new();
        let mut keys: Vec<Vec<K>> = Vec::new();
        let mut add = |form: String, key: K| match forms.iter().position(|f| *f == form) {
            Some(i) => keys[i].push(key),
            None => {
                forms.push(form);
                keys.push(vec![key]);
            }
        };
        for (key, term) in terms {
            if term.is_empty() {
                continue;
            }
            add(term.to_string(), key);
            let mut cs = term.chars();
            if let Some(first) = cs.next()
                && first.is_lowercase()
            {
                add(first.to_uppercase().chain(cs).collect(), key);
            }
        }
        // Overlapping matches: a longer form rejected at a word boundary must
        // not hide a shorter one inside it.
        let matcher = (!forms.is_empty()).then(|| AhoCorasick::new(&forms)).and_then(Result::ok);
        Variants { matcher, keys }
    }

    /// Calls `f` with the key of every whole-word occurrence in `text`.
    fn each(&self, text: &str, mut f: impl FnMut(K)) {
        let Some(m) = &self.matcher else { return };
        for hit in m.find_overlapping_iter(text) {
            let before_ok = text[..hit.start()].chars().next_back().is_none_or(|c| !is_word_char(c));
            let after_ok = text[hit.end()..].chars().next().is_none_or(|c| !is_word_char(c));
            if before_ok && after_ok {
                self.keys[hit.pattern().as_usize()].iter().for_each(|&k| f(k));
            }
        }
    }
}

/// Pairs of quotation marks an outlet uses around a term.
const PAIRS: &[(char, char)] = &[('“', '”'), ('"', '"'), ('«', '»'), ('‘', '’')];

/// Words of at most four that a text puts in quotation marks outside any
/// sentence holding an attributed statement, starting in lower case (a capitalised quoted phrase
/// is mostly a title or a name): the terms an outlet distances itself from.
/// `attributed` are char spans. Returned lowercased, as written otherwise.
pub fn scare_quotes(text: &str, attributed: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) else {
            i += 1;
            continue;
        };
        // A single curly mark opens a quote only after a space or a bracket (else it is an apostrophe).
        if c == '‘' && i > 0 && !chars[i - 1].1.is_whitespace() && !matches!(chars[i - 1].1, '(' | '[' | '“') {
            i += 1;
            continue;
        }
        // The closing mark within 48 chars and before the paragraph ends.
        let Some(j) =
            (i + 1..chars.len().min(i + 49)).take_while(|&k| chars[k].1 != '\n').find(|&k| chars[k].1 == close)
        else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..j].iter().map(|(_, c)| c).collect();
        let words = inner.split_whitespace().count();
        // In a sentence that reports speech, the marks most likely quote the
        // speaker ("said Sarvenia had been “fully informed”"), not the outlet.
        let sent_start = (0..i)
            .rev()
            .find(|&k| {
                chars[k].1 == '\n'
                    || (matches!(chars[k].1, '.' | '!' | '?') && chars.get(k + 1).is_some_and(|c| c.1.is_whitespace()))
            })
            .map_or(0, |k| k + 1);
        let sent_end = (j..chars.len())
            .find(|&k| {
                chars[k].1 == '\n'
                    || (matches!(chars[k].1, '.' | '!' | '?') && chars.get(k + 1).is_none_or(|c| c.1.is_whitespace()))
            })
            .unwrap_or(chars.len());
        let in_statement = attributed.iter().any(|&(s, e)| s <= sent_end && sent_start < e);
        let term = inner.trim();
        if (1..=4).contains(&words)
            && !in_statement
            && term.chars().next().is_some_and(char::is_lowercase)
            && !term.ends_with(['.', ',', '!', '?', ';', ':'])
        {
            out.push(term.to_lowercase());
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_and_capitalised_sentence_starts_count() {
        assert_eq!(count_word("Kiev and Kievan Rus, then Kiev.", "Kiev"), 2);
        assert_eq!(count_word("War came. The war went on; a warlord stayed.", "war"), 2);
        assert_eq!(count_word("the Gulf of Mexico coast", "Gulf of Mexico"), 1);
        assert_eq!(count_word("", "Kyiv"), 0);
    }

    #[test]
    fn scare_quotes_skip_statements_titles_and_apostrophes() {
        let text = "The so-called “special military operation” went on. Peskov called the talks “useless” on Monday. \
                    She starred in “Parks Week” and called it ‘theatrical’. The mayor’s ‘plan’ and the “referendum”.";
        // Peskov's words are a statement: its span is attributed.
        let start = text.chars().collect::<String>().find("the talks").map(|b| text[..b].chars().count()).unwrap();
        let got = scare_quotes(text, &[(start, start + 20)]);
        assert_eq!(got, ["special military operation", "theatrical", "plan", "referendum"]);
        assert!(scare_quotes(text, &[]).contains(&"useless".to_string()));
    }

    #[test]
    fn a_terms_group_needs_two_variants() {
        let group = |vs: &[&str]| TermGroups {
            terms: vec![TermGroup { name: None, variants: vs.iter().map(|v| v.to_string()).collect() }],
        };
        assert_eq!(group(&["Kyiv", "Kiev"]).terms[0].label(), "Kyiv / Kiev");
        assert!(group(&["Kyiv", "Kiev"]).validate().is_ok());
        assert!(group(&["Kyiv"]).validate().is_err());
        assert!(group(&["Kyiv", " "]).validate().is_err());
        assert!(TermGroups::default().validate().is_ok());
    }

    #[test]
    fn tally_counts_articles_and_occurrences_per_outlet() {
        let groups = TermGroups::default();
        let mut t = Tally::new(&groups);
        t.add(Some("A"), Some("Kyiv"), "Kyiv said. Kyiv again.", &[]);
        t.add(Some("A"), None, "Kiev once.", &[]);
        t.add(Some("B"), Some("A “vote”"), "The “referendum” in Kiev.", &[]);
        let out = t.finish();
        let a = out.iter().find(|o| o.outlet.as_deref() == Some("A")).unwrap();
        let kyiv = a.terms.iter().find(|u| u.variant == "Kyiv").unwrap();
        assert_eq!((kyiv.articles, kyiv.occurrences), (1, 3));
        let b = out.iter().find(|o| o.outlet.as_deref() == Some("B")).unwrap();
        assert_eq!(b.scare_quotes.len(), 1, "{:?}", b.scare_quotes);
        assert_eq!(b.scare_quotes[0].term, "referendum");
        assert!(b.terms.iter().all(|u| u.variant != "Kyiv"));
    }
}
