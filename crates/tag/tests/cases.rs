//! The table of tricky cases in `cases.tsv`, and lexicon-file handling.

use gleaner_tag::{ErrorKind, Tagger};
use gleaner_tokenize::Tokenizer;

fn tag(tagger: &Tagger, text: &str) -> Vec<String> {
    let a = Tokenizer::new().analyze(text);
    tagger
        .tag(text, &a.tokens, &a.sentences)
        .iter()
        .map(|e| {
            assert_eq!(&text[e.start..e.end], e.text, "entity text is its span");
            format!("{}/{}", e.text, e.label)
        })
        .collect()
}

#[test]
fn tricky_cases() {
    let tagger = Tagger::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (no, line) in include_str!("cases.tsv").lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (text, expected) = line.split_once('\t').expect("text<TAB>entities");
        let text = text.replace("\\n", "\n");
        let expected: Vec<&str> = expected.split(" | ").filter(|e| !e.is_empty()).collect();
        let got = tag(&tagger, &text);
        n += 1;
        if got != expected {
            failures.push(format!(
                "line {}: {text:?}\n  expected {expected:?}\n  got      {got:?}",
                no + 1
            ));
        }
    }
    assert!(n >= 15);
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn canonical_names_and_countries() {
    let text = "Azerbaijani President Ilham Aliyev met Putin. President Aliyev said Vladimir Putin agreed.";
    let a = Tokenizer::new().analyze(text);
    let ents = Tagger::new().tag(text, &a.tokens, &a.sentences);
    let get = |s: &str| {
        ents.iter()
            .find(|e| e.text == s)
            .unwrap_or_else(|| panic!("no {s}"))
    };
    assert_eq!(get("Azerbaijani").country.as_deref(), Some("Azerbaijan"));
    assert_eq!(get("Aliyev").canonical.as_deref(), Some("Ilham Aliyev"));
    assert_eq!(get("Putin").canonical.as_deref(), Some("Vladimir Putin"));
    assert_eq!(
        get("Ilham Aliyev").canonical,
        None,
        "the fullest form has no alias"
    );
}

#[test]
fn user_lexicon_adds_and_overrides() {
    let tsv = "# our own entries\nGleanCo\tORG\tGleanCo Holdings\nBaku\tORG\n";
    let tagger = Tagger::builder()
        .lexicon_text("mine.tsv", tsv)
        .build()
        .unwrap();
    let got = tag(&tagger, "GleanCo opened an office; Baku replied.");
    assert_eq!(got, ["GleanCo/ORG", "Baku/ORG"]);

    let bare = Tagger::builder()
        .default_lexicon(false)
        .lexicon_text("mine.tsv", tsv)
        .build()
        .unwrap();
    assert_eq!(tag(&bare, "GleanCo met Moscow."), ["GleanCo/ORG"]);
}

#[test]
fn malformed_lexicon_line_names_file_and_line() {
    let err = Tagger::builder()
        .lexicon_text("bad.tsv", "Acme\tORG\nBroken line without tabs\n")
        .build()
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Lexicon { line: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("bad.tsv:2:"), "{err}");

    let err = Tagger::builder()
        .lexicon_text("bad.tsv", "Acme\tCOMPANY\n")
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown label \"COMPANY\""),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.tsv");
    let err = Tagger::builder()
        .lexicon_file(&missing)
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
    assert!(err.to_string().contains("nope.tsv"), "{err}");

    let file = dir.path().join("lex.tsv");
    std::fs::write(&file, "Acme\tORG\n\tGPE\n").unwrap();
    let err = Tagger::builder().lexicon_file(&file).build().unwrap_err();
    assert!(
        err.to_string()
            .contains("lex.tsv:2: malformed lexicon line: empty phrase"),
        "{err}"
    );
}
