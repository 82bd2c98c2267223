//! Tag a file and print its entities: `cargo run --release -p gleaner-tag --example tag_file -- FILE [REPEAT]`.

use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: tag_file FILE [REPEAT]")?;
    let repeat: usize = args.next().map_or(Ok(1), |r| r.parse())?;
    let text = std::fs::read_to_string(&path)?;
    let a = Tokenizer::new().analyze(&text);
    let tagger = Tagger::new();
    Tagger::preload();
    let t0 = std::time::Instant::now();
    let mut ents = Vec::new();
    for _ in 0..repeat {
        ents = tagger.tag(&text, &a.tokens, &a.sentences);
        std::hint::black_box(&ents);
    }
    let secs = t0.elapsed().as_secs_f64();
    eprintln!("{:.1} MB/s", (text.len() * repeat) as f64 / 1e6 / secs);
    for e in &ents {
        println!("{}\t{}\t{}\t{}", e.start, e.end, e.label, e.text);
    }
    Ok(())
}
