//! The in-house wire sets (`data/timex/wire.txt`, `wire2.txt`, `wire3.txt`, `wire4.txt`: fictional news annotated
//! with TIMEX3 by the TimeML guidelines) scored the way TempEval-3 scores:
//! a change that costs a user right dates on ordinary wire copy fails here
//! even when TimeBank's own inconsistencies hide it.
//!
//! The floors sit just under the current scores; raise them when a rule
//! improves a set. `cargo run --release -p storyline-nlp --example
//! temporal_eval -- --wire crates/nlp/tests/data/timex/wire.txt /tmp/w.jsonl
//! --errors` (or `wire2.txt`, `wire3.txt`, `wire4.txt`) shows what is wrong.

#[path = "common/wire.rs"]
mod wire;

use chrono::NaiveDate;
use storyline_nlp::time::recognize;

const DATA: &str = include_str!("data/timex/wire.txt");
/// The second set (session 8): more relative expressions in 1998-2000 wire
/// style, annotated and committed before storyline was first run on it
/// (first run: value F1 0.939, strict 0.973, relaxed 0.988; one span
/// corrected after it, see wire2.txt).
const DATA2: &str = include_str!("data/timex/wire2.txt");
/// The third set (session 10): 2012-2014 web news of many kinds (live blog,
/// earnings, sports, court, weather, BBC-style dates), annotated and
/// committed (975d1f2) before storyline was first run on it (first run:
/// value F1 0.931, strict 0.935, relaxed 0.971; 0.933 / 0.943 / 0.973 after
/// three annotation slips were corrected, see wire3.txt).
const DATA3: &str = include_str!("data/timex/wire3.txt");
/// The fourth set (session 11): longer, denser March-2013 web news standing in
/// for TempEval-3's test set, annotated and committed (1ebddda) before
/// storyline or HeidelTime was first run on it (first run: storyline value F1
/// 0.904, strict 0.946, relaxed 0.984; HeidelTime 0.828 / 0.912 / 0.977; three
/// sentence-final clock-time periods corrected after it, see wire4.txt).
const DATA4: &str = include_str!("data/timex/wire4.txt");

/// (value, strict, relaxed) F1 floors of one set.
struct Floors {
    value: f64,
    strict: f64,
    relaxed: f64,
}

// Items w75, w77 and w78 hold four narrative references the recogniser
// leaves out on purpose (see wire.txt): they cost the set about 0.005.
const WIRE: Floors = Floors { value: 0.965, strict: 0.98, relaxed: 0.99 };
// wire2.txt: "that day", "the day before", "the coming months" and a span
// convention are still missed (see wire2.txt).
const WIRE2: Floors = Floors { value: 0.98, strict: 0.985, relaxed: 0.99 };
// wire3.txt: "recent weeks" (PXW, as most of TimeBank), "the last decade" (the
// previous decade, as TimeBank), adjectives "monthly"/"daily" (SETs, as the
// gold marks "weekly radio address"), a game's "second half", a forecast's
// "until the second half of the year" and four span conventions are left.
const WIRE3: Floors = Floors { value: 0.975, strict: 0.97, relaxed: 0.985 };
// wire4.txt: month-days in a background year with a day named in between
// ("Duma ... in 1999. ... on Friday ... After Duma, which struck on Oct. 29"),
// a promise's "Christmas" two years back, "last year, when Easter fell in
// April", fiscal quarters by their label, a clock time with "on" + its day
// (one span here, two in the set, as wire3's) and a few one-offs are left.
const WIRE4: Floors = Floors { value: 0.95, strict: 0.97, relaxed: 0.985 };

#[test]
fn wire_set_scores_stay_above_their_floors() {
    check_set("wire.txt", DATA, 50, &WIRE);
}

#[test]
fn second_wire_set_scores_stay_above_their_floors() {
    check_set("wire2.txt", DATA2, 18, &WIRE2);
}

#[test]
fn third_wire_set_scores_stay_above_their_floors() {
    check_set("wire3.txt", DATA3, 20, &WIRE3);
}

#[test]
fn fourth_wire_set_scores_stay_above_their_floors() {
    check_set("wire4.txt", DATA4, 20, &WIRE4);
}

fn check_set(name: &str, data: &str, min_items: usize, floors: &Floors) {
    let items = wire::parse(data).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(items.len() >= min_items, "expected the whole of {name}, read {} items", items.len());
    let mut all = wire::Counts::default();
    let mut wrong = Vec::new();
    for it in &items {
        let dct = NaiveDate::parse_from_str(&it.dct, "%Y-%m-%d").expect("parse checked the DCT");
        let char_at = |b: usize| it.text[..b].chars().count();
        let pred: Vec<wire::Span> = recognize(&it.text, Some(dct))
            .into_iter()
            .map(|t| wire::Span {
                start: char_at(t.start),
                end: char_at(t.end),
                kind: t.kind.as_str().into(),
                value: t.value,
            })
            .collect();
        let mut one = wire::Counts::default();
        one.add(&it.gold, &pred);
        if one.value_ok < one.gold || one.pred > one.gold {
            let show = |s: &[wire::Span]| {
                let chars: Vec<char> = it.text.chars().collect();
                s.iter()
                    .map(|t| format!("{}={}", chars[t.start..t.end].iter().collect::<String>(), t.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            wrong.push(format!("{}: gold [{}]\n      pred [{}]", it.id, show(&it.gold), show(&pred)));
        }
        all.add(&it.gold, &pred);
    }
    let (v, s, r) = (all.value_f1(), all.strict_f1(), all.relaxed_f1());
    assert!(
        v >= floors.value && s >= floors.strict && r >= floors.relaxed,
        "{name}: value F1 {v:.4} (floor {}), strict {s:.4} ({}), relaxed {r:.4} ({}); items with errors:\n{}",
        floors.value,
        floors.strict,
        floors.relaxed,
        wrong.join("\n")
    );
}

/// The format reader refuses what would silently shift every offset.
#[test]
fn wire_format_rejects_broken_annotations() {
    assert!(wire::parse("@@ a | 1998-01-01\nSold [[Friday|DATE]].").is_err());
    assert!(wire::parse("@@ a | 1998-01-01\nSold [[Friday|DATE|1998-01-02].").is_err());
    assert!(wire::parse("@@ a | 1998-01-01\nSold [[Friday|DAY|1998-01-02]].").is_err());
    assert!(wire::parse("@@ a | Jan 1\nSold.").is_err());
    let items = wire::parse("@@ a | 1998-01-02\n\u{e9}t\u{e9} [[Friday|DATE|1998-01-02]].").expect("valid");
    assert_eq!(items[0].text, "\u{e9}t\u{e9} Friday.");
    assert_eq!((items[0].gold[0].start, items[0].gold[0].end), (4, 10), "offsets are code points");
}
