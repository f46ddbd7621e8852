//! A wider net for reported speech: cue words the subject-before-verb sites
//! of [`super::cue_sites`] never look at, because no noun phrase stands
//! right before them. An infinitive ("went on Twitter to applaud …"), a
//! coordinated verb ("… and praised her effort"), a participle after a comma
//! ("…, hinting at his playbook"), a relative clause ("a group that endorsed
//! Sanders"), a nominal cue ("his criticism of …", "the claim that …") or a
//! passive ("was endorsed by …", "is expected to …").
//!
//! Each candidate is scored by a second linear model (`data/cand_model.tsv`,
//! learned from PolNeAR train only by `examples/cand_train.rs`, threshold by
//! cross-validation). Its speaker follows from how the cue is attached: the
//! clause's subject for an infinitive, a coordinated verb or a participle,
//! the antecedent of a relative pronoun, the possessor of a nominal cue, the
//! agent of a passive; none for "the claim that …" or "is expected to".

use super::{
    Ctx, CueSite, LENGTH_CAP, SentenceCtx, SiteOptions, Statement, ascii_lower, asked_unnamed, by_sentence,
    cue_class_feature, end_of_clause, first_np, frame_for_quoted, free_cue_word, has_words, is_determiner,
    length_bucket, main_clause_start, passive_agent, tok_class, words_upto,
};
use crate::lexicon::{self, CueClass, CueModel, Piece};
use crate::marks::Quoted;
use crate::mentions::Mentions;
use crate::tokens;
use std::ops::Range;
use storyline_model::EntityKind;

/// How a candidate cue hangs on its clause: decides its speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attach {
    /// "to applaud": the clause's subject.
    To,
    /// "and praised", "but denied": the clause's subject.
    And,
    /// ", hinting": the clause's subject.
    Participle,
    /// "that endorsed", ", which showed": the antecedent.
    Relative,
    /// "his criticism of", "the claim that": the possessor, or no one.
    Nominal,
    /// "was endorsed", "is expected": the agent after "by", or no one.
    Be,
    /// "has embraced", "will push", "did not mention": the clause's subject.
    Aux,
    /// After a preposition ("in blasting me", "of supporting"): the clause's subject.
    Prep,
    /// Anything else: the clause's subject.
    Other,
}

impl Attach {
    fn name(self) -> &'static str {
        match self {
            Attach::To => "to",
            Attach::And => "and",
            Attach::Participle => "part",
            Attach::Relative => "rel",
            Attach::Nominal => "det",
            Attach::Be => "be",
            Attach::Aux => "aux",
            Attach::Prep => "prep",
            Attach::Other => "other",
        }
    }
}

/// Words between a cue and its content that belong to the cue ("criticism
/// of …", "complained about …", "the claim that …").
fn is_content_opener(w: &str) -> bool {
    matches!(w, "that" | ":" | "about" | "of" | "on" | "over" | "for" | "with" | "against")
}

/// The candidate sites of one article: words whose stem passes `gate`, not a
/// cue or speaker of `before` (the statements found so far), not a cue site
/// of the first model (`skip`: their cue offsets), with at least one word of
/// clause after them.
pub fn sites(
    text: &str,
    sentences: &[SentenceCtx<'_>],
    para_quotes: &[Vec<Quoted>],
    mentions: &Mentions,
    before: &[Statement],
    skip: &[usize],
    opts: &SiteOptions<'_>,
) -> Vec<CueSite> {
    let SiteOptions { gate, model, features } = *opts;
    let by_sentence = by_sentence(before, sentences.len());
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let ctx = Ctx { text, toks: s.toks, quotes: &para_quotes[s.paragraph], mentions, sent: s.range.clone() };
        let stmts = &by_sentence[si];
        let n = s.toks.len();
        let mut subject: Option<Option<Range<usize>>> = None;
        let mut main_start: Option<usize> = None;
        for i in 0..n.saturating_sub(1) {
            let t = s.toks[i];
            // (Kind, length and first byte before the word is sliced.)
            if !t.is_word() || t.end - t.start < 3 || !text.as_bytes()[t.start].is_ascii_lowercase() {
                continue;
            }
            let w = ctx.w(i);
            let stem = lexicon::cue_stem(w);
            if !gate(stem) || skip.binary_search(&t.start).is_ok() {
                continue;
            }
            if !free_cue_word(&ctx, stmts, t.start..t.end) {
                continue;
            }
            // Past adverbs and "not" to the word the cue hangs on.
            let mut p = i;
            while p > 0 && {
                let x = ctx.w(p - 1);
                (x.len() > 4 && x.ends_with("ly") && x.as_bytes()[0].is_ascii_lowercase())
                    || matches!(x, "not" | "also" | "never" | "still" | "just" | "even" | "already" | "n't")
            } {
                p -= 1;
            }
            let pw = if p == 0 { "" } else { ctx.w(p - 1) };
            let mut buf = [0u8; 16];
            let lpw = ascii_lower(pw, &mut buf);
            let attach = match lpw.as_ref() {
                "to" => Attach::To,
                "and" | "but" | "or" => Attach::And,
                "which" | "that" | "who" => Attach::Relative,
                "," | "—" | "–" if w.ends_with("ing") => Attach::Participle,
                "is" | "are" | "was" | "were" | "be" | "been" | "being" | "’s" | "'s"
                    if w.ends_with("ed") || w.ends_with("en") =>
                {
                    Attach::Be
                }
                "has" | "have" | "had" | "will" | "would" | "can" | "could" | "should" | "may" | "might" | "must"
                | "do" | "does" | "did" | "don’t" | "didn’t" | "doesn’t" | "don't" | "didn't" | "doesn't" | "won’t"
                | "won't" => Attach::Aux,
                "of" | "in" | "by" | "for" | "on" | "from" | "after" | "before" | "without" | "while" | "about" => {
                    Attach::Prep
                }
                _ if is_determiner(pw)
                    || tokens::is_possessive(pw)
                    || matches!(lpw.as_ref(), "his" | "her" | "their" | "its" | "our" | "my" | "whose") =>
                {
                    Attach::Nominal
                }
                _ => Attach::Other,
            };
            // Content: the clause after the cue, past a "that", a colon or
            // the preposition a cue takes.
            let mut cs = i + 1;
            if is_content_opener(ctx.w(cs)) {
                cs += 1;
            }
            if cs >= n || matches!(ctx.w(cs), "." | "!" | "?" | ";" | ",") {
                continue;
            }
            let mut end = end_of_clause(&ctx, cs);
            // "After praising the pier, the spokesman …": a cue inside an
            // opening clause says no more than that clause.
            let m = *main_start.get_or_insert_with(|| main_clause_start(&ctx));
            if m > cs && m <= n {
                end = end.min(s.toks[m - 1].start);
            }
            let Some(content) = ctx.content(s.toks[cs].start, end) else {
                continue;
            };
            let quoted = ctx.quotes.iter().any(|q| q.open < content.end && content.start < q.end && !q.single);
            let nested = stmts.iter().any(|st| st.frags.iter().any(|f| f.start <= t.start && t.end <= f.end));
            // At run time, what `statements` and `drop_nested_views` would
            // drop anyway is not scored: a content too short, a view nested
            // in another statement.
            let content_words = words_upto(&text[content.clone()], LENGTH_CAP.max(MIN_WORDS));
            if !features
                && (content_words < MIN_WORDS || nested && lexicon::cue(w).is_none_or(|c| c.class != CueClass::Speech))
            {
                continue;
            }
            // Speaker, by attachment.
            let speaker: Option<Range<usize>> = match attach {
                _ if asked_unnamed(&ctx, i) => None,
                // "Some accused …", "Many fear …": a quantifier opening the
                // clause is its subject, not a determiner.
                Attach::Nominal if is_quantifier_subject(&ctx, p - 1, i) => Some(p - 1..p),
                Attach::Nominal => {
                    let pl = lpw.as_ref();
                    (matches!(pl, "his" | "her" | "their" | "its" | "our" | "my") || tokens::is_possessive(pw))
                        .then(|| ctx.np_ending_at(p - 1).unwrap_or(p - 1..p))
                }
                Attach::Be => passive_agent(&ctx, i, i + 1),
                Attach::Relative => {
                    let k = p - 1;
                    let a = if k >= 2 && ctx.w(k - 1) == "," { k - 2 } else { k.wrapping_sub(1) };
                    (k >= 1).then(|| ctx.np_ending_at(a)).flatten()
                }
                // "The mayor, still angry, grudgingly agreed …": the subject
                // ends before the adverbs, not with them.
                _ if p < i => first_np(&ctx, if m < p { m } else { 0 }, p)
                    .filter(|r| r.end <= p && !(r.len() == 1 && is_determiner(ctx.w(r.start))))
                    .map(|r| frame_for_quoted(&ctx, r, i))
                    .or_else(|| interrupted_subject(&ctx, p))
                    .or_else(|| main_subject_after_intro(&ctx, m, i)),
                _ => clause_subject(&ctx, &mut subject, i)
                    .or_else(|| interrupted_subject(&ctx, p))
                    .or_else(|| main_subject_after_intro(&ctx, m, i)),
            };
            let speaker_kind = speaker.as_ref().map_or("none", |r| speaker_kind(&ctx, r));
            let (mut score, mut no_source) = (0.0, 0.0);
            let mut feats = Vec::new();
            let site_feats = SiteFeats {
                i,
                stem,
                attach,
                speaker_kind,
                content_words,
                quoted,
                nested,
                rules: stmts.iter().filter(|st| st.cue.is_some()).count().min(2),
                opener: ctx.w(i + 1),
            };
            emit_features(&ctx, &site_feats, &mut |parts| {
                if let Some(m) = model {
                    let (a, b) = m.weights_of_pieces(parts);
                    score += a;
                    no_source += b;
                }
                if features {
                    feats.push(parts.iter().map(|p| p.text).collect());
                }
            });
            let speaker_bytes = speaker.map_or(t.start..t.start, |r| ctx.span_of(&r));
            out.push(CueSite {
                cue: t.start..t.end,
                speaker: speaker_bytes,
                content,
                sentence: si,
                paragraph: s.paragraph,
                score,
                no_source,
                features: feats,
            });
        }
    }
    out
}

/// The subject of the clause a cue hangs on, found once per sentence: a
/// pronoun or a name opening the main clause (or the sentence).
fn clause_subject(ctx: &Ctx<'_>, memo: &mut Option<Option<Range<usize>>>, i: usize) -> Option<Range<usize>> {
    memo.get_or_insert_with(|| {
        let m = main_clause_start(ctx);
        first_np(ctx, if m < i { m } else { 0 }, i)
    })
    .clone()
    // "The dispute over whether …": a lone determiner is no one.
    .filter(|r| r.end <= i && !(r.len() == 1 && is_determiner(ctx.w(r.start))))
    .map(|r| frame_for_quoted(ctx, r, i))
}

/// "Some accused …", "Many fear …", "and both denied …": a quantifier at
/// the start of a clause, right before the cue, stands for its speakers.
fn is_quantifier_subject(ctx: &Ctx<'_>, q: usize, i: usize) -> bool {
    let lq = ctx.w(q).to_ascii_lowercase();
    if !matches!(
        lq.as_str(),
        "some" | "many" | "most" | "all" | "both" | "several" | "each" | "few" | "others" | "those"
    ) {
        return false;
    }
    let opens = q == 0 || {
        let b = ctx.w(q - 1).to_ascii_lowercase();
        matches!(b.as_str(), "," | ";" | ":" | "—" | "and" | "but" | "yet" | "while" | "whereas" | "even" | "now")
    };
    if !opens {
        return false;
    }
    // "some criticism of", "many claims that": a noun taking its content.
    let cue = ctx.w(i);
    cue.ends_with("ed") || !cue.ends_with('s') && !is_content_opener(ctx.w(i + 1))
}

/// "Democratic economists, like their Republican counterparts, say …",
/// "The three scholars -- A, B and C -- agreed …": a subject set off from its
/// verb by an aside between commas or dashes. `p` is the cue's first word
/// (past adverbs); the word before it closes the aside.
fn interrupted_subject(ctx: &Ctx<'_>, p: usize) -> Option<Range<usize>> {
    let is_dash = |x: usize| matches!(ctx.w(x), "—" | "–" | "-" | "--");
    let close = p.checked_sub(1)?;
    let comma = ctx.w(close) == ",";
    if !comma && !is_dash(close) {
        return None;
    }
    // ("--" may be two tokens.)
    let mut c0 = close;
    while !comma && c0 > 0 && is_dash(c0 - 1) {
        c0 -= 1;
    }
    let mut open = (0..c0).rev().take(30).find(|&x| if comma { ctx.w(x) == "," } else { is_dash(x) })?;
    while !comma && open > 0 && is_dash(open - 1) {
        open -= 1;
    }
    let np = ctx.np_ending_at(open.checked_sub(1)?)?;
    // The subject opens the clause: at most a conjunction or an adverb
    // before it ("Yet economists, …").
    let before = (0..np.start).filter(|&x| ctx.toks[x].is_word()).count();
    (before <= 2 && !(np.len() == 1 && is_determiner(ctx.w(np.start)))).then_some(np)
}

/// "After saying he was nervous, the man asked …", "In rejecting a similar
/// challenge, the commission …": a cue inside an opening adverbial clause
/// speaks for the main clause's subject (its content ends with the opening
/// clause: see [`sites`]). `m` is the main clause's first token.
fn main_subject_after_intro(ctx: &Ctx<'_>, m: usize, i: usize) -> Option<Range<usize>> {
    if m <= i || m >= ctx.toks.len() {
        return None;
    }
    ctx.np_starting_at(m).filter(|r| !(r.len() == 1 && is_determiner(ctx.w(r.start))))
}

struct SiteFeats<'a> {
    i: usize,
    stem: &'a str,
    attach: Attach,
    speaker_kind: &'static str,
    content_words: usize,
    quoted: bool,
    nested: bool,
    rules: usize,
    opener: &'a str,
}

fn speaker_kind(ctx: &Ctx<'_>, r: &Range<usize>) -> &'static str {
    let last = ctx.w(r.end - 1);
    if lexicon::pronoun_info(last).is_some() {
        return "pron";
    }
    if let Some(m) = ctx.mentions.at(ctx.toks[r.end - 1].start, ctx.toks[r.end - 1].end) {
        return match m.kind {
            EntityKind::Person => "Person",
            EntityKind::Org => "Org",
            EntityKind::Place => "Place",
        };
    }
    if tokens::is_possessive(last) {
        return "poss";
    }
    if tokens::is_cap(last) {
        return "cap";
    }
    if lexicon::is_bare_speaker_noun(last) || lexicon::is_role_head(tokens::bare(last)) {
        return "role";
    }
    "noun"
}

/// The features of a candidate, each passed to `emit` as the pieces of its
/// name (hashed piece by piece, joined only for training).
fn emit_features(ctx: &Ctx<'_>, s: &SiteFeats<'_>, emit: &mut dyn FnMut(&[&Piece<'_>])) {
    // A literal's piece, hashed at compile time.
    macro_rules! k {
        ($s:literal) => {{
            const P: Piece<'static> = Piece::new($s);
            &P
        }};
    }

    let i = s.i;
    let w = ctx.w(i);
    let stem = s.stem;
    let a = s.attach.name();
    let sk = s.speaker_kind;
    let n1 = tok_class(ctx, i + 1);
    let n2 = tok_class(ctx, i + 2);
    let p1 = if i == 0 { std::borrow::Cow::Borrowed("START") } else { tok_class(ctx, i - 1) };
    let p2 = if i < 2 { std::borrow::Cow::Borrowed("START") } else { tok_class(ctx, i - 2) };
    let (n1, n2, p1, p2) = (n1.as_ref(), n2.as_ref(), p1.as_ref(), p2.as_ref());
    let suf = w.get(w.len().saturating_sub(3)..).unwrap_or("");
    let len = length_bucket(s.content_words);
    let rc = cue_class_feature(w);
    let op = if is_content_opener(s.opener) { s.opener } else { "-" };
    let rules = ["0", "1", "2"][s.rules.min(2)];
    let at = match i {
        0..=2 => "0-2",
        3..=8 => "3-8",
        _ => "9+",
    };
    let [w_p, stem_p, a_p, sk_p, n1_p, n2_p, p1_p, p2_p, suf_p, len_p, rc_p, op_p, rules_p, at_p] =
        [w, stem, a, sk, n1, n2, p1, p2, suf, len, rc, op, rules, at].map(Piece::new);
    emit(&[k!("b")]);
    emit(&[k!("w="), &stem_p]);
    emit(&[k!("f="), &w_p]);
    emit(&[k!("a="), &a_p]);
    emit(&[k!("w="), &stem_p, k!("|a="), &a_p]);
    emit(&[k!("suf="), &suf_p, k!("|a="), &a_p]);
    emit(&[k!("n1="), &n1_p]);
    emit(&[k!("a="), &a_p, k!("|n1="), &n1_p]);
    emit(&[k!("w="), &stem_p, k!("|n1="), &n1_p]);
    emit(&[k!("w="), &stem_p, k!("|n12="), &n1_p, k!(" "), &n2_p]);
    emit(&[k!("p1="), &p1_p]);
    emit(&[k!("p12="), &p2_p, k!(" "), &p1_p]);
    emit(&[k!("w="), &stem_p, k!("|p1="), &p1_p]);
    emit(&[k!("sk="), &sk_p]);
    emit(&[k!("a="), &a_p, k!("|sk="), &sk_p]);
    emit(&[k!("w="), &stem_p, k!("|sk="), &sk_p]);
    emit(&[k!("len="), &len_p]);
    emit(&[k!("a="), &a_p, k!("|len="), &len_p]);
    emit(&[k!("rc="), &rc_p]);
    emit(&[k!("rc="), &rc_p, k!("|a="), &a_p]);
    emit(&[k!("op="), &op_p]);
    emit(&[k!("w="), &stem_p, k!("|op="), &op_p]);
    emit(&[k!("rules="), &rules_p]);
    emit(&[k!("at="), &at_p]);
    if s.nested {
        emit(&[k!("nested")]);
        emit(&[k!("nested|a="), &a_p]);
        emit(&[k!("w="), &stem_p, k!("|nested")]);
    }
    if s.quoted {
        emit(&[k!("quoted")]);
    }
}

/// Fewest words in a candidate's content (as for the first model's).
pub const MIN_WORDS: usize = super::MIN_LEARNED_WORDS;

/// The candidates `model` is confident about, as indirect (or mixed)
/// statements.
pub fn statements(
    text: &str,
    sentences: &[SentenceCtx<'_>],
    para_quotes: &[Vec<Quoted>],
    mentions: &Mentions,
    before: &[Statement],
    skip: &[usize],
    model: &CueModel,
) -> Vec<Statement> {
    let opts = SiteOptions { gate: &|s| model.knows(s), model: Some(model), features: false };
    let sites = sites(text, sentences, para_quotes, mentions, before, skip, &opts);
    let mut out: Vec<Statement> = Vec::new();
    for site in sites {
        if site.score < model.threshold || !has_words(&text[site.content.clone()], MIN_WORDS) || !site.says(text) {
            continue;
        }
        // One statement per content: "strongly criticized …" keeps the first.
        if out.iter().any(|o| o.sentence == site.sentence && o.frags[0].end == site.content.end) {
            continue;
        }
        let s = &sentences[site.sentence];
        let ctx = Ctx { text, toks: s.toks, quotes: &para_quotes[s.paragraph], mentions, sent: s.range.clone() };
        let speaker = (!site.speaker.is_empty()).then(|| site.speaker.clone());
        out.push(site.statement(&ctx, site.content.start, speaker));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::Tok;

    /// The pipeline of `crate::annotate` up to the statements before the
    /// candidates, then the candidate sites for stems in `stems`.
    fn cands(text: &str, stems: &[&str]) -> Vec<CueSite> {
        let q = crate::marks::find(text, 0, text.len());
        let mut sents = Vec::new();
        crate::sentences::split_paragraph(text, 0, text.len(), &q, &mut sents);
        let toks: Vec<Vec<Tok>> = sents.iter().map(|r| tokens::tokenize(text, r.start, r.end)).collect();
        let m = crate::mentions::find(text, &sents, &toks);
        let ctxs: Vec<SentenceCtx<'_>> =
            sents.iter().zip(&toks).map(|(r, t)| SentenceCtx { range: r.clone(), paragraph: 0, toks: t }).collect();
        let para_quotes = vec![q];
        let (before, skip) = super::super::find_without_candidates(text, &ctxs, &para_quotes, &m);
        sites(
            text,
            &ctxs,
            &para_quotes,
            &m,
            &before,
            &skip,
            &SiteOptions { gate: &|s| stems.contains(&s), model: None, features: true },
        )
    }

    fn site<'a>(text: &str, sites: &'a [CueSite], cue: &str) -> &'a CueSite {
        sites.iter().find(|s| &text[s.cue.clone()] == cue).unwrap_or_else(|| panic!("no site at {cue}: {sites:#?}"))
    }

    #[test]
    fn an_infinitive_or_a_participle_speaks_for_the_clause_subject() {
        let t =
            "Mayor Ilse Varga would fight the usual budget battles, hoping to build a ferry line with small grants.";
        let s = cands(t, &["hop"]);
        let h = site(t, &s, "hoping");
        assert!(t[h.speaker.clone()].contains("Ilse Varga"), "{h:#?}");
        assert_eq!(&t[h.content.clone()], "to build a ferry line with small grants");
        assert!(h.features.iter().any(|f| f == "a=part"));
        let t = "Harbor master Ines Kade took to the radio on Friday to applaud the new ferry schedule.";
        let s = cands(t, &["applaud"]);
        let a = site(t, &s, "applaud");
        assert!(t[a.speaker.clone()].ends_with("Ines Kade"), "{a:#?}");
        assert_eq!(&t[a.content.clone()], "the new ferry schedule");
        assert!(a.features.iter().any(|f| f == "a=to"));
    }

    #[test]
    fn a_nominal_cue_speaks_for_its_possessor_and_a_bare_noun_for_no_one() {
        let t = "Varga's contempt for the toll plan angered the bridge company.";
        let s = cands(t, &["contempt"]);
        let c = site(t, &s, "contempt");
        assert!(t[c.speaker.clone()].starts_with("Varga"), "{c:#?}");
        // The content starts after the preposition the cue takes.
        assert!(t[c.content.clone()].starts_with("the toll plan"));
        assert!(c.features.iter().any(|f| f == "a=det") && c.features.iter().any(|f| f == "op=for"));
        let t = "The dispute over whether to close the north pier has split the council.";
        let s = cands(t, &["over"]);
        assert!(site(t, &s, "over").speaker.is_empty(), "a lone determiner is no speaker");
    }

    #[test]
    fn a_relative_pronoun_speaks_for_its_antecedent() {
        let t = "The Tidewater Guild, which backed Varga in the primary, has stayed quiet.";
        let s = cands(t, &["back"]);
        let b = site(t, &s, "backed");
        assert_eq!(&t[b.speaker.clone()], "The Tidewater Guild");
        assert!(b.features.iter().any(|f| f == "a=rel"));
    }

    #[test]
    fn a_quantifier_opening_the_clause_is_the_speaker_not_a_determiner() {
        let t = "The ferry fares rose again in May. Some accused the harbour board of hiding the costs.";
        let s = cands(t, &[lexicon::cue_stem("accused")]);
        assert_eq!(&t[site(t, &s, "accused").speaker.clone()], "Some");
        let t = "Some criticism of the toll plan reached the council in June.";
        let s = cands(t, &[lexicon::cue_stem("criticism")]);
        assert!(site(t, &s, "criticism").speaker.is_empty(), "a determiner before a noun is no one");
    }

    #[test]
    fn a_subject_set_off_by_an_aside_still_speaks() {
        let t = "Yet harbour economists, like their inland rivals, doubt the bridge toll will ever pay for itself.";
        let s = cands(t, &[lexicon::cue_stem("doubt")]);
        assert!(t[site(t, &s, "doubt").speaker.clone()].ends_with("economists"), "{s:#?}");
        let t = "The three pilots -- Abel, Brun and Corr -- questioned the new tide tables.";
        let s = cands(t, &[lexicon::cue_stem("questioned")]);
        assert!(t[site(t, &s, "questioned").speaker.clone()].ends_with("pilots"), "{s:#?}");
    }

    #[test]
    fn a_cue_in_an_opening_clause_speaks_for_the_main_subject() {
        let t = "After praising the new pier at length, the harbour spokesman closed the east gate for the winter.";
        let s = cands(t, &[lexicon::cue_stem("praising")]);
        assert_eq!(&t[site(t, &s, "praising").speaker.clone()], "the harbour spokesman");
        assert_eq!(&t[site(t, &s, "praising").content.clone()], "the new pier at length");
        // The content ends with the opening clause: the main clause's own
        // statement is not taken into it.
        let t = "Asked about the flooded quay, the harbour spokesman said the gates would hold.";
        let s = cands(t, &[lexicon::cue_stem("about")]);
        assert_eq!(&t[site(t, &s, "about").content.clone()], "the flooded quay");
    }

    #[test]
    fn odd_text_around_candidates_never_panics() {
        // Multi-byte words next to cue words, dangling words at the end of a
        // sentence, quotes left open (the first version sliced "don’t" in
        // the middle of its apostrophe).
        let pool = [
            "Varga",
            "don’t",
            "naïve",
            "’s",
            "to",
            "which",
            ",",
            "saying",
            "hoping",
            "the",
            "his",
            "criticism",
            "of",
            "that",
            ":",
            "“",
            "”",
            "\"",
            "was",
            "expected",
            "vouched",
            "for",
            "and",
            "praised",
            "é",
            "🙂",
            "—",
            ".",
            "\n\n",
            "about",
            "won’t",
            "is",
            "by",
            "Ms.",
            "U.S.",
            "plans",
        ];
        let mut seed: u64 = 0x2545f4914f6cdd1d;
        for _ in 0..400 {
            let mut text = String::new();
            let n = 1 + (seed >> 59) as usize % 24;
            for _ in 0..n {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pool[(seed >> 33) as usize % pool.len()]);
                if seed & 1 == 0 {
                    text.push(' ');
                }
            }
            let a = crate::annotate(&text, &[], None);
            let chars = text.chars().count();
            assert!(a.quotes.iter().all(|q| q.span.start <= q.span.end && q.span.end <= chars), "{text:?}");
        }
    }
}
