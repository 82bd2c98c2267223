//! gleaner-relate used alone: relations of a text given on stdin.
//!
//! ```text
//! echo "Russian President Vladimir Putin visited Baku." | cargo run --example relate_text
//! ```

use std::io::Read;

use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let a = Tokenizer::new().analyze(&text);
    let entities = Tagger::new().tag(&text, &a.tokens, &a.sentences);
    let extractor = match std::env::args().nth(1) {
        Some(file) => Extractor::builder().patterns_file(file).build()?,
        None => Extractor::new(),
    };
    for r in extractor.extract(&text, &a.tokens, &a.sentences, &entities) {
        let (h, t) = (&entities[r.head.0 as usize], &entities[r.tail.0 as usize]);
        println!(
            "{}\t{} -> {}\ttrigger={}\tpattern={}\tconfidence={:.2}",
            r.label,
            h.name(),
            t.country.as_deref().unwrap_or(t.name()),
            r.trigger.as_deref().unwrap_or("-"),
            r.pattern,
            r.confidence
        );
    }
    Ok(())
}
