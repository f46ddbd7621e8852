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

/// The least a set must score; figures in percent, as `speakers_eval` prints.
struct Floors {
    span_f1: f64,
    mention: f64,
    entity: f64,
    names_only: f64,
    end_to_end_f1: f64,
}

/// Scores the set `name` (its text) and fails, with every figure, when one
/// is under its floor. Totals only: no statement of a held-out set is listed.
fn assert_floors(name: &str, text: &str, min_statements: usize, f: &Floors) {
    assert_floors_as(name, text, min_statements, f, set::Layout::Given);
}

fn assert_floors_as(name: &str, text: &str, min_statements: usize, f: &Floors, layout: set::Layout) {
    let name = &format!("{name} ({layout:?})");
    let arts = set::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(arts.len() >= 16, "{name}: expected the whole set, read {} articles", arts.len());
    let mut c = set::Counts::default();
    for a in &arts {
        c.add(&a.gold, &set::predict_as(a, layout));
    }
    assert!(c.n_gold >= min_statements, "{name}: expected the whole set, read {} statements", c.n_gold);
    let span = c.span(0).2;
    let e2e = c.end_to_end().2;
    let report = format!(
        "{name}: span F1 {span:.1} (floor {}), mention {:.1}% (floor {}), entity {:.1}% (floor {}), names only {:.1}% (floor {}), end to end F1 {e2e:.1} (floor {})",
        f.span_f1,
        c.mention_acc(),
        f.mention,
        c.entity_acc(),
        f.entity,
        c.name_acc(),
        f.names_only,
        f.end_to_end_f1
    );
    assert!(span >= f.span_f1, "{report}");
    assert!(c.mention_acc() >= f.mention, "{report}");
    assert!(c.entity_acc() >= f.entity, "{report}");
    assert!(c.name_acc() >= f.names_only, "{report}");
    assert!(e2e >= f.end_to_end_f1, "{report}");
}

/// Measured in session 8: span F1 94.2, mention 96.6%, entity 97.3% (names
/// only 89.7%: an unnamed source shown as written counts, as the set's
/// conventions resolve it to the phrase), end to end F1 91.6.
#[test]
fn dev_set_scores_stay_above_their_floors() {
    let floors = Floors { span_f1: 91.0, mention: 93.5, entity: 94.0, names_only: 86.5, end_to_end_f1: 88.0 };
    assert_floors("dev", DEV, 140, &floors);
}

/// Scraped text comes without paragraphs: a paragraph a line, or with every
/// break lost. The dev set read that way keeps its floors (session 10: the
/// same figures as with paragraphs, once a quote run on into the next
/// paragraph stopped pairing with that paragraph's opening mark).
#[test]
fn dev_set_read_as_plain_text_keeps_its_floors() {
    let floors = Floors { span_f1: 91.0, mention: 93.5, entity: 94.0, names_only: 86.5, end_to_end_f1: 88.0 };
    assert_floors_as("dev", DEV, 140, &floors, set::Layout::Lines);
    assert_floors_as("dev", DEV, 140, &floors, set::Layout::Flat);
}

/// heldout2 measured once in session 9, before any change was made for it:
/// span F1 94.1 (0.8: 93.5), mention 96.4%, entity 89.2% (names only 84.9%),
/// end to end F1 83.9.
#[test]
fn heldout2_set_scores_stay_above_their_floors() {
    let floors = Floors { span_f1: 92.0, mention: 94.0, entity: 87.0, names_only: 82.5, end_to_end_f1: 81.5 };
    assert_floors("heldout2", include_str!("data/quotes/heldout2.txt"), 170, &floors);
}

/// heldout3 measured once in session 10, before any change was made for it:
/// span F1 95.1 (0.8: 94.3), mention 98.0%, entity 94.0% (names only 90.4%),
/// end to end F1 89.4.
#[test]
fn heldout3_set_scores_stay_above_their_floors() {
    let floors = Floors { span_f1: 93.0, mention: 96.0, entity: 92.0, names_only: 88.0, end_to_end_f1: 87.0 };
    assert_floors("heldout3", include_str!("data/quotes/heldout3.txt"), 250, &floors);
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
