//! Entity gold for the corpus articles (tests/gold/*.entities.tsv, written by reading each
//! article), checked for precision and recall through the chained tokenizer and tagger.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

type Mention = (usize, usize, String);

fn gold(path: &Path) -> BTreeSet<Mention> {
    common::gold_rows(path, 3)
        .into_iter()
        .map(|f| (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2].clone()))
        .collect()
}

fn predicted(text: &str, tagger: &Tagger) -> BTreeSet<Mention> {
    let a = Tokenizer::new().analyze(text);
    tagger
        .tag(text, &a.tokens, &a.sentences)
        .into_iter()
        .map(|e| (e.start, e.end, e.label.as_str().to_owned()))
        .collect()
}

struct Score {
    tp: usize,
    pred: usize,
    gold: usize,
    report: String,
}

fn score(doc: &str, tagger: &Tagger) -> Score {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("corpus").join(format!("{doc}.txt"))).unwrap();
    let g = gold(&root.join("tests/gold").join(format!("{doc}.entities.tsv")));
    for (a, b, _) in &g {
        assert!(
            text.is_char_boundary(*a) && text.is_char_boundary(*b),
            "{doc}: gold span {a}..{b}"
        );
    }
    let p = predicted(&text, tagger);
    let mut report = String::new();
    for m in g.difference(&p) {
        report.push_str(&format!("  missed   {} {:?}\n", m.2, &text[m.0..m.1]));
    }
    for m in p.difference(&g) {
        report.push_str(&format!("  spurious {} {:?}\n", m.2, &text[m.0..m.1]));
    }
    Score {
        tp: g.intersection(&p).count(),
        pred: p.len(),
        gold: g.len(),
        report,
    }
}

#[test]
fn seed_article_entities_exactly() {
    let s = score("000_baku_visit", &Tagger::new());
    assert!(
        s.tp == s.gold && s.tp == s.pred,
        "seed: {} of {} gold found, {} predicted\n{}",
        s.tp,
        s.gold,
        s.pred,
        s.report
    );
}

#[test]
fn corpus_articles_precision_and_recall() {
    let tagger = Tagger::new();
    let docs = common::gold_docs(".entities.tsv");
    assert!(docs.len() >= 12, "gold for the corpus articles");
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    let mut report = String::new();
    for d in &docs {
        let s = score(d, &tagger);
        tp += s.tp;
        pred += s.pred;
        gold += s.gold;
        report.push_str(&format!(
            "{d}: {}/{} found, {} predicted\n{}",
            s.tp, s.gold, s.pred, s.report
        ));
    }
    let p = tp as f64 / pred as f64;
    let r = tp as f64 / gold as f64;
    // Exact span and label over all 18 labels; measured figures are in the README.
    eprintln!(
        "corpus entities: precision {p:.3} recall {r:.3} ({tp} of {gold} gold, {pred} predicted)"
    );
    assert!(
        p >= 0.93 && r >= 0.90,
        "precision {p:.3} recall {r:.3}\n{report}"
    );
}
