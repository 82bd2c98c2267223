//! Dates, times, money, percentages, quantities, ordinals and cardinals.

use std::sync::OnceLock;

use gleaner_doc::{EntityLabel, Shape, Token, TokenKind};

use crate::lexicon::{Prefilter, ascii_lower16, load16};

/// A value mention over tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
}

const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "m", "k",
];

const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
];

const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "hundredth",
    "thousandth",
];

const DATE_UNITS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "weekend",
    "quarter",
    "quarters",
    "season",
    "seasons",
];

const TIME_UNITS: &[&str] = &[
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "morning",
    "afternoon",
    "evening",
    "night",
    "nights",
];

const CURRENCY_WORDS: &[&str] = &[
    "dollars",
    "dollar",
    "euros",
    "euro",
    "pounds",
    "sterling",
    "yen",
    "yuan",
    "rubles",
    "roubles",
    "rupees",
    "manat",
    "francs",
    "pesos",
    "won",
    "lira",
    "shillings",
    "rand",
    "dirhams",
    "riyals",
    "cents",
    "pence",
];

const QUANTITY_UNITS: &[&str] = &[
    "km",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "metre",
    "meter",
    "feet",
    "foot",
    "inches",
    "inch",
    "cm",
    "mm",
    "kg",
    "kilograms",
    "kilogram",
    "grams",
    "tonnes",
    "tons",
    "tonne",
    "ton",
    "pounds",
    "lbs",
    "lb",
    "barrels",
    "litres",
    "liters",
    "gallons",
    "acres",
    "hectares",
    "degrees",
    "megawatts",
    "gigawatts",
    "MW",
    "GW",
    "kWh",
    "mph",
    "knots",
    "square",
    "cubic",
];

const MODIFIERS: &[&str] = &[
    "about",
    "almost",
    "around",
    "approximately",
    "nearly",
    "over",
    "roughly",
    "some",
    "under",
    "up",
    "least",
    "more",
    "less",
    "fewer",
    "than",
    "to",
];

const PERCENT_WORDS: &[&str] = &["percent", "per"];

const RELATIVE_DATES: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "decades",
    "weekly",
    "annually",
];

const DATE_DETERMINERS: &[&str] = &[
    "last", "next", "this", "past", "coming", "previous", "recent", "same", "early", "late",
];

// PERF: one hash lookup classifies a word against every list above, instead of a linear
// scan per list (benches/tag.rs).
const SCALES_BIT: u32 = 1 << 0;
const NUMBER_WORDS_BIT: u32 = 1 << 1;
const ORDINALS_BIT: u32 = 1 << 2;
const DATE_UNITS_BIT: u32 = 1 << 3;
const TIME_UNITS_BIT: u32 = 1 << 4;
const CURRENCY_WORDS_BIT: u32 = 1 << 5;
const QUANTITY_UNITS_BIT: u32 = 1 << 6;
const MODIFIERS_BIT: u32 = 1 << 7;
const RELATIVE_DATES_BIT: u32 = 1 << 8;
const DATE_DETERMINERS_BIT: u32 = 1 << 9;
const PERCENT_WORDS_BIT: u32 = 1 << 10;

/// Every list word, packed as an integer ([`pack16`]), with the bits of its lists, in an
/// open-addressed table, and the list words' shapes, lower-case and capitalised.
// PERF: integer keys in a small table of their own, probed in a few instructions with no
// hasher or `OnceLock` per word (callgrind on examples/tag_dir.rs: the class lookup runs for
// every token and was 7% of tagging with a hash map).
struct Classes {
    keys: Box<[u128; SLOTS]>,
    bits: Box<[u32; SLOTS]>,
    prefilter: Prefilter,
}

/// Table slots: a power of two, about four times the number of list words.
const SLOTS: usize = 1024;

#[inline]
fn slot(k: u128) -> usize {
    let h = ((k as u64) ^ ((k >> 64) as u64).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

impl Classes {
    /// The lists `t` (compared case-insensitively) belongs to, as bits.
    #[inline]
    fn of(&self, t: &str) -> u32 {
        let b = t.as_bytes();
        if b.is_empty() || b.len() > 16 || !b[0].is_ascii_alphabetic() {
            return 0;
        }
        if !self.prefilter.may_contain(t) {
            return 0;
        }
        // PERF: lower-cased in registers, not byte by byte (examples/tag_dir.rs).
        let k = ascii_lower16(load16(b));
        let mut i = slot(k);
        // Keys are never zero (a word has a first byte), so zero marks an empty slot.
        loop {
            let here = self.keys[i];
            if here == k {
                return self.bits[i];
            }
            if here == 0 {
                return 0;
            }
            i = (i + 1) % SLOTS;
        }
    }
}

fn classes() -> &'static Classes {
    static C: OnceLock<Classes> = OnceLock::new();
    C.get_or_init(|| {
        let mut c = Classes {
            keys: Box::new([0; SLOTS]),
            bits: Box::new([0; SLOTS]),
            prefilter: Prefilter::default(),
        };
        let lists: [(&[&str], u32); 11] = [
            (SCALES, SCALES_BIT),
            (NUMBER_WORDS, NUMBER_WORDS_BIT),
            (ORDINALS, ORDINALS_BIT),
            (DATE_UNITS, DATE_UNITS_BIT),
            (TIME_UNITS, TIME_UNITS_BIT),
            (CURRENCY_WORDS, CURRENCY_WORDS_BIT),
            (QUANTITY_UNITS, QUANTITY_UNITS_BIT),
            (MODIFIERS, MODIFIERS_BIT),
            (RELATIVE_DATES, RELATIVE_DATES_BIT),
            (DATE_DETERMINERS, DATE_DETERMINERS_BIT),
            (PERCENT_WORDS, PERCENT_WORDS_BIT),
        ];
        for (list, bit) in lists {
            for w in list {
                // Keys are stored as written: lookups lower-case the token, so a key with
                // capitals ("MW") is never found, as before.
                if let Some(k) = pack16(w.as_bytes()) {
                    let mut i = slot(k);
                    while c.keys[i] != 0 && c.keys[i] != k {
                        i = (i + 1) % SLOTS;
                    }
                    c.keys[i] = k;
                    c.bits[i] |= bit;
                }
                c.prefilter.insert(w);
                // Capitalised forms too ("Two", "Last"): the filter is case-sensitive.
                let mut cap = w.to_string();
                cap[..1].make_ascii_uppercase();
                c.prefilter.insert(&cap);
            }
        }
        c
    })
}

/// A word of one to sixteen bytes as an integer (zero-padded).
fn pack16(b: &[u8]) -> Option<u128> {
    (!b.is_empty() && b.len() <= 16).then(|| load16(b))
}

fn is_year(t: &str) -> bool {
    t.len() == 4
        && t.bytes().all(|b| b.is_ascii_digit())
        && matches!(t.as_bytes()[0], b'1' | b'2')
        && (1000..=2199).contains(&t.parse::<u32>().unwrap_or(0))
}

fn is_decade(t: &str) -> bool {
    (t.len() == 5 && t.ends_with('s') && is_year(&t[..4]))
        || (t.len() == 4 && t.starts_with('\'') && t.ends_with('s'))
}

fn is_number(tok: Token, t: &str, cls: u32) -> bool {
    tok.kind == TokenKind::Number && t.as_bytes()[0].is_ascii_digit() || cls & NUMBER_WORDS_BIT != 0
}

fn is_ordinal(t: &str, cls: u32) -> bool {
    cls & ORDINALS_BIT != 0
        || (t.len() >= 3
            && t.as_bytes()[0].is_ascii_digit()
            && (t.ends_with("st") || t.ends_with("nd") || t.ends_with("rd") || t.ends_with("th"))
            && t[..t.len() - 2].bytes().all(|b| b.is_ascii_digit()))
}

/// Finds value mentions. `month[i]` / `weekday[i]` / `holiday[i]` mark calendar words.
pub(crate) fn find(
    tokens: &[Token],
    words: &[&str],
    calendar: &[u8],
    out: &mut Vec<Value>,
    cls: &mut Vec<u32>,
    starts: &mut Vec<usize>,
) {
    let n = tokens.len();
    let s = |i: usize| words[i];
    let classes = classes();
    cls.clear();
    starts.clear();
    // A plain word in none of the lists, or punctuation, starts no value; the others are
    // the places the scan below stops at.
    // PERF: found in the pass that classifies the words; the scan jumps from one to the
    // next instead of testing every token again (callgrind on examples/tag_dir.rs: most
    // tokens start nothing, and that test was about 3% of tagging).
    // PERF: the classes in one `extend` (no capacity test per token; callgrind on
    // examples/tag_dir.rs).
    cls.extend(words.iter().map(|w| classes.of(w)));
    for (k, ((w, t), (&cal, &c))) in words
        .iter()
        .zip(tokens)
        .zip(calendar.iter().zip(cls.iter()))
        .enumerate()
    {
        let plain = c == 0
            && cal == 0
            && match t.kind {
                TokenKind::Word => w.as_bytes().first().is_some_and(u8::is_ascii_alphabetic),
                TokenKind::Punct => true,
                _ => false,
            };
        if !plain {
            starts.push(k);
        }
    }
    let cls = &cls[..];
    let mut next = 0;
    let mut i = 0;
    // Records a value over tokens `a..e` and continues scanning after it.
    macro_rules! emit {
        ($a:expr, $e:expr, $label:ident) => {{
            let (a, e) = ($a, $e);
            out.push(Value {
                start: a,
                end: e,
                label: EntityLabel::$label,
            });
            i = e;
            continue;
        }};
    }
    while i < n {
        // The next token at or after `i` that may start a value.
        while next < starts.len() && starts[next] < i {
            next += 1;
        }
        match starts.get(next) {
            Some(&k) => i = k,
            None => break,
        }
        let t = s(i);
        let start = i;
        // Money: $2 billion, €40 million, US$ 5.
        if matches!(t, "$" | "€" | "£" | "¥" | "US$" | "C$" | "A$")
            && i + 1 < n
            && is_number(tokens[i + 1], s(i + 1), cls[i + 1])
        {
            let mut j = i + 2;
            while j < n && (cls[j] & SCALES_BIT != 0) {
                j += 1;
            }
            let a = with_modifiers(words, cls, start);
            emit!(a, j, Money);
        }
        if is_number(tokens[i], t, cls[i]) && !is_decade(t) {
            let mut j = i + 1;
            // Number words and scales run together: "two hundred", "3.5 million".
            while j < n
                && ((cls[j] & SCALES_BIT != 0)
                    || ((cls[j] & NUMBER_WORDS_BIT != 0) && !tokens[i].is(Shape::HAS_DIGIT)))
            {
                j += 1;
            }
            // "hundreds of thousands", "dozens of millions".
            if j == i + 1
                && j + 1 < n
                && s(j) == "of"
                && matches!(s(j + 1), "thousands" | "millions" | "billions")
                && t.ends_with('s')
                && cls[i] & NUMBER_WORDS_BIT != 0
            {
                j += 2;
            }
            let next = if j < n { s(j) } else { "" };
            let a = with_modifiers(words, cls, start);
            let adjacent = |x: usize| x < n && tokens[x - 1].span.end == tokens[x].span.start;
            // A score or a tally: "won 3-1", "6-4, 3-6" (one- or two-digit numbers).
            if j == i + 1
                && next == "-"
                && adjacent(j)
                && adjacent(j + 1)
                && tokens[j + 1].kind == TokenKind::Number
                && t.len() <= 2
                && s(j + 1).len() <= 2
                && t.bytes()
                    .chain(s(j + 1).bytes())
                    .all(|b| b.is_ascii_digit())
            {
                emit!(a, j + 2, Cardinal);
            }
            // "200,000 Kenyan shillings", "5 million Hong Kong dollars".
            if let Some(c) = (j + 1..(j + 3).min(n)).find(|&c| cls[c] & CURRENCY_WORDS_BIT != 0) {
                if (j..c)
                    .all(|k| tokens[k].is(Shape::CAPITALIZED) && !tokens[k].is(Shape::ALL_CAPS))
                {
                    emit!(a, c + 1, Money);
                }
            }
            // 2022-09-19, 10:30
            if tokens[i].kind == TokenKind::Number && t.len() == 10 && t.as_bytes()[4] == b'-' {
                emit!(i, j, Date);
            }
            if t.contains(':') && t.as_bytes()[0].is_ascii_digit() {
                let mut e = j;
                if e < n && matches!(s(e), "a.m." | "p.m." | "am" | "pm" | "GMT" | "UTC") {
                    e += 1;
                }
                emit!(i, e, Time);
            }
            if matches!(next, "a.m." | "p.m." | "am" | "pm") {
                emit!(i, j + 1, Time);
            }
            // "2100 GMT": a clock time in datelines.
            if matches!(next, "GMT" | "UTC") && t.len() == 4 && j == i + 1 {
                emit!(i, j + 1, Time);
            }
            // "7 per cent", but not "15,500 per dollar".
            let per = next.eq_ignore_ascii_case("per");
            if next == "%"
                || (j < n
                    && cls[j] & PERCENT_WORDS_BIT != 0
                    && (!per || j + 1 < n && s(j + 1) == "cent"))
            {
                emit!(a, if per { j + 2 } else { j + 1 }, Percent);
            }
            if j < n && cls[j] & CURRENCY_WORDS_BIT != 0 {
                emit!(a, j + 1, Money);
            }
            if j < n && cls[j] & QUANTITY_UNITS_BIT != 0 {
                let mut e = j + 1;
                if matches!(next, "square" | "cubic") && e < n {
                    e += 1;
                }
                emit!(a, e, Quantity);
            }
            // "two-day", "three decades", "the past two years"
            let hyphen_unit = next == "-" && j + 1 < n && (cls[j + 1] & DATE_UNITS_BIT != 0);
            if hyphen_unit || (j < n && cls[j] & DATE_UNITS_BIT != 0) {
                let e = if hyphen_unit { j + 2 } else { j + 1 };
                let mut a = a;
                if a >= 1
                    && (cls[a - 1] & DATE_DETERMINERS_BIT != 0)
                    && !s(a - 1).eq_ignore_ascii_case("this")
                {
                    a -= 1;
                    if a >= 1 && s(a - 1).eq_ignore_ascii_case("the") {
                        a -= 1;
                    }
                }
                let ago = e < n && s(e) == "ago";
                // "a 27-year-old": the age is one DATE.
                let old_age = hyphen_unit && e + 1 < n && s(e) == "-" && s(e + 1) == "old";
                let e = if old_age { e + 2 } else { e };
                emit!(a, e + usize::from(ago), Date);
            }
            if next == "-" && j + 1 < n && (cls[j + 1] & TIME_UNITS_BIT != 0) {
                emit!(i, j + 2, Time);
            }
            if j < n && cls[j] & TIME_UNITS_BIT != 0 {
                emit!(a, j + 1, Time);
            }
            if is_year(t) && j == i + 1 {
                // A year: its own DATE unless it is clearly a count ("2000 people").
                // "2022 invasion" is a date; "2000 people" a count.
                let counted = next.starts_with(|c: char| c.is_lowercase())
                    && next.len() > 3
                    && next.ends_with('s')
                    && !next.ends_with("ss");
                if !counted {
                    emit!(i, j, Date);
                }
            }
            if i >= 1 && calendar[i - 1] == 1 && t.len() <= 2 {
                // Day after a month is handled by the calendar pass.
                i = j;
                continue;
            }
            // "23 Jun 94", "5 May 2010": day, month and year.
            if j == i + 1
                && j < n
                && calendar[j] == 1
                && tokens[i].kind == TokenKind::Number
                && t.len() <= 2
            {
                let mut e = j + 1;
                if e < n
                    && tokens[e].kind == TokenKind::Number
                    && (is_year(s(e)) || s(e).len() == 2)
                {
                    e += 1;
                }
                emit!(i, e, Date);
            }
            emit!(a, j, Cardinal);
        }
        if is_decade(t) {
            let a = if i >= 1 && s(i - 1).eq_ignore_ascii_case("the") {
                i - 1
            } else {
                i
            };
            out.push(Value {
                start: a,
                end: i + 1,
                label: EntityLabel::Date,
            });
            i += 1;
            continue;
        }
        // "the first half of 2026", "the third quarter": a part of a year is a DATE.
        if is_ordinal(t, cls[i]) && i + 1 < n && matches!(s(i + 1), "half" | "quarter") {
            let a = if i >= 1 && s(i - 1).eq_ignore_ascii_case("the") {
                i - 1
            } else {
                i
            };
            let mut e = i + 2;
            if e + 1 < n && s(e) == "of" {
                if is_year(s(e + 1)) {
                    e += 2;
                } else if e + 2 < n
                    && matches!(s(e + 1), "this" | "last" | "next")
                    && s(e + 2) == "year"
                {
                    e += 3;
                }
            }
            emit!(a, e, Date);
        }
        if is_ordinal(t, cls[i]) {
            // "second" as a time unit after a number was consumed above.
            if !(t.eq_ignore_ascii_case("second")
                && i + 1 < n
                && matches!(s(i + 1), "," | "." | ""))
            {
                out.push(Value {
                    start: i,
                    end: i + 1,
                    label: EntityLabel::Ordinal,
                });
            }
            i += 1;
            continue;
        }
        if calendar[i] != 0 {
            // Month [day][, year] | weekday | holiday, with "last/next/this" before.
            let mut a = i;
            if a >= 1 && (cls[a - 1] & DATE_DETERMINERS_BIT != 0) {
                a -= 1;
            }
            let mut e = i + 1;
            if calendar[i] == 1 {
                if e < n && tokens[e].kind == TokenKind::Number && s(e).len() <= 2 {
                    e += 1;
                }
                if e + 1 < n && s(e) == "," && is_year(s(e + 1)) {
                    e += 2;
                } else if e < n && is_year(s(e)) {
                    e += 1;
                } else if e + 1 < n
                    && matches!(s(e), "last" | "next" | "this")
                    && s(e + 1) == "year"
                {
                    // "March last year"
                    e += 2;
                }
            } else if calendar[i] == 2
                && e < n
                && matches!(s(e), "morning" | "afternoon" | "evening" | "night")
            {
                // "Thursday evening" is a time of that day.
                emit!(a, e + 1, Time);
            }
            emit!(a, e, Date);
        }
        if (cls[i] & RELATIVE_DATES_BIT != 0)
            || ((cls[i] & DATE_DETERMINERS_BIT != 0)
                && i + 1 < n
                && (cls[i + 1] & DATE_UNITS_BIT != 0)
                && !t.eq_ignore_ascii_case("same"))
        {
            let e = if cls[i] & RELATIVE_DATES_BIT != 0 {
                i + 1
            } else {
                i + 2
            };
            emit!(i, e, Date);
        }
        i += 1;
    }
}

/// Extends a value leftwards over "over", "more than", "about" ...
fn with_modifiers(words: &[&str], cls: &[u32], start: usize) -> usize {
    let mut a = start;
    while a >= 1 && a + 2 >= start && cls[a - 1] & MODIFIERS_BIT != 0 {
        let w = words[a - 1];
        // "to" only inside "up to"; "than" only after more/less/fewer.
        if w.eq_ignore_ascii_case("to") && !(a >= 2 && words[a - 2].eq_ignore_ascii_case("up")) {
            break;
        }
        if w.eq_ignore_ascii_case("up") && a == start {
            break;
        }
        a -= 1;
    }
    // "than" alone (no more/less before) is not a modifier.
    if a < start && words[a].eq_ignore_ascii_case("than") {
        return start;
    }
    // "least" only inside "at least".
    if a < start && words[a].eq_ignore_ascii_case("least") {
        if a >= 1 && words[a - 1].eq_ignore_ascii_case("at") {
            a -= 1;
        } else {
            a += 1;
        }
    }
    a
}
