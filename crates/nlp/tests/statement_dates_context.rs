//! When a statement's own sentence gives no date: the speaker's dated act
//! just before it, and a wire dateline's day in a copy published later.
//! Fictional wording.

use storyline_model::{DateBasis, PartialDate};
use storyline_nlp::annotate;

/// `said_on` (as ISO text) and its basis for the statement containing `has`.
fn said_on(text: &str, published: &str, has: &str) -> (String, DateBasis) {
    let a = annotate(text, &[], PartialDate::parse_lenient(published));
    let q = a
        .quotes
        .iter()
        .find(|q| q.text.contains(has))
        .unwrap_or_else(|| panic!("no statement containing {has:?} in {:#?}", a.quotes));
    (q.said_on.expect("dated").to_string(), q.said_on_basis.expect("basis"))
}

#[test]
fn a_quote_after_the_speakers_dated_act_takes_its_day() {
    let t = "Governor Elin Rask cut the ribbon on the new bridge on Monday in a ceremony on the riverbank. \
             “This bridge joins two towns that needed each other,” she declared.";
    assert_eq!(said_on(t, "2025-06-11", "joins two towns"), ("2025-06-09".into(), DateBasis::Sentence));
}

#[test]
fn has_said_is_no_act_on_a_day() {
    let t = "Governor Elin Rask cut the ribbon on the new bridge on Monday. \
             She has said the bridge will halve the drive to the coast.";
    assert_eq!(said_on(t, "2025-06-11", "halve the drive"), ("2025-06-11".into(), DateBasis::Published));
}

#[test]
fn a_syndicated_copy_dates_undated_statements_by_the_wire_dateline() {
    let t = "ODRIN, June 11 (Northwind Wire) - The port of Odrin reopened on Wednesday after a week of flooding.\n\n\
             Harbour spokesman Piet Valk said the first container ships would dock within days.\n\n\
             About a third of the region's grain leaves through Odrin, according to the regional trade board.";
    // The copy appeared a day later: the saying was on the dateline's day.
    assert_eq!(said_on(t, "2025-06-12", "first container ships"), ("2025-06-11".into(), DateBasis::Sentence));
    // "According to" reports no act of saying: the publication date stands in.
    assert_eq!(said_on(t, "2025-06-12", "grain leaves"), ("2025-06-12".into(), DateBasis::Published));
    // In the wire's own copy, the dateline is the publication day.
    assert_eq!(said_on(t, "2025-06-11", "first container ships"), ("2025-06-11".into(), DateBasis::Published));
}
