//! Writes `documents.jsonl` records for a directory of texts, for `score.py`.
//!
//! ```text
//! cargo run --release --example eval_run -- /work/shared/eval/conll04-dev/texts /tmp/relate-dev.jsonl
//! python3 /work/shared/eval/score.py /work/shared/eval/conll04-dev/gold.jsonl /tmp/relate-dev.jsonl
//! ```
//!
//! Each record: id = file name, text, sentences, entities (gleaner's own tagger, or
//! the gold ones with `GOLD_ENTITIES=SET/gold.jsonl`) and relations.

use std::io::Write;

use gleaner_doc::Record;
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: eval_run TEXTS_DIR OUT.jsonl".into());
    };
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    // PATTERNS=FILE replaces the default patterns, EXTRA_PATTERNS=FILE adds to them.
    let mut b = Extractor::builder();
    if let Some(f) = std::env::var_os("PATTERNS") {
        b = b.default_patterns(false).patterns_file(f);
    }
    if let Some(f) = std::env::var_os("EXTRA_PATTERNS") {
        b = b.patterns_file(f);
    }
    let (tok, tagger, ex) = (Tokenizer::new(), Tagger::new(), b.build()?);
    // GOLD_ENTITIES=gold.jsonl runs the extractor on the gold entities instead of the
    // tagger's: how good relation extraction is when the entities are right.
    let mut gold = std::collections::HashMap::new();
    if let Some(f) = std::env::var_os("GOLD_ENTITIES") {
        for line in std::fs::read_to_string(f)?.lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(id) = v["id"].as_str() {
                gold.insert(id.to_string(), v);
            }
        }
    }
    let mut buf = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(std::path::Path::new(&dir).join(&name))?;
        let a = tok.analyze(&text);
        let entities = match gold.get(&name) {
            Some(g) => gold_entities(g),
            None => tagger.tag(&text, &a.tokens, &a.sentences),
        };
        let relations = ex.extract(&text, &a.tokens, &a.sentences, &entities);
        let mut rec = Record::new(name, text);
        rec.sentences = a.sentences;
        rec.entities = entities;
        rec.relations = relations;
        rec.write_json_line(&mut buf)?;
    }
    std::fs::File::create(out)?.write_all(&buf)?;
    Ok(())
}

/// Gold entities of a record with a known label (CoNLL04's "MISC" is left out).
fn gold_entities(g: &serde_json::Value) -> Vec<gleaner_doc::Entity> {
    let mut out: Vec<gleaner_doc::Entity> = Vec::new();
    for e in g["entities"].as_array().into_iter().flatten() {
        let (Some(s), Some(t), Some(l), Some(text)) = (
            e["start"].as_u64(),
            e["end"].as_u64(),
            e["label"]
                .as_str()
                .and_then(gleaner_doc::EntityLabel::parse),
            e["text"].as_str(),
        ) else {
            continue;
        };
        let id = gleaner_doc::EntityId(out.len() as u32);
        out.push(gleaner_doc::Entity::new(
            id,
            gleaner_doc::Span::new(s as usize, t as usize),
            l,
            text,
        ));
    }
    out.sort_by_key(|e| (e.start, e.end));
    for (i, e) in out.iter_mut().enumerate() {
        e.id = gleaner_doc::EntityId(i as u32);
    }
    out
}
