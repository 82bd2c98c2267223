//! `gleaner report` and `gleaner merge`: corpus reports from records or from
//! partial summaries (the work is in `gleaner-report`).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Args;
use gleaner_doc::Record;
use gleaner_report::{
    CorpusSummary, DEFAULT_EVIDENCE_CAP, DEFAULT_HTML_DOCS, HtmlDocs, RenderOptions, write_reports,
};

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// Record files written by `gleaner run` (documents.jsonl), read in the order given.
    #[arg(required = true, value_name = "DOCUMENTS_JSONL")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutArgs,
    /// Documents whose full text report.html shows (the first ones; tables cover all).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_HTML_DOCS)]
    html_docs: usize,
    /// Evidence sentences the report keeps per relation (memory grows with it).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_EVIDENCE_CAP)]
    evidence: usize,
}

#[derive(Args)]
pub(crate) struct MergeArgs {
    /// Partial summaries (summary.json) of disjoint parts of a corpus.
    #[arg(required = true, value_name = "SUMMARY_JSON")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(Args)]
struct OutArgs {
    /// Output directory for summary.json, report.md, entities.csv, relations.csv,
    /// graph.dot and report.html.
    #[arg(short, long, default_value = "gleaner-out")]
    output: PathBuf,
    /// Nodes drawn in report.html's graph.
    #[arg(long, value_name = "N", default_value_t = RenderOptions::default().graph_nodes)]
    graph_nodes: usize,
    /// No summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
}

impl OutArgs {
    fn options(&self) -> RenderOptions {
        let mut o = RenderOptions::default();
        o.graph_nodes = self.graph_nodes;
        o.threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        o
    }
}

/// Rebuilds every report from records. Exit 0: the report was written (documents
/// with errors are listed in it).
pub(crate) fn report(args: ReportArgs) -> Result<u8> {
    let mut summary = CorpusSummary::new().with_evidence_cap(args.evidence);
    let mut docs = HtmlDocs::new(args.html_docs);
    let (mut read_s, mut fold_s) = (0.0, 0.0);
    for path in &args.inputs {
        let file =
            fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let mut line = String::new();
        let mut n = 0usize;
        loop {
            let t0 = Instant::now();
            line.clear();
            let got = reader
                .read_line(&mut line)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if got == 0 {
                break;
            }
            n += 1;
            if line.trim().is_empty() {
                continue;
            }
            let rec = Record::from_json_line(line.trim_end())
                .with_context(|| format!("{}:{n}", path.display()))?;
            let t1 = Instant::now();
            summary
                .add_record(&rec)
                .with_context(|| format!("{}:{n}", path.display()))?;
            docs.offer(&rec);
            read_s += (t1 - t0).as_secs_f64();
            fold_s += t1.elapsed().as_secs_f64();
        }
    }
    summary.timings.read += read_s;
    summary.timings.report += fold_s;
    write(&args.out, &summary, &docs)
}

/// Merges partial summaries and renders the corpus-level reports (no document texts).
pub(crate) fn merge(args: MergeArgs) -> Result<u8> {
    let mut merged: Option<CorpusSummary> = None;
    for path in &args.inputs {
        let json =
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let part =
            CorpusSummary::from_json(&json).with_context(|| format!("{}", path.display()))?;
        match merged.as_mut() {
            None => merged = Some(part),
            Some(m) => m
                .merge(part)
                .with_context(|| format!("cannot merge {}", path.display()))?,
        }
    }
    let Some(summary) = merged else {
        bail!("no summaries given");
    };
    write(&args.out, &summary, &HtmlDocs::new(0))
}

fn write(out: &OutArgs, summary: &CorpusSummary, docs: &HtmlDocs) -> Result<u8> {
    let written = write_reports(&out.output, summary, docs, &out.options())?;
    if !out.quiet {
        eprintln!(
            "gleaner: {} documents, {} entities, {} relations -> {} ({} files)",
            summary.totals.documents,
            summary.totals.entities,
            summary.totals.relations,
            out.output.display(),
            written.files.len()
        );
    }
    Ok(0)
}
