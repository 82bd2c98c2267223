//! The gleaner pipeline: walk a corpus, decode each file, run the stages in parallel,
//! and write one record per document, in corpus order, whatever the thread count.
//!
//! ```
//! use gleaner_pipeline::Pipeline;
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Putin Visits Baku\nHe arrived on Monday.")?;
//! let pipeline = Pipeline::builder().threads(2).build()?;
//! let mut out = Vec::new();
//! let stats = pipeline.run(dir.path(), &mut out, |_, _| {})?;
//! assert_eq!(stats.documents, 1);
//! let rec = gleaner_doc::Record::from_json_line(std::str::from_utf8(&out)?.trim_end())?;
//! assert_eq!(rec.title.as_deref(), Some("Putin Visits Baku"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Corpus order
//! Relative paths ordered component by component (`a/x.txt` before `a-b.txt`), as a
//! directory walk sorted by file name gives. Hidden entries (names starting with `.`)
//! are skipped; only files with the configured extensions (`txt` by default) are read.
//!
//! # Errors
//! A document that cannot be read or processed becomes a record with an `error` and
//! is counted in [`RunStats::failed`]; the corpus goes on. [`PipelineError`] is for
//! what stops a whole run: a missing corpus root, a failed write.
#![deny(missing_docs)]

mod decode;

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError, mpsc};
use std::time::{Duration, Instant};

use gleaner_doc::{Record, Span, Token};
use gleaner_relate::Extractor;
use gleaner_report::{CorpusSummary, StageTimings};
use gleaner_tag::Tagger;
use gleaner_tokenize::{Tokenizer, headline};
use std::sync::Arc;

pub use decode::{Decoded, decode};

/// Documents larger than this are refused with an error record by default (256 MiB).
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// Builds a [`Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    threads: usize,
    tokens: bool,
    text: bool,
    extensions: Vec<String>,
    follow_links: bool,
    max_document_bytes: u64,
    exclude: Vec<PathBuf>,
    tokenizer: Tokenizer,
    tagger: Option<Arc<Tagger>>,
    extractor: Option<Arc<Extractor>>,
    cancel: Arc<AtomicBool>,
    flush_each: bool,
    summary: bool,
    evidence_cap: usize,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            threads: 0,
            tokens: false,
            text: true,
            extensions: vec!["txt".to_owned()],
            follow_links: false,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            exclude: Vec::new(),
            tokenizer: Tokenizer::new(),
            tagger: None,
            extractor: None,
            cancel: Arc::new(AtomicBool::new(false)),
            flush_each: false,
            summary: false,
            evidence_cap: gleaner_report::DEFAULT_EVIDENCE_CAP,
        }
    }
}

impl PipelineBuilder {
    /// Worker threads; 0 (the default) means one per core.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// Whether records carry `tokens` (default: no).
    pub fn tokens(mut self, yes: bool) -> Self {
        self.tokens = yes;
        self
    }

    /// Whether records carry `text` (default: yes).
    pub fn text(mut self, yes: bool) -> Self {
        self.text = yes;
        self
    }

    /// File extensions to read, without the dot (default: `txt`). Empty means all files.
    pub fn extensions<I: IntoIterator<Item = S>, S: Into<String>>(mut self, exts: I) -> Self {
        self.extensions = exts
            .into_iter()
            .map(|e| e.into().trim_start_matches('.').to_owned())
            .collect();
        self
    }

    /// Whether to follow symbolic links while walking (default: no).
    pub fn follow_links(mut self, yes: bool) -> Self {
        self.follow_links = yes;
        self
    }

    /// Largest document read; larger ones get an error record.
    pub fn max_document_bytes(mut self, n: u64) -> Self {
        self.max_document_bytes = n;
        self
    }

    /// A directory never read as input (the output directory, when inside the corpus).
    pub fn exclude(mut self, dir: impl Into<PathBuf>) -> Self {
        self.exclude.push(dir.into());
        self
    }

    /// The tokenizer to use.
    pub fn tokenizer(mut self, t: Tokenizer) -> Self {
        self.tokenizer = t;
        self
    }

    /// The entity tagger to use (default: [`Tagger::new`], the embedded lexicon).
    pub fn tagger(mut self, t: Tagger) -> Self {
        self.tagger = Some(Arc::new(t));
        self
    }

    /// The relation extractor to use (default: [`Extractor::new`], the embedded patterns).
    pub fn extractor(mut self, x: Extractor) -> Self {
        self.extractor = Some(Arc::new(x));
        self
    }

    /// A flag that, once raised (for example by a Ctrl-C handler), stops a run: no new
    /// documents start, those in flight are written, and the run returns
    /// [`ErrorKind::Interrupted`].
    pub fn cancel_flag(mut self, flag: Arc<AtomicBool>) -> Self {
        self.cancel = flag;
        self
    }

    /// Flush the output after every record (for streaming to a reader that waits on
    /// each line; default: no).
    pub fn flush_each_record(mut self, yes: bool) -> Self {
        self.flush_each = yes;
        self
    }

    /// Whether runs build a [`CorpusSummary`] (returned in [`RunStats::summary`];
    /// default: no). Each worker folds its records into a small summary of its own and
    /// drains it into the run's as it grows ([`CorpusSummary::drain_into`]); that is
    /// exact and order-free, so the summary is the same whatever the thread count.
    pub fn summary(mut self, yes: bool) -> Self {
        self.summary = yes;
        self
    }

    /// Evidence snippets the summary keeps per relation (default
    /// [`gleaner_report::DEFAULT_EVIDENCE_CAP`]); memory grows with it.
    pub fn evidence_cap(mut self, cap: usize) -> Self {
        self.evidence_cap = cap;
        self
    }

    /// The pipeline.
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let threads = if self.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            self.threads
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("gleaner-{i}"))
            .build()
            .map_err(|e| PipelineError::new(ErrorKind::ThreadPool(e.to_string())))?;
        let exclude = self
            .exclude
            .iter()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
            .collect();
        Ok(Pipeline {
            threads,
            pool,
            tokens: self.tokens,
            text: self.text,
            extensions: self.extensions,
            follow_links: self.follow_links,
            max_document_bytes: self.max_document_bytes,
            exclude,
            tokenizer: self.tokenizer,
            tagger: self.tagger.unwrap_or_else(|| Arc::new(Tagger::new())),
            extractor: self.extractor.unwrap_or_else(|| Arc::new(Extractor::new())),
            cancel: self.cancel,
            flush_each: self.flush_each,
            summary: self.summary,
            evidence_cap: self.evidence_cap,
        })
    }
}

/// The configured stages and how to run them over a corpus. `Send + Sync`.
pub struct Pipeline {
    threads: usize,
    pool: rayon::ThreadPool,
    tokens: bool,
    text: bool,
    extensions: Vec<String>,
    follow_links: bool,
    max_document_bytes: u64,
    exclude: Vec<PathBuf>,
    tokenizer: Tokenizer,
    tagger: Arc<Tagger>,
    extractor: Arc<Extractor>,
    cancel: Arc<AtomicBool>,
    flush_each: bool,
    summary: bool,
    evidence_cap: usize,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("threads", &self.threads)
            .field("tokens", &self.tokens)
            .field("text", &self.text)
            .field("extensions", &self.extensions)
            .finish_non_exhaustive()
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    /// Records written (one per input document).
    pub documents: u64,
    /// Records that carry an `error`.
    pub failed: u64,
    /// Records that carry warnings.
    pub warned: u64,
    /// Bytes of input read.
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The corpus summary, when the pipeline was built with
    /// [`PipelineBuilder::summary`] (set when the run completes).
    pub summary: Option<CorpusSummary>,
}

impl RunStats {
    /// Input megabytes (10^6 bytes) per second of wall-clock time.
    pub fn mb_per_s(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.bytes as f64 / 1e6 / s
        } else {
            0.0
        }
    }
}

/// One file of the corpus, or a walk error standing in for one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The id: path relative to the corpus root, `/`-separated.
    pub id: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Set when the walk could not look at this entry.
    pub walk_error: Option<String>,
}

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    sentences: Vec<Span>,
    /// Tokens of the last document annotated (0 when it failed).
    last_tokens: usize,
    timings: StageTimings,
}

/// How many documents are in flight at once, per thread: bounds memory while keeping
/// every thread busy.
const WINDOW_PER_THREAD: usize = 32;

impl Pipeline {
    /// A builder with the defaults.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Annotates one text. Never fails: problems become the record's `error`.
    pub fn annotate(&self, id: &str, text: String, warnings: Vec<String>) -> Record {
        self.annotate_with(id, text, warnings, &mut Scratch::default())
    }

    fn annotate_with(
        &self,
        id: &str,
        text: String,
        warnings: Vec<String>,
        scratch: &mut Scratch,
    ) -> Record {
        scratch.last_tokens = 0;
        let result = catch_unwind(AssertUnwindSafe(|| {
            #[cfg(test)]
            if text.starts_with(tests::PANIC_MARK) {
                panic!("injected for a test");
            }
            let t0 = Instant::now();
            self.tokenizer.tokenize_into(&text, &mut scratch.tokens);
            self.tokenizer
                .sentences_into(&text, &scratch.tokens, &mut scratch.sentences);
            let title = headline(&text, &scratch.sentences).map(|s| text[s.range()].to_owned());
            let t1 = Instant::now();
            let entities = self.tagger.tag(&text, &scratch.tokens, &scratch.sentences);
            let t2 = Instant::now();
            let relations =
                self.extractor
                    .extract(&text, &scratch.tokens, &scratch.sentences, &entities);
            let t3 = Instant::now();
            scratch.timings.tokenize += (t1 - t0).as_secs_f64();
            scratch.timings.tag += (t2 - t1).as_secs_f64();
            scratch.timings.relate += (t3 - t2).as_secs_f64();
            (title, scratch.sentences.clone(), entities, relations)
        }));
        match result {
            Ok((title, sentences, entities, relations)) => {
                scratch.last_tokens = scratch.tokens.len();
                let mut rec = Record::new(id, String::new());
                rec.title = title;
                rec.sentences = sentences;
                rec.entities = entities;
                rec.relations = relations;
                if self.tokens {
                    rec.tokens = Some(scratch.tokens.iter().map(|t| t.span).collect());
                }
                rec.warnings = warnings;
                rec.text = self.text.then_some(text);
                rec
            }
            Err(panic) => {
                let msg = panic_message(&*panic);
                let mut rec = Record::failed(id, format!("internal error while processing: {msg}"));
                rec.warnings = warnings;
                rec
            }
        }
    }

    /// Reads, decodes and annotates one input.
    fn process(&self, input: Input, scratch: &mut Scratch) -> (Record, u64) {
        scratch.last_tokens = 0;
        let (id, path) = match input {
            Input::Failed { id, error } => return (Record::failed(&id, error), 0),
            Input::Text { id, text } => {
                let n = text.len() as u64;
                if n > self.max_document_bytes {
                    return (self.too_big(&id, n), n);
                }
                return (self.annotate_with(&id, text, Vec::new(), scratch), n);
            }
            Input::File { id, path } => (id, path),
        };
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return (Record::failed(&id, format!("cannot read: {e}")), 0),
        };
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            };
            return (Record::failed(&id, format!("cannot read: {what}")), 0);
        }
        if meta.len() > self.max_document_bytes {
            return (self.too_big(&id, meta.len()), meta.len());
        }
        let started = Instant::now();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => return (Record::failed(&id, format!("cannot read: {e}")), 0),
        };
        let n = bytes.len() as u64;
        if n > self.max_document_bytes {
            // The file grew after we looked at it.
            return (self.too_big(&id, n), n);
        }
        let decoded = decode(bytes);
        scratch.timings.read += started.elapsed().as_secs_f64();
        match decoded {
            Ok(d) => (self.annotate_with(&id, d.text, d.warnings, scratch), n),
            Err(e) => (Record::failed(&id, e), n),
        }
    }

    fn too_big(&self, id: &str, n: u64) -> Record {
        Record::failed(
            id,
            format!(
                "document is {n} bytes, over the maximum of {} bytes (see --max-doc-bytes)",
                self.max_document_bytes
            ),
        )
    }

    /// The documents of the corpus at `root`, in corpus order.
    pub fn walk<'a>(
        &'a self,
        root: &Path,
    ) -> Result<impl Iterator<Item = Source> + 'a, PipelineError> {
        let meta = std::fs::metadata(root).map_err(|e| {
            PipelineError::new(ErrorKind::Corpus(root.to_path_buf(), e.to_string()))
        })?;
        if !meta.is_dir() {
            return Err(PipelineError::new(ErrorKind::Corpus(
                root.to_path_buf(),
                "not a directory".to_owned(),
            )));
        }
        let root = root.to_path_buf();
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(self.follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || (e.file_type().is_dir() && self.is_excluded(e.path())))
            });
        Ok(walker.filter_map(move |entry| match entry {
            Ok(e) => {
                if e.file_type().is_dir() || e.path_is_symlink() && !self.follow_links {
                    return None;
                }
                if !self.wanted(e.path()) {
                    return None;
                }
                Some(Source {
                    id: rel_id(&root, e.path()),
                    path: e.path().to_path_buf(),
                    walk_error: None,
                })
            }
            Err(err) => {
                let path = err.path().map(Path::to_path_buf)?;
                if err.loop_ancestor().is_none() && !self.wanted(&path) {
                    return None;
                }
                Some(Source {
                    id: rel_id(&root, &path),
                    walk_error: Some(format!("cannot read: {err}")),
                    path,
                })
            }
        }))
    }

    fn is_excluded(&self, p: &Path) -> bool {
        !self.exclude.is_empty() && p.canonicalize().is_ok_and(|c| self.exclude.contains(&c))
    }

    fn wanted(&self, p: &Path) -> bool {
        self.extensions.is_empty()
            || p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// Processes the corpus at `root`, writing one JSON line per document to `out` in
    /// corpus order. `on_record` sees each record, in order, right after it is written,
    /// with the totals so far (for progress bars and corpus summaries).
    pub fn run<W: Write>(
        &self,
        root: &Path,
        out: &mut W,
        on_record: impl FnMut(&Record, &RunStats),
    ) -> Result<RunStats, PipelineError> {
        let sources = self.walk(root)?;
        self.run_inputs(sources.map(Input::from), out, on_record)
    }

    /// Processes `inputs` (files, texts, or failures to record), writing one JSON line
    /// per input to `out` in input order, as soon as each is complete and all before it
    /// are written. Memory is bounded: at most `threads * 32` documents are in flight.
    ///
    /// Stops early with [`ErrorKind::Interrupted`] when the cancel flag (see
    /// [`PipelineBuilder::cancel_flag`]) is raised; what was written is complete lines.
    pub fn run_inputs<W, I>(
        &self,
        inputs: I,
        out: &mut W,
        mut on_record: impl FnMut(&Record, &RunStats),
    ) -> Result<RunStats, PipelineError>
    where
        W: Write,
        I: Iterator<Item = Input> + Send,
    {
        let started = Instant::now();
        let mut stats = RunStats::default();
        let window = self.threads * WINDOW_PER_THREAD;
        // A bounded channel of credits is the window: the feeder takes one per input,
        // the writer returns one per record written.
        let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(window);
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Input)>(self.threads);
        let job_rx = Mutex::new(job_rx);
        let (done_tx, done_rx) = mpsc::channel::<(u64, Done)>();
        let cancel = &self.cancel;
        let whole = Mutex::new(self.new_summary());
        let mut write_s = 0.0;
        let write_result = std::thread::scope(|scope| {
            scope.spawn(move || {
                for (seq, input) in (0u64..).zip(inputs) {
                    if cancel.load(Ordering::Relaxed)
                        || credit_tx.send(()).is_err()
                        || job_tx.send((seq, input)).is_err()
                    {
                        break;
                    }
                }
            });
            // Workers run on the pool; this thread writes.
            self.pool.in_place_scope(|pool| {
                let job_rx = &job_rx;
                let whole = &whole;
                for _ in 0..self.threads {
                    let done_tx = done_tx.clone();
                    pool.spawn(move |_| self.work(job_rx, &done_tx, whole));
                }
                drop(done_tx);
                let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
                let mut next = 0u64;
                let mut write = || -> Result<(), PipelineError> {
                    for (seq, done) in &done_rx {
                        pending.insert(seq, done);
                        while let Some(done) = pending.remove(&next) {
                            let t0 = Instant::now();
                            out.write_all(&done.line)
                                .map_err(|e| PipelineError::new(ErrorKind::Write(e)))?;
                            if self.flush_each {
                                out.flush()
                                    .map_err(|e| PipelineError::new(ErrorKind::Write(e)))?;
                            }
                            write_s += t0.elapsed().as_secs_f64();
                            next += 1;
                            stats.documents += 1;
                            stats.bytes += done.bytes;
                            stats.failed += u64::from(done.record.error.is_some());
                            stats.warned += u64::from(!done.record.warnings.is_empty());
                            stats.elapsed = started.elapsed();
                            on_record(&done.record, &stats);
                            let _ = credit_rx.try_recv();
                        }
                    }
                    Ok(())
                };
                let result = write();
                // After a write error, closing these stops the feeder; workers then
                // skip what is left and finish when the job channel closes.
                drop(done_rx);
                drop(credit_rx);
                result
            })
        });
        write_result?;
        let t0 = Instant::now();
        out.flush()
            .map_err(|e| PipelineError::new(ErrorKind::Write(e)))?;
        write_s += t0.elapsed().as_secs_f64();
        if self.cancel.load(Ordering::Relaxed) {
            stats.elapsed = started.elapsed();
            return Err(PipelineError::new(ErrorKind::Interrupted(Box::new(stats))));
        }
        if self.summary {
            // A poisoned lock still holds every merged part.
            let mut whole = whole.into_inner().unwrap_or_else(|p| p.into_inner());
            whole.timings.write += write_s;
            stats.summary = Some(whole);
        }
        stats.elapsed = started.elapsed();
        Ok(stats)
    }

    fn new_summary(&self) -> CorpusSummary {
        CorpusSummary::new().with_evidence_cap(self.evidence_cap)
    }

    /// One worker: takes inputs until there are none, sends each finished record.
    /// When summaries are on, it folds its records into a small summary of its own and
    /// empties that into `whole` whenever it holds [`LOCAL_SUMMARY_ENTRIES`] new entries.
    fn work(
        &self,
        jobs: &Mutex<mpsc::Receiver<(u64, Input)>>,
        done: &mpsc::Sender<(u64, Done)>,
        whole: &Mutex<CorpusSummary>,
    ) {
        let mut scratch = Scratch::default();
        let mut summary = self.summary.then(|| self.new_summary());
        let mut writer_gone = false;
        loop {
            // A poisoned lock only means another worker panicked outside catch_unwind;
            // the receiver itself is still sound.
            let job = match jobs.lock() {
                Ok(rx) => rx.recv(),
                Err(poisoned) => poisoned.into_inner().recv(),
            };
            let Ok((seq, input)) = job else { break };
            if writer_gone {
                continue;
            }
            let id = input.id().to_owned();
            let (record, bytes) =
                catch_unwind(AssertUnwindSafe(|| self.process(input, &mut scratch)))
                    .unwrap_or_else(|panic| {
                        scratch = Scratch {
                            timings: scratch.timings.clone(),
                            ..Scratch::default()
                        };
                        (
                            Record::failed(
                                &id,
                                format!(
                                    "internal error while processing: {}",
                                    panic_message(&*panic)
                                ),
                            ),
                            0,
                        )
                    });
            // PERF: a line is about three times its text (offsets, entity texts), so
            // it is allocated once instead of doubling its way there.
            let text_len = record.text.as_ref().map_or(0, String::len);
            let mut line = Vec::with_capacity(256 + 3 * text_len);
            let record = match record.write_json_line(&mut line) {
                Ok(()) => record,
                Err(e) => {
                    line.clear();
                    let failed = Record::failed(&id, format!("cannot serialise: {e}"));
                    // A record of two strings always serialises.
                    let _ = failed.write_json_line(&mut line);
                    failed
                }
            };
            if let Some(summary) = summary.as_mut() {
                let started = Instant::now();
                // Only a record of another schema is refused, and ours are current.
                let added = summary.add_record_with_token_count(&record, scratch.last_tokens);
                debug_assert!(added.is_ok());
                if summary.pending() >= LOCAL_SUMMARY_ENTRIES {
                    // PERF: a worker that finds the run's summary busy folds on and
                    // tries again after its next document, up to a hard bound.
                    match whole.try_lock() {
                        Ok(mut w) => drain_into(&mut w, summary),
                        Err(TryLockError::WouldBlock)
                            if summary.pending() < 4 * LOCAL_SUMMARY_ENTRIES => {}
                        Err(_) => drain_into(&mut lock(whole), summary),
                    }
                }
                scratch.timings.report += started.elapsed().as_secs_f64();
            }
            // The writer is gone only after a write error; keep draining the jobs,
            // unprocessed, so the feeder is never left blocked.
            writer_gone = done
                .send((
                    seq,
                    Done {
                        record,
                        line,
                        bytes,
                    },
                ))
                .is_err();
        }
        if let Some(mut s) = summary {
            s.timings.read += scratch.timings.read;
            s.timings.tokenize += scratch.timings.tokenize;
            s.timings.tag += scratch.timings.tag;
            s.timings.relate += scratch.timings.relate;
            s.timings.report += scratch.timings.report;
            drain_into(&mut lock(whole), &mut s);
        }
    }
}

/// The run's summary. A poisoned lock only means a worker panicked outside
/// catch_unwind; the summary is whole, since draining does not panic part-way.
fn lock(whole: &Mutex<CorpusSummary>) -> MutexGuard<'_, CorpusSummary> {
    whole.lock().unwrap_or_else(|p| p.into_inner())
}

/// Empties a worker's summary into the run's. Exact and order-free, so thread count
/// and scheduling do not change the result; the worker's summary keeps its names and
/// what it learnt of the run's evidence, so its next records fold faster.
fn drain_into(whole: &mut CorpusSummary, part: &mut CorpusSummary) {
    // Only a summary of another schema is refused, and both are ours.
    let drained = part.drain_into(whole);
    debug_assert!(drained.is_ok());
}

/// A worker's own summary is merged into the run's when its maps hold this many
/// entries: workers rarely wait on the lock, and the run holds one large summary, not
/// one per thread (peak RSS on the 1 GB corpus, `scripts/scale.sh`).
#[cfg(not(test))]
const LOCAL_SUMMARY_ENTRIES: usize = 1 << 13;
/// Tiny in unit tests, so runs of a few documents merge often and contend.
#[cfg(test)]
const LOCAL_SUMMARY_ENTRIES: usize = 4;

/// A finished document: its record and the record's JSON line.
struct Done {
    record: Record,
    line: Vec<u8>,
    bytes: u64,
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// One document to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file to read and decode.
    File {
        /// The record id.
        id: String,
        /// Where to read it.
        path: PathBuf,
    },
    /// A text already in memory.
    Text {
        /// The record id.
        id: String,
        /// The text.
        text: String,
    },
    /// An input that could not be had; it becomes an error record.
    Failed {
        /// The record id.
        id: String,
        /// Why.
        error: String,
    },
}

impl Input {
    /// The record id.
    pub fn id(&self) -> &str {
        match self {
            Input::File { id, .. } | Input::Text { id, .. } | Input::Failed { id, .. } => id,
        }
    }
}

impl From<Source> for Input {
    fn from(s: Source) -> Input {
        match s.walk_error {
            Some(error) => Input::Failed { id: s.id, error },
            None => Input::File {
                id: s.id,
                path: s.path,
            },
        }
    }
}

fn rel_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// A failure that stops a whole run.
#[derive(Debug)]
pub struct PipelineError {
    // Boxed: an interrupted run carries its totals, and errors should stay small.
    kind: Box<ErrorKind>,
}

/// What stopped the run.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The corpus root is missing or not a directory.
    Corpus(PathBuf, String),
    /// Writing records failed.
    Write(io::Error),
    /// The worker threads could not be started.
    ThreadPool(String),
    /// The cancel flag was raised; the totals say what was written before stopping.
    Interrupted(Box<RunStats>),
}

impl PipelineError {
    fn new(kind: ErrorKind) -> Self {
        PipelineError {
            kind: Box::new(kind),
        }
    }

    /// What stopped the run.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Corpus(p, e) => write!(f, "cannot read corpus {}: {e}", p.display()),
            ErrorKind::Write(e) => write!(f, "cannot write records: {e}"),
            ErrorKind::ThreadPool(e) => write!(f, "cannot start worker threads: {e}"),
            ErrorKind::Interrupted(s) => {
                write!(f, "interrupted after {} documents", s.documents)
            }
        }
    }
}

impl std::error::Error for PipelineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Write(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A document starting with this panics inside the stages (test builds only).
    pub(crate) const PANIC_MARK: &str = "<<gleaner test: panic here>>";

    fn records(buf: &[u8]) -> Vec<Record> {
        std::str::from_utf8(buf)
            .unwrap()
            .lines()
            .map(|l| Record::from_json_line(l).unwrap())
            .collect()
    }

    #[test]
    fn a_panic_becomes_that_documents_error() {
        let d = tempfile::tempdir().unwrap();
        for i in 0..20 {
            let body = if i == 7 {
                format!("{PANIC_MARK} Baku.")
            } else {
                format!("Doc {i} about Baku.")
            };
            fs::write(d.path().join(format!("{i:02}.txt")), body).unwrap();
        }
        let p = Pipeline::builder().threads(2).build().unwrap();
        let mut buf = Vec::new();
        let stats = p.run(d.path(), &mut buf, |_, _| {}).unwrap();
        let recs = records(&buf);
        assert_eq!((stats.documents, stats.failed, recs.len()), (20, 1, 20));
        assert_eq!(recs[7].id, "07.txt");
        let err = recs[7].error.as_deref().unwrap();
        assert!(
            err.contains("internal error") && err.contains("injected"),
            "{err}"
        );
        assert!(
            recs.iter()
                .enumerate()
                .all(|(i, r)| (i == 7) == r.error.is_some())
        );
    }

    #[test]
    fn a_file_removed_after_the_walk_is_an_error_record() {
        let d = tempfile::tempdir().unwrap();
        for f in ["a.txt", "b.txt", "c.txt"] {
            fs::write(d.path().join(f), "Text.").unwrap();
        }
        let p = Pipeline::builder().build().unwrap();
        let inputs: Vec<Input> = p.walk(d.path()).unwrap().map(Input::from).collect();
        fs::remove_file(d.path().join("b.txt")).unwrap();
        let mut buf = Vec::new();
        let stats = p
            .run_inputs(inputs.into_iter(), &mut buf, |_, _| {})
            .unwrap();
        let recs = records(&buf);
        assert_eq!((stats.documents, stats.failed), (3, 1));
        assert!(recs[1].error.as_deref().unwrap().contains("cannot read"));
    }

    #[test]
    fn texts_and_failures_keep_input_order() {
        let p = Pipeline::builder().threads(3).build().unwrap();
        let inputs = (0..100).map(|i| {
            if i % 10 == 3 {
                Input::Failed {
                    id: format!("t{i}"),
                    error: "line 4: not JSON".to_owned(),
                }
            } else {
                Input::Text {
                    id: format!("t{i}"),
                    text: "Putin visited Baku. ".repeat(i % 7 + 1),
                }
            }
        });
        let mut seen = Vec::new();
        let mut buf = Vec::new();
        let stats = p
            .run_inputs(inputs, &mut buf, |r, s| {
                seen.push((r.id.clone(), s.documents))
            })
            .unwrap();
        assert_eq!((stats.documents, stats.failed), (100, 10));
        let ids: Vec<String> = records(&buf).into_iter().map(|r| r.id).collect();
        let want: Vec<String> = (0..100).map(|i| format!("t{i}")).collect();
        assert_eq!(ids, want);
        let counts: Vec<u64> = seen.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, (1..=100).collect::<Vec<u64>>());
    }

    #[test]
    fn cancel_stops_with_complete_lines() {
        let flag = Arc::new(AtomicBool::new(false));
        let p = Pipeline::builder()
            .threads(2)
            .cancel_flag(flag.clone())
            .build()
            .unwrap();
        let inputs = (0..10_000).map(|i| Input::Text {
            id: format!("t{i}"),
            text: "A short text.".to_owned(),
        });
        let mut buf = Vec::new();
        let err = p
            .run_inputs(inputs, &mut buf, |_, s| {
                if s.documents == 50 {
                    flag.store(true, Ordering::Relaxed);
                }
            })
            .unwrap_err();
        let ErrorKind::Interrupted(stats) = err.kind() else {
            panic!("{err}")
        };
        let recs = records(&buf);
        assert_eq!(recs.len() as u64, stats.documents);
        assert!(
            stats.documents >= 50 && stats.documents < 10_000,
            "{stats:?}"
        );
    }

    /// Accepts `room` bytes, then fails like a full disk.
    struct FullDisk {
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            if b.len() > self.room {
                return Err(io::Error::other("no space left on device"));
            }
            self.room -= b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_stops_the_run_without_hanging() {
        let p = Pipeline::builder().threads(2).build().unwrap();
        let inputs = (0..5_000).map(|i| Input::Text {
            id: format!("t{i}"),
            text: "Putin visited Baku.".to_owned(),
        });
        let err = p
            .run_inputs(inputs, &mut FullDisk { room: 10_000 }, |_, _| {})
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Write(_)));
        assert!(err.to_string().contains("no space"), "{err}");
    }

    fn ids(p: &Pipeline, root: &Path) -> Vec<String> {
        p.walk(root).unwrap().map(|s| s.id).collect()
    }

    #[test]
    fn corpus_order_is_component_wise() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("a")).unwrap();
        fs::create_dir_all(d.path().join(".hidden")).unwrap();
        for f in [
            "a/x.txt",
            "a-b.txt",
            "b.txt",
            "a/A.txt",
            ".hidden/h.txt",
            ".dot.txt",
            "c.md",
        ] {
            fs::write(d.path().join(f), "x").unwrap();
        }
        let p = Pipeline::builder().build().unwrap();
        assert_eq!(
            ids(&p, d.path()),
            ["a/A.txt", "a/x.txt", "a-b.txt", "b.txt"]
        );
        let p = Pipeline::builder()
            .extensions(["md", "txt"])
            .build()
            .unwrap();
        assert_eq!(ids(&p, d.path()).len(), 5);
    }

    #[test]
    fn missing_corpus_is_an_error() {
        let p = Pipeline::builder().build().unwrap();
        let e = p
            .run(Path::new("/no/such/corpus"), &mut Vec::new(), |_, _| {})
            .unwrap_err();
        assert!(e.to_string().contains("/no/such/corpus"), "{e}");
    }

    #[test]
    fn same_output_for_any_thread_count() {
        let d = tempfile::tempdir().unwrap();
        for i in 0..150 {
            let body =
                format!("Doc {i}\nThe U.S. envoy met Mr. Smith in Baku on day {i}. He left.");
            fs::write(d.path().join(format!("{:03}.txt", 149 - i)), body).unwrap();
        }
        let mut outs = Vec::new();
        for t in [1, 2, 8] {
            let p = Pipeline::builder().threads(t).tokens(true).build().unwrap();
            let mut buf = Vec::new();
            let stats = p.run(d.path(), &mut buf, |_, _| {}).unwrap();
            assert_eq!(stats.documents, 150);
            outs.push(buf);
        }
        assert_eq!(outs[0], outs[1]);
        assert_eq!(outs[0], outs[2]);
    }

    #[test]
    fn summary_is_the_sequential_fold_for_any_thread_count() {
        let names = [
            "Ilham Aliyev",
            "Vladimir Putin",
            "Nikol Pashinyan",
            "Olaf Scholz",
        ];
        let places = ["Baku", "Moscow", "Yerevan", "Berlin", "Paris"];
        let inputs = || {
            (0..120).map(move |i| Input::Text {
                id: format!("d{i:03}"),
                text: format!(
                    "{} met {} in {} on Monday. Russian President {} visited {}.",
                    names[i % 4],
                    names[(i / 4) % 4],
                    places[i % 5],
                    names[(i + 1) % 4],
                    places[(i / 3) % 5],
                ),
            })
        };
        let mut want = CorpusSummary::new().with_evidence_cap(2);
        let p = Pipeline::builder().threads(1).build().unwrap();
        let mut buf = Vec::new();
        p.run_inputs(inputs(), &mut buf, |_, _| {}).unwrap();
        for r in records(&buf) {
            let tokens = r.tokens.as_ref().map_or(0, Vec::len);
            want.add_record_with_token_count(&r, tokens).unwrap();
        }
        assert!(want.relations().count() > 4, "the texts state relations");
        for t in [1, 2, 3, 8] {
            let p = Pipeline::builder()
                .threads(t)
                .summary(true)
                .evidence_cap(2)
                .build()
                .unwrap();
            let stats = p.run_inputs(inputs(), &mut Vec::new(), |_, _| {}).unwrap();
            let mut got = stats.summary.unwrap();
            got.timings = want.timings.clone();
            got.totals.tokens = want.totals.tokens;
            assert!(got == want, "summary with {t} threads");
        }
    }

    #[test]
    fn bad_documents_get_error_records() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("bin.txt"), b"\x00\x01\x02").unwrap();
        fs::create_dir(d.path().join("dir.txt")).unwrap();
        fs::write(d.path().join("ok.txt"), "Fine.").unwrap();
        fs::write(d.path().join("big.txt"), "x".repeat(100)).unwrap();
        let p = Pipeline::builder().max_document_bytes(50).build().unwrap();
        let mut buf = Vec::new();
        let stats = p.run(d.path(), &mut buf, |_, _| {}).unwrap();
        let recs: Vec<Record> = std::str::from_utf8(&buf)
            .unwrap()
            .lines()
            .map(|l| Record::from_json_line(l).unwrap())
            .collect();
        let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["big.txt", "bin.txt", "ok.txt"]);
        assert_eq!(stats.documents, 3);
        assert_eq!(stats.failed, 2);
        assert!(recs[0].error.as_deref().unwrap().contains("maximum"));
        assert!(recs[1].error.as_deref().unwrap().contains("binary"));
        assert!(recs[2].error.is_none());
    }
}
