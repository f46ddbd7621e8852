//! mentions: find people, organisations and places, with the roles the text
//! attaches to people ("Kremlin spokesperson Dmitry Peskov", "Peskov, the
//! Kremlin spokesman,").
//!
//! Rules over capitalised token runs plus the gazetteers in `lexicon`. A
//! second pass gives every mention the fullest name the article uses for the
//! same entity (a later "Peskov" becomes "Dmitry Peskov").

use crate::lexicon::{self, Gender};
use crate::tokens::{self, Tok};
use std::collections::HashMap;
use std::ops::Range;
use storyline_model::EntityKind;

/// A mention by byte offsets, with what coreference needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionB {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
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
    pub fn info(&self, name: &str) -> Option<&EntityInfo> {
        self.entities.get(name)
    }
}

fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "de" | "al" | "bin" | "van" | "von" | "la" | "du" | "da" | "del" | "der" | "for" | "on" | "and")
}

fn is_name_tok(w: &str) -> bool {
    tokens::is_cap(w) && !lexicon::is_non_name(tokens::bare(w))
}

/// Candidate before classification.
struct Cand {
    toks: Range<usize>,
    at_start: bool,
}

/// Find mentions in `text` split into `sentences`.
pub fn find(text: &str, sentences: &[Range<usize>], sent_tokens: &[Vec<Tok>]) -> Mentions {
    let mut list: Vec<MentionB> = Vec::new();
    let mut genders: HashMap<String, Gender> = HashMap::new();
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
                if toks[e].is_word()
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
            cands.push(Cand { toks: s..e, at_start: s == first_word });
            i = e;
        }
        for c in cands {
            classify(text, toks, c, si, &mut list, &mut singles, &mut genders);
        }
    }
    // Surnames of multi-token people.
    let mut surnames: HashMap<String, String> = HashMap::new();
    for m in &list {
        if m.kind == EntityKind::Person && m.name.contains(' ') {
            let last = m.name.rsplit(' ').next().unwrap_or("").to_lowercase();
            let e = surnames.entry(last).or_insert_with(|| m.name.clone());
            if m.name.len() > e.len() && m.name.ends_with(e.rsplit(' ').next().unwrap_or("")) {
                *e = m.name.clone();
            }
        }
    }
    for (mut m, at_start) in singles {
        let key = m.name.to_lowercase();
        if let Some(full) = surnames.get(&key) {
            m.kind = EntityKind::Person;
            m.name = full.clone();
            list.push(m);
        } else if lexicon::is_place(&m.name) {
            m.kind = EntityKind::Place;
            list.push(m);
        } else if lexicon::is_org(&m.name) {
            m.kind = EntityKind::Org;
            list.push(m);
        } else if m.role.is_some() || (!at_start && m.kind == EntityKind::Person) {
            list.push(m);
        }
    }
    // Fullest name: a multi-token person whose surname has a longer form.
    for m in &mut list {
        if m.kind == EntityKind::Person {
            let last = m.name.rsplit(' ').next().unwrap_or("").to_lowercase();
            if let Some(full) = surnames.get(&last)
                && full.len() > m.name.len()
            {
                m.name = full.clone();
            }
        }
    }
    list.sort_by_key(|m| (m.start, m.end));
    list.dedup_by(|b, a| a.start < b.end && b.start < a.end);
    let mut entities: HashMap<String, EntityInfo> = HashMap::new();
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
    let name_key = name.trim_start_matches("the ").trim_start_matches("The ");
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
    let kind = if lexicon::is_org(name_key) || lexicon::is_org(&name) || media_after {
        Some(EntityKind::Org)
    } else if lexicon::is_place(name_key) {
        Some(EntityKind::Place)
    } else if role.is_some() {
        Some(EntityKind::Person)
    } else if lexicon::is_org_suffix(tokens::bare(w(e - 1))) {
        Some(EntityKind::Org)
    } else if lexicon::is_place_suffix(tokens::bare(w(e - 1))) && !single {
        Some(EntityKind::Place)
    } else if !single
        && (lexicon::is_first_name(first)
            || (name_s..e - 1).any(|i| w(i).ends_with('.') && tokens::is_initial(w(i).trim_end_matches('.')))
            || (!at_start && e - name_s <= 4 && !lexicon::is_demonym(first)))
    {
        Some(EntityKind::Person)
    } else {
        None
    };
    // Appositive role: "Peskov, the Kremlin spokesman,", or before the name:
    // "the town's mayor, Petra Lindqvist".
    if (kind == Some(EntityKind::Person) || (single && kind.is_none())) && role.is_none() {
        role = appositive_role(text, toks, e).or_else(|| role_before(text, toks, name_s));
    }
    let m = MentionB {
        start: name_start,
        end: name_end,
        kind: kind.unwrap_or(EntityKind::Person),
        name: name.clone(),
        role,
        sentence: si,
    };
    if let Some(g) = gender_title {
        genders.insert(name.clone(), g);
    }
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
