//! `outlets` compares how outlets write: which variant of a term group each
//! uses (built-in list or `--terms FILE`, kept for later runs) and which
//! words it puts in scare quotes of its own.

use super::{jsonl, run};

const HERALD: &str = r#"{"id":"h1","outlet":"The Herald","published":"2025-05-02","title":"Talks in Kyiv","text":"Talks in Kyiv\n\nDelegations met in Kyiv on Friday for another “peace dialogue”, the third this year.\n\nThe hosts in Kyiv said the talks would go on until Sunday, and officials added that the harbour would reopen."}"#;
const COURIER: &str = r#"{"id":"c1","outlet":"The Courier","published":"2025-05-02","title":"Kiev hosts talks","text":"Kiev hosts talks\n\nDelegations gathered in Kiev on Friday as the regional council prepared a new tariff on grain.\n\nMinister Anna Berg said the tariff was “fully justified” and that farmers would be consulted."}"#;

fn outlet<'a>(rows: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    rows.iter().find(|r| r["outlet"] == name).unwrap_or_else(|| panic!("no outlet {name} in {rows:#?}"))
}

fn variants(row: &serde_json::Value) -> Vec<(String, u64)> {
    row["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["variant"].as_str().unwrap().to_string(), t["occurrences"].as_u64().unwrap()))
        .collect()
}

#[test]
fn outlets_show_term_choices_and_their_own_scare_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("docs.jsonl"), format!("{HERALD}\n{COURIER}\n")).unwrap();
    let out = run(&["analyze", "docs.jsonl", "--db", "s.db", "-q"], tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = jsonl(&run(&["outlets", "--db", "s.db", "--format", "jsonl"], tmp.path()));
    let herald = outlet(&rows, "The Herald");
    let courier = outlet(&rows, "The Courier");
    assert_eq!(variants(herald), [("Kyiv".to_string(), 3)], "{herald:#}");
    assert_eq!(variants(courier), [("Kiev".to_string(), 2)], "{courier:#}");
    // The Herald's own distance; the minister's “fully justified” is a quote, not the Courier's.
    assert_eq!(herald["scare_quotes"][0]["term"], "peace dialogue", "{herald:#}");
    assert_eq!(courier["scare_quotes"].as_array().unwrap().len(), 0, "{courier:#}");

    // A terms file replaces the built-in list, and stays in force for later runs.
    std::fs::write(tmp.path().join("terms.toml"), "[[terms]]\nname = \"levy\"\nvariants = [\"tariff\", \"duty\"]\n")
        .unwrap();
    let out = run(&["analyze", "docs.jsonl", "--db", "s.db", "-q", "--terms", "terms.toml"], tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = jsonl(&run(&["outlets", "--db", "s.db", "--format", "jsonl"], tmp.path()));
    assert_eq!(variants(outlet(&rows, "The Courier")), [("tariff".to_string(), 2)]);
    assert!(variants(outlet(&rows, "The Herald")).is_empty());
    let out = run(&["analyze", "docs.jsonl", "--db", "s.db", "-q"], tmp.path());
    assert!(out.status.success());
    let rows = jsonl(&run(&["outlets", "--db", "s.db", "--format", "jsonl"], tmp.path()));
    assert_eq!(outlet(&rows, "The Courier")["terms"][0]["group"], "levy");

    // A bad terms file is a usage error naming the file.
    std::fs::write(tmp.path().join("bad.toml"), "[[terms]]\nvariants = [\"only one\"]\n").unwrap();
    let out = run(&["analyze", "docs.jsonl", "--db", "s.db", "--terms", "bad.toml"], tmp.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml"));
}
