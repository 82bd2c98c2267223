//! The `gleaner` command line: parse arguments, call the pipeline, report.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use gleaner_pipeline::{Pipeline, RunStats};
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

mod report_cmd;

/// Exit code when every document was processed.
const EXIT_OK: u8 = 0;
/// Exit code when the run finished but some documents got an error record.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for usage, input or output errors that stop the run.
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "gleaner",
    version,
    about = "Fast information extraction from English text: sentences, tokens, entities, relations.",
    after_help = "Exit codes: 0 all documents processed; 1 some documents failed (each has an \
                  error record); 2 usage, input or output error."
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
    /// Rebuild the corpus reports (summary.json, report.md, CSVs, graph.dot, report.html) from records.
    Report(report_cmd::ReportArgs),
    /// Merge partial summary.json files and render the corpus-level reports.
    Merge(report_cmd::MergeArgs),
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
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Include token spans in each record.
    #[arg(long)]
    tokens: bool,
    /// Leave the document text out of records (for users who keep the corpus).
    #[arg(long)]
    no_text: bool,
    /// File extensions to read (repeatable; default: txt).
    #[arg(long = "ext", value_name = "EXT")]
    extensions: Vec<String>,
    /// Follow symbolic links while walking the corpus.
    #[arg(long)]
    follow_links: bool,
    /// Largest document to read, in bytes; larger ones get an error record.
    #[arg(long, value_name = "BYTES", default_value_t = gleaner_pipeline::DEFAULT_MAX_DOCUMENT_BYTES)]
    max_doc_bytes: u64,
    /// No summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    lexicon: LexiconArgs,
    #[command(flatten)]
    patterns: PatternArgs,
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

fn run(args: RunArgs) -> Result<u8> {
    if !args.corpus.is_dir() {
        if args.corpus.exists() {
            bail!("corpus {} is not a directory", args.corpus.display());
        }
        bail!("corpus {} does not exist", args.corpus.display());
    }
    let tagger = args.lexicon.tagger()?;
    let extractor = args.patterns.extractor()?;
    fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create output directory {}", args.output.display()))?;
    let mut builder = Pipeline::builder()
        .tagger(tagger)
        .extractor(extractor)
        .threads(args.threads.unwrap_or(0))
        .tokens(args.tokens)
        .text(!args.no_text)
        .follow_links(args.follow_links)
        .max_document_bytes(args.max_doc_bytes)
        .exclude(&args.output);
    if !args.extensions.is_empty() {
        builder = builder.extensions(args.extensions.iter().cloned());
    }
    let pipeline = builder.build()?;

    let final_path = args.output.join("documents.jsonl");
    let tmp_path = args.output.join(".documents.jsonl.partial");
    let file = fs::File::create(&tmp_path)
        .with_context(|| format!("cannot write to output directory {}", args.output.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let stats = pipeline.run(&args.corpus, &mut out, |_| {});
    let stats = match stats {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_file(&tmp_path);
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
        eprintln!("{}", summary_line(&stats, &final_path));
    }
    Ok(if stats.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn summary_line(s: &RunStats, out: &Path) -> String {
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
    line.push_str(&format!(" -> {}", out.display()));
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
