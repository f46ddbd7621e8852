//! Golden tests over the bundled sample corpus: the whole pipeline's output,
//! checked in under `tests/golden/`. After an intended change, refresh with
//! `UPDATE_GOLDEN=1 cargo test -p storyline-cli golden` and review the diff.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN is set.
fn check(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run with UPDATE_GOLDEN=1 to create it", path.display()));
    if expected != actual {
        let (line, (e, a)) = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .map(|(i, p)| (i + 1, p))
            .unwrap_or((expected.lines().count().min(actual.lines().count()) + 1, ("<end>", "<end>")));
        panic!(
            "{name} differs from the golden file at line {line}\n expected: {e}\n   actual: {a}\n\
             ({} expected lines, {} actual). If the change is intended: UPDATE_GOLDEN=1 cargo test -p storyline-cli golden",
            expected.lines().count(),
            actual.lines().count()
        );
    }
}

#[test]
fn sample_corpus_matches_golden_output() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("sample.db");
    let db = db.to_str().unwrap();
    let out = super::bin().args(["analyze", "examples/corpus", "--db", db]).current_dir(&root).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the sample corpus analyses cleanly: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for what in ["articles", "quotes", "entities", "stories", "timeline"] {
        let out =
            super::bin().args([what, "--db", db, "--format", "jsonl", "--all"]).current_dir(&root).output().unwrap();
        assert!(out.status.success());
        check(&format!("{what}.jsonl"), &String::from_utf8_lossy(&out.stdout));
    }
}
