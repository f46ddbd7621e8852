//! Which cue a content belongs to when one statement's cue lies inside
//! another's content ("Trump introduced his running mate, who has won
//! praise from …", "X said Y accused Z of …"). PolNeAR never nests one
//! attribution in another's content, and the scorer pairs a gold
//! attribution with whichever statement covers it best, so an outer
//! statement that is no attribution takes the inner one's match and gives
//! it the wrong speaker. A linear model over the pair (`data/pair_model.tsv`,
//! learned from PolNeAR train only by `examples/pair_train.rs`) says when
//! the inner cue is the one to keep: the outer statement is then dropped,
//! and the inner one stays whatever [`super::drop_nested_views`] would
//! have done with it.

use super::{LENGTH_CAP, Nesting, Statement, cue_class_feature, length_bucket, nesting, remove_statements, words_upto};
use crate::lexicon::{self, CueModel};
use std::ops::Range;
use storyline_model::QuoteKind;

/// Every (outer, inner) pair of statements where the inner one's cue lies
/// inside the outer one's content.
pub fn nested_pairs(out: &[Statement]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    // Each statement's content bounds (first start, last end; empty without
    // a cue): one test rejects most pairs before the fragments are read.
    let bounds: Vec<(usize, usize)> = out
        .iter()
        .map(|st| match (&st.cue, st.frags.iter().map(|f| f.start).min(), st.frags.iter().map(|f| f.end).max()) {
            (Some(_), Some(lo), Some(hi)) => (lo, hi),
            _ => (0, 0),
        })
        .collect();
    for (i, inner) in out.iter().enumerate() {
        let Some(cue) = inner.cue.as_ref() else { continue };
        for (o, outer) in out.iter().enumerate() {
            let (lo, hi) = bounds[o];
            if lo <= cue.start
                && cue.start < hi
                && o != i
                && outer.cue.is_some()
                && outer.cue.as_ref() != Some(cue)
                && outer.frags.iter().any(|f| f.start <= cue.start && cue.start < f.end)
            {
                pairs.push((o, i));
            }
        }
    }
    pairs
}

/// The cue's first word, lowercase ("according to" → "according").
fn cue_word(text: &str, cue: &Option<Range<usize>>) -> String {
    let c = cue.as_ref().and_then(|c| text.get(c.clone())).unwrap_or("");
    c.split_whitespace().next().unwrap_or("").to_lowercase()
}

/// What kind of phrase the speaker as written is.
fn speaker_kind(text: &str, sp: &Option<Range<usize>>) -> &'static str {
    let Some(w) = sp.as_ref().and_then(|s| text.get(s.clone())) else {
        return "none";
    };
    let lw = w.to_lowercase();
    match lw.as_str() {
        "he" | "she" | "they" | "it" | "we" | "i" | "you" => "pron",
        "who" | "which" | "that" => "rel",
        _ if w.starts_with(|c: char| c.is_uppercase()) => "cap",
        _ => "low",
    }
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Mixed => "mixed",
        _ => "indirect",
    }
}

/// The features of an (outer, inner) pair, as lists of parts whose
/// concatenation is the feature's name.
pub fn pair_features(text: &str, outer: &Statement, inner: &Statement, emit: &mut dyn FnMut(&[&str])) {
    let (ow, iw) = (cue_word(text, &outer.cue), cue_word(text, &inner.cue));
    let (oc, ic) = (cue_class_feature(&ow), cue_class_feature(&iw));
    let says = |w: &str| matches!(w, "said" | "say" | "says" | "saying" | "told" | "tell" | "tells" | "telling");
    let (os, is) = (if says(&ow) { "say" } else { oc }, if says(&iw) { "say" } else { ic });
    emit(&["bias"]);
    emit(&["o=", lexicon::cue_stem(&ow)]);
    emit(&["i=", lexicon::cue_stem(&iw)]);
    emit(&["oc=", os]);
    emit(&["ic=", is]);
    emit(&["oc=", os, "|ic=", is]);
    let nest = match nesting(text, outer, inner) {
        Some(Nesting::Head) => "head",
        Some(Nesting::Coordinated) => "coord",
        Some(Nesting::Inside) => "inside",
        None => "other",
    };
    emit(&["nest=", nest]);
    emit(&["nest=", nest, "|ic=", is]);
    let (ok, ik) = (kind_name(outer.kind), kind_name(inner.kind));
    emit(&["ok=", ok, "|ik=", ik]);
    let (osk, isk) = (speaker_kind(text, &outer.speaker), speaker_kind(text, &inner.speaker));
    emit(&["os=", osk]);
    emit(&["is=", isk]);
    emit(&["os=", osk, "|is=", isk]);
    if inner.sentence != outer.sentence {
        emit(&["other_sentence"]);
    }
    // Where the inner cue sits in the outer content.
    let (Some(icue), Some(first)) = (inner.cue.as_ref(), outer.frags.first()) else {
        return;
    };
    let before = text.get(first.start.min(icue.start)..icue.start).unwrap_or("");
    emit(&["dist=", length_bucket(words_upto(before, LENGTH_CAP))]);
    for (mark, name) in [(",", "comma"), ("—", "dash"), (":", "colon"), ("(", "paren"), ("“", "quote"), ("\"", "quote")]
    {
        if before.contains(mark) {
            emit(&["between=", name]);
        }
    }
    // (Each fragment's count capped: the bucket of the sum stays the same.)
    let olen = outer.frags.iter().map(|f| words_upto(text.get(f.clone()).unwrap_or(""), LENGTH_CAP)).sum();
    let ilen = inner.frags.iter().map(|f| words_upto(text.get(f.clone()).unwrap_or(""), LENGTH_CAP)).sum();
    emit(&["olen=", length_bucket(olen)]);
    emit(&["ilen=", length_bucket(ilen)]);
    if outer.frags.last().map(|f| f.end) == inner.frags.last().map(|f| f.end) {
        emit(&["same_end"]);
    }
    if let Some(sp) = inner.speaker.as_ref()
        && outer.frags.iter().any(|f| f.start <= sp.start && sp.end <= f.end)
    {
        emit(&["ispk_inside"]);
    }
    if outer.cue.as_ref().is_some_and(|c| c.start > first.start) {
        emit(&["o_trailing"]);
    }
}

/// The score of a pair under `model`.
fn pair_score(text: &str, outer: &Statement, inner: &Statement, model: &CueModel) -> f64 {
    let mut z = 0.0;
    pair_features(text, outer, inner, &mut |parts| z += model.weights_of(parts).0);
    z
}

/// Drops each outer statement whose content holds an inner cue the model
/// prefers to it.
pub fn prefer_inner_cues(text: &str, out: Vec<Statement>, model: &CueModel) -> Vec<Statement> {
    if !model.threshold.is_finite() {
        return out;
    }
    let mut drop = vec![false; out.len()];
    for (o, i) in nested_pairs(&out) {
        if !drop[o] && !drop[i] && pair_score(text, &out[o], &out[i], model) >= model.threshold {
            drop[o] = true;
        }
    }
    if drop.contains(&true) { remove_statements(out, &drop) } else { out }
}
