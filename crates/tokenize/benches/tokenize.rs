//! Tokenize + sentence split throughput, side by side with `wc -w` on the same bytes.
//!
//! The text is the committed corpus (`corpus/*.txt`) repeated to 4 MB.

use std::hint::black_box;
use std::io::Write;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner_tokenize::Tokenizer;

const TARGET_BYTES: usize = 4 << 20;

fn bench_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut corpus = String::new();
    for p in &paths {
        corpus.push_str(&std::fs::read_to_string(p).expect("corpus text"));
        corpus.push_str("\n\n");
    }
    let mut text = String::with_capacity(TARGET_BYTES + corpus.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&corpus);
    }
    text
}

fn tokenize(c: &mut Criterion) {
    let text = bench_text();
    let tok = Tokenizer::new();
    let expected = tok.tokenize(&text).len();
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    g.bench_function("tokens+sentences", |b| {
        b.iter(|| {
            tok.tokenize_into(black_box(&text), &mut tokens);
            tok.sentences_into(&text, &tokens, &mut sentences);
            assert_eq!(tokens.len(), expected);
            sentences.len()
        })
    });
    g.bench_function("tokens", |b| {
        b.iter(|| {
            tok.tokenize_into(black_box(&text), &mut tokens);
            assert_eq!(tokens.len(), expected);
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
