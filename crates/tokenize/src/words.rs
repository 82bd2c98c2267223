//! Closed word lists the tokenizer and sentence splitter consult.

/// Abbreviations that keep their period (compared case-sensitively, without the period).
/// Dotted acronyms (`U.S.`, `e.g.`) and single-letter initials are recognised by shape.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Apr", "Ariz", "Ark", "Aug", "Ave", "Blvd", "Brig", "Bros", "Calif", "Capt", "Cmdr",
    "Co", "Col", "Colo", "Conn", "Corp", "Cpl", "DR", "Dec", "Del", "Dept", "Dr", "Esq", "Feb",
    "Fig", "Fla", "Fr", "Ft", "Ga", "Gen", "Gov", "Hon", "Ill", "Inc", "Ind", "Jan", "Jr", "Jul",
    "Jun", "Kan", "Ky", "La", "Lt", "Ltd", "MR", "MRS", "MS", "Maj", "Mar", "Mass", "Md", "Messrs",
    "Mich", "Minn", "Miss", "Mlle", "Mme", "Mo", "Mont", "Mr", "Mrs", "Ms", "Mt", "Nov", "Oct",
    "Okla", "Ore", "Pa", "Pfc", "Ph", "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep",
    "Sept", "Sgt", "Sr", "St", "Supt", "Tenn", "Tex", "Va", "Vs", "Wash", "Wis", "Wyo", "al",
    "approx", "ca", "cf", "dept", "est", "etc", "ft", "vs",
];

/// Abbreviations that often end a sentence ("... Apple Inc. The company ...").
const SENTENCE_FINAL_ABBREVIATIONS: &[&str] = &[
    "Bros.", "Co.", "Corp.", "Inc.", "Jr.", "Ltd.", "Sr.", "a.m.", "etc.", "p.m.", "U.S.", "U.K.",
    "D.C.", "U.N.", "E.U.", "al.",
];

/// Capitalised words that usually start a sentence rather than continue a name.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "All",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "But",
    "By",
    "During",
    "For",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "Most",
    "No",
    "On",
    "One",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "To",
    "We",
    "What",
    "When",
    "While",
    "Yet",
    "You",
];

/// Prefixes that stay attached across a hyphen (UD English: `non-profit`, `co-founder`).
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "co", "counter", "cross", "e", "ex", "inter", "intra", "mid", "mini", "multi", "non",
    "post", "pre", "pro", "re", "semi", "sub", "super", "trans", "ultra",
];

/// Top-level domains that make `name.tld` one token.
const DOMAINS: &[&str] = &[
    "au", "biz", "ca", "ch", "cn", "co", "com", "de", "dk", "edu", "es", "eu", "fr", "gov", "in",
    "info", "io", "it", "jp", "net", "nl", "org", "ru", "se", "tv", "uk", "us",
];

/// Contractions UD splits into two words with no apostrophe: `cannot` -> `can` `not`.
pub(crate) const FUSED: &[(&str, usize)] = &[
    ("cannot", 3),
    ("Cannot", 3),
    ("gonna", 3),
    ("Gonna", 3),
    ("gotta", 3),
    ("Gotta", 3),
    ("wanna", 3),
    ("Wanna", 3),
    ("lotta", 3),
    ("outta", 3),
    ("gimme", 3),
    ("lemme", 3),
];

pub(crate) fn is_abbreviation(word: &str, extra: &[String]) -> bool {
    // PERF: every word before a period asks; the built-in list has short words only, so
    // longer words skip the search (benches/tokenize.rs).
    (word.len() <= 6 && ABBREVIATIONS.binary_search(&word).is_ok())
        || (!extra.is_empty() && extra.iter().any(|e| e == word))
}

pub(crate) fn is_sentence_final_abbreviation(token: &str) -> bool {
    SENTENCE_FINAL_ABBREVIATIONS.contains(&token)
}

pub(crate) fn is_sentence_starter(word: &str) -> bool {
    SENTENCE_STARTERS.binary_search(&word).is_ok()
}

pub(crate) fn is_hyphen_prefix(word: &str) -> bool {
    word.len() <= 7 && HYPHEN_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

pub(crate) fn is_domain(word: &str) -> bool {
    DOMAINS.binary_search(&word).is_ok()
}

/// Abbreviations that keep their period only before a number: `No. 5`, `p. 330`, `c. 347`.
pub(crate) fn is_abbreviation_before_number(word: &str) -> bool {
    matches!(
        word,
        "No" | "no"
            | "Nos"
            | "nos"
            | "c"
            | "p"
            | "pp"
            | "b"
            | "d"
            | "m"
            | "fig"
            | "vol"
            | "Art"
            | "art"
            | "ch"
            | "Ch"
            | "para"
    )
}

/// Particles and suffixes that stay attached after a hyphen: `stand-ins`, `touch-ups`,
/// `nutrition-wise`.
pub(crate) fn is_hyphen_suffix(word: &str) -> bool {
    matches!(
        word,
        "in" | "ins" | "out" | "outs" | "up" | "ups" | "off" | "offs" | "wise"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_short() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 6));
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [ABBREVIATIONS, SENTENCE_STARTERS, DOMAINS] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }
}
