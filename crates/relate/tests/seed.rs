//! The seed article: exactly the six relations it states.

use std::collections::BTreeSet;

use gleaner_doc::EntityLabel;
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

const TEXT: &str = include_str!("../../../corpus/000_baku_visit.txt");

#[test]
fn seed_article_relations() {
    let a = Tokenizer::new().analyze(TEXT);
    let ents = Tagger::new().tag(TEXT, &a.tokens, &a.sentences);
    let rels = Extractor::new().extract(TEXT, &a.tokens, &a.sentences, &ents);
    // Parties by canonical name; a nationality stands for its country.
    let party = |i: usize| {
        let e = &ents[i];
        match (&e.label, &e.country) {
            (EntityLabel::Norp, Some(c)) => c.clone(),
            _ => e.name().to_string(),
        }
    };
    let mut got = BTreeSet::new();
    for r in &rels {
        let (h, t) = (party(r.head.0 as usize), party(r.tail.0 as usize));
        let (h, t) = if r.label.is_symmetric() && t < h {
            (t, h)
        } else {
            (h, t)
        };
        got.insert((
            r.label.as_str().to_string(),
            h,
            t,
            r.trigger.clone().unwrap_or_default(),
        ));
    }
    let want: BTreeSet<(String, String, String, String)> = [
        ("works_for", "Vladimir Putin", "Russia", "President"),
        ("works_for", "Ilham Aliyev", "Azerbaijan", "President"),
        ("works_for", "Nikol Pashinyan", "Armenia", "Prime Minister"),
        ("visited", "Vladimir Putin", "Baku", "visit"),
        ("met_with", "Ilham Aliyev", "Vladimir Putin", "alongside"),
        ("conflict_with", "Russia", "Ukraine", "invasion"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    assert_eq!(got, want);
    // The Putin -> Russia office points at the "Russian" NORP mention.
    let w = rels
        .iter()
        .find(|r| {
            r.trigger.as_deref() == Some("President")
                && party(r.head.0 as usize) == "Vladimir Putin"
        })
        .unwrap();
    assert_eq!(ents[w.tail.0 as usize].text, "Russian");
    assert_eq!(ents[w.tail.0 as usize].label, EntityLabel::Norp);
}
