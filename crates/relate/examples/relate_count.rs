//! Relation extraction alone over a corpus, for instruction counts.
//!
//! ```text
//! cargo build --release -p gleaner-relate --example relate_count
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     --toggle-collect='gleaner_relate::Extractor::extract' \
//!     target/release/examples/relate_count [DIR] [MIN_BYTES]
//! callgrind_annotate --inclusive=yes /tmp/cg.out | head -30
//! ```
//!
//! Without DIR (or with `-`), the committed corpus repeated to MIN_BYTES (default 2 MB)
//! as one document, like `benches/relate.rs`; with DIR, every `.txt` file under it
//! (recursively) as one document. Tokens and entities are computed first, so with
//! `--toggle-collect` only `extract` is counted. Prints the number of relations and a
//! checksum of them (to see that a change keeps the output).
//!
//! With `REPEAT=N`, also runs the extraction N more times and prints its throughput
//! from the thread's CPU time (`/proc/thread-self/schedstat`; wall time elsewhere): on
//! a shared machine, two builds run in turn compare better this way than by wall time.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().filter(|d| d != "-");
    let min: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(2_000_000);
    let mut texts = Vec::new();
    match dir {
        Some(d) => {
            let mut names = Vec::new();
            walk(Path::new(&d), &mut names)?;
            names.sort();
            for p in names {
                texts.push(std::fs::read_to_string(p)?);
            }
        }
        None => {
            let mut names = Vec::new();
            walk(
                Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus")),
                &mut names,
            )?;
            names.sort();
            let mut one = String::new();
            for p in names {
                one.push_str(&std::fs::read_to_string(p)?);
                one.push_str("\n\n");
            }
            let mut text = String::new();
            while text.len() < min {
                text.push_str(&one);
            }
            texts.push(text);
        }
    }
    let (tok, tagger, ex) = (Tokenizer::new(), Tagger::new(), Extractor::new());
    let docs: Vec<_> = texts
        .iter()
        .map(|t| {
            let a = tok.analyze(t);
            let e = tagger.tag(t, &a.tokens, &a.sentences);
            (a, e)
        })
        .collect();
    let (mut n, mut h) = (0usize, DefaultHasher::new());
    for (t, (a, e)) in texts.iter().zip(&docs) {
        let rels = ex.extract(t, &a.tokens, &a.sentences, e);
        n += rels.len();
        format!("{rels:?}").hash(&mut h);
    }
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(0);
    if repeat > 0 {
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut per_run = Vec::new();
        for _ in 0..repeat {
            let t = cpu_ns();
            for (t, (a, e)) in texts.iter().zip(&docs) {
                std::hint::black_box(ex.extract(t, &a.tokens, &a.sentences, e));
            }
            per_run.push(cpu_ns().saturating_sub(t).max(1));
        }
        per_run.sort_unstable();
        let mib_s = |ns: u64| bytes as f64 / 1_048_576.0 / (ns as f64 / 1e9);
        println!(
            "{repeat} runs: best {:.1} MiB/s, median {:.1} MiB/s (CPU time)",
            mib_s(per_run[0]),
            mib_s(per_run[per_run.len() / 2])
        );
    }
    println!(
        "{} bytes, {n} relations, checksum {:016x}",
        texts.iter().map(String::len).sum::<usize>(),
        h.finish()
    );
    Ok(())
}

/// This thread's CPU time in nanoseconds (Linux), else the wall time since the first call.
fn cpu_ns() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| {
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_nanos() as u64
        })
}
