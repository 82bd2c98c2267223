//! Tag every `.txt` file under a directory, for profiling the tagger alone (tokenizing is
//! done first): `cargo run --release -p gleaner-tag --example tag_dir -- DIR [REPEAT]`.
//! Prints the number of entities and a checksum of the last round's entities.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: tag_dir DIR [REPEAT]")?;
    let repeat: usize = args.next().map_or(Ok(1), |r| r.parse())?;
    let mut paths = Vec::new();
    collect(Path::new(&dir), &mut paths)?;
    paths.sort();
    let tok = Tokenizer::new();
    let mut docs = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p)?;
        let a = tok.analyze(&text);
        docs.push((text, a));
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let tagger = Tagger::new();
    Tagger::preload();
    let t0 = std::time::Instant::now();
    let mut h = DefaultHasher::new();
    let mut n = 0;
    let mut rounds = Vec::with_capacity(repeat);
    for round in 0..repeat {
        let r0 = std::time::Instant::now();
        for (text, a) in &docs {
            let ents = tagger.tag(text, &a.tokens, &a.sentences);
            n += ents.len();
            // Hashed in the last round only, so that profiles of several rounds differ
            // by tagging alone.
            if round + 1 == repeat {
                for e in ents {
                    (
                        e.start,
                        e.end,
                        e.label.as_str(),
                        &e.text,
                        &e.canonical,
                        &e.country,
                    )
                        .hash(&mut h);
                }
            }
        }
        rounds.push(r0.elapsed().as_secs_f64());
    }
    let secs = t0.elapsed().as_secs_f64();
    // The fastest and the median round: on a busy machine the fastest is the least
    // disturbed by other processes.
    rounds.sort_by(f64::total_cmp);
    let mbs = |s: f64| bytes as f64 / 1e6 / s;
    eprintln!(
        "{} files, {bytes} bytes, {:.1} MB/s overall, {:.1} MB/s fastest round, {:.1} MB/s median round",
        docs.len(),
        (bytes * repeat) as f64 / 1e6 / secs,
        rounds.first().map_or(0.0, |&s| mbs(s)),
        rounds.get(rounds.len() / 2).map_or(0.0, |&s| mbs(s)),
    );
    println!("{n} entities, checksum {:016x}", h.finish());
    Ok(())
}
