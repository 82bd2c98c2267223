//! Typed relation extraction: tokens, sentences and entities in, relations out.
//!
//! An [`Extractor`] runs a set of *patterns* over each sentence of a document and
//! writes a [`Relation`] for every match: `works_for`, `lives_in`, `located_in`,
//! `based_in`, `killed`, and the news events `visited`, `met_with` and
//! `conflict_with`, with the conventions of gleaner's output contract (DESIGN.md).
//! Each relation names the pattern that produced it and carries that pattern's
//! measured precision as its `confidence`.
//!
//! Patterns are data: a small language over entity labels, literal words, word
//! classes and bounded gaps (see [Pattern language](#pattern-language)). The default
//! pattern file (`data/default.patterns`) is embedded; users add their own with
//! [`ExtractorBuilder::patterns_file`].
//!
//! ```
//! use gleaner_doc::{Entity, EntityId, EntityLabel, RelationLabel, Span};
//! use gleaner_relate::Extractor;
//! use gleaner_tokenize::Tokenizer;
//!
//! let text = "Russian President Vladimir Putin met Ilham Aliyev in Baku.";
//! let a = Tokenizer::new().analyze(text);
//! let mut russian = Entity::new(EntityId(0), Span::new(0, 7), EntityLabel::Norp, "Russian");
//! russian.country = Some("Russia".into());
//! let entities = vec![
//!     russian,
//!     Entity::new(EntityId(1), Span::new(18, 32), EntityLabel::Person, "Vladimir Putin"),
//!     Entity::new(EntityId(2), Span::new(37, 49), EntityLabel::Person, "Ilham Aliyev"),
//!     Entity::new(EntityId(3), Span::new(53, 57), EntityLabel::Gpe, "Baku"),
//! ];
//! let rels = Extractor::new().extract(text, &a.tokens, &a.sentences, &entities);
//! let works = rels.iter().find(|r| r.label == RelationLabel::WorksFor).unwrap();
//! assert_eq!((works.head, works.tail), (EntityId(1), EntityId(0)));
//! assert_eq!(works.trigger.as_deref(), Some("President"));
//! assert!(rels.iter().any(|r| r.label == RelationLabel::MetWith
//!     && (r.head, r.tail) == (EntityId(1), EntityId(2))));
//! ```
//!
//! # Pattern language
//!
//! A pattern file has one definition per line; blank lines and lines starting with
//! `#` are ignored.
//!
//! * A **word class**: `@name = word word ...` defines a class of single words
//!   (matched case-insensitively, curly apostrophes as straight ones);
//!   `@name += word ...` adds words to a class defined earlier (also one from the
//!   default file). Built-in classes: `@number` (a numeric token), `@cap` (a
//!   capitalized token) and `@lower` (a word starting in lower case).
//! * A **pattern**: `NAME LABEL CONFIDENCE ELEMENT ELEMENT ...`, where `NAME` is made
//!   of letters, digits, `_`, `-`, `.` and is unique, `LABEL` is a relation label
//!   (`works_for`, `lives_in`, `located_in`, `based_in`, `killed`, `visited`,
//!   `met_with`, `conflict_with`) and `CONFIDENCE` a number in `[0, 1]` — the
//!   pattern's measured precision.
//!
//! Elements, separated by spaces, match consecutive tokens of one sentence:
//!
//! | element | matches |
//! |---|---|
//! | `[HEAD:PERSON]` | one whole entity labelled PERSON, the relation's head |
//! | `[TAIL:GPE\|NORP]` | one whole entity labelled GPE or NORP, the tail |
//! | `[ORG]`, `[*]` | one whole entity (not captured); `*` is any label |
//! | `[HEAD:ORG\|FAC=@facility]` | an entity whose last word is in the class ("Veterans Medical Center") |
//! | `of`, `'s`, `,` | one token outside entities with that text (case-insensitive) |
//! | `met\|meets` | one token with either text |
//! | `@title` | one token outside entities in the class |
//! | `X?`, `X+`, `X*` | a word or class element 0–1, 1–8 or 0–8 times |
//! | `{X}` | a word or class element whose text becomes the `trigger` |
//! | `*0-3` | a gap of 0 to 3 arbitrary tokens (at most 12) |
//! | `_0-3` | a gap of 0 to 3 tokens outside named entities (dates and numbers are fine) |
//! | `*0-12!PERSON` | a gap crossing no entity with these labels (so it stops at the nearest person) |
//! | `\*` | a literal `*` (a backslash escapes `@`, `[`, `{`, `*`, `_`, quantifiers) |
//!
//! The keyword `sole` right after the confidence keeps a match only when the
//! sentence holds exactly one entity that could be the head and exactly one that could
//! be the tail (a fallback for "the only possible pair").
//!
//! A pattern needs exactly one `HEAD` and one `TAIL`, at most one trigger, and may not
//! start or end with a gap. Gaps and repeats are tried shortest first, and each
//! start position yields at most one match. A malformed line is an error naming the
//! file and line ([`ErrorKind::Pattern`]).
//!
//! # What is not extracted
//!
//! * **Negation and hypotheticals**: a match is dropped when a blocking word (class
//!   `@_blocker`, extendable with `@_blocker += ...`: `not`,
//!   `n't`, `never`, `no`, `if`, `would`, `could`, `might`, `may`, `should`, `will`,
//!   `plans`, `denied`, `refused`, `urged`, `called` (for), ...) lies inside the matched tokens; for the event
//!   labels (`killed`, `visited`, `met_with`, `conflict_with`) also when one of the
//!   two tokens before the match is such a word. A word inside an entity does not
//!   block ("Busan , June 9 ( YONHAP )", "Will Parker"). So "X met Y" gives `met_with`, but
//!   "X did not meet Y", "X will meet Y" and "if X meets Y" give nothing: only events
//!   the text reports as having happened are relations.
//! * **Speaking to or studying at an organisation**: a `works_for` match is dropped
//!   when a word of the class `@_not_work` (`told`, `tells`, `telling`, `testified`,
//!   `attended`, `graduated`, `studied`; extend with `@_not_work += ...`) lies inside
//!   it outside the entities: "Ann Lee told the Harbor Times", "Tom Reyes attended
//!   Carver College" name no employer.
//! * **Groups are no places**: a nationality (a NORP with a `country`) stands for its
//!   country, but a NORP without one is a political or religious group ("Democratic
//!   Gov. Ann Lee", "Mormon leader Tom Reyes"); it is never the tail of `works_for`,
//!   `lives_in`, `located_in` or `based_in`.
//! * A relation between two mentions of the same party ("Russia" and "Russian",
//!   "Putin" and "Vladimir Putin") is dropped; of several relations between the same
//!   two parties in one sentence that share a mention only the most confident is kept
//!   (two separate statements of one fact, with other mentions, both stay).
//! * `located_in` between two members of one list ("Italy , South Korea and
//!   Brazil": entities of one kind joined by commas with an `and`/`or`, or four or
//!   more joined by commas alone) is dropped. A comma after the `and` ends the list:
//!   "near Pine Ridge and St. Marys , Vt." is two towns, then their state. A state
//!   abbreviation right before the `and` makes the run town-state pairs, not a list:
//!   "at Lander , Wyo. , and Alamosa , Colo." places each town in its own state.
//!
//! # Coordination and aliases
//!
//! A match also yields the relation for each conjunct of an argument that sits in a
//! list ("the slayings of Peter Lang and Maria Ortiz" gives two `killed`), and
//! for the other name of an argument written "X ( Y )" ("the Workers Party ( WP )").
//! Such relations carry the pattern's name with `+coord` or `+alias` and its
//! confidence. "Ukraine and Azerbaijan 's offensive" is not a list: a possessive
//! starts a new phrase.
//!
//! # National organisations
//!
//! One reading is written in code rather than as a pattern: an organisation whose
//! name opens with the nationality word of a country named in the same sentence is
//! `based_in` that country ("the Chilean Trade Ministry said Chile would sign"), with
//! the nationality word as trigger, pattern name [`NATIONAL_ORG_RULE`] and its
//! measured precision, unless the sentence already relates the two. Nationality
//! words are recognised by their ending against the country's name ("Chinese" and
//! "China", "Swedish" and "Sweden", "German" and "Germany"), so no table is needed.
//!
//! # Conventions
//!
//! Symmetric labels (`met_with`, `conflict_with`) are written once, with the earlier
//! mention as head. Relations are sorted by evidence sentence, then head, then tail.
//!
//! # Performance
//!
//! Each token's word classes are looked up once (a hash probe, no allocation for
//! ASCII words) into a bit set; a pattern runs on a sentence only when every word
//! class it requires occurs there. Matching is anchored at a token and gaps and
//! repeats are bounded, so the work per sentence is linear in its length; at most
//! [`MAX_MATCHES_PER_SENTENCE`] matches per pattern and sentence are kept, and each
//! match adds at most a few conjuncts and aliases per argument, so long lists of names
//! cannot make the stage quadratic. `benches/relate.rs` measures
//! throughput in bytes per second.
//!
//! # Errors
//!
//! Only building an extractor fails: an unreadable or malformed pattern file
//! ([`Error`]). Extraction itself never fails; entities that do not line up with
//! tokens are ignored.
#![deny(missing_docs)]

mod pattern;

use std::fmt;
use std::path::{Path, PathBuf};

pub use gleaner_doc::{Entity, EntityId, EntityLabel, Relation, RelationLabel, Span, Token};

use pattern::{Elem, PatternSet, Role, label_bit};

/// The default pattern file, embedded.
pub const DEFAULT_PATTERNS: &str = include_str!("../data/default.patterns");

/// At most this many matches of one pattern are kept per sentence.
pub const MAX_MATCHES_PER_SENTENCE: usize = 32;

const NONE: u32 = u32::MAX;

/// Words that block a match (negation, hypotheticals, plans).
const BLOCKERS: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "nor",
    "neither",
    "if",
    "unless",
    "whether",
    "would",
    "could",
    "might",
    "may",
    "should",
    "will",
    "'ll",
    "plans",
    "plan",
    "planned",
    "planning",
    "hopes",
    "hope",
    "hoped",
    "wants",
    "want",
    "wanted",
    "denied",
    "denies",
    "deny",
    "refused",
    "refuses",
    "cancelled",
    "canceled",
    "postponed",
    "allegedly",
    "alleged",
    "reportedly",
    "rumored",
    "rumoured",
    "failed",
    "expected",
    "tried",
    "attempted",
    "attempt",
    // Proposals: "X called for talks with Y", "X urged an offensive against Y".
    "called",
    "calls",
    "calling",
    "urged",
    "urges",
    "urging",
    "proposed",
    "proposes",
    "demanded",
    "demands",
    "sought",
    "seeks",
];

/// Words that, inside a works_for match, tell the person and the organisation apart
/// as no employee and employer (class `@_not_work`, extendable with `@_not_work +=`):
/// the person speaks to the organisation (a newspaper, a broadcaster, a committee) or
/// studied there. Mostly the `sole` fallbacks' mistake: on GUM's news and biographies
/// 8 of their 51 pairs read so, all wrong; none on conll04-train.
const NOT_WORK: &[&str] = &[
    "told",
    "tells",
    "telling",
    "testified",
    "attended",
    "graduated",
    "studied",
];

/// Finds typed relations between the entities of a document. `Send + Sync`; build
/// once and share.
#[derive(Clone, Debug)]
pub struct Extractor {
    set: PatternSet,
    /// Atom id of the blocker class.
    blocker: u16,
    /// Atom id of the class of words that tell a `sole` pair is no employment.
    not_work: u16,
}

/// Configures and builds an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    default_patterns: bool,
    files: Vec<PathBuf>,
    texts: Vec<(String, String)>,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            default_patterns: true,
            files: Vec::new(),
            texts: Vec::new(),
        }
    }
}

impl ExtractorBuilder {
    /// Whether to load the embedded default patterns (on by default).
    pub fn default_patterns(mut self, yes: bool) -> Self {
        self.default_patterns = yes;
        self
    }

    /// Adds a pattern file, read when [`build`](Self::build) runs.
    pub fn patterns_file(mut self, path: impl AsRef<Path>) -> Self {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds pattern definitions from a string; `name` is used in error messages.
    pub fn patterns_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.texts.push((name.into(), text.into()));
        self
    }

    /// Reads and parses the patterns.
    pub fn build(self) -> Result<Extractor, Error> {
        let mut set = PatternSet::new();
        // The blocker list is a class like any other, so its words cost one bit.
        let mut blockers = String::from("@_blocker =");
        for b in BLOCKERS {
            blockers.push(' ');
            blockers.push_str(b);
        }
        set.parse("<built-in>", &blockers)?;
        set.parse(
            "<built-in>",
            &format!("@_not_work = {}", NOT_WORK.join(" ")),
        )?;
        if self.default_patterns {
            set.parse("<default patterns>", DEFAULT_PATTERNS)?;
        }
        for path in &self.files {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| Error {
                kind: ErrorKind::Io {
                    file: file.clone(),
                    source,
                },
            })?;
            set.parse(&file, &text)?;
        }
        for (name, text) in &self.texts {
            set.parse(name, text)?;
        }
        set.finish();
        // The blocker class was defined first, right after the built-in atoms, and
        // the not-work class second.
        let blocker = pattern::BUILTIN_ATOMS;
        let not_work = blocker + 1;
        Ok(Extractor {
            set,
            blocker,
            not_work,
        })
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// Per-document view used while matching.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    entities: &'a [Entity],
    /// Each token's word row in `rows` (its word classes, `w` u64s a row) and its
    /// built-in atoms (number, capitalized). PERF: a row index per token instead of a
    /// copied bit set: no per-document table the size of tokens x classes
    /// (benches/relate.rs).
    row: Vec<u32>,
    flags: Vec<u8>,
    rows: &'a [u64],
    w: usize,
    /// Entity index starting at each token, or NONE.
    ent_at: Vec<u32>,
    /// Whether each token is inside an entity / a named entity.
    in_ent: Vec<bool>,
    in_name: Vec<bool>,
    /// Label bit of the entity covering each token (0 outside entities).
    tok_label: Vec<u32>,
    /// Token index of each entity's start / one past its end (NONE when it does not
    /// line up with tokens).
    ent_start: Vec<u32>,
    ent_end: Vec<u32>,
    /// How each entity is joined to the next one: [`LINK_NONE`], [`LINK_COMMA`]
    /// ("Nashville , Tenn."), [`LINK_AND`] ("Lombardy and Piedmont", ", and") or
    /// [`LINK_ALIAS`] ("the Workers Party ( WP )").
    link: Vec<u8>,
    /// Whether each entity belongs to a run of linked entities with an `and`/`or`
    /// link: a list ("Italy , South Korea and Brazil"), not "City , State".
    in_list: Vec<bool>,
}

/// Names joined by commas alone form a list from this many on.
const MIN_COMMA_LIST: usize = 4;

const LINK_NONE: u8 = 0;
const LINK_COMMA: u8 = 1;
const LINK_AND: u8 = 2;
const LINK_ALIAS: u8 = 3;

/// How a relation was reached: matched directly, or through a conjunct of an argument
/// ("Peter Lang and Maria Ortiz").
const VIA_MATCH: u8 = 0;
const VIA_COORD: u8 = 1;
/// ... or through the other name of an argument: "the Workers Party ( WP )".
const VIA_ALIAS: u8 = 2;

impl Doc<'_> {
    /// Whether token `k` carries atom `a` (a word class, literal or built-in).
    #[inline]
    fn has(&self, k: usize, a: u16) -> bool {
        pattern::token_has(self.rows, self.w, self.row[k], self.flags[k], a)
    }

    /// Whether element `e` may match from token `pos` (before `end`), judged by that
    /// token alone: an entity with a fitting label starts there, or a required word
    /// stands there outside entities. Never false where the full match succeeds.
    #[inline(always)]
    fn can_start(&self, e: &Elem, pos: usize, end: usize) -> bool {
        if pattern::unfiltered() {
            return true;
        }
        match *e {
            Elem::Entity { labels, .. } => {
                pos < end
                    && self.ent_at[pos] != NONE
                    && labels & label_bit(self.entities[self.ent_at[pos] as usize].label) != 0
            }
            Elem::Word { atom, min, .. } if min > 0 => {
                pos < end && !self.in_ent[pos] && self.has(pos, atom)
            }
            _ => true,
        }
    }
}

/// One match: head, tail, trigger token range, match token range.
#[derive(Clone, Copy, Default)]
struct Caps {
    head: u32,
    tail: u32,
    trig: (u32, u32),
    end: u32,
    via: u8,
}

impl Extractor {
    /// An extractor with the default patterns.
    pub fn new() -> Extractor {
        ExtractorBuilder::default()
            .build()
            .expect("the default patterns parse (tested)")
    }

    /// Starts configuring an extractor.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The loaded patterns as `(name, label, confidence)`, in file order.
    pub fn patterns(&self) -> impl Iterator<Item = (&str, RelationLabel, f32)> {
        self.set
            .patterns
            .iter()
            .map(|p| (p.name.as_str(), p.label, p.confidence))
    }

    /// Finds the relations of one document. `tokens`, `sentences` and `entities` are
    /// sorted, as the tokenizer and tagger give them; `entities[i].id` is the id
    /// written into relations.
    pub fn extract(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Span],
        entities: &[Entity],
    ) -> Vec<Relation> {
        let doc = self.prepare(text, tokens, entities);
        let mut out = Vec::new();
        let mut matches: Vec<Caps> = Vec::new();
        let mut cand: Vec<(usize, Caps)> = Vec::new();
        let mut sent_bits = vec![0u64; doc.w];
        let mut pats = pattern::Candidates::default();
        let mut starts: Vec<(u32, u32, u32)> = Vec::new();
        let (mut t0, mut e0) = (0usize, 0usize);
        for &sent in sentences {
            while t0 < tokens.len() && tokens[t0].span.start < sent.start {
                t0 += 1;
            }
            let mut t1 = t0;
            while t1 < tokens.len() && tokens[t1].span.end <= sent.end {
                t1 += 1;
            }
            while e0 < entities.len() && entities[e0].start < sent.start {
                e0 += 1;
            }
            let mut e1 = e0;
            let mut labels = 0u32;
            while e1 < entities.len() && entities[e1].end <= sent.end {
                labels |= label_bit(entities[e1].label);
                e1 += 1;
            }
            if e1 - e0 < 2 || t1 <= t0 {
                t0 = t1;
                e0 = e1;
                continue;
            }
            sent_bits.iter_mut().for_each(|b| *b = 0);
            for k in t0..t1 {
                sent_bits[0] |= u64::from(doc.flags[k]);
                // PERF: most words are in no class (row 0, all zero) (benches/relate.rs).
                if doc.row[k] == 0 {
                    continue;
                }
                let r = doc.row[k] as usize * doc.w;
                for (s, r) in sent_bits.iter_mut().zip(&doc.rows[r..r + doc.w]) {
                    *s |= r;
                }
            }
            cand.clear();
            // Patterns whose required words and entity labels all occur here.
            self.set.candidates(&sent_bits, labels, &mut pats);
            // PERF: the entities that line up with the sentence's tokens, as (label
            // bit, first token, end token), once for all patterns (benches/relate.rs).
            starts.clear();
            let ends = doc.ent_start[e0..e1].iter().zip(&doc.ent_end[e0..e1]);
            for (e, (&a, &b)) in entities[e0..e1].iter().zip(ends) {
                if b != NONE && (t0..t1).contains(&(a as usize)) {
                    starts.push((label_bit(e.label), a, b));
                }
            }
            for pi in pats.iter() {
                let p = &self.set.patterns[pi];
                // PERF: `sole` depends on the sentence only; test it before matching
                // (benches/relate.rs).
                if p.sole && !sole_pair(p, &entities[e0..e1]) {
                    continue;
                }
                matches.clear();
                self.run_pattern(&doc, pi, t0, t1, &starts, &mut matches);
                cand.extend(matches.iter().map(|&m| (pi, m)));
                for &m in &matches {
                    expand(&doc, m, e0, e1, |c| cand.push((pi, c)));
                }
            }
            let first = out.len();
            self.emit(&doc, sent, &cand, &mut out);
            national_orgs(&doc, sent, e0, e1, first, &mut out);
            // PERF: sorted a sentence at a time, the stable sort below only checks
            // the order when sentences come sorted (benches/relate.rs); a stable
            // sort of each part first leaves the result unchanged.
            out[first..].sort_by(by_evidence);
            t0 = t1;
            e0 = e1;
        }
        out.sort_by(by_evidence);
        out
    }

    fn prepare<'a>(
        &'a self,
        text: &'a str,
        tokens: &'a [Token],
        entities: &'a [Entity],
    ) -> Doc<'a> {
        let w = self.set.words();
        let mut row = Vec::with_capacity(tokens.len());
        let mut flags = Vec::with_capacity(tokens.len());
        let mut scratch = String::new();
        for t in tokens {
            let s = text.get(t.span.range()).unwrap_or_default();
            row.push(self.set.token_row(s, &mut scratch));
            flags.push(PatternSet::token_flags(s, t.kind));
        }
        let mut ent_at = vec![NONE; tokens.len()];
        let mut in_ent = vec![false; tokens.len()];
        let mut in_name = vec![false; tokens.len()];
        let mut ent_start = vec![NONE; entities.len()];
        let mut ent_end = vec![NONE; entities.len()];
        let mut tok_label = vec![0u32; tokens.len()];
        let mut t = 0usize;
        for (ei, e) in entities.iter().enumerate() {
            // Entities are sorted by start; tokens too.
            while t < tokens.len() && tokens[t].span.start < e.start {
                t += 1;
            }
            if t >= tokens.len() || tokens[t].span.start != e.start {
                continue;
            }
            let mut u = t;
            while u < tokens.len() && tokens[u].span.end <= e.end {
                u += 1;
            }
            if u == t || tokens[u - 1].span.end != e.end || ent_at[t] != NONE {
                continue;
            }
            ent_at[t] = ei as u32;
            ent_start[ei] = t as u32;
            ent_end[ei] = u as u32;
            for k in t..u {
                in_ent[k] = true;
                in_name[k] |= e.label.is_name();
                tok_label[k] |= label_bit(e.label);
            }
        }
        let (link, in_list) = links(text, tokens, entities, &ent_at, &ent_end);
        Doc {
            text,
            tokens,
            entities,
            row,
            flags,
            rows: &self.set.rows,
            w,
            ent_at,
            in_ent,
            in_name,
            tok_label,
            ent_start,
            ent_end,
            link,
            in_list,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run_pattern(
        &self,
        doc: &Doc<'_>,
        pi: usize,
        t0: usize,
        t1: usize,
        starts: &[(u32, u32, u32)],
        out: &mut Vec<Caps>,
    ) {
        let p = &self.set.patterns[pi];
        let try_at = |pos: usize, out: &mut Vec<Caps>| {
            let mut caps = Caps {
                head: NONE,
                tail: NONE,
                trig: (0, 0),
                end: 0,
                via: VIA_MATCH,
            };
            if out.len() < MAX_MATCHES_PER_SENTENCE
                && self.match_from(doc, &p.elems, pos, t1, &mut caps)
            {
                let start = pos as u32;
                if !self.blocked(doc, p.label, start, caps.end, t0)
                    && !passive_misread(doc, p.label, &caps)
                    && !self.not_work(doc, p, start, caps.end)
                {
                    out.push(caps);
                }
            }
        };
        match p.elems[0] {
            Elem::Entity { labels, .. } => {
                // PERF: the start token is looked up once per document, not
                // searched per pattern (benches/relate.rs).
                let next = p.elems.get(1);
                for &(bit, pos, end) in starts {
                    // PERF: most starts fail on the element after the entity; test
                    // it here before a call (benches/relate.rs).
                    if labels & bit != 0 && next.is_none_or(|e| doc.can_start(e, end as usize, t1))
                    {
                        try_at(pos as usize, out);
                    }
                }
            }
            Elem::Word { atom, min, .. } if min > 0 => {
                for pos in t0..t1 {
                    if doc.has(pos, atom) {
                        try_at(pos, out);
                    }
                }
            }
            _ => {
                for pos in t0..t1 {
                    try_at(pos, out);
                }
            }
        }
    }

    /// Whether `elems` match starting at token `pos` (before `end`).
    /// PERF: most attempts fail on the element's first token; that test is inlined
    /// into the caller, and only the rest is a call (benches/relate.rs).
    #[inline(always)]
    fn match_from(
        &self,
        doc: &Doc<'_>,
        elems: &[Elem],
        pos: usize,
        end: usize,
        caps: &mut Caps,
    ) -> bool {
        let Some((e, rest)) = elems.split_first() else {
            caps.end = pos as u32;
            return true;
        };
        if !doc.can_start(e, pos, end) {
            return false;
        }
        self.match_elem(doc, e, rest, pos, end, caps)
    }

    /// [`Extractor::match_from`] for its first element `e`, followed by `rest`.
    fn match_elem(
        &self,
        doc: &Doc<'_>,
        e: &Elem,
        rest: &[Elem],
        pos: usize,
        end: usize,
        caps: &mut Caps,
    ) -> bool {
        match *e {
            Elem::Entity { role, labels, last } => {
                if pos >= end {
                    return false;
                }
                let ei = doc.ent_at[pos];
                if ei == NONE {
                    return false;
                }
                let ent = &doc.entities[ei as usize];
                let stop = doc.ent_end[ei as usize] as usize;
                if labels & label_bit(ent.label) == 0 || stop > end {
                    return false;
                }
                if let Some(a) = last {
                    // Entities hold at least one token, so `stop - 1` is inside.
                    let k = stop - 1;
                    if !doc.has(k, a) {
                        return false;
                    }
                }
                let saved = *caps;
                match role {
                    Role::Head => caps.head = ei,
                    Role::Tail => caps.tail = ei,
                    Role::Any => {}
                }
                if self.match_from(doc, rest, stop, end, caps) {
                    return true;
                }
                *caps = saved;
                false
            }
            // PERF: one word exactly (`,`, `of`), the commonest element, without the
            // repeat loop; the same steps as the loop for min = max = 1
            // (benches/relate.rs).
            Elem::Word {
                atom,
                min: 1,
                max: 1,
                trigger,
            } => {
                if pos >= end || doc.in_ent[pos] || !doc.has(pos, atom) {
                    return false;
                }
                let saved = *caps;
                if trigger {
                    caps.trig = (pos as u32, (pos + 1) as u32);
                }
                if self.match_from(doc, rest, pos + 1, end, caps) {
                    return true;
                }
                *caps = saved;
                false
            }
            Elem::Word {
                atom,
                min,
                max,
                trigger,
            } => {
                let mut n = 0usize;
                loop {
                    if n >= min as usize {
                        let saved = *caps;
                        if trigger {
                            caps.trig = (pos as u32, (pos + n) as u32);
                        }
                        if self.match_from(doc, rest, pos + n, end, caps) {
                            return true;
                        }
                        *caps = saved;
                    }
                    if n >= max as usize {
                        return false;
                    }
                    let k = pos + n;
                    if k >= end || doc.in_ent[k] || !doc.has(k, atom) {
                        return false;
                    }
                    n += 1;
                }
            }
            Elem::Gap {
                min,
                max,
                names_ok,
                forbid,
            } => {
                for n in 0..=max as usize {
                    let k = pos + n;
                    if n >= min as usize && self.match_from(doc, rest, k, end, caps) {
                        return true;
                    }
                    if k >= end || (!names_ok && doc.in_name[k]) || doc.tok_label[k] & forbid != 0 {
                        return false;
                    }
                }
                false
            }
        }
    }

    /// Whether a blocking word (negation, hypothetical) outside entities touches the
    /// match.
    fn blocked(
        &self,
        doc: &Doc<'_>,
        label: RelationLabel,
        start: u32,
        end: u32,
        t0: usize,
    ) -> bool {
        let event = matches!(
            label,
            RelationLabel::Killed
                | RelationLabel::Visited
                | RelationLabel::MetWith
                | RelationLabel::ConflictWith
        );
        let from = if event {
            (start as usize).saturating_sub(2).max(t0)
        } else {
            start as usize
        };
        // A word inside an entity does not block: "Busan , June 9 ( YONHAP )" (a
        // date), "Will Parker" (a name).
        (from..end as usize).any(|k| !doc.in_ent[k] && doc.has(k, self.blocker))
    }

    /// Whether a works_for match holds a word of `@_not_work` outside its entities: a
    /// person and an organisation are no employee and employer when one speaks to the
    /// other or studied there ("Ann Lee told the Harbor Times", "Ann Lee , a
    /// spokeswoman , told the Harbor Trust", "Tom Reyes attended Carver College").
    fn not_work(&self, doc: &Doc<'_>, p: &pattern::Pattern, start: u32, end: u32) -> bool {
        p.label == RelationLabel::WorksFor
            && (start as usize..end as usize).any(|k| !doc.in_ent[k] && doc.has(k, self.not_work))
    }

    /// Turns one sentence's matches into relations: drops self-relations, orders
    /// symmetric ones, keeps the most confident relation per pair of parties.
    fn emit(&self, doc: &Doc<'_>, sent: Span, cand: &[(usize, Caps)], out: &mut Vec<Relation>) {
        let first = out.len();
        // Whether each relation of this sentence comes from a `sole` fallback.
        let mut fallback: Vec<bool> = Vec::new();
        for &(pi, c) in cand {
            if c.head == NONE || c.tail == NONE || c.head == c.tail {
                continue;
            }
            let p = &self.set.patterns[pi];
            let (mut h, mut t) = (c.head as usize, c.tail as usize);
            let (he, te) = (&doc.entities[h], &doc.entities[t]);
            if same_party(he, te) || group_as_place(p.label, te) {
                continue;
            }
            // Two members of one list ("Italy , South Korea and Brazil") are not
            // inside each other.
            if p.label == RelationLabel::LocatedIn && same_list(doc, h, t) {
                continue;
            }
            if p.label.is_symmetric() && te.start < he.start {
                std::mem::swap(&mut h, &mut t);
            }
            let trigger = (c.trig.1 > c.trig.0).then(|| {
                let a = doc.tokens[c.trig.0 as usize].span.start;
                let b = doc.tokens[c.trig.1 as usize - 1].span.end;
                doc.text[a..b].to_string()
            });
            let rel = Relation {
                label: p.label,
                head: doc.entities[h].id,
                tail: doc.entities[t].id,
                trigger,
                evidence: sent,
                pattern: match c.via {
                    VIA_COORD => format!("{}+coord", p.name),
                    VIA_ALIAS => format!("{}+alias", p.name),
                    _ => p.name.clone(),
                },
                confidence: p.confidence,
            };
            let ents = (&doc.entities[h], &doc.entities[t]);
            // One relation per pair of parties (in either order) and sentence, when
            // the two share a mention ("Putin ... Vladimir Putin ... Russia"); a fact
            // stated twice with other mentions ("Kyiv UNIAN ... Kyiv UNIAN" in
            // one run-on header) keeps both, as each statement is evidence.
            let dup = out[first..].iter().position(|r| {
                let a = entity_by_id(doc.entities, r.head);
                let b = entity_by_id(doc.entities, r.tail);
                match (a, b) {
                    (Some(a), Some(b)) => {
                        let shares = [a.id, b.id]
                            .iter()
                            .any(|&x| x == ents.0.id || x == ents.1.id);
                        shares
                            && ((same_party(a, ents.0) && same_party(b, ents.1))
                                || (same_party(a, ents.1) && same_party(b, ents.0)))
                    }
                    _ => false,
                }
            });
            // A fallback (`sole`) never replaces a pattern that states the relation
            // ("Indian Prime Minister Narendra Modi": works_for, not the only
            // place-person pair's lives_in); otherwise the more confident wins.
            match dup {
                Some(k)
                    if (fallback[k] && !p.sole)
                        || (fallback[k] == p.sole
                            && out[first + k].confidence < rel.confidence) =>
                {
                    out[first + k] = rel;
                    fallback[k] = p.sole;
                }
                Some(_) => {}
                None => {
                    out.push(rel);
                    fallback.push(p.sole);
                }
            }
        }
    }
}

/// The order of relations: by evidence sentence, then head, tail and label.
fn by_evidence(a: &Relation, b: &Relation) -> std::cmp::Ordering {
    (a.evidence, a.head, a.tail, a.label).cmp(&(b.evidence, b.head, b.tail, b.label))
}

/// Links each entity to the next: a comma, `and`/`or` or `, and` between two entities
/// of one kind (people, organisations, places). Returns the links and which entities
/// sit in a list (a linked run with an `and`/`or`, or of four or more by commas).
fn links(
    text: &str,
    tokens: &[Token],
    entities: &[Entity],
    ent_at: &[u32],
    ent_end: &[u32],
) -> (Vec<u8>, Vec<bool>) {
    let n = entities.len();
    let mut link = vec![LINK_NONE; n];
    let word = |k: usize| {
        tokens
            .get(k)
            .and_then(|t| text.get(t.span.range()))
            .unwrap_or_default()
    };
    for ei in 0..n {
        let end = ent_end[ei];
        if end == NONE {
            continue;
        }
        let k = end as usize;
        let (w0, w1) = (word(k), word(k + 1));
        let (kind, next) = if w0 == "(" {
            (LINK_ALIAS, k + 1)
        } else if w0 == "," && (w1.eq_ignore_ascii_case("and") || w1 == "or") {
            (LINK_AND, k + 2)
        } else if w0 == "," {
            (LINK_COMMA, k + 1)
        } else if w0 == "and" || w0 == "or" {
            (LINK_AND, k + 1)
        } else {
            continue;
        };
        // "Tennessee , Kentucky and northern Alabama": a compass word before a
        // place does not end the list.
        let starts = |k: usize| ent_at.get(k).is_some_and(|&e| e != NONE);
        // "Sudan , Yemen and the Democratic Republic of the Congo": nor does "the".
        let next = if kind != LINK_ALIAS && !starts(next) && word(next) == "the" {
            next + 1
        } else {
            next
        };
        let next = if kind != LINK_ALIAS && !starts(next) && is_direction(word(next)) {
            next + 1
        } else {
            next
        };
        let Some(&nx) = ent_at.get(next) else {
            continue;
        };
        let closed = || {
            let e = ent_end[nx as usize];
            e != NONE && word(e as usize) == ")"
        };
        // "Ukraine and Azerbaijan 's offensive": a possessive starts a new phrase.
        let possessive = || {
            let e = ent_end[nx as usize];
            e != NONE && matches!(word(e as usize), "'s" | "’s" | "'" | "’")
        };
        if nx != NONE
            && kind_of(entities[ei].label) == kind_of(entities[nx as usize].label)
            && (kind != LINK_ALIAS || closed())
            && !possessive()
        {
            // Entities are sorted, so the one starting at `next` is the next entity
            // that lines up with tokens.
            link[ei] = kind;
        }
    }
    // `and` comes before the last conjunct, so a comma after it starts something
    // else: "near Pine Ridge and St. Marys , Vt." lists two towns, then a state.
    let mut after_and = false;
    for l in link.iter_mut() {
        if after_and && *l == LINK_COMMA {
            *l = LINK_NONE;
        }
        after_and = *l == LINK_AND;
    }
    let mut in_list = vec![false; n];
    let mut start = 0;
    while start < n {
        let mut stop = start;
        let mut and = false;
        while stop < n && is_conj(link[stop]) {
            and |= link[stop] == LINK_AND;
            stop += 1;
        }
        // A run of four or more names joined by commas is a list even without an
        // `and` ("Canada , Toronto , Montreal , Calgary , ..."); "Fort Totten ,
        // Queens , N.Y." (three) is a place in a place in a place.
        // "Lander , Wyo. , and Alamosa , Colo." lists towns with their states: a
        // state abbreviation between a comma and the `and` makes the run pairs, not
        // one list.
        let pairs = (start + 1..stop.min(n - 1)).any(|k| {
            link[k - 1] == LINK_COMMA && link[k] == LINK_AND && is_region_abbr(text, &entities[k])
        });
        // "Kharkiv , Ukraine and Belgorod , Russia": two places, each with its region,
        // when a comma and a place follow the last one.
        let last_region = || {
            let e = ent_end[stop.min(n - 1)];
            e != NONE
                && word(e as usize) == ","
                && ent_at.get(e as usize + 1).is_some_and(|&x| {
                    x != NONE && kind_of(entities[x as usize].label) == kind_of(EntityLabel::Gpe)
                })
        };
        let pairs = pairs
            || (stop == start + 2
                && link[start] == LINK_COMMA
                && link[start + 1] == LINK_AND
                && kind_of(entities[start].label) == kind_of(EntityLabel::Gpe)
                && last_region());
        if (and || stop - start >= MIN_COMMA_LIST - 1) && !pairs {
            in_list[start..=stop.min(n - 1)].fill(true);
        }
        start = stop + 1;
    }
    (link, in_list)
}

/// A place written as a short abbreviation with a final period ("Wyo.", "N.Y."): a
/// state or region after its town. Countries so written ("U.S.") are list members.
fn is_region_abbr(text: &str, e: &Entity) -> bool {
    let t = text.get(e.start..e.end).unwrap_or_default();
    matches!(e.label, EntityLabel::Gpe)
        && t.len() <= 6
        && t.ends_with('.')
        && !t.contains(' ')
        && !matches!(t, "U.S." | "U.K." | "U.S.A." | "U.A.E.")
}

/// A compass word that may stand before a place in a list.
fn is_direction(w: &str) -> bool {
    const WORDS: [&str; 13] = [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    ];
    WORDS.iter().any(|d| w.eq_ignore_ascii_case(d))
}

/// Coarse kind of an entity for coordination: person, organisation, place, other.
fn kind_of(l: EntityLabel) -> u8 {
    match l {
        EntityLabel::Person => 1,
        EntityLabel::Org => 2,
        EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac => 3,
        _ => 4 + l as u8,
    }
}

fn is_conj(link: u8) -> bool {
    link == LINK_COMMA || link == LINK_AND
}

/// The entity conjoined after / before `ei` (a comma or `and` link), if any.
fn linked_next(doc: &Doc<'_>, ei: usize) -> Option<usize> {
    is_conj(*doc.link.get(ei)?).then_some(ei + 1)
}

fn linked_prev(doc: &Doc<'_>, ei: usize) -> Option<usize> {
    let p = ei.checked_sub(1)?;
    is_conj(doc.link[p]).then_some(p)
}

/// The other name of `ei` in "X ( Y )", either way round.
fn alias_of(doc: &Doc<'_>, ei: usize) -> Option<usize> {
    if doc.link.get(ei) == Some(&LINK_ALIAS) {
        return Some(ei + 1);
    }
    let p = ei.checked_sub(1)?;
    (doc.link[p] == LINK_ALIAS).then_some(p)
}

/// Whether entities `a` and `b` are members of one list.
fn same_list(doc: &Doc<'_>, a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    doc.in_list[lo] && (lo..hi).all(|k| is_conj(doc.link[k]))
}

/// At most this many conjuncts are followed from one argument each way.
const MAX_CONJUNCTS: usize = 4;

/// Adds the relations a match implies through coordination, "the slayings of Peter
/// Lang and Maria Ortiz" (each conjunct of an argument in a list), and through
/// aliases, "NDP ( New Democratic Party ) leader Jack Layton". Bounded: a
/// few conjuncts per argument, entities of the sentence only. (The region after a
/// place, "born in Burlington , Vt.", is not added: CoNLL04 and readers take the town.)
fn expand(doc: &Doc<'_>, m: Caps, e0: usize, e1: usize, mut push: impl FnMut(Caps)) {
    if m.head == NONE || m.tail == NONE {
        return;
    }
    let (h, t) = (m.head as usize, m.tail as usize);
    let inside = |k: usize| k >= e0 && k < e1 && k != h && k != t;
    for (arg, is_head) in [(h, true), (t, false)] {
        let with = |c: usize, via: u8| {
            let mut x = m;
            x.via = via;
            if is_head {
                x.head = c as u32;
            } else {
                x.tail = c as u32;
            }
            x
        };
        if let Some(c) = alias_of(doc, arg).filter(|&c| inside(c)) {
            push(with(c, VIA_ALIAS));
        }
        if !doc.in_list[arg] {
            continue;
        }
        for step in [
            linked_next as fn(&Doc<'_>, usize) -> Option<usize>,
            linked_prev,
        ] {
            let mut k = arg;
            for _ in 0..MAX_CONJUNCTS {
                let Some(c) = step(doc, k).filter(|&c| inside(c) && doc.in_list[c]) else {
                    break;
                };
                push(with(c, VIA_COORD));
                k = c;
            }
        }
    }
}

/// Whether a `killed` match reads a passive as active: head before the trigger, and a
/// `by` between the trigger and the tail ("Walter Grant was murdered by Frank
/// Lewis" is not Grant killing Lewis; the passive patterns read it).
fn passive_misread(doc: &Doc<'_>, label: RelationLabel, c: &Caps) -> bool {
    if label != RelationLabel::Killed || c.trig.1 <= c.trig.0 {
        return false;
    }
    let (h, t) = (
        doc.ent_start[c.head as usize],
        doc.ent_start[c.tail as usize],
    );
    if h == NONE || t == NONE || h >= c.trig.0 || t < c.trig.1 {
        return false;
    }
    (c.trig.1..t).any(|k| {
        doc.tokens
            .get(k as usize)
            .and_then(|tok| doc.text.get(tok.span.range()))
            .is_some_and(|w| w.eq_ignore_ascii_case("by"))
    })
}

/// The rule that places a national organisation in its country (see [`national_orgs`]).
pub const NATIONAL_ORG_RULE: &str = "b-national-org-country";
/// Its precision on conll04-train (`examples/measure_patterns.rs`).
const NATIONAL_ORG_CONFIDENCE: f32 = 0.75;

/// "the Chilean Trade Ministry said Chile would sign": an organisation
/// whose name opens with the nationality word of a country named in the same
/// sentence is `based_in` that country (the trigger is the nationality word). Added
/// only when the sentence holds no relation between the two yet. A name opening with
/// the place itself ("Dover Savings Bank ... Dover") is not read: CoNLL04 files it
/// under based_in only 2 times in 11 on train.
fn national_orgs(
    doc: &Doc<'_>,
    sent: Span,
    e0: usize,
    e1: usize,
    first: usize,
    out: &mut Vec<Relation>,
) {
    for oi in e0..e1 {
        let org = &doc.entities[oi];
        if org.label != EntityLabel::Org || doc.ent_end[oi] == NONE {
            continue;
        }
        let Some(adj) = org.text.split_whitespace().next() else {
            continue;
        };
        if adj.len() == org.text.len() {
            continue;
        }
        for pi in e0..e1 {
            let place = &doc.entities[pi];
            if place.label != EntityLabel::Gpe
                || doc.ent_end[pi] == NONE
                || (place.start < org.end && org.start < place.end)
                || !(is_demonym_of(adj, place.name()) || is_demonym_of(adj, &place.text))
            {
                continue;
            }
            let known = out[first..].iter().any(|r| {
                (r.head == org.id && r.tail == place.id) || (r.head == place.id && r.tail == org.id)
            });
            if !known {
                out.push(Relation {
                    label: RelationLabel::BasedIn,
                    head: org.id,
                    tail: place.id,
                    trigger: Some(adj.to_string()),
                    evidence: sent,
                    pattern: NATIONAL_ORG_RULE.to_string(),
                    confidence: NATIONAL_ORG_CONFIDENCE,
                });
            }
        }
    }
}

/// Whether `adj` is the nationality word of the one-word country `country`: the
/// country, or the country less a final vowel, `y`, `en` or `ey`, with a nationality
/// ending ("China" "Chinese", "Russia" "Russian", "Iraq" "Iraqi", "Mexico" "Mexican",
/// "Sweden" "Swedish", "Turkey" "Turkish"), or less a final `y` alone ("Germany"
/// "German"). Not "Indiana" and "Indian", nor "Australia" and "Austrian".
fn is_demonym_of(adj: &str, country: &str) -> bool {
    const ENDINGS: [&str; 6] = ["ian", "an", "ese", "ish", "i", "n"];
    let (a, c) = (adj.to_ascii_lowercase(), country.to_ascii_lowercase());
    if c.len() < 4 || a.len() <= 4 || c.contains(|ch: char| !ch.is_ascii_alphabetic()) {
        return false;
    }
    if c.ends_with('y') && a == c[..c.len() - 1] {
        return true;
    }
    let mut stems = vec![c.as_str()];
    for cut in ["a", "e", "o", "y", "en", "ey"] {
        if let Some(stem) = c.strip_suffix(cut) {
            stems.push(stem);
        }
    }
    stems.iter().any(|stem| {
        a.strip_prefix(stem)
            .is_some_and(|rest| ENDINGS.contains(&rest))
    })
}

/// Whether a sentence's entities hold exactly one possible head and one possible tail.
fn sole_pair(p: &pattern::Pattern, entities: &[Entity]) -> bool {
    let (h, t) = (p.labels_of(Role::Head), p.labels_of(Role::Tail));
    let count = |l: u32| {
        entities
            .iter()
            .filter(|e| l & label_bit(e.label) != 0)
            .count()
    };
    count(h) == 1 && count(t) == 1
}

fn entity_by_id(entities: &[Entity], id: EntityId) -> Option<&Entity> {
    match entities.get(id.0 as usize) {
        Some(e) if e.id == id => Some(e),
        _ => entities.iter().find(|e| e.id == id),
    }
}

/// The party an entity stands for: a nationality's country, else its canonical name.
fn party(e: &Entity) -> &str {
    match (&e.label, &e.country) {
        (EntityLabel::Norp, Some(c)) => c,
        _ => e.name(),
    }
}

fn same_party(a: &Entity, b: &Entity) -> bool {
    a.id == b.id || party(a).eq_ignore_ascii_case(party(b))
}

/// Whether a relation would place someone or something in a group: a nationality
/// stands for its country ("Soviet President X" is `works_for` the Soviet Union), but
/// a NORP without a country is a political or religious group ("Democratic Gov. Ann
/// Lee", "Mormon leader Tom Reyes", "Shiite"), which is no place to live in, hold an
/// office in, or lie in. On conll04-train all 4 such relations were wrong.
fn group_as_place(label: RelationLabel, tail: &Entity) -> bool {
    tail.label == EntityLabel::Norp
        && tail.country.is_none()
        && matches!(
            label,
            RelationLabel::WorksFor
                | RelationLabel::LivesIn
                | RelationLabel::LocatedIn
                | RelationLabel::BasedIn
        )
}

/// An extractor could not be built.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// The error type of [`ExtractorBuilder::build`].
pub type BuildError = Error;

/// What went wrong building an extractor.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A pattern file could not be read.
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of a pattern file is malformed.
    Pattern {
        /// The file (or source name).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    pub(crate) fn pattern(file: &str, line: usize, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Pattern {
                file: file.to_string(),
                line,
                message: message.into(),
            },
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { file, source } => {
                write!(f, "cannot read pattern file {file}: {source}")
            }
            ErrorKind::Pattern {
                file,
                line,
                message,
            } => write!(f, "{file}:{line}: bad pattern line: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::Pattern { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_patterns_parse() {
        let x = Extractor::new();
        assert!(x.patterns().count() > 10);
        for (_, _, c) in x.patterns() {
            assert!((0.0..=1.0).contains(&c));
        }
    }

    use proptest::prelude::*;

    /// Random sentences over pattern words and entities with the labels patterns use
    /// most (and now and then any label): (text, entities as byte span and label).
    fn doc() -> impl Strategy<Value = (String, Vec<(usize, usize, EntityLabel)>)> {
        let word = prop::sample::select(vec![
            "met",
            "visited",
            ",",
            ".",
            "of",
            "the",
            "killed",
            "in",
            "not",
            "'s",
            "invasion",
            "(",
            ")",
            "born",
            "by",
            "and",
            "President",
            "chief",
            "executive",
            "Center",
            "Mich.",
            "his",
            "home",
            "who",
            "native",
            "-",
            "based",
            "capital",
            "city",
            "talks",
            "between",
            "with",
            "shot",
            "a",
            "an",
            "at",
            "from",
            "to",
            "war",
            "spokesman",
            "of",
            ",",
            "in",
            "the",
        ]);
        let label = prop_oneof![
            4 => prop::sample::select(vec![
                EntityLabel::Person,
                EntityLabel::Org,
                EntityLabel::Gpe,
                EntityLabel::Loc,
                EntityLabel::Norp,
                EntityLabel::Fac,
            ]),
            1 => prop::sample::select(EntityLabel::ALL.to_vec()),
        ];
        let name = prop::sample::select(vec![
            "Smith",
            "Baku",
            "Acme Corp",
            "Kenya",
            "Army Center",
            "Ann Lee",
        ]);
        let item = prop_oneof![
            2 => word.prop_map(|w| (w.to_string(), None)),
            1 => (name, label).prop_map(|(n, l)| (n.to_string(), Some(l))),
        ];
        prop::collection::vec(item, 0..40).prop_map(|items| {
            let (mut text, mut ents) = (String::new(), Vec::new());
            for (w, l) in items {
                if !text.is_empty() {
                    text.push(' ');
                }
                if let Some(l) = l {
                    ents.push((text.len(), text.len() + w.len(), l));
                }
                text.push_str(&w);
            }
            (text, ents)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn shortcuts_never_drop_a_match((text, spans) in doc()) {
            let a = gleaner_tokenize::Tokenizer::new().analyze(&text);
            let entities: Vec<Entity> = spans
                .iter()
                .enumerate()
                .map(|(i, &(s, e, l))| Entity::new(EntityId(i as u32), Span::new(s, e), l, &text[s..e]))
                .collect();
            let x = Extractor::new();
            let fast = x.extract(&text, &a.tokens, &a.sentences, &entities);
            pattern::UNFILTERED.with(|u| u.set(true));
            let every = x.extract(&text, &a.tokens, &a.sentences, &entities);
            pattern::UNFILTERED.with(|u| u.set(false));
            prop_assert_eq!(fast, every);
        }
    }

    #[test]
    fn demonyms() {
        for (a, c) in [
            ("Chinese", "China"),
            ("Russian", "Russia"),
            ("German", "Germany"),
            ("Iraqi", "Iraq"),
            ("Mexican", "Mexico"),
            ("Swedish", "Sweden"),
            ("Turkish", "Turkey"),
            ("Italian", "Italy"),
            ("Ukrainian", "Ukraine"),
            ("Angolan", "Angola"),
            ("Japanese", "Japan"),
        ] {
            assert!(super::is_demonym_of(a, c), "{a} {c}");
        }
        for (a, c) in [
            ("Indian", "Indiana"),
            ("Austrian", "Australia"),
            ("China", "China"),
            ("Dover", "Dover"),
            ("Americans", "America"),
            ("U.S.", "U.S."),
        ] {
            assert!(!super::is_demonym_of(a, c), "{a} {c}");
        }
    }

    /// A nationality stands for its country; a group without one is no place.
    #[test]
    fn groups_are_no_places() {
        let text = "Zorvan President Ann Lee and Tarvist leader Tom Reyes spoke .";
        let a = gleaner_tokenize::Tokenizer::new().analyze(text);
        let span = |w: &str| {
            let s = text.find(w).unwrap_or_default();
            Span::new(s, s + w.len())
        };
        let mut nation = Entity::new(EntityId(0), span("Zorvan"), EntityLabel::Norp, "Zorvan");
        nation.country = Some("Zorvania".into());
        let ents = vec![
            nation,
            Entity::new(EntityId(1), span("Ann Lee"), EntityLabel::Person, "Ann Lee"),
            Entity::new(EntityId(2), span("Tarvist"), EntityLabel::Norp, "Tarvist"),
            Entity::new(
                EntityId(3),
                span("Tom Reyes"),
                EntityLabel::Person,
                "Tom Reyes",
            ),
        ];
        let got: Vec<(u32, u32)> = Extractor::new()
            .extract(text, &a.tokens, &a.sentences, &ents)
            .iter()
            .filter(|r| r.label == RelationLabel::WorksFor)
            .map(|r| (r.head.0, r.tail.0))
            .collect();
        assert_eq!(got, vec![(1, 0)]);
    }

    #[test]
    fn send_sync() {
        fn is<T: Send + Sync>() {}
        is::<Extractor>();
        is::<Error>();
    }
}
