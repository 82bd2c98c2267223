//! End-to-end throughput: decode-free annotation plus record serialisation, on one core,
//! over the committed corpus repeated to 2 MB.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner_pipeline::Pipeline;

fn corpus_docs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus text"))
        .collect();
    let mut out = Vec::new();
    let mut bytes = 0;
    while bytes < 2 << 20 {
        for d in &docs {
            bytes += d.len();
            out.push(d.clone());
        }
    }
    out
}

fn pipeline(c: &mut Criterion) {
    let docs = corpus_docs();
    let bytes: usize = docs.iter().map(String::len).sum();
    let p = Pipeline::builder().threads(1).build().expect("pipeline");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("annotate+serialise (1 core)", |b| {
        let mut buf = Vec::with_capacity(bytes * 2);
        b.iter(|| {
            buf.clear();
            let mut sentences = 0;
            for (i, d) in docs.iter().enumerate() {
                let rec = p.annotate(&i.to_string(), black_box(d.clone()), Vec::new());
                sentences += rec.sentences.len();
                rec.write_json_line(&mut buf).expect("serialise");
            }
            assert!(sentences >= docs.len());
            buf.len()
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
