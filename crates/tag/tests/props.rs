//! Property tests: on any text, entities are sorted, non-overlapping, inside the text,
//! on token boundaries, with ids in order and `text` equal to their span.

use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;
use proptest::prelude::*;

fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("President".to_owned()),
        Just("Vladimir Putin".to_owned()),
        Just("Baku".to_owned()),
        Just("of".to_owned()),
        Just("the".to_owned()),
        Just("Bank of America".to_owned()),
        Just("’s".to_owned()),
        Just("$".to_owned()),
        Just("2 billion".to_owned()),
        Just("7 percent".to_owned()),
        Just("Monday".to_owned()),
        Just("NEW YORK".to_owned()),
        Just("-".to_owned()),
        "[A-Z][a-z]{1,8}",
        "[a-z]{1,8}",
        // Hyphenated words, joined without spaces ("Kwok-wah", "Nagorno-Karabakh").
        "[A-Z][a-z]{0,4}-[a-zA-Z]{1,5}",
        "[0-9]{1,5}",
        "[ .,\n\"()]{1,2}",
        any::<String>().prop_map(|s| s.chars().take(3).collect()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn entities_keep_their_invariants(text in newsy()) {
        let a = Tokenizer::new().analyze(&text);
        let ents = Tagger::new().tag(&text, &a.tokens, &a.sentences);
        let starts: Vec<usize> = a.tokens.iter().map(|t| t.span.start).collect();
        let ends: Vec<usize> = a.tokens.iter().map(|t| t.span.end).collect();
        let mut prev_end = 0;
        for (i, e) in ents.iter().enumerate() {
            prop_assert_eq!(e.id.0 as usize, i);
            prop_assert!(e.start < e.end && e.end <= text.len());
            prop_assert!(e.start >= prev_end, "overlap or unsorted");
            prop_assert!(starts.contains(&e.start) && ends.contains(&e.end), "not on token boundaries");
            prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
            prev_end = e.end;
        }
    }
}
