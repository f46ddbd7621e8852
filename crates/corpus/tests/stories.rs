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

/// Undated reports: (id, title, text). The text starts with the title line.
fn undated(docs: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    docs.iter().map(|(i, t, x)| (i.to_string(), t.to_string(), format!("{t}\n{x}"))).collect()
}

fn stories_of(docs: &[(String, String, String)], cfg: &StoryConfig) -> Vec<Story> {
    let rows: Vec<(&str, &str, &str, &str)> =
        docs.iter().map(|(i, t, x)| (i.as_str(), "", t.as_str(), x.as_str())).collect();
    let summaries: Vec<DocSummary> = rows.iter().map(|(i, d, t, x)| summary(i, d, t, x)).collect();
    cluster_stories(&summaries, cfg, &source(&rows)).unwrap()
}

/// Two other events, so that the words the reports below share are not
/// common to every article.
const FILLER: &[(&str, &str, &str)] = &[
    ("f1", DOCS[0].2, DOCS[0].3),
    ("f2", DOCS[1].2, DOCS[1].3),
    ("f3", DOCS[3].2, DOCS[3].3),
    ("f4", DOCS[4].2, DOCS[4].3),
];

#[test]
fn reports_in_other_words_that_name_the_same_people_and_places_are_one_story() {
    // The second report spells the mayor and the town another way and shares
    // almost no words with the first: the names it shares (entities merged
    // across spellings) make it the same event.
    let mut docs = FILLER.to_vec();
    docs.extend([
        (
            "m1",
            "Mayor Dovhenko opens the new ferry pier in Horodets",
            "Mayor Mykola Dovhenko opened the new ferry pier in Horodets on Saturday, cutting a ribbon before a crowd of \
             fishermen. The pier, paid for by the port fund, will let two ferries dock at once, Dovhenko said.",
        ),
        (
            "m2",
            "Boats berth side by side in Gorodets",
            "Nikolai Dovgenko, who runs Gorodets, told the local paper that boats can now berth side by side. Crowds \
             cheered as the first crossing left; tickets cost the same as before.",
        ),
    ]);
    let docs = undated(&docs);
    let s = stories_of(&docs, &StoryConfig::default());
    assert_eq!(story_of(&s, "m1").articles, ["m1", "m2"], "{s:#?}");
    // By their words alone they are two stories.
    let words_only = stories_of(&docs, &StoryConfig { name_weight: 0.0, ..StoryConfig::default() });
    assert_ne!(story_of(&words_only, "m1").id, story_of(&words_only, "m2").id, "{words_only:#?}");
}

#[test]
fn the_same_words_about_other_people_in_another_year_are_another_story() {
    // Two pier openings told alike; the mayors, towns and years differ.
    let mut docs = FILLER.to_vec();
    docs.extend([
        (
            "p1",
            "Mayor Dovhenko opens a ferry pier in Horodets",
            "Mayor Mykola Dovhenko opened a ferry pier in Horodets on Saturday, cutting a ribbon before a crowd of \
             fishermen. The pier, paid for by the port fund after the storm of 2019, lets two ferries dock at once, \
             Dovhenko said.",
        ),
        (
            "p2",
            "Horodets ferry pier opens",
            "Fishermen in Horodets cheered as Mykola Dovhenko opened the ferry pier that replaces the one the 2019 \
             storm destroyed. Two ferries can dock at once, he said.",
        ),
        (
            "q1",
            "Mayor Lisowska opens a ferry pier in Stavno",
            "Mayor Agata Lisowska opened a ferry pier in Stavno on Saturday, cutting a ribbon before a crowd of \
             fishermen. The pier, paid for by the port fund after the flood of 2023, lets two ferries dock at once, \
             Lisowska said.",
        ),
        (
            "q2",
            "Stavno ferry pier opens",
            "Fishermen in Stavno cheered as Agata Lisowska opened the new landing that replaces the one the 2023 \
             flood destroyed. Boats can moor two at a time there, she said.",
        ),
    ]);
    let docs = undated(&docs);
    let s = stories_of(&docs, &StoryConfig::default());
    assert_eq!(story_of(&s, "p1").articles, ["p1", "p2"], "{s:#?}");
    assert_eq!(story_of(&s, "q1").articles, ["q1", "q2"], "{s:#?}");
    // By their words alone the two openings are one story.
    let words_only = stories_of(&docs, &StoryConfig { name_weight: 0.0, ..StoryConfig::default() });
    assert_eq!(story_of(&words_only, "p1").id, story_of(&words_only, "q1").id, "{words_only:#?}");
}

/// The Marvelle and Tessaly reports, plus a Marvelle rebuilding report and
/// a short volunteer report published on `volunteers_on`.
fn marvelle_follow_ups(volunteers_on: &'static str) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    let mut more = DOCS.to_vec();
    more.extend([
        (
            "a4",
            "2025-03-12",
            "Marvelle begins rebuilding the old quarter after the earthquake",
            "Ten days after the 6.1 earthquake, Marvelle began clearing rubble from the old quarter. Governor Ilse \
             Daberg said the homes that collapsed would be rebuilt and the bridge reopened, and rescue teams left the valley.",
        ),
        (
            "a5",
            volunteers_on,
            "Volunteers cook in the Marvelle valley",
            "Volunteers from the Red Lantern kitchen in Ostrava, led by Jonas Pell, cooked soup for families sleeping \
             in tents in the Marvelle valley near the damaged bridge, where aftershocks continued.",
        ),
    ]);
    more
}

#[test]
fn a_short_report_unlike_some_of_its_event_joins_the_event_it_is_most_like() {
    let more = marvelle_follow_ups("2025-03-04");
    let s = stories(&more);
    assert_eq!(story_of(&s, "a5").articles, ["a1", "a2", "a3", "a4", "a5"], "{s:#?}");
    assert_eq!(story_of(&s, "b1").articles, ["b1", "b2", "b3"], "{s:#?}");
    // Complete link alone leaves it out: it is unlike two of the reports.
    let summaries: Vec<DocSummary> = more.iter().map(|(i, d, t, x)| summary(i, d, t, x)).collect();
    let strict = StoryConfig { max_fragment: 0, ..StoryConfig::default() };
    let s = cluster_stories(&summaries, &strict, &source(&more)).unwrap();
    assert_eq!(story_of(&s, "a5").articles, ["a5"], "{s:#?}");
}

#[test]
fn a_short_report_published_well_after_an_event_does_not_join_it() {
    // The same volunteer report as above, but two weeks after the last
    // Marvelle report: whatever it is about, it is not a leftover of it.
    let more = marvelle_follow_ups("2025-03-26");
    let s = stories(&more);
    assert_eq!(story_of(&s, "a1").articles, ["a1", "a2", "a3", "a4"], "{s:#?}");
    assert_eq!(story_of(&s, "a5").articles, ["a5"], "{s:#?}");
    // With a month's grace it would join.
    let summaries: Vec<DocSummary> = more.iter().map(|(i, d, t, x)| summary(i, d, t, x)).collect();
    let lenient = StoryConfig { fragment_days: 30, ..StoryConfig::default() };
    let s = cluster_stories(&summaries, &lenient, &source(&more)).unwrap();
    assert_eq!(story_of(&s, "a5").articles, ["a1", "a2", "a3", "a4", "a5"], "{s:#?}");
}
