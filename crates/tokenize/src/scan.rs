//! The token scanner: whitespace-separated chunks, then UD-style splitting inside each.

use gleaner_doc::{Shape, Span, Token, TokenKind};

use crate::words;

/// The character at byte `i` and its length; ASCII without decoding.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        // `i` is always on a char boundary: every caller advances by whole chars.
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }
}

#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters that continue a word: letters, digits and combining marks.
#[inline]
fn is_wordchar(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        // General Punctuation (curly quotes, dashes): frequent in news, never letters.
        false
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

#[inline]
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Pieces that join onto an emoji or symbol: variation selectors, skin tones, keycaps.
#[inline]
fn is_symbol_extender(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')
        || is_mark(c)
}

#[inline]
fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_punct_char(c: char) -> bool {
    if c.is_ascii() {
        matches!(
            c,
            '!' | '"'
                | '\''
                | '('
                | ')'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '['
                | ']'
                | '{'
                | '}'
                | '`'
                | '_'
                | '*'
                | '\\'
        )
    } else {
        matches!(c,
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{00A1}' | '\u{00A7}'
            | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}')
    }
}

/// Splits `text` into tokens, appending them to `out`.
/// Byte classes for the scanning loop.
const WS: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const HIGH: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            HIGH
        } else if c.is_ascii_whitespace() || c == 0x0B {
            WS
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else {
            0
        };
        i += 1;
    }
    t
};

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit of each byte of `x` set where that byte is in `lo..=hi` (all ASCII).
#[inline]
fn in_range_mask(x: u64, lo: u8, hi: u8) -> u64 {
    // Bytes below 0x80 cannot carry into their neighbours with these offsets.
    let ge_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let gt_hi = x.wrapping_add(ONES * u64::from(0x7F - hi));
    ge_lo & !gt_hi & !x & HIGH_BITS
}

#[inline]
fn ascii_letter_mask(x: u64) -> u64 {
    in_range_mask(x | (ONES * 0x20), b'a', b'z') & !x & HIGH_BITS
}

#[inline]
fn ascii_upper_mask(x: u64) -> u64 {
    in_range_mask(x, b'A', b'Z')
}

pub(crate) fn scan(text: &str, extra_abbrevs: &[String], out: &mut Vec<Token>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut s = Scanner {
        text,
        extra_abbrevs,
        out,
    };
    // PERF: a table-driven loop finds each whitespace-free chunk and, on the way, the
    // length and capitals of its leading ASCII letters, so plain words need no second
    // look (benches/tokenize.rs).
    while i < n {
        let class = CLASS[b[i] as usize];
        if class == WS {
            i += 1;
            continue;
        }
        if class == HIGH {
            let (ch, len) = char_at(text, i);
            if is_space(ch) {
                i += len;
                continue;
            }
        }
        let start = i;
        let mut upper = 0usize;
        // PERF: eight bytes at a time while they are all ASCII letters; words rarely end
        // inside the fast loop, so the per-byte branch mispredictions mostly go away
        // (benches/tokenize.rs).
        while i + 8 <= n {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i..i + 8]);
            let x = u64::from_le_bytes(w);
            let letters = ascii_letter_mask(x);
            let run = (!letters & HIGH_BITS).trailing_zeros() as usize / 8;
            let keep = if run == 8 {
                u64::MAX
            } else {
                (1u64 << (run * 8)) - 1
            };
            upper += (ascii_upper_mask(x) & keep).count_ones() as usize;
            i += run;
            if run < 8 {
                break;
            }
        }
        while i < n {
            let k = CLASS[b[i] as usize];
            if k & (UPPER | LOWER) == 0 {
                break;
            }
            upper += usize::from(k == UPPER);
            i += 1;
        }
        let letters = i - start;
        while i < n {
            let k = CLASS[b[i] as usize];
            if k == WS {
                break;
            }
            if k == HIGH {
                let (ch, len) = char_at(text, i);
                if is_space(ch) {
                    break;
                }
                i += len;
            } else {
                i += 1;
            }
        }
        s.chunk(start, letters, upper, i);
    }
}

struct Scanner<'a, 'o> {
    text: &'a str,
    extra_abbrevs: &'a [String],
    out: &'o mut Vec<Token>,
}

impl Scanner<'_, '_> {
    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        debug_assert!(start < end);
        // A punctuation mark has no letters, digits or inner marks to describe.
        let shape = if kind == TokenKind::Punct {
            Shape::empty()
        } else {
            shape_of(&self.text[start..end])
        };
        self.out.push(Token {
            span: Span::new(start, end),
            kind,
            shape,
        });
    }

    /// Pushes an all-ASCII-letter word, computing its shape from bytes.
    #[inline]
    fn push_ascii_word(&mut self, start: usize, end: usize, upper: usize) {
        let b = &self.text.as_bytes()[start..end];
        let mut shape = Shape::ALPHA;
        if b[0].is_ascii_uppercase() {
            shape.insert(Shape::CAPITALIZED);
        } else {
            shape.insert(Shape::LOWER_START);
        }
        if upper == b.len() && b.len() >= 2 {
            shape.insert(Shape::ALL_CAPS);
        }
        self.out.push(Token {
            span: Span::new(start, end),
            kind: TokenKind::Word,
            shape,
        });
    }

    /// Tokenizes one whitespace-free chunk `[start, end)`.
    /// `letters` and `upper`: length and capitals of the chunk's leading ASCII letters.
    fn chunk(&mut self, start: usize, letters: usize, upper: usize, end: usize) {
        let chunk = &self.text[start..end];
        // PERF: fast path for the common chunks — a plain ASCII word, alone or followed by
        // one comma-like mark — which skips the rule machinery (benches/tokenize.rs).
        let b = chunk.as_bytes();
        // A word and its sentence-final period, unless the word is an abbreviation or an
        // initial that keeps the period.
        let word_period = letters + 1 == b.len()
            && b[letters] == b'.'
            && letters > 1
            && !self.keeps_period(&chunk[..letters])
            && !words::is_abbreviation_before_number(&chunk[..letters]);
        if letters > 0
            && (letters == b.len()
                || word_period
                || (letters + 1 == b.len()
                    && matches!(b[letters], b',' | b';' | b':' | b'?' | b'!' | b')')))
            && fused_split(&chunk[..letters]).is_none()
        {
            self.push_ascii_word(start, start + letters, upper);
            if letters < b.len() {
                self.out.push(Token {
                    span: Span::new(start + letters, end),
                    kind: TokenKind::Punct,
                    shape: Shape::empty(),
                });
            }
            return;
        }
        let mut p = start;
        while p < end {
            p = self.next(p, start, end);
        }
    }

    /// Emits the token(s) starting at `p` inside the chunk `[cs, ce)`; returns the next position.
    fn next(&mut self, p: usize, cs: usize, ce: usize) -> usize {
        let t = self.text;
        let rest = &t[p..ce];
        let (c, clen) = char_at(t, p);

        if let Some(len) = url_len(rest) {
            self.push(p, p + len, TokenKind::Url);
            return p + len;
        }
        if is_wordchar(c) {
            if let Some(len) = email_len(rest) {
                self.push(p, p + len, TokenKind::Email);
                return p + len;
            }
            return self.word(p, ce);
        }
        match c {
            '@' | '#' => {
                let mut q = p + 1;
                while q < ce {
                    let (d, dl) = char_at(t, q);
                    if is_wordchar(d) || d == '_' {
                        q += dl;
                    } else {
                        break;
                    }
                }
                if q > p + 1 && !t[p + 1..q].bytes().all(|d| d.is_ascii_digit()) {
                    let kind = if c == '@' {
                        TokenKind::Mention
                    } else {
                        TokenKind::Hashtag
                    };
                    self.push(p, q, kind);
                    return q;
                }
            }
            '.' => {
                let dots = rest.bytes().take_while(|&b| b == b'.').count();
                if dots >= 2 {
                    self.push(p, p + dots, TokenKind::Punct);
                    return p + dots;
                }
                // A leading decimal point: ".265".
                let prev_is_word = p > cs && is_wordchar(prev_char(t, p));
                if !prev_is_word && rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
                    let q = p + 1 + digits_len(&rest[1..]);
                    self.push(p, q, TokenKind::Number);
                    return q;
                }
            }
            '-' => {
                let dashes = rest.bytes().take_while(|&b| b == b'-').count();
                self.push(p, p + dashes, TokenKind::Punct);
                return p + dashes;
            }
            '(' if enclosed_item(rest) && (p == cs || !is_wordchar(prev_char(t, p))) => {
                self.push(p, p + 3, TokenKind::Punct);
                return p + 3;
            }
            '`' if rest.starts_with("``") => {
                self.push(p, p + 2, TokenKind::Punct);
                return p + 2;
            }
            '\'' if rest.starts_with("''") => {
                self.push(p, p + 2, TokenKind::Punct);
                return p + 2;
            }
            '\'' | '\u{2019}' | '\u{2018}' => {
                if let Some(len) = leading_apostrophe_len(rest, p == cs) {
                    let kind = if rest[clen..].starts_with(|d: char| d.is_ascii_digit()) {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    };
                    self.push(p, p + len, kind);
                    return p + len;
                }
            }
            _ => {}
        }
        // A single character, with anything that joins onto it (emoji modifiers, ZWJ sequences).
        let mut q = p + clen;
        let kind = if is_punct_char(c) {
            TokenKind::Punct
        } else {
            if is_regional_indicator(c) && q < ce && is_regional_indicator(char_at(t, q).0) {
                q += char_at(t, q).1;
            }
            while q < ce {
                let (d, dl) = char_at(t, q);
                if is_symbol_extender(d) {
                    q += dl;
                } else if d == '\u{200D}' && q + dl < ce {
                    q += dl + char_at(t, q + dl).1;
                } else {
                    break;
                }
            }
            TokenKind::Symbol
        };
        self.push(p, q, kind);
        q
    }

    /// A word or number starting at `p` (a word character); returns the next position.
    fn word(&mut self, p: usize, ce: usize) -> usize {
        let t = self.text;
        if let Some(len) = dotted_acronym_len(&t[p..ce]) {
            self.push(p, p + len, TokenKind::Word);
            return p + len;
        }
        let mut q = run_end(t, p, ce);
        let numeric = t.as_bytes()[p].is_ascii_digit();
        loop {
            if q >= ce {
                break;
            }
            let (c, clen) = char_at(t, q);
            let after = q + clen;
            let next = if after < ce {
                Some(char_at(t, after).0)
            } else {
                None
            };
            let cur = &t[p..q];
            match c {
                '.' => {
                    if numeric && all_numeric(cur) && next.is_some_and(|d| d.is_ascii_digit()) {
                        q = run_end(t, after, ce);
                        continue;
                    }
                    if next.is_some_and(|d| d.is_ascii_lowercase()) {
                        let e = run_end(t, after, ce);
                        let tail = &t[after..e];
                        let closes = e >= ce || !is_wordchar(char_at(t, e).0);
                        if closes && (words::is_domain(tail) || t[p..q].contains('.')) {
                            q = e;
                            if t[q..ce].starts_with('/') {
                                // A bare address with a path: "cra.org/resources/survey".
                                q += address_len(&t[q..ce]).unwrap_or(0);
                                break;
                            }
                            continue;
                        }
                    }
                    if !next.is_some_and(is_wordchar)
                        && (self.keeps_period(cur)
                            || (words::is_abbreviation_before_number(cur)
                                && t[after..]
                                    .trim_start()
                                    .starts_with(|d: char| d.is_ascii_digit()))
                            || (numeric && list_number(t, p, cur)))
                    {
                        q = after;
                    }
                    break;
                }
                ',' if numeric && all_numeric(cur) => {
                    let d = digits_len(&t[after..ce]);
                    let e = after + d;
                    if d == 3 && (e >= ce || !char_at(t, e).0.is_ascii_digit()) {
                        q = run_end(t, after, ce);
                        continue;
                    }
                    break;
                }
                ':' | '/' if numeric && all_numeric(cur) => {
                    if next.is_some_and(|d| d.is_ascii_digit()) {
                        q = run_end(t, after, ce);
                        continue;
                    }
                    break;
                }
                '&' => {
                    let e = if next.is_some_and(|d| d.is_ascii_uppercase()) {
                        run_end(t, after, ce)
                    } else {
                        after
                    };
                    if e > after
                        && cur.len() <= 3
                        && e - after <= 3
                        && cur.bytes().all(|b| b.is_ascii_uppercase())
                        && t[after..e].bytes().all(|b| b.is_ascii_uppercase())
                    {
                        q = e;
                        continue;
                    }
                    break;
                }
                '-' => {
                    match next {
                        Some(d) if is_wordchar(d) => {
                            let e = run_end(t, after, ce);
                            if !numeric
                                && (words::is_hyphen_prefix(cur)
                                    || words::is_hyphen_suffix(&t[after..e]))
                            {
                                q = e;
                                continue;
                            }
                            if numeric && joined_number(t, p, q, after, e, ce) {
                                q = e;
                                continue;
                            }
                        }
                        // A cut-off word: "f-", "pre- and post-war".
                        None if !numeric && after >= ce => q = after,
                        Some(d) if !numeric && (d == ',' || d == '/') => q = after,
                        _ => {}
                    }
                    break;
                }
                _ if is_apostrophe(c) => {
                    let rest = &t[after..ce];
                    let alen = apostrophe_suffix_len(rest);
                    // n't: "don't" -> "do" + "n't", "can't" -> "ca" + "n't".
                    if alen == 1
                        && rest.as_bytes()[0].eq_ignore_ascii_case(&b't')
                        && !cur.is_empty()
                        && cur.as_bytes()[cur.len() - 1].eq_ignore_ascii_case(&b'n')
                    {
                        let n_at = q - 1;
                        if n_at > p {
                            self.push(p, n_at, TokenKind::Word);
                        }
                        self.push(n_at, after + 1, TokenKind::Word);
                        return after + 1;
                    }
                    if alen > 0 && is_clitic(&rest[..alen]) {
                        self.emit_word(p, q, numeric);
                        self.push(q, after + alen, TokenKind::Word);
                        return after + alen;
                    }
                    if next.is_some_and(char::is_alphabetic) && !numeric {
                        q = run_end(t, after, ce);
                        continue;
                    }
                    break;
                }
                _ => break,
            }
        }
        self.emit_word(p, q, numeric);
        q
    }

    /// Pushes a word-like token, splitting fused forms (`cannot`) and unit suffixes (`5km`).
    fn emit_word(&mut self, p: usize, q: usize, numeric: bool) {
        let w = &self.text[p..q];
        if numeric {
            let digits = w.bytes().take_while(|b| b.is_ascii_digit()).count();
            if digits < w.len() && is_unit_suffix(&w[digits..]) {
                self.push(p, p + digits, TokenKind::Number);
                self.push(p + digits, q, TokenKind::Word);
                return;
            }
            self.push(p, q, TokenKind::Number);
            return;
        }
        if let Some(split) = fused_split(w) {
            self.push(p, p + split, TokenKind::Word);
            self.push(p + split, q, TokenKind::Word);
            return;
        }
        self.push(p, q, TokenKind::Word);
    }

    /// Whether `word` (without its period) keeps a following period.
    fn keeps_period(&self, word: &str) -> bool {
        let mut cs = word.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            // An initial: "J." (uppercase letters only; "a." is usually a list item or a word).
            return c.is_uppercase();
        }
        words::is_abbreviation(word, self.extra_abbrevs)
    }
}

fn prev_char(t: &str, p: usize) -> char {
    t[..p].chars().next_back().unwrap_or(' ')
}

/// End of the run of word characters starting at `p`.
#[inline]
fn run_end(t: &str, mut p: usize, ce: usize) -> usize {
    let b = t.as_bytes();
    while p < ce {
        let c = b[p];
        if c < 0x80 {
            if c.is_ascii_alphanumeric() {
                p += 1;
            } else {
                break;
            }
        } else {
            let (ch, l) = char_at(t, p);
            if is_wordchar(ch) {
                p += l;
            } else {
                break;
            }
        }
    }
    p
}

fn digits_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn all_numeric(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b':' | b'/'))
}

/// Numbers that stay whole across a hyphen: ISO dates and phone numbers.
fn joined_number(t: &str, p: usize, q: usize, after: usize, e: usize, ce: usize) -> bool {
    let left = &t[p..q];
    let right = &t[after..e];
    // The last part of 2022-09-19.
    if left.len() == 7 && left.as_bytes()[4] == b'-' && right.len() == 2 {
        return right.bytes().all(|b| b.is_ascii_digit());
    }
    if !left.bytes().all(|b| b.is_ascii_digit()) || !right.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // 2022-09-19
    if left.len() == 4 && right.len() == 2 && t[e..ce].len() >= 3 {
        let r = &t.as_bytes()[e..ce];
        if r[0] == b'-' && r[1].is_ascii_digit() && r[2].is_ascii_digit() {
            return true;
        }
    }
    // 225-5185, 201-592-4699
    (left.len() == 3 && (right.len() == 4 || right.len() == 3))
        || (left.len() == 3 && p > 0 && t.as_bytes()[p - 1] == b'-')
}

fn is_unit_suffix(s: &str) -> bool {
    matches!(
        s,
        "am" | "pm"
            | "km"
            | "kg"
            | "cm"
            | "mm"
            | "mg"
            | "ml"
            | "mph"
            | "kph"
            | "lb"
            | "lbs"
            | "ft"
            | "mi"
            | "GB"
            | "MB"
            | "KB"
            | "TB"
            | "GHz"
            | "MHz"
            | "kW"
            | "MW"
            | "GW"
            | "kWh"
            | "bn"
            | "m"
            | "g"
            | "k"
            | "K"
            | "B"
            | "M"
    )
}

fn fused_split(w: &str) -> Option<usize> {
    // PERF: length and first letter rule out nearly every word before any comparison.
    if !(5..=6).contains(&w.len())
        || !matches!(w.as_bytes()[0] | 0x20, b'c' | b'g' | b'w' | b'l' | b'o')
    {
        return None;
    }
    words::FUSED
        .iter()
        .find(|(f, _)| *f == w)
        .map(|&(_, at)| at)
}

/// Length of the letters right after an apostrophe, when they end the word.
fn apostrophe_suffix_len(rest: &str) -> usize {
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    match rest[n..].chars().next() {
        Some(c) if is_wordchar(c) => 0,
        _ => n,
    }
}

fn is_clitic(s: &str) -> bool {
    let mut buf = [0u8; 2];
    if s.len() > 2 {
        return false;
    }
    for (i, b) in s.bytes().enumerate() {
        buf[i] = b.to_ascii_lowercase();
    }
    matches!(&buf[..s.len()], b"s" | b"re" | b"ll" | b"ve" | b"d" | b"m")
}

/// A token that starts with an apostrophe: a clitic standing alone ("'s" in pre-tokenized
/// text, "’re") or an abbreviated year ("'71", "'60s").
fn leading_apostrophe_len(rest: &str, chunk_start: bool) -> Option<usize> {
    let alen = rest.chars().next()?.len_utf8();
    let tail = &rest[alen..];
    let d = digits_len(tail);
    if d == 2 {
        let s = usize::from(tail[2..].starts_with('s'));
        let after = tail[2 + s..].chars().next();
        if !after.is_some_and(is_wordchar) {
            return Some(alen + 2 + s);
        }
    }
    if chunk_start && !rest.starts_with('\u{2018}') {
        let n = apostrophe_suffix_len(tail);
        if n > 0 && is_clitic(&tail[..n]) && tail[n..].chars().all(is_punct_char) {
            return Some(alen + n);
        }
    }
    None
}

/// `U.S.`, `e.g.`, `a.m.`, `Ph.D.`: groups of one or two letters, each with a period,
/// at least one group a single letter; also `U.S` (capitals, last period missing).
fn dotted_acronym_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let mut i = 0;
    let mut groups = 0;
    let mut single = false;
    loop {
        let mut j = i;
        while j < b.len() && j - i < 3 && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        let len = j - i;
        if len == 0 || len > 2 {
            break;
        }
        if j < b.len() && b[j] == b'.' {
            groups += 1;
            single |= len == 1;
            i = j + 1;
            continue;
        }
        // "U.S" without its final period: single capitals only.
        if groups >= 1
            && len == 1
            && b[i].is_ascii_uppercase()
            && b[..i].iter().all(|c| *c == b'.' || c.is_ascii_uppercase())
            && !rest[j..].starts_with(is_wordchar)
        {
            return Some(j);
        }
        break;
    }
    if groups < 2 || !single {
        return None;
    }
    match rest[i..].chars().next() {
        Some(c) if is_wordchar(c) => None,
        _ => Some(i),
    }
}

/// `(a)`, `(2)`: a list marker.
fn enclosed_item(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[1].is_ascii_alphanumeric()
        && b[2] == b')'
        && !rest[3..].starts_with(is_wordchar)
}

/// A list number keeping its period: "2." at the start of a line or after a colon.
fn list_number(t: &str, p: usize, cur: &str) -> bool {
    if cur.len() > 2 || !cur.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let before = t[..p].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with(['\n', '\r', ':'])
}

fn url_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let starts = |p: &str| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if !(starts("http://") || starts("https://") || starts("ftp://") || starts("www.")) {
        return None;
    }
    address_len(rest).filter(|&n| n > 4)
}

/// Length of an address or path running to the end of `rest`, less trailing punctuation.
fn address_len(rest: &str) -> Option<usize> {
    let mut end = rest.len();
    // Trailing punctuation belongs to the sentence, not the address; a closing bracket
    // stays only when the address opened one.
    while end > 0 {
        let c = rest[..end].chars().next_back()?;
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '\u{201D}' | '\u{2019}' | '>' => true,
            ')' => rest[..end].matches('(').count() < rest[..end].matches(')').count(),
            ']' => rest[..end].matches('[').count() < rest[..end].matches(']').count(),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= c.len_utf8();
    }
    Some(end)
}

/// `name@example.org` at the start of `rest`.
fn email_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let at = b.iter().position(|&c| c == b'@')?;
    let local_ok =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    if at == 0 || !b[..at].iter().all(|&c| local_ok(c)) {
        return None;
    }
    let mut end = at + 1;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'.' || b[end] == b'-') {
        end += 1;
    }
    while end > at + 1 && !b[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    let domain = &rest[at + 1..end];
    let tld = domain.rsplit('.').next()?;
    (domain.contains('.') && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()))
        .then_some(end)
}

/// Orthographic facts of a token's text.
pub(crate) fn shape_of(s: &str) -> Shape {
    if s.is_ascii() {
        return ascii_shape_of(s.as_bytes());
    }
    let mut shape = Shape::empty();
    let mut letters = 0usize;
    let mut upper = 0usize;
    let mut alpha = true;
    let last = s.len();
    for (i, c) in s.char_indices() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
                if i == 0 {
                    shape.insert(Shape::CAPITALIZED);
                }
            } else if i == 0 && c.is_lowercase() {
                shape.insert(Shape::LOWER_START);
            }
        } else {
            alpha = false;
            if c.is_ascii_digit() || c.is_numeric() {
                shape.insert(Shape::HAS_DIGIT);
            } else if i > 0 && i + c.len_utf8() < last {
                if c == '-' {
                    shape.insert(Shape::INNER_HYPHEN);
                } else if is_apostrophe(c) {
                    shape.insert(Shape::INNER_APOSTROPHE);
                }
            }
            if c == '.' && i > 0 {
                shape.insert(Shape::HAS_PERIOD);
            }
        }
        if !c.is_ascii() {
            shape.insert(Shape::NON_ASCII);
        }
    }
    if alpha && letters > 0 {
        shape.insert(Shape::ALPHA);
    }
    if letters >= 2 && upper == letters {
        shape.insert(Shape::ALL_CAPS);
    }
    shape
}

/// [`shape_of`] for ASCII text, byte by byte.
fn ascii_shape_of(b: &[u8]) -> Shape {
    let mut shape = Shape::empty();
    let (mut letters, mut upper) = (0usize, 0usize);
    let last = b.len().saturating_sub(1);
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_ascii_uppercase());
        } else if c.is_ascii_digit() {
            shape.insert(Shape::HAS_DIGIT);
        } else if i > 0 {
            match c {
                b'-' if i < last => shape.insert(Shape::INNER_HYPHEN),
                b'\'' if i < last => shape.insert(Shape::INNER_APOSTROPHE),
                b'.' => shape.insert(Shape::HAS_PERIOD),
                _ => {}
            }
        }
    }
    match b.first() {
        Some(c) if c.is_ascii_uppercase() => shape.insert(Shape::CAPITALIZED),
        Some(c) if c.is_ascii_lowercase() => shape.insert(Shape::LOWER_START),
        _ => {}
    }
    if letters > 0 && letters == b.len() {
        shape.insert(Shape::ALPHA);
    }
    if letters >= 2 && upper == letters {
        shape.insert(Shape::ALL_CAPS);
    }
    shape
}

#[cfg(test)]
mod swar_tests {
    use super::*;

    #[test]
    fn masks_match_byte_classes() {
        for b in 0u8..=255 {
            let x = u64::from(b) | (u64::from(b'a') << 8);
            let letter = ascii_letter_mask(x) & 0x80 != 0;
            let upper = ascii_upper_mask(x) & 0x80 != 0;
            assert_eq!(letter, b.is_ascii_alphabetic(), "byte {b:#x}");
            assert_eq!(upper, b.is_ascii_uppercase(), "byte {b:#x}");
        }
    }
}
