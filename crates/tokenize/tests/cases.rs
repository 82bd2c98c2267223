//! The table of tricky cases in `cases.tsv`: text -> expected token surfaces.

use gleaner_tokenize::Tokenizer;

#[test]
fn tricky_cases() {
    let tok = Tokenizer::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (lineno, line) in include_str!("cases.tsv").lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (text, expected) = line.split_once('\t').expect("text<TAB>tokens");
        let expected: Vec<&str> = expected.split(" | ").collect();
        let got: Vec<&str> = tok.tokenize(text).iter().map(|t| &text[t.span]).collect();
        n += 1;
        if got != expected {
            failures.push(format!(
                "line {}: {text:?}\n  expected {expected:?}\n  got      {got:?}",
                lineno + 1
            ));
        }
    }
    assert!(n > 50, "the table should have its cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
