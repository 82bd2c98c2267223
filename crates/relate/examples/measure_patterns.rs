//! Measures each pattern's precision against a CoNLL04-style gold set.
//!
//! ```text
//! cargo run --release --example measure_patterns -- /work/shared/eval/conll04-train [LABEL]
//! ```
//!
//! Runs tokenize + tag + relate over `SET/texts/*.txt`, compares the relations with
//! `SET/gold.jsonl` the way `score.py` does ("boundaries": label and both argument
//! spans after trimming punctuation, a leading "the" and a trailing possessive; a
//! `works_for` whose tail is not an ORG counts as `lives_in`), and prints, per
//! pattern, predictions, true positives and precision — the numbers written into
//! `data/default.patterns`. With LABEL, also prints that label's misses and false
//! positives; a miss is `FN+` when the tagger found both arguments (the patterns
//! could reach it), `FN-` when an argument is missing or has another span or a label
//! the relation cannot take.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use gleaner_doc::{EntityLabel, RelationLabel};
use gleaner_relate::Extractor;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;

fn norm(text: &str, s: usize, e: usize) -> (usize, usize) {
    let t = &text[s..e];
    let (mut a, mut z) = (0usize, t.len());
    loop {
        let (a0, z0) = (a, z);
        while a < z {
            let c = t[a..z].chars().next().unwrap();
            if c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '’' | '‘' | '“' | '”')
            {
                a += c.len_utf8();
            } else {
                break;
            }
        }
        while z > a {
            let c = t[a..z].chars().next_back().unwrap();
            if c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '’' | '‘' | '“' | '”')
            {
                z -= c.len_utf8();
            } else {
                break;
            }
        }
        let u = &t[a..z];
        if (u.starts_with("the ") || u.starts_with("The ")) && u.len() > 4 {
            a += 4;
            while t[a..].starts_with(' ') {
                a += 1;
            }
        }
        for p in ["'s", "’s", "'", "’"] {
            if t[a..z].ends_with(p) && t[a..z].len() > p.len() {
                z -= p.len();
                break;
            }
        }
        if (a, z) == (a0, z0) {
            break;
        }
    }
    (s + a, s + z)
}

type Key = (String, usize, usize, usize, usize);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("/work/shared/eval/conll04-train"),
    );
    let show = args.get(2).cloned();
    // SHOW_TP=1 also lists the true positives of LABEL (to see what a pattern gets right).
    let show_tp = std::env::var_os("SHOW_TP").is_some();
    let tok = Tokenizer::new();
    let tagger = Tagger::new();
    let ex = extractor_from_env();
    let gold_text = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl");
    // pattern -> (predicted, true positives)
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut per_label: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for line in gold_text.lines() {
        let g: serde_json::Value = serde_json::from_str(line).expect("json");
        let id = g["id"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join("texts").join(id)).expect("text");
        let ents: BTreeMap<u64, (usize, usize)> = g["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let (s, t) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                (e["id"].as_u64().unwrap(), norm(&text, s, t))
            })
            .collect();
        let mut gold: HashSet<Key> = HashSet::new();
        for r in g["relations"].as_array().unwrap() {
            let h = ents[&r["head"].as_u64().unwrap()];
            let t = ents[&r["tail"].as_u64().unwrap()];
            gold.insert((r["label"].as_str().unwrap().to_string(), h.0, h.1, t.0, t.1));
        }
        let a = tok.analyze(&text);
        let entities = tagger.tag(&text, &a.tokens, &a.sentences);
        let rels = ex.extract(&text, &a.tokens, &a.sentences, &entities);
        // Argument spans the tagger found, with their labels: a miss whose two
        // arguments are both among them with a fitting label is one the patterns could
        // reach ("FN+"); others are lost to entities.
        let spans: HashSet<(usize, usize, EntityLabel)> = entities
            .iter()
            .map(|e| {
                let (s, t) = norm(&text, e.start, e.end);
                (s, t, e.label)
            })
            .collect();
        let mut found: HashSet<Key> = HashSet::new();
        for r in &rels {
            let he = &entities[r.head.0 as usize];
            let te = &entities[r.tail.0 as usize];
            let mut label = r.label;
            if label == RelationLabel::WorksFor && te.label != EntityLabel::Org {
                label = RelationLabel::LivesIn;
            }
            let h = norm(&text, he.start, he.end);
            let t = norm(&text, te.start, te.end);
            let key = (label.as_str().to_string(), h.0, h.1, t.0, t.1);
            let ok = gold.contains(&key);
            let c = per.entry(r.pattern.clone()).or_default();
            c.0 += 1;
            c.1 += usize::from(ok);
            if !found.insert(key) {
                continue;
            }
            let l = per_label.entry(label.as_str().to_string()).or_default();
            l.0 += 1;
            l.1 += usize::from(ok);
            if (!ok || show_tp) && show.as_deref() == Some(label.as_str()) {
                println!(
                    "{} {} [{}] {} -> {} | {}",
                    if ok { "TP" } else { "FP" },
                    r.pattern,
                    label,
                    he.text,
                    te.text,
                    &text[r.evidence]
                );
            }
        }
        for k in &gold {
            per_label.entry(k.0.clone()).or_default().2 += 1;
            if !found.contains(k) && show.as_deref() == Some(k.0.as_str()) {
                let sent = a
                    .sentences
                    .iter()
                    .find(|s| s.start <= k.1 && k.1 < s.end)
                    .map(|s| &text[*s])
                    .unwrap_or("");
                let (hl, tl) = fitting_labels(&k.0);
                let found = |s: usize, e: usize, ls: &[EntityLabel]| {
                    ls.iter().any(|&l| spans.contains(&(s, e, l)))
                };
                let reach = found(k.1, k.2, hl) && found(k.3, k.4, tl);
                println!(
                    "FN{} [{}] {} -> {} | {}",
                    if reach { "+" } else { "-" },
                    k.0,
                    &text[k.1..k.2],
                    &text[k.3..k.4],
                    sent
                );
            }
        }
    }
    println!(
        "{:<26} {:>6} {:>6} {:>9}",
        "pattern", "pred", "tp", "precision"
    );
    for (name, label, conf) in ex.patterns() {
        let (p, t) = per.get(name).copied().unwrap_or_default();
        let prec = if p > 0 {
            format!("{:.2}", t as f64 / p as f64)
        } else {
            "-".into()
        };
        println!("{name:<26} {p:>6} {t:>6} {prec:>9}   ({label}, file says {conf:.2})");
    }
    // Rules written in code (not patterns), e.g. gleaner_relate::NATIONAL_ORG_RULE.
    let names: HashSet<&str> = ex.patterns().map(|(n, _, _)| n).collect();
    for (name, (p, t)) in &per {
        if !names.contains(name.as_str()) && !name.contains('+') {
            let prec = *t as f64 / (*p).max(1) as f64;
            println!("{name:<26} {p:>6} {t:>6} {prec:>9.2}   (rule in code)");
        }
    }
    let (mut tp, mut pp, mut gg) = (0, 0, 0);
    println!(
        "\n{:<12} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "label", "pred", "tp", "gold", "P", "R", "F1"
    );
    for (l, (p, t, g)) in &per_label {
        let (pr, rc) = (
            *t as f64 / (*p).max(1) as f64,
            *t as f64 / (*g).max(1) as f64,
        );
        let f = if pr + rc > 0.0 {
            2.0 * pr * rc / (pr + rc)
        } else {
            0.0
        };
        println!("{l:<12} {p:>6} {t:>6} {g:>6} {pr:>6.3} {rc:>6.3} {f:>6.3}");
        tp += t;
        pp += p;
        gg += g;
    }
    let (pr, rc) = (tp as f64 / pp.max(1) as f64, tp as f64 / gg.max(1) as f64);
    let f = if pr + rc > 0.0 {
        2.0 * pr * rc / (pr + rc)
    } else {
        0.0
    };
    println!(
        "{:<12} {pp:>6} {tp:>6} {gg:>6} {pr:>6.3} {rc:>6.3} {f:>6.3}",
        "micro"
    );
}

/// The entity labels that can be the head and the tail of a gold relation label.
fn fitting_labels(label: &str) -> (&'static [EntityLabel], &'static [EntityLabel]) {
    use EntityLabel::*;
    const PLACE: &[EntityLabel] = &[Gpe, Loc, Fac, Norp];
    match label {
        "works_for" => (&[Person], &[Org]),
        "lives_in" => (&[Person], PLACE),
        "located_in" => (&[Gpe, Loc, Fac, Org], PLACE),
        "based_in" => (&[Org], PLACE),
        "killed" => (&[Person, Org], &[Person]),
        _ => (&[], &[]),
    }
}

/// EXTRA_PATTERNS=FILE adds a pattern file (to measure candidate patterns);
/// PATTERNS=FILE replaces the default patterns (to measure an edited copy).
fn extractor_from_env() -> Extractor {
    let mut b = Extractor::builder();
    if let Some(f) = std::env::var_os("PATTERNS") {
        b = b.default_patterns(false).patterns_file(f);
    }
    if let Some(f) = std::env::var_os("EXTRA_PATTERNS") {
        b = b.patterns_file(f);
    }
    b.build().unwrap_or_else(|e| panic!("{e}"))
}
