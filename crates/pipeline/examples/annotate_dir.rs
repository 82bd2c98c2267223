//! Annotate a directory and print one line per document:
//! `cargo run --release -p gleaner-pipeline --example annotate_dir -- corpus`.

use gleaner_doc::Record;
use gleaner_pipeline::Pipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: annotate_dir DIR")?;
    let p = Pipeline::builder().build()?;
    let mut buf = Vec::new();
    let stats = p.run(std::path::Path::new(&dir), &mut buf, |_, _| {})?;
    for line in std::str::from_utf8(&buf)?.lines() {
        let r = Record::from_json_line(line)?;
        println!(
            "{}\t{} sentences\t{}",
            r.id,
            r.sentences.len(),
            r.error.as_deref().unwrap_or("ok")
        );
    }
    eprintln!(
        "{} documents in {:.3} s",
        stats.documents,
        stats.elapsed.as_secs_f64()
    );
    Ok(())
}
