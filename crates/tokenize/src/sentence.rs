//! Sentence boundaries from tokens and the whitespace between them.

use gleaner_doc::{Shape, Span, Token, TokenKind};

use crate::words;

/// Layout facts about the document's lines, computed once per document.
pub(crate) struct Layout {
    /// Lines longer than this are running text of their own (one paragraph per line).
    wrap_width: usize,
    /// Whether the text looks hard-wrapped (several lines of similar width).
    wrapped: bool,
}

impl Layout {
    pub(crate) fn of(text: &str) -> Layout {
        let mut max = 0usize;
        let mut long = 0usize;
        let mut lines = 0usize;
        // Byte lengths: close enough to character counts for telling wrapped text apart.
        let b = text.as_bytes();
        let mut from = 0;
        // PERF: memchr finds line ends with SIMD; this pass runs once per document that
        // needs it (benches/tokenize.rs).
        for to in memchr::memchr_iter(b'\n', b).chain(std::iter::once(b.len())) {
            let line = &b[from..to];
            from = to + 1;
            let len = line.trim_ascii_end().len();
            if len == 0 {
                continue;
            }
            lines += 1;
            max = max.max(len);
            if len > 120 {
                long += 1;
            }
        }
        // Hard-wrapped prose keeps its lines under ~100 characters; a document whose
        // paragraphs are single long lines is not wrapped.
        let wrapped = lines >= 3 && long == 0 && max >= 40;
        Layout {
            wrap_width: max,
            wrapped,
        }
    }
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "\u{201D}" | "\u{2019}" | ")" | "]" | "}" | "''" | "\u{00BB}"
    )
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "?" | "!" | "..." | "\u{2026}" | "?!" | "!?")
        || (s.len() > 1 && s.bytes().all(|b| matches!(b, b'.' | b'?' | b'!')))
}

/// Appends sentence spans for `tokens` of `text` to `out`.
pub(crate) fn split(text: &str, tokens: &[Token], out: &mut Vec<Span>) {
    if tokens.is_empty() {
        return;
    }
    // Computed on first need: most sentence ends never look at the layout.
    let layout = std::cell::OnceCell::new();
    let layout = || layout.get_or_init(|| Layout::of(text));
    let n = tokens.len();
    let tok = |i: usize| &text[tokens[i].span];
    let mut start = 0usize;
    let mut i = 0usize;
    let mut cands = Candidates::new(text.as_bytes());
    while i < n {
        let mut end;
        let mut split_here;
        // PERF: only a token ending in . ? ! … or followed by a line break can end a
        // sentence; SIMD search finds those bytes and binary search their tokens, so the
        // tokens in between are never visited (benches/tokenize.rs).
        i = next_candidate(tokens, i, &mut cands);
        end = i;
        let t = tok(i);
        if is_terminal(t) || is_final_abbreviation(text, tokens, i) {
            // Closing quotes and brackets, then citation marks like "[17]", stay with the sentence.
            let mut quoted = false;
            while end + 1 < n && is_closer(tok(end + 1)) && attached_or_same_line(text, tokens, end)
            {
                if !matches!(tok(end + 1), ")" | "]" | "}") {
                    quoted = true;
                }
                end += 1;
            }
            while let Some(e) = citation_end(text, tokens, end) {
                end = e;
            }
            split_here = end + 1 >= n || ends_sentence(text, tokens, i, end, quoted, layout);
        } else if end + 1 < n {
            split_here = line_break_ends_sentence(text, tokens, end, layout);
        } else {
            split_here = true;
        }
        if !split_here && end + 1 < n && newlines_between(text, tokens, end) >= 2 {
            split_here = true;
        }
        if split_here || end + 1 >= n {
            out.push(Span::new(tokens[start].span.start, tokens[end].span.end));
            start = end + 1;
        }
        i = end + 1;
    }
}

fn gap<'t>(text: &'t str, tokens: &[Token], i: usize) -> &'t str {
    &text[tokens[i].span.end..tokens[i + 1].span.start]
}

fn newlines_between(text: &str, tokens: &[Token], i: usize) -> usize {
    gap(text, tokens, i).bytes().filter(|&b| b == b'\n').count()
        + gap(text, tokens, i)
            .bytes()
            .filter(|&b| b == b'\r')
            .count()
            .saturating_sub(gap(text, tokens, i).matches("\r\n").count())
}

fn attached_or_same_line(text: &str, tokens: &[Token], i: usize) -> bool {
    let g = gap(text, tokens, i);
    g.is_empty()
        || (!g.contains('\n') && !g.contains('\r') && {
            // A quote after a space closes the sentence only if it is a closing mark.
            let next = &text[tokens[i + 1].span];
            matches!(next, "\u{201D}" | ")" | "]" | "\u{00BB}")
        })
}

/// `[17]` or `[3, 4]` right after the sentence end.
fn citation_end(text: &str, tokens: &[Token], end: usize) -> Option<usize> {
    let n = tokens.len();
    if end + 3 > n || &text[tokens[end + 1].span] != "[" {
        return None;
    }
    if newlines_between(text, tokens, end) > 0 {
        return None;
    }
    let mut j = end + 2;
    while j < n && j < end + 8 {
        let t = &text[tokens[j].span];
        if t == "]" {
            return (j > end + 2).then_some(j);
        }
        if !(tokens[j].kind == TokenKind::Number || t == "," || t == "-" || t == "\u{2013}") {
            return None;
        }
        j += 1;
    }
    None
}

fn is_final_abbreviation(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &text[tokens[i].span];
    t.len() > 1 && t.ends_with('.') && {
        let next = tokens.get(i + 1);
        match next {
            None => true,
            Some(nx) => {
                let g = gap(text, tokens, i);
                if g.contains('\n') {
                    return true;
                }
                let w = &text[nx.span];
                words::is_sentence_final_abbreviation(t) && words::is_sentence_starter(w)
            }
        }
    }
}

/// Whether a sentence ends after token `end` (the last of a terminal, its closers and
/// citations; `i` is the terminal itself).
fn ends_sentence<'l>(
    text: &str,
    tokens: &[Token],
    i: usize,
    end: usize,
    quoted: bool,
    layout: impl Fn() -> &'l Layout,
) -> bool {
    let next = tokens[end + 1];
    let nt = &text[next.span];
    let terminal = &text[tokens[i].span];
    let newline = gap(text, tokens, end).contains('\n');
    let lower = next.is(Shape::LOWER_START);
    if newline {
        return !(lower && layout().wrapped);
    }
    if matches!(nt, "," | ";" | ":" | ")" | "]" | "}" | "." | "?" | "!") {
        return false;
    }
    if terminal.ends_with('.') && terminal.starts_with(char::is_alphanumeric) {
        // An abbreviation: is_final_abbreviation already checked the next word.
        return true;
    }
    match terminal {
        "?" | "!" | "?!" | "!?" => {
            // '"Are you here?" I asked.' continues the sentence; so does a dash.
            !(quoted && (lower || matches!(nt, "-" | "--" | "\u{2013}" | "\u{2014}")))
                && !speech_follows(text, tokens, end + 1)
        }
        "..." | "\u{2026}" => next.is(Shape::CAPITALIZED) && !quoted || (quoted && !lower),
        _ => {
            if lower {
                return false;
            }
            // "No. 5" style numbering is an abbreviation; a bare number after a period
            // usually starts a list item or a new sentence.
            true
        }
    }
}

/// A line break between tokens `i` and `i + 1` where no punctuation ends the sentence.
fn line_break_ends_sentence<'l>(
    text: &str,
    tokens: &[Token],
    i: usize,
    layout: impl Fn() -> &'l Layout,
) -> bool {
    let g = gap(text, tokens, i);
    let nl = g.bytes().filter(|&b| b == b'\n' || b == b'\r').count();
    if nl == 0 {
        return false;
    }
    let last = &text[tokens[i].span];
    // A line ending in a comma, hyphen or connector continues on the next line.
    if matches!(last, "," | "-" | "\u{2013}" | "&" | "(" | "/") {
        return false;
    }
    let line_start = text[..tokens[i].span.end].rfind('\n').map_or(0, |p| p + 1);
    let line = text[line_start..tokens[i].span.end].trim();
    let next = tokens[i + 1];
    let layout = layout();
    if !layout.wrapped {
        // One paragraph (or heading, or list item) per line.
        return true;
    }
    if is_heading(line) {
        return true;
    }
    if next.is(Shape::LOWER_START) {
        return false;
    }
    // Much shorter than the wrap width: the line stands alone.
    line.chars().count() * 10 < layout.wrap_width * 6
}

/// Title case, all caps, or a dateline: a line that reads as a heading.
fn is_heading(line: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
        "the", "to", "vs", "with",
    ];
    let mut words = 0;
    let mut caps = 0;
    for w in line.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        if c.is_uppercase() || c.is_numeric() {
            caps += 1;
        } else if !SMALL.contains(&w) {
            return false;
        }
    }
    words > 0 && words <= 14 && caps * 2 > words
}

/// A reporting verb right after a quotation: "... I asked", "... Mom says".
fn speech_follows(text: &str, tokens: &[Token], k: usize) -> bool {
    const VERBS: &[&str] = &[
        "added",
        "asked",
        "asks",
        "called",
        "cried",
        "replied",
        "said",
        "says",
        "shouted",
        "thought",
        "whispered",
        "wrote",
    ];
    tokens[k..]
        .iter()
        .take(3)
        .any(|t| VERBS.contains(&&text[t.span]))
}

/// Byte positions that may end a sentence, in order: `.` `?` `!`, the last byte of `…`
/// (0xA6, which no other character of the corpus alphabet ends with in a way that
/// matters: a false candidate is only looked at, never split on), and line breaks.
struct Candidates<'t> {
    punct: std::iter::Peekable<memchr::Memchr3<'t>>,
    lines: std::iter::Peekable<memchr::Memchr3<'t>>,
}

impl<'t> Candidates<'t> {
    fn new(b: &'t [u8]) -> Self {
        Candidates {
            punct: memchr::memchr3_iter(b'.', b'?', b'!', b).peekable(),
            lines: memchr::memchr3_iter(b'\n', b'\r', 0xA6, b).peekable(),
        }
    }

    /// The first candidate at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        while self.punct.peek().is_some_and(|&p| p < from) {
            self.punct.next();
        }
        while self.lines.peek().is_some_and(|&p| p < from) {
            self.lines.next();
        }
        match (self.punct.peek(), self.lines.peek()) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (Some(&a), None) => Some(a),
            (None, Some(&b)) => Some(b),
            (None, None) => None,
        }
    }
}

/// The first token at or after `i` that needs a closer look: it ends with a candidate
/// byte, a candidate byte lies in the gap after it, or it is the last token.
fn next_candidate(tokens: &[Token], mut i: usize, cands: &mut Candidates) -> usize {
    let n = tokens.len();
    loop {
        if i + 1 >= n {
            return n.saturating_sub(1).max(i);
        }
        let Some(p) = cands.next_from(tokens[i].span.end - 1) else {
            return n - 1;
        };
        // The first token ending after p: galloping search, since it is usually near i
        // (a binary search over all tokens would miss the cache at every step).
        let mut hi = 1;
        while i + hi < n && tokens[i + hi].span.end <= p {
            hi *= 2;
        }
        let lo = hi / 2;
        let window = &tokens[i + lo..(i + hi + 1).min(n)];
        let j = i + lo + window.partition_point(|t| t.span.end <= p);
        if j >= n {
            return n - 1;
        }
        if p < tokens[j].span.start {
            // In the gap before token j (j > i, since p >= end of token i minus one).
            return j - 1;
        }
        if p == tokens[j].span.end - 1 {
            return j;
        }
        // Inside a token ("U.S.", "3.5"): not an ending; look further.
        i = j;
        if cands.next_from(p + 1).is_none() {
            return n - 1;
        }
    }
}
