//! The in-house statement set with resolved speakers (`data/quotes/dev.txt`,
//! fictional news annotated by the conventions in `data/quotes/README.md`)
//! scored the way `score.py` scores ggt gold: a change that costs a user
//! found statements or the right person behind them fails here.
//!
//! The floors sit a few points under the measured dev figures; raise them
//! when the speaker rules improve. `cargo run --release -p storyline-nlp
//! --example speakers_eval -- /tmp/hq dev -v` lists what is wrong. The
//! first held-out set is never asserted on here (it is measured, not tuned
//! on). The second, `heldout2.txt`, has regression floors set under its one
//! measurement (session 9, the first time storyline ran on it): they catch a
//! change that makes it worse, and are never a target to tune towards (its
//! errors are never listed). The third, `heldout3.txt` (North American
//! newspaper and broadcaster copy, session 10), is held the same way.

#[path = "../examples/speakers_eval.rs"]
#[allow(dead_code)]
mod speakers_eval;

use speakers_eval::set;

const DEV: &str = include_str!("data/quotes/dev.txt");

/// Measured in session 8: span F1 94.2, mention 96.6%, entity 97.3% (names
/// only 89.7%: an unnamed source shown as written counts, as the set's
/// conventions resolve it to the phrase), end to end F1 91.6.
const SPAN_F1_FLOOR: f64 = 91.0;
const MENTION_ACC_FLOOR: f64 = 93.5;
const ENTITY_ACC_FLOOR: f64 = 94.0;
const NAME_ACC_FLOOR: f64 = 86.5;
const END_TO_END_F1_FLOOR: f64 = 88.0;

#[test]
fn dev_set_scores_stay_above_their_floors() {
    let arts = set::parse(DEV).unwrap_or_else(|e| panic!("dev.txt: {e}"));
    assert!(arts.len() >= 16, "expected the whole set, read {} articles", arts.len());
    let mut c = set::Counts::default();
    for a in &arts {
        c.add(&a.gold, &set::predict(a));
    }
    assert!(c.n_gold >= 140, "expected the whole set, read {} statements", c.n_gold);
    let span = c.span(0).2;
    let e2e = c.end_to_end().2;
    let report = format!(
        "span F1 {span:.1} (floor {SPAN_F1_FLOOR}), mention {:.1}% (floor {MENTION_ACC_FLOOR}), entity {:.1}% (floor {ENTITY_ACC_FLOOR}), names only {:.1}% (floor {NAME_ACC_FLOOR}), end to end F1 {e2e:.1} (floor {END_TO_END_F1_FLOOR})",
        c.mention_acc(),
        c.entity_acc(),
        c.name_acc()
    );
    assert!(span >= SPAN_F1_FLOOR, "{report}");
    assert!(c.mention_acc() >= MENTION_ACC_FLOOR, "{report}");
    assert!(c.entity_acc() >= ENTITY_ACC_FLOOR, "{report}");
    assert!(c.name_acc() >= NAME_ACC_FLOOR, "{report}");
    assert!(e2e >= END_TO_END_F1_FLOOR, "{report}");
}

/// heldout2 measured once in session 9, before any change was made for it:
/// span F1 94.1 (0.8: 93.5), mention 96.4%, entity 89.2% (names only 84.9%),
/// end to end F1 83.9.
const H2_SPAN_F1_FLOOR: f64 = 92.0;
const H2_MENTION_ACC_FLOOR: f64 = 94.0;
const H2_ENTITY_ACC_FLOOR: f64 = 87.0;
const H2_NAME_ACC_FLOOR: f64 = 82.5;
const H2_END_TO_END_F1_FLOOR: f64 = 81.5;

#[test]
fn heldout2_set_scores_stay_above_their_floors() {
    let arts = set::parse(include_str!("data/quotes/heldout2.txt")).unwrap_or_else(|e| panic!("heldout2.txt: {e}"));
    assert!(arts.len() >= 16, "expected the whole set, read {} articles", arts.len());
    let mut c = set::Counts::default();
    for a in &arts {
        c.add(&a.gold, &set::predict(a));
    }
    assert!(c.n_gold >= 170, "expected the whole set, read {} statements", c.n_gold);
    let span = c.span(0).2;
    let e2e = c.end_to_end().2;
    // Totals only: this set's errors are never listed.
    let report = format!(
        "heldout2: span F1 {span:.1} (floor {H2_SPAN_F1_FLOOR}), mention {:.1}% (floor {H2_MENTION_ACC_FLOOR}), entity {:.1}% (floor {H2_ENTITY_ACC_FLOOR}), names only {:.1}% (floor {H2_NAME_ACC_FLOOR}), end to end F1 {e2e:.1} (floor {H2_END_TO_END_F1_FLOOR})",
        c.mention_acc(),
        c.entity_acc(),
        c.name_acc()
    );
    assert!(span >= H2_SPAN_F1_FLOOR, "{report}");
    assert!(c.mention_acc() >= H2_MENTION_ACC_FLOOR, "{report}");
    assert!(c.entity_acc() >= H2_ENTITY_ACC_FLOOR, "{report}");
    assert!(c.name_acc() >= H2_NAME_ACC_FLOOR, "{report}");
    assert!(e2e >= H2_END_TO_END_F1_FLOOR, "{report}");
}

/// heldout3 measured once in session 10, before any change was made for it:
/// span F1 95.1 (0.8: 94.3), mention 98.0%, entity 94.0% (names only 90.4%),
/// end to end F1 89.4.
const H3_SPAN_F1_FLOOR: f64 = 93.0;
const H3_MENTION_ACC_FLOOR: f64 = 96.0;
const H3_ENTITY_ACC_FLOOR: f64 = 92.0;
const H3_NAME_ACC_FLOOR: f64 = 88.0;
const H3_END_TO_END_F1_FLOOR: f64 = 87.0;

#[test]
fn heldout3_set_scores_stay_above_their_floors() {
    let arts = set::parse(include_str!("data/quotes/heldout3.txt")).unwrap_or_else(|e| panic!("heldout3.txt: {e}"));
    assert!(arts.len() >= 16, "expected the whole set, read {} articles", arts.len());
    let mut c = set::Counts::default();
    for a in &arts {
        c.add(&a.gold, &set::predict(a));
    }
    assert!(c.n_gold >= 250, "expected the whole set, read {} statements", c.n_gold);
    let span = c.span(0).2;
    let e2e = c.end_to_end().2;
    // Totals only: this set's errors are never listed.
    let report = format!(
        "heldout3: span F1 {span:.1} (floor {H3_SPAN_F1_FLOOR}), mention {:.1}% (floor {H3_MENTION_ACC_FLOOR}), entity {:.1}% (floor {H3_ENTITY_ACC_FLOOR}), names only {:.1}% (floor {H3_NAME_ACC_FLOOR}), end to end F1 {e2e:.1} (floor {H3_END_TO_END_F1_FLOOR})",
        c.mention_acc(),
        c.entity_acc(),
        c.name_acc()
    );
    assert!(span >= H3_SPAN_F1_FLOOR, "{report}");
    assert!(c.mention_acc() >= H3_MENTION_ACC_FLOOR, "{report}");
    assert!(c.entity_acc() >= H3_ENTITY_ACC_FLOOR, "{report}");
    assert!(c.name_acc() >= H3_NAME_ACC_FLOOR, "{report}");
    assert!(e2e >= H3_END_TO_END_F1_FLOOR, "{report}");
}

#[test]
fn heldout_set_converts() {
    let arts = set::parse(include_str!("data/quotes/heldout.txt")).unwrap_or_else(|e| panic!("heldout.txt: {e}"));
    assert!(arts.len() >= 16 && arts.iter().all(|a| !a.gold.is_empty()));
}

const ONE: &str = "@@ t1 | 2025-03-12 | Test Wire
Interior Minister Dalia Okonjo spoke on Tuesday.

“We owe them the truth,” Okonjo said. “They will have it.”
> direct | We owe them the truth | Okonjo | Dalia Okonjo | said
> direct | They will have it. | Okonjo | Dalia Okonjo | said
";

#[test]
fn converter_gives_char_offsets_and_the_nearest_mention() {
    let arts = set::parse(ONE).expect("valid");
    let a = &arts[0];
    assert_eq!(a.paragraphs.len(), 2);
    let chars: Vec<char> = a.text.chars().collect();
    let s = |(x, y): (usize, usize)| chars[x..y].iter().collect::<String>();
    assert_eq!(s((a.gold[0].start, a.gold[0].end)), "We owe them the truth");
    assert_eq!(s((a.gold[1].start, a.gold[1].end)), "They will have it.");
    // "Okonjo" occurs twice; the one next to the quote is the mention, in
    // chars although the curly quote marks take three bytes each.
    let m = a.gold[0].mention_span.expect("mention");
    assert_eq!(s(m), "Okonjo");
    assert!(m.0 > a.paragraphs[1].0);
}

#[test]
fn converter_rejects_a_missing_content() {
    let bad = ONE.replace("> direct | They will have it.", "> direct | They will have all of it.");
    let err = set::parse(&bad).expect_err("missing content");
    assert!(err.contains("line 6") && err.contains("not found"), "{err}");
}

#[test]
fn converter_rejects_a_missing_or_ambiguous_mention() {
    let missing = ONE.replace("| Okonjo | Dalia", "| Hollis | Dalia");
    assert!(set::parse(&missing).expect_err("missing mention").contains("not found"));
    let src = "@@ t2 | 2025-03-12 | Test Wire
Ann said \"no\" said Bob.
> direct | no | said | Bob | said
";
    let err = set::parse(src).expect_err("two `said` at the same distance");
    assert!(err.contains("ambiguous"), "{err}");
    // `#N` picks an occurrence by its rank in the article instead.
    let ok = src.replace("| said | Bob", "| said#2 | Bob");
    assert!(set::parse(&ok).is_ok());
}

#[test]
fn converter_matches_whole_words_only() {
    // "he" must not be found inside "the" or "She".
    let src = "@@ t3 | 2025-03-12 | Test Wire
She said the plan was fine, the officer added.
> indirect | the plan was fine | he | X | said
";
    assert!(set::parse(src).expect_err("no whole-word `he`").contains("not found"));
}
