//! coref: resolve a statement's speaker mention ("he", "the Kremlin
//! spokesman", "Peskov") to the entity this article names.
//!
//! Pronouns prefer the speaker of the previous statement, then the leftmost
//! (subject-like) person of the nearest earlier sentence, in both cases only
//! when gender agrees (first names, Mr./Ms., -man/-woman titles); right
//! after an unnamed speaker ("a senior official said"), a pronoun is that
//! speaker, still unnamed. Role phrases go to the person holding that role
//! in the article (or, when nobody named before holds it, the one named with
//! it just after); surnames to the full name.

use crate::lexicon::{self, Gender};
use crate::mentions::Mentions;
use crate::quotes::Statement;
use std::ops::Range;
use storyline_model::EntityKind;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    pub name: Option<String>,
    pub kind: Option<EntityKind>,
    /// For a pronoun continuing an unnamed speaker: that speaker's mention
    /// (byte range), which a reader is shown as the source.
    pub source: Option<Range<usize>>,
}

fn head_class(w: &str) -> &str {
    match w {
        "spokesman" | "spokeswoman" | "spokesperson" | "spokespeople" => "spokes",
        "leader" | "president" | "premier" | "chancellor" | "head" | "chief" => "leader",
        "senator" | "sen" => "senator",
        "governor" | "gov" => "governor",
        "candidate" | "nominee" | "frontrunner" | "front-runner" | "hopeful" => "candidate",
        "adviser" | "advisor" | "aide" => "adviser",
        "secretary" => "secretary",
        other => other,
    }
}

fn norm(w: &str) -> String {
    let w = w.trim_end_matches(['.', ',']).to_lowercase();
    let w = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(&w).to_string();
    lexicon::demonym_country(&w).map(str::to_string).unwrap_or(w)
}

/// Resolve every statement's speaker.
pub fn resolve(text: &str, statements: &[Statement], mentions: &Mentions, sentences: &[Range<usize>]) -> Vec<Resolved> {
    let mut out: Vec<Resolved> = Vec::with_capacity(statements.len());
    // The people who spoke, the latest last (each once): "he" prefers the
    // last, and the one before when the last asked him something.
    let mut people: Vec<(String, usize)> = Vec::new();
    // The last organisation or place that spoke: "they"/"we"/"it" go there.
    let mut last_group: Option<(Resolved, usize)> = None;
    // The last speaker the article does not name ("a senior official said"):
    // its sentence, where its latest mention ends, whether it is plural, and
    // its first mention (the phrase a reader is shown).
    let mut last_unnamed: Option<(usize, usize, bool, Range<usize>)> = None;
    for st in statements {
        let mut r = match (st.speaker_from, &st.speaker) {
            (Some(i), _) if i < out.len() => out[i].clone(),
            (_, Some(sp)) if continues_unnamed(text, sp, st, statements, mentions, last_unnamed.as_ref()) => Resolved {
                name: None,
                kind: Some(EntityKind::Person),
                source: last_unnamed.as_ref().map(|u| u.3.clone()),
            },
            (_, Some(sp)) => resolve_one(text, sp.clone(), st, mentions, sentences, &people),
            _ => Resolved::default(),
        };
        if r.name.is_none()
            && let Some(sp) = &st.speaker
            && matches!(text[sp.clone()].to_lowercase().as_str(), "they" | "we" | "it")
            && let Some((g, at)) = &last_group
            && st.sentence.saturating_sub(*at) <= 4
        {
            r = g.clone();
        }
        // "The province said", "the city said": the government of the place
        // that last spoke, else of the place last named.
        if r.name.is_none()
            && let Some(sp) = &st.speaker
            && let Some(noun) = place_noun(&text[sp.clone()])
        {
            r = match &last_group {
                Some((g, _)) if g.kind == Some(EntityKind::Place) => g.clone(),
                _ => governed_place(text, sp.start, noun, mentions).unwrap_or(r),
            };
        }
        match (&r.name, r.kind) {
            (Some(n), Some(EntityKind::Person)) => {
                people.retain(|(p, _)| p != n);
                people.push((n.clone(), st.sentence));
                last_unnamed = None;
            }
            (Some(_), Some(_)) => {
                last_group = Some((r.clone(), st.sentence));
                last_unnamed = None;
            }
            _ => {
                if let Some(sp) = &st.speaker {
                    if let Some(plural) = unnamed_person(&text[sp.clone()]) {
                        last_unnamed = Some((st.sentence, sp.end, plural, sp.clone()));
                    } else if let Some(u) = last_unnamed.as_mut()
                        && lexicon::pronoun_info(text[sp.clone()].trim()).is_some()
                    {
                        // "She added …": the same unnamed source, still speaking.
                        u.0 = st.sentence;
                        u.1 = sp.end;
                    }
                }
            }
        }
        out.push(r);
    }
    out
}

/// An unnamed person as a speaker ("a senior health official", "two
/// diplomats familiar with the talks", "Residents"): `Some(plural)`; a name,
/// a pronoun, a body or a document: `None`.
fn unnamed_person(written: &str) -> Option<bool> {
    let phrase = written.split(", ").next().unwrap_or(written).trim();
    if phrase.is_empty() || lexicon::pronoun_info(phrase).is_some() {
        return None;
    }
    // Every word lowercase after the first: no name in it.
    if phrase.split_whitespace().skip(1).any(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    let head = phrase
        .split_whitespace()
        .take_while(|w| !matches!(*w, "familiar" | "close" | "with" | "who" | "from" | "at" | "in" | "of"))
        .last()?
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let person = matches!(
        head.as_str(),
        "official"
            | "officials"
            | "source"
            | "sources"
            | "person"
            | "people"
            | "diplomat"
            | "diplomats"
            | "aide"
            | "aides"
            | "adviser"
            | "advisers"
            | "advisor"
            | "advisors"
            | "resident"
            | "residents"
            | "witness"
            | "witnesses"
            | "insider"
            | "insiders"
            | "spokesperson"
            | "spokesman"
            | "spokeswoman"
            | "officer"
            | "officers"
            | "employee"
            | "employees"
            | "worker"
            | "workers"
            | "executive"
            | "executives"
            | "analyst"
            | "analysts"
            | "man"
            | "woman"
            | "men"
            | "women"
            | "lawmaker"
            | "lawmakers"
            | "member"
            | "members"
    );
    person.then(|| head.ends_with('s') && !head.ends_with("ss") || matches!(head.as_str(), "people" | "men" | "women"))
}

/// "A senior official said … She added that …": a pronoun right after an
/// unnamed speaker, with no person named between (outside what was said),
/// is that speaker still, not a person named earlier.
fn continues_unnamed(
    text: &str,
    sp: &Range<usize>,
    st: &Statement,
    statements: &[Statement],
    mentions: &Mentions,
    last_unnamed: Option<&(usize, usize, bool, Range<usize>)>,
) -> bool {
    let Some(&(at, end, plural, _)) = last_unnamed else { return false };
    let pronoun = text[sp.clone()].trim().to_lowercase();
    let fits = match pronoun.as_str() {
        "he" | "she" => !plural,
        "they" => plural,
        _ => false,
    };
    fits && st.sentence.saturating_sub(at) <= 2
        && end <= sp.start
        && !mentions.starting_in(end, sp.start).iter().any(|m| {
            m.kind == EntityKind::Person
                && m.start >= end
                && m.start < sp.start
                && !statements.iter().any(|o| o.frags.iter().any(|f| f.start <= m.start && m.end <= f.end))
        })
}

fn resolve_one(
    text: &str,
    sp: Range<usize>,
    st: &Statement,
    mentions: &Mentions,
    sentences: &[Range<usize>],
    people: &[(String, usize)],
) -> Resolved {
    let s = text[sp.clone()].trim();
    // A phrase ending in a role or a body's kind ("the Kremlin spokesperson",
    // "The Swiss giant", "the Sallow Water board").
    let tail = text[sp.clone()].split_whitespace().last().filter(|w| w.starts_with(char::is_lowercase));
    let tail_is_role = tail.is_some_and(lexicon::is_role_head);
    let tail_is_body = tail.is_some_and(is_body_head);
    // A name inside the mention: take the last one ("Kremlin spokesperson Dmitry Peskov").
    // An appositive after the name ("Harvey, a delegate from Houston,") is not the speaker.
    let mut cut = text[sp.clone()].find(", ").map_or(sp.end, |c| sp.start + c);
    // "satellite images reviewed by Meridian Wire": who saw the evidence is
    // not its source.
    if let Some(c) = [
        " reviewed by ",
        " seen by ",
        " obtained by ",
        " viewed by ",
        " examined by ",
        " analysed by ",
        " analyzed by ",
    ]
    .iter()
    .filter_map(|p| text[sp.start..cut].find(p))
    .min()
    {
        cut = sp.start + c;
    }
    // "Paula Stein of the Rights League": the person is the speaker, the
    // body after "of"/"from"/"at" is where she works.
    // (Each scan reads only the mentions that can pass its filter, in order:
    // a mention never ends before it starts.)
    if let Some(m) = mentions.starting_in(sp.start, cut).iter().find(|m| {
        m.kind == EntityKind::Person
            && m.start >= sp.start
            && m.end < cut
            && [" of ", " from ", " at "].iter().any(|p| text[m.end..].starts_with(p))
    }) {
        cut = m.end;
    }
    let inside = mentions
        .starting_in(sp.start, cut + 3)
        .iter()
        .filter(|m| m.start >= sp.start && m.end <= cut + 2)
        // "Zelenskyy’s aide" is not Zelenskyy.
        .filter(|m| !(text[m.end..].starts_with("’s ") || text[m.end..].starts_with("'s ")) || m.end + 4 > sp.end)
        // "The Conservative leader", "the Trump adviser", "A Winnipeg
        // woman": a name before the lowercase words ending the phrase
        // modifies them; it is not who speaks.
        // ("a Kremlin readout": a body before a document still issued it.)
        // ("The opposition Green Rivers party": a party's name before
        // "party" is the party.)
        .filter(|m| {
            let after = &text[m.end..sp.end];
            !((m.kind != EntityKind::Org || tail_is_role || tail_is_body)
                && m.end < sp.end
                && after.starts_with(' ')
                && after.split_whitespace().all(|w| w.starts_with(char::is_lowercase))
                && !(m.kind == EntityKind::Org && matches!(after.trim(), "party" | "parties")))
        })
        // "the President" is a role, not a name: the role phrase below finds who holds it.
        .filter(|m| {
            m.name.contains(' ') || !(lexicon::is_role_head(&m.name.to_lowercase()) || lexicon::is_title(&m.name))
        })
        .rfind(|m| m.kind == EntityKind::Person || !tail_is_role);
    if let Some(m) = inside {
        return Resolved { name: Some(m.name.clone()), kind: Some(m.kind), source: None };
    }
    // "the mayor's press secretary, Ed Ruiz,": the name in apposition right
    // after the role, inside the mention.
    if let Some(m) = mentions.starting_in(cut, sp.end + 1).iter().find(|m| {
        m.kind == EntityKind::Person
            && m.start >= cut
            && m.end <= sp.end
            && text[cut..m.start].trim_start_matches([',', ' ']).is_empty()
    }) {
        return Resolved { name: Some(m.name.clone()), kind: Some(m.kind), source: None };
    }
    // A name in apposition after a role phrase: "said Greyline's chief
    // executive, Ruth Adeyemi".
    // ("According to the foreign ministry, Velihrad “has never refused”":
    // a name opening the content is what was said, not who said it.)
    if text[sp.end..].starts_with(", ")
        && let Some(m) = mentions.at(sp.end + 2, sp.end + 3)
        && m.start == sp.end + 2
        && m.kind == EntityKind::Person
        && !st.frags.iter().any(|f| f.start <= m.start && m.start < f.end)
    {
        return Resolved { name: Some(m.name.clone()), kind: Some(m.kind), source: None };
    }
    // A document speaks for whoever issued it: "according to a statement
    // from the Carrow police", "a survey published on Monday by the Trust".
    if let Some(r) = document_issuer(text, &sp, st, mentions) {
        return r;
    }
    // "a company statement", "the club's statement": the body the
    // document's modifier names, the last such one named before.
    if let Some(r) = issuing_body(s, sp.start, mentions) {
        return r;
    }
    if let Some(g) = lexicon::pronoun_info(s) {
        let lw = s.to_lowercase();
        return match lw.as_str() {
            "he" | "she" => pronoun(text, sp.start, st, g, mentions, sentences, people),
            "it" => {
                // The nearest organisation or place in this or the previous sentence.
                let lo = sentences.get(st.sentence.saturating_sub(1)).map_or(0, |r| r.start);
                let m = mentions
                    .starting_in(lo, sp.start + 1)
                    .iter()
                    .rfind(|m| m.end <= sp.start && m.start >= lo && m.kind != EntityKind::Person);
                Resolved { name: m.map(|m| m.name.clone()), kind: m.map(|m| m.kind), source: None }
            }
            _ => Resolved::default(),
        };
    }
    // "A Winnipeg woman says …¶ Doris Klassen, 81, told …": a person
    // brought in unnamed and named by the next sentence's opening.
    if let Some(r) = named_next(text, s, st, mentions, sentences) {
        return r;
    }
    // "the 52-year-old": the person last named before it.
    if let Some(rest) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The "))
        && rest.split_whitespace().next().is_some_and(|w| {
            w.strip_suffix("-year-old").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    {
        let m = mentions.starting_in(0, sp.start).iter().rfind(|m| m.kind == EntityKind::Person && m.end <= sp.start);
        return Resolved { name: m.map(|m| m.name.clone()), kind: Some(EntityKind::Person), source: None };
    }
    // "the veteran", "the retired nurse", "the mother of three": a person
    // described, not a role; the person the text has just named.
    if let Some(g) = described_person(s, text, sp.start) {
        return pronoun(text, sp.start, st, g, mentions, sentences, &[]);
    }
    let words: Vec<String> = s.split_whitespace().map(norm).collect();
    if words.iter().any(|w| lexicon::is_role_head(w)) {
        // Nobody named before holds it: "The mayor" of a lead is often
        // named a sentence or two later ("…," said Mayor Lena Ruiz).
        let until = sentences.get(st.sentence + 2).or(sentences.last()).map_or(sp.end, |r| r.end);
        let name = role_holder(&words, mentions, Named::Before(sp.start)).or_else(|| {
            (words.first().is_some_and(|w| w == "the"))
                .then(|| role_holder(&words, mentions, Named::After(sp.end..until)))
                .flatten()
        });
        return Resolved { name: name.map(str::to_string), kind: Some(EntityKind::Person), source: None };
    }
    // "Her foreign ministry", "his party": whose it is needs more than the
    // phrase; "Neither side", "Each side", "Some": nobody in particular.
    let unnamed = s.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "my"
                | "your"
                | "neither"
                | "either"
                | "each"
                | "both"
                | "none"
                | "some"
                | "many"
                | "most"
                | "all"
                | "few"
                | "several"
                | "others"
                | "another"
        )
    });
    // "Residents said", "Officials say": a capital only because the sentence starts there.
    if unnamed || (!s.contains(' ') && lexicon::is_bare_speaker_noun(&s.to_lowercase())) {
        return Resolved::default();
    }
    // (A name is written before any appositive: "Ruiz, speaking to …" is Ruiz.)
    let named = text[sp.start..cut.clamp(sp.start, sp.end)].trim();
    let bare = named.trim_end_matches("’s").trim_end_matches("'s");
    let bare = bare.strip_prefix("the ").or_else(|| bare.strip_prefix("The ")).unwrap_or(bare);
    if bare.chars().next().is_some_and(char::is_uppercase) {
        if let Some(full) = mentions.surnames.get(&bare.to_lowercase()) {
            return Resolved { name: Some(full.clone()), kind: Some(EntityKind::Person), source: None };
        }
        // "Federal investigators", "Border agents": a capital only because the
        // sentence starts there; a common noun phrase names no one.
        let last = bare.split_whitespace().last().unwrap_or("");
        let common = bare.contains(' ')
            && last.chars().next().is_some_and(char::is_lowercase)
            && !is_body_head(&last.to_lowercase())
            && !lexicon::is_org(bare)
            && !lexicon::is_place(bare);
        if common {
            return organisation(text, &sp, mentions, sentences, st.sentence).unwrap_or_default();
        }
        // "The Swiss giant": the company named before, if any.
        if tail_is_body
            && bare.contains(' ')
            && let Some(r) = organisation(text, &sp, mentions, sentences, st.sentence)
        {
            return r;
        }
        let kind = if lexicon::is_org(bare) {
            EntityKind::Org
        } else if lexicon::is_place(bare) {
            EntityKind::Place
        } else if bare.split_whitespace().last().is_some_and(lexicon::is_org_suffix) {
            EntityKind::Org
        } else {
            EntityKind::Person
        };
        return Resolved { name: Some(bare.to_string()), kind: Some(kind), source: None };
    }
    organisation(text, &sp, mentions, sentences, st.sentence).unwrap_or_default()
}

/// The person an indefinite phrase for someone ("A 24-year-old man", "a
/// diner at the next table") turns out to be, when the next sentence opens
/// by naming them for the first time: "Jordan Pelletier, who …" or "The
/// diner, Helen Zhou, said …" (a delayed lede).
fn named_next(
    text: &str,
    s: &str,
    st: &Statement,
    mentions: &Mentions,
    sentences: &[Range<usize>],
) -> Option<Resolved> {
    let mut ws = s.split_whitespace();
    if !matches!(ws.next()?, "A" | "An" | "a" | "an") {
        return None;
    }
    // The head: a person noun within the first four words ("a diner at …").
    let words: Vec<&str> = ws.take(4).collect();
    let hi = words.iter().position(|w| person_noun(w.trim_end_matches(',')).is_some())?;
    let noun = words[hi].trim_end_matches(',');
    let g = person_noun(noun).flatten();
    let next = sentences.get(st.sentence + 1)?;
    let body = text.get(next.clone())?;
    let lead = body.len() - body.trim_start().len();
    let mut at = next.start + lead;
    // "The diner, Helen Zhou, said …".
    if let Some(rest) = text[at..next.end].strip_prefix("The ")
        && let Some(after) = rest.strip_prefix(noun)
        && let Some(after) = after.strip_prefix(", ")
    {
        at = next.end - after.len();
    }
    // (The mention of "Greta Lindqvist" opening a sentence may start at the
    // surname, its name still in full.)
    let m = mentions.starting_in(at, next.end).first().filter(|m| {
        m.kind == EntityKind::Person
            && (m.start == at
                || (m.name.contains(' ')
                    && m.name.ends_with(&text[m.start..m.end])
                    && m.name.starts_with(text[at..m.start].trim_end())))
    })?;
    let first_named = mentions.list.iter().find(|x| x.name == m.name).is_some_and(|x| x.start == m.start);
    let another = [", another", ", also", ", a fellow", ", the other"].iter().any(|p| text[m.end..].starts_with(p));
    (first_named && !another && compatible(mentions, &m.name, g)).then(|| Resolved {
        name: Some(m.name.clone()),
        kind: Some(EntityKind::Person),
        source: None,
    })
}

/// "the veteran", "The retired nurse", "the mother of three", "the older
/// brother": a definite phrase for a person by what they are, not a role a
/// named person was given; `Some(gender)` (the noun's, if any) when `s` is
/// one. Not when the text brought the noun in with "a"/"an" before ("a
/// senior engineer … the engineer"): that is an unnamed source, kept as
/// written.
fn described_person(s: &str, text: &str, before: usize) -> Option<Option<Gender>> {
    let mut ws = s.split_whitespace();
    if !matches!(ws.next()?, "the" | "The") {
        return None;
    }
    let rest: Vec<&str> = ws.collect();
    // Up to two lowercase modifiers, the noun, then only "of two"/"of three".
    // ("the veteran teacher": the last such noun is the head.)
    let hi = rest.iter().rposition(|w| person_noun(w).is_some())?;
    let tail_ok = match &rest[hi + 1..] {
        [] => true,
        ["of", n] => matches!(*n, "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine"),
        _ => false,
    };
    let mods_ok = hi <= 2
        && rest[..hi].iter().all(|w| w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-'))
        && !rest[..hi].iter().any(|w| lexicon::is_role_head(w));
    if !tail_ok || !mods_ok {
        return None;
    }
    let noun = rest[hi];
    // "the man", "the victim", "the driver": in crime and accident copy a
    // participant the police have not named, as often as one named.
    if is_participant(noun) {
        return None;
    }
    let introduced = text[..before].match_indices(noun).any(|(i, _)| {
        let pre = text[..i].trim_end();
        let end = i + noun.len();
        !text[end..].starts_with(char::is_alphanumeric)
            && !text[..i].ends_with(char::is_alphanumeric)
            && pre
                .rsplit(char::is_whitespace)
                .take(3)
                .take_while(|w| !w.ends_with([',', '.', ';', ':']))
                .any(|w| matches!(w, "a" | "an" | "A" | "An"))
    });
    (!introduced).then(|| person_noun(noun).flatten())
}

/// Nouns for a participant in an event ("the suspect", "the driver"): no
/// second reference to a named person to rely on.
fn is_participant(w: &str) -> bool {
    matches!(
        w,
        "man"
            | "woman"
            | "boy"
            | "girl"
            | "teen"
            | "teenager"
            | "suspect"
            | "victim"
            | "accused"
            | "defendant"
            | "driver"
            | "passenger"
            | "motorist"
            | "pedestrian"
            | "bystander"
            | "customer"
            | "diner"
            | "shopper"
            | "commuter"
            | "spectator"
            | "fan"
            | "patient"
            | "survivor"
    )
}

/// Nouns for a person by age, family, trade or circumstance (not the roles
/// of `lexicon::is_role_head`, which `role_holder` matches), with the gender
/// they imply.
fn person_noun(w: &str) -> Option<Option<Gender>> {
    use Gender::{Female, Male};
    Some(match w {
        "mother" | "sister" | "daughter" | "wife" | "woman" | "widow" | "grandmother" | "girl" | "mom" | "actress"
        | "waitress" | "niece" | "aunt" | "granddaughter" => Some(Female),
        "father" | "brother" | "son" | "husband" | "man" | "widower" | "grandfather" | "boy" | "dad" | "nephew"
        | "uncle" | "grandson" | "fisherman" => Some(Male),
        "veteran" | "nurse" | "teacher" | "resident" | "farmer" | "driver" | "student" | "worker" | "doctor"
        | "retiree" | "parent" | "mechanic" | "accountant" | "player" | "goaltender" | "goalie" | "rookie" | "teen"
        | "teenager" | "victim" | "survivor" | "accused" | "suspect" | "defendant" | "plaintiff" | "homeowner"
        | "tenant" | "landlord" | "singer" | "actor" | "artist" | "chef" | "pastor" | "priest" | "neighbour"
        | "neighbor" | "immigrant" | "refugee" | "physician" | "surgeon" | "pilot" | "firefighter" | "paramedic"
        | "engineer" | "baker" | "grandparent" | "sibling" | "newcomer" | "shopkeeper" | "entrepreneur"
        | "scientist" | "athlete" | "striker" | "defenceman" | "defenseman" | "quarterback" | "pitcher" | "forward"
        | "midfielder" | "winger" | "captain" | "shortstop" | "catcher" | "outfielder" | "infielder" | "defender"
        | "goalkeeper" | "receiver" | "linebacker" | "diner" | "customer" | "passenger" | "shopper" | "commuter"
        | "motorist" | "pedestrian" | "bystander" | "spectator" | "fan" | "patient" | "homebuyer" | "grower"
        | "rancher" | "trucker" | "cyclist" => None,
        _ => return None,
    })
}

/// The person a role phrase opening a sentence names: "The premier
/// dismissed …", "The federal minister, …" (a determiner, up to two
/// modifiers, the role head).
fn role_subject<'m>(text: &str, r: Range<usize>, mentions: &'m Mentions) -> Option<&'m str> {
    let words: Vec<&str> = text.get(r.clone())?.split_whitespace().take(4).collect();
    if !matches!(words.first()?.trim_start_matches(['"', '“', '\'', '‘']), "The" | "the") {
        return None;
    }
    let hi = words.iter().position(|w| {
        w.starts_with(char::is_lowercase) && lexicon::is_role_head(w.trim_end_matches([',', '\'', '’']))
    })?;
    // "The premier's office": not the premier.
    if words[hi].ends_with("'s") || words[hi].ends_with("’s") || words[hi + 1..].first().is_some_and(|w| *w == "of") {
        return None;
    }
    let phrase: Vec<String> = words[..=hi].iter().map(|w| norm(w.trim_start_matches(['"', '“']))).collect();
    role_holder(&phrase, mentions, Named::Before(r.start))
}

/// "the province", "The city": the noun, when a phrase is a place standing
/// for its government.
fn place_noun(s: &str) -> Option<&str> {
    let rest = s.trim().strip_prefix("the ").or_else(|| s.trim().strip_prefix("The "))?;
    matches!(rest, "province" | "city" | "state" | "town" | "country" | "village" | "county" | "municipality")
        .then_some(rest)
}

/// The place last named before `before` that a government can stand for:
/// not a street, river or the like ("Elm Street"), unless its name ends in
/// the noun itself ("Carrow City" for "the city").
fn governed_place(text: &str, before: usize, noun: &str, mentions: &Mentions) -> Option<Resolved> {
    let m = mentions.starting_in(0, before).iter().rfind(|m| {
        let last = m.name.rsplit(' ').next().unwrap_or("").to_lowercase();
        m.kind == EntityKind::Place
            && m.end <= before
            && (!lexicon::is_place_suffix(&last) || last == noun)
            && !text[m.end..].starts_with(['\'', '’'])
    })?;
    Some(Resolved { name: Some(m.name.clone()), kind: Some(EntityKind::Place), source: None })
}

/// Where the holder of a role is looked for: named before the phrase, or
/// (when nobody was) named first in a range after it.
enum Named {
    Before(usize),
    After(Range<usize>),
}

/// The person holding the role a phrase names ("the premier", "the Russian
/// leader"), as the article's role phrases give it: the best overlap of
/// modifiers, then the nearest named (the latest before, the first after).
/// After the phrase the match is stricter: the same head word, and a
/// modifier shared when the phrase has one ("the Senate minority leader" is
/// not any leader named next).
fn role_holder<'m>(words: &[String], mentions: &'m Mentions, named: Named) -> Option<&'m str> {
    let head = words.iter().rfind(|w| lexicon::is_role_head(w))?;
    let has_mods = words.iter().filter(|w| !matches!(w.as_str(), "the" | "a" | "an")).count() > 1;
    // (score, nearness, name): deterministic whatever the map order.
    let mut best: Option<(i32, isize, &str)> = None;
    for (name, info) in &mentions.entities {
        // Without a role there is nothing to score.
        if info.kind != Some(EntityKind::Person) || info.roles.is_empty() {
            continue;
        }
        // Mentions are start-sorted: the latest before, the first after.
        let near = match &named {
            Named::Before(b) => mentions.starting_in(0, *b).iter().rfind(|m| &m.name == name).map(|m| m.start as isize),
            Named::After(r) => mentions
                .starting_in(r.start, r.end)
                .iter()
                .find(|m| &m.name == name && m.start >= r.start)
                .map(|m| -(m.start as isize)),
        };
        let Some(near) = near else { continue };
        for role in &info.roles {
            let score = role_score(words, role)?;
            if let Named::After(_) = named
                && (!role.split_whitespace().any(|w| norm(w) == *head) || (has_mods && score < 4))
            {
                continue;
            }
            let better = best.is_none_or(|(b, bn, bname)| {
                score > b || (score == b && (near > bn || (near == bn && name.as_str() < bname)))
            });
            if score >= 2 && better {
                best = Some((score, near, name.as_str()));
            }
        }
    }
    best.map(|(_, _, name)| name)
}

/// How well a role phrase's words fit one of a person's roles: 2 for the
/// same kind of head ("leader" ~ "president", "premier" ~ "prime minister")
/// plus 2 per shared modifier; a shared modifier alone scores 1; `None` when
/// the phrase has no role head. A country in both that differs rules it out
/// (`Some(0)`): "the Russian leader" is not the Ukrainian president.
fn role_score(words: &[String], role: &str) -> Option<i32> {
    let hi = words.iter().rposition(|w| lexicon::is_role_head(w))?;
    let head = head_class(&words[hi]);
    let mods: Vec<&String> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| i != hi && !matches!(w.as_str(), "the" | "a" | "an"))
        .map(|(_, w)| w)
        .collect();
    let rw: Vec<String> = role.split_whitespace().map(norm).collect();
    let countries = |ws: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        ws.filter(|w| lexicon::is_place(w.as_str())).map(|w| w.to_string()).collect()
    };
    let mod_countries = countries(&mut mods.iter().copied());
    let role_countries = countries(&mut rw.iter());
    if !mod_countries.is_empty()
        && !role_countries.is_empty()
        && !mod_countries.iter().any(|c| role_countries.contains(c))
    {
        return Some(0);
    }
    // ("the former premier" is the former prime minister, and back.)
    let prime = |ws: &[String]| ws.iter().any(|w| w == "prime") && ws.iter().any(|w| w == "minister");
    let head_ok = rw.iter().any(|w| head_class(w) == head)
        || (head == "leader" && words[hi] == "premier" && prime(&rw))
        || (head == "minister" && prime(words) && rw.iter().any(|w| w == "premier"));
    let overlap = mods.iter().filter(|m| rw.contains(m)).count() as i32;
    Some(if head_ok { 2 + 2 * overlap } else { overlap })
}

/// Nouns that stand for a document, not its author.
fn is_document(w: &str) -> bool {
    matches!(
        w,
        "statement" | "survey" | "report" | "poll" | "study" | "letter" | "filing" | "release" | "post" | "document"
    )
}

/// "a statement from X", "a survey (published on Monday) by X": X.
fn document_issuer(text: &str, sp: &Range<usize>, st: &Statement, mentions: &Mentions) -> Option<Resolved> {
    let last = text[sp.clone()].split_whitespace().last()?.to_lowercase();
    if !is_document(last.trim_end_matches(['.', ','])) {
        return None;
    }
    // Within the next few words, not past the reported words.
    let stop = st.frags.iter().map(|f| f.start).filter(|&f| f >= sp.end).min().unwrap_or(text.len());
    let mut end = sp.end;
    let mut after_link = false;
    for (words, w) in text.get(sp.end..stop)?.split_inclusive(char::is_whitespace).enumerate() {
        let bare = w.trim();
        if bare.ends_with([',', ';', ':']) || words > 8 {
            break;
        }
        if matches!(bare, "from" | "by" | "of") {
            after_link = true;
        } else if after_link && !matches!(bare, "the" | "The") {
            let m = mentions.at(end, end + w.len())?;
            return (m.start >= end).then(|| Resolved { name: Some(m.name.clone()), kind: Some(m.kind), source: None });
        }
        end += w.len();
    }
    None
}

/// "a company statement", "A club statement", "a police report": a
/// document whose one modifier is a kind of body was issued by the last
/// body of that kind named before `before` (its name has the word, or any
/// organisation for a generic word: "company", "firm").
fn issuing_body(s: &str, before: usize, mentions: &Mentions) -> Option<Resolved> {
    let ws: Vec<String> = s.split_whitespace().map(|w| w.to_lowercase()).collect();
    let [det, modifier, doc] = ws.as_slice() else { return None };
    let modifier = modifier.trim_end_matches("'s").trim_end_matches("’s");
    if !matches!(det.as_str(), "a" | "an" | "the") || !is_document(doc.trim_end_matches(['.', ','])) {
        return None;
    }
    // ("a club statement" needs a club's name: football clubs named like
    // places or firms are no evidence.)
    let generic = is_generic_body(modifier);
    if !generic && !is_body_head(modifier) {
        return None;
    }
    let m = mentions.starting_in(0, before).iter().rev().find(|m| {
        m.kind == EntityKind::Org && (generic || m.name.to_lowercase().split_whitespace().any(|w| w == modifier))
    })?;
    Some(Resolved { name: Some(m.name.clone()), kind: Some(EntityKind::Org), source: None })
}

/// Heads that name a kind of body ("the board", "the company"): the
/// suffixes of organisation names, and common nouns for bodies.
fn is_body_head(w: &str) -> bool {
    lexicon::is_org_suffix(w)
        || is_generic_body(w)
        || matches!(
            w,
            "airline"
                | "utility"
                | "trust"
                | "authority"
                | "constabulary"
                | "museum"
                | "charity"
                | "regulator"
                | "watchdog"
                | "government"
                | "embassy"
                | "publisher"
                | "broadcaster"
        )
}

/// Generic heads: any named body can be "the company", whatever its name.
fn is_generic_body(w: &str) -> bool {
    matches!(
        w,
        "company"
            | "firm"
            | "group"
            | "operator"
            | "carrier"
            | "retailer"
            | "maker"
            | "insurer"
            | "lender"
            | "developer"
            | "giant"
            | "automaker"
            | "chain"
            | "manufacturer"
            | "startup"
            | "start-up"
            | "conglomerate"
            | "miner"
            | "producer"
            | "supplier"
    )
}

/// A body named by a common noun phrase: "the board" is the Sallow Water
/// Board named earlier, "the company" the last company named; "the
/// environment ministry", named by nothing else, is itself the name.
fn organisation(
    text: &str,
    sp: &Range<usize>,
    mentions: &Mentions,
    sentences: &[Range<usize>],
    sentence: usize,
) -> Option<Resolved> {
    let phrase = text[sp.clone()].trim();
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',']).to_lowercase())
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "its" | "their"))
        .collect();
    let head = words.last()?;
    // "Sarvenia's defence ministry": a place's or body's own body, named by
    // the phrase; "the mayor's office" or "Lee's campaign" are not bodies
    // with a name of their own.
    let possessive = |w: &str| w.ends_with("'s") || w.ends_with("’s");
    let owner_named = phrase.split_whitespace().next().is_some_and(|w| {
        possessive(w)
            && w.starts_with(char::is_uppercase)
            && mentions
                .list
                .iter()
                .any(|m| m.kind != EntityKind::Person && m.start == sp.start && text[m.end..].starts_with(['\'', '’']))
    });
    if words.len() > 5
        || !is_body_head(head)
        || words.iter().enumerate().any(|(i, w)| possessive(w) && !(i == 0 && owner_named))
    {
        return None;
    }
    let org = |n: &str| Resolved { name: Some(n.to_string()), kind: Some(EntityKind::Org), source: None };
    let mods = &words[..words.len() - 1];
    // The latest named body whose name has the head and every modifier.
    let named = mentions.starting_in(0, sp.start).iter().rev().filter(|m| m.kind != EntityKind::Person).find(|m| {
        let lower = m.name.to_lowercase();
        let has = |w: &str| lower.split_whitespace().any(|x| x == w);
        (has(head) || (mods.is_empty() && is_generic_body(head) && m.kind == EntityKind::Org))
            && mods.iter().all(|w| has(w))
    });
    // "The tech giant", "the Swiss giant", "the Toronto company": a generic
    // head with describing words is still the last company named.
    let described = is_generic_body(head);
    let named = named.or_else(|| {
        described.then(|| mentions.starting_in(0, sp.start).iter().rev().find(|m| m.kind == EntityKind::Org)).flatten()
    });
    // "The union" after "Amalgamated Transit Workers Local 402", whatever
    // kind its words alone gave it.
    let named = named.or_else(|| {
        (head == "union" && mods.is_empty())
            .then(|| {
                mentions.starting_in(0, sp.start).iter().rev().find(|m| {
                    m.name.split_whitespace().any(|w| {
                        matches!(
                            w,
                            "Workers" | "Local" | "Union" | "Federation" | "Guild" | "Brotherhood" | "Teamsters"
                        )
                    })
                })
            })
            .flatten()
    });
    if let Some(m) = named {
        return Some(org(&m.name));
    }
    if !mods.is_empty() {
        return Some(org(phrase.strip_prefix("the ").or_else(|| phrase.strip_prefix("The ")).unwrap_or(phrase)));
    }
    // "The agency" after "the national weather agency" earlier.
    let lo = sentences.get(sentence.saturating_sub(6)).map_or(0, |r| r.start);
    let before = text.get(lo..sp.start)?;
    let mut best: Option<&str> = None;
    for (i, _) in before.match_indices(head.as_str()) {
        let end = i + head.len();
        if before[end..].chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let pre = &before[..i];
        let lowercase_mods = |m: &str| m.split_whitespace().all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'));
        // "Sarvenia's defence ministry": a capitalised owner and up to three
        // lowercase modifiers.
        if let Some(apos) = pre.rfind("'s ").or_else(|| pre.rfind("’s "))
            && let owner_start = pre[..apos].rfind(|c: char| c.is_whitespace()).map_or(0, |x| x + 1)
            && pre[owner_start..].starts_with(char::is_uppercase)
            && let mods_text = &pre[apos + pre[apos..].find(' ').map_or(0, |x| x + 1)..]
            && (1..=3).contains(&mods_text.split_whitespace().count())
            && lowercase_mods(mods_text)
        {
            best = Some(&before[owner_start..end]);
            continue;
        }
        // Up to three lowercase modifiers after "the".
        let Some(the) = pre.rfind("the ").or_else(|| pre.rfind("The ")) else { continue };
        let mods_text = &pre[the + 4..];
        let n = mods_text.split_whitespace().count();
        if n == 0 || n > 3 || !lowercase_mods(mods_text) {
            continue;
        }
        best = Some(&before[the + 4..end]);
    }
    best.map(org)
}

/// Whether the words after a subject ask someone of gender `g` something:
/// "then asked him to …", "pressed her on …".
fn asks_the_other(after: &str, g: Option<Gender>) -> bool {
    let obj = match g {
        Some(Gender::Male) => "him",
        Some(Gender::Female) => "her",
        None => return false,
    };
    let mut ws = after.split_whitespace().map(|w| w.trim_end_matches([',', '.']));
    let mut w = ws.next();
    if matches!(w, Some("then" | "later" | "again" | "also")) {
        w = ws.next();
    }
    matches!(w, Some("asked" | "pressed" | "questioned" | "urged" | "challenged")) && ws.next() == Some(obj)
}

fn compatible(mentions: &Mentions, name: &str, g: Option<Gender>) -> bool {
    match (g, mentions.info(name).and_then(|i| i.gender)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn pronoun(
    text: &str,
    at: usize,
    st: &Statement,
    g: Option<Gender>,
    mentions: &Mentions,
    sentences: &[Range<usize>],
    people: &[(String, usize)],
) -> Resolved {
    let (last, earlier) = (people.last(), people.iter().rev().nth(1));
    let person = |n: &str| Resolved { name: Some(n.to_string()), kind: Some(EntityKind::Person), source: None };
    let sentence = st.sentence;
    let lo = sentence.saturating_sub(6);
    let recent_last = last.filter(|(ln, ls)| sentence.saturating_sub(*ls) <= 4 && compatible(mentions, ln, g));
    for si in (lo..=sentence).rev() {
        let Some(r) = sentences.get(si) else { continue };
        // People named inside the reported words are not who is speaking,
        // and a possessive ("Biden’s remarks") is not a subject.
        // Mentions are sorted by start: take this sentence's slice only.
        let lo_i = mentions.list.partition_point(|m| m.start < r.start);
        let hi_i = mentions.list.partition_point(|m| m.start < r.end.min(at));
        let cands: Vec<&crate::mentions::MentionB> = mentions.list[lo_i..hi_i.max(lo_i)]
            .iter()
            .filter(|m| m.sentence == si && m.kind == EntityKind::Person && m.start < at && m.start >= r.start)
            .filter(|m| !st.frags.iter().any(|f| f.start <= m.start && m.end <= f.end))
            .filter(|m| !text[m.end..].starts_with("’s") && !text[m.end..].starts_with("'s"))
            .filter(|m| compatible(mentions, &m.name, g))
            .collect();
        let subject = cands.iter().find(|m| {
            let before = &text[r.start..m.start];
            before.split_whitespace().filter(|w| !w.chars().all(|c| !c.is_alphanumeric())).count() <= 4
        });
        // "Hale then asked him to name the friend. “I won’t,” he said": the
        // one asked answers, not the one asking.
        if let Some(m) = subject
            && si < sentence
            && asks_the_other(&text[m.end..r.end], g)
            && let Some((ln, _)) = [last, earlier]
                .into_iter()
                .flatten()
                .find(|(ln, ls)| *ln != m.name && sentence.saturating_sub(*ls) <= 4 && compatible(mentions, ln, g))
        {
            return person(ln);
        }
        if let Some((ln, _)) = last
            && cands.iter().any(|m| &m.name == ln)
        {
            return person(ln);
        }
        if let Some(m) = subject {
            return person(&m.name);
        }
        if si == sentence {
            continue;
        }
        // "The premier dismissed that account. "…," she said": a role
        // phrase opening the sentence names its subject.
        if let Some(n) = role_subject(text, r.clone(), mentions)
            && compatible(mentions, n, g)
        {
            return person(n);
        }
        if let Some((ln, _)) = recent_last {
            return person(ln);
        }
        if let Some(m) = cands.first() {
            return person(&m.name);
        }
    }
    match last {
        Some((ln, _)) if compatible(mentions, ln, g) => person(ln),
        _ => Resolved { name: None, kind: Some(EntityKind::Person), source: None },
    }
}
