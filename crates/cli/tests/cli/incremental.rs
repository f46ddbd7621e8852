//! A second `analyze` into a database extends the stored corpus result
//! instead of recomputing it: stored stories and statements keep their ids,
//! and the new articles are merged by the same rules as one run over all.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// Copies the sample corpus's documents into `first` or `second` as `later` says.
fn split(dir: &Path, later: impl Fn(&str) -> bool) -> (PathBuf, PathBuf) {
    let (a, b) = (dir.join("first"), dir.join("second"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for e in std::fs::read_dir(sample_dir()).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".md") {
            continue;
        }
        std::fs::copy(&path, if later(&name) { b.join(&name) } else { a.join(&name) }).unwrap();
    }
    (a, b)
}

fn analyze(paths: &[&Path], db: &Path) -> String {
    let mut args: Vec<&str> = vec!["analyze"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--db", db.to_str().unwrap()]);
    let out = super::bin().args(&args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{err}");
    err
}

fn list(what: &str, db: &Path) -> Vec<Value> {
    super::jsonl(
        &super::bin().args([what, "--db", db.to_str().unwrap(), "--format", "jsonl", "--all"]).output().unwrap(),
    )
}

/// A document by the file name of its origin (the path differs between runs).
fn name_of(a: &Value) -> String {
    let path = a["path"].as_str().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default().to_string();
    match a["external_id"].as_str() {
        Some(ext) => format!("{file}#{ext}"),
        None => file,
    }
}

/// (copy, original) by document name.
fn copies(db: &Path) -> BTreeSet<(String, String)> {
    let all = list("articles", db);
    let name: BTreeMap<String, String> =
        all.iter().map(|a| (a["id"].as_str().unwrap().to_string(), name_of(a))).collect();
    all.iter().filter_map(|a| Some((name_of(a), name[a["duplicate_of"].as_str()?].clone()))).collect()
}

fn stories(db: &Path) -> BTreeMap<String, BTreeSet<String>> {
    list("stories", db)
        .iter()
        .map(|s| {
            let articles = s["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
            (s["id"].as_str().unwrap().to_string(), articles)
        })
        .collect()
}

/// Statements as (speaker, said on, words, outlets reporting them).
fn statements(db: &Path) -> BTreeSet<String> {
    list("timeline", db)
        .iter()
        .map(|s| {
            let mut outlets: Vec<&str> =
                s["reports"].as_array().unwrap().iter().filter_map(|r| r["outlet"].as_str()).collect();
            outlets.sort();
            format!("{} | {} | {} | {:?}", s["speaker"], s["said_on"], s["text"], outlets)
        })
        .collect()
}

#[test]
fn a_second_run_extends_stories_statements_and_entities_without_changing_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) =
        split(tmp.path(), |name| name.as_bytes() >= b"2025-03-2".as_slice() && name.starts_with("2025"));
    let db = tmp.path().join("two-runs.db");
    let err = analyze(&[&first], &db);
    assert!(err.contains("corpus result recomputed"), "{err}");
    let stories_before = stories(&db);
    let statements_before: BTreeSet<String> =
        list("timeline", &db).iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    assert!(stories_before.len() >= 3 && statements_before.len() > 50);

    let err = analyze(&[&second], &db);
    assert!(err.contains("corpus result extended"), "the second run extends the result: {err}");
    let stories_after = stories(&db);
    let original_of: BTreeMap<String, String> = list("articles", &db)
        .iter()
        .filter_map(|a| Some((a["id"].as_str()?.to_string(), a["duplicate_of"].as_str()?.to_string())))
        .collect();
    for (id, articles) in &stories_before {
        let now = stories_after.get(id).unwrap_or_else(|| panic!("story {id} keeps its id"));
        for a in articles {
            // An article that became a copy (its earlier original came in the
            // second run) hands its place to that original.
            let member = original_of.get(a).unwrap_or(a);
            assert!(now.contains(member), "story {id} keeps {a}");
        }
    }
    assert!(
        stories_after.values().map(BTreeSet::len).sum::<usize>()
            > stories_before.values().map(BTreeSet::len).sum::<usize>()
    );
    let statement_ids: BTreeSet<String> =
        list("timeline", &db).iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    assert!(statement_ids.is_superset(&statements_before), "stored statements keep their ids");

    // Against one run over everything: the same copies, entities and statements.
    let one = tmp.path().join("one-run.db");
    analyze(&[&first, &second], &one);
    assert_eq!(copies(&db), copies(&one));
    let entities = |db: &Path| -> BTreeSet<String> {
        list("entities", db)
            .iter()
            .map(|e| format!("{} {} {} {}", e["id"], e["name"], e["kind"], e["aliases"]))
            .collect()
    };
    assert_eq!(entities(&db), entities(&one));
    assert_eq!(statements(&db), statements(&one));
    // Every article is in a story, in both.
    let placed = |s: &BTreeMap<String, BTreeSet<String>>| s.values().map(BTreeSet::len).sum::<usize>();
    assert_eq!(placed(&stories_after), placed(&stories(&one)));
}

#[test]
fn an_earlier_original_arriving_later_takes_over_from_its_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let wire = "2025-03-06-meridian-wire-treaty.txt";
    let (first, second) = split(tmp.path(), |name| name == wire);
    let db = tmp.path().join("s.db");
    analyze(&[&first], &db);
    let syndicated = |db: &Path| {
        list("articles", db)
            .into_iter()
            .find(|a| name_of(a).starts_with("2025-03-07-newspulse-veltaria-treaty"))
            .unwrap()
    };
    let copy = syndicated(&db);
    assert!(copy["duplicate_of"].is_null(), "alone, the republication stands as the original");
    let copy_id = copy["id"].as_str().unwrap().to_string();
    let in_story = |db: &Path, id: &str| stories(db).values().any(|a| a.contains(id));
    assert!(in_story(&db, &copy_id));
    let reports_of = |db: &Path, id: &str| {
        list("timeline", db)
            .iter()
            .flat_map(|s| s["reports"].as_array().unwrap().clone())
            .filter(|r| r["article_id"] == id)
            .count()
    };
    assert!(reports_of(&db, &copy_id) > 0);

    let err = analyze(&[&second], &db);
    assert!(err.contains("corpus result extended"), "{err}");
    let original = list("articles", &db).into_iter().find(|a| name_of(a) == wire).unwrap();
    let original_id = original["id"].as_str().unwrap();
    assert_eq!(syndicated(&db)["duplicate_of"], original_id, "the credited wire is the original now");
    assert!(!in_story(&db, &copy_id), "a copy is not a story member");
    assert!(in_story(&db, original_id), "the original takes its place");
    assert_eq!(reports_of(&db, &copy_id), 0, "a copy's quotes are not reports");
    assert!(reports_of(&db, original_id) > 0);
}
