//! Read a documents.jsonl and print each document's entities:
//! `cargo run -p gleaner-doc --example read_records -- gleaner-out/documents.jsonl`.

use gleaner_doc::Record;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read_records FILE")?;
    for line in std::fs::read_to_string(path)?.lines() {
        let r = Record::from_json_line(line)?;
        println!(
            "{}: {} sentences, {} entities",
            r.id,
            r.sentences.len(),
            r.entities.len()
        );
        for e in &r.entities {
            println!("  {} {:?} -> {}", e.label, e.text, e.name());
        }
    }
    Ok(())
}
