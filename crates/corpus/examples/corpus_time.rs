//! Times each corpus pass on an existing database: `corpus_time DB`.

fn main() {
    let db = std::env::args().nth(1).expect("usage: corpus_time DB");
    let store = storyline_store::Store::open_read_only(std::path::Path::new(&db)).unwrap();
    let t = std::time::Instant::now();
    let docs = store.doc_summaries().unwrap();
    eprintln!("load {} docs: {:.2?}", docs.len(), t.elapsed());
    let t = std::time::Instant::now();
    let dups = storyline_corpus::dedup::duplicates(&docs);
    eprintln!("dedup ({} copies): {:.2?}", dups.len(), t.elapsed());
    let t = std::time::Instant::now();
    let r = storyline_corpus::run(&docs, &Default::default());
    eprintln!(
        "all passes ({} entities, {} stories, {} statements): {:.2?}",
        r.entities.len(),
        r.stories.len(),
        r.statements.len(),
        t.elapsed()
    );
}
