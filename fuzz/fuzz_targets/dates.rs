//! Date parsing and time-expression normalisation: every produced date is a
//! real calendar date (no February 30, no year 99999), no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline_model::PartialDate;

fuzz_target!(|text: &str| {
    if let Some(d) = PartialDate::parse_lenient(text) {
        assert!(d.to_string().parse::<PartialDate>().is_ok());
    }
    let dct = chrono::NaiveDate::from_ymd_opt(2025, 3, 4);
    for t in storyline_nlp::time::recognize(text, dct) {
        assert!(t.start <= t.end && t.end <= text.len());
        if t.value.len() == 10 && t.value.as_bytes()[4] == b'-' && !t.value.contains('X') {
            assert!(t.value.parse::<PartialDate>().is_ok(), "valid date {}", t.value);
        }
    }
});
