//! Corpus reports for gleaner: records in, a mergeable summary and its renderings out.
//!
//! A [`CorpusSummary`] folds [`Record`]s one at a time ([`CorpusSummary::add_record`])
//! into exact counts: entities by label and canonical name, relations by their ends'
//! names (symmetric ones unordered) with capped evidence, sentence co-occurrence,
//! totals, per-document errors and warnings, stage timings. Summaries of shards
//! combine with [`CorpusSummary::merge`] — associative and commutative, so the merge
//! of the parts equals the summary of the whole — and round-trip through
//! `summary.json`. [`Resolved`] is the summary with one row per entity across
//! documents ("Aliyev" folds into "Ilham Aliyev" when unambiguous). [`HtmlDocs`]
//! keeps the first documents for the HTML page, and [`write_reports`] writes every
//! file: `summary.json`, `report.md`, `entities.csv`, `relations.csv`, `graph.dot`
//! and a self-contained `report.html`. [`Reporter`] bundles the three steps.
//!
//! ```
//! use gleaner_doc::{Entity, EntityId, EntityLabel, Record, Span};
//! use gleaner_report::{CorpusSummary, HtmlDocs, RenderOptions, Resolved, write_reports};
//!
//! let mut rec = Record::new("a.txt", "Aliyev met Putin.");
//! rec.sentences.push(Span::new(0, 17));
//! rec.entities.push(Entity::new(EntityId(0), Span::new(0, 6), EntityLabel::Person, "Aliyev"));
//!
//! let mut summary = CorpusSummary::new();
//! let mut docs = HtmlDocs::new(50);
//! summary.add_record(&rec)?;
//! docs.offer(&rec);
//!
//! // Another shard, summarised elsewhere (or read back from its summary.json).
//! let mut b = Record::new("b.txt", "Ilham Aliyev spoke.");
//! b.entities.push(Entity::new(EntityId(0), Span::new(0, 12), EntityLabel::Person, "Ilham Aliyev"));
//! let mut shard = CorpusSummary::new();
//! shard.add_record(&b)?;
//! summary.merge(shard)?;
//! assert_eq!(summary.totals.documents, 2);
//!
//! // Across documents, the unambiguous surname folds into the full name.
//! let top = &Resolved::new(&summary).entities[0];
//! assert_eq!((top.name.as_str(), top.mentions), ("Ilham Aliyev", 2));
//!
//! let out = tempfile::tempdir().expect("temp dir");
//! let written = write_reports(out.path(), &summary, &docs, &RenderOptions::default())?;
//! assert!(written.files.iter().any(|p| p.ends_with("report.html")));
//! # Ok::<(), gleaner_report::ReportError>(())
//! ```
//!
//! # Performance
//! Memory grows with distinct entities, relations and co-occurring pairs, never with
//! documents or bytes (evidence is capped per relation, snippets are cut, co-occurrence
//! takes at most [`COOCCURRENCE_ENTITIES_PER_SENTENCE`] names per sentence, and
//! [`HtmlDocs`] keeps a bounded number of texts). Because `merge` is exact, a parallel
//! pipeline can fold records into a small summary per worker thread and empty it
//! into one shared summary now and then with [`CorpusSummary::drain_into`], which
//! keeps the worker's interned names and skips snippets the shared summary could no
//! longer keep; only [`HtmlDocs`] needs corpus order. `cargo bench -p gleaner-report`
//! measures folding, merging and rendering a 10,000-document summary.
//!
//! # Errors
//! [`ReportError`]: merging or folding across schema versions, reading a malformed or
//! unknown-version `summary.json`, and failing to write an output file. The library
//! never prints.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use gleaner_doc::{Record, SCHEMA_VERSION};

mod docs;
pub mod escape;
mod json;
mod render;
mod resolve;
mod summary;

pub use docs::{DEFAULT_HTML_DOCS, DEFAULT_MAX_TEXT_BYTES, HtmlDoc, HtmlDocs};
pub use render::{RenderOptions, dot, entities_csv, html, markdown, relations_csv, summary_json};
pub use resolve::{Resolved, ResolvedEntity, ResolvedRelation, aliases};
pub use summary::{
    COOCCURRENCE_ENTITIES_PER_SENTENCE, CorpusSummary, DEFAULT_EVIDENCE_CAP, DocProblems,
    EntityKey, EntityStats, Evidence, RelationKey, RelationStats, SNIPPET_MAX_BYTES, StageTimings,
    Totals,
};

/// The files [`write_reports`] writes, in this order.
pub const REPORT_FILES: [&str; 6] = [
    "summary.json",
    "report.md",
    "entities.csv",
    "relations.csv",
    "graph.dot",
    "report.html",
];

/// What [`write_reports`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The files, in [`REPORT_FILES`] order.
    pub files: Vec<PathBuf>,
    /// Their total size in bytes.
    pub bytes: u64,
}

impl Written {
    fn add(&mut self, path: PathBuf, bytes: u64) {
        self.files.push(path);
        self.bytes += bytes;
    }
}

/// Writes every report file into `out_dir` (created if missing). Each file is
/// written under a temporary name and renamed, so a finished file is always whole.
/// Pass an empty [`HtmlDocs`] (`HtmlDocs::new(0)`) for a page without document texts.
/// With [`RenderOptions::threads`] above one, summary.json is written on a thread of
/// its own beside the other files.
///
/// # Errors
/// The first file that cannot be written (with two threads, summary.json's error
/// first); files already renamed stay.
pub fn write_reports(
    out_dir: &Path,
    summary: &CorpusSummary,
    docs: &HtmlDocs,
    opts: &RenderOptions,
) -> Result<Written, ReportError> {
    fs::create_dir_all(out_dir).map_err(|e| ReportError::io(out_dir, e))?;
    let mut written = Written::default();
    let path = out_dir.join("summary.json");
    if opts.threads <= 1 {
        // The largest file, first: streamed, never held in memory whole; the resolved
        // rows every other file shows are made once its own rows are written, so the
        // buffers that sorted those are freed first (peak RSS of `gleaner run`).
        let mut resolved = None;
        written.add(
            path.clone(),
            write_with(&path, |w| {
                resolved = json::write_json_then(w, summary, || Some(Resolved::new(summary)))?;
                Ok(())
            })?,
        );
        let resolved = resolved.unwrap_or_else(|| Resolved::new(summary));
        write_rest(out_dir, summary, &resolved, docs, opts, &mut written)?;
        return Ok(written);
    }
    // PERF: summary.json takes as long as all the other files together, so it is
    // written beside them; the run's last serial step (`scripts/scale.sh`).
    let resolved = Resolved::new(summary);
    let (json, rest) = std::thread::scope(|scope| {
        let json =
            scope.spawn(|| write_with(&path, |w| json::write_json(w, summary, Some(&resolved))));
        let mut rest = Written::default();
        let r = write_rest(out_dir, summary, &resolved, docs, opts, &mut rest).map(|()| rest);
        let json = json
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (json, r)
    });
    written.add(path, json?);
    let rest = rest?;
    written.bytes += rest.bytes;
    written.files.extend(rest.files);
    Ok(written)
}

/// Every report file but summary.json, in [`REPORT_FILES`] order.
fn write_rest(
    out_dir: &Path,
    summary: &CorpusSummary,
    resolved: &Resolved,
    docs: &HtmlDocs,
    opts: &RenderOptions,
    written: &mut Written,
) -> Result<(), ReportError> {
    for name in REPORT_FILES {
        if name == "summary.json" {
            continue;
        }
        let path = out_dir.join(name);
        // PERF: relations.csv, report.html and graph.dot are as large as the corpus's
        // rows, so they are streamed through a small buffer (peak RSS of `gleaner run`).
        let mut buf = String::with_capacity(1 << 21);
        let n = write_with(&path, |w| {
            let mut flush = |b: &mut String| -> io::Result<()> {
                w.write_all(b.as_bytes())?;
                b.clear();
                Ok(())
            };
            match name {
                "relations.csv" => render::relations_csv_to(resolved, &mut buf, &mut flush)?,
                "report.html" => {
                    render::html_to(summary, resolved, docs, opts, &mut buf, &mut flush)?
                }
                "report.md" => buf = markdown(summary, resolved, opts),
                "entities.csv" => buf = entities_csv(resolved),
                _ => render::dot_to(resolved, opts, &mut buf, &mut flush)?,
            }
            flush(&mut buf)
        })?;
        written.add(path, n);
    }
    Ok(())
}

/// Writes through `fill` into a temporary file renamed to `path` when complete;
/// returns the bytes written.
fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> Result<u64, ReportError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    let result = (|| {
        let mut w = io::BufWriter::with_capacity(1 << 20, fs::File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        let n = f.metadata()?.len();
        fs::rename(&tmp, path)?;
        Ok(n)
    })();
    result.map_err(|e: io::Error| {
        let _ = fs::remove_file(&tmp);
        ReportError::io(path, e)
    })
}

/// The summary and the shown documents together: what a pipeline folds records into.
#[derive(Clone, Debug, Default)]
pub struct Reporter {
    /// The corpus summary.
    pub summary: CorpusSummary,
    /// The documents shown in full in the HTML page.
    pub docs: HtmlDocs,
}

impl Reporter {
    /// A reporter keeping the first `html_docs` documents' texts for the HTML page.
    pub fn new(html_docs: usize) -> Reporter {
        Reporter {
            summary: CorpusSummary::new(),
            docs: HtmlDocs::new(html_docs),
        }
    }

    /// Folds one record (offer records in corpus order).
    ///
    /// # Errors
    /// A record of another schema version.
    pub fn add(&mut self, rec: &Record) -> Result<(), ReportError> {
        self.summary.add_record(rec)?;
        self.docs.offer(rec);
        Ok(())
    }

    /// Writes every report file; see [`write_reports`].
    pub fn write(&self, out_dir: &Path, opts: &RenderOptions) -> Result<Written, ReportError> {
        write_reports(out_dir, &self.summary, &self.docs, opts)
    }
}

/// A report could not be built, read or written.
#[derive(Debug)]
pub struct ReportError {
    kind: ReportErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportErrorKind {
    /// Two summaries, or a summary and a record, of different schema versions.
    #[error("cannot combine record schema {theirs} with a summary of schema {ours}")]
    SchemaMismatch {
        /// The summary's schema.
        ours: u32,
        /// The incoming schema.
        theirs: u32,
    },
    /// A `summary.json` whose schema this crate does not know.
    #[error("{}", unknown_schema(*.0))]
    UnknownSchema(Option<u32>),
    /// Malformed `summary.json`.
    #[error("invalid summary")]
    Json(#[source] serde_json::Error),
    /// An output file could not be written.
    #[error("cannot write {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

fn unknown_schema(v: Option<u32>) -> String {
    match v {
        Some(v) => format!(
            "summary schema {v} is not supported (this gleaner reads schema {SCHEMA_VERSION})"
        ),
        None => "summary has no schema version".to_string(),
    }
}

impl ReportError {
    pub(crate) fn new(kind: ReportErrorKind) -> ReportError {
        ReportError { kind }
    }

    pub(crate) fn json(e: serde_json::Error) -> ReportError {
        ReportError::new(ReportErrorKind::Json(e))
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> ReportError {
        ReportError::new(ReportErrorKind::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ReportErrorKind {
        &self.kind
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}
