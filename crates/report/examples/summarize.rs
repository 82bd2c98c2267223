//! Summarises a documents.jsonl and writes every report into a directory, using
//! gleaner-report alone: `cargo run -p gleaner-report --example summarize -- documents.jsonl OUT`.

use std::io::BufRead;
use std::path::Path;

use gleaner_doc::Record;
use gleaner_report::{RenderOptions, Reporter, Resolved};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = args.as_slice() else {
        return Err("usage: summarize DOCUMENTS_JSONL OUT_DIR".into());
    };
    let mut reporter = Reporter::new(50);
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        reporter.add(&Record::from_json_line(&line?)?)?;
    }
    let written = reporter.write(Path::new(out), &RenderOptions::default())?;
    for e in Resolved::new(&reporter.summary).entities.iter().take(10) {
        println!("{:>5}  {:<8} {}", e.mentions, e.label.as_str(), e.name);
    }
    println!(
        "wrote {} files, {} bytes, to {out}",
        written.files.len(),
        written.bytes
    );
    Ok(())
}
