//! Relation extraction throughput over the committed corpus, repeated to ~2 MB.
//! Tokens, sentences and entities are computed outside the timed loop.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut one = String::new();
    for p in names {
        one.push_str(&std::fs::read_to_string(p).expect("corpus file"));
        one.push_str("\n\n");
    }
    let mut text = String::new();
    while text.len() < 2_000_000 {
        text.push_str(&one);
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let a = Tokenizer::new().analyze(&text);
    let ents = Tagger::new().tag(&text, &a.tokens, &a.sentences);
    let ex = Extractor::new();
    let expected = ex.extract(&text, &a.tokens, &a.sentences, &ents).len();
    assert!(expected > 0);
    let mut g = c.benchmark_group("relate");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("corpus_x2MB", |b| {
        b.iter(|| {
            let rels = ex.extract(&text, &a.tokens, &a.sentences, &ents);
            assert_eq!(rels.len(), expected);
            rels
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
