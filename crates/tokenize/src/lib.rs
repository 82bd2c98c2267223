//! Fast English tokenization and sentence splitting, as byte spans.
//!
//! [`Tokenizer`] turns text into [`Token`]s — half-open UTF-8 byte spans into the text,
//! never copies — following the Universal Dependencies English conventions (the GUM
//! and EWT treebanks): clitics split (`Moscow’s` → `Moscow` `’s`, `don't` → `do` `n't`),
//! hyphenated compounds split at the hyphen, numbers, abbreviations, URLs, e-mail
//! addresses, handles and hashtags whole. It then finds sentences, also as spans,
//! from punctuation and line layout; [`headline`] finds a document's title line.
//!
//! ```
//! use gleaner_tokenize::Tokenizer;
//!
//! let text = "Moscow’s envoy met Mr. Aliyev in Baku. They didn't sign.";
//! let tok = Tokenizer::new();
//! let a = tok.analyze(text);
//! let words: Vec<&str> = a.tokens.iter().map(|t| &text[t.span]).collect();
//! assert_eq!(&words[..4], ["Moscow", "’s", "envoy", "met"]);
//! assert!(words.contains(&"Mr.") && words.contains(&"n't"));
//! assert_eq!(a.sentences.len(), 2);
//! assert_eq!(&text[a.sentences[1]], "They didn't sign.");
//! ```
//!
//! # Guarantees
//! Tokens are sorted, non-overlapping, inside the text, on char boundaries, and never
//! contain whitespace; every non-whitespace character is inside exactly one token, so
//! tokens plus the gaps between them rebuild the text. Every token is inside exactly
//! one sentence. These hold for any input string (property-tested).
//!
//! # Performance
//! One pass over the bytes with an ASCII fast path, no allocation per token: reuse the
//! output vectors with [`Tokenizer::tokenize_into`] and [`Tokenizer::sentences_into`].
//! `cargo bench -p gleaner-tokenize` reports throughput in bytes per second.
//!
//! # Errors
//! None: every string can be tokenized.
#![deny(missing_docs)]

mod scan;
mod sentence;
mod words;

pub use gleaner_doc::{Shape, Span, Token, TokenKind};

/// Tokens and sentences of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Tokens, in order.
    pub tokens: Vec<Token>,
    /// Sentence spans, in order; each starts at a token start and ends at a token end.
    pub sentences: Vec<Span>,
}

/// An English tokenizer and sentence splitter. Cheap to clone, `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Tokenizer {
    extra_abbreviations: Vec<String>,
}

/// Builds a [`Tokenizer`] with extra configuration.
#[derive(Clone, Debug, Default)]
pub struct TokenizerBuilder {
    extra_abbreviations: Vec<String>,
}

impl TokenizerBuilder {
    /// Adds an abbreviation that keeps its period (give it without the period: `"Gov"`).
    pub fn abbreviation(mut self, word: impl Into<String>) -> TokenizerBuilder {
        let w = word.into();
        let w = w.strip_suffix('.').map(str::to_owned).unwrap_or(w);
        if !w.is_empty() {
            self.extra_abbreviations.push(w);
        }
        self
    }

    /// The tokenizer.
    pub fn build(self) -> Tokenizer {
        Tokenizer {
            extra_abbreviations: self.extra_abbreviations,
        }
    }
}

impl Tokenizer {
    /// A tokenizer with the default rules.
    pub fn new() -> Tokenizer {
        Tokenizer::default()
    }

    /// A builder for a tokenizer with extra rules.
    pub fn builder() -> TokenizerBuilder {
        TokenizerBuilder::default()
    }

    /// The tokens of `text`.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5);
        self.tokenize_into(text, &mut out);
        out
    }

    /// Replaces the contents of `out` with the tokens of `text`.
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        out.clear();
        scan::scan(text, &self.extra_abbreviations, out);
    }

    /// Replaces the contents of `out` with the sentences of `text`, given its tokens.
    pub fn sentences_into(&self, text: &str, tokens: &[Token], out: &mut Vec<Span>) {
        out.clear();
        sentence::split(text, tokens, out);
    }

    /// Tokens and sentences of `text`.
    pub fn analyze(&self, text: &str) -> Analysis {
        let tokens = self.tokenize(text);
        let mut sentences = Vec::new();
        self.sentences_into(text, &tokens, &mut sentences);
        Analysis { tokens, sentences }
    }
}

/// The document's headline: its first line, when that line is a sentence of its own
/// without final punctuation (or a question) and more text follows.
///
/// ```
/// use gleaner_tokenize::{headline, Tokenizer};
/// let text = "Putin Visits Baku\nThe Russian president arrived on Monday.";
/// let a = Tokenizer::new().analyze(text);
/// assert_eq!(headline(text, &a.sentences).map(|s| &text[s]), Some("Putin Visits Baku"));
/// ```
pub fn headline(text: &str, sentences: &[Span]) -> Option<Span> {
    let first = *sentences.first()?;
    sentences.get(1)?;
    let line_end = text[first.start..]
        .find(['\n', '\r'])
        .map(|p| first.start + p)?;
    if first.end > line_end || text[first.end..line_end].trim() != "" {
        return None;
    }
    if text[..first.start].trim() != "" || first.len() > 300 {
        return None;
    }
    let head = &text[first];
    if head.ends_with(['.', ',', ';', ':']) || !head.starts_with(char::is_uppercase) {
        return None;
    }
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<&str> {
        Tokenizer::new()
            .tokenize(text)
            .iter()
            .map(|t| &text[t.span])
            .collect()
    }

    #[test]
    fn shapes() {
        let text = "NATO U.S. Baku 2022 non-profit O'Brien x";
        let toks = Tokenizer::new().tokenize(text);
        let s: Vec<Shape> = toks.iter().map(|t| t.shape).collect();
        assert!(s[0].contains(Shape::ALL_CAPS | Shape::CAPITALIZED | Shape::ALPHA));
        assert!(s[1].contains(Shape::ALL_CAPS | Shape::HAS_PERIOD));
        assert!(s[2].contains(Shape::CAPITALIZED) && !s[2].contains(Shape::ALL_CAPS));
        assert!(s[3].contains(Shape::HAS_DIGIT));
        assert_eq!(toks[3].kind, TokenKind::Number);
        assert!(s[4].contains(Shape::INNER_HYPHEN));
        assert!(s[5].contains(Shape::INNER_APOSTROPHE));
        assert!(s[6].contains(Shape::LOWER_START));
    }

    #[test]
    fn kinds() {
        let text = "see https://example.org/a?b=1, mail a.b@example.com or @POTUS #tag 3.5 $ 😀";
        let toks = Tokenizer::new().tokenize(text);
        let kinds: Vec<(&str, TokenKind)> = toks.iter().map(|t| (&text[t.span], t.kind)).collect();
        assert!(kinds.contains(&("https://example.org/a?b=1", TokenKind::Url)));
        assert!(kinds.contains(&("a.b@example.com", TokenKind::Email)));
        assert!(kinds.contains(&("@POTUS", TokenKind::Mention)));
        assert!(kinds.contains(&("#tag", TokenKind::Hashtag)));
        assert!(kinds.contains(&("3.5", TokenKind::Number)));
        assert!(kinds.contains(&("$", TokenKind::Symbol)));
        assert!(kinds.contains(&("😀", TokenKind::Symbol)));
        assert!(kinds.contains(&(",", TokenKind::Punct)));
    }

    #[test]
    fn builder_abbreviation() {
        let text = "Talk to Supv. Jones";
        assert_eq!(surfaces(text), ["Talk", "to", "Supv", ".", "Jones"]);
        let tok = Tokenizer::builder().abbreviation("Supv.").build();
        let got: Vec<&str> = tok.tokenize(text).iter().map(|t| &text[t.span]).collect();
        assert_eq!(got, ["Talk", "to", "Supv.", "Jones"]);
    }

    #[test]
    fn headline_needs_a_line_of_its_own() {
        let t = Tokenizer::new();
        let text = "One sentence. Another one.";
        assert_eq!(headline(text, &t.analyze(text).sentences), None);
        let text = "Storm Hits Coast\n\nWinds reached 100 km/h.";
        let a = t.analyze(text);
        assert_eq!(
            headline(text, &a.sentences).map(|s| &text[s]),
            Some("Storm Hits Coast")
        );
        let text = "Only a title";
        assert_eq!(headline(text, &t.analyze(text).sentences), None);
    }
}
