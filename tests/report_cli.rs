//! `gleaner report` and `gleaner merge` end to end, each test in its own temp dir.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = include_str!("../corpus/000_baku_visit.txt");

fn gleaner(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("gleaner runs")
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn report_then_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    fs::create_dir_all(d.join("corpus")).expect("corpus dir");
    fs::write(d.join("corpus/a.txt"), SEED).expect("write");
    fs::write(
        d.join("corpus/b.txt"),
        "Aliyev met officials in Baku on Monday.\n",
    )
    .expect("write");
    ok(&gleaner(&["run", "corpus", "-o", "out", "-q"], d));
    ok(&gleaner(
        &["report", "out/documents.jsonl", "-o", "rep", "-q"],
        d,
    ));
    for f in common::REPORT_FILES {
        assert!(d.join("rep").join(f).is_file(), "{f} written");
    }
    let html = fs::read_to_string(d.join("rep/report.html")).expect("html");
    assert!(html.contains("<mark class=\"ent l-PERSON\""));
    let csv = fs::read_to_string(d.join("rep/entities.csv")).expect("csv");
    assert!(
        csv.contains("PERSON,Ilham Aliyev,"),
        "Aliyev of b.txt folds into Ilham Aliyev"
    );
    assert!(!csv.contains("PERSON,Aliyev,"));

    // The same shard twice: counts double, the page has no document texts.
    ok(&gleaner(
        &[
            "merge",
            "rep/summary.json",
            "rep/summary.json",
            "-o",
            "merged",
            "-q",
        ],
        d,
    ));
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("merged/summary.json")).expect("json"))
            .expect("valid JSON");
    assert_eq!(s["totals"]["documents"], 4);
    let html = fs::read_to_string(d.join("merged/report.html")).expect("html");
    assert!(html.contains("Document texts are not included"));

    // A summary of another schema version is refused, exit 2.
    let newer = fs::read_to_string(d.join("rep/summary.json"))
        .expect("json")
        .replacen("\"schema\": 1", "\"schema\": 2", 1);
    fs::write(d.join("newer.json"), newer).expect("write");
    let o = gleaner(&["merge", "rep/summary.json", "newer.json", "-o", "x"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("schema 2"));
    assert!(!d.join("x").exists());

    // Malformed records name the file and line.
    fs::write(
        d.join("bad.jsonl"),
        "{\"schema\":1,\"id\":\"a\"}\nnot json\n",
    )
    .expect("write");
    let o = gleaner(&["report", "bad.jsonl", "-o", "y"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.jsonl:2"));
}

/// The most evidence snippets any relation of a summary keeps, and the summary's cap.
fn evidence_kept(summary: &Path) -> (usize, u64) {
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(summary).expect("json")).expect("valid JSON");
    let most = s["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| r["evidence"].as_array().map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    (most, s["evidence_cap"].as_u64().expect("cap"))
}

#[test]
fn evidence_option_caps_snippets_per_relation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    fs::create_dir_all(d.join("corpus")).expect("corpus dir");
    // One relation stated in four documents.
    for i in 0..4 {
        fs::write(
            d.join(format!("corpus/{i}.txt")),
            format!("Report {i}.\n\nRussian President Vladimir Putin arrived on Monday.\n"),
        )
        .expect("write");
    }
    ok(&gleaner(&["run", "corpus", "-o", "two", "-q"], d));
    assert_eq!(evidence_kept(&d.join("two/summary.json")), (2, 2));
    ok(&gleaner(
        &["run", "corpus", "-o", "one", "-q", "--evidence", "1"],
        d,
    ));
    assert_eq!(evidence_kept(&d.join("one/summary.json")), (1, 1));
    ok(&gleaner(
        &[
            "report",
            "two/documents.jsonl",
            "-o",
            "four",
            "-q",
            "--evidence",
            "4",
        ],
        d,
    ));
    assert_eq!(evidence_kept(&d.join("four/summary.json")), (4, 4));
}
