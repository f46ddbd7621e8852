//! Times each corpus pass on an existing database, with the process's peak
//! memory after each step (Linux): `corpus_time DB`.

fn peak() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let db = std::env::args().nth(1).expect("usage: corpus_time DB");
    let store = storyline_store::Store::open_read_only(std::path::Path::new(&db)).unwrap();
    let t = std::time::Instant::now();
    let docs = store.doc_summaries().unwrap();
    eprintln!("load {} docs: {:.2?}, peak {}", docs.len(), t.elapsed(), peak());
    let t = std::time::Instant::now();
    let dups = storyline_corpus::dedup::duplicates(&docs, &store).unwrap();
    eprintln!("dedup ({} copies): {:.2?}, peak {}", dups.len(), t.elapsed(), peak());
    let t = std::time::Instant::now();
    let mut statements = 0;
    let r = storyline_corpus::run(docs, &Default::default(), &store, &mut |batch| {
        statements += batch.len();
        Ok(())
    })
    .unwrap();
    eprintln!(
        "all passes ({} entities, {} stories, {} statements): {:.2?}, peak {}",
        r.entities.len(),
        r.stories.len(),
        statements,
        t.elapsed(),
        peak()
    );
}
