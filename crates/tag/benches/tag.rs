//! Tagging throughput (tokens and sentences given) over the committed corpus repeated
//! to 2 MB, and the one-off cost of loading the embedded lexicon.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner_tag::Tagger;
use gleaner_tokenize::{Analysis, Tokenizer};

fn corpus() -> Vec<(String, Analysis)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let tok = Tokenizer::new();
    let docs: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("text"))
        .collect();
    let mut out = Vec::new();
    let mut bytes = 0;
    while bytes < 2 << 20 {
        for d in &docs {
            bytes += d.len();
            out.push((d.clone(), tok.analyze(d)));
        }
    }
    out
}

fn tag(c: &mut Criterion) {
    let t0 = Instant::now();
    Tagger::preload();
    eprintln!("lexicon load: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(d, _)| d.len()).sum();
    let tagger = Tagger::new();
    let expected: usize = docs
        .iter()
        .map(|(d, a)| tagger.tag(d, &a.tokens, &a.sentences).len())
        .sum();
    let mut g = c.benchmark_group("tag");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("entities (1 core)", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|(d, a)| tagger.tag(black_box(d), &a.tokens, &a.sentences).len())
                .sum();
            assert_eq!(n, expected);
            n
        })
    });
    // The same bytes from the 13 distinct documents kept hot in cache, for comparison.
    let distinct: Vec<&(String, Analysis)> = docs.iter().take(13).collect();
    let rounds = docs.len() / distinct.len();
    g.bench_function("entities, hot cache (1 core)", |b| {
        b.iter(|| {
            let mut n = 0;
            for _ in 0..rounds {
                for (d, a) in &distinct {
                    n += tagger.tag(black_box(d), &a.tokens, &a.sentences).len();
                }
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, tag);
criterion_main!(benches);
