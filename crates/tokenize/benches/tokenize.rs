//! Tokenize + sentence split throughput, side by side with `wc -w` on the same bytes.
//!
//! The text is the committed corpus (`corpus/*.txt`) repeated to 4 MB. gleaner analyses
//! one document at a time, so the benchmark does too (each article separately, as the
//! pipeline does); `wc -w` reads the same bytes as one file.

use std::hint::black_box;
use std::io::Write;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner_tokenize::Tokenizer;

const TARGET_BYTES: usize = 4 << 20;

fn bench_docs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let articles: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus text"))
        .collect();
    let mut docs = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        for a in &articles {
            bytes += a.len();
            docs.push(a.clone());
        }
    }
    docs
}

fn tokenize(c: &mut Criterion) {
    let docs = bench_docs();
    let text = docs.concat();
    let tok = Tokenizer::new();
    let expected: usize = docs.iter().map(|d| tok.tokenize(d).len()).sum();
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    g.bench_function("tokens+sentences", |b| {
        b.iter(|| {
            let (mut nt, mut ns) = (0, 0);
            for d in &docs {
                tok.tokenize_into(black_box(d), &mut tokens);
                tok.sentences_into(d, &tokens, &mut sentences);
                nt += tokens.len();
                ns += sentences.len();
            }
            assert_eq!(nt, expected);
            ns
        })
    });
    g.bench_function("tokens", |b| {
        b.iter(|| {
            let mut nt = 0;
            for d in &docs {
                tok.tokenize_into(black_box(d), &mut tokens);
                nt += tokens.len();
            }
            assert_eq!(nt, expected);
        })
    });

    // The same bytes through `wc -w`, for scale (includes one process start per iteration).
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(text.as_bytes()).expect("write temp file");
    let path = file.path().to_owned();
    if Command::new("wc").arg("-w").arg(&path).output().is_ok() {
        g.bench_function("wc -w (same bytes)", |b| {
            b.iter(|| {
                let out = Command::new("wc")
                    .arg("-w")
                    .arg(&path)
                    .env("LC_ALL", "C.UTF-8")
                    .output()
                    .expect("wc runs");
                assert!(out.status.success());
                out.stdout.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, tokenize);
criterion_main!(benches);
