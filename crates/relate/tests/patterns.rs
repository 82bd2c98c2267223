//! Pattern files: user patterns, parse errors naming file and line, property tests.

use gleaner_doc::{Entity, EntityId, EntityLabel, RelationLabel, Span};
use gleaner_relate::{ErrorKind, Extractor};
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;
use proptest::prelude::*;

fn err_of(text: &str) -> (usize, String) {
    let e = Extractor::builder()
        .default_patterns(false)
        .patterns_text("my.patterns", text)
        .build()
        .unwrap_err();
    let shown = e.to_string();
    assert!(shown.starts_with("my.patterns:"), "{shown}");
    match e.kind() {
        ErrorKind::Pattern {
            file,
            line,
            message,
        } => {
            assert_eq!(file, "my.patterns");
            (*line, message.clone())
        }
        k => panic!("unexpected {k:?}"),
    }
}

#[test]
fn parse_errors_name_file_and_line() {
    let cases = [
        (
            "# c\n\np works_fr 0.5 [HEAD:PERSON] of [TAIL:ORG]",
            3,
            "unknown relation label",
        ),
        (
            "p works_for 1.5 [HEAD:PERSON] of [TAIL:ORG]",
            1,
            "confidence",
        ),
        ("p works_for 0.5 [HEAD:PERSON] of [TAIL:ORG", 1, "unclosed"),
        (
            "p works_for 0.5 [HEAD:PERSN] of [TAIL:ORG]",
            1,
            "unknown entity label",
        ),
        (
            "p works_for 0.5 [HEAD:PERSON] @nope [TAIL:ORG]",
            1,
            "unknown class",
        ),
        ("p works_for 0.5 [HEAD:PERSON] of", 1, "exactly one"),
        ("p works_for 0.5 *0-2 [HEAD:PERSON] [TAIL:ORG]", 1, "gap"),
        (
            "p works_for 0.5 [HEAD:PERSON] *0-99 [TAIL:ORG]",
            1,
            "bad gap",
        ),
        (
            "p works_for 0.5 [HEAD:PERSON] [TAIL:ORG]\np works_for 0.5 [HEAD:PERSON] [TAIL:ORG]",
            2,
            "already defined",
        ),
        ("@c = a\n@c = b", 2, "already defined"),
        ("@c += a", 1, "unknown class"),
        ("@c", 1, "class line"),
        ("p works_for", 1, "missing confidence"),
        (
            "p works_for 0.5 [HEAD:PERSON] *0-3!PERSN [TAIL:ORG]",
            1,
            "unknown entity label",
        ),
        (
            "p works_for 0.5 [HEAD:PERSON] of [TAIL:ORG=@nope]",
            1,
            "unknown class",
        ),
    ];
    for (text, line, msg) in cases {
        let (l, m) = err_of(text);
        assert_eq!(l, line, "{text}: {m}");
        assert!(m.contains(msg), "{text}: {m}");
    }
}

#[test]
fn missing_file_is_io_error() {
    let e = Extractor::builder()
        .patterns_file("/nonexistent/x.patterns")
        .build()
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/x.patterns"));
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn user_patterns_and_classes() {
    let text = "Acme hired Jane Doe.";
    let mut ents = vec![
        Entity::new(EntityId(0), Span::new(0, 4), EntityLabel::Org, "Acme"),
        Entity::new(
            EntityId(1),
            Span::new(11, 19),
            EntityLabel::Person,
            "Jane Doe",
        ),
    ];
    ents[1].canonical = Some("Jane Doe".into());
    let a = Tokenizer::new().analyze(text);
    let ex = Extractor::builder()
        .default_patterns(false)
        .patterns_text(
            "u",
            "@hire = hired employs\norg-hired-x works_for 0.9 [TAIL:ORG] {@hire} [HEAD:PERSON]",
        )
        .build()
        .unwrap();
    let rels = ex.extract(text, &a.tokens, &a.sentences, &ents);
    assert_eq!(rels.len(), 1);
    let r = &rels[0];
    assert_eq!(
        (r.label, r.head, r.tail),
        (RelationLabel::WorksFor, EntityId(1), EntityId(0))
    );
    assert_eq!(
        (r.pattern.as_str(), r.trigger.as_deref(), r.confidence),
        ("org-hired-x", Some("hired"), 0.9)
    );
    assert_eq!(r.evidence, a.sentences[0]);
}

#[test]
fn gaps_that_skip_no_person_and_last_word_classes() {
    // "Ann met Bob at Acme Center": the gap `*0-6!PERSON` may not jump over Bob, so
    // only the nearest person pairs with the organisation; `[ORG=@site]` needs the
    // organisation's last word in @site.
    let text = "Ann met Bob at Acme Center today.";
    let ents = vec![
        Entity::new(EntityId(0), Span::new(0, 3), EntityLabel::Person, "Ann"),
        Entity::new(EntityId(1), Span::new(8, 11), EntityLabel::Person, "Bob"),
        Entity::new(
            EntityId(2),
            Span::new(15, 26),
            EntityLabel::Org,
            "Acme Center",
        ),
    ];
    let a = Tokenizer::new().analyze(text);
    let run = |pats: &str| {
        let ex = Extractor::builder()
            .default_patterns(false)
            .patterns_text("u", pats)
            .build()
            .unwrap();
        ex.extract(text, &a.tokens, &a.sentences, &ents)
            .iter()
            .map(|r| (r.head.0, r.tail.0))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run("p works_for 0.5 [HEAD:PERSON] *0-6!PERSON [TAIL:ORG]"),
        vec![(1, 2)]
    );
    assert_eq!(
        run("p works_for 0.5 [HEAD:PERSON] *0-6 [TAIL:ORG]"),
        vec![(0, 2), (1, 2)]
    );
    assert_eq!(
        run("@site = center plant\np works_for 0.5 [HEAD:PERSON] at [TAIL:ORG=@site]"),
        vec![(1, 2)]
    );
    assert!(run("@site = plant\np works_for 0.5 [HEAD:PERSON] at [TAIL:ORG=@site]").is_empty());
}

#[test]
fn coordination_and_aliases_share_a_match() {
    let text = "Ann and Bob work for the Labor Party ( LP ) now.";
    let ents = vec![
        Entity::new(EntityId(0), Span::new(0, 3), EntityLabel::Person, "Ann"),
        Entity::new(EntityId(1), Span::new(8, 11), EntityLabel::Person, "Bob"),
        Entity::new(
            EntityId(2),
            Span::new(25, 36),
            EntityLabel::Org,
            "Labor Party",
        ),
        Entity::new(EntityId(3), Span::new(39, 41), EntityLabel::Org, "LP"),
    ];
    let a = Tokenizer::new().analyze(text);
    let ex = Extractor::builder()
        .default_patterns(false)
        .patterns_text("u", "p works_for 0.5 [HEAD:PERSON] work for the [TAIL:ORG]")
        .build()
        .unwrap();
    let got: Vec<_> = ex
        .extract(text, &a.tokens, &a.sentences, &ents)
        .iter()
        .map(|r| (r.head.0, r.tail.0, r.pattern.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 2, "p+coord".to_string()),
            (1, 2, "p".to_string()),
            (1, 3, "p+alias".to_string()),
        ]
    );
}

#[test]
fn long_lists_stay_bounded() {
    // 2,000 names in one sentence: matches per pattern are capped, and it finishes.
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!("Smith{i} met Jones{i}, "));
    }
    text.push('.');
    let a = Tokenizer::new().analyze(&text);
    let ents = Tagger::new().tag(&text, &a.tokens, &a.sentences);
    let rels = Extractor::new().extract(&text, &a.tokens, &a.sentences, &ents);
    assert!(rels.len() <= 64 * Extractor::new().patterns().count());
}

fn words() -> impl Strategy<Value = String> {
    let w = prop::sample::select(vec![
        "Putin",
        "Vladimir",
        "met",
        "visited",
        "Baku",
        "Russian",
        "President",
        ",",
        ".",
        "of",
        "the",
        "Maersk",
        "killed",
        "in",
        "Kenya",
        "Mombasa",
        "not",
        "'s",
        "invasion",
        "Ukraine",
        "Russia",
        "é",
        "\n\n",
        "(",
        "AP",
        ")",
        "Smith",
        "John",
        "born",
        "alongside",
        "and",
        "Center",
        "assassination",
        "by",
        "Mich.",
    ]);
    prop::collection::vec(w, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn relations_point_inside_their_sentence(text in words(), junk in "\\PC{0,40}") {
        let text = format!("{text} {junk}");
        let a = Tokenizer::new().analyze(&text);
        let ents = Tagger::new().tag(&text, &a.tokens, &a.sentences);
        let rels = Extractor::new().extract(&text, &a.tokens, &a.sentences, &ents);
        for w in rels.windows(2) {
            prop_assert!((w[0].evidence, w[0].head) <= (w[1].evidence, w[1].head));
        }
        for r in &rels {
            prop_assert!(a.sentences.contains(&r.evidence));
            prop_assert_ne!(r.head, r.tail);
            for id in [r.head, r.tail] {
                let e = ents.iter().find(|e| e.id == id).unwrap();
                prop_assert!(r.evidence.contains(e.span()));
            }
            if r.label.is_symmetric() {
                let (h, t) = (&ents[r.head.0 as usize], &ents[r.tail.0 as usize]);
                prop_assert!(h.start <= t.start);
            }
            prop_assert!((0.0..=1.0).contains(&r.confidence));
        }
    }

    #[test]
    fn arbitrary_entities_never_panic(text in "\\PC{0,80}", spans in prop::collection::vec((0usize..90, 0usize..10), 0..8)) {
        let a = Tokenizer::new().analyze(&text);
        let mut ents: Vec<Entity> = Vec::new();
        let mut spans: Vec<(usize, usize)> = spans.into_iter().map(|(s, l)| (s.min(text.len()), (s + l).min(text.len()))).collect();
        spans.sort();
        for (s, e) in spans {
            if text.is_char_boundary(s) && text.is_char_boundary(e) && s < e {
                let id = EntityId(ents.len() as u32);
                ents.push(Entity::new(id, Span::new(s, e), EntityLabel::ALL[s % 6], &text[s..e]));
            }
        }
        let rels = Extractor::new().extract(&text, &a.tokens, &a.sentences, &ents);
        for r in &rels {
            prop_assert!(a.sentences.contains(&r.evidence));
        }
    }
}
