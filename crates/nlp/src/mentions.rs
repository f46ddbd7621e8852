//! mentions: find people, organisations and places, with the roles the text
//! attaches to people ("Kremlin spokesperson Dmitry Peskov", "Peskov, the
//! Kremlin spokesman,").
//!
//! Rules over capitalised token runs plus the gazetteers in `lexicon`. A
//! second pass gives every mention the fullest name the article uses for the
//! same entity (a later "Peskov" becomes "Dmitry Peskov").

use crate::lexicon::{self, Gender};
use crate::tokens::{self, Tok};
use std::borrow::Cow;
use std::hash::BuildHasherDefault;

// Short string keys, hashed per article: FNV, not SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<lexicon::Fnv>>;
type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<lexicon::Fnv>>;
use std::ops::Range;
use storyline_model::{EntityKind, KindEvidence};

/// A mention by byte offsets, with what coreference needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionB {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// How firmly the article supports `kind` (see `decide_kinds`).
    pub evidence: KindEvidence,
    /// The kind the rules gave this mention alone, before the article's
    /// evidence was pooled: what the learned cue models were trained with.
    pub rule_kind: EntityKind,
    pub name: String,
    pub role: Option<String>,
    pub sentence: usize,
}

/// What the article says about one entity, keyed by its full name.
#[derive(Clone, Debug, Default)]
pub struct EntityInfo {
    pub kind: Option<EntityKind>,
    pub gender: Option<Gender>,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Mentions {
    pub list: Vec<MentionB>,
    pub entities: HashMap<String, EntityInfo>,
    /// Lowercase surname → full name.
    pub surnames: HashMap<String, String>,
}

impl Mentions {
    /// The mention covering byte `pos`, if any.
    pub fn at(&self, start: usize, end: usize) -> Option<&MentionB> {
        let i = self.list.partition_point(|m| m.end <= start);
        self.list[i..].iter().take_while(|m| m.start < end).next()
    }
    /// The mentions starting in `lo..hi`, in order (the list is sorted by start).
    pub fn starting_in(&self, lo: usize, hi: usize) -> &[MentionB] {
        let a = self.list.partition_point(|m| m.start < lo);
        let b = self.list.partition_point(|m| m.start < hi).max(a);
        &self.list[a..b]
    }
    pub fn info(&self, name: &str) -> Option<&EntityInfo> {
        self.entities.get(name)
    }
    /// The mentions with the kinds the rules gave each alone, for the
    /// statement finder, whose learned models weigh the subject's kind as
    /// they saw it in training (pooled kinds shifted PolNeAR dev: span F1
    /// 79.90 -> 79.87).
    pub fn with_rule_kinds(&self) -> Mentions {
        let mut m = self.clone();
        for x in &mut m.list {
            x.kind = x.rule_kind;
        }
        m
    }
    /// `f` run on these mentions with their rule kinds (as
    /// `with_rule_kinds` gives them), without copying the mentions.
    pub fn in_rule_kinds<R>(&mut self, f: impl FnOnce(&Mentions) -> R) -> R {
        let pooled: Vec<EntityKind> = self.list.iter().map(|m| m.kind).collect();
        for m in &mut self.list {
            m.kind = m.rule_kind;
        }
        let r = f(self);
        for (m, k) in self.list.iter_mut().zip(pooled) {
            m.kind = k;
        }
        r
    }
}

/// `w.to_lowercase()`, borrowed when `w` is lowercase ASCII already (most words).
fn lower(w: &str) -> Cow<'_, str> {
    if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "de" | "al" | "bin" | "van" | "von" | "la" | "du" | "da" | "del" | "der" | "for" | "on" | "and")
}

fn is_name_tok(w: &str) -> bool {
    tokens::is_cap(w) && !lexicon::is_non_name(tokens::bare(w)) && !is_name_adjective(w)
}

/// Whether a capitalised word opening a sentence before another name may
/// be a given name: not an adverb, participle or preposition ("Separately",
/// "Shared", "Unlike"), nor a word the lexicon knows as something else.
fn given_name_like(w: &str) -> bool {
    let lw = lower(w);
    let lw = lw.as_ref();
    w.chars().all(char::is_alphabetic)
        && !(lw.ends_with("ly") || lw.len() > 5 && lw.ends_with("ing") || lw.len() > 4 && lw.ends_with("ed"))
        && !lexicon::is_function_word(lw)
        && !lexicon::is_role_modifier(lw)
        && !lexicon::is_bare_speaker_noun(lw)
        && !lexicon::is_org_suffix(lw)
        && lexicon::cue(lw).is_none()
        && !matches!(
            lw,
            "unlike"
                | "like"
                | "amid"
                | "among"
                | "against"
                | "via"
                | "per"
                | "beyond"
                | "toward"
                | "towards"
                | "within"
                | "across"
                | "behind"
                | "besides"
                | "thanks"
                | "dear"
                | "okay"
                | "hey"
                | "yes"
                | "well"
                | "meanwhile"
                | "instead"
                | "indeed"
                | "perhaps"
                | "maybe"
                | "overall"
                | "elsewhere"
                | "today"
        )
}

/// "Halton-based", "Saudi-led", "Ottawa-born": an adjective made from a
/// name, not the name of a company or person ("the Halton-based company").
fn is_name_adjective(w: &str) -> bool {
    // (Suffix compares: no scan of every word for a hyphen.)
    ["-based", "-born", "-led", "-backed", "-owned", "-run", "-funded", "-made", "-bound", "-era", "-style"]
        .iter()
        .any(|suf| w.len() > suf.len() && w.ends_with(suf))
}

/// Candidate before classification.
struct Cand {
    toks: Range<usize>,
    at_start: bool,
}

/// Find mentions in `text` split into `sentences`.
pub fn find(text: &str, sentences: &[Range<usize>], sent_tokens: &[Vec<Tok>]) -> Mentions {
    let mut list: Vec<MentionB> = Vec::new();
    let mut genders: HashMap<String, Gender> = HashMap::default();
    let mut singles: Vec<(MentionB, bool)> = Vec::new();
    for (si, _) in sentences.iter().enumerate() {
        let toks = &sent_tokens[si];
        let w = |i: usize| toks[i].text(text);
        // First word token index (skipping opening marks).
        let first_word = toks.iter().position(|t| t.is_word()).unwrap_or(0);
        let mut cands = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !(toks[i].is_word() && is_name_tok(w(i))) {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i + 1;
            while e < toks.len() && !tokens::is_possessive(w(e - 1)) {
                if matches!(w(e), "'" | "’")
                    && w(e - 1).ends_with('s')
                    && toks.get(e + 1).is_some_and(|t| t.is_word() && is_name_tok(t.text(text)))
                    && lexicon::is_org_suffix(w(e + 1))
                {
                    // "The National Farmers' Union": a plural possessive
                    // inside a body's name, the body's kind next.
                    e += 2;
                } else if toks[e].is_word()
                    && (is_name_tok(w(e)) || (tokens::is_cap(w(e)) && w(e).len() <= 3 && w(e).ends_with('.')))
                {
                    e += 1;
                } else if toks[e].is_word()
                    && is_connector(w(e))
                    && e + 1 < toks.len()
                    && toks[e + 1].is_word()
                    && is_name_tok(w(e + 1))
                    && (w(e) != "and" || lexicon::is_org_suffix(w(e + 1)))
                    && ((w(e) != "of" && w(e) != "for") || orgish(w(e - 1)))
                    || (w(e) == "-" && e + 1 < toks.len() && is_name_tok(w(e + 1)))
                {
                    e += 2;
                } else {
                    break;
                }
            }
            // "Rep. Ann Bo (D-Ohio)", "(D-N.C.)": a party and state tag is no name.
            let close = (e..toks.len().min(e + 5))
                .find(|&x| !(matches!(w(x), "." | "-") || w(x).len() <= 2 && tokens::is_cap(w(x))))
                .filter(|&x| w(x) == ")");
            let tag = s > 0
                && w(s - 1) == "("
                && w(s).len() > 2
                && w(s).as_bytes()[1] == b'-'
                && matches!(w(s).as_bytes()[0], b'R' | b'D' | b'I');
            match close {
                Some(x) if tag => i = x + 1,
                _ => {
                    // A sentence may start inside a quotation the splitter
                    // kept whole ("“We chose restraint. Restraint is …”").
                    let after_stop = s > 0 && matches!(w(s - 1), "." | "!" | "?");
                    cands.push(Cand { toks: s..e, at_start: s == first_word || after_stop });
                    i = e;
                }
            }
        }
        for c in cands {
            classify(text, toks, c, si, &mut list, &mut singles, &mut genders);
        }
    }
    // "Greta Lindqvist, 79, told …": a sentence's first word that reads as
    // a given name the lists lack was dropped from the mention, which starts
    // at the surname; it still names the person in full. (The mention keeps
    // its span and kind, which the statement finder's models were trained
    // on; only names use it.)
    let hints: HashMap<usize, String> = singles
        .iter()
        .filter(|(m, at_start)| !at_start && m.kind == EntityKind::Person)
        .filter_map(|(m, _)| {
            let sent = sentences.get(m.sentence)?;
            let before = text.get(sent.start..m.start)?.strip_suffix(' ')?;
            let first = before.trim_start_matches(|c: char| c.is_whitespace() || "\"“”‘’'«»".contains(c));
            (!first.is_empty()
                && !first.contains(' ')
                && is_name_tok(first)
                && given_name_like(first)
                && !lexicon::is_demonym(first)
                && !lexicon::is_place(&m.name)
                && !lexicon::is_org(&m.name))
            .then(|| (m.start, format!("{first} {}", m.name)))
        })
        .collect();
    // Surnames of multi-token people (in text order: a surname two people
    // share stays with the first).
    let mut in_order: Vec<(usize, &str)> = list
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| (m.start, m.name.as_str()))
        .chain(hints.iter().map(|(&at, n)| (at, n.as_str())))
        .collect();
    in_order.sort_unstable();
    let mut surnames: HashMap<String, String> = HashMap::default();
    for &(_, name) in &in_order {
        if name.contains(' ') {
            let last = name.rsplit(' ').next().unwrap_or("");
            let known = lexicon::with_lower(last, |lw| surnames.get_mut(lw)).map(|e| {
                if name.len() > e.len() && same_person(e, name) {
                    *e = name.to_string();
                }
            });
            if known.is_none() {
                surnames.insert(last.to_lowercase(), name.to_string());
            }
        }
    }
    // A single word opening a sentence counts as a name only when the text
    // has an adjective of it ("Kastova has recalled ..." beside "Kastovan").
    let caps = demonym_stems(text, sent_tokens);
    // Dropped sentence openers still speak for the kind of a name the
    // article uses elsewhere ("Zipp said it would appeal.").
    let mut voters: Vec<MentionB> = Vec::new();
    // Two people may share a surname ("Jordan Pelletier" and his mother
    // "Linda Pelletier"): a bare "Pelletier" is the one last introduced
    // before it (the list is in text order).
    let mut bearers: HashMap<String, Vec<(usize, String)>> = HashMap::default();
    for &(at, name) in &in_order {
        if let Some((_, last)) = name.rsplit_once(' ') {
            let full = lexicon::with_lower(last, |k| surnames.get(k)).filter(|f| same_person(name, f));
            let name = full.map_or(name, |f| f.as_str());
            // (Looked up lowercased in place: a new key only for a new surname.)
            let known = lexicon::with_lower(last, |k| {
                bearers.get_mut(k).map(|b| {
                    if !b.iter().any(|(_, n)| n == name) {
                        b.push((at, name.to_string()));
                    }
                })
            });
            if known.is_none() {
                bearers.insert(last.to_lowercase(), vec![(at, name.to_string())]);
            }
        }
    }
    // Surnames known only from such a given name: they name a bare surname
    // in full, but do not make it a mention the rules would not have made.
    let hinted_only: HashSet<String> = hints
        .values()
        .filter_map(|n| n.rsplit_once(' ').map(|(_, last)| last.to_lowercase()))
        .filter(|last| {
            !list.iter().any(|m| {
                m.kind == EntityKind::Person
                    && m.name.rsplit_once(' ').is_some_and(|(_, l)| l.eq_ignore_ascii_case(last))
            })
        })
        .collect();
    for (mut m, at_start) in singles {
        let full = lexicon::with_lower(&m.name, |k| bearers.get(k))
            .and_then(|b| b.iter().rev().find(|(at, _)| *at < m.start).or(b.first()))
            .map(|(_, n)| n.clone())
            .or_else(|| lexicon::with_lower(&m.name, |k| surnames.get(k)).cloned());
        let (full, hinted) = match full {
            Some(f) if lexicon::with_lower(&m.name, |k| hinted_only.contains(k)) => (None, Some(f)),
            f => (f, None),
        };
        let hinted = hints.get(&m.start).cloned().or(hinted);
        if let Some(full) = full {
            (m.kind, m.evidence) = (EntityKind::Person, KindEvidence::Strong);
            m.name = full;
            list.push(m);
        } else if lexicon::is_place(&m.name) {
            (m.kind, m.evidence) = (EntityKind::Place, KindEvidence::Strong);
            list.push(m);
        } else if lexicon::is_org(&m.name) {
            (m.kind, m.evidence) = (EntityKind::Org, KindEvidence::Strong);
            list.push(m);
        } else if m.role.is_some() {
            m.evidence = KindEvidence::Strong;
            list.push(m);
        } else if m.kind == EntityKind::Person && (!at_start || has_demonym(&m.name, &caps)) {
            if let Some(h) = hinted {
                m.name = h;
            }
            list.push(m);
        } else if m.kind == EntityKind::Person {
            voters.push(m);
        }
    }
    // Fullest name: a multi-token person whose surname has a longer form.
    for m in &mut list {
        if m.kind == EntityKind::Person {
            let last = m.name.rsplit(' ').next().unwrap_or("");
            let full = lexicon::with_lower(last, |k| surnames.get(k))
                .filter(|full| full.len() > m.name.len() && same_person(&m.name, full))
                .cloned();
            if let Some(full) = full {
                m.name = full;
            }
        }
    }
    list.sort_by_key(|m| (m.start, m.end));
    list.dedup_by(|b, a| a.start < b.end && b.start < a.end);
    for m in &mut list {
        m.rule_kind = m.kind;
    }
    decide_kinds(text, sent_tokens, &caps, &mut list, &voters);
    let mut entities: HashMap<String, EntityInfo> = HashMap::default();
    for m in &list {
        let e = entities.entry(m.name.clone()).or_default();
        e.kind.get_or_insert(m.kind);
        if let Some(r) = &m.role
            && !e.roles.contains(r)
        {
            e.roles.push(r.clone());
            if e.gender.is_none() {
                e.gender = r.split_whitespace().find_map(lexicon::title_gender);
            }
        }
        if e.gender.is_none() && m.kind == EntityKind::Person {
            e.gender =
                genders.get(&m.name).copied().or_else(|| m.name.split(' ').next().and_then(lexicon::first_name_gender));
        }
    }
    Mentions { list, entities, surnames }
}

/// Whether the multi-word name `a` and the name `b` (one sharing its
/// surname) can be the same person: one is a bare surname, they share a
/// first name ("Donald Trump", "Donald J. Trump"), or one ends the other
/// ("Hussein Obama", "Barack Hussein Obama"). "Linda Pelletier" is not
/// "Jordan Pelletier".
fn same_person(a: &str, b: &str) -> bool {
    let first = |n: &str| n.split(' ').next().unwrap_or("").to_lowercase();
    let ends = |long: &str, short: &str| {
        long.len() > short.len() && long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ')
    };
    !a.contains(' ') || !b.contains(' ') || first(a) == first(b) || ends(a, b) || ends(b, a)
}

fn orgish(w: &str) -> bool {
    lexicon::is_org_suffix(w)
        || lexicon::is_title(w)
        || lexicon::is_role_head(w)
        || matches!(
            w,
            "Secretary"
                | "Bank"
                | "Republic"
                | "University"
                | "Ministry"
                | "Department"
                | "Council"
                | "Court"
                | "Office"
                | "Minister"
                | "Institute"
                | "Academy"
                | "Director"
                | "Chief"
                | "Head"
                | "Speaker"
        )
}

#[allow(clippy::too_many_arguments)]
fn classify(
    text: &str,
    toks: &[Tok],
    c: Cand,
    si: usize,
    list: &mut Vec<MentionB>,
    singles: &mut Vec<(MentionB, bool)>,
    genders: &mut HashMap<String, Gender>,
) {
    let w = |i: usize| toks[i].text(text);
    let mut s = c.toks.start;
    let e = c.toks.end;
    let mut at_start = c.at_start;
    // "The", "But" and the like at sentence start; keep "the" for "The Hill"-style known names.
    while s < e
        && lexicon::is_sentence_starter(w(s))
        && !(w(s) == "The" && lexicon::is_org(&span_text(text, toks, s, e)))
    {
        s += 1;
        at_start = false;
    }
    if s >= e {
        return;
    }
    // Split a leading role/title from the name.
    let mut k: Option<usize> = None;
    let mut j = s;
    while j < e {
        let t = tokens::bare(w(j));
        if (lexicon::is_title(t) || lexicon::is_role_head(t)) && j + 1 < e {
            k = Some(j);
            // "Secretary of State Hillary Clinton": "of X" belongs to the role.
            if j + 2 < e && w(j + 1) == "of" {
                let mut m = j + 2;
                while m + 1 < e && !lexicon::is_first_name(w(m)) {
                    m += 1;
                }
                k = Some(m - 1);
                j = m;
                continue;
            }
        }
        j += 1;
    }
    let name_s = k.map_or(s, |k| k + 1);
    if name_s >= e {
        return;
    }
    let (name_start, name_end) = (toks[name_s].start, trim_possessive(text, toks[e - 1]));
    let name = text[name_start..name_end].to_string();
    let name_key = trim_articles(&name);
    let mut role = k.map(|k| text[toks[s].start..toks[k].end].trim_end_matches(',').to_string());
    // Extend the role back over modifiers ("former", "Kremlin spokesperson").
    let mut b = if k.is_some() { s } else { name_s };
    let mut has_head = k.is_some();
    while b > 0 {
        let t = w(b - 1);
        let tb = tokens::bare(t);
        if !toks[b - 1].is_word() {
            break;
        }
        if lexicon::is_role_head(tb) && t.chars().next().is_some_and(char::is_lowercase) {
            has_head = true;
        } else if lexicon::is_role_modifier(tb)
            || (tokens::is_cap(t) && !lexicon::is_sentence_starter(t) && !lexicon::is_non_name(tb))
        {
        } else {
            break;
        }
        b -= 1;
    }
    if has_head && b < name_s {
        let rs = toks[b].start;
        let re = toks[name_s - 1].end;
        let r = text[rs..re].trim_end_matches(',').trim();
        if !r.is_empty() {
            role = Some(r.to_string());
        }
    }
    let gender_title = k.and_then(|k| (s..=k).find_map(|i| lexicon::title_gender(w(i))));
    let single = e - name_s == 1;
    let first = w(name_s);
    // "the Ukrainska Pravda newspaper", "Interfax news agency".
    let media_after = toks.get(e).is_some_and(|t| {
        matches!(
            t.text(text),
            "newspaper" | "daily" | "agency" | "channel" | "TV" | "broadcaster" | "magazine" | "website" | "radio"
        )
    });
    let strong = |k| (Some(k), KindEvidence::Strong);
    let (kind, evidence) = if lexicon::is_org(name_key) || lexicon::is_org(&name) || media_after {
        strong(EntityKind::Org)
    } else if lexicon::is_place(name_key) {
        strong(EntityKind::Place)
    } else if single && (2..=5).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_uppercase()) {
        // An acronym ("told state broadcaster VTV"): a body, whatever role precedes it.
        strong(EntityKind::Org)
    } else if role.is_some() {
        strong(EntityKind::Person)
    } else if lexicon::is_org_suffix(tokens::bare(w(e - 1)))
        || (e - name_s <= 6 && (name_s + 1..e).any(|i| w(i) == "of" && lexicon::is_org_suffix(w(i - 1))))
    {
        // "Greyline Transit", and "Council of River States", "Museum of Art".
        strong(EntityKind::Org)
    } else if !single && (lexicon::is_place_suffix(tokens::bare(w(e - 1))) || lexicon::is_place_prefix(first)) {
        strong(EntityKind::Place)
    } else if !single
        && (lexicon::is_first_name(first)
            || (name_s..e - 1).any(|i| w(i).ends_with('.') && tokens::is_initial(w(i).trim_end_matches('.'))))
    {
        strong(EntityKind::Person)
    } else if appositive_body(text, toks, e) {
        // "Harbor Freight Lines, a shipping company based in Velden,".
        strong(EntityKind::Org)
    } else if !single && !at_start && e - name_s <= 4 && !lexicon::is_demonym(first) {
        // A run of capitalised words, nothing more: a person until the text says otherwise.
        (Some(EntityKind::Person), KindEvidence::None)
    } else {
        (None, KindEvidence::None)
    };
    // Appositive role: "Peskov, the Kremlin spokesman,", or before the name:
    // "the town's mayor, Petra Lindqvist".
    if (kind == Some(EntityKind::Person) || (single && kind.is_none())) && role.is_none() {
        role = appositive_role(text, toks, e).or_else(|| role_before(text, toks, name_s));
    }
    if let Some(g) = gender_title {
        genders.insert(name.clone(), g);
    }
    let m = MentionB {
        start: name_start,
        end: name_end,
        kind: kind.unwrap_or(EntityKind::Person),
        evidence,
        rule_kind: kind.unwrap_or(EntityKind::Person),
        name,
        role,
        sentence: si,
    };
    match kind {
        Some(EntityKind::Person) if single && m.role.is_none() => singles.push((m, at_start)),
        Some(_) => list.push(m),
        None if single && !lexicon::is_demonym(first) => {
            singles.push((MentionB { kind: EntityKind::Person, ..m }, at_start))
        }
        None => {
            if at_start && e - name_s > 1 {
                // Retry without the sentence-initial word: "Yesterday Hillary Clinton".
                let c2 = Cand { toks: name_s + 1..e, at_start: false };
                classify(text, toks, c2, si, list, singles, genders);
            }
        }
    }
}

/// What the words around a mention say of its kind: weak evidence, since
/// "at X", "the X" or "X said it" fit more than one kind of name.
fn context_kind(text: &str, toks: &[Tok], s: usize, e: usize, caps: &HashSet<&str>) -> Option<EntityKind> {
    let w = |i: usize| toks[i].text(text);
    // Most words are lowercase already: borrow those.
    let lower = |i: usize| toks.get(i).filter(|t| t.is_word()).map(|t| lower(t.text(text)));
    let last = w(e - 1);
    let possessive = tokens::is_possessive(last);
    let (prev, prev2) = (s.checked_sub(1).and_then(lower), s.checked_sub(2).and_then(lower));
    let (next, next2) = (lower(e), lower(e + 1));
    let place_noun = |w: &str| {
        matches!(
            w,
            "river"
                | "valley"
                | "dam"
                | "basin"
                | "island"
                | "islands"
                | "region"
                | "district"
                | "districts"
                | "reservoir"
                | "border"
                | "coast"
                | "province"
                | "county"
                | "city"
                | "town"
                | "village"
                | "constabulary"
                | "regional"
                | "gauging"
                | "bay"
                | "harbour"
                | "harbor"
        )
    };
    if e - s == 1 && has_demonym(tokens::bare(last), caps) {
        return Some(EntityKind::Place);
    }
    if possessive {
        return match next.as_deref() {
            Some("chief") if next2.as_deref().is_some_and(|w| matches!(w, "executive" | "financial" | "operating")) => {
                Some(EntityKind::Org)
            }
            Some(
                "shares" | "board" | "staff" | "employees" | "workers" | "manager" | "owner" | "chairman"
                | "chairwoman" | "executives" | "founder" | "customers" | "headquarters" | "products",
            ) => Some(EntityKind::Org),
            Some(
                "mayor" | "government" | "foreign" | "defence" | "defense" | "interior" | "prime" | "president"
                | "capital" | "ambassador" | "army" | "navy" | "parliament" | "economy" | "border" | "farmers"
                | "citizens" | "residents" | "ruling",
            ) => Some(EntityKind::Place),
            _ => None,
        };
    }
    if next.as_deref().is_some_and(place_noun) {
        return Some(EntityKind::Place);
    }
    if next.as_deref().is_some_and(|w| matches!(w, "party" | "company" | "firm" | "group" | "club" | "airline")) {
        return Some(EntityKind::Org);
    }
    match (prev.as_deref(), prev2.as_deref()) {
        (Some("shares" | "stake"), _) | (Some("in" | "of"), Some("shares" | "stake")) => {
            return Some(EntityKind::Org);
        }
        (Some("in" | "near" | "from" | "across" | "outside" | "inside" | "towards" | "toward" | "throughout"), _)
        | (Some("at"), _)
        | (
            Some("of"),
            Some(
                "town" | "city" | "village" | "county" | "district" | "districts" | "region" | "province" | "island"
                | "islands" | "capital" | "mayor" | "governor" | "people" | "residents",
            ),
        ) => return Some(EntityKind::Place),
        (None, Some("capital")) if s >= 1 && w(s - 1) == "," => return Some(EntityKind::Place),
        // "told the Harbour Post"; "the X" alone fits rivers and bodies alike.
        (Some("the"), Some("told")) => return Some(EntityKind::Org),
        (Some("company" | "firm" | "operator" | "broadcaster" | "newspaper" | "agency" | "party" | "group"), _) => {
            return Some(EntityKind::Org);
        }
        _ => {}
    }
    // "X said it ...", "X said in a statement", "X said he ...", "X, who".
    // (A day may come between: "X said Tuesday it ...", "said on Monday it".)
    let day = |i: usize| {
        toks.get(i).is_some_and(|t| crate::time::is_month_or_weekday(t.text(text)))
            || lower(i).is_some_and(|w| matches!(&*w, "today" | "yesterday"))
    };
    let after_w = next.as_deref().is_some_and(|n| lexicon::cue(n).is_some()).then(|| {
        let after_at = match () {
            _ if day(e + 1) => e + 2,
            _ if lower(e + 1).as_deref() == Some("on") && day(e + 2) => e + 3,
            _ => e + 1,
        };
        lower(after_at)
    });
    let after = after_w.as_ref().and_then(|w| w.as_deref());
    match after {
        Some("it" | "its") => Some(EntityKind::Org),
        Some("he" | "she") => Some(EntityKind::Person),
        Some("in") if lower(e + 2).is_some_and(|w| matches!(&*w, "a" | "an")) => lower(e + 3)
            .filter(|w| w.ends_with("statement"))
            .map(|_| EntityKind::Org)
            .or_else(|| lower(e + 4).filter(|w| w.ends_with("statement")).map(|_| EntityKind::Org)),
        _ if e < toks.len() && w(e) == "," && lower(e + 1).as_deref() == Some("who") => Some(EntityKind::Person),
        _ => None,
    }
}

/// "Veltaria" beside "Veltarian", "Kastova" beside "Kastovan", "Brenlow"
/// beside "Brenlowan": the name of a country the text has an adjective for.
/// The names the text has an adjective of: "Kastova" for "Kastovan",
/// "Brenlow" for "Brenlowian", "Tarrin" for "Tarrinese" (from capitalised
/// words of five letters or more; "-n" only after a vowel: "Kastova-n").
fn demonym_stems<'t>(text: &'t str, sent_tokens: &[Vec<Tok>]) -> HashSet<&'t str> {
    let mut stems = HashSet::default();
    for t in sent_tokens.iter().flatten() {
        // Every suffix below ends in "n" or "e": test the last byte first.
        if t.end - t.start < 5 || !matches!(text.as_bytes()[t.end - 1], b'n' | b'e') {
            continue;
        }
        let w = t.text(text);
        if !tokens::is_cap(w) {
            continue;
        }
        for suf in ["n", "an", "ian", "ese"] {
            if let Some(stem) = w.strip_suffix(suf)
                && (suf != "n" || stem.ends_with(['a', 'e', 'o']))
            {
                stems.insert(stem);
            }
        }
    }
    stems
}

fn has_demonym(name: &str, stems: &HashSet<&str>) -> bool {
    name.len() >= 4 && !name.contains(' ') && stems.contains(name)
}

/// One kind per name in the article, from every mention's evidence: the
/// strongest level any mention reaches wins, then the kind most of that
/// level's mentions support (ties: organisation, place, person). Every
/// mention of the name takes the kind and records the level, which the
/// corpus pass weighs against the other articles'.
fn decide_kinds(
    text: &str,
    sent_tokens: &[Vec<Tok>],
    caps: &HashSet<&str>,
    list: &mut [MentionB],
    voters: &[MentionB],
) {
    // (name, kind) -> votes per evidence level.
    let mut votes: HashMap<&str, [[u32; 3]; 3]> = HashMap::default();
    let level = |e: KindEvidence| e.as_u8() as usize;
    let kind_i = |k: EntityKind| match k {
        EntityKind::Org => 0,
        EntityKind::Place => 1,
        EntityKind::Person => 2,
    };
    let named: HashSet<&str> = list.iter().map(|m| m.name.as_str()).collect();
    let voters: Vec<&MentionB> = voters.iter().filter(|v| named.contains(v.name.as_str())).collect();
    let mut context: Vec<Option<EntityKind>> = Vec::with_capacity(list.len() + voters.len());
    for m in list.iter().chain(voters.iter().copied()) {
        let toks = &sent_tokens[m.sentence];
        let s = toks.partition_point(|t| t.end <= m.start);
        let e = toks.partition_point(|t| t.start < m.end).max(s + 1).min(toks.len());
        context.push(if s < toks.len() { context_kind(text, toks, s, e, caps) } else { None });
    }
    for (m, c) in list.iter().chain(voters.iter().copied()).zip(&context) {
        let v = votes.entry(m.name.as_str()).or_default();
        v[level(m.evidence)][kind_i(m.kind)] += 1;
        if let Some(k) = c {
            v[level(KindEvidence::Weak)][kind_i(*k)] += 1;
        }
    }
    let decide = |v: &[[u32; 3]; 3]| {
        let l = (0..3).rev().find(|&l| v[l].iter().any(|&n| n > 0)).unwrap_or(0);
        let k = (0..3).max_by_key(|&k| (v[l][k], 3 - k)).unwrap_or(2);
        ([EntityKind::Org, EntityKind::Place, EntityKind::Person][k], KindEvidence::from_u8(l as u8))
    };
    // Per mention, from its name's votes (no owned copy of every name).
    let decided: Vec<Option<(EntityKind, KindEvidence)>> =
        list.iter().map(|m| votes.get(m.name.as_str()).map(decide)).collect();
    for (m, d) in list.iter_mut().zip(decided) {
        if let Some((k, e)) = d {
            (m.kind, m.evidence) = (k, e);
        }
    }
}

/// `name` without leading "the " and then "The " (each repeated), as
/// `trim_start_matches` gives, without building a substring searcher.
fn trim_articles(name: &str) -> &str {
    let mut k = name;
    while let Some(r) = k.strip_prefix("the ") {
        k = r;
    }
    while let Some(r) = k.strip_prefix("The ") {
        k = r;
    }
    k
}

fn span_text(text: &str, toks: &[Tok], s: usize, e: usize) -> String {
    text[toks[s].start..toks[e - 1].end].to_string()
}

fn trim_possessive(text: &str, t: Tok) -> usize {
    let w = t.text(text);
    for suf in ["’s", "'s"] {
        if w.ends_with(suf) {
            return t.end - suf.len();
        }
    }
    if w.ends_with('.')
        && !lexicon::is_abbreviation(w)
        && !tokens::is_initial(w.trim_end_matches('.'))
        && !w[..w.len() - 1].contains('.')
    {
        return t.end - 1;
    }
    t.end
}

/// "the town's mayor, " or "Greyline's chief executive, " before a name.
fn role_before(text: &str, toks: &[Tok], name_s: usize) -> Option<String> {
    if name_s < 2 || toks[name_s - 1].text(text) != "," {
        return None;
    }
    let head = toks[name_s - 2].text(text);
    if !(lexicon::is_role_head(head) && head.chars().next().is_some_and(char::is_lowercase)) {
        return None;
    }
    let mut b = name_s - 2;
    while b > 0 && name_s - b < 7 {
        let t = toks[b - 1].text(text);
        let tb = tokens::bare(t);
        let possessive = t.ends_with("'s") || t.ends_with("’s");
        if !toks[b - 1].is_word() || lexicon::cue(t).is_some() {
            break;
        }
        if matches!(t, "the" | "The") {
            b -= 1;
            break;
        }
        if !(possessive
            || lexicon::is_role_modifier(tb)
            || lexicon::is_role_head(tb)
            || (tokens::is_cap(t) && !lexicon::is_sentence_starter(t)))
        {
            break;
        }
        b -= 1;
    }
    Some(text[toks[b].start..toks[name_s - 2].end].to_string())
}

/// ", the Kremlin spokesman," after a name.
/// An appositive that calls the name a body: ", a shipping company", ", the
/// state-owned operator", ", an advocacy group" (the head noun within five
/// words of the comma, before any other punctuation).
fn appositive_body(text: &str, toks: &[Tok], e: usize) -> bool {
    if toks.get(e).is_none_or(|t| t.text(text) != ",")
        || !toks.get(e + 1).is_some_and(|t| matches!(t.text(text), "a" | "an" | "the"))
    {
        return false;
    }
    // (Up to the noun phrase's end: "a lawyer whose firm …" is a person.)
    (e + 2..toks.len().min(e + 7))
        .take_while(|&i| {
            let w = toks[i].text(text);
            toks[i].is_word()
                && !matches!(w, "who" | "whose" | "which" | "that" | "of" | "for" | "at" | "with")
                && !lexicon::is_role_head(tokens::bare(w))
        })
        .any(|i| {
            matches!(
                toks[i].text(text),
                "company"
                    | "firm"
                    | "group"
                    | "agency"
                    | "operator"
                    | "carrier"
                    | "airline"
                    | "bank"
                    | "lender"
                    | "insurer"
                    | "retailer"
                    | "maker"
                    | "manufacturer"
                    | "developer"
                    | "utility"
                    | "broadcaster"
                    | "newspaper"
                    | "charity"
                    | "union"
                    | "party"
                    | "organisation"
                    | "organization"
                    | "association"
                    | "network"
                    | "consortium"
                    | "conglomerate"
                    | "startup"
                    | "subsidiary"
            )
        })
}

fn appositive_role(text: &str, toks: &[Tok], e: usize) -> Option<String> {
    if e >= toks.len() || toks[e].text(text) != "," {
        return None;
    }
    let mut j = e + 1;
    let first = toks.get(j)?.text(text);
    if lexicon::cue(first).is_some() {
        return None;
    }
    if matches!(first, "the" | "a" | "an") {
        j += 1;
    }
    // A clause, not a noun phrase: "Oskarby, setting up a fight with the mayor,".
    let lead = toks.get(j)?.text(text);
    if lead.ends_with("ing") && lead.chars().next().is_some_and(char::is_lowercase) && !lexicon::is_role_head(lead) {
        return None;
    }
    let rs = toks.get(j)?.start;
    let mut has_head = false;
    let mut end = j;
    while end < toks.len() && end < j + 10 {
        let t = toks[end].text(text);
        if matches!(t, "," | "." | ";" | ":" | "(" | ")" | "”" | "\"" | "—" | "–") {
            break;
        }
        if lexicon::cue(t).is_some() && !lexicon::is_role_head(t) {
            return None;
        }
        if lexicon::is_role_head(tokens::bare(t)) {
            has_head = true;
        }
        end += 1;
    }
    if !has_head || end == j || end >= toks.len() || !matches!(toks[end].text(text), "," | "." | "—" | "–") {
        return None;
    }
    Some(text[rs..toks[end - 1].end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Mentions {
        let s = [Range { start: 0, end: t.len() }];
        let toks = vec![tokens::tokenize(t, 0, t.len())];
        find(t, &s, &toks)
    }

    #[test]
    fn roles_attach_before_and_after_names() {
        let m = run(
            "Yesterday Kremlin spokesperson Dmitry Peskov met former US President Joe Biden and Lavrov, the Russian foreign minister, in Moscow.",
        );
        let get = |n: &str| m.list.iter().find(|x| x.name == n).unwrap_or_else(|| panic!("{n}: {:?}", m.list));
        assert_eq!(get("Dmitry Peskov").role.as_deref(), Some("Kremlin spokesperson"));
        assert_eq!(get("Joe Biden").role.as_deref(), Some("former US President"));
        assert_eq!(get("Lavrov").role.as_deref(), Some("Russian foreign minister"));
        assert_eq!(get("Moscow").kind, EntityKind::Place);
    }
}
