//! Named-entity tagging for English news: tokens in, entities out, with the OntoNotes
//! labels (PERSON, NORP, FAC, ORG, GPE, LOC, ..., DATE, MONEY, CARDINAL).
//!
//! A [`Tagger`] combines an embedded lexicon built from open data (GeoNames places,
//! ISO 3166 countries, census given names and surnames, and facts we compiled:
//! nationalities, organisations, titles) with rules: capitalised-sequence chunking
//! with connectors, titles, organisation and place head words, context cues, numbers
//! and dates, and in-document aliasing ("Putin" → canonical "Vladimir Putin").
//!
//! ```
//! use gleaner_tag::Tagger;
//! use gleaner_tokenize::Tokenizer;
//!
//! let text = "Russian President Vladimir Putin arrived in Baku on Monday. Putin met Aliyev.";
//! let a = Tokenizer::new().analyze(text);
//! let tagger = Tagger::new();
//! let ents = tagger.tag(text, &a.tokens, &a.sentences);
//! let found: Vec<(&str, &str)> = ents.iter().map(|e| (e.text.as_str(), e.label.as_str())).collect();
//! assert!(found.contains(&("Russian", "NORP")));
//! assert!(found.contains(&("Vladimir Putin", "PERSON")));
//! assert!(found.contains(&("Baku", "GPE")));
//! assert!(found.contains(&("Monday", "DATE")));
//! let putin = ents.iter().rfind(|e| e.text == "Putin").unwrap();
//! assert_eq!(putin.canonical.as_deref(), Some("Vladimir Putin"));
//! ```
//!
//! # Lexicons
//! The default lexicon is embedded in the binary and parsed once per process, then
//! shared by every tagger and thread. [`TaggerBuilder::lexicon_file`] adds a user TSV
//! lexicon (`phrase<TAB>LABEL[<TAB>canonical[<TAB>country]]`) whose entries override
//! the defaults; [`TaggerBuilder::default_lexicon`]`(false)` leaves the default out.
//!
//! # Performance
//! One hash lookup per token for the lexicon, then work proportional to the
//! capitalised words. `cargo bench -p gleaner-tag` reports bytes per second.
//!
//! # Errors
//! Building a tagger fails with a [`BuildError`] when a user lexicon cannot be read or
//! has a malformed line (the error names the file and line). Tagging never fails.
#![deny(missing_docs)]

mod lexicon;
mod names;
mod values;
mod wordlist;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use gleaner_doc::{Entity, EntityId, EntityLabel, Span, Token};
use gleaner_tokenize::Tokenizer;

use lexicon::{Layers, Lexicon, Str};

/// Finds entities in tokenized text. `Send + Sync`; build once, share across threads.
#[derive(Debug)]
pub struct Tagger {
    lex: Layers,
}

impl Default for Tagger {
    fn default() -> Self {
        Tagger::new()
    }
}

/// Configures a [`Tagger`].
#[derive(Debug, Default)]
pub struct TaggerBuilder {
    no_default: bool,
    sources: Vec<(String, Source)>,
}

#[derive(Debug)]
enum Source {
    File(PathBuf),
    Text(String),
}

impl TaggerBuilder {
    /// Whether to use the embedded default lexicon (default: yes).
    pub fn default_lexicon(mut self, yes: bool) -> Self {
        self.no_default = !yes;
        self
    }

    /// Adds a TSV lexicon file: `phrase<TAB>LABEL[<TAB>canonical[<TAB>country]]` per line,
    /// `#` comments and blank lines allowed. LABEL is an OntoNotes label or `TITLE`.
    pub fn lexicon_file(mut self, path: impl AsRef<Path>) -> Self {
        let p = path.as_ref().to_path_buf();
        self.sources
            .push((p.display().to_string(), Source::File(p)));
        self
    }

    /// Adds lexicon lines from a string (same format as [`lexicon_file`](Self::lexicon_file));
    /// `name` is used in error messages.
    pub fn lexicon_text(mut self, name: impl Into<String>, tsv: impl Into<String>) -> Self {
        self.sources.push((name.into(), Source::Text(tsv.into())));
        self
    }

    /// Builds the tagger, reading and validating the lexicons.
    pub fn build(self) -> Result<Tagger, BuildError> {
        let tok = Tokenizer::new();
        let mut user: Option<Lexicon> = None;
        for (name, src) in self.sources {
            let text = match src {
                Source::Text(t) => t,
                Source::File(p) => std::fs::read_to_string(&p).map_err(|e| BuildError {
                    kind: ErrorKind::Io {
                        file: name.clone(),
                        source: e,
                    },
                })?,
            };
            user.get_or_insert_with(Lexicon::default)
                .add_user(&tok, &text, &name)?;
        }
        Ok(Tagger {
            lex: Layers {
                user,
                base: (!self.no_default).then(lexicon::default_lexicon),
            },
        })
    }
}

impl Tagger {
    /// A tagger with the default lexicon.
    pub fn new() -> Tagger {
        Tagger {
            lex: Layers {
                user: None,
                base: Some(lexicon::default_lexicon()),
            },
        }
    }

    /// A builder for a tagger with user lexicons.
    pub fn builder() -> TaggerBuilder {
        TaggerBuilder::default()
    }

    /// Loads the default lexicon now (it is otherwise loaded on first use).
    pub fn preload() {
        lexicon::default_lexicon();
    }

    /// The entities of `text`, given its tokens and sentences: sorted, non-overlapping,
    /// on token boundaries, with ids `0..n` in order.
    pub fn tag(&self, text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<Entity> {
        // PERF: the per-token buffers of the last document are reused (taken out of the
        // thread's slot, so a nested call just allocates): allocating a few token-sized
        // vectors per document cost about 4% of tagging (callgrind on examples/tag_dir.rs).
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let out = self.tag_with(text, tokens, sentences, &mut scratch);
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
        out
    }

    fn tag_with(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Span],
        scratch: &mut Scratch,
    ) -> Vec<Entity> {
        let mut calendar = std::mem::take(&mut scratch.calendar);
        calendar.clear();
        calendar.resize(tokens.len(), 0);
        // PERF: token strings sliced once, not at every look (benches/tag.rs).
        let mut words: Vec<&str> = recycle(std::mem::take(&mut scratch.words));
        words.extend(tokens.iter().map(|t| &text[t.span]));
        let mut names = names::find(
            text,
            tokens,
            &words,
            sentences,
            &self.lex,
            &mut calendar,
            scratch,
        );
        let mut vals = recycle(std::mem::take(&mut scratch.vals));
        values::find(
            tokens,
            &words,
            &calendar,
            &mut vals,
            &mut scratch.cls,
            &mut scratch.starts,
        );

        // Names win over values where they overlap.
        let mut spans: Vec<Candidate> = recycle(std::mem::take(&mut scratch.spans));
        spans.reserve(names.len() + vals.len());
        for m in names.drain(..) {
            spans.push((m.start, m.end, m.label, m.canonical, m.country));
        }
        // "200,000 Kenyan shillings", "5 million Hong Kong dollars": the currency's country
        // is part of the amount.
        // PERF: the amounts gathered first, not picked out of every value for every
        // name (callgrind on examples/tag_dir.rs).
        let money: Vec<(usize, usize)> = vals
            .iter()
            .filter(|v| v.label == EntityLabel::Money)
            .map(|v| (v.start, v.end))
            .collect();
        if !money.is_empty() {
            spans.retain(|s| {
                !(matches!(s.2, EntityLabel::Norp | EntityLabel::Gpe)
                    && money.iter().any(|&(a, e)| a < s.0 && s.1 < e))
            });
        }
        let mut taken = std::mem::take(&mut scratch.taken);
        taken.clear();
        taken.resize(tokens.len(), false);
        for s in &spans {
            taken[s.0..s.1].iter_mut().for_each(|t| *t = true);
        }
        vals.retain(|v| !taken[v.start..v.end].iter().any(|&t| t));
        // The order of a stable sort of the names followed by the values, by start and
        // then longest first: each list sorted on its own, then merged, names first
        // among equals.
        // PERF: the library sort over both lists cost about 2% of tagging (callgrind on
        // examples/tag_dir.rs); both lists come nearly sorted.
        sort_nearly_sorted(&mut spans, |s| (s.0, std::cmp::Reverse(s.1)));
        sort_nearly_sorted(&mut vals, |v| (v.start, std::cmp::Reverse(v.end)));
        // PERF: the entities are made in a buffer kept between documents and moved to a
        // vector of their size at the end, so their strings are allocated before that
        // vector: a large allocation first makes glibc's malloc consolidate the small
        // chunks the caller freed, and every string after it takes the slow path
        // (callgrind on examples/tag_dir.rs: about 200 instructions a string, not 50).
        let mut out: Vec<Entity> = std::mem::take(&mut scratch.ents);
        out.clear();
        out.reserve(spans.len() + vals.len());
        let mut last_end = 0;
        let mut vi = vals.iter().peekable();
        let mut ni = spans.drain(..).peekable();
        loop {
            let next = match (ni.peek(), vi.peek()) {
                (Some(n), Some(v))
                    if (n.0, std::cmp::Reverse(n.1)) > (v.start, std::cmp::Reverse(v.end)) =>
                {
                    vi.next().map(|v| (v.start, v.end, v.label, None, None))
                }
                (Some(_), _) => ni.next(),
                (None, _) => vi.next().map(|v| (v.start, v.end, v.label, None, None)),
            };
            let Some((a, b, label, canonical, country)) = next else {
                break;
            };
            if a < last_end || a >= b {
                continue;
            }
            last_end = b;
            let span = Span::new(tokens[a].span.start, tokens[b - 1].span.end);
            let surface = &text[span.range()];
            let mut e = Entity::new(EntityId(out.len() as u32), span, label, surface);
            e.canonical = canonical.filter(|c| c != surface).map(Cow::into_owned);
            if label == EntityLabel::Norp {
                e.country = country.map(Str::into_owned);
            }
            out.push(e);
        }
        drop(ni);
        vals.clear();
        scratch.calendar = calendar;
        scratch.taken = taken;
        scratch.spans = recycle(spans);
        scratch.names.names = recycle(names);
        scratch.vals = vals;
        scratch.words = recycle(words);
        let mut ents: Vec<Entity> = Vec::with_capacity(out.len());
        ents.append(&mut out);
        scratch.ents = out;
        ents
    }
}

/// Per-document buffers kept between documents on a thread, empty, with their capacity.
/// Element types with borrows are stored under `'static` and [`recycle`]d.
#[derive(Default)]
pub(crate) struct Scratch {
    calendar: Vec<u8>,
    taken: Vec<bool>,
    words: Vec<&'static str>,
    vals: Vec<values::Value>,
    cls: Vec<u32>,
    starts: Vec<usize>,
    spans: Vec<Candidate<'static>>,
    ents: Vec<Entity>,
    pub(crate) names: names::Scratch,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// An empty vector with `v`'s allocation, for another element type of the same size and
/// alignment (in-place collection of no elements; another layout just allocates anew).
// PERF: lets buffers of borrowed elements outlive the document they were filled for.
pub(crate) fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// An entity before ids and text: token range, label, canonical name, country.
type Candidate<'t> = (usize, usize, EntityLabel, Option<Cow<'t, str>>, Option<Str>);

/// A tagger could not be built.
#[derive(Debug)]
pub struct BuildError {
    kind: ErrorKind,
}

/// What went wrong building a tagger.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexicon file could not be read.
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A lexicon line is malformed.
    Lexicon {
        /// The file (or source name).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl BuildError {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { file, source } => write!(f, "cannot read lexicon {file}: {source}"),
            ErrorKind::Lexicon {
                file,
                line,
                message,
            } => {
                write!(f, "{file}:{line}: malformed lexicon line: {message}")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::Lexicon { .. } => None,
        }
    }
}

/// A stable sort by `key`, the same order as `sort_by_key`, fast on the nearly sorted lists
/// of names and values (sorted runs with a few later additions).
// PERF: insertion sort, no buffer; past a budget of moves it hands over to the library
// sort, which gives the same order since insertion never swaps equal keys (callgrind on
// examples/tag_dir.rs: the library sort's setup cost about 3,400 instructions a call).
pub(crate) fn sort_nearly_sorted<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let mut budget = 8 * v.len() + 64;
    for i in 1..v.len() {
        let k = key(&v[i]);
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > k {
            j -= 1;
        }
        if j < i {
            if i - j > budget {
                v.sort_by_key(key);
                return;
            }
            budget -= i - j;
            v[j..=i].rotate_right(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{recycle, sort_nearly_sorted};

    #[test]
    fn the_nearly_sorted_sort_is_the_stable_sort() {
        let mut seed = 12345u64;
        for len in [0, 1, 2, 5, 40, 300] {
            for spread in [1, 3, 1000] {
                let v: Vec<(u64, usize)> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        let jitter = (seed >> 33) % spread;
                        (i as u64 / 2 + jitter, i)
                    })
                    .collect();
                let mut a = v.clone();
                let mut b = v;
                a.sort_by_key(|x| x.0);
                sort_nearly_sorted(&mut b, |x| x.0);
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn recycling_keeps_the_allocation_for_a_same_size_type() {
        let text = String::from("a b c");
        let mut v: Vec<&str> = text.split(' ').collect();
        v.reserve(100);
        let cap = v.capacity();
        let back: Vec<&'static str> = recycle(v);
        assert!(back.is_empty());
        assert_eq!(back.capacity(), cap);
    }
}
