//! The scale features end to end: `synth`, determinism across thread counts on a
//! generated corpus, `annotate` streaming, and Ctrl-C.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{gleaner, read_records, stderr, summary_count};
use serde_json::Value;

fn synth(dir: &Path, size: &str, seed: &str) {
    let o = gleaner()
        .args(["synth", "--size", size, "--seed", seed, "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in fs::read_dir(dir).unwrap() {
        let sub = sub.unwrap().path();
        for f in fs::read_dir(&sub).unwrap() {
            let f = f.unwrap().path();
            let name = f.strip_prefix(dir).unwrap().display().to_string();
            out.push((name, fs::read(&f).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn synth_is_deterministic_and_run_is_identical_for_1_2_and_8_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    synth(&a, "1.5MB", "7");
    synth(&b, "1.5MB", "7");
    let fa = files(&a);
    assert_eq!(fa, files(&b), "same seed, same corpus");
    let bytes: usize = fa.iter().map(|(_, d)| d.len()).sum();
    assert!((1_500_000..1_700_000).contains(&bytes), "{bytes}");
    assert!(fa.len() > 100, "{} documents", fa.len());

    let mut outs = Vec::new();
    let mut summaries = Vec::new();
    for t in ["1", "2", "8"] {
        let out = tmp.path().join(format!("out{t}"));
        let o = gleaner()
            .arg("run")
            .arg(&a)
            .arg("-o")
            .arg(&out)
            .args(["--threads", t, "--tokens"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(summary_count(&o), fa.len() as u64);
        outs.push(fs::read(out.join("documents.jsonl")).unwrap());
        let summary = fs::read_to_string(out.join("summary.json")).unwrap();
        let without_timings: Vec<&str> = summary
            .lines()
            .filter(|l| !l.starts_with("\"timings\""))
            .collect();
        assert_eq!(summary.lines().count(), without_timings.len() + 1);
        summaries.push(without_timings.join("\n"));
    }
    assert!(outs[0] == outs[1], "1 and 2 threads differ");
    assert!(outs[0] == outs[2], "1 and 8 threads differ");
    assert!(
        summaries[0] == summaries[1],
        "summary.json: 1 and 2 threads differ"
    );
    assert!(
        summaries[0] == summaries[2],
        "summary.json: 1 and 8 threads differ"
    );
    let whole: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("out2/summary.json")).unwrap())
            .unwrap();
    assert_eq!(whole["totals"]["documents"], fa.len() as u64);
    let recs = read_records(&tmp.path().join("out1/documents.jsonl"));
    let entities: usize = recs
        .iter()
        .map(|r| r["entities"].as_array().unwrap().len())
        .sum();
    assert!(entities > 20 * recs.len(), "news-like density: {entities}");
}

#[test]
fn synth_refuses_a_bad_size_and_a_non_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gleaner()
        .args(["synth", "--size", "lots", "-o"])
        .arg(tmp.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("size"), "{}", stderr(&o));
    fs::write(tmp.path().join("mine.txt"), "keep me").unwrap();
    let o = gleaner()
        .args(["synth", "--size", "10KB", "-o"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(tmp.path().join("mine.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn annotate_keeps_order_and_names_bad_lines() {
    let input = concat!(
        r#"{"id": "a", "text": "Putin visited Baku on Monday."}"#,
        "\n",
        "{not json\n",
        "\n",
        r#"{"id": 7, "text": "Aliyev met Pashinyan in Brussels."}"#,
        "\n",
        r#"{"id": "no-text"}"#,
        "\n",
        r#"{"text": "An anonymous line."}"#,
        "\n"
    );
    let mut child = gleaner()
        .args(["annotate", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "two lines failed: {}", stderr(&o));
    let recs: Vec<Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "line-2", "7", "no-text", "line-6"]);
    assert_eq!(summary_count(&o), 5);
    assert!(recs[1]["error"].as_str().unwrap().starts_with("line 2:"));
    assert!(recs[3]["error"].as_str().unwrap().contains("line 5"));
    assert!(recs[3]["error"].as_str().unwrap().contains("text"));
    assert_eq!(recs[0]["text"], "Putin visited Baku on Monday.");
    assert_eq!(recs[0]["relations"][0]["label"], "visited");
    assert_eq!(recs[4]["error"], Value::Null);
}

#[test]
fn annotate_answers_each_line_before_the_input_ends() {
    let mut child = gleaner()
        .arg("annotate")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for i in 0..3 {
        writeln!(
            stdin,
            r#"{{"id": "q{i}", "text": "Macron flew to Nairobi."}}"#
        )
        .unwrap();
        stdin.flush().unwrap();
        // The reply must come while stdin is still open.
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("a record for each line as it arrives");
        let r: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(r["id"], format!("q{i}"));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}

#[test]
fn ctrl_c_stops_cleanly_without_a_documents_file() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    synth(&corpus, "20MB", "3");
    let out = tmp.path().join("out");
    let child = gleaner()
        .arg("run")
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .args(["--threads", "1"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let partial = out.join(".documents.jsonl.partial");
    let started = Instant::now();
    while !partial.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted after"), "{err}");
    assert!(!out.join("documents.jsonl").exists());
    assert!(!partial.exists(), "the partial file is removed");
}
