//! Tokenize a file and print counts: `cargo run --release -p gleaner-tokenize --example tokenize_file -- FILE`.

use gleaner_tokenize::Tokenizer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tokenize_file FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let tok = Tokenizer::new();
    let mut a = tok.analyze(&text);
    // GL_REPEAT=N re-runs the analysis N times (for profiling).
    let repeat: usize = std::env::var("GL_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    for _ in 0..repeat {
        a = tok.analyze(std::hint::black_box(&text));
    }
    println!(
        "{} bytes, {} tokens, {} sentences",
        text.len(),
        a.tokens.len(),
        a.sentences.len()
    );
    for s in a.sentences.iter().take(3) {
        println!("sentence: {}", &text[*s]);
    }
    Ok(())
}
