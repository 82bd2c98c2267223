//! End-to-end tests of the `gleaner` binary: each test gets its own temporary corpus.

mod common;

use std::fs;

use common::{Case, gleaner, stderr};
use serde_json::Value;

const SEED: &str = include_str!("../corpus/000_baku_visit.txt");

#[test]
fn run_writes_every_field_of_the_contract() {
    let c = Case::new();
    c.write("000_baku_visit.txt", SEED);
    let o = c.run(&["--tokens"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = c.records();
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    let keys = [
        "schema",
        "id",
        "title",
        "text",
        "sentences",
        "tokens",
        "entities",
        "relations",
        "warnings",
        "error",
    ];
    assert_eq!(r.as_object().unwrap().len(), keys.len());
    // Fields appear in the contract's order on the line.
    let line = fs::read_to_string(c.out().join("documents.jsonl")).unwrap();
    let at: Vec<usize> = keys
        .iter()
        .map(|k| {
            line.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("no field {k}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "field order {at:?}");
    assert_eq!(r["schema"], 1);
    assert_eq!(r["id"], "000_baku_visit.txt");
    assert_eq!(
        r["title"],
        "Putin Pledges Peace Efforts Between Azerbaijan and Armenia During Baku Visit"
    );
    assert_eq!(
        r["text"].as_str().unwrap(),
        SEED,
        "text is the file's bytes unchanged"
    );
    assert_eq!(r["sentences"].as_array().unwrap().len(), 19);
    assert!(r["entities"].is_array() && r["relations"].is_array());
    assert_eq!(r["warnings"], Value::Array(vec![]));
    assert_eq!(r["error"], Value::Null);
    // Tokens and sentences are {start, end} byte spans into the text, on char boundaries.
    for key in ["tokens", "sentences"] {
        for s in r[key].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(s.as_object().unwrap().len(), 2, "{key} carry offsets only");
            assert!(
                a < b && b <= SEED.len() && SEED.is_char_boundary(a) && SEED.is_char_boundary(b)
            );
        }
    }
    let toks: Vec<&str> = r["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &SEED[t["start"].as_u64().unwrap() as usize..t["end"].as_u64().unwrap() as usize])
        .collect();
    assert!(toks.windows(2).any(|w| w == ["Moscow", "’s"]));
    assert!(toks.windows(3).any(|w| w == ["Nagorno", "-", "Karabakh"]));
    assert!(toks.contains(&"100,000"));
    // The summary line: documents, bytes, seconds, MB/s.
    let err = stderr(&o);
    assert!(err.contains("1 documents"), "{err}");
    assert!(err.contains(&format!("{} bytes", SEED.len())), "{err}");
    assert!(err.contains("MB/s"), "{err}");
}

#[test]
fn run_writes_the_corpus_report_beside_the_records() {
    let c = Case::new();
    c.write("000_baku_visit.txt", SEED);
    c.write("b/second.txt", "Putin met Aliyev in Baku on Monday.");
    c.write("bad.txt", b"\x00binary");
    let o = c.run(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    for f in common::REPORT_FILES {
        assert!(c.out().join(f).is_file(), "{f} missing");
    }
    let summary: Value =
        serde_json::from_str(&fs::read_to_string(c.out().join("summary.json")).unwrap()).unwrap();
    let recs = c.records();
    assert_eq!(summary["totals"]["documents"], recs.len() as u64);
    assert_eq!(summary["totals"]["failed"], 1);
    assert_eq!(summary["problems"][0]["id"], "bad.txt");
    let mentions: usize = recs
        .iter()
        .map(|r| r["entities"].as_array().unwrap().len())
        .sum();
    assert_eq!(summary["totals"]["entities"], mentions as u64);
    let putin = summary["resolved"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Vladimir Putin")
        .expect("Putin is one row");
    assert_eq!(
        putin["documents"], 2,
        "\"Putin\" in b/second.txt folds into the seed's name"
    );
    assert!(stderr(&o).contains("report"), "{}", stderr(&o));

    let d = Case::new();
    d.write("a.txt", "Putin visited Baku.");
    assert!(d.run(&["--no-report"]).status.success());
    assert!(!d.out().join("summary.json").exists());
    assert!(d.out().join("documents.jsonl").exists());
}

#[test]
fn seed_has_its_nineteen_sentences() {
    // Written by reading the article: the headline, then two sentences per paragraph.
    let gold: Vec<&str> = include_str!("gold/000_baku_visit.sentences.txt")
        .lines()
        .collect();
    assert_eq!(gold.len(), 19);
    let c = Case::new();
    c.write("000_baku_visit.txt", SEED);
    assert!(c.run(&[]).status.success());
    let r = &c.records()[0];
    let got: Vec<&str> = r["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &SEED[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(got, gold);
}

#[test]
fn no_text_and_no_tokens_by_default() {
    let c = Case::new();
    c.write("a.txt", "One. Two.");
    assert!(c.run(&["--no-text"]).status.success());
    let r = &c.records()[0];
    assert!(r.get("text").is_none());
    assert!(r.get("tokens").is_none());
    assert!(r.get("title").is_none());
    assert_eq!(r["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn corpus_order_and_thread_count_do_not_change_output() {
    let c = Case::new();
    for (i, name) in ["b.txt", "a/x.txt", "a-b.txt", "a/z/1.txt", "C.txt"]
        .iter()
        .enumerate()
    {
        c.write(
            name,
            format!("Headline {i}\nThe U.S. envoy met Mr. Smith. He left on day {i}."),
        );
    }
    c.write("skip.md", "not read");
    c.write(".hidden/h.txt", "not read");
    let mut outs = Vec::new();
    for t in ["1", "2", "8"] {
        let o = c.run(&["--threads", t, "--tokens"]);
        assert!(o.status.success(), "{}", stderr(&o));
        outs.push(fs::read(c.out().join("documents.jsonl")).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0], outs[2]);
    let ids: Vec<String> = c
        .records()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["C.txt", "a/x.txt", "a/z/1.txt", "a-b.txt", "b.txt"]);
}

#[test]
fn repairs_are_warnings_and_bad_files_are_errors() {
    let c = Case::new();
    c.write("bom.txt", b"\xEF\xBB\xBFHello there.");
    c.write("latin1.txt", b"Caf\xE9 au lait.");
    c.write("binary.txt", b"\x7FELF\x00\x01\x02");
    c.write("ok.txt", "Fine.");
    let o = c.run(&[]);
    assert_eq!(o.status.code(), Some(1), "some documents failed: exit 1");
    let recs = c.records();
    assert_eq!(recs.len(), 4, "every document gets a record");
    let by_id = |id: &str| recs.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(by_id("bom.txt")["text"], "Hello there.");
    assert!(
        by_id("bom.txt")["warnings"][0]
            .as_str()
            .unwrap()
            .contains("byte-order mark")
    );
    assert_eq!(by_id("latin1.txt")["text"], "Caf\u{FFFD} au lait.");
    assert!(
        by_id("latin1.txt")["warnings"][0]
            .as_str()
            .unwrap()
            .contains("invalid UTF-8")
    );
    assert_eq!(by_id("latin1.txt")["error"], Value::Null);
    assert!(
        by_id("binary.txt")["error"]
            .as_str()
            .unwrap()
            .contains("binary")
    );
    assert!(stderr(&o).contains("1 failed"), "{}", stderr(&o));
}

#[test]
fn missing_corpus_is_a_clear_error() {
    let o = gleaner().args(["run", "/no/such/corpus"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("/no/such/corpus") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn tokenize_prints_tokens_and_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("t.txt");
    fs::write(&f, "Moscow’s envoy left. He didn't stay.").unwrap();
    let o = gleaner().arg("tokenize").arg(&f).output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("# sentence").count(), 2, "{out}");
    assert!(out.contains("0\t6\tWord\tMoscow\n"), "{out}");
    assert!(out.contains("\tWord\tn't\n"), "{out}");
    let o = gleaner()
        .arg("tokenize")
        .arg("/no/such/file")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
