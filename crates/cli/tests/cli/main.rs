//! End-to-end tests of the `storyline` binary: what a user running it sees.
//! One test binary for the crate (link time matters); modules by topic.

mod coverage;
mod fetch;
mod golden;
mod incremental;
mod sample;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_storyline"));
    c.env_remove("STORYLINE_DB");
    c
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().expect("run storyline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

const GOOD_TEXT: &str = "Dam talks resume in Vyshhorod\n\nVYSHHOROD, March 4 (Meridian Wire) - Negotiators from both countries met on Tuesday for a third round of talks on the Sula dam, officials said.\n\nForeign ministry spokesperson Dmytro Savchuk told reporters the meeting had been \"constructive and long overdue\".\n\n\"We expect a written proposal by Friday,\" Savchuk said. \"Nothing less will do.\"\n\nAdvertisement\n\nThe talks are due to continue next week.\n";

const GOOD_HTML: &str = r#"<!DOCTYPE html><html lang="en"><head><title>River council meets | The Northgate Herald</title>
<meta property="og:title" content="River council meets again">
<meta property="og:site_name" content="The Northgate Herald">
<meta property="article:published_time" content="2025-03-06T09:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>River council meets again</h1>
<p>The joint river council met in Vyshgorod on Thursday to discuss water quotas for the coming season, according to a statement from the council.</p>
<p>"The quotas are fair and they will stay," council chair Irena Volkova said after the meeting, adding that both delegations had signed the minutes.</p>
<p>Farmers downstream have complained for months that the reservoir is held too high during the spring.</p>
</article><footer>Copyright The Northgate Herald</footer></body></html>"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A folder of good documents plus one of every kind of bad input.
fn messy_folder(dir: &Path) -> PathBuf {
    let d = dir.join("in");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("good.txt"), GOOD_TEXT).unwrap();
    std::fs::write(d.join("good.html"), GOOD_HTML).unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("junk.txt"), (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>()).unwrap();
    let mut latin1 = b"Caf\xe9 owners said the tax was unfair.\n\nThey protested on Monday.\n".to_vec();
    latin1.extend_from_slice(b"\xff\xfe more");
    std::fs::write(d.join("latin1.txt"), latin1).unwrap();
    let gz = gzip(GOOD_HTML.as_bytes());
    std::fs::write(d.join("truncated.html.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        d.join("nobody.html"),
        "<html><head><title>Nothing</title><script>var x = 1;</script></head></html>",
    )
    .unwrap();
    let big = "All work and no play makes a very long line of text. ".repeat(60 * 1024 * 1024 / 53 + 1);
    std::fs::write(d.join("huge.txt"), big).unwrap();
    let good_line = serde_json::json!({"id": "feed-1", "title": "Reservoir level falls", "outlet": "Baltic Ledger",
        "published": "2025-03-08", "text": "The reservoir fell by two metres this week, engineers said on Saturday.\n\n\"It is the lowest level in a decade,\" said chief engineer Marta Kovalenko."});
    std::fs::write(d.join("feed.jsonl"), format!("{good_line}\nthis is not json\n")).unwrap();
    d
}

#[test]
fn bad_documents_are_reported_and_the_rest_is_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let input = messy_folder(tmp.path());
    let out = run(&["analyze", input.to_str().unwrap(), "--db", "s.db"], tmp.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some documents failed, so exit 1; stderr:\n{err}");

    let failures = jsonl(&run(&["failures", "--db", "s.db", "--format", "jsonl"], tmp.path()));
    let code_of = |name: &str| -> String {
        let f = failures
            .iter()
            .find(|f| f["origin"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {failures:?}"));
        assert!(!f["reason"].as_str().unwrap().is_empty());
        f["code"].as_str().unwrap().to_string()
    };
    assert_eq!(code_of("empty.txt"), "empty");
    assert_eq!(code_of("junk.txt"), "binary");
    assert_eq!(code_of("latin1.txt"), "invalid_utf8");
    assert_eq!(code_of("truncated.html.gz"), "gzip");
    assert_eq!(code_of("huge.txt"), "too_large");
    assert_eq!(code_of("nobody.html"), "no_body");
    assert_eq!(code_of("feed.jsonl:2"), "json");
    assert_eq!(failures.len(), 7, "exactly the bad inputs fail: {failures:?}");
    // Each failure is also named on stderr.
    for name in ["empty.txt", "junk.txt", "latin1.txt", "truncated.html.gz", "huge.txt", "nobody.html", "feed.jsonl:2"]
    {
        assert!(err.contains(name), "stderr names {name}:\n{err}");
    }

    let articles = jsonl(&run(&["articles", "--db", "s.db", "--format", "jsonl"], tmp.path()));
    let titles: Vec<&str> = articles.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(articles.len(), 3, "the three good documents are stored: {articles:?}");
    assert!(titles.contains(&"Dam talks resume in Vyshhorod"), "{titles:?}");
    assert!(titles.contains(&"River council meets again"), "{titles:?}");
    assert!(titles.contains(&"Reservoir level falls"), "{titles:?}");
    let feed = articles.iter().find(|a| a["external_id"] == "feed-1").expect("JSONL id kept as external_id");
    assert_eq!(feed["outlet"], "Baltic Ledger");
    assert_eq!(feed["published"], "2025-03-08");
}

#[test]
fn rerunning_is_idempotent_and_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let input = messy_folder(tmp.path());
    let input = input.to_str().unwrap();
    let dump = |dir: &Path| -> Vec<String> {
        ["articles", "quotes", "entities", "stories", "timeline"]
            .iter()
            .map(|what| stdout(&run(&[what, "--db", "s.db", "--format", "jsonl", "--all"], dir)))
            .collect()
    };
    run(&["analyze", input, "--db", "s.db"], tmp.path());
    let first = dump(tmp.path());
    let again = run(&["analyze", input, "--db", "s.db"], tmp.path());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains(" 0 new"), "the second run adds nothing: {err}");
    assert_eq!(first, dump(tmp.path()), "same input, same output, byte for byte");

    // A fresh database from the same input gives the same ids and rows.
    let other = tempfile::tempdir().unwrap();
    run(&["analyze", input, "--db", "s.db"], other.path());
    assert_eq!(first, dump(other.path()));
}

#[test]
fn a_killed_run_is_completed_by_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("many");
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = String::new();
    for i in 0..3000 {
        let doc = serde_json::json!({"id": format!("d{i}"), "title": format!("Report number {i}"), "published": "2025-03-10",
            "text": format!("Officials met for round {i} of the talks, the ministry said on Monday.\n\n\"Round {i} went well,\" said spokesperson Dmytro Savchuk.")});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.join("docs.jsonl"), &lines).unwrap();
    let path = dir.to_str().unwrap();

    let mut child = bin()
        .args(["analyze", path, "--db", "killed.db", "-j", "1"])
        .current_dir(tmp.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();

    let resumed = run(&["analyze", path, "--db", "killed.db"], tmp.path());
    assert_eq!(resumed.status.code(), Some(0), "{}", String::from_utf8_lossy(&resumed.stderr));
    let clean = run(&["analyze", path, "--db", "clean.db"], tmp.path());
    assert_eq!(clean.status.code(), Some(0));
    for what in ["articles", "quotes", "timeline"] {
        let a = stdout(&run(&[what, "--db", "killed.db", "--format", "jsonl", "--all"], tmp.path()));
        let b = stdout(&run(&[what, "--db", "clean.db", "--format", "jsonl", "--all"], tmp.path()));
        assert_eq!(a.lines().count(), b.lines().count(), "{what}: same number of rows");
        assert!(a == b, "{what}: the resumed database equals an uninterrupted run's");
    }
    assert_eq!(stdout(&run(&["articles", "--db", "clean.db", "--format", "jsonl"], tmp.path())).lines().count(), 3000);
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["analyze", "does-not-exist", "--db", "x.db"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does-not-exist"), "{err}");
    assert_eq!(run(&["quotes", "--since", "March"], tmp.path()).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], tmp.path()).status.code(), Some(2));
    let missing = run(&["articles", "--db", "nothing.db"], tmp.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(!tmp.path().join("nothing.db").exists(), "listing does not create a database");
}

fn pipe(args: &[&str], input: &str) -> Output {
    let mut child =
        bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn annotate_is_a_filter_with_one_line_per_document() {
    let docs = [
        serde_json::json!({"id": "a", "published": "2025-03-04", "text": "\"We will not wait forever,\" Savchuk said on Tuesday.\n\nThe talks continue."}),
        serde_json::json!({"id": "b", "text": ""}),
        serde_json::json!({"id": "c", "published": "2025-03-05", "text": "Minister Oleksiy Hrymenko said the dam would open in May."}),
    ];
    let input: String = docs.iter().map(|d| format!("{d}\n")).collect();
    let out = pipe(&["annotate", "--no-clean"], &input);
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 3, "one line per input document");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["text"], docs[0]["text"], "--no-clean keeps the input text exactly");
    assert!(lines[1]["error"].is_string(), "a bad document gets an error line: {}", lines[1]);
    assert_eq!(out.status.code(), Some(1));
    // Offsets index the text in code points.
    for line in [&lines[0], &lines[2]] {
        let text: Vec<char> = line["text"].as_str().unwrap().chars().collect();
        for q in line["quotes"].as_array().unwrap() {
            let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
            assert_eq!(text[s..e].iter().collect::<String>(), q["text"].as_str().unwrap());
        }
    }
}

#[test]
fn annotate_reads_a_datasets_own_field_names_and_shows_unnamed_sources() {
    // A PolNeAR-like export: "date", "publisher" and "body" instead of the contract's names.
    let doc = serde_json::json!({"id": "p1", "date": "2025-03-04", "publisher": "Harbour Post",
        "body": "A senior health official said on Monday the clinic would close. Mayor Lena Ruiz said the city would appeal."});
    let out = pipe(&["annotate", "--no-clean"], &format!("{doc}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let line = &jsonl(&out)[0];
    assert_eq!(line["published"], "2025-03-04");
    assert_eq!(line["outlet"], "Harbour Post");
    let quotes = line["quotes"].as_array().unwrap();
    let clinic = quotes.iter().find(|q| q["text"] == "the clinic would close").expect("the official's statement");
    assert_eq!(clinic["speaker"], serde_json::Value::Null);
    assert_eq!(clinic["source"], "A senior health official");
    assert_eq!(clinic["said_on"], "2025-03-03", "Monday before the publication date");
    let appeal = quotes.iter().find(|q| q["speaker"] == "Lena Ruiz").expect("the mayor's statement");
    assert_eq!(appeal["source"], serde_json::Value::Null, "a named speaker needs no source");
}

#[test]
fn annotate_says_when_cleaning_moved_the_offsets() {
    // A headline line is taken for the title: the printed text starts later,
    // so a scorer holding the input text must hear about it.
    let doc = serde_json::json!({"id": "h1", "text": "Mayor Says Bridge Will Reopen\n\nMayor Lena Ruiz said on Monday the bridge would reopen in May."});
    let input = format!("{doc}\n");
    let out = pipe(&["annotate"], &input);
    let line = &jsonl(&out)[0];
    assert_ne!(line["text"], doc["text"], "the headline became the title: {line}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-clean") && err.contains("1 of 1"), "{err}");
    let out = pipe(&["annotate", "--no-clean"], &input);
    assert_eq!(jsonl(&out)[0]["text"], doc["text"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("cleaning changed"));
}

#[test]
fn a_pronoun_continuing_an_unnamed_source_is_listed_with_that_source() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({"id": "u1", "published": "2025-03-04", "outlet": "Harbour Post",
        "text": "Mayor Lena Ruiz opened the bridge on Monday. A senior health official said the clinic would close.\n\n\"We had no choice,\" she said."});
    std::fs::write(tmp.path().join("d.jsonl"), format!("{doc}\n")).unwrap();
    let out = run(&["analyze", "d.jsonl", "--db", "t.db"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["quotes", "--db", "t.db", "--format", "jsonl"], tmp.path());
    let rows = jsonl(&out);
    let choice = rows.iter().find(|q| q["text"] == "We had no choice,").expect("the direct quote");
    assert_eq!(choice["speaker"], serde_json::Value::Null, "not the mayor: {choice}");
    assert_eq!(choice["speaker_mention"], "she");
    assert_eq!(choice["source"], "A senior health official", "{choice}");
}

#[test]
fn extract_prints_one_object_for_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("p.html"), GOOD_HTML).unwrap();
    let out = run(&["extract", "p.html"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["title"], "River council meets again");
    assert_eq!(v["outlet"], "The Northgate Herald");
    assert_eq!(v["published"], "2025-03-06");
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("Farmers downstream"), "{text}");
    assert!(!text.contains("Home") && !text.contains("Copyright"), "navigation and footer dropped: {text}");
    let md = run(&["extract", "p.html", "--output", "markdown"], tmp.path());
    assert!(stdout(&md).starts_with("# River council meets again"));
}
