//! Stories as a reader sees them: two events of the same kind (two
//! earthquakes) are two stories even when the words around them are the same,
//! reports of one event are one story, and a later article joining a story
//! leaves every story id as it was.

use storyline_corpus::{InMemory, StoryConfig, cluster_stories, features};
use storyline_model::corpus::{DocSummary, MentionSummary, Story};
use storyline_model::normalize_for_hash;

/// (id, date, title, text): fictional reports of two earthquakes a week apart.
const DOCS: &[(&str, &str, &str, &str)] = &[
    (
        "a1",
        "2025-03-02",
        "Earthquake shakes Marvelle, rescue teams search collapsed homes",
        "A magnitude 6.1 earthquake struck Marvelle early on Sunday, collapsing homes in the old quarter. \
         Rescue teams searched the rubble through the night and the regional governor Ilse Daberg said the \
         death toll stood at twelve. Aftershocks rattled the Marvelle valley and residents slept outside.",
    ),
    (
        "a2",
        "2025-03-02",
        "Marvelle quake: governor Daberg says twelve dead",
        "Governor Ilse Daberg told reporters in Marvelle that twelve people died when the earthquake \
         flattened homes in the old quarter. Rescue teams with dogs searched the rubble, and aftershocks \
         kept residents of the Marvelle valley outside overnight.",
    ),
    (
        "a3",
        "2025-03-03",
        "Aftershocks hit Marvelle valley as death toll rises",
        "The death toll from the Marvelle earthquake rose to fifteen on Monday as rescue teams pulled more \
         bodies from the old quarter. Daberg said tents had been set up for residents of the valley, where \
         aftershocks continued and the 6.1 quake damaged the bridge.",
    ),
    (
        "b1",
        "2025-03-09",
        "Earthquake strikes Port Tessaly, harbour cranes topple",
        "A magnitude 5.4 earthquake struck Port Tessaly on Sunday, toppling harbour cranes and cracking the \
         sea wall. Rescue teams searched warehouses by the docks and mayor Oren Kallis said three people died. \
         Aftershocks shook the Tessaly coast and residents slept outside.",
    ),
    (
        "b2",
        "2025-03-09",
        "Port Tessaly quake: mayor Kallis says three dead at the docks",
        "Mayor Oren Kallis told reporters in Port Tessaly that three dock workers died when the earthquake \
         toppled the harbour cranes. Rescue teams searched the warehouses, and aftershocks kept residents of the \
         Tessaly coast outside overnight.",
    ),
    (
        "b3",
        "2025-03-10",
        "Tessaly harbour closed after quake cracks sea wall",
        "The harbour of Port Tessaly stayed closed on Monday after the 5.4 earthquake cracked the sea wall, \
         Kallis said. Rescue teams finished searching the docks, and the cranes that toppled will be replaced \
         as aftershocks faded along the coast.",
    ),
];

fn summary(id: &str, date: &str, title: &str, text: &str) -> DocSummary {
    let f = features(text);
    DocSummary {
        id: id.to_string(),
        published: date.parse().ok(),
        outlet: Some(format!("outlet-{id}")),
        title: Some(title.to_string()),
        text_hash: xxhash_rust::xxh3::xxh3_64(normalize_for_hash(text).as_bytes()),
        minhash: f.minhash,
        lead: f.lead,
    }
}

/// The texts with the mentions the per-article analysis finds in them.
fn source(docs: &[(&str, &str, &str, &str)]) -> InMemory {
    let mut src = InMemory::default();
    for (id, date, _, text) in docs {
        let ann = storyline_nlp::annotate(text, &[], date.parse().ok());
        let mentions = ann.mentions.iter().map(MentionSummary::of).collect();
        src.push_doc(id.to_string(), text.to_string(), mentions, Vec::new());
    }
    src
}

fn stories(docs: &[(&str, &str, &str, &str)]) -> Vec<Story> {
    let summaries: Vec<DocSummary> = docs.iter().map(|(i, d, t, x)| summary(i, d, t, x)).collect();
    cluster_stories(&summaries, &StoryConfig::default(), &source(docs)).unwrap()
}

fn story_of<'a>(stories: &'a [Story], id: &str) -> &'a Story {
    stories.iter().find(|s| s.articles.iter().any(|a| a == id)).expect("every article is in a story")
}

#[test]
fn two_earthquakes_are_two_stories_and_each_keeps_its_reports() {
    let s = stories(DOCS);
    let marvelle = story_of(&s, "a1");
    let tessaly = story_of(&s, "b1");
    assert_ne!(marvelle.id, tessaly.id, "two earthquakes merged: {s:#?}");
    assert_eq!(marvelle.articles, ["a1", "a2", "a3"], "{s:#?}");
    assert_eq!(tessaly.articles, ["b1", "b2", "b3"], "{s:#?}");
    assert!(marvelle.title.contains("Marvelle"), "{}", marvelle.title);
}

#[test]
fn a_later_article_joins_its_story_and_no_story_id_changes() {
    let before = stories(DOCS);
    let mut more = DOCS.to_vec();
    more.push((
        "a4",
        "2025-03-12",
        "Marvelle begins rebuilding the old quarter after the earthquake",
        "Ten days after the 6.1 earthquake, Marvelle began clearing rubble from the old quarter. Governor Ilse \
         Daberg said the homes that collapsed would be rebuilt and the bridge reopened, and rescue teams left the valley.",
    ));
    let after = stories(&more);
    assert_eq!(story_of(&after, "a4").id, story_of(&before, "a1").id, "{after:#?}");
    // A storyline is named by its first story.
    for s in &after {
        assert!(after.iter().any(|t| t.id == s.storyline), "storyline {} has no story of that id", s.storyline);
    }
    for s in &before {
        assert!(after.iter().any(|t| t.id == s.id), "story {} ({}) lost its id", s.id, s.title);
    }
}

#[test]
fn a_storyline_too_big_for_complete_link_is_still_split_into_events() {
    let summaries: Vec<DocSummary> = DOCS.iter().map(|(i, d, t, x)| summary(i, d, t, x)).collect();
    let texts = source(DOCS);
    // Everything in one storyline, too big to refine pairwise.
    let cfg = StoryConfig { storyline_threshold: 0.0, max_refine: 2, ..StoryConfig::default() };
    let s = cluster_stories(&summaries, &cfg, &texts).unwrap();
    assert!(s.iter().all(|x| x.storyline == s[0].storyline), "one storyline expected: {s:#?}");
    assert_ne!(story_of(&s, "a1").id, story_of(&s, "b1").id, "{s:#?}");
    assert!(s.iter().all(|x| x.articles.len() <= 3), "{s:#?}");
}
