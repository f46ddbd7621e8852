//! Any bytes as a file of any format (sniffed: WARC, WARC.gz, feeds, JSONL,
//! HTML, text): ingest must yield documents or errors, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("storyline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let opts = storyline_ingest::IngestOptions { max_doc_bytes: 1 << 20, max_stream_bytes: 8 << 20 };
    for item in storyline_ingest::Ingest::new(vec![path], opts).take(10_000) {
        if let Ok(doc) = item {
            let _ = doc.content_key();
        }
    }
});
