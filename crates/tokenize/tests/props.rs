//! Property tests: the tokenizer can take anything and its spans keep their invariants.

use gleaner_tokenize::{Tokenizer, headline};
use proptest::prelude::*;

/// Strings that exercise the rules: words, clitics, numbers, punctuation, newlines,
/// multi-byte characters and emoji, mixed with arbitrary Unicode.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,8}",
        "[0-9]{1,4}([.,:/-][0-9]{1,3})?",
        Just("'s".to_owned()),
        Just("’s".to_owned()),
        Just("n't".to_owned()),
        Just("U.S.".to_owned()),
        Just("Mr.".to_owned()),
        Just("...".to_owned()),
        Just("-".to_owned()),
        Just("http://x.org/a".to_owned()),
        Just("a@b.co".to_owned()),
        "[ \t\n\r.,;:!?\"'()\\[\\]“”‘’—–…@#$%&*/\\\\-]{1,3}",
        "[éøßЖж中文😀👍🏽❤️\u{0301}\u{200D}\u{FE0F}\u{00A0}\u{2009}]{1,3}",
        any::<String>().prop_map(|s| s.chars().take(4).collect()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let tok = Tokenizer::new();
    let a = tok.analyze(text);
    let mut prev_end = 0;
    let mut covered = vec![false; text.len()];
    for t in &a.tokens {
        let s = t.span;
        prop_assert!(s.start < s.end, "empty token {s:?}");
        prop_assert!(
            s.start >= prev_end,
            "tokens overlap or are unsorted at {s:?}"
        );
        prop_assert!(s.end <= text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let surface = &text[s];
        prop_assert!(
            !surface.chars().any(char::is_whitespace),
            "whitespace in token {surface:?}"
        );
        covered[s.range()].iter_mut().for_each(|c| *c = true);
        prev_end = s.end;
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            prop_assert!(covered[i], "character {c:?} at {i} is in no token");
        }
    }
    // Sentences: sorted, disjoint, aligned to tokens, and every token in exactly one.
    let mut ti = 0;
    let mut prev = 0;
    for s in &a.sentences {
        prop_assert!(s.start < s.end && s.start >= prev);
        prop_assert!(
            ti < a.tokens.len() && a.tokens[ti].span.start == s.start,
            "sentence {s:?} does not start at a token"
        );
        while ti < a.tokens.len() && a.tokens[ti].span.end <= s.end {
            ti += 1;
        }
        prop_assert!(
            a.tokens[ti - 1].span.end == s.end,
            "sentence {s:?} does not end at a token"
        );
        prev = s.end;
    }
    prop_assert_eq!(ti, a.tokens.len(), "tokens left outside every sentence");
    if let Some(h) = headline(text, &a.sentences) {
        prop_assert_eq!(h, a.sentences[0]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_keep_their_invariants(text in texty()) {
        check(&text)?;
    }

    #[test]
    fn arbitrary_unicode_never_breaks_it(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn tokens_and_gaps_rebuild_the_text(text in texty()) {
        let toks = Tokenizer::new().tokenize(&text);
        let mut rebuilt = String::new();
        let mut at = 0;
        for t in &toks {
            let gap = &text[at..t.span.start];
            prop_assert!(gap.chars().all(char::is_whitespace));
            rebuilt.push_str(gap);
            rebuilt.push_str(&text[t.span]);
            at = t.span.end;
        }
        rebuilt.push_str(&text[at..]);
        prop_assert_eq!(rebuilt, text);
    }
}
