//! Helpers shared by the binary's integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The report files `gleaner run` and `gleaner report` write beside the records
/// (listed here, not taken from the library, so the tests pin the contract).
pub const REPORT_FILES: [&str; 6] = [
    "summary.json",
    "report.md",
    "entities.csv",
    "relations.csv",
    "graph.dot",
    "report.html",
];

pub fn gleaner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
}

/// A temporary corpus directory and an output directory beside it.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    pub fn new() -> Case {
        Case {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.corpus().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    pub fn run(&self, extra: &[&str]) -> Output {
        self.run_to(&self.out(), extra)
    }

    pub fn run_to(&self, out: &Path, extra: &[&str]) -> Output {
        gleaner()
            .arg("run")
            .arg(self.corpus())
            .arg("-o")
            .arg(out)
            .args(extra)
            .output()
            .expect("gleaner runs")
    }

    pub fn records(&self) -> Vec<Value> {
        read_records(&self.out().join("documents.jsonl"))
    }
}

pub fn read_records(p: &Path) -> Vec<Value> {
    fs::read_to_string(p)
        .expect("documents.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The document count of the summary line on stderr.
pub fn summary_count(o: &Output) -> u64 {
    let err = stderr(o);
    let line = err
        .lines()
        .find(|l| l.starts_with("gleaner: ") && l.contains(" documents,"))
        .unwrap_or_else(|| panic!("no summary line in {err}"));
    line["gleaner: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("bad summary line {line}"))
}

pub fn id_of(r: &Value) -> &str {
    r["id"].as_str().expect("id is a string")
}

/// The corpus articles that have a gold file `tests/gold/NAME{suffix}`, by name, sorted.
pub fn gold_docs(suffix: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<String> = fs::read_dir(root.join("tests/gold"))
        .expect("tests/gold")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(suffix).map(str::to_owned)
        })
        .collect();
    docs.sort();
    docs
}

/// The tab-separated fields of a gold file's lines, without comments and blank lines;
/// each line has at least `min_fields`.
pub fn gold_rows(path: &Path, min_fields: usize) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .expect("gold file")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(str::to_owned).collect();
            assert!(f.len() >= min_fields, "{}: {l:?}", path.display());
            f
        })
        .collect()
}
