//! Hand-written sentences for each construct the recogniser handles.

use super::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (span text, type, value) of every timex found.
fn run(text: &str, dct: &str) -> Vec<(String, &'static str, String)> {
    recognize(text, Some(d(dct)))
        .into_iter()
        .map(|t| (text[t.start..t.end].to_string(), t.kind.as_str(), t.value))
        .collect()
}

/// Asserts `text` holds a timex spanning exactly `span` with `value`.
#[track_caller]
fn check(text: &str, dct: &str, span: &str, value: &str) {
    let got = run(text, dct);
    assert!(got.iter().any(|(s, _, v)| s == span && v == value), "{text:?}: expected {span:?}={value}, got {got:?}");
}

#[track_caller]
fn check_type(text: &str, dct: &str, span: &str, ty: &str, value: &str) {
    let got = run(text, dct);
    assert!(
        got.iter().any(|(s, t, v)| s == span && *t == ty && v == value),
        "{text:?}: expected {span:?} {ty} {value}, got {got:?}"
    );
}

#[track_caller]
fn none(text: &str, dct: &str) {
    let got = run(text, dct);
    assert!(got.is_empty(), "{text:?}: expected nothing, got {got:?}");
}

// DCT used by most tests: Tuesday 2025-01-28 (ISO week 5).
const DCT: &str = "2025-01-28";

#[test]
fn weekdays_point_back_in_past_tense_and_forward_in_future() {
    check("The minister said on Monday that talks had failed.", DCT, "Monday", "2025-01-27");
    check("The minister spoke Tuesday.", DCT, "Tuesday", "2025-01-28");
    check("Officials met on Friday in Geneva.", DCT, "Friday", "2025-01-24");
    check("The two leaders will meet on Friday.", DCT, "Friday", "2025-01-31");
    check("The envoy is expected to arrive Thursday.", DCT, "Thursday", "2025-01-30");
    check("The vote was held last Tuesday.", DCT, "last Tuesday", "2025-01-21");
    check("They meet again next Monday.", DCT, "next Monday", "2025-02-03");
}

#[test]
fn weekday_with_part_of_day_is_a_time() {
    check_type("He spoke on Monday evening.", DCT, "Monday evening", "TIME", "2025-01-27TEV");
    check_type("The markets fell this morning.", DCT, "this morning", "TIME", "2025-01-28TMO");
    check_type("Shelling continued last night.", DCT, "last night", "TIME", "2025-01-27TNI");
}

#[test]
fn the_week_in_focus_is_the_dct_week() {
    // "later in the week", "the end of the week": the week the story is in.
    check("The vote will be held later in the week.", DCT, "the week", "2025-W05");
    check("Prices should recover by the end of the week.", DCT, "the end of the week", "2025-W05");
    // A week not pinned to the story's own stays underspecified.
    check("Shares rose 3% for the week.", DCT, "the week", "2025-WXX");
}

#[test]
fn a_flashback_does_not_move_the_story_day() {
    // "the next day" counts from the sinking, not from the day before it.
    let text = "The ferry sank on Jan. 12. The previous day, the crew had reported a leak. \
                Divers reached the wreck the next day.";
    check(text, DCT, "The previous day", "2025-01-11");
    check(text, DCT, "the next day", "2025-01-13");
}

#[test]
fn the_same_period_of_last_year_is_one_date() {
    // Xinhua's wording: one expression, the period in focus a year back.
    let text = "Exports in the first half of this year rose 8 percent over the same period of last year.";
    check(text, DCT, "the same period of last year", "2024-H1");
    let text = "Sales in the first quarter were $5 million, against $4 million in the same period in 2024.";
    check(text, DCT, "the same period in 2024", "2024-Q1");
}

#[test]
fn later_in_the_day_is_not_marked() {
    // AQUAINT's gold leaves "the day" of "later in the day" unmarked.
    none("Later in the day, the minister left for the airport.", DCT);
}

#[test]
fn month_day_with_and_without_year() {
    check("The summit opened on Sept. 5, 2024 in the city.", DCT, "Sept. 5, 2024", "2024-09-05");
    check("He arrived on Jan 28, 2025 at noon.", DCT, "Jan 28, 2025", "2025-01-28");
    check("It was signed on 5 September 2024.", DCT, "5 September 2024", "2024-09-05");
    check("The deal was signed on January 20.", DCT, "January 20", "2025-01-20");
    // Past tense, December: last year's.
    check("Protests started on December 12.", DCT, "December 12", "2024-12-12");
    // Future tense: the next one.
    check("Elections will be held on March 3.", DCT, "March 3", "2025-03-03");
    check("She told reporters late on January 27 that it was over.", DCT, "January 27", "2025-01-27");
}

#[test]
fn bare_months_take_the_year_from_tense() {
    check("The ceasefire collapsed in November.", DCT, "November", "2024-11");
    check("The new law will take effect in March.", DCT, "March", "2025-03");
    check("Prices rose in September 2024.", DCT, "September 2024", "2024-09");
    check("Growth slowed in early December.", DCT, "early December", "2024-12");
    check("Talks resumed in June last year.", DCT, "June last year", "2024-06");
}

#[test]
fn a_months_own_past_verb_and_not_an_earlier_dates() {
    // DCT 2025-01-28. "agreed" is a past form although it ends in "-eed".
    check("The truce agreed in December expires soon.", DCT, "December", "2024-12");
    check("The truce, agreed in late December, expires at the end of the month.", DCT, "late December", "2024-12");
    // "signed" is March's verb, not November's: November is the nearest
    // one (written in September, the coming one).
    check("The deal signed in March runs out in November.", "2025-09-10", "November", "2025-11");
    check("The deal signed in March runs out in November.", "2025-09-10", "March", "2025-03");
}

#[test]
fn without_dct_values_are_underspecified() {
    let got = recognize("The summit opened on Sept. 5 and ended Tuesday.", None);
    let vals: Vec<_> = got.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(vals, ["XXXX-09-05", "XXXX-WXX-2"]);
    // Purely relative expressions need an anchor.
    assert!(recognize("It happened yesterday.", None).is_empty());
}

#[test]
fn deictic_days() {
    check("The company said today it would cut jobs.", DCT, "today", "2025-01-28");
    check("Troops withdrew yesterday.", DCT, "yesterday", "2025-01-27");
    check("The verdict is due tomorrow.", DCT, "tomorrow", "2025-01-29");
    check("Fighting resumed late yesterday.", DCT, "late yesterday", "2025-01-27");
    check("The decision came two days ago.", DCT, "two days ago", "2025-01-26");
}

#[test]
fn relative_weeks_months_years() {
    check("Talks resumed this week.", DCT, "this week", "2025-W05");
    check("Talks stalled last week.", DCT, "last week", "2025-W04");
    check("Prices fell last month.", DCT, "last month", "2024-12");
    check("Output grew last year.", DCT, "last year", "2024");
    check("A vote is planned next month.", DCT, "next month", "2025-02");
    check("He resigned earlier this month.", DCT, "earlier this month", "2025-01");
    check("The law passed earlier this year.", DCT, "earlier this year", "2025");
    check("Growth will resume early next year.", DCT, "early next year", "2026");
    check("It was colder last summer.", DCT, "last summer", "2024-SU");
    check("The war began three years ago.", DCT, "three years ago", "2022");
    check("The plant closed six months ago.", DCT, "six months ago", "2024-07");
}

#[test]
fn vague_references() {
    check("The border is now closed.", DCT, "now", "PRESENT_REF");
    check("He recently visited Kyiv.", DCT, "recently", "PAST_REF");
    check("Prices may rise in the future.", DCT, "the future", "FUTURE_REF");
    check("He currently heads the agency.", DCT, "currently", "PRESENT_REF");
}

#[test]
fn years_decades_centuries() {
    check("Under the 2022 decree, imports stopped.", DCT, "2022", "2022");
    check("Sanctions have been in place since 2014.", DCT, "2014", "2014");
    check("Inflation was low in the 1990s.", DCT, "the 1990s", "199");
    check("Growth was strong in the mid-1990s.", DCT, "the mid-1990s", "199");
    check("The city was rebuilt in the 19th century.", DCT, "the 19th century", "18");
    check("Output fell in fiscal 2024.", DCT, "fiscal 2024", "2024");
    // Not years: money, counts, percentages.
    none("The fund holds $2025 in cash.", DCT);
    none("Some 1500 people attended.", DCT);
}

#[test]
fn quarters_and_halves() {
    // In January the third quarter is last year's, unless looking ahead.
    check("Profit rose in the third quarter.", DCT, "the third quarter", "2024-Q3");
    check("Third-quarter profit rose.", DCT, "Third-quarter", "2024-Q3");
    check("The firm expects growth in the third quarter.", DCT, "the third quarter", "2025-Q3");
    check("Profit rose in the first quarter.", "2025-05-10", "the first quarter", "2025-Q1");
    check("Sales fell in the first quarter of 2024.", DCT, "the first quarter of 2024", "2024-Q1");
    check("Sales fell in the first half of 2024.", DCT, "the first half of 2024", "2024-H1");
    // The year-ago comparison follows the quarter in focus.
    let got = run("Net income for the fourth quarter rose to $5 million from $4 million a year earlier.", DCT);
    // In January, "the fourth quarter" is 2024's; a year earlier is 2023's.
    assert!(got.iter().any(|(s, _, v)| s == "the fourth quarter" && v == "2024-Q4"), "{got:?}");
    assert!(got.iter().any(|(s, _, v)| s == "a year earlier" && v == "2023-Q4"), "{got:?}");
    // A nine-month comparison is about the year, not the quarter.
    let got = run(
        "Profit rose in the third quarter. In the nine months, net rose to $9 million from $7 million a year earlier.",
        "2025-10-20",
    );
    assert!(got.iter().any(|(s, _, v)| s == "a year earlier" && v == "2024"), "{got:?}");
}

#[test]
fn durations() {
    check_type("The war has lasted three years.", DCT, "three years", "DURATION", "P3Y");
    check_type("The almost 3-year-old war goes on.", DCT, "3-year-old", "DURATION", "P3Y");
    check_type("They talked for five hours.", DCT, "five hours", "DURATION", "PT5H");
    check_type("Prices rose over the past two months.", DCT, "the past two months", "DURATION", "P2M");
    check_type("The strike lasted nearly three weeks.", DCT, "nearly three weeks", "DURATION", "P3W");
    check_type("A two-day summit ended.", DCT, "two-day", "DURATION", "P2D");
    check_type("It took 2 1/2 years.", DCT, "2 1/2 years", "DURATION", "P2Y6M");
    check_type("The siege lasted several months.", DCT, "several months", "DURATION", "PXM");
    check_type("He waited for more than 72 hours.", DCT, "more than 72 hours", "DURATION", "PT72H");
    check_type("The flight took twenty-four hours.", DCT, "twenty-four hours", "DURATION", "PT24H");
}

#[test]
fn ages_are_not_durations() {
    none("The 52-year-old minister resigned.", DCT);
    none("Mr. Smith, 52 years old, will retire.", DCT);
    // Page furniture.
    none("3 min read", DCT);
}

#[test]
fn sets() {
    check_type("The paper is published daily.", DCT, "daily", "SET", "P1D");
    check_type("The board meets every week.", DCT, "every week", "SET", "P1W");
    check_type("The council meets each Tuesday.", DCT, "each Tuesday", "SET", "XXXX-WXX-2");
    check_type("Rent is $500 a month.", DCT, "a month", "SET", "P1M");
}

#[test]
fn clock_times() {
    check_type("The blast happened at 2:30 p.m. local time.", DCT, "2:30 p.m. local time", "TIME", "2025-01-28T14:30");
    // No tense cue: the nearest Wednesday, tomorrow.
    check_type("Voting ends at 10 p.m. Wednesday.", DCT, "10 p.m. Wednesday", "TIME", "2025-01-29T22:00");
    check_type("Voting ended at 10 p.m. Wednesday.", DCT, "10 p.m. Wednesday", "TIME", "2025-01-22T22:00");
    // A clock time without its own day happens on the day the sentence names.
    check("The blast struck Kenya on Friday at 10:30 a.m., police said.", DCT, "10:30 a.m.", "2025-01-24T10:30");
    check("The blast came at 10:40 a.m. (0740 GMT) on Friday.", DCT, "10:40 a.m.", "2025-01-24T10:40");
    check("Police came on Friday. The blast was at 9 p.m., they said.", DCT, "9 p.m.", "2025-01-28T21:00");
    check_type("The deadline is 14:30 today.", DCT, "14:30 today", "TIME", "2025-01-28T14:30");
    check_type("They met at noon Monday.", DCT, "noon Monday", "TIME", "2025-01-27T12:00");
}

#[test]
fn holidays() {
    check("Shops closed on Christmas Day.", DCT, "Christmas Day", "2024-12-25");
    check("Families gathered on Thanksgiving.", "2024-12-01", "Thanksgiving", "2024-11-28");
}

#[test]
fn absurd_dates_are_rejected() {
    let got = run("The memo is dated February 30, 2025 and mentions year 99999 and Feb. 31.", DCT);
    assert!(
        got.iter().all(|(_, _, v)| !v.contains("02-30") && !v.contains("02-31") && !v.contains("99999")),
        "{got:?}"
    );
    let got = run("It was signed on Sept. 31.", DCT);
    assert!(got.is_empty(), "{got:?}");
    none("The memo is dated February 30.", DCT);
}

#[test]
fn offsets_are_bytes_and_survive_non_ascii() {
    let text = "Zelensky — “we met on Tuesday” — said in Kyiv on Sept. 5.";
    let got = recognize(text, Some(d(DCT)));
    for t in &got {
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    let spans: Vec<&str> = got.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(spans, ["Tuesday", "Sept. 5"]);
}

#[test]
fn may_the_verb_is_not_a_month() {
    none("The minister may resign soon.", DCT);
    check("The minister resigned in May.", DCT, "May", "2024-05");
}

#[test]
fn never_panics_on_garbage() {
    // Deterministic pseudo-random strings over a temporal-heavy alphabet.
    let pieces = [
        "Jan",
        ".",
        " ",
        "5",
        "31",
        "2025",
        "99999",
        "-",
        "'",
        "90s",
        "year",
        "ago",
        "last",
        "the",
        "May",
        "p.m.",
        ":",
        "30",
        "every",
        "Tuesday",
        "é",
        "—",
        "\u{2019}",
        "1/2",
        "quarter",
        "third",
        "mid",
        "fiscal",
        "0",
        "00",
        "the 20th",
        "century",
        "s",
        ",",
        "\n",
        "Feb. 29",
        "Feb. 30",
        "4294967296",
        "12:",
        "a.m",
        "half",
        "a",
        "and",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let n = (next() % 24) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            if next() % 3 == 0 {
                s.push(' ');
            }
        }
        for dct in [None, Some(d("2025-01-28")), Some(d("1000-01-01")), Some(d("9999-12-31"))] {
            for t in recognize(&s, dct) {
                assert!(t.start < t.end && t.end <= s.len(), "{s:?}");
                assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            }
        }
    }
    // Raw bytes turned into text.
    for k in 0..500u32 {
        let s: String = (0..64).map(|i| char::from_u32((k * 7919 + i * 104_729) % 0x3000).unwrap_or(' ')).collect();
        let _ = recognize(&s, Some(d(DCT)));
    }
}

// ---------- statement_date ----------

fn said_on(text: &str, cue: &str, dct: &str) -> Option<(String, DateBasis)> {
    let tx = recognize(text, Some(d(dct)));
    let c = text.find(cue).map(|s| s..s + cue.len());
    statement_date(text, 0..text.len(), c, &tx, Some(d(dct))).map(|(p, b)| (p.to_string(), b))
}

#[test]
fn statement_dated_by_cue() {
    assert_eq!(
        said_on("Peskov told reporters late on January 27 that no talks were planned.", "told", DCT),
        Some(("2025-01-27".into(), DateBasis::Cue))
    );
    assert_eq!(
        said_on("Putin said on Sept. 5 that he was ready to meet.", "said", "2025-09-10"),
        Some(("2025-09-05".into(), DateBasis::Cue))
    );
    assert_eq!(
        said_on("The minister said Monday that talks would resume.", "said", DCT),
        Some(("2025-01-27".into(), DateBasis::Cue))
    );
    assert_eq!(
        said_on("The spokesman said in a statement on Sunday that it was false.", "said", DCT),
        Some(("2025-01-26".into(), DateBasis::Cue))
    );
}

#[test]
fn statement_dated_by_sentence() {
    // The date is not next to the cue but dates the reported event.
    assert_eq!(
        said_on("After the strike on January 20, the governor said the damage was severe.", "said", DCT),
        Some(("2025-01-20".into(), DateBasis::Sentence))
    );
    // Durations and future dates do not date a statement.
    assert_eq!(
        said_on("He said the war would end by March 3 after three years.", "said", DCT),
        Some(("2025-01-28".into(), DateBasis::Published))
    );
    // A bare year names something else.
    assert_eq!(
        said_on("She said the 2022 decree was void.", "said", DCT),
        Some(("2025-01-28".into(), DateBasis::Published))
    );
}

#[test]
fn statement_without_dates_falls_back_to_publication() {
    assert_eq!(
        said_on("He said the talks were useful.", "said", DCT),
        Some(("2025-01-28".into(), DateBasis::Published))
    );
    let text = "He said the talks were useful.";
    assert_eq!(statement_date(text, 0..text.len(), None, &[], None), None);
    // Out-of-range ranges do not panic.
    assert_eq!(statement_date(text, 5..500, Some(400..410), &[], None), None);
}

#[test]
fn typographic_apostrophes() {
    check("Growth was strong in the ’90s.", DCT, "the ’90s", "199");
    check("Shops reopened after New Year’s Day.", DCT, "New Year’s Day", "2025-01-01");
    check("Sales fell in this year’s first quarter.", "2025-05-10", "this year’s first quarter", "2025-Q1");
}

#[test]
fn numeric_dates() {
    check("Posted 2025-01-20 by the desk.", DCT, "2025-01-20", "2025-01-20");
    check("Updated 01/20/2025 at noon.", DCT, "01/20/2025", "2025-01-20");
    check("Stand 20.01.2025, Berlin.", DCT, "20.01.2025", "2025-01-20");
    check("Filed 20/01/2025.", DCT, "20/01/2025", "2025-01-20");
    none("Version 1.2.2025.4 shipped.", DCT);
    none("Ratio 2025-13-40 is not a date.", DCT);
}

#[test]
fn month_day_with_relative_year() {
    check("He said so last year on May 20 in Moscow.", DCT, "last year on May 20", "2024-05-20");
    check("The deal was signed May 20 last year.", DCT, "May 20 last year", "2024-05-20");
}

#[test]
fn end_of_period() {
    check("The talks should finish by the end of the month.", DCT, "the end of the month", "2025-01");
    check("Rates will fall by the end of the year.", DCT, "the end of the year", "2025");
    // Wire copy's scheduled present ("opens") points ahead.
    check("Trading opens at 9:30 a.m. ET on Monday.", DCT, "9:30 a.m. ET on Monday", "2025-02-03T09:30");
}

#[test]
fn ranges_are_two_expressions() {
    let got = run("He ran the agency from 2019 to 2022 and again between March and May 2024.", DCT);
    let vals: Vec<&str> = got.iter().map(|(_, _, v)| v.as_str()).collect();
    assert_eq!(vals, ["2019", "2022", "2024-03", "2024-05"], "{got:?}");
    check("Output fell in fiscal year 2024.", DCT, "fiscal year 2024", "2024");
}

#[test]
fn names_that_look_like_dates() {
    none("Thousands joined the annual March for Life downtown.", DCT);
    none("He loved the film High Noon as a boy.", DCT);
    none("Baker said on ABC's \"This Week\" that talks were off.", DCT);
    // ...but a real month before "for" still counts.
    check("She resigned in March for health reasons.", DCT, "March", "2024-03");
}

#[test]
fn week_of_a_date() {
    check("Talks are set for the week of March 3.", DCT, "the week of March 3", "2025-W10");
}

#[test]
fn tense_after_the_expression_counts() {
    // Nothing before the weekday; the verb after it looks ahead.
    check("On Monday, the minister will travel to Ankara.", DCT, "Monday", "2025-02-03");
    check("On Monday, the minister traveled to Ankara.", DCT, "Monday", "2025-01-27");
    // A quote's future does not leak into the attribution.
    check("\"We will win,\" Putin said on Sunday.", DCT, "Sunday", "2025-01-26");
}

// ---------- statement dates: distractors, weeks, tense, context ----------

/// Dates the statements of `text`; each is (cue, content) by substring.
fn dates_of(text: &str, dct: &str, stmts: &[(&str, &str, Option<&str>)]) -> Vec<(String, DateBasis)> {
    let tx = recognize(text, Some(d(dct)));
    let find = |s: &str| text.find(s).map(|i| i..i + s.len()).expect("substring in text");
    let contents: Vec<Vec<std::ops::Range<usize>>> = stmts.iter().map(|(_, c, _)| vec![find(c)]).collect();
    let sites: Vec<StatementSite<'_>> = stmts
        .iter()
        .zip(&contents)
        .map(|((cue, content, who), c)| {
            let at = find(content).start;
            let s = text[..at].rfind(". ").map_or(0, |i| i + 2);
            let e = text[at..].find(". ").map_or(text.len(), |i| at + i + 1);
            StatementSite {
                sentence: s..e,
                cue: Some(text[s..e].find(cue).map(|i| s + i..s + i + cue.len()).expect("cue in sentence")),
                content: c,
                paragraph: 0..text.len(),
                speaker: *who,
            }
        })
        .collect();
    date_statements(text, &sites, &tx, Some(d(dct)))
        .into_iter()
        .map(|r| r.map(|(p, b)| (p.to_string(), b)).expect("dated"))
        .collect()
}

#[test]
fn dates_in_the_reported_content_do_not_date_the_saying() {
    let text = "The port authority said the dredging contract was signed on April 2.";
    assert_eq!(
        dates_of(text, "2025-05-08", &[("said", "the dredging contract was signed on April 2", None)]),
        [("2025-05-08".into(), DateBasis::Published)]
    );
    // Without content spans, the auxiliary still marks a new clause.
    assert_eq!(said_on(text, "said", "2025-05-08"), Some(("2025-05-08".into(), DateBasis::Published)));
    // A date in a relative clause of the frame names something else.
    assert_eq!(
        said_on("\"Nobody told us,\" said Lorna Beck, whose street was evacuated on Saturday night.", "said", DCT),
        Some(("2025-01-28".into(), DateBasis::Published))
    );
    // "said Sunday's march drew...": the day names the march.
    assert_eq!(
        dates_of(
            "Police said Sunday's march drew about 5,000 people.",
            "2025-04-15",
            &[("said", "Sunday's march drew about 5,000 people", None)]
        ),
        [("2025-04-15".into(), DateBasis::Published)]
    );
}

#[test]
fn a_date_right_after_the_cue_dates_it_even_inside_a_loose_content_span() {
    let text = "The central bank governor told parliament on May 16: \"Inflation has peaked.\"";
    assert_eq!(
        dates_of(text, "2023-05-19", &[("told", "parliament on May 16: \"Inflation has peaked.\"", None)]),
        [("2023-05-16".into(), DateBasis::Cue)]
    );
}

#[test]
fn said_last_week_gives_the_month_holding_that_week() {
    assert_eq!(
        said_on("The ministry said last week that exams would be delayed.", "said", "2024-05-15"),
        Some(("2024-05".into(), DateBasis::Cue))
    );
    // A week across two months gives no partial date: the publication date stands in.
    assert_eq!(
        said_on("The ministry said last week that exams would be delayed.", "said", "2024-06-05"),
        Some(("2024-06-05".into(), DateBasis::Published))
    );
}

#[test]
fn said_in_a_later_month_means_last_year() {
    assert_eq!(
        said_on("The company said in March that it would cut 200 jobs.", "said", "2025-02-20"),
        Some(("2024-03".into(), DateBasis::Cue))
    );
    // With an explicit year a future date is refused, not moved.
    assert_eq!(
        said_on("The company said in March 2025 that it would cut jobs.", "said", "2025-02-20"),
        Some(("2025-02-20".into(), DateBasis::Published))
    );
}

#[test]
fn an_undated_statement_takes_the_same_speakers_previous_date() {
    let text = "Mayor Dana Whitlock told reporters late on January 28 that the ferry would resume. \
                \"We owe the islanders a timetable,\" she said. The council said the plan was costly.";
    let got = dates_of(
        text,
        "2025-01-29",
        &[
            ("told", "the ferry would resume", Some("Dana Whitlock")),
            ("said", "We owe the islanders a timetable", Some("Dana Whitlock")),
            ("said", "the plan was costly", Some("council")),
        ],
    );
    assert_eq!(got[0], ("2025-01-28".into(), DateBasis::Cue));
    assert_eq!(got[1], ("2025-01-28".into(), DateBasis::Sentence));
    // Another speaker does not inherit it.
    assert_eq!(got[2], ("2025-01-29".into(), DateBasis::Published));
}

#[test]
fn said_after_the_meeting_refers_back_to_the_event() {
    let text = "The school board voted on Tuesday to close two buildings. \
                \"It is the hardest vote I have cast,\" Iris Tanaka said after the meeting.";
    assert_eq!(
        dates_of(text, "2024-07-18", &[("said", "It is the hardest vote I have cast", None)]),
        [("2024-07-16".into(), DateBasis::Sentence)]
    );
    // Without the reference back, the earlier event does not date it.
    let text = "The school board voted on Tuesday to close two buildings. \
                \"It is the hardest vote I have cast,\" Iris Tanaka said.";
    assert_eq!(
        dates_of(text, "2024-07-18", &[("said", "It is the hardest vote I have cast", None)]),
        [("2024-07-18".into(), DateBasis::Published)]
    );
}

#[test]
fn absurd_dates_never_date_a_statement() {
    for text in [
        "The minister said on February 30 that the talks were over.",
        "The minister said in 99999 that the talks were over.",
        "The minister said on Feb. 31, 2024 that the talks were over.",
    ] {
        assert_eq!(said_on(text, "said", DCT), Some(("2025-01-28".into(), DateBasis::Published)), "{text}");
    }
}

#[test]
fn dating_statements_never_panics_on_odd_ranges() {
    let text = "Ünïcödé «quote» said on Tuesday — the minister, whose café opened on May 3, said last week.";
    let tx = recognize(text, Some(d(DCT)));
    let n = text.len() + 3;
    // A reversed range, as a buggy caller could pass.
    let content = [0..n, std::ops::Range { start: 5, end: 2 }];
    for a in (0..n).step_by(3) {
        for b in (0..n).step_by(5) {
            let site = StatementSite {
                sentence: a..b,
                cue: Some(b..a + 1),
                content: &content,
                paragraph: b..a,
                speaker: Some("x"),
            };
            let _ = date_statements(text, &[site.clone(), site], &tx, Some(d(DCT)));
        }
    }
}

#[test]
fn a_plan_now_past_points_back() {
    // "had been scheduled" is a plan that has passed: last Friday.
    check("The offer had been scheduled to expire Friday.", DCT, "Friday", "2025-01-24");
    // "lower-than-expected" is an adjective, not a plan.
    check(
        "Shares fell on lower-than-expected sales after the market closed Wednesday.",
        DCT,
        "Wednesday",
        "2025-01-22",
    );
    check("The vote is expected Friday.", DCT, "Friday", "2025-01-31");
}

#[test]
fn previous_and_next_count_from_the_narrative_day() {
    check(
        "The index closed at 210 on Friday, Jan. 17, down 4% from the previous Friday.",
        DCT,
        "the previous Friday",
        "2025-01-10",
    );
    check("The bridge opened on Jan. 20. The next day, traffic doubled.", DCT, "The next day", "2025-01-21");
    check("The bridge opened on Jan. 20. On the previous day, it rained.", DCT, "the previous day", "2025-01-19");
}

#[test]
fn halves_and_quarters_of_a_named_year() {
    check("Exports rose in the first half of this year.", "2025-08-10", "the first half of this year", "2025-H1");
    check("Sales fell in the fourth quarter of last year.", DCT, "the fourth quarter of last year", "2024-Q4");
    check("Earnings will lag for the last half of 2023.", DCT, "the last half of 2023", "2023-H2");
    // "the last half of the '80s" is not a half year.
    check("It marked the last half of the '80s.", DCT, "the '80s", "198");
}

#[test]
fn seasons_and_spoken_years() {
    check("They met in the summer of 2019 in Vienna.", DCT, "the summer of 2019", "2019-SU");
    check("Prices peaked in winter 2020.", DCT, "winter 2020", "2020-WI");
    check("January nineteen ninety-seven. A bomb went off.", DCT, "January nineteen ninety-seven", "1997-01");
    check("We saw it in the winter of nineteen ninety-four.", DCT, "the winter of nineteen ninety-four", "1994-WI");
}

#[test]
fn weekday_with_plural_part_of_day_recurs() {
    check_type("Flights leave on Tuesday nights.", DCT, "Tuesday nights", "SET", "XXXX-WXX-2TNI");
}

#[test]
fn the_past_year_is_last_year() {
    check_type("Hate groups grew over the past year.", DCT, "the past year", "DATE", "2024");
    check_type("Wages fell in the last decade.", DCT, "the last decade", "DATE", "201");
    // A counted stretch stays a duration.
    check_type("Wages fell over the past two years.", DCT, "the past two years", "DURATION", "P2Y");
}

#[test]
fn coming_and_past_plurals_point_without_measuring() {
    check_type("Rates should fall in coming months.", DCT, "coming months", "DATE", "FUTURE_REF");
    check_type("Taxes will be lower in future quarters.", DCT, "future quarters", "DATE", "FUTURE_REF");
    check_type("There were sell-offs in past years, too.", DCT, "past years", "DATE", "PAST_REF");
}

#[test]
fn approximations_stay_in_the_span() {
    check("The list was printed about two years ago.", DCT, "about two years ago", "2023");
    check_type("It has ruled for almost a hundred years.", DCT, "almost a hundred years", "DURATION", "P100Y");
    check("He was seen at 7:15 p.m., after dinner.", DCT, "7:15 p.m.", "2025-01-28T19:15");
    check_type("Losses piled up over a three-year period.", DCT, "a three-year period", "DURATION", "P3Y");
}

#[test]
fn comparisons_with_a_year_back_are_one_expression() {
    let text = "Profit rose in the third quarter from the same period last year.";
    check(text, DCT, "the third quarter", "2024-Q3");
    check(text, DCT, "the same period last year", "2023-Q3");
    check("Profit rose in the third quarter, above the quarter a year ago.", DCT, "the quarter a year ago", "2023-Q3");
    check("Sales rose in the third quarter; last year's quarter was weak.", DCT, "last year's quarter", "2024-Q3");
}

#[test]
fn a_year_earlier_counts_from_the_narrative_year() {
    check("The dam was finished in 2019. A year earlier, the river flooded.", DCT, "A year earlier", "2018");
    // Without a narrative year: from the publication date.
    check("Exports fell 3% from a year earlier.", DCT, "a year earlier", "2024");
}

#[test]
fn deadlines_take_the_closest_month() {
    // A weak past form does not push a deadline back a year.
    check("Lenders extended loans through January.", "2024-10-30", "January", "2025-01");
    check("The fund fell 2% this year through Oct. 19.", "2024-10-30", "Oct. 19", "2024-10-19");
    check("The loan must be repaid by February.", "2024-10-30", "February", "2025-02");
}

#[test]
fn a_weekday_without_tense_is_the_nearest_one() {
    // Tuesday DCT: Monday is yesterday, Thursday the day after tomorrow.
    check("Arafat and Netanyahu meet separately Thursday with the envoy.", DCT, "Thursday", "2025-01-30");
    check("The envoy's talks Monday in Cairo.", DCT, "Monday", "2025-01-27");
    // A tense cue still decides.
    check("The envoy arrived Thursday.", DCT, "Thursday", "2025-01-23");
    check("The envoy will arrive Monday.", DCT, "Monday", "2025-02-03");
    // A deadline: a weak past form ("postponed") does not send it back.
    check("Lenders postponed the vote until Thursday.", DCT, "Thursday", "2025-01-30");
    check("The ban had been extended until Thursday.", DCT, "Thursday", "2025-01-23");
}

#[test]
fn words_ending_in_ed_that_are_no_past() {
    // "hundred", "proceed" and a passive infinitive give no tense.
    check("Some two hundred delegates gather Thursday.", DCT, "Thursday", "2025-01-30");
    check("The report is to be presented Thursday.", DCT, "Thursday", "2025-01-30");
    check("The plan, to be presented Thursday, is secret.", DCT, "Thursday", "2025-01-30");
}

#[test]
fn past_decade_is_a_length_last_decade_a_decade() {
    check_type("Crime has fallen over the past decade.", DCT, "the past decade", "DURATION", "P10Y");
    check_type("Wages lost ground in the last decade.", DCT, "the last decade", "DATE", "201");
    // Still TimeBank's reading for a year.
    check_type("Hate groups grew over the past year.", DCT, "the past year", "DATE", "2024");
}

#[test]
fn centuries_and_the_year_2000() {
    check_type("China will enter the next century strong.", "1998-08-08", "the next century", "DATE", "20");
    check("It will be built by the end of the century.", "1998-08-08", "the end of the century", "19");
    none("Vienna at the turn of the century was a hub.", "1998-08-08");
    check("Computers may fail in the year 2000.", "1998-08-08", "the year 2000", "2000");
    check("He was born in 1949, the year the republic was founded.", DCT, "the year", "1949");
}

#[test]
fn decades_and_centuries_ago_keep_their_granularity() {
    check("The dam was built two decades ago.", "1998-08-08", "two decades ago", "197");
    check("The town was founded a century ago.", "1998-08-08", "a century ago", "18");
    check("The firm was founded 20 years ago.", "1998-08-08", "20 years ago", "1978");
}

#[test]
fn the_verb_last_is_not_a_modifier() {
    check_type("The talks could last several hours.", DCT, "several hours", "DURATION", "PTXH");
    check_type("The trial is expected to last three days.", DCT, "three days", "DURATION", "P3D");
    check_type("Prices rose over the last three days.", DCT, "the last three days", "DURATION", "P3D");
    // A point inside a period is no length.
    none("The court ruled on the last day of its term.", DCT);
}

#[test]
fn more_holidays() {
    check("The Senate returns after Labor Day.", "1998-08-17", "Labor Day", "1998-09-07");
    check("Voters go to the polls on Election Day.", "1998-08-17", "Election Day", "1998-11-03");
    check("The church was packed on Easter Sunday.", "1998-04-20", "Easter Sunday", "1998-04-12");
    check("Traffic deaths rose over Memorial Day.", "1998-06-02", "Memorial Day", "1998-05-25");
    check("The parade is held on Veterans Day.", "1998-11-05", "Veterans Day", "1998-11-11");
    check("Families gathered on Thanksgiving Day.", "2000-01-14", "Thanksgiving Day", "1999-11-25");
    check("Easter fell early.", "2000-05-01", "Easter", "2000-04-23");
    // Holy Week runs Monday to Easter Sunday: ISO week 16 of 2000.
    check("Pilgrims filled Jerusalem as Easter week began.", "2000-04-18", "Easter week", "2000-W16");
    none("Tourists flew to Easter Island.", DCT);
}

#[test]
fn counted_four_digit_numbers_are_no_years() {
    none("Some rebels and 2000 troops were deployed.", DCT);
    none("The storm destroyed 1500 homes.", DCT);
    check("The 2000 elections were close.", DCT, "2000", "2000");
}

#[test]
fn seasons_recur_with_every_and_each() {
    check_type("The fair is held each spring.", DCT, "each spring", "SET", "XXXX-SP");
    check_type("Every summer the town floods.", DCT, "Every summer", "SET", "XXXX-SU");
}

#[test]
fn ranges_and_alternatives_are_one_length() {
    check_type("Shipments resume within two to three weeks.", DCT, "two to three weeks", "DURATION", "P2W");
    check_type("He died within weeks or months of his capture.", DCT, "weeks or months", "DURATION", "PXW");
}

#[test]
fn nights_are_dates_of_their_day() {
    check_type("The president will speak tonight.", DCT, "tonight", "DATE", "2025-01-28");
    check_type("He spoke on Monday night.", DCT, "Monday night", "DATE", "2025-01-27");
}

#[test]
fn the_following_week_counts_from_the_narrative_day() {
    check("The bombs went off on Jan. 7. The following week, agents arrived.", DCT, "The following week", "2025-W03");
}

#[test]
fn twenty_four_hour_clock_times() {
    check_type("The truce took effect Sunday at 2100 GMT.", DCT, "2100 GMT", "TIME", "2025-01-26T21:00");
    // A conversion in parentheses is neither a year nor a second time.
    let got = run("The blast came at 10:30 a.m. (1730 GMT) Friday.", DCT);
    assert_eq!(got.len(), 2, "{got:?}");
    none("The deadline is 1800 hours.", DCT);
}

#[test]
fn counted_plurals_make_a_rate() {
    check_type("Over fifty thousand CDs a year are sold.", DCT, "a year", "SET", "P1Y");
    // Days of a week are the frequency itself (TimeML: one SET, "freq").
    check_type("The jury sits three days a week.", DCT, "three days a week", "SET", "P1W");
}

#[test]
fn the_same_period_follows_the_period_in_focus() {
    // A quarter in focus keeps quarter values.
    check(
        "Profit rose 8 percent in the third quarter from the same period last year.",
        "1998-10-20",
        "the same period last year",
        "1997-Q3",
    );
    // A half named after it takes over; with neither, the whole year.
    check(
        "Sales rose in the third quarter. In the first half, exports fell from the same period last year.",
        "1998-10-20",
        "the same period last year",
        "1997-H1",
    );
    check("Output rose 5 percent over the same period last year.", "1998-10-20", "the same period last year", "1997");
}

#[test]
fn that_night_needs_a_day_to_point_at() {
    check_type(
        "The border closed on March 3. That night, crowds gathered.",
        DCT,
        "That night",
        "TIME",
        "2025-03-03TNI",
    );
    // Only a year is known: no day to put the night on.
    let got = run("The border closed in 1998. That night, crowds gathered.", DCT);
    assert!(!got.iter().any(|(s, _, _)| s == "That night"), "{got:?}");
}

// ---------- rules found with the in-house wire set (tests/data/timex/wire.txt) ----------

#[test]
fn could_not_and_may_have_look_back() {
    // Tuesday 1999-08-31: without the cue the nearest Friday (ahead) and
    // Sunday (back) would be taken.
    let dct = "1999-08-31";
    check("The mayor could not be reached for comment Friday.", dct, "Friday", "1999-08-27");
    check("The man may have died Friday, police said.", dct, "Friday", "1999-08-27");
    check("The minister might have left Friday.", dct, "Friday", "1999-08-27");
}

#[test]
fn wire_present_tense_schedules_point_ahead() {
    // Monday 1999-05-03.
    check("Campaigning ends Friday, the commission said.", "1999-05-03", "Friday", "1999-05-07");
    check("The summit opens Thursday in Vienna.", "1999-05-03", "Thursday", "1999-05-06");
}

#[test]
fn was_to_is_a_plan_ahead_unless_it_never_happened() {
    // Friday 1998-08-07.
    check("The president cut short a visit and was to return Saturday.", "1998-08-07", "Saturday", "1998-08-08");
    check("The accord was to have been signed Wednesday.", "1998-08-07", "Wednesday", "1998-08-05");
}

#[test]
fn since_a_season_is_the_one_already_begun() {
    // January 2000: the spring since which something fell is 1999's.
    check("Joblessness has fallen every month since the spring.", "2000-01-14", "the spring", "1999-SP");
    check("Prices have risen since the summer.", "1999-10-12", "the summer", "1999-SU");
    // Looking ahead the season is the next one not yet over.
    check("Output cuts will stay in place through the winter.", "1999-08-31", "the winter", "1999-WI");
}

#[test]
fn a_half_year_still_ahead_in_past_copy_is_last_years() {
    // A January review: the second half the exports grew in is 1997's, and
    // the first half compared with it follows it.
    let got =
        run("Exports grew faster in the second half of the year than in the first half, officials said.", "1998-01-19");
    assert!(got.iter().any(|(s, _, v)| s == "the second half of the year" && v == "1997-H2"), "{got:?}");
    assert!(got.iter().any(|(s, _, v)| s == "the first half" && v == "1997-H1"), "{got:?}");
    // Without a past tense the half ahead stays this year's.
    check("Economists expect a recovery in the second half.", "1998-03-05", "the second half", "1998-H2");
    check("Demand should pick up in the second half.", "1998-03-05", "the second half", "1998-H2");
    check("The company saw demand pick up in the second half.", "1998-03-05", "the second half", "1997-H2");
}

#[test]
fn fourth_of_july_and_the_whole_year() {
    check("Traffic deaths over the Fourth of July holiday weekend fell.", "1998-07-06", "Fourth of July", "1998-07-04");
    check("The bureau forecast growth of 6 percent for the whole year.", "1999-06-24", "the whole year", "1999");
    check("Sales for the entire year rose 4 percent.", "1999-06-24", "the entire year", "1999");
}

// Session 8: classes the second wire set (`tests/data/timex/wire2.txt`) showed.

#[test]
fn weather_forecast_for_the_weekend_looks_ahead() {
    // Wednesday 1998-06-10: the weekend rain is forecast for is this week's.
    check("Rain is forecast for the weekend, but it will come too late.", "1998-06-10", "the weekend", "1998-W24-WE");
}

#[test]
fn a_date_weeks_ahead_is_not_read_as_most_of_a_year_back() {
    // Only a weak past form in the clause ("left", "voted"): the nearest day.
    check("With four days left before Jan. 1, banks said they were ready.", "1999-12-28", "Jan. 1", "2000-01-01");
    check("The board voted yesterday to raise fares beginning Jan. 1.", "1998-11-30", "Jan. 1", "1999-01-01");
    // A present passive is no past tense.
    check("He faces 20 years in prison when he is sentenced June 9.", "2000-04-05", "June 9", "2000-06-09");
    // The date's own verb still dates it back: the year that ended.
    check(
        "In the fiscal year ended Jan. 31, the company reported sales of $1 million.",
        "1989-10-31",
        "Jan. 31",
        "1989-01-31",
    );
}

#[test]
fn a_range_ends_after_it_starts() {
    // Tuesday 1999-12-28: until noon on the Sunday after that Friday.
    let text =
        "The central bank will keep 400 technicians on duty from 6 p.m. Friday until noon Sunday, a spokesman said.";
    check(text, "1999-12-28", "6 p.m. Friday", "1999-12-31T18:00");
    check(text, "1999-12-28", "noon Sunday", "2000-01-02T12:00");
}

#[test]
fn a_year_ago_after_a_fiscal_year_is_that_year() {
    let text = "Corbel's first-quarter profit rose 31 percent. Analysts expect it to earn $1.40 a share in fiscal 1999, \
                up from 98 cents a year ago.";
    check(text, "1999-05-03", "a year ago", "1998");
    // Without the fiscal year the quarter in focus stays the reference.
    check("Corbel's first-quarter profit rose 31 percent from a year ago.", "1999-05-03", "a year ago", "1998-Q1");
}

#[test]
fn that_afternoon_is_on_the_day_a_time_of_day_named() {
    let text = "The ferry sank Friday. Boats pulled 160 people from the water by Saturday morning, and that afternoon \
                the navy called off the search, officials said Monday.";
    check_type(text, "2000-08-14", "that afternoon", "TIME", "2000-08-12TAF");
}

#[test]
fn the_previous_quarter_is_the_one_before_the_quarter_in_focus() {
    let text = "The economy grew 3.2 percent in the third quarter, down from 5.1 percent in the previous quarter.";
    check_type(text, "2000-10-19", "the previous quarter", "DATE", "2000-Q2");
}

#[test]
fn a_flashback_leaves_from_the_storys_day_not_a_scheduled_one() {
    // The jury convicted him Tuesday 2000-04-04; the sentencing is ahead.
    let text = "A jury convicted him Tuesday. He will be sentenced June 9. Jurors had asked the previous day to hear \
                the testimony again.";
    check(text, "2000-04-05", "the previous day", "2000-04-03");
}

#[test]
fn a_weekday_after_its_own_past_participle_is_behind() {
    // The modal belongs to the appeal; the ruling was issued on Monday.
    check(
        "Union leaders said they would challenge the ruling, issued Monday by the labour board.",
        DCT,
        "Monday",
        "2025-01-27",
    );
    check("The minister will defend the budget, unveiled on Monday, in parliament.", DCT, "Monday", "2025-01-27");
    // A passive keeps the tense of its auxiliary.
    check("The first bonus will be paid Friday.", DCT, "Friday", "2025-01-31");
    check("Dealers said stocks would rally as soon as the exchange reopened Monday.", DCT, "Monday", "2025-02-03");
}

#[test]
fn last_before_a_full_date_keeps_the_day() {
    // Not "last October": the day is named; "last" only sends it back.
    check("The bridge has been shut since a storm damaged it last Oct. 23.", DCT, "Oct. 23", "2024-10-23");
}

#[test]
fn the_second_day_of_a_pair_shares_the_month() {
    let text = "Foreign ministers meet in Oslo on March 3 and 4, the agency said.";
    check(text, DCT, "March 3", "2025-03-03");
    check(text, DCT, "4", "2025-03-04");
    check("The festival ran on Aug. 30 or 31, 2024.", DCT, "Aug. 30", "2024-08-30");
    // A count after the pair is no day.
    let got = run("On March 3 and 4 others were hurt in Oslo.", DCT);
    assert!(got.iter().all(|(s, _, _)| s != "4"), "{got:?}");
}

#[test]
fn a_fronted_month_takes_the_tense_of_the_main_verb_however_far() {
    // Seventeen words between the month and "devalued": the main verb decides.
    check(
        "In March, weeks after the central bank's surprise rate cut and a run on the currency by foreign funds, \
         the government devalued the peso.",
        DCT,
        "March",
        "2024-03",
    );
    check("In March, the government will review the peso's peg.", DCT, "March", "2025-03");
}

#[test]
fn a_plan_for_a_weekday_that_was_called_off_is_behind() {
    check("A march planned by students for Saturday was called off after threats.", DCT, "Saturday", "2025-01-25");
    // Still a plan when nothing says it fell through.
    check("A march planned by students for Saturday will go ahead.", DCT, "Saturday", "2025-02-01");
    check("Police braced for a march planned for Saturday.", DCT, "Saturday", "2025-02-01");
    check("Talks scheduled for Friday were expected to focus on trade.", DCT, "Friday", "2025-01-31");
}

#[test]
fn a_clock_deadline_on_a_weekday_is_ahead() {
    // Past tense in the clause, but the deadline is still to come.
    check("The ministry extended its deadline until 9 a.m. Wednesday.", DCT, "9 a.m. Wednesday", "2025-01-29T09:00");
    check("Banks had been told to report by noon Friday.", DCT, "noon Friday", "2025-01-24T12:00");
}

// ---------- wire3 (2010s web news, session 10) ----------

#[test]
fn earnings_quarters_written_q3_are_quarters() {
    check("Harlow Foods said its Q3 profit doubled.", "2013-10-24", "Q3", "2013-Q3");
    check("Revenue in Q4 2012 fell by a tenth.", "2013-10-24", "Q4 2012", "2012-Q4");
    none("The Q7 tablet sold well.", "2013-10-24");
}

#[test]
fn a_frequency_is_one_set_with_its_count() {
    check_type("The committee meets twice a year.", DCT, "twice a year", "SET", "P1Y");
    check_type("She swims three times a week.", DCT, "three times a week", "SET", "P1W");
    check_type("The bakery opens six days a week.", DCT, "six days a week", "SET", "P1W");
    // An amount per period stays a duration and a set.
    check_type("Walk 30 minutes a day.", DCT, "30 minutes", "DURATION", "PT30M");
    check_type("Walk 30 minutes a day.", DCT, "a day", "SET", "P1D");
}

#[test]
fn overnight_is_tonight_ahead_and_the_night_before_the_day_in_focus_behind() {
    check_type("Heavy snow will fall overnight in the hills.", DCT, "overnight", "TIME", "2025-01-28TNI");
    check_type("Crews cleared the road overnight.", DCT, "overnight", "TIME", "2025-01-27TNI");
    check("Stocks fell on Friday after overnight losses in Asia.", DCT, "overnight", "2025-01-23TNI");
}

#[test]
fn mid_century_and_the_2000s() {
    check("Sea levels could rise a meter by mid-century.", DCT, "mid-century", "20");
    none("She sold a mid-century modern sofa.", DCT);
    check("The club spent most of the 2000s in the second division.", DCT, "the 2000s", "200");
    check("The mill was built in the 1800s.", DCT, "the 1800s", "18");
}

#[test]
fn the_morning_of_a_date_is_a_time_on_it() {
    check_type(
        "He was arrested on the morning of 4 June 2012.",
        DCT,
        "the morning of 4 June 2012",
        "TIME",
        "2012-06-04TMO",
    );
}

#[test]
fn a_start_or_a_booking_names_the_nearest_weekday() {
    check("The government declared three days of mourning beginning Friday.", DCT, "Friday", "2025-01-31");
    check("Passengers booked for Wednesday may see delays, the airline said.", DCT, "Wednesday", "2025-01-29");
}

#[test]
fn a_weekend_or_weekday_before_should_or_will_is_ahead() {
    check("Forecasters said the weekend should be dry.", DCT, "the weekend", "2025-W05-WE");
    check("Organizers said Friday will be the busiest day.", DCT, "Friday", "2025-01-31");
}

#[test]
fn a_count_after_in_is_no_earlier_date_that_takes_the_past_away() {
    check(
        "Campaigners, who handed in a 9,000-signature petition on 28 February, say they will go to court.",
        "2013-03-05",
        "28 February",
        "2013-02-28",
    );
}

#[test]
fn small_hours_until_which_a_named_day_runs_are_the_next_day() {
    check(
        "Trains on New Year's Eve will run until 2 a.m. to carry revelers.",
        "2012-12-20",
        "2 a.m.",
        "2013-01-01T02:00",
    );
}

#[test]
fn a_game_clock_and_its_quarter_are_no_times() {
    none("His pass with 2:14 left in the third quarter won the game.", DCT);
}

#[test]
fn sports_seasons_are_the_year_they_open() {
    check("United ended the 2012-13 season with 84 points.", "2013-05-20", "the 2012-13 season", "2012");
    check("They have not made the playoffs since the 2008 season.", "2013-12-02", "the 2008 season", "2008");
    check("United finished seventh last season.", "2013-05-20", "last season", "2011");
    check("He will sign players for next season.", "2013-05-20", "next season", "2013");
    check("He missed four weeks this season.", "2013-12-02", "this season", "2013");
}

#[test]
fn a_past_clock_time_without_a_day_is_on_the_day_the_story_last_named() {
    check(
        "The jet landed in Port Aldane on Monday. It had left Varen at 9:40 a.m. with 143 people on board.",
        DCT,
        "9:40 a.m.",
        "2025-01-27T09:40",
    );
    // Ahead, or with nothing named before, it stays on the publication day.
    check("The minister will speak at 9:40 a.m. in the capital.", DCT, "9:40 a.m.", "2025-01-28T09:40");
}

// Session 11: forms the fourth wire set (wire4.txt) showed. DCT of most:
// Wednesday 2024-04-17.
const APR: &str = "2024-04-17";

#[test]
fn since_a_month_is_behind_even_under_a_modal() {
    check("It would be the first drop in exports since November, the ministry said.", APR, "November", "2023-11");
    check("Prices have risen every week since June 3.", APR, "June 3", "2023-06-03");
}

#[test]
fn a_plan_set_for_a_day_or_hoped_for_in_a_month_is_ahead() {
    check("The runoff is set for Sept. 8, officials said.", APR, "Sept. 8", "2024-09-08");
    check("Shops are hoping for more trade in June, when the tax cut starts.", APR, "June", "2024-06");
    check("The bakery plans another price rise in February.", "2024-01-10", "February", "2024-02");
    check("Schools reopen Monday after the storm.", APR, "Monday", "2024-04-22");
}

#[test]
fn a_month_closing_a_range_follows_the_month_that_opens_it() {
    check("The rainy season runs from November to March.", "2024-10-02", "March", "2025-03");
    check("Sales usually pick up between April and late June.", "2024-03-20", "late June", "2024-06");
    check("The plant was shut from Nov. 4 to Nov. 19, 1996, for repairs.", APR, "Nov. 4", "1996-11-04");
}

#[test]
fn a_weekday_closing_a_between_range_follows_the_day_that_opens_it() {
    check(
        "About two million people are expected to fly from the six main airports in the country between Thursday evening and Tuesday morning, the airports said.",
        APR,
        "Tuesday morning",
        "2024-04-23TMO",
    );
}

#[test]
fn good_friday_easter_monday_boxing_day_and_the_easter_weekend() {
    check("Banks close on Good Friday.", "2024-03-25", "Good Friday", "2024-03-29");
    check("Most families travel home on Easter Monday.", "2024-03-25", "Easter Monday", "2024-04-01");
    check("Roads will be crowded over the Easter weekend.", "2024-03-25", "Easter weekend", "2024-W13-WE");
    check("He fell ill on Boxing Day 2019 and never recovered.", APR, "Boxing Day 2019", "2019-12-26");
    // "Good" alone, and a lower-case "good Friday", are no holiday.
    check("They had a good Friday at the market.", APR, "Friday", "2024-04-12");
}

#[test]
fn that_season_that_month_and_the_nth_take_the_narrative_year_and_month() {
    check(
        "The mayor spoke of ruin in the spring of 2011 but told reporters that summer she was calm.",
        APR,
        "that summer",
        "2011-SU",
    );
    check("The dam failed in 2009, and the valley was empty by that September.", APR, "that September", "2009-09");
    check("The probe lands in May 2026 and drills in November of that year.", APR, "November of that year", "2026-11");
    check("Papers are due by June 15, and she will decide well before the 15th.", APR, "the 15th", "2024-06-15");
    none("He lives on the 15th floor.", APR);
}

#[test]
fn the_same_day_after_a_day_with_its_part_of_day_is_that_day() {
    check(
        "The convoy leaves on Thursday morning and should reach the city the same day.",
        APR,
        "the same day",
        "2024-04-18",
    );
}

#[test]
fn a_season_as_a_deadline_is_ahead() {
    check("The budget could be delayed until the summer.", APR, "the summer", "2024-SU");
    check("If we wait until the spring, the bridge may fail.", "2023-12-14", "the spring", "2024-SP");
    check("Sales have fallen since the autumn.", APR, "the autumn", "2023-FA");
}

#[test]
fn compound_lengths_are_one_duration() {
    check("She won after two hours and 51 minutes.", APR, "two hours and 51 minutes", "PT2H51M");
    check("For a quarter of an hour nobody spoke.", APR, "a quarter of an hour", "PT15M");
    // "a quarter of the market" stays a fraction.
    none("They hold a quarter of the market.", APR);
}

#[test]
fn the_age_of_a_program_behind_a_hyphenated_modifier_is_a_duration() {
    check_type("It adds to its two-year-old cost-cutting program.", APR, "two-year-old", "DURATION", "P2Y");
    none("A 50-year-old plant in Dunford will close.", APR);
}

#[test]
fn a_quarter_whose_results_are_reported_is_the_latest_one_begun() {
    check("The company will report fourth-quarter results on Jan. 28.", "2014-01-16", "fourth-quarter", "2013-Q4");
    check("It reports third-quarter earnings next week.", "2013-10-24", "third-quarter", "2013-Q3");
}

#[test]
fn the_weekend_that_would_be_dry_is_ahead() {
    check("Forecasters said the weekend would be cold and dry.", "2013-03-27", "the weekend", "2013-W13-WE");
}

#[test]
fn a_past_day_right_after_a_paragraph_in_an_earlier_year_is_in_that_year() {
    check(
        "The two fought a war in the summer of 2008. A truce was signed on Aug. 30, but ties were never restored.",
        "2013-03-19",
        "Aug. 30",
        "2008-08-30",
    );
    // Near the publication date the publication year wins.
    check("Sales fell in 2012. On March 3 the firm cut jobs.", "2013-03-05", "March 3", "2013-03-03");
}

#[test]
fn the_2001_attacks_are_named_by_their_day() {
    check("After the 9/11 attacks, the agency grew.", "2016-09-22", "9/11", "2001-09-11");
    check("The report traced the Sept. 11 hijackers' travel.", "2016-09-12", "Sept. 11", "2001-09-11");
    check("She worked with responders after the September 11 attacks.", "2016-09-30", "September 11", "2001-09-11");
    // A day of the year still is one; and a date written in full is a date.
    check("The vote is set for Sept. 11 in the capital.", "2016-09-02", "Sept. 11", "2016-09-11");
    check("The form was signed on 9/11/2015.", "2016-09-02", "9/11/2015", "2015-09-11");
}

#[test]
fn time_words_inside_names_are_no_time_expressions() {
    none("She told USA TODAY's video series it was a mistake.", "2016-09-08");
    none("The vote was close.\n\nUSA TODAY's tally counts every ballot.", "2016-09-08");
    none("He mocked the NBC Nightly News ratings.", "2016-09-23");
    none("The story ran in the Daily Mirror.", "2016-09-23");
    // At the start of a sentence they still are.
    check("The talks resume. Today the envoys meet again.", "2016-09-23", "Today", "2016-09-23");
    // A number glued to letters before it (a link) is no clock time.
    none("Watch the clip: pic.twitter.com/Xq7ab3Pm", "2016-09-28");
}

#[test]
fn a_year_prior_is_the_year_before() {
    check("The rating fell in 2016; a year prior it had been the highest.", "2016-09-26", "a year prior", "2015");
    check("Coverage starts at 9 p.m. E.T. and runs late.", "2016-09-26", "9 p.m. E.T.", "2016-09-26T21:00");
}

#[test]
fn a_day_months_ahead_after_a_weak_past_is_behind() {
    // Late September: a count "reported" up to a day is of days behind.
    check(
        "Police reported 2,521 incidents between January 1 and September 18.",
        "2016-09-29",
        "January 1",
        "2016-01-01",
    );
    check(
        "Police reported 2,521 incidents between January 1 and September 18.",
        "2016-09-29",
        "September 18",
        "2016-09-18",
    );
    check("The agency reported a surge on December 3.", "2016-09-29", "December 3", "2015-12-03");
    // Weeks ahead stays the nearest: a start date announced in late November.
    check("The board voted to raise fares beginning Jan. 1.", "2016-11-25", "Jan. 1", "2017-01-01");
}
