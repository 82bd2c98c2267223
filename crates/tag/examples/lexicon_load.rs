//! Measures the embedded lexicon's load time (run it as its own process so the
//! resident-memory figure is the lexicon's: `/usr/bin/time -v target/release/examples/lexicon_load`).

use std::time::Instant;

use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn main() {
    let t0 = Instant::now();
    Tagger::preload();
    let load = t0.elapsed();
    let text = "Russian President Vladimir Putin met Azerbaijani President Ilham Aliyev in Baku.";
    let a = Tokenizer::new().analyze(text);
    let n = Tagger::new().tag(text, &a.tokens, &a.sentences).len();
    println!(
        "lexicon load {:.1} ms; {n} entities in the sample sentence",
        load.as_secs_f64() * 1e3
    );
}
