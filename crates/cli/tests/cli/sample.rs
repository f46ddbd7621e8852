//! What a reader of the bundled sample corpus must see, checked against the
//! answer key in `examples/EXPECTED.md` (fictional coverage written for the repo).

use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

struct Sample {
    _dir: tempfile::TempDir,
    db: String,
}

/// The sample corpus analysed once for every test in this module.
fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sample.db").to_str().unwrap().to_string();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let out = super::bin().args(["analyze", "examples/corpus", "--db", &db]).current_dir(&root).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        Sample { _dir: dir, db }
    })
}

fn list(what: &str, extra: &[&str]) -> Vec<Value> {
    let s = sample();
    let mut args = vec![what, "--db", &s.db, "--format", "jsonl"];
    args.extend_from_slice(extra);
    super::jsonl(&super::bin().args(&args).output().unwrap())
}

fn article_text(id: &str) -> String {
    let s = sample();
    let out = super::bin().args(["show", id, "--db", &s.db, "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["text"].as_str().unwrap().to_string()
}

#[test]
fn copies_are_collapsed_with_their_original() {
    let all = list("articles", &["--all"]);
    assert_eq!(all.len(), 17, "every input document is stored");
    let by_path = |frag: &str| all.iter().find(|a| a["path"].as_str().is_some_and(|p| p.contains(frag))).unwrap();
    let by_ext = |id: &str| all.iter().find(|a| a["external_id"] == id).unwrap();
    let wire = by_path("2025-04-07-meridian-wire-flow-deal.txt");
    assert_eq!(by_ext("mw-2025-0407-0193")["duplicate_of"], wire["id"], "the JSONL copy points to the first-seen text");
    let original = by_path("2025-03-06-meridian-wire-treaty.txt");
    let syndicated = by_path("2025-03-07-newspulse-veltaria-treaty.txt");
    assert_eq!(syndicated["duplicate_of"], original["id"], "the syndicated republication points to the wire original");
    assert_eq!(list("articles", &[]).len(), 15, "listings count each text once");
}

#[test]
fn articles_have_titles_dates_and_no_boilerplate() {
    for a in list("articles", &["--all"]) {
        let title = a["title"].as_str().unwrap_or("");
        assert!(title.len() > 10, "every article has a title: {a}");
        let published = a["published"].as_str().unwrap_or_else(|| panic!("a publication date: {a}"));
        assert!(published.starts_with("2025-0"), "dates come from the page, not a caption: {a}");
        let text = article_text(a["id"].as_str().unwrap());
        for noise in [
            "Advertisement",
            "Advertisment",
            "Views: 9",
            "3 min read",
            "Read more",
            "Show More",
            "Legal Disclaimer",
            "author-image",
            "New Update",
            "News Feed",
        ] {
            assert!(!text.contains(noise), "{noise:?} left in {}:\n{text}", a["path"]);
        }
        let first_line = text.lines().next().unwrap_or("");
        assert_ne!(
            first_line.trim(),
            title.trim(),
            "the headline is not repeated as the first paragraph: {}",
            a["path"]
        );
    }
}

#[test]
fn spellings_and_transliterations_are_one_entity() {
    let entities = list("entities", &[]);
    let find = |alias: &str| -> &Value {
        entities
            .iter()
            .find(|e| e["aliases"].as_array().unwrap().iter().any(|a| a == alias))
            .unwrap_or_else(|| panic!("no entity has alias {alias}"))
    };
    for group in [
        &["Yurii Hlushchak", "Yuri Glushchak", "Jurij Hluščak"][..],
        &["Mykyta Ostapchuk", "Nikita Ostapchuk"],
        &["Karel Vošta", "Karel Vosta"],
        &["Ilona Mäkiranta", "Ilona Makiranta"],
        &["Velihrad", "Veligrad"],
    ] {
        let id = &find(group[0])["id"];
        for alias in &group[1..] {
            assert_eq!(&find(alias)["id"], id, "{alias} is the same entity as {}", group[0]);
        }
    }
    assert_ne!(find("Karel Vošta")["id"], find("Mykyta Ostapchuk")["id"]);
}

#[test]
fn no_date_comes_from_the_old_photo_caption() {
    for q in list("quotes", &["--all"]) {
        assert_ne!(q["said_on"], "2019-09-05", "{q}");
    }
}

#[test]
fn the_timeline_is_in_said_order_and_merges_outlets() {
    let timeline = list("timeline", &[]);
    let dates: Vec<&str> = timeline.iter().filter_map(|t| t["said_on"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ordered by the date said");
    // Hlushchak's 3 March words were reported by several outlets: one entry, several reports.
    let g1 = timeline
        .iter()
        .find(|t| t["text"].as_str().is_some_and(|s| s.contains("will take nothing from")))
        .expect("the 3 March statement is in the timeline");
    assert_eq!(g1["said_on"], "2025-03-03");
    assert_eq!(g1["speaker"], "Yurii Hlushchak");
    let outlets: std::collections::BTreeSet<&str> =
        g1["reports"].as_array().unwrap().iter().filter_map(|r| r["outlet"].as_str()).collect();
    assert!(outlets.len() >= 2, "reports from several outlets merged: {g1}");
}

#[test]
fn an_interview_is_dated_when_it_was_given() {
    let quotes = list("quotes", &["--speaker", "Mäkiranta"]);
    let interview: Vec<&Value> =
        quotes.iter().filter(|q| q["path"].as_str().is_some_and(|p| p.contains("makiranta-interview"))).collect();
    assert!(!interview.is_empty(), "the interview's quotes are attributed to Mäkiranta");
    assert!(
        interview.iter().any(|q| q["said_on"] == "2025-03-24"),
        "said on Mar. 24, published Mar. 28: {interview:?}"
    );
}

#[test]
fn an_unnamed_source_is_listed_as_written_and_marked() {
    // EXPECTED.md: "a Veltarian official (unnamed)" says the offer would guarantee 60 percent.
    let is_it = |v: &Value| v["text"].as_str().is_some_and(|t| t.contains("guarantee 60 percent"));
    let quotes = list("quotes", &[]);
    let q = quotes.iter().find(|q| is_it(q)).expect("the unnamed official's statement is listed");
    assert!(q["speaker"].is_null(), "{q}");
    assert_eq!(q["source"], "a Veltarian official", "{q}");
    assert!(quotes.iter().filter(|q| !q["speaker"].is_null()).all(|q| q["source"].is_null()));
    let timeline = list("timeline", &[]);
    let t = timeline.iter().find(|t| is_it(t)).expect("and merged on the timeline");
    assert_eq!(t["source"], "a Veltarian official", "{t}");
    assert_eq!(t["reports"][0]["source"], "a Veltarian official", "{t}");
    // Tables show it in the speaker column, marked as unnamed.
    let s = sample();
    for what in ["quotes", "timeline"] {
        let out = super::bin().args([what, "--db", &s.db, "--format", "table"]).output().unwrap();
        let table = String::from_utf8_lossy(&out.stdout);
        let line = table.lines().find(|l| l.contains("guarantee 60 percent")).unwrap_or_else(|| panic!("{table}"));
        assert!(line.contains("(unnamed) a Veltarian official"), "{what}: {line}");
    }
}
