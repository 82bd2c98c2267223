//! The `gleaner` command line: parse arguments, call the pipeline, report.

mod report_cmd;
mod synth;

use std::fs;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use gleaner_pipeline::{ErrorKind, Input, Pipeline, PipelineBuilder, RunStats};
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Exit code when every document was processed.
const EXIT_OK: u8 = 0;
/// Exit code when the run finished but some documents got an error record.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for usage, input or output errors that stop the run.
const EXIT_ERROR: u8 = 2;
/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "gleaner",
    version,
    about = "Fast information extraction from English text: sentences, tokens, entities, relations.",
    after_help = "Exit codes: 0 all documents processed; 1 some documents failed (each has an \
                  error record); 2 usage, input or output error; 130 interrupted (Ctrl-C)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process a corpus directory and write OUT/documents.jsonl (one record per document).
    Run(RunArgs),
    /// Print the tokens and sentence breaks of one text, for inspection.
    Tokenize(InputArgs),
    /// Print the entities of one text, for inspection.
    Tag(TagArgs),
    /// Print the relations of one text (with their evidence and pattern), for inspection.
    Relate(RelateArgs),
    /// Annotate JSON Lines from standard input ({"id": ..., "text": ...} per line) and
    /// write one record per line to standard output, in order, as they complete.
    Annotate(AnnotateArgs),
    /// Rebuild the corpus reports (summary.json, report.md, CSVs, graph.dot, report.html) from records.
    Report(report_cmd::ReportArgs),
    /// Merge partial summary.json files and render the corpus-level reports.
    Merge(report_cmd::MergeArgs),
    /// Write a deterministic news-like corpus of a given size, for scale tests.
    Synth(SynthArgs),
}

#[derive(Args)]
struct SynthArgs {
    /// Total size, e.g. 1GB, 200MB, 64KiB (decimal units are powers of 1000).
    #[arg(long, value_parser = synth::parse_size)]
    size: u64,
    /// Random seed; the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Output directory (must be missing or empty).
    #[arg(short, long)]
    output: PathBuf,
    /// No progress or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// Options shared by `run` and `annotate`.
#[derive(Args)]
struct StageArgs {
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Include token spans in each record.
    #[arg(long)]
    tokens: bool,
    /// Leave the document text out of records (for users who keep the corpus).
    #[arg(long)]
    no_text: bool,
    /// Largest document, in bytes; larger ones get an error record.
    #[arg(long, value_name = "BYTES", default_value_t = gleaner_pipeline::DEFAULT_MAX_DOCUMENT_BYTES)]
    max_doc_bytes: u64,
    #[command(flatten)]
    lexicon: LexiconArgs,
    #[command(flatten)]
    patterns: PatternArgs,
}

impl StageArgs {
    fn builder(&self) -> Result<PipelineBuilder> {
        Ok(Pipeline::builder()
            .tagger(self.lexicon.tagger()?)
            .extractor(self.patterns.extractor()?)
            .threads(self.threads.unwrap_or(0))
            .tokens(self.tokens)
            .text(!self.no_text)
            .max_document_bytes(self.max_doc_bytes))
    }
}

#[derive(Args)]
struct AnnotateArgs {
    /// No summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Args)]
struct PatternArgs {
    /// Extra relation patterns (see crates/relate/README.md for the syntax); repeatable.
    #[arg(long = "patterns", value_name = "FILE")]
    patterns: Vec<PathBuf>,
    /// Do not use the embedded default patterns.
    #[arg(long)]
    no_default_patterns: bool,
}

impl PatternArgs {
    fn extractor(&self) -> Result<Extractor> {
        let mut b = Extractor::builder().default_patterns(!self.no_default_patterns);
        for f in &self.patterns {
            b = b.patterns_file(f);
        }
        Ok(b.build()?)
    }
}

#[derive(Args)]
struct RelateArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    #[command(flatten)]
    patterns: PatternArgs,
    /// Print JSON (one relation object per line) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct LexiconArgs {
    /// Extra lexicon (TSV: phrase, label, optional canonical, optional country); repeatable.
    /// Its entries add to or override the default lexicon.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Do not use the embedded default lexicon.
    #[arg(long)]
    no_default_lexicon: bool,
}

impl LexiconArgs {
    fn tagger(&self) -> Result<Tagger> {
        let mut b = Tagger::builder().default_lexicon(!self.no_default_lexicon);
        for f in &self.lexicons {
            b = b.lexicon_file(f);
        }
        Ok(b.build()?)
    }
}

#[derive(Args)]
struct TagArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Print JSON (one entity object per line) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct RunArgs {
    /// The corpus directory (walked recursively; hidden entries skipped).
    corpus: PathBuf,
    /// Output directory.
    #[arg(short, long, default_value = "gleaner-out")]
    output: PathBuf,
    /// File extensions to read (repeatable; default: txt).
    #[arg(long = "ext", value_name = "EXT")]
    extensions: Vec<String>,
    /// Follow symbolic links while walking the corpus.
    #[arg(long)]
    follow_links: bool,
    /// No progress bar or summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Documents whose full text report.html shows (the first ones; tables cover all).
    #[arg(long, value_name = "N", default_value_t = gleaner_report::DEFAULT_HTML_DOCS)]
    html_docs: usize,
    /// Write only documents.jsonl, not the corpus report.
    #[arg(long)]
    no_report: bool,
    /// Evidence sentences the report keeps per relation (memory grows with it).
    #[arg(long, value_name = "N", default_value_t = gleaner_report::DEFAULT_EVIDENCE_CAP)]
    evidence: usize,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Args)]
struct InputArgs {
    /// A text file, or `-` (the default) for standard input.
    #[arg(default_value = "-")]
    file: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Tokenize(args) => tokenize(args),
        Command::Tag(args) => tag(args),
        Command::Relate(args) => relate(args),
        Command::Annotate(args) => annotate(args),
        Command::Synth(args) => synth(args),
        Command::Report(args) => report_cmd::report(args),
        Command::Merge(args) => report_cmd::merge(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(EXIT_OK);
            }
            eprintln!("gleaner: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A flag raised by the first Ctrl-C; a second one exits at once.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    // Without a handler (e.g. one is already installed) Ctrl-C just kills the process,
    // which the temporary output file makes safe anyway.
    let _ = ctrlc::set_handler(move || {
        if f.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
    flag
}

/// A progress bar on stderr when it is a terminal and not silenced.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn run(args: RunArgs) -> Result<u8> {
    if !args.corpus.is_dir() {
        if args.corpus.exists() {
            bail!("corpus {} is not a directory", args.corpus.display());
        }
        bail!("corpus {} does not exist", args.corpus.display());
    }
    let cancel = interrupt_flag();
    let mut builder = args
        .stages
        .builder()?
        .follow_links(args.follow_links)
        .exclude(&args.output)
        .summary(!args.no_report)
        .evidence_cap(args.evidence)
        .cancel_flag(cancel.clone());
    if !args.extensions.is_empty() {
        builder = builder.extensions(args.extensions.iter().cloned());
    }
    if args.output.exists() && !args.output.is_dir() {
        bail!(
            "cannot write to output directory {}: it exists and is not a directory",
            args.output.display()
        );
    }
    fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create output directory {}", args.output.display()))?;
    // Excluding the output needs it to exist, so build after creating it.
    let pipeline = builder.build()?;

    let final_path = args.output.join("documents.jsonl");
    let tmp_path = args.output.join(".documents.jsonl.partial");
    let file = fs::File::create(&tmp_path)
        .with_context(|| format!("cannot write to output directory {}", args.output.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let bar = progress_bar(args.quiet);
    let mut html_docs =
        gleaner_report::HtmlDocs::new(if args.no_report { 0 } else { args.html_docs });
    let stats = std::thread::scope(|scope| {
        if !bar.is_hidden() {
            // Count the corpus in the background so the bar can show an ETA.
            let (bar, pipeline, corpus) = (&bar, &pipeline, &args.corpus);
            scope.spawn(move || {
                if let Ok(walk) = pipeline.walk(corpus) {
                    let total: u64 = walk
                        .filter_map(|s| fs::metadata(&s.path).ok())
                        .map(|m| m.len())
                        .sum();
                    bar.set_length(total);
                }
            });
        }
        pipeline.run(&args.corpus, &mut out, |rec, s| {
            html_docs.offer(rec);
            if s.documents % 16 == 0 {
                bar.set_position(s.bytes);
                bar.set_message(format!("{} docs", s.documents));
            }
        })
    });
    bar.finish_and_clear();
    let stats = match stats {
        Ok(s) => s,
        Err(e) => {
            drop(out);
            let _ = fs::remove_file(&tmp_path);
            if let ErrorKind::Interrupted(s) = e.kind() {
                eprintln!(
                    "gleaner: interrupted after {} documents; {} was not written",
                    s.documents,
                    final_path.display()
                );
                return Ok(EXIT_INTERRUPTED);
            }
            return Err(e.into());
        }
    };
    let file = out
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("cannot write {}", tmp_path.display()))?;
    file.sync_all().ok();
    fs::rename(&tmp_path, &final_path)
        .with_context(|| format!("cannot write {}", final_path.display()))?;
    if !args.quiet {
        eprintln!(
            "{}",
            summary_line(&stats, &final_path.display().to_string())
        );
    }
    if let Some(summary) = &stats.summary {
        let mut options = gleaner_report::RenderOptions::default();
        options.threads = pipeline.threads();
        let written = gleaner_report::write_reports(&args.output, summary, &html_docs, &options)
            .with_context(|| format!("cannot write the report into {}", args.output.display()))?;
        if !args.quiet {
            eprintln!(
                "gleaner: report: {} entities, {} relations -> {} files in {} (open report.html)",
                summary.totals.entities,
                summary.totals.relations,
                written.files.len(),
                args.output.display()
            );
        }
    }
    Ok(exit_code(&stats))
}

fn exit_code(stats: &RunStats) -> u8 {
    if stats.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// One line of `annotate`'s input.
#[derive(serde::Deserialize)]
struct AnnotateLine {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
}

/// Turns one input line into an input; `n` is the 1-based line number.
fn annotate_input(n: u64, line: &[u8]) -> Input {
    let fallback = format!("line-{n}");
    let line = match std::str::from_utf8(line) {
        Ok(l) => l,
        Err(e) => {
            return Input::Failed {
                id: fallback,
                error: format!("line {n}: not UTF-8: {e}"),
            };
        }
    };
    match serde_json::from_str::<AnnotateLine>(line) {
        Ok(AnnotateLine { id, text }) => {
            let id = match id {
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Number(x)) => x.to_string(),
                None => fallback,
                Some(other) => {
                    return Input::Failed {
                        id: fallback,
                        error: format!("line {n}: id must be a string or number, not {other}"),
                    };
                }
            };
            Input::Text { id, text }
        }
        Err(e) => {
            // Keep the caller's id when the line is JSON with an id but lacks a text.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| match v.get("id") {
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(serde_json::Value::Number(x)) => Some(x.to_string()),
                    _ => None,
                })
                .unwrap_or(fallback);
            Input::Failed {
                id,
                error: format!("line {n}: malformed input: {e}"),
            }
        }
    }
}

/// Lines of a reader as inputs; blank lines are skipped, a read error ends the input
/// after one error record saying so.
struct LineInputs<R> {
    reader: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for LineInputs<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let line = self.buf.trim_ascii();
                    if !line.is_empty() {
                        return Some(annotate_input(self.line, line));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Input::Failed {
                        id: format!("line-{}", self.line),
                        error: format!("line {}: cannot read standard input: {e}", self.line),
                    });
                }
            }
        }
        None
    }
}

fn annotate(args: AnnotateArgs) -> Result<u8> {
    let cancel = interrupt_flag();
    let pipeline = args
        .stages
        .builder()?
        .flush_each_record(true)
        .cancel_flag(cancel)
        .build()?;
    let inputs = LineInputs {
        reader: io::BufReader::new(io::stdin()),
        line: 0,
        buf: Vec::new(),
        done: false,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let stats = match pipeline.run_inputs(inputs, &mut out, |_, _| {}) {
        Ok(s) => s,
        Err(e) => {
            if let ErrorKind::Interrupted(s) = e.kind() {
                eprintln!("gleaner: interrupted after {} records", s.documents);
                return Ok(EXIT_INTERRUPTED);
            }
            return Err(e.into());
        }
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&stats, "standard output"));
    }
    Ok(exit_code(&stats))
}

fn synth(args: SynthArgs) -> Result<u8> {
    let bar = progress_bar(args.quiet);
    bar.set_length(args.size);
    let started = std::time::Instant::now();
    let written = synth::Synth::new()
        .write(&args.output, args.size, args.seed, |n| bar.set_position(n))
        .with_context(|| format!("cannot write corpus to {}", args.output.display()))?;
    bar.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "gleaner: wrote {} documents, {} bytes, seed {}, {:.1} s -> {}",
            written.documents,
            written.bytes,
            args.seed,
            started.elapsed().as_secs_f64(),
            args.output.display()
        );
    }
    Ok(EXIT_OK)
}

fn summary_line(s: &RunStats, out: &str) -> String {
    let mut line = format!(
        "gleaner: {} documents, {} bytes, {:.2} s, {:.1} MB/s",
        s.documents,
        s.bytes,
        s.elapsed.as_secs_f64(),
        s.mb_per_s()
    );
    if s.failed > 0 {
        line.push_str(&format!(", {} failed", s.failed));
    }
    if s.warned > 0 {
        line.push_str(&format!(", {} with warnings", s.warned));
    }
    line.push_str(&format!(" -> {out}"));
    line
}

fn read_input(file: &str) -> Result<String> {
    let bytes = if file == "-" {
        let mut b = Vec::new();
        if io::stdin().is_terminal() {
            eprintln!("gleaner: reading text from standard input (end with Ctrl-D)");
        }
        io::stdin()
            .read_to_end(&mut b)
            .context("cannot read standard input")?;
        b
    } else {
        fs::read(file).with_context(|| format!("cannot read {file}"))?
    };
    let decoded = gleaner_pipeline::decode(bytes).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    for w in &decoded.warnings {
        eprintln!("gleaner: warning: {file}: {w}");
    }
    Ok(decoded.text)
}

fn tokenize(args: InputArgs) -> Result<u8> {
    let text = read_input(&args.file)?;
    let a = Tokenizer::new().analyze(&text);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sent = a.sentences.iter().peekable();
    for t in &a.tokens {
        while sent.peek().is_some_and(|s| s.end <= t.span.start) {
            sent.next();
        }
        if sent.peek().is_some_and(|s| s.start == t.span.start) {
            let s = sent.peek().map_or(t.span, |s| **s);
            writeln!(out, "# sentence {}..{}", s.start, s.end)?;
        }
        writeln!(
            out,
            "{}\t{}\t{:?}\t{}",
            t.span.start,
            t.span.end,
            t.kind,
            &text[t.span.range()]
        )?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn tag(args: TagArgs) -> Result<u8> {
    let tagger = args.lexicon.tagger()?;
    let text = read_input(&args.input.file)?;
    let a = Tokenizer::new().analyze(&text);
    let ents = tagger.tag(&text, &a.tokens, &a.sentences);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for e in &ents {
        if args.json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            write!(out, "{}\t{}\t{}\t{}", e.start, e.end, e.label, e.text)?;
            if let Some(c) = &e.canonical {
                write!(out, "\t-> {c}")?;
            }
            if let Some(c) = &e.country {
                write!(out, "\t(country: {c})")?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn relate(args: RelateArgs) -> Result<u8> {
    let tagger = args.lexicon.tagger()?;
    let extractor = args.patterns.extractor()?;
    let text = read_input(&args.input.file)?;
    let a = Tokenizer::new().analyze(&text);
    let ents = tagger.tag(&text, &a.tokens, &a.sentences);
    let rels = extractor.extract(&text, &a.tokens, &a.sentences, &ents);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for r in &rels {
        if args.json {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
            continue;
        }
        let (h, t) = (&ents[r.head.0 as usize], &ents[r.tail.0 as usize]);
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{:.2}\t{}",
            h.name(),
            r.label,
            t.country.as_deref().unwrap_or(t.name()),
            r.trigger.as_deref().unwrap_or("-"),
            r.confidence,
            r.pattern
        )?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
