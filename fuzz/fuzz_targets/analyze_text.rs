//! Any text through the whole per-article analysis (cleaning, sentences,
//! quotes, time expressions): offsets stay inside the text, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline_model::{Hints, Origin, Payload, RawDoc};

fuzz_target!(|text: &str| {
    let doc = RawDoc {
        origin: Origin::default(),
        external_id: None,
        hints: Hints { published: Some("2025-03-04".into()), ..Hints::default() },
        payload: Payload::Text(text.to_string()),
    };
    for clean in [true, false] {
        let opts = storyline_analysis::AnalyzeOptions { clean_text: clean };
        if let Ok(a) = storyline_analysis::analyze(&doc, &opts) {
            let n = a.article.text.chars().count();
            for q in &a.quotes {
                assert!(q.span.start <= q.span.end && q.span.end <= n, "quote span inside the text");
            }
            for t in &a.timexes {
                assert!(t.span.start <= t.span.end && t.span.end <= n, "timex span inside the text");
            }
        }
    }
});
