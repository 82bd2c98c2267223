//! The CSVs parse back (with the `csv` crate) into exactly the resolved rows that
//! summary.json holds, awkward strings included.

mod common;

use std::fs;

use common::{Spec, record};
use gleaner_report::{CorpusSummary, HtmlDocs, RenderOptions, Resolved, write_reports};
use serde_json::Value;

fn corpus() -> Vec<gleaner_doc::Record> {
    let specs = [
        Spec {
            sentences: vec![vec![0, 7, 9], vec![2, 8]],
            relations: vec![(0, 0, 2, 0), (1, 0, 1, 5)],
            error: false,
            warnings: vec![],
        },
        Spec {
            sentences: vec![vec![1, 10, 8]],
            relations: vec![(0, 0, 1, 6), (0, 1, 2, 7)],
            error: false,
            warnings: vec![2],
        },
        Spec {
            sentences: vec![vec![4, 16, 5, 6], vec![3, 11]],
            relations: vec![(0, 0, 3, 6), (0, 2, 3, 3)],
            error: false,
            warnings: vec![],
        },
        Spec {
            sentences: vec![],
            relations: vec![],
            error: true,
            warnings: vec![],
        },
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| record(&format!("d{i}, \"x\".txt"), s))
        .collect()
}

/// The corpus's summary and its documents for the HTML page.
fn summarized() -> (CorpusSummary, HtmlDocs) {
    let mut summary = CorpusSummary::new();
    let mut docs = HtmlDocs::new(10);
    for r in corpus() {
        summary.add_record(&r).expect("schema");
        docs.offer(&r);
    }
    (summary, docs)
}

#[test]
fn csvs_parse_back_into_summary_rows() {
    let (summary, docs) = summarized();
    let dir = tempfile::tempdir().expect("temp dir");
    write_reports(dir.path(), &summary, &docs, &RenderOptions::default()).expect("written");

    let json: Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("summary.json")).expect("summary.json"),
    )
    .expect("summary.json is JSON");
    let back = CorpusSummary::from_json(
        &fs::read_to_string(dir.path().join("summary.json")).expect("read"),
    )
    .expect("reads back");
    let resolved = Resolved::new(&back);
    // The streamed file is exactly the renderer's text.
    assert_eq!(
        fs::read_to_string(dir.path().join("summary.json")).expect("read"),
        gleaner_report::summary_json(&summary, &Resolved::new(&summary)).expect("json")
    );

    let mut rd = csv::Reader::from_path(dir.path().join("entities.csv")).expect("entities.csv");
    assert_eq!(
        rd.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "label",
            "name",
            "mentions",
            "documents",
            "country",
            "aliases"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row parses")).collect();
    let jrows = json["resolved"]["entities"]
        .as_array()
        .expect("resolved entities");
    assert_eq!(rows.len(), jrows.len());
    assert_eq!(rows.len(), resolved.entities.len());
    assert!(rows.len() >= 8, "{rows:?}");
    for ((row, j), e) in rows.iter().zip(jrows).zip(&resolved.entities) {
        assert_eq!(&row[0], j["label"].as_str().expect("label"));
        assert_eq!(&row[1], j["name"].as_str().expect("name"));
        assert_eq!(row[2].parse::<u64>().ok(), j["mentions"].as_u64());
        assert_eq!(row[3].parse::<u64>().ok(), j["documents"].as_u64());
        assert_eq!(&row[4], j["country"].as_str().unwrap_or(""));
        assert_eq!(&row[5], e.aliases.join("; "));
        assert_eq!((&row[0], &row[1]), (e.label.as_str(), e.name.as_str()));
    }
    assert!(
        rows.iter().any(|r| &r[1] == "Baku, \"the capital\""),
        "quotes and commas survive"
    );
    assert!(
        rows.iter()
            .any(|r| &r[1] == "Ilham Aliyev" && r[5].is_empty()),
        "Aliyev is ambiguous here"
    );

    let mut rd = csv::Reader::from_path(dir.path().join("relations.csv")).expect("relations.csv");
    assert_eq!(rd.headers().expect("header").len(), 14);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row parses")).collect();
    let jrows = json["resolved"]["relations"]
        .as_array()
        .expect("resolved relations");
    assert_eq!(rows.len(), jrows.len());
    assert_eq!(rows.len(), resolved.relations.len());
    assert!(rows.len() >= 4);
    for ((row, j), r) in rows.iter().zip(jrows).zip(&resolved.relations) {
        assert_eq!(&row[0], j["head"]["label"].as_str().expect("head label"));
        assert_eq!(&row[1], j["head"]["name"].as_str().expect("head"));
        assert_eq!(&row[2], j["label"].as_str().expect("label"));
        assert_eq!(&row[3], j["tail"]["label"].as_str().expect("tail label"));
        assert_eq!(&row[4], j["tail"]["name"].as_str().expect("tail"));
        assert_eq!(row[5].parse::<u64>().ok(), j["count"].as_u64());
        assert_eq!(row[6].parse::<u64>().ok(), j["documents"].as_u64());
        assert_eq!(row[7].parse::<f32>().ok(), Some(r.max_confidence));
        let ev = &j["evidence"][0];
        assert_eq!(&row[8], ev["trigger"].as_str().unwrap_or(""));
        assert_eq!(&row[9], ev["pattern"].as_str().unwrap_or(""));
        assert_eq!(&row[10], ev["doc"].as_str().unwrap_or(""));
        assert_eq!(row[11].parse::<u64>().ok(), ev["start"].as_u64());
        assert_eq!(row[12].parse::<u64>().ok(), ev["end"].as_u64());
        assert_eq!(&row[13], ev["sentence"].as_str().unwrap_or(""));
    }
    assert!(
        rows.iter()
            .any(|r| r[13].contains("and\n") || r[13].contains(", and "))
    );
}

#[test]
fn threads_do_not_change_the_files() {
    let (summary, docs) = summarized();
    let mut outputs = Vec::new();
    for threads in [1, 2, 4] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut opts = RenderOptions::default();
        opts.threads = threads;
        let written = write_reports(dir.path(), &summary, &docs, &opts).expect("written");
        let files: Vec<(String, Vec<u8>)> = written
            .files
            .iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned();
                (name, fs::read(p).expect("readable"))
            })
            .collect();
        let on_disk = fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(on_disk, files.len(), "no temporary file left behind");
        outputs.push((written.bytes, files));
    }
    let names: Vec<&str> = outputs[0].1.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, gleaner_report::REPORT_FILES);
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}
