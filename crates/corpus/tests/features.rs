//! The corpus passes over stored features give what they give over full
//! texts, read no text unless a duplicate group spans outlets, and a database
//! written before features existed gets them filled in with the same result.

use std::cell::Cell;
use std::collections::HashMap;
use storyline_corpus::{CorpusConfig, InMemory, features, run_collect};
use storyline_model::corpus::{CorpusSource, DocSummary, MentionSummary, QuoteSummary, TermCount};
use storyline_model::{Analysis, Article, Origin, PartialDate, normalize_for_hash};
use storyline_store::Store;

const WIRE: &str = "Negotiators from Velihrad and Port Amrel met on Tuesday for a third round of talks on the Sula dam, \
    officials said. Foreign ministry spokesperson Dmytro Savchuk told reporters the meeting had been constructive and \
    long overdue. We expect a written proposal by Friday, Savchuk said, adding that nothing less would do for the farmers \
    downstream. The talks are due to continue next week in the river council's offices, where both delegations keep staff.";

const HERALD: &str = "Dmytro Savchuk said on Wednesday that the Sula dam negotiators in Velihrad expect a written \
    proposal from Port Amrel by Friday. The farmers downstream of the dam have waited for a deal for years, and the \
    river council will host the next round of talks.";

const SPORT: &str = "The national football team won its qualifier on Saturday after a late goal from the captain, who \
    said the squad had worked for months on set pieces and deserved the result after a long season of injuries.";

fn syndicated() -> String {
    format!("{WIRE}\n\nSource: Meridian Wire. NewsPulse provides the information as is.")
}

fn analysis(key: u64, outlet: &str, published: &str, title: &str, text: &str) -> Analysis {
    let published = published.parse::<PartialDate>().ok();
    let ann = storyline_nlp::annotate(text, &[], published);
    Analysis {
        content_key: key,
        text_hash: xxhash_rust::xxh3::xxh3_64(normalize_for_hash(text).as_bytes()),
        external_id: None,
        origin: Origin::default(),
        article: Article {
            title: Some(title.to_string()).filter(|t| !t.is_empty()),
            outlet: Some(outlet.to_string()),
            published,
            text: text.to_string(),
            ..Default::default()
        },
        sentences: ann.sentences,
        mentions: ann.mentions,
        quotes: Vec::new(),
        timexes: Vec::new(),
        features: features(text),
    }
}

fn summary(id: &str, outlet: &str, published: &str, text: &str) -> DocSummary {
    let f = features(text);
    DocSummary {
        id: id.to_string(),
        published: published.parse().ok(),
        outlet: Some(outlet.to_string()),
        title: None,
        text_hash: xxhash_rust::xxh3::xxh3_64(normalize_for_hash(text).as_bytes()),
        minhash: f.minhash,
        lead: f.lead,
    }
}

/// Counts the texts the passes ask for.
struct Counting<'a>(&'a InMemory, Cell<usize>);

impl CorpusSource for Counting<'_> {
    type Error = std::convert::Infallible;
    fn for_each_terms(&self, f: &mut dyn FnMut(&str, &[TermCount])) -> Result<(), Self::Error> {
        self.0.for_each_terms(f)
    }
    fn for_each_mentions(&self, f: &mut dyn FnMut(&str, &[MentionSummary])) -> Result<(), Self::Error> {
        self.0.for_each_mentions(f)
    }
    fn for_each_quotes(&self, f: &mut dyn FnMut(&str, &[QuoteSummary])) -> Result<(), Self::Error> {
        self.0.for_each_quotes(f)
    }
    fn article_text(&self, id: &str) -> Result<Option<String>, Self::Error> {
        self.1.set(self.1.get() + 1);
        self.0.article_text(id)
    }
}

#[test]
fn stored_features_give_the_same_result_as_texts_and_old_databases_catch_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let analyses = vec![
        analysis(1, "Meridian Wire", "2025-03-06", "Sula dam talks resume in Velihrad", WIRE),
        analysis(2, "NewsPulse Syndication", "2025-03-05", "Dam talks", &syndicated()),
        analysis(3, "The Northgate Herald", "2025-03-07", "Savchuk expects Sula dam proposal by Friday", HERALD),
        analysis(4, "Sports Desk", "2025-03-07", "", SPORT),
    ];
    store.insert_batch(&analyses).unwrap();
    let cfg = CorpusConfig::default();

    let docs = store.doc_summaries().unwrap();
    let from_store = run_collect(docs.clone(), &cfg, &store).unwrap();
    // The same summaries over the texts, mentions and quotes held in memory, in id order.
    let mut mentions: HashMap<String, Vec<MentionSummary>> = HashMap::new();
    store.for_each_mentions(&mut |id, m| drop(mentions.insert(id.to_string(), m.to_vec()))).unwrap();
    let mut quotes: HashMap<String, Vec<QuoteSummary>> = HashMap::new();
    store.for_each_quotes(&mut |id, q| drop(quotes.insert(id.to_string(), q.to_vec()))).unwrap();
    let mut mem = InMemory::default();
    for d in &docs {
        let text = store.article_text(&d.id).unwrap().unwrap();
        let (m, q) = (mentions.remove(&d.id).unwrap_or_default(), quotes.remove(&d.id).unwrap_or_default());
        mem.push_doc(d.id.clone(), text, m, q);
    }
    assert_eq!(from_store, run_collect(docs.clone(), &cfg, &mem).unwrap());
    assert!(!from_store.0.names.is_empty(), "mentions were streamed");
    let from_store = from_store.0;

    // The syndicated copy credits the wire: the wire is the original though the copy ran a day earlier.
    let id_of = |outlet: &str| docs.iter().find(|d| d.outlet.as_deref() == Some(outlet)).unwrap().id.clone();
    assert_eq!(from_store.duplicates, vec![(id_of("NewsPulse Syndication"), id_of("Meridian Wire"))]);
    // The Herald's take joins the wire's story; the football report stands alone, titled by its lead.
    let story_of = |id: &str| from_store.stories.iter().position(|s| s.articles.iter().any(|a| a == id)).unwrap();
    assert_eq!(story_of(&id_of("The Northgate Herald")), story_of(&id_of("Meridian Wire")));
    assert_ne!(story_of(&id_of("Sports Desk")), story_of(&id_of("Meridian Wire")));
    let untitled = &from_store.stories[story_of(&id_of("Sports Desk"))];
    assert_eq!(untitled.title, SPORT.chars().take(80).collect::<String>());

    // A database written before features existed: filled in once, same result.
    store.connection().execute("DELETE FROM article_features", []).unwrap();
    assert_eq!(store.backfill_features(features).unwrap(), analyses.len());
    assert_eq!(store.backfill_features(features).unwrap(), 0);
    let docs = store.doc_summaries().unwrap();
    assert_eq!(run_collect(docs.clone(), &cfg, &store).unwrap().0, from_store);
}

#[test]
fn texts_are_read_only_for_duplicates_across_outlets() {
    // A page crawled twice by one outlet, and two unrelated texts: no text is read.
    let mut docs = vec![
        summary("a1", "Meridian Wire", "2025-03-06", WIRE),
        summary("b2", "Meridian Wire", "2025-03-06", WIRE),
        summary("c3", "The Northgate Herald", "2025-03-07", HERALD),
        summary("d4", "Sports Desk", "2025-03-07", SPORT),
    ];
    let mem = InMemory::new([("a1", WIRE), ("b2", WIRE), ("c3", HERALD), ("d4", SPORT)]);
    let counting = Counting(&mem, Cell::new(0));
    let (r, _) = run_collect(docs.clone(), &CorpusConfig::default(), &counting).unwrap();
    assert_eq!(r.duplicates, vec![("b2".to_string(), "a1".to_string())]);
    assert_eq!(counting.1.get(), 0);

    // A syndicated copy: both texts are read, once each, to see who credits whom.
    let copy = syndicated();
    docs[1] = summary("b2", "NewsPulse Syndication", "2025-03-05", &copy);
    let mem = InMemory::new([("a1", WIRE), ("b2", copy.as_str()), ("c3", HERALD), ("d4", SPORT)]);
    let counting = Counting(&mem, Cell::new(0));
    let (r, _) = run_collect(docs.clone(), &CorpusConfig::default(), &counting).unwrap();
    assert_eq!(r.duplicates, vec![("b2".to_string(), "a1".to_string())]);
    assert_eq!(counting.1.get(), 2);
}
