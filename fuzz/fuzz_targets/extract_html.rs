//! Hostile HTML: extraction returns an article or a per-document error, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let hints = storyline_model::Hints::default();
    if let Ok(article) = storyline_extract::extract_html(data, &hints) {
        let n = article.text.chars().count();
        for p in &article.paragraphs {
            assert!(p.span.start <= p.span.end && p.span.end <= n, "paragraph span inside the text");
        }
    }
});
