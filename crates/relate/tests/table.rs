//! Runs the sentence table (`tests/relations.tsv`) through tokenizer, tagger and extractor.

use std::collections::BTreeSet;

use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

const TABLE: &str = include_str!("relations.tsv");

#[test]
fn sentence_table() {
    let (tok, tagger, ex) = (Tokenizer::new(), Tagger::new(), Extractor::new());
    let mut failures = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (text, want) = line.split_once('\t').expect("SENTENCE<TAB>EXPECTED");
        let want: BTreeSet<String> = if want.trim() == "-" {
            BTreeSet::new()
        } else {
            want.split(" ; ").map(|s| s.trim().to_string()).collect()
        };
        let a = tok.analyze(text);
        let ents = tagger.tag(text, &a.tokens, &a.sentences);
        let got: BTreeSet<String> = ex
            .extract(text, &a.tokens, &a.sentences, &ents)
            .iter()
            .map(|r| {
                let (h, t) = (&ents[r.head.0 as usize], &ents[r.tail.0 as usize]);
                assert_eq!(&text[h.span()], h.text);
                format!("{}({}>{})", r.label, h.text, t.text)
            })
            .collect();
        if got != want {
            failures.push(format!(
                "line {}: {text}\n  want {want:?}\n  got  {got:?}",
                n + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
