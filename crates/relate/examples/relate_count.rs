//! Relation extraction alone over a corpus, for instruction counts.
//!
//! ```text
//! cargo build --release --example relate_count
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     --toggle-collect='gleaner_relate::Extractor::extract' \
//!     target/release/examples/relate_count [DIR] [MIN_BYTES]
//! callgrind_annotate --inclusive=yes /tmp/cg.out | head -30
//! ```
//!
//! Without DIR, the committed corpus repeated to MIN_BYTES (default 2 MB) as one
//! document, like `benches/relate.rs`; with DIR, every `.txt` file under it (recursively)
//! as one document. Tokens and entities are computed first, so with
//! `--toggle-collect` only `extract` is counted. Prints the number of relations and a
//! checksum of them (to see that a change keeps the output).

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
    let dir = args.next();
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
    println!(
        "{} bytes, {n} relations, checksum {:016x}",
        texts.iter().map(String::len).sum::<usize>(),
        h.finish()
    );
    Ok(())
}
