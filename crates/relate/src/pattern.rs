//! The pattern language: parsing pattern files and matching patterns over a sentence.
//!
//! See the crate documentation (and README.md) for the syntax.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use gleaner_doc::{EntityLabel, RelationLabel, TokenKind};

use crate::Error;

/// Longest gap `*N-M` allowed, in tokens.
pub(crate) const MAX_GAP: u8 = 12;
/// Most tokens a repeated word element (`@title+`) may take.
pub(crate) const MAX_REPEAT: u8 = 8;

/// A small, fast, non-cryptographic hasher (FxHash) for the word table.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Who an entity element captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Head,
    Tail,
    Any,
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Elem {
    /// One whole entity whose label is in the bit set; with `last`, an entity whose
    /// last word is in that class (`[HEAD:ORG=@facility]`: "Army Reserve Center").
    Entity {
        role: Role,
        labels: u32,
        last: Option<u16>,
    },
    /// `min..=max` tokens outside entities, each carrying the atom (a literal set or class).
    Word {
        atom: u16,
        min: u8,
        max: u8,
        trigger: bool,
    },
    /// `min..=max` arbitrary tokens (`*N-M`), or tokens outside named entities (`_N-M`);
    /// with `!L|L` (`*0-12!PERSON`), no token inside an entity with one of those labels.
    Gap {
        min: u8,
        max: u8,
        names_ok: bool,
        forbid: u32,
    },
}

/// A parsed pattern.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub name: String,
    pub label: RelationLabel,
    pub confidence: f32,
    pub elems: Vec<Elem>,
    /// Atoms that any match needs somewhere in the sentence.
    pub required_atoms: Vec<u16>,
    /// `sole`: keep a match only when the sentence holds exactly one entity that could
    /// be the head and exactly one that could be the tail.
    pub sole: bool,
}

impl Pattern {
    /// The label set of the HEAD or TAIL element.
    pub(crate) fn labels_of(&self, r: Role) -> u32 {
        self.elems
            .iter()
            .find_map(|e| match e {
                Elem::Entity { role, labels, .. } if *role == r => Some(*labels),
                _ => None,
            })
            .unwrap_or(0)
    }
}

/// Built-in atom: any token of kind Number (`@number`).
pub(crate) const ATOM_NUMBER: u16 = 0;
/// Built-in atom: capitalized word (`@cap`).
pub(crate) const ATOM_CAP: u16 = 1;
/// Built-in atom: a word that starts with a lower-case letter (`@lower`): no punctuation.
pub(crate) const ATOM_LOWER: u16 = 2;
pub(crate) const BUILTIN_ATOMS: u16 = 3;

/// All patterns and the word table they match through.
#[derive(Clone, Debug, Default)]
pub(crate) struct PatternSet {
    pub patterns: Vec<Pattern>,
    /// Number of atoms (literal sets and classes), including built-ins.
    n_atoms: u16,
    /// Class name -> atom.
    classes: FxMap<String, u16>,
    /// Literal alternation (normalized text) -> atom.
    literals: FxMap<String, u16>,
    /// Word -> atoms it belongs to (built by [`PatternSet::finish`]).
    members: FxMap<String, Vec<u16>>,
    /// Word -> bit-set row in `rows`.
    table: WordTable,
    /// Bit-set rows, `words()` u64s each.
    pub rows: Vec<u64>,
    /// Which patterns a sentence can match (built by [`PatternSet::finish`]).
    prefilter: Prefilter,
}

/// Normalizes a word for lookup: lowercase, curly apostrophes straightened.
pub(crate) fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn normalize(word: &str) -> String {
    let mut s = String::new();
    normalize_into(word, &mut s);
    s
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

impl PatternSet {
    pub(crate) fn new() -> PatternSet {
        let mut set = PatternSet {
            n_atoms: BUILTIN_ATOMS,
            ..PatternSet::default()
        };
        set.classes.insert("number".into(), ATOM_NUMBER);
        set.classes.insert("cap".into(), ATOM_CAP);
        set.classes.insert("lower".into(), ATOM_LOWER);
        set
    }

    /// u64 words per bit-set row.
    #[inline]
    pub(crate) fn words(&self) -> usize {
        (self.n_atoms as usize).div_ceil(64).max(1)
    }

    fn new_atom(&mut self, file: &str, line: usize) -> Result<u16, Error> {
        if self.n_atoms == u16::MAX {
            return Err(Error::pattern(
                file,
                line,
                "too many word classes and literals",
            ));
        }
        self.n_atoms += 1;
        Ok(self.n_atoms - 1)
    }

    /// Parses one pattern file's text, adding its classes and patterns.
    pub(crate) fn parse(&mut self, file: &str, text: &str) -> Result<(), Error> {
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if let Some(rest) = l.strip_prefix('@') {
                self.parse_class(file, line, rest)?;
            } else {
                let p = self.parse_pattern(file, line, l)?;
                if self.patterns.iter().any(|q| q.name == p.name) {
                    return Err(Error::pattern(
                        file,
                        line,
                        format!("pattern {:?} is already defined", p.name),
                    ));
                }
                self.patterns.push(p);
            }
        }
        Ok(())
    }

    fn parse_class(&mut self, file: &str, line: usize, rest: &str) -> Result<(), Error> {
        let (name, extend, words) = if let Some((n, w)) = rest.split_once("+=") {
            (n.trim(), true, w)
        } else if let Some((n, w)) = rest.split_once('=') {
            (n.trim(), false, w)
        } else {
            return Err(Error::pattern(
                file,
                line,
                "a class line needs `@name = word word ...`",
            ));
        };
        if name.is_empty() || !name.chars().all(is_name_char) {
            return Err(Error::pattern(
                file,
                line,
                format!("bad class name {name:?}"),
            ));
        }
        let atom = match (self.classes.get(name).copied(), extend) {
            (Some(a), true) if a >= BUILTIN_ATOMS => a,
            (Some(_), true) => {
                return Err(Error::pattern(
                    file,
                    line,
                    format!("built-in class @{name} cannot be extended"),
                ));
            }
            (Some(_), false) => {
                return Err(Error::pattern(
                    file,
                    line,
                    format!("class @{name} is already defined (use += to extend it)"),
                ));
            }
            (None, true) => {
                return Err(Error::pattern(file, line, format!("unknown class @{name}")));
            }
            (None, false) => {
                let a = self.new_atom(file, line)?;
                self.classes.insert(name.to_string(), a);
                a
            }
        };
        let mut any = false;
        for w in words.split_whitespace() {
            any = true;
            let m = self.members.entry(normalize(w)).or_default();
            if !m.contains(&atom) {
                m.push(atom);
            }
        }
        if !any {
            return Err(Error::pattern(
                file,
                line,
                format!("class @{name} has no words"),
            ));
        }
        Ok(())
    }

    fn parse_pattern(&mut self, file: &str, line: usize, l: &str) -> Result<Pattern, Error> {
        let mut it = l.split_whitespace();
        let name = it.next().unwrap_or_default();
        if !name.chars().all(is_name_char) {
            return Err(Error::pattern(
                file,
                line,
                format!("bad pattern name {name:?} (letters, digits, `_`, `-`, `.`)"),
            ));
        }
        let Some(label) = it.next() else {
            return Err(Error::pattern(file, line, "missing relation label"));
        };
        let label = RelationLabel::parse(label).ok_or_else(|| {
            Error::pattern(file, line, format!("unknown relation label {label:?}"))
        })?;
        let Some(conf) = it.next() else {
            return Err(Error::pattern(file, line, "missing confidence"));
        };
        let confidence: f32 = conf
            .parse()
            .ok()
            .filter(|c: &f32| (0.0..=1.0).contains(c))
            .ok_or_else(|| {
                Error::pattern(
                    file,
                    line,
                    format!("confidence {conf:?} is not a number in [0, 1]"),
                )
            })?;
        let mut elems = Vec::new();
        let mut required_atoms = Vec::new();
        let mut triggers = 0;
        let mut it = it.peekable();
        let sole = it.peek() == Some(&"sole");
        if sole {
            it.next();
        }
        for tok in it {
            let e = self.parse_elem(file, line, tok)?;
            if let Elem::Word {
                atom, min, trigger, ..
            } = e
            {
                if min > 0 && !required_atoms.contains(&atom) {
                    required_atoms.push(atom);
                }
                triggers += usize::from(trigger);
            }
            elems.push(e);
        }
        let err = |m: &str| Err(Error::pattern(file, line, m.to_string()));
        let count = |r: Role| {
            elems
                .iter()
                .filter(|e| matches!(e, Elem::Entity { role, .. } if *role == r))
                .count()
        };
        if count(Role::Head) != 1 || count(Role::Tail) != 1 {
            return err("a pattern needs exactly one [HEAD:...] and one [TAIL:...]");
        }
        if triggers > 1 {
            return err("a pattern may mark at most one {trigger}");
        }
        if matches!(elems.first(), Some(Elem::Gap { .. }))
            || matches!(elems.last(), Some(Elem::Gap { .. }))
        {
            return err("a pattern cannot start or end with a gap");
        }
        if elems
            .windows(2)
            .any(|w| matches!(w, [Elem::Gap { .. }, Elem::Gap { .. }]))
        {
            return err("two gaps in a row");
        }
        Ok(Pattern {
            name: name.to_string(),
            label,
            confidence,
            elems,
            required_atoms,
            sole,
        })
    }

    fn parse_elem(&mut self, file: &str, line: usize, tok: &str) -> Result<Elem, Error> {
        let err = |m: String| Error::pattern(file, line, m);
        // Entity element.
        if let Some(inner) = tok.strip_prefix('[') {
            let inner = inner
                .strip_suffix(']')
                .ok_or_else(|| err(format!("unclosed entity element {tok:?}")))?;
            let (role, labels) = match inner.split_once(':') {
                Some(("HEAD", l)) => (Role::Head, l),
                Some(("TAIL", l)) => (Role::Tail, l),
                Some((r, _)) => {
                    return Err(err(format!("unknown role {r:?} (HEAD or TAIL)")));
                }
                None => (Role::Any, inner),
            };
            let (labels, last) = match labels.split_once("=@") {
                Some((l, class)) => (
                    l,
                    Some(
                        *self
                            .classes
                            .get(class)
                            .ok_or_else(|| err(format!("unknown class @{class}")))?,
                    ),
                ),
                None => (labels, None),
            };
            let mut bits = 0u32;
            for l in labels.split('|') {
                let lab = if l == "*" {
                    None
                } else {
                    Some(
                        EntityLabel::parse(l)
                            .ok_or_else(|| err(format!("unknown entity label {l:?}")))?,
                    )
                };
                match lab {
                    Some(lab) => bits |= label_bit(lab),
                    None => bits = u32::MAX,
                }
            }
            return Ok(Elem::Entity {
                role,
                labels: bits,
                last,
            });
        }
        // Gap.
        if let Some(rest) = tok.strip_prefix('*').or_else(|| tok.strip_prefix('_')) {
            if !rest.is_empty() && rest.starts_with(|c: char| c.is_ascii_digit()) {
                let names_ok = tok.starts_with('*');
                // `*0-12!PERSON|ORG`: a gap that may not cross such an entity, so a
                // pattern reaches the nearest candidate instead of jumping over it.
                let (rest, forbid) = match rest.split_once('!') {
                    Some((r, labels)) => {
                        let mut bits = 0u32;
                        for l in labels.split('|') {
                            let lab = EntityLabel::parse(l).ok_or_else(|| {
                                err(format!("unknown entity label {l:?} in gap {tok:?}"))
                            })?;
                            bits |= label_bit(lab);
                        }
                        (r, bits)
                    }
                    None => (rest, 0),
                };
                let (a, b) = rest.split_once('-').unwrap_or((rest, rest));
                let (Ok(min), Ok(max)) = (a.parse::<u8>(), b.parse::<u8>()) else {
                    return Err(err(format!("bad gap {tok:?} (write *N-M)")));
                };
                if min > max || max > MAX_GAP {
                    return Err(err(format!("bad gap {tok:?} (need N <= M <= {MAX_GAP})")));
                }
                return Ok(Elem::Gap {
                    min,
                    max,
                    names_ok,
                    forbid,
                });
            }
        }
        // Word element, maybe a trigger, maybe quantified.
        let (body, trigger) = match tok.strip_prefix('{') {
            Some(b) if tok.len() > 2 => (
                b.strip_suffix('}')
                    .ok_or_else(|| err(format!("unclosed trigger {tok:?}")))?,
                true,
            ),
            _ => (tok, false),
        };
        let (body, escaped) = match body.strip_prefix('\\') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (body, false),
        };
        let (body, min, max) = if body.len() > 1 && !escaped {
            match body.as_bytes()[body.len() - 1] {
                b'?' => (&body[..body.len() - 1], 0, 1),
                b'+' => (&body[..body.len() - 1], 1, MAX_REPEAT),
                b'*' => (&body[..body.len() - 1], 0, MAX_REPEAT),
                _ => (body, 1, 1),
            }
        } else {
            (body, 1, 1)
        };
        let atom = if let (Some(class), false) = (body.strip_prefix('@'), escaped) {
            *self
                .classes
                .get(class)
                .ok_or_else(|| err(format!("unknown class @{class}")))?
        } else {
            let mut alts: Vec<String> = body.split('|').map(normalize).collect();
            if alts.iter().any(|a| a.is_empty()) {
                return Err(err(format!("empty word in {tok:?}")));
            }
            alts.sort();
            alts.dedup();
            let key = alts.join("|");
            match self.literals.get(&key) {
                Some(&a) => a,
                None => {
                    let a = self.new_atom(file, line)?;
                    self.literals.insert(key, a);
                    for w in alts {
                        self.members.entry(w).or_default().push(a);
                    }
                    a
                }
            }
        };
        Ok(Elem::Word {
            atom,
            min,
            max,
            trigger,
        })
    }

    /// Builds the word table; call after the last [`PatternSet::parse`].
    pub(crate) fn finish(&mut self) {
        let w = self.words();
        self.rows.clear();
        self.table = WordTable::with_capacity(self.members.len());
        // Row 0 is the empty row: words in no class.
        self.rows.resize(w, 0);
        for (word, atoms) in &self.members {
            let row = (self.rows.len() / w) as u32;
            self.rows.resize(self.rows.len() + w, 0);
            let base = row as usize * w;
            for &a in atoms {
                self.rows[base + a as usize / 64] |= 1 << (a % 64);
            }
            self.table.insert(word.as_bytes(), row);
        }
        self.prefilter = Prefilter::new(&self.patterns, w);
    }

    /// Writes into `cand` the patterns that may match a
    /// sentence whose tokens carry the atoms `sent_bits` (`words()` u64s, built-in atoms
    /// included) and whose entities carry the labels `labels`: those whose required
    /// atoms all occur and each of whose entity elements has a label that occurs.
    pub(crate) fn candidates(&self, sent_bits: &[u64], labels: u32, cand: &mut Candidates) {
        self.prefilter.candidates(sent_bits, labels, cand);
    }

    /// The built-in atoms of a token as bits (`1 << ATOM_NUMBER`, `1 << ATOM_CAP`,
    /// `1 << ATOM_LOWER`).
    #[inline]
    pub(crate) fn token_flags(text: &str, kind: TokenKind) -> u8 {
        let mut f = 0u8;
        if kind == TokenKind::Number {
            f |= 1 << ATOM_NUMBER;
        }
        // PERF: an ASCII first byte needs no UTF-8 decoding (benches/relate.rs).
        let (cap, lower) = match text.as_bytes().first() {
            Some(c) if c.is_ascii() => (c.is_ascii_uppercase(), c.is_ascii_lowercase()),
            Some(_) => text
                .chars()
                .next()
                .map_or((false, false), |c| (c.is_uppercase(), c.is_lowercase())),
            None => (false, false),
        };
        if cap {
            f |= 1 << ATOM_CAP;
        }
        if lower {
            f |= 1 << ATOM_LOWER;
        }
        f
    }

    /// The row of a token's word in `rows` (0, the empty row, for a word in no class).
    #[inline]
    pub(crate) fn token_row(&self, text: &str, scratch: &mut String) -> u32 {
        // PERF: short ASCII words are lowercased and hashed 8 bytes at a time on the
        // stack; only other words touch `scratch` (benches/relate.rs). The key is the
        // one `normalize_into` gives, except that only a leading backquote becomes an
        // apostrophe (as before: a word with another backquote is in no class).
        let b = text.as_bytes();
        if b.len() <= 32 {
            // Eight bytes at a time, the last chunk by at most two loads: no copy
            // (a call to `memcpy` per token).
            let mut words = [0u64; 4];
            for (w, c) in words.iter_mut().zip(b.chunks(8)) {
                *w = load_short(c);
            }
            let n = b.len().div_ceil(8);
            let (mut high, mut h) = (0u64, hash_start(b.len()));
            for w in words.iter_mut().take(n) {
                high |= *w;
                *w = ascii_lower(*w);
                h = hash_mix(h, *w);
            }
            if high & 0x8080_8080_8080_8080 == 0 {
                if b.first() == Some(&b'`') {
                    let mut buf = [0u8; 32];
                    for (c, w) in buf.chunks_exact_mut(8).zip(words) {
                        c.copy_from_slice(&w.to_le_bytes());
                    }
                    buf[0] = b'\'';
                    return self.table.get(&buf[..b.len()]);
                }
                // The same hash as `word_hash` (the last word zero-padded).
                return self.table.get_words(&words[..n], b.len(), h);
            }
        }
        normalize_into(text, scratch);
        self.table.get(scratch.as_bytes())
    }
}

/// Eight bytes as a little-endian u64 (0 unless `c` holds exactly eight).
#[inline]
fn u64_le(c: &[u8]) -> u64 {
    <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes)
}

/// Up to eight bytes as a little-endian u64, zero-padded: at most two overlapping loads
/// instead of a byte loop or a copy.
#[inline]
fn load_short(b: &[u8]) -> u64 {
    let n = b.len();
    let at4 = |i: usize| {
        b.get(i..i + 4)
            .and_then(|s| <[u8; 4]>::try_from(s).ok())
            .map_or(0, |a| u64::from(u32::from_le_bytes(a)))
    };
    let at2 = |i: usize| {
        b.get(i..i + 2)
            .and_then(|s| <[u8; 2]>::try_from(s).ok())
            .map_or(0, |a| u64::from(u16::from_le_bytes(a)))
    };
    match n {
        8.. => u64_le(&b[..8]),
        4.. => at4(0) | at4(n - 4) << (8 * (n - 4)),
        2.. => at2(0) | at2(n - 2) << (8 * (n - 2)),
        1 => u64::from(b[0]),
        0 => 0,
    }
}

/// Lowercases the ASCII letters of eight ASCII bytes at once: a byte gets 0x20 when it
/// is at least `A` and below `[` (bytes below 0x80 cannot carry into the next one).
#[inline]
fn ascii_lower(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = w.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let ge_z1 = w.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    w | ((ge_a & !ge_z1 & (ONES * 0x80)) >> 2)
}

/// Normalized word -> bit-set row: open addressing with linear probing, each slot
/// holding the full hash of its word. PERF: replaces a `HashMap<Box<str>, u32>` whose
/// lookup validated UTF-8 and copied bytes for the hasher; most tokens are in no class
/// and miss here on the hash alone (benches/relate.rs).
#[derive(Clone, Debug, Default)]
struct WordTable {
    /// A power of two in length (or empty); `row == 0` marks a free slot.
    slots: Vec<Slot>,
    /// The words' bytes, back to back.
    keys: Vec<u8>,
    /// The words as little-endian u64s (the last one of each zero-padded), back to back.
    words: Vec<u64>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    hash: u64,
    /// The word's bytes in `keys`: from `start`, `len` of them; its u64s in `words`:
    /// from `wstart`.
    start: u32,
    len: u32,
    wstart: u32,
    row: u32,
}

const HASH_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn hash_mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(HASH_K)
}

#[inline]
fn hash_start(len: usize) -> u64 {
    hash_mix(0, len as u64)
}

/// Hash of a word's bytes: FxHash over little-endian 8-byte words, the last one
/// zero-padded, seeded with the length.
fn word_hash(key: &[u8]) -> u64 {
    let mut h = hash_start(key.len());
    for c in key.chunks(8) {
        let mut w = 0u64;
        for (i, &c) in c.iter().enumerate() {
            w |= u64::from(c) << (8 * i);
        }
        h = hash_mix(h, w);
    }
    h
}

impl WordTable {
    fn with_capacity(n: usize) -> WordTable {
        // At most half full, so probes stay short.
        let size = (2 * n).next_power_of_two().max(16);
        WordTable {
            slots: vec![Slot::default(); size],
            keys: Vec::new(),
            words: Vec::new(),
        }
    }

    #[inline]
    fn index(&self, hash: u64) -> usize {
        // The multiply leaves its best bits at the top.
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Adds a word (not already present) with its row (not 0).
    fn insert(&mut self, key: &[u8], row: u32) {
        let hash = word_hash(key);
        let mask = self.slots.len() - 1;
        let mut i = self.index(hash);
        while self.slots[i].row != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot {
            hash,
            start: self.keys.len() as u32,
            len: key.len() as u32,
            wstart: self.words.len() as u32,
            row,
        };
        self.keys.extend_from_slice(key);
        self.words.extend(key.chunks(8).map(load_short));
    }

    /// The row of a word, 0 when it is in no class.
    fn get(&self, key: &[u8]) -> u32 {
        self.get_hashed(key, word_hash(key))
    }

    /// [`WordTable::get`] given the word as u64s (the last one zero-padded), its length
    /// in bytes and its [`word_hash`]. PERF: compares u64s in line, not bytes through
    /// `memcmp` (benches/relate.rs).
    #[inline]
    fn get_words(&self, words: &[u64], len: usize, hash: u64) -> u32 {
        self.probe(hash, |s| {
            let w = s.wstart as usize;
            s.len as usize == len
                && self
                    .words
                    .get(w..w + words.len())
                    .is_some_and(|k| k.iter().zip(words).all(|(a, b)| a == b))
        })
    }

    /// The row of the first slot on `hash`'s probe sequence that holds that hash and
    /// passes `same`; 0 at an empty slot.
    #[inline]
    fn probe(&self, hash: u64, same: impl Fn(&Slot) -> bool) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.index(hash);
        loop {
            let s = &self.slots[i];
            if s.row == 0 {
                return 0;
            }
            if s.hash == hash && same(s) {
                return s.row;
            }
            i = (i + 1) & mask;
        }
    }

    /// [`WordTable::get`] given the word's [`word_hash`].
    #[inline]
    fn get_hashed(&self, key: &[u8], hash: u64) -> u32 {
        self.probe(hash, |s| {
            self.keys.get(s.start as usize..(s.start + s.len) as usize) == Some(key)
        })
    }
}

/// The sentence-level filter over all patterns, computed from the loaded patterns.
/// PERF: a sentence used to test every pattern's atoms and labels in turn; now one
/// bit-set operation (over patterns) per entity label set the sentence lacks, and a
/// count per pattern of its required atoms that the sentence holds: a sentence holds
/// few of them (benches/relate.rs).
#[derive(Clone, Debug, Default)]
struct Prefilter {
    /// u64 words per bit set over patterns.
    pw: usize,
    /// Every pattern.
    all: Vec<u64>,
    /// Each distinct label set of an entity element, with the patterns (`pw` words
    /// from the offset) that have an element with that set.
    label_sets: Vec<(u32, usize)>,
    label_pats: Vec<u64>,
    /// The atoms some pattern requires, as a sentence bit set.
    required: Vec<u64>,
    /// Atom `a` -> the patterns requiring it: `req_pats[req_at[a]..req_at[a + 1]]`.
    req_at: Vec<u32>,
    req_pats: Vec<u32>,
    /// Each pattern's number of (distinct) required atoms.
    need: Vec<u32>,
    /// The patterns that require no atom.
    no_need: Vec<u64>,
}

/// Scratch space and result of [`PatternSet::candidates`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Candidates {
    /// A bit set over patterns.
    set: Vec<u64>,
    /// Per pattern, how many of its required atoms the sentence holds.
    count: Vec<u32>,
    /// The patterns whose required atoms the sentence all holds.
    full: Vec<u64>,
}

impl Candidates {
    /// The candidate patterns' indices, in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        bits(&self.set)
    }
}

impl Prefilter {
    fn new(patterns: &[Pattern], w: usize) -> Prefilter {
        let pw = patterns.len().div_ceil(64).max(1);
        let mut f = Prefilter {
            pw,
            all: vec![0; pw],
            no_need: vec![0; pw],
            required: vec![0; w],
            ..Prefilter::default()
        };
        let mut by_atom: Vec<Vec<u32>> = vec![Vec::new(); w * 64];
        for (pi, p) in patterns.iter().enumerate() {
            let (word, bit) = (pi / 64, 1u64 << (pi % 64));
            f.all[word] |= bit;
            for e in &p.elems {
                let Elem::Entity { labels, .. } = *e else {
                    continue;
                };
                let at = match f.label_sets.iter().find(|&&(l, _)| l == labels) {
                    Some(&(_, at)) => at,
                    None => {
                        let at = f.label_pats.len();
                        f.label_sets.push((labels, at));
                        f.label_pats.resize(at + pw, 0);
                        at
                    }
                };
                f.label_pats[at + word] |= bit;
            }
            // `required_atoms` holds each atom once.
            for &a in &p.required_atoms {
                f.required[a as usize / 64] |= 1 << (a % 64);
                by_atom[a as usize].push(pi as u32);
            }
            f.need.push(p.required_atoms.len() as u32);
            if p.required_atoms.is_empty() {
                f.no_need[word] |= bit;
            }
        }
        f.req_at.push(0);
        for list in by_atom {
            f.req_pats.extend(list);
            f.req_at.push(f.req_pats.len() as u32);
        }
        f
    }

    fn candidates(&self, sent_bits: &[u64], labels: u32, out: &mut Candidates) {
        let pw = self.pw;
        let cand = &mut out.set;
        cand.clear();
        cand.extend_from_slice(&self.all);
        if unfiltered() {
            return;
        }
        for &(l, at) in &self.label_sets {
            if l & labels == 0 {
                for (c, p) in cand.iter_mut().zip(&self.label_pats[at..at + pw]) {
                    *c &= !p;
                }
            }
        }
        if cand.iter().all(|&c| c == 0) {
            return;
        }
        let (count, full) = (&mut out.count, &mut out.full);
        count.clear();
        count.resize(self.need.len(), 0);
        full.clear();
        full.extend_from_slice(&self.no_need);
        for (i, (&req, &have)) in self.required.iter().zip(sent_bits).enumerate() {
            let mut present = req & have;
            while present != 0 {
                let a = i * 64 + present.trailing_zeros() as usize;
                present &= present - 1;
                let list = &self.req_pats[self.req_at[a] as usize..self.req_at[a + 1] as usize];
                for &p in list {
                    let p = p as usize;
                    count[p] += 1;
                    // The last of its atoms: the pattern has them all.
                    if count[p] == self.need[p] {
                        full[p / 64] |= 1 << (p % 64);
                    }
                }
            }
        }
        for (c, f) in cand.iter_mut().zip(full.iter()) {
            *c &= f;
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Tests turn the prefilter and the matcher's one-token tests off with this, to
    /// compare with a run that tries every pattern everywhere.
    pub(crate) static UNFILTERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the shortcuts that skip patterns and positions are off (tests only).
#[inline(always)]
pub(crate) fn unfiltered() -> bool {
    #[cfg(test)]
    {
        UNFILTERED.with(|u| u.get())
    }
    #[cfg(not(test))]
    {
        false
    }
}

/// The indices of the set bits of a bit set, in increasing order.
pub(crate) fn bits(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(j, &w)| {
        let mut m = w;
        std::iter::from_fn(move || {
            (m != 0).then(|| {
                let b = m.trailing_zeros() as usize;
                m &= m - 1;
                j * 64 + b
            })
        })
    })
}

/// Whether a token with word row `row` and built-in bits `flags` carries atom `a`.
#[inline]
pub(crate) fn token_has(rows: &[u64], w: usize, row: u32, flags: u8, a: u16) -> bool {
    if a < BUILTIN_ATOMS {
        flags & (1 << a) != 0
    } else {
        let r = row as usize * w;
        has(&rows[r..r + w], a)
    }
}

/// The bit of an entity label in a label set.
#[inline]
pub(crate) fn label_bit(l: EntityLabel) -> u32 {
    1 << (l as u32)
}

/// Whether atom `a` is set in a bit-set row.
#[inline]
pub(crate) fn has(row: &[u64], a: u16) -> bool {
    row[a as usize / 64] & (1 << (a % 64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn default_set() -> PatternSet {
        let mut set = PatternSet::new();
        set.parse("<built-in>", "@_blocker = not n't never")
            .expect("blockers parse");
        set.parse("<default>", crate::DEFAULT_PATTERNS)
            .expect("default patterns parse");
        set.parse(
            "<test>",
            "@odd = caf\u{e9} `twas \u{2019}s stra\u{df}e x`y a-very-long-word-of-more-than-32-bytes\n",
        )
        .expect("test class parses");
        set.finish();
        set
    }

    /// The key the word table was looked up with before it became a `WordTable`.
    fn reference_key(text: &str) -> String {
        if text.len() <= 32 && text.is_ascii() {
            let mut s = text.to_ascii_lowercase();
            if s.starts_with('`') {
                s.replace_range(..1, "'");
            }
            s
        } else {
            normalize(text)
        }
    }

    /// The atoms of a row, as a sorted list.
    fn atoms_of(set: &PatternSet, row: u32) -> Vec<u16> {
        let w = set.words();
        let r = &set.rows[row as usize * w..(row as usize + 1) * w];
        (0..set.n_atoms).filter(|&a| has(r, a)).collect()
    }

    fn reference_atoms(set: &PatternSet, text: &str) -> Vec<u16> {
        let mut v = set
            .members
            .get(&reference_key(text))
            .cloned()
            .unwrap_or_default();
        v.sort_unstable();
        v
    }

    fn word() -> impl Strategy<Value = String> {
        let set = default_set();
        let mut known: Vec<String> = set.members.keys().cloned().collect();
        known.sort();
        prop_oneof![
            // A class word or literal, in some mix of cases.
            (prop::sample::select(known), any::<u64>()).prop_map(|(w, bits)| {
                w.chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if bits >> (i % 64) & 1 == 1 {
                            c.to_uppercase().collect::<String>()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect()
            }),
            "[`'\u{2018}\u{2019}a-zA-Z@\\[\\]{}.,]{0,40}",
            "\\PC{0,12}",
        ]
    }

    /// The sentence filter as it was: every pattern's atoms and labels in turn.
    fn reference_candidates(set: &PatternSet, sent_bits: &[u64], labels: u32) -> Vec<usize> {
        (0..set.patterns.len())
            .filter(|&pi| {
                let p = &set.patterns[pi];
                p.required_atoms.iter().all(|&a| has(sent_bits, a))
                    && p.elems.iter().all(|e| match e {
                        Elem::Entity { labels: l, .. } => l & labels != 0,
                        _ => true,
                    })
            })
            .collect()
    }

    /// Sentence bit sets with each atom present with probability 1/2, 1/4 or 1/8, and
    /// label sets likewise.
    fn sentence(w: usize) -> impl Strategy<Value = (Vec<u64>, u32)> {
        (
            prop::collection::vec(any::<[u64; 3]>(), w),
            any::<[u32; 3]>(),
            0usize..3,
        )
            .prop_map(|(words, l, density)| {
                let thin = |r: &[u64; 3]| r[..=density].iter().fold(u64::MAX, |a, b| a & b);
                let labels = l[..=density].iter().fold(u32::MAX, |a, b| a & b);
                (words.iter().map(thin).collect(), labels)
            })
    }

    /// A random pattern body: HEAD and TAIL with random label sets, and words, classes,
    /// optional words, triggers and gaps around them.
    fn pattern_line() -> impl Strategy<Value = String> {
        let label = prop::sample::select(vec![
            "PERSON",
            "ORG",
            "GPE",
            "LOC",
            "FAC",
            "NORP",
            "DATE",
            "*",
            "GPE|LOC",
            "PERSON|ORG",
        ]);
        let elem = prop::sample::select(vec![
            ",",
            "of",
            "in|at",
            "'s",
            "@title",
            "@title+",
            "@role?",
            "{@kill_verb}",
            "the?",
            "_0-2",
            "*0-4",
            "*0-12!PERSON",
            "[ORG]",
            "[*]",
            "by",
            "@cap",
            "@lower",
            "@number",
            "and",
            "zzz-unseen",
            "@office_mod*",
        ]);
        (
            label.clone(),
            label,
            prop::collection::vec(elem.clone(), 0..4),
            prop::collection::vec(elem, 0..4),
        )
            .prop_map(|(h, t, mid, end)| {
                let mut v = vec![format!("[HEAD:{h}]")];
                v.extend(mid.iter().map(|s| s.to_string()));
                v.push(format!("[TAIL:{t}]"));
                v.extend(end.iter().map(|s| s.to_string()));
                // No two gaps in a row, one trigger at most, no gap at the end.
                let mut out: Vec<String> = Vec::new();
                let mut trigger = false;
                for e in v {
                    let gap = e.starts_with(['_', '*']);
                    if gap && out.last().is_some_and(|l| l.starts_with(['_', '*'])) {
                        continue;
                    }
                    if e.starts_with('{') {
                        if trigger {
                            continue;
                        }
                        trigger = true;
                    }
                    out.push(e);
                }
                while out.last().is_some_and(|e| e.starts_with(['_', '*'])) {
                    out.pop();
                }
                out.join(" ")
            })
    }

    #[test]
    fn every_class_word_finds_its_row() {
        let set = default_set();
        let mut scratch = String::new();
        for word in set.members.keys() {
            let row = set.token_row(word, &mut scratch);
            assert_eq!(atoms_of(&set, row), reference_atoms(&set, word), "{word:?}");
        }
    }

    proptest! {
        #[test]
        fn token_rows_match_a_hash_map_lookup(text in word()) {
            let set = default_set();
            let mut scratch = String::new();
            let row = set.token_row(&text, &mut scratch);
            prop_assert_eq!(atoms_of(&set, row), reference_atoms(&set, &text));
        }

        #[test]
        fn prefilter_keeps_every_pattern_that_can_match(
            (sent_bits, labels) in sentence(default_set().words()),
            extra in prop::collection::vec(pattern_line(), 0..40),
        ) {
            // The default patterns, and random ones over the same classes and labels.
            let mut set = default_set();
            let mut text = String::new();
            for (i, line) in extra.iter().enumerate() {
                text.push_str(&format!("x{i} located_in 0.5 {line}\n"));
            }
            set.parse("<random>", &text).expect("random patterns parse");
            set.finish();
            let mut cand = Candidates::default();
            set.candidates(&sent_bits, labels, &mut cand);
            let got: Vec<usize> = cand.iter().collect();
            prop_assert_eq!(got, reference_candidates(&set, &sent_bits, labels));
        }

        #[test]
        fn load_short_pads_with_zeros(bytes in prop::collection::vec(any::<u8>(), 0..=8)) {
            let mut a = [0u8; 8];
            a[..bytes.len()].copy_from_slice(&bytes);
            prop_assert_eq!(load_short(&bytes), u64::from_le_bytes(a));
        }

        #[test]
        fn ascii_lower_is_to_ascii_lowercase(bytes in prop::array::uniform8(0u8..0x80)) {
            let w = u64::from_le_bytes(bytes);
            prop_assert_eq!(ascii_lower(w).to_le_bytes(), bytes.map(|b| b.to_ascii_lowercase()));
        }

        #[test]
        fn padded_hash_is_word_hash(text in "[ -~]{0,32}") {
            let b = text.as_bytes();
            let mut buf = [0u8; 32];
            buf[..b.len()].copy_from_slice(b);
            let mut h = hash_start(b.len());
            for c in buf.chunks_exact(8).take(b.len().div_ceil(8)) {
                h = hash_mix(h, u64_le(c));
            }
            prop_assert_eq!(h, word_hash(b));
        }
    }
}
