//! The lexicon: phrases matched over tokens (places, organisations, nationalities,
//! titles, calendar words) and word lists (given names, surnames, common words, heads).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use gleaner_doc::EntityLabel;
use gleaner_tokenize::Tokenizer;

use crate::{BuildError, ErrorKind};

/// FxHash: a fast, non-cryptographic hash for short keys (lexicon lookups run per token;
/// inputs are not adversarial enough for SipHash's protection to matter).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        // PERF: the tail (most words are shorter than eight bytes) is one zero-padded word,
        // not one multiplication per byte (cachegrind on benches/tag.rs).
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        // The same value as `write` on the sixteen bytes, without the slice loop.
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let h = (self.0.rotate_left(5) ^ (i as u64)).wrapping_mul(K);
        self.0 = (h.rotate_left(5) ^ ((i >> 64) as u64)).wrapping_mul(K);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub(crate) type FxSet<K> = HashSet<K, FxBuild>;

/// The bytes of `b` (at most sixteen) as a little-endian integer, zero-padded.
// PERF: two overlapping fixed-size loads instead of a variable-length memcpy call per
// packed word (cachegrind on examples/tag_dir.rs: memcpy was 3% of tagging).
#[inline]
pub(crate) fn load16(b: &[u8]) -> u128 {
    let n = b.len();
    debug_assert!(n <= 16);
    if n >= 8 {
        let lo = read8(&b[..8]);
        // Bytes 8..n are the top n - 8 bytes of the last eight.
        let hi = if n == 8 {
            0
        } else {
            read8(&b[n - 8..]) >> ((16 - n) * 8)
        };
        u128::from(lo) | (u128::from(hi) << 64)
    } else if n >= 4 {
        // Overlapping reads agree on the bytes they share.
        let lo = read4(&b[..4]) | (read4(&b[n - 4..]) << ((n - 4) * 8));
        u128::from(lo)
    } else if n > 0 {
        let lo = u64::from(b[0])
            | (u64::from(b[n / 2]) << (n / 2 * 8))
            | (u64::from(b[n - 1]) << ((n - 1) * 8));
        u128::from(lo)
    } else {
        0
    }
}

#[inline]
fn read8(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

#[inline]
fn read4(b: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(w))
}

/// `x` with every ASCII capital byte lower-cased, other bytes kept: `to_ascii_lowercase`
/// on eight bytes at once.
#[inline]
pub(crate) fn ascii_lower8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    // High bit set in bytes >= b'A', and in bytes >= b'[' (no carries: bytes are < 0x80).
    let ge_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let ge_past_z = low + 0x2525_2525_2525_2525;
    let upper = ge_a & !ge_past_z & !x & HIGH;
    x | (upper >> 2)
}

/// [`ascii_lower8`] on sixteen bytes.
#[inline]
pub(crate) fn ascii_lower16(x: u128) -> u128 {
    let lo = ascii_lower8(x as u64);
    let hi = ascii_lower8((x >> 64) as u64);
    u128::from(lo) | (u128::from(hi) << 64)
}

/// Lexicon strings: borrowed from the embedded data, owned for user lexicons.
pub(crate) type Str = Cow<'static, str>;

/// A quick "certainly not" for lookups: which lengths occur with each first byte and
/// with each last byte, and which pairs of first two bytes occur at all.
// PERF: most tokens start no phrase; a few table reads skip their hash lookup and the
// string comparisons behind it (benches/tag.rs: the pair table alone took lowercase words
// such as "the", "that", "this" off the hash path).
#[derive(Clone, Debug)]
pub(crate) struct Prefilter {
    first: Box<[u64; 256]>,
    last: Box<[u64; 256]>,
    /// One bit per (first byte, second byte); a one-byte key uses second byte 0.
    pair: Box<[u64; 1024]>,
}

impl Default for Prefilter {
    fn default() -> Self {
        Prefilter {
            first: Box::new([0; 256]),
            last: Box::new([0; 256]),
            pair: Box::new([0; 1024]),
        }
    }
}

impl Prefilter {
    #[inline]
    fn pair_bit(b: &[u8]) -> (usize, u64) {
        let k = (usize::from(b[0]) << 8) | usize::from(b.get(1).copied().unwrap_or(0));
        (k >> 6, 1u64 << (k & 63))
    }

    pub(crate) fn insert(&mut self, key: &str) {
        self.insert_bytes(key.as_bytes());
    }

    pub(crate) fn insert_bytes(&mut self, b: &[u8]) {
        if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
            let bit = 1u64 << b.len().min(63);
            self.first[f as usize] |= bit;
            self.last[l as usize] |= bit;
            let (w, m) = Self::pair_bit(b);
            self.pair[w] |= m;
        }
    }

    #[inline]
    pub(crate) fn may_contain(&self, key: &str) -> bool {
        let b = key.as_bytes();
        match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => {
                let bit = 1u64 << b.len().min(63);
                // PERF: both tests without a branch between them; the outcome depends
                // on the word and is hard to predict (cachegrind --branch-sim).
                let (w, m) = Self::pair_bit(b);
                (self.first[f as usize] & self.last[l as usize] & bit != 0)
                    & (self.pair[w] & m != 0)
            }
            _ => false,
        }
    }
}

/// A Bloom filter over packed words ([`WordSet::pack`]): two bits of 2^20 per word.
// PERF: a sharper "certainly not" than [`Prefilter`] for the phrases' first words: the
// byte tables let two tokens in five through to the phrase table, two thirds of them in
// vain; with 70,000 first words about 1.5% of other words pass this filter (callgrind on
// examples/tag_dir.rs).
#[derive(Clone, Debug)]
pub(crate) struct Bloom {
    bits: Box<[u64; BLOOM_WORDS]>,
}

/// The Bloom filter's size in 64-bit words: 2^20 bits, 128 KiB.
const BLOOM_WORDS: usize = 1 << 14;

impl Default for Bloom {
    fn default() -> Self {
        Bloom {
            bits: Box::new([0; BLOOM_WORDS]),
        }
    }
}

impl Bloom {
    /// The two bits of a packed word, as (word, mask) pairs.
    #[inline]
    fn bits(k: u128) -> [(usize, u64); 2] {
        let h =
            ((k as u64) ^ ((k >> 64) as u64).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let a = (h >> 44) as usize;
        let b = ((h >> 20) & 0xf_ffff) as usize;
        [(a >> 6, 1u64 << (a & 63)), (b >> 6, 1u64 << (b & 63))]
    }

    pub(crate) fn insert(&mut self, k: u128) {
        for (w, m) in Self::bits(k) {
            self.bits[w] |= m;
        }
    }

    #[inline]
    pub(crate) fn may_contain(&self, k: u128) -> bool {
        let [(w1, m1), (w2, m2)] = Self::bits(k);
        (self.bits[w1] & m1 != 0) & (self.bits[w2] & m2 != 0)
    }
}

/// What a lexicon phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A name with an entity label.
    Entity(EntityLabel),
    /// A person title ("President", "Dr.", "chief executive").
    Title(TitleKind),
    /// A month, weekday or holiday.
    Calendar { ambiguous: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleKind {
    Honorific,
    Office,
    Military,
    Business,
    Religious,
    Other,
    /// An occupation written in lower case right before a name ("comedian Peter Hale");
    /// never read from a file.
    Occupation,
}

/// One reading of a phrase.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub canonical: Option<Str>,
    pub country: Option<Str>,
    /// Prior strength: below 40 means "needs context".
    pub weight: u8,
}

/// A phrase: its tokens after the first, and its readings.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub rest: Box<[Str]>,
    pub entries: Vec<Entry>,
}

/// The phrases that start with one token: the one-token phrase, and the longer ones
/// keyed by their second token (longest first), so a lookup never scans the hundreds of
/// phrases that start with "New" or "San".
#[derive(Clone, Debug, Default)]
pub(crate) struct Starts {
    pub one: Option<Phrase>,
    pub more: StrMap<Vec<Phrase>>,
}

/// A map keyed by words: those of up to fifteen bytes packed as integers (as in
/// [`WordSet`]), longer ones as strings.
// PERF: a packed key hashes in two multiplications and is compared inside the table,
// with no memcmp call and no pointer into the text (cachegrind on examples/tag_dir.rs:
// the phrase lookup runs for every token that passes the prefilter).
// PERF: the tables hold indices into `values`, so a probe reads 20-byte slots, not the
// values themselves (the phrase table has 70,000 keys; a smaller table misses the cache
// less).
#[derive(Clone, Debug)]
pub(crate) struct StrMap<V> {
    short: FxMap<u128, u32>,
    long: FxMap<Str, u32>,
    values: Vec<V>,
}

impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap {
            short: FxMap::default(),
            long: FxMap::default(),
            values: Vec::new(),
        }
    }
}

impl<V> StrMap<V> {
    #[inline]
    pub(crate) fn get(&self, w: &str) -> Option<&V> {
        let i = match WordSet::pack(w) {
            Some(k) => self.short.get(&k),
            None if self.long.is_empty() => None,
            None => self.long.get(w),
        }?;
        self.values.get(*i as usize)
    }

    #[cfg(test)]
    pub(crate) fn contains_key(&self, w: &str) -> bool {
        self.get(w).is_some()
    }

    pub(crate) fn get_or_default(&mut self, w: Str) -> &mut V
    where
        V: Default,
    {
        let next = self.values.len() as u32;
        let i = match WordSet::pack(&w) {
            Some(k) => *self.short.entry(k).or_insert(next),
            None => *self.long.entry(w).or_insert(next),
        };
        if i == next {
            self.values.push(V::default());
        }
        &mut self.values[i as usize]
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.short.reserve(n);
        self.values.reserve(n);
    }

    /// Calls `f` with every key's bytes and its value.
    pub(crate) fn for_each(&self, mut f: impl FnMut(&[u8], &V)) {
        for (k, &i) in &self.short {
            let b = k.to_le_bytes();
            f(&b[..usize::from(b[15])], &self.values[i as usize]);
        }
        for (k, &i) in &self.long {
            f(k.as_bytes(), &self.values[i as usize]);
        }
    }

    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.values.iter_mut()
    }

    /// The packed keys whose bytes pass `keep`, with their value indices.
    fn short_indices(&self, keep: impl Fn(&[u8]) -> bool) -> FxMap<u128, u32> {
        self.short
            .iter()
            .filter(|(k, _)| {
                let b = k.to_le_bytes();
                keep(&b[..usize::from(b[15])])
            })
            .map(|(&k, &i)| (k, i))
            .collect()
    }

    /// The value at index `i` (from [`StrMap::short_indices`]).
    #[inline]
    fn value(&self, i: u32) -> Option<&V> {
        self.values.get(i as usize)
    }
}

impl<V> std::ops::Index<&str> for StrMap<V> {
    type Output = V;

    fn index(&self, w: &str) -> &V {
        match self.get(w) {
            Some(v) => v,
            None => panic!("no key {w:?}"),
        }
    }
}

/// Phrases keyed by their first token.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexicon {
    pub phrases: StrMap<Starts>,
    /// Which (first byte, length) pairs start a phrase.
    pub starts: Prefilter,
    /// The phrases that start with a short lower-case word ("the", "president"), as
    /// indices into `phrases`.
    // PERF: two tokens in three are lower-case words; this table of a few hundred keys
    // stays in cache where the 70,000-key one does not (examples/tag_dir.rs).
    pub lower_starts: FxMap<u128, u32>,
    /// The packed first words of up to fifteen bytes (longer ones are only in `starts`).
    pub short_starts: Bloom,
    /// The same for the second words of longer phrases.
    pub seconds: Prefilter,
    pub given: WordSet,
    pub ambiguous_given: WordSet,
    pub surnames: WordSet,
    pub dictionary: WordSet,
    pub org_heads: WordSet,
    pub org_suffixes: WordSet,
    pub loc_heads: WordSet,
    pub fac_heads: WordSet,
    pub gpe_heads: WordSet,
    /// Word boundaries of the phrase being inserted.
    scratch: Vec<(usize, usize)>,
}

macro_rules! data {
    ($f:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $f))
    };
}

/// The embedded default lexicon, built once per process and shared by every tagger.
pub(crate) fn default_lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        // PERF: the word sets and the phrase table are independent, and the gazetteer's
        // lines can be parsed and tokenized while their phrases are inserted (in file
        // order, in batches): three threads, about half the load time of one
        // (examples/lexicon_load.rs).
        let (mut lex, sets, people) = std::thread::scope(|scope| {
            type Batch = Vec<(Str, Box<[Str]>, Entry)>;
            const BATCH: usize = 2048;
            let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(8);
            let parser = scope.spawn(move || {
                let tok = Tokenizer::new();
                let mut batch = Vec::with_capacity(BATCH);
                // The embedded files are generated and tested; a malformed line would be a
                // bug caught by `default_lexicon_loads_cleanly`, so parsing stops there.
                let owner = Cow::Borrowed(data!("gazetteer.tsv"));
                let _ = gazetteer_phrases(&tok, &owner, "gazetteer.tsv", |first, rest, e| {
                    batch.push((first, rest, e));
                    if batch.len() == BATCH {
                        let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                });
                let _ = tx.send(batch);
            });
            let sets = scope.spawn(|| {
                let mut w = Lexicon::default();
                w.dictionary.reserve(64_000);
                w.surnames.reserve(16_000);
                w.given.reserve(8_000);
                fill(&mut w.given, data!("given_names.txt"));
                fill(&mut w.ambiguous_given, data!("ambiguous_given_names.txt"));
                fill(&mut w.surnames, data!("surnames.txt"));
                fill(&mut w.dictionary, data!("dictionary_words.txt"));
                fill(&mut w.org_heads, data!("org_heads.txt"));
                fill(&mut w.org_suffixes, data!("org_suffixes.txt"));
                fill(&mut w.loc_heads, data!("loc_heads.txt"));
                fill(&mut w.fac_heads, data!("fac_heads.txt"));
                fill(&mut w.gpe_heads, data!("gpe_heads.txt"));
                // People are read here, where the dictionary is, and inserted last.
                let people = people_lines(&Tokenizer::new(), data!("people.tsv"), &w.dictionary);
                (w, people)
            });
            let mut lex = Lexicon::default();
            lex.phrases.reserve(72_000);
            for batch in rx {
                for (first, rest, e) in batch {
                    lex.insert_words(first, rest, e);
                }
            }
            // A loader thread's panic is a bug in the embedded data's parsing: pass it on
            // rather than tag with part of the lexicon missing.
            if let Err(panic) = parser.join() {
                std::panic::resume_unwind(panic);
            }
            let tok = Tokenizer::new();
            let _ = lex.add_titles(&tok, Cow::Borrowed(data!("titles.tsv")));
            let _ = lex.add_calendar(&tok, Cow::Borrowed(data!("calendar.tsv")));
            lex.add_state_abbreviations(&tok, Cow::Borrowed(data!("us_state_abbreviations.tsv")));
            let (sets, people) = sets
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (lex, sets, people)
        });
        lex.given = sets.given;
        lex.ambiguous_given = sets.ambiguous_given;
        lex.surnames = sets.surnames;
        lex.dictionary = sets.dictionary;
        lex.org_heads = sets.org_heads;
        lex.org_suffixes = sets.org_suffixes;
        lex.loc_heads = sets.loc_heads;
        lex.fac_heads = sets.fac_heads;
        lex.gpe_heads = sets.gpe_heads;
        // People last: their short forms check titles and ordinary words.
        lex.add_people(people);
        lex.sort();
        lex
    })
}

fn fill(set: &mut WordSet, data: &'static str) {
    for w in lines(data)
        .map(trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        set.insert(w);
    }
}

/// `s.lines()` for the embedded data.
// PERF: lines and fields are a few bytes long; a byte loop beats `memchr`'s set-up per
// call (callgrind on examples/lexicon_load.rs: splitting was a fifth of the load).
fn lines(s: &str) -> impl Iterator<Item = &str> {
    // As `lines`: no empty line after a final newline, "\r\n" ends a line too.
    let body = s.strip_suffix('\n').unwrap_or(s);
    split_ascii(body, b'\n')
        .take_while(move |_| !s.is_empty())
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// `s.split(sep as char)` for an ASCII `sep`.
fn split_ascii(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|c| c == sep) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `s.trim()`, without the Unicode tables when `s` starts and ends with a visible ASCII
/// character (nearly every field of the embedded data).
#[inline]
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `EntityLabel::parse`, the gazetteer's labels first.
fn parse_label(s: &str) -> Option<EntityLabel> {
    match s {
        "GPE" => Some(EntityLabel::Gpe),
        "ORG" => Some(EntityLabel::Org),
        "NORP" => Some(EntityLabel::Norp),
        "LOC" => Some(EntityLabel::Loc),
        "FAC" => Some(EntityLabel::Fac),
        _ => EntityLabel::parse(s),
    }
}

/// A set of words: those of up to fifteen bytes packed as integers, longer ones as
/// strings.
// PERF: a packed word is compared inside the hash table, without following a pointer
// into the embedded text (a likely cache miss per lookup on the 64,000-word
// dictionary) and without a memcmp call (cachegrind on benches/tag.rs).
#[derive(Clone, Debug, Default)]
pub(crate) struct WordSet {
    short: FxSet<u128>,
    long: FxSet<Str>,
}

impl WordSet {
    /// The bytes of a word of up to fifteen bytes, zero-padded, with the length in the
    /// last byte (exact even for words with NUL bytes); `None` for longer words.
    #[inline]
    pub(crate) fn pack(w: &str) -> Option<u128> {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > 15 {
            return None;
        }
        Some(load16(b) | (u128::from(b.len() as u8) << 120))
    }

    pub(crate) fn insert(&mut self, w: &'static str) {
        match Self::pack(w) {
            Some(k) => {
                self.short.insert(k);
            }
            None => {
                self.long.insert(Cow::Borrowed(w));
            }
        }
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.short.reserve(n);
    }

    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        match Self::pack(w) {
            Some(k) => self.short.contains(&k),
            None => !self.long.is_empty() && self.long.contains(w),
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

fn opt(s: Option<&str>, owner: &Str) -> Option<Str> {
    let s = s.map(trim).filter(|s| !s.is_empty())?;
    Some(sub(owner, s))
}

/// `part` (a slice of `owner`'s text) as a lexicon string: borrowed when `owner` is.
fn sub(owner: &Str, part: &str) -> Str {
    match owner {
        Cow::Borrowed(o) => {
            // PERF: the embedded data is 'static, so its words are borrowed, not copied
            // (lexicon load time, measured by examples/lexicon_load.rs).
            let start = (part.as_ptr() as usize).wrapping_sub(o.as_ptr() as usize);
            match o.get(start..start.wrapping_add(part.len())) {
                Some(p) if p.as_ptr() == part.as_ptr() => Cow::Borrowed(p),
                _ => Cow::Owned(part.to_owned()),
            }
        }
        Cow::Owned(_) => Cow::Owned(part.to_owned()),
    }
}

/// A phrase's first word and the rest.
type Words = (Str, Box<[Str]>);

/// A phrase's first word and the rest (tokenized as text is), or `None` when it has no
/// tokens. `spans` is a buffer for word boundaries.
// PERF: word boundaries go to a buffer kept between calls, not to a new vector per
// phrase (callgrind on examples/lexicon_load.rs: its growth was a tenth of the load).
fn split_phrase(
    spans: &mut Vec<(usize, usize)>,
    tok: &Tokenizer,
    owner: &Str,
    phrase: &str,
) -> Option<Words> {
    spans.clear();
    let plain = if phrase.is_ascii() {
        phrase.bytes().all(|c| c.is_ascii_alphabetic() || c == b' ')
    } else {
        phrase.chars().all(|c| c.is_alphabetic() || c == ' ')
    };
    if plain {
        // PERF: plain words need no tokenizer.
        let mut a = 0;
        for (i, c) in phrase.bytes().chain([b' ']).enumerate() {
            if c == b' ' {
                if i > a {
                    spans.push((a, i));
                }
                a = i + 1;
            }
        }
    } else {
        spans.extend(
            tok.tokenize(phrase)
                .iter()
                .map(|t| (t.span.start, t.span.end)),
        );
    }
    // Spans are on character boundaries (spaces, tokens): `get` never fails.
    let word = |&(a, b): &(usize, usize)| sub(owner, phrase.get(a..b).unwrap_or_default());
    let first = spans.first().map(word)?;
    let rest: Box<[Str]> = spans[1..].iter().map(word).collect();
    Some((first, rest))
}

/// The phrases of the gazetteer (`phrase<TAB>LABEL<TAB>canonical<TAB>country<TAB>weight`)
/// in file order, each as its first word, the rest and its reading; stops at the first
/// malformed line.
fn gazetteer_phrases(
    tok: &Tokenizer,
    owner: &Str,
    file: &str,
    mut emit: impl FnMut(Str, Box<[Str]>, Entry),
) -> Result<(), BuildError> {
    let mut spans = Vec::new();
    for (i, line) in lines(owner).enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = split_ascii(line, b'\t');
        let (Some(phrase), Some(label)) = (f.next(), f.next()) else {
            return Err(bad_line(file, i, "expected phrase<TAB>label"));
        };
        // "Washington, D.C." is two mentions in running text.
        if phrase.contains(',') {
            continue;
        }
        let label = parse_label(label)
            .ok_or_else(|| bad_line(file, i, &format!("unknown label {label:?}")))?;
        let canonical = opt(f.next(), owner);
        let country = opt(f.next(), owner);
        let weight = f.next().and_then(|w| trim(w).parse().ok()).unwrap_or(80);
        let entry = Entry {
            kind: Kind::Entity(label),
            canonical,
            country,
            weight,
        };
        // "U.S." is also written "U.S" (pre-tokenized text splits the final period).
        if let Some(short) = phrase
            .strip_suffix('.')
            .filter(|p| p.contains('.') && !p.contains(' '))
        {
            let mut e = entry.clone();
            e.canonical.get_or_insert_with(|| sub(owner, phrase));
            if let Some((first, rest)) = split_phrase(&mut spans, tok, owner, short) {
                emit(first, rest, e);
            }
        }
        if let Some((first, rest)) = split_phrase(&mut spans, tok, owner, phrase) {
            emit(first, rest, entry);
        }
    }
    Ok(())
}

/// A reading of a notable person's name.
fn person(weight: u8) -> Entry {
    Entry {
        kind: Kind::Entity(EntityLabel::Person),
        canonical: None,
        country: None,
        weight,
    }
}

/// A line of `people.tsv`, read ahead of its insertion: the full name's words, and the
/// short form (as written, its words, its weight) when it may name the person alone.
#[derive(Debug)]
struct PersonLine {
    full: Option<Words>,
    short: Option<(&'static str, Words, u8)>,
}

/// Reads `people.tsv` (`full name<TAB>short form<TAB>kind`) given the dictionary.
fn people_lines(tok: &Tokenizer, data: &'static str, dictionary: &WordSet) -> Vec<PersonLine> {
    let owner: Str = Cow::Borrowed(data);
    let mut spans = Vec::new();
    let mut out = Vec::new();
    for line in lines(data) {
        let mut f = split_ascii(line, b'\t');
        let (Some(full), short, kind) = (f.next(), f.next().unwrap_or(""), f.next().unwrap_or(""))
        else {
            continue;
        };
        let mut p = PersonLine {
            full: split_phrase(&mut spans, tok, &owner, full),
            short: None,
        };
        let short = trim(short);
        if !short.is_empty() && short != full {
            // "West", "Church", "Park": ordinary words are left to in-document aliasing,
            // except leaders, whom news names by surname alone ("Bush", "Ford").
            let word = dictionary.contains(short.to_lowercase().as_str());
            let leader = matches!(kind, "politician" | "historical" | "royal");
            if !word || leader {
                p.short = split_phrase(&mut spans, tok, &owner, short)
                    .map(|words| (short, words, if word { 55 } else { 50 }));
            }
        }
        out.push(p);
    }
    out
}

impl Lexicon {
    /// Adds `phrase` with one reading; returns false when the phrase has no tokens.
    pub(crate) fn insert(
        &mut self,
        tok: &Tokenizer,
        owner: &Str,
        phrase: &str,
        entry: Entry,
    ) -> bool {
        match split_phrase(&mut self.scratch, tok, owner, phrase) {
            Some((first, rest)) => {
                self.insert_words(first, rest, entry);
                true
            }
            None => false,
        }
    }

    /// Adds a phrase given as its first word and the rest, with one reading.
    fn insert_words(&mut self, first: Str, rest: Box<[Str]>, entry: Entry) {
        let starts = self.phrases.get_or_default(first);
        let list: &mut Vec<Phrase> = match rest.first() {
            Some(second) => starts.more.get_or_default(second.clone()),
            None => {
                let one = starts.one.get_or_insert_with(|| Phrase {
                    rest: Box::new([]),
                    // PERF: room for the one reading most phrases have, not four (load time, memory).
                    entries: Vec::with_capacity(1),
                });
                merge(one, entry);
                return;
            }
        };
        if let Some(p) = list.iter_mut().find(|p| p.rest == rest) {
            // One reading per kind and label: a later line overrides an earlier one.
            if let Some(e) = p.entries.iter_mut().find(|e| e.kind == entry.kind) {
                *e = entry;
            } else {
                p.entries.push(entry);
            }
        } else {
            list.push(Phrase {
                rest,
                entries: vec![entry],
            });
        }
    }

    /// Longest phrases first, so the first match is the longest; heaviest reading first.
    pub(crate) fn sort(&mut self) {
        self.starts = Prefilter::default();
        self.short_starts = Bloom::default();
        self.seconds = Prefilter::default();
        self.lower_starts = self.phrases.short_indices(|k| k[0].is_ascii_lowercase());
        let (starts, seconds) = (&mut self.starts, &mut self.seconds);
        let short_starts = &mut self.short_starts;
        self.phrases.for_each(|k, st| {
            starts.insert_bytes(k);
            // As `WordSet::pack` does.
            if (1..=15).contains(&k.len()) {
                short_starts.insert(load16(k) | (u128::from(k.len() as u8) << 120));
            }
            st.more.for_each(|second, _| seconds.insert_bytes(second));
        });
        for st in self.phrases.values_mut() {
            for list in st.more.values_mut() {
                list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
                for p in list.iter_mut() {
                    p.entries.sort_by_key(|e| std::cmp::Reverse(e.weight));
                }
            }
            if let Some(p) = &mut st.one {
                p.entries.sort_by_key(|e| std::cmp::Reverse(e.weight));
            }
        }
    }

    #[cfg(test)]
    fn add_gazetteer(&mut self, tok: &Tokenizer, owner: Str, file: &str) -> Result<(), BuildError> {
        gazetteer_phrases(tok, &owner, file, |first, rest, entry| {
            self.insert_words(first, rest, entry)
        })
    }

    fn add_titles(&mut self, tok: &Tokenizer, owner: Str) -> Result<(), BuildError> {
        for (i, line) in owner.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(title), kind) = (f.next(), f.next().unwrap_or("other")) else {
                return Err(bad_line("titles.tsv", i, "expected title<TAB>kind"));
            };
            let kind = match kind.trim() {
                "honorific" => TitleKind::Honorific,
                "office" => TitleKind::Office,
                "military" => TitleKind::Military,
                "business" => TitleKind::Business,
                "religious" => TitleKind::Religious,
                _ => TitleKind::Other,
            };
            self.insert(
                tok,
                &owner,
                title,
                Entry {
                    kind: Kind::Title(kind),
                    canonical: None,
                    country: None,
                    weight: 80,
                },
            );
        }
        Ok(())
    }

    fn add_calendar(&mut self, tok: &Tokenizer, owner: Str) -> Result<(), BuildError> {
        for line in owner.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let ambiguous = f.get(4).is_some_and(|a| a.trim() == "1");
            self.insert(
                tok,
                &owner,
                f[0],
                Entry {
                    kind: Kind::Calendar { ambiguous },
                    canonical: opt(f.get(3).copied(), &owner),
                    country: None,
                    weight: 80,
                },
            );
        }
        Ok(())
    }

    /// Notable people (see [`people_lines`]): the full name is a PERSON; the short form
    /// ("Putin") is one too, with less weight and no canonical name (several people share
    /// a surname), unless it is a title or calendar word ("King", "May").
    fn add_people(&mut self, people: Vec<PersonLine>) {
        for p in people {
            if let Some((first, rest)) = p.full {
                self.insert_words(first, rest, person(90));
            }
            if let Some((short, (first, rest), weight)) = p.short {
                let taken = self
                    .phrases
                    .get(short)
                    .and_then(|st| st.one.as_ref())
                    .is_some_and(|p| {
                        p.entries
                            .iter()
                            .any(|e| matches!(e.kind, Kind::Title(_) | Kind::Calendar { .. }))
                    });
                if !taken {
                    self.insert_words(first, rest, person(weight));
                }
            }
        }
    }

    /// "Calif." is a state; "Calif" (pre-tokenized text, "Calif .") only after a comma.
    fn add_state_abbreviations(&mut self, tok: &Tokenizer, owner: Str) {
        for line in owner.lines() {
            let Some((abbr, state)) = line.split_once('\t') else {
                continue;
            };
            for (form, weight) in [(abbr, 60), (abbr.trim_end_matches('.'), 30)] {
                let entry = Entry {
                    kind: Kind::Entity(EntityLabel::Gpe),
                    canonical: Some(sub(&owner, state)),
                    country: Some(Cow::Borrowed("United States")),
                    weight,
                };
                self.insert(tok, &owner, form, entry);
            }
        }
    }

    /// Parses a user lexicon (TSV: phrase, label, optional canonical, optional country).
    pub(crate) fn add_user(
        &mut self,
        tok: &Tokenizer,
        data: &str,
        file: &str,
    ) -> Result<usize, BuildError> {
        let owner: Str = Cow::Owned(data.to_owned());
        let mut n = 0;
        for (i, line) in owner.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 2 || f.len() > 4 {
                return Err(bad_line(
                    file,
                    i,
                    &format!(
                        "expected 2 to 4 tab-separated fields (phrase, label, canonical, country), found {}",
                        f.len()
                    ),
                ));
            }
            let phrase = f[0].trim();
            if phrase.is_empty() {
                return Err(bad_line(file, i, "empty phrase"));
            }
            let label = f[1].trim();
            let kind = match label {
                "TITLE" => Kind::Title(TitleKind::Other),
                _ => Kind::Entity(EntityLabel::parse(label).ok_or_else(|| {
                    bad_line(
                        file,
                        i,
                        &format!("unknown label {label:?} (use an OntoNotes label such as PERSON, ORG, GPE, or TITLE)"),
                    )
                })?),
            };
            let entry = Entry {
                kind,
                canonical: opt(f.get(2).copied(), &owner),
                country: opt(f.get(3).copied(), &owner),
                // User entries outrank the defaults.
                weight: 200,
            };
            if !self.insert(tok, &owner, phrase, entry) {
                return Err(bad_line(file, i, "phrase has no tokens"));
            }
            n += 1;
        }
        self.sort();
        Ok(n)
    }
}

impl Lexicon {
    /// Whether some phrase may start with `w` (false positives possible).
    // PERF: always inlined into the token loop (callgrind on examples/tag_dir.rs: as a
    // call it cost ten more instructions a token).
    #[inline(always)]
    fn may_start(&self, w: &str) -> bool {
        match WordSet::pack(w) {
            Some(k) => self.short_starts.may_contain(k),
            None => self.starts.may_contain(w),
        }
    }

    // PERF: inlined into the token loop: the call's register saves cost about 1% of
    // tagging instructions (callgrind on examples/tag_dir.rs).
    #[inline]
    fn longest_match<'a>(
        &'a self,
        words: &[&str],
        i: usize,
        eq: impl Fn(&str, &str) -> bool,
    ) -> Option<(usize, &'a Phrase)> {
        // The caller has checked `self.starts.may_contain(first)`.
        let first = words[i];
        let st = match first.as_bytes().first() {
            Some(c) if c.is_ascii_lowercase() && first.len() <= 15 => {
                let i = self.lower_starts.get(&WordSet::pack(first)?)?;
                self.phrases.value(*i)?
            }
            _ => self.phrases.get(first)?,
        };
        if let Some(second) = words.get(i + 1) {
            if !st.more.is_empty() && self.seconds.may_contain(second) {
                if let Some(list) = st.more.get(second) {
                    for p in list {
                        let end = i + 1 + p.rest.len();
                        if end <= words.len()
                            && p.rest.iter().zip(&words[i + 1..end]).all(|(w, t)| eq(w, t))
                        {
                            return Some((end, p));
                        }
                    }
                }
            }
        }
        st.one.as_ref().map(|p| (i + 1, p))
    }
}

/// Adds a reading to a phrase: one reading per kind and label, a later one overriding.
fn merge(p: &mut Phrase, entry: Entry) {
    if let Some(e) = p.entries.iter_mut().find(|e| e.kind == entry.kind) {
        *e = entry;
    } else {
        p.entries.push(entry);
    }
}

fn bad_line(file: &str, i: usize, why: &str) -> BuildError {
    BuildError {
        kind: ErrorKind::Lexicon {
            file: file.to_owned(),
            line: i + 1,
            message: why.to_owned(),
        },
    }
}

/// A lexicon made of layers: user layers first (they override), then the default.
#[derive(Debug)]
pub(crate) struct Layers {
    pub user: Option<Lexicon>,
    pub base: Option<&'static Lexicon>,
}

impl Layers {
    /// The longest phrase matching the tokens at `i` (compared with `eq`), as (end, phrase).
    // PERF: plain loops instead of iterator chains: this runs for every token (benches/tag.rs).
    #[inline]
    pub(crate) fn longest_match<'a>(
        &'a self,
        words: &[&str],
        i: usize,
        eq: impl Fn(&str, &str) -> bool + Copy,
    ) -> Option<(usize, &'a Phrase)> {
        let first = words.get(i)?;
        // PERF: the prefilter before the call, which most tokens do not get past
        // (callgrind on examples/tag_dir.rs).
        if let Some(u) = &self.user {
            if u.may_start(first) {
                if let Some(m) = u.longest_match(words, i, eq) {
                    return Some(m);
                }
            }
        }
        let b = self.base?;
        if !b.may_start(first) {
            return None;
        }
        b.longest_match(words, i, eq)
    }

    /// Whether some phrase may start with `w` (false positives possible).
    pub(crate) fn may_start(&self, w: &str) -> bool {
        self.any(|l| l.may_start(w))
    }

    fn any(&self, f: impl Fn(&Lexicon) -> bool) -> bool {
        self.user.as_ref().is_some_and(&f) || self.base.is_some_and(f)
    }

    pub(crate) fn is_given(&self, w: &str) -> bool {
        self.any(|l| l.given.contains(w))
    }
    pub(crate) fn is_ambiguous_given(&self, w: &str) -> bool {
        self.any(|l| l.ambiguous_given.contains(w))
    }
    pub(crate) fn is_surname(&self, w: &str) -> bool {
        self.any(|l| l.surnames.contains(w))
    }
    /// An ordinary lower-case English word (SCOWL), given in lower case.
    pub(crate) fn is_dictionary_word(&self, lower: &str) -> bool {
        self.any(|l| l.dictionary.contains(lower))
    }
    /// [`is_dictionary_word`](Self::is_dictionary_word) for a word in any case.
    pub(crate) fn is_dictionary_word_any_case(&self, w: &str) -> bool {
        let b = w.as_bytes();
        // PERF: a short ASCII word is lower-cased and packed in registers (examples/tag_dir.rs).
        if !b.is_empty() && b.len() <= 15 && w.is_ascii() {
            let k = ascii_lower16(load16(b)) | (u128::from(b.len() as u8) << 120);
            return self.any(|l| l.dictionary.short.contains(&k));
        }
        if b.len() > 24 || !w.is_ascii() {
            return self.is_dictionary_word(&w.to_lowercase());
        }
        let mut buf = [0u8; 24];
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..b.len()]).is_ok_and(|l| self.is_dictionary_word(l))
    }
    pub(crate) fn is_org_head(&self, w: &str) -> bool {
        self.any(|l| l.org_heads.contains(w) || l.org_suffixes.contains(w))
    }
    pub(crate) fn is_org_suffix(&self, w: &str) -> bool {
        self.any(|l| l.org_suffixes.contains(w))
    }
    pub(crate) fn is_loc_head(&self, w: &str) -> bool {
        self.any(|l| l.loc_heads.contains(w))
    }
    pub(crate) fn is_fac_head(&self, w: &str) -> bool {
        self.any(|l| l.fac_heads.contains(w))
    }
    pub(crate) fn is_gpe_head(&self, w: &str) -> bool {
        self.any(|l| l.gpe_heads.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_lexicon_loads_cleanly() {
        let tok = Tokenizer::new();
        let mut lex = Lexicon::default();
        lex.add_gazetteer(&tok, Cow::Borrowed(data!("gazetteer.tsv")), "gazetteer.tsv")
            .unwrap();
        lex.add_titles(&tok, Cow::Borrowed(data!("titles.tsv")))
            .unwrap();
        lex.add_calendar(&tok, Cow::Borrowed(data!("calendar.tsv")))
            .unwrap();
        let d = default_lexicon();
        assert!(d.given.len() >= 5000, "{} given names", d.given.len());
        assert!(d.phrases.contains_key("Baku"));
        let nk: Vec<_> = d.phrases["Nagorno"].more["-"]
            .iter()
            .map(|p| p.rest.len())
            .collect();
        assert!(nk.contains(&2), "Nagorno-Karabakh is three tokens");
    }

    #[test]
    fn word_sets_are_exact() {
        let mut s = WordSet::default();
        for w in ["Baku", "a", "fifteen-letters", "sixteen-letters!", "A\0"] {
            s.insert(w);
        }
        for w in ["Baku", "a", "fifteen-letters", "sixteen-letters!", "A\0"] {
            assert!(s.contains(w), "{w:?}");
        }
        for w in ["Bak", "Baku\0", "A", "", "sixteen-letters?"] {
            assert!(!s.contains(w), "{w:?}");
        }
    }

    #[test]
    fn packing_matches_bytes() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        for a in 0..8 {
            for n in 0..=16 {
                let b = &text.as_bytes()[a..a + n];
                let mut buf = [0u8; 16];
                buf[..n].copy_from_slice(b);
                assert_eq!(load16(b), u128::from_le_bytes(buf), "{a} {n}");
            }
        }
    }

    #[test]
    fn ascii_lowering_matches_std() {
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend((0..=255u8).rev());
        for c in bytes.chunks(16) {
            let mut buf = [0u8; 16];
            buf.copy_from_slice(c);
            let want: Vec<u8> = c.iter().map(u8::to_ascii_lowercase).collect();
            let got = ascii_lower16(u128::from_le_bytes(buf)).to_le_bytes();
            assert_eq!(&got[..], &want[..]);
        }
    }

    #[test]
    fn fx_hash_distinguishes() {
        let mut a = FxHasher::default();
        a.write(b"Baku");
        let mut b = FxHasher::default();
        b.write(b"Bakv");
        assert_ne!(a.finish(), b.finish());
    }
}
