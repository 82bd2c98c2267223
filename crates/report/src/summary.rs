//! The mergeable corpus summary: exact counts keyed by each document's own
//! canonical names. Cross-document resolution happens later, in [`crate::resolve`],
//! so that `merge` stays exact.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use gleaner_doc::{Entity, EntityLabel, Record, RelationLabel, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};

use crate::{ReportError, ReportErrorKind};

/// Evidence snippets kept per relation unless [`CorpusSummary::with_evidence_cap`] says
/// otherwise. Two: the CSV and HTML rows show the first, and every snippet kept costs
/// about 250 bytes per relation for the whole run (a 1 GB news corpus has ~200,000
/// distinct relations).
pub const DEFAULT_EVIDENCE_CAP: usize = 2;

/// At most this many distinct entities per sentence take part in co-occurrence
/// edges (the first ones by position), so a sentence listing 200 names adds at most
/// `16 * 15 / 2 = 120` pairs instead of 19,900.
pub const COOCCURRENCE_ENTITIES_PER_SENTENCE: usize = 16;

/// An evidence sentence longer than this (in bytes) is cut at a character boundary
/// and ends with `…`, so memory never grows with document size.
pub const SNIPPET_MAX_BYTES: usize = 400;

/// An entity across the corpus: its label and name (the document's canonical name,
/// whitespace collapsed).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityKey {
    /// The entity's label.
    pub label: EntityLabel,
    /// Its canonical name.
    pub name: String,
}

impl EntityKey {
    /// A key from a label and a name (whitespace runs collapsed to one space).
    pub fn new(label: EntityLabel, name: &str) -> EntityKey {
        EntityKey {
            label,
            name: collapse_ws(name),
        }
    }

    /// The key an entity mention counts under.
    pub fn of(e: &Entity) -> EntityKey {
        EntityKey::new(e.label, e.name())
    }

    /// The key a relation end counts under: a nationality with a known country
    /// counts as that country (GPE), so "Azerbaijani President" works for Azerbaijan.
    pub fn relation_end(e: &Entity) -> EntityKey {
        match (&e.label, &e.country) {
            (EntityLabel::Norp, Some(c)) => EntityKey::new(EntityLabel::Gpe, c),
            _ => EntityKey::of(e),
        }
    }
}

/// Counts for one entity key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityStats {
    /// Mentions in the corpus.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// For a nationality, the country it refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl EntityStats {
    pub(crate) fn absorb(&mut self, o: EntityStats) {
        self.mentions += o.mentions;
        self.documents += o.documents;
        self.country = join_country(self.country.take(), o.country);
    }
}

/// A relation across the corpus, keyed by its ends' names. Symmetric labels are
/// stored with the smaller key as head, so "A met B" and "B met A" are one row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RelationKey {
    /// The head entity.
    pub head: EntityKey,
    /// The relation label.
    pub label: RelationLabel,
    /// The tail entity.
    pub tail: EntityKey,
}

impl RelationKey {
    /// A key, ordering the ends of symmetric labels.
    pub fn new(head: EntityKey, label: RelationLabel, tail: EntityKey) -> RelationKey {
        if label.is_symmetric() && tail < head {
            RelationKey {
                head: tail,
                label,
                tail: head,
            }
        } else {
            RelationKey { head, label, tail }
        }
    }
}

/// One sentence a relation was read from. The derived order (document, span, ...)
/// is the total order that decides which snippets are kept.
///
/// The short strings are shared (`Arc<str>`): a document's id is one allocation for
/// all of its snippets, and triggers and patterns are interned per summary. The
/// sentence is the snippet's own (no count to carry): resolved rows borrow it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id.
    pub doc: Arc<str>,
    /// Start of the sentence (byte offset into the document text).
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence text (cut at [`SNIPPET_MAX_BYTES`]); absent when the record had no text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Box<str>>,
    /// The relation's trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Arc<str>>,
    /// The pattern that produced it.
    pub pattern: Arc<str>,
}

/// Counts and evidence for one relation key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RelationStats {
    /// Times the relation was found.
    pub count: u64,
    /// Documents it was found in.
    pub documents: u64,
    /// The highest confidence it was found with.
    pub max_confidence: f32,
    /// The smallest evidence snippets by their order, at most the summary's cap.
    pub evidence: Vec<Evidence>,
}

impl RelationStats {
    pub(crate) fn absorb(&mut self, o: RelationStats, cap: usize) {
        self.count += o.count;
        self.documents += o.documents;
        self.max_confidence = self.max_confidence.max(o.max_confidence);
        for e in o.evidence {
            insert_capped(&mut self.evidence, e, cap);
        }
    }
}

/// Inserts into a sorted, deduplicated vector, keeping only the `cap` smallest.
pub(crate) fn insert_capped<T: Ord>(v: &mut Vec<T>, item: T, cap: usize) {
    if let Err(pos) = v.binary_search(&item)
        && pos < cap
    {
        // PERF: drop the largest first and grow by exactly one, so a vector never
        // holds more than `cap` slots (`Vec::insert` would double it; most relations
        // have one snippet) — report/fold_10k_records and the run's peak RSS.
        if v.len() >= cap {
            v.truncate(cap - 1);
        }
        if v.len() == v.capacity() {
            v.reserve_exact(1);
        }
        v.insert(pos, item);
    }
}

/// Whether a snippet at `(doc, start, end)` could be among the `cap` smallest in `v`:
/// checked before the snippet's strings are built, since most are not kept.
fn may_keep(v: &[Evidence], cap: usize, doc: &str, start: usize, end: usize) -> bool {
    if v.len() < cap {
        return true;
    }
    v.last()
        .is_some_and(|l| (doc, start, end) <= (&*l.doc, l.start, l.end))
}

/// A document's error and warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocProblems {
    /// Why it could not be processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Repairs made while reading it.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl DocProblems {
    fn absorb(&mut self, o: DocProblems) {
        // Only reached when two shards share a document id; stay order-independent.
        self.error = match (self.error.take(), o.error) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.warnings.extend(o.warnings);
        self.warnings.sort();
    }
}

/// Corpus totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Records read.
    pub documents: u64,
    /// Records that carry an error.
    pub failed: u64,
    /// Records that carry warnings.
    pub with_warnings: u64,
    /// Bytes of document text (0 for records without text).
    pub bytes: u64,
    /// Sentences.
    pub sentences: u64,
    /// Tokens, counted in records that carry them.
    pub tokens: u64,
    /// Records that carried tokens.
    pub tokenized_documents: u64,
    /// Entity mentions.
    pub entities: u64,
    /// Relations.
    pub relations: u64,
}

impl Totals {
    fn absorb(&mut self, o: &Totals) {
        self.documents += o.documents;
        self.failed += o.failed;
        self.with_warnings += o.with_warnings;
        self.bytes += o.bytes;
        self.sentences += o.sentences;
        self.tokens += o.tokens;
        self.tokenized_documents += o.tokenized_documents;
        self.entities += o.entities;
        self.relations += o.relations;
    }
}

/// Wall-clock seconds spent per stage. Merging adds them up; they are the one part
/// of a summary that differs between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimings {
    /// Reading and decoding documents (or parsing records).
    #[serde(default)]
    pub read: f64,
    /// Tokenizing.
    #[serde(default)]
    pub tokenize: f64,
    /// Tagging entities.
    #[serde(default)]
    pub tag: f64,
    /// Extracting relations.
    #[serde(default)]
    pub relate: f64,
    /// Writing records.
    #[serde(default)]
    pub write: f64,
    /// Building the summary.
    #[serde(default)]
    pub report: f64,
}

impl StageTimings {
    fn absorb(&mut self, o: &StageTimings) {
        self.read += o.read;
        self.tokenize += o.tokenize;
        self.tag += o.tag;
        self.relate += o.relate;
        self.write += o.write;
        self.report += o.report;
    }
}

/// FxHash (rustc's hasher): a multiply and a rotate per word. The summary's maps are
/// keyed by small integers and names, looked up tens of millions of times per
/// gigabyte; SipHash's flooding resistance buys nothing for a local corpus (a hostile
/// one could only slow its own report down).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let mut w = [0u8; 8];
        let rest = chunks.remainder();
        w[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(w) ^ rest.len() as u64);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves its entropy in the high bits; hashbrown indexes by the low.
        self.hash.rotate_left(26)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Entity keys interned to dense ids, so the large maps (relations, co-occurrence)
/// are keyed by integers instead of owned names. Ids are private to one summary:
/// `merge` remaps them, and equality and output go by names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// Name -> the ids it has under each label (almost always one).
    ids: FxMap<Box<str>, Vec<(EntityLabel, u32)>>,
    keys: Vec<EntityKey>,
}

impl Names {
    pub(crate) fn id(&self, label: EntityLabel, name: &str) -> Option<u32> {
        self.ids
            .get(name)?
            .iter()
            .find(|(l, _)| *l == label)
            .map(|&(_, id)| id)
    }

    /// The id of `(label, name)`; `name` must already be collapsed.
    fn intern(&mut self, label: EntityLabel, name: &str) -> u32 {
        if let Some(id) = self.id(label, name) {
            return id;
        }
        // Each key holds a heap name, so memory runs out long before 2^32 keys.
        let id = self.keys.len() as u32;
        self.ids.entry(name.into()).or_default().push((label, id));
        self.keys.push(EntityKey {
            label,
            name: name.to_string(),
        });
        id
    }

    pub(crate) fn key(&self, id: u32) -> &EntityKey {
        &self.keys[id as usize]
    }

    /// Each id's position in key order, so sorting by rank sorts by name.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.key(a).cmp(self.key(b)));
        let mut rank = vec![0; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

/// A relation keyed by interned ends (symmetric labels: the smaller name first).
type RelId = (u32, RelationLabel, u32);

/// Per-record buffers, kept between records so folding allocates nothing for them.
#[derive(Clone, Debug, Default)]
struct Scratch {
    /// Each entity's id, `u32::MAX` for values.
    entity_ids: Vec<u32>,
    seen: Vec<u32>,
    relations: Vec<RelId>,
    sentence: Vec<u32>,
    labels: Vec<(EntityLabel, u64)>,
}

/// The corpus summary: a mergeable value. Build one with [`CorpusSummary::add_record`]
/// per record; combine shards with [`CorpusSummary::merge`], which is associative and
/// commutative, so the summary of a corpus equals the merge of its parts' summaries
/// (timings aside, which add up).
///
/// Memory grows with distinct entities, relations and co-occurring pairs, never with
/// documents or bytes: evidence is capped per relation and snippets are cut. Only
/// documents with errors or warnings are listed one by one. Entity names are interned,
/// so relations and co-occurrence pairs are keyed by two integers; read them with
/// [`CorpusSummary::entities`], [`CorpusSummary::relations`] and
/// [`CorpusSummary::cooccurrence`]. Equality compares content, not insertion order.
#[derive(Clone, Debug)]
pub struct CorpusSummary {
    /// The record schema version the summary was built from.
    pub schema: u32,
    /// Evidence snippets kept per relation.
    pub evidence_cap: usize,
    /// Corpus totals.
    pub totals: Totals,
    /// Mentions per entity label.
    pub entity_labels: BTreeMap<EntityLabel, u64>,
    /// Relations per relation label.
    pub relation_labels: BTreeMap<RelationLabel, u64>,
    pub(crate) names: Names,
    /// Per entity id (named entities only; a relation end may have no row).
    entities: Vec<Option<EntityStats>>,
    /// How many of `entities` are rows.
    entity_rows: usize,
    relations: FxMap<RelId, RelationStats>,
    /// Pair of entity ids (smaller id first) -> sentences containing both.
    cooccurrence: FxMap<(u32, u32), u64>,
    /// Documents with an error or warnings, by id.
    pub problems: BTreeMap<String, DocProblems>,
    /// Seconds per stage.
    pub timings: StageTimings,
    /// Triggers and patterns, shared by all snippets.
    strings: HashSet<Arc<str>, FxBuild>,
    scratch: Scratch,
    /// Tells summaries apart, so a drained summary knows its ids still hold.
    instance: Instance,
    /// Set once this summary has been drained into another (see `drain_into`).
    drained: Option<Drained>,
}

/// A summary's identity: fresh for every new or cloned summary.
#[derive(Debug)]
struct Instance(u64);

impl Instance {
    fn fresh() -> Instance {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Instance(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl Clone for Instance {
    fn clone(&self) -> Instance {
        Instance::fresh()
    }
}

/// What a summary drained into another keeps of that other between drains.
#[derive(Clone, Debug)]
struct Drained {
    /// The other summary's `instance`.
    into: u64,
    /// This summary's entity id -> the other's (ids there never change: names are
    /// only appended, and draining never swaps).
    remap: Vec<u32>,
    /// Relations whose evidence is full in the other summary -> the position of its
    /// largest kept snippet. That only ever falls, so a snippet after it can never be
    /// kept there and is not built here.
    floor: FxMap<RelId, (Arc<str>, usize, usize)>,
}

impl Default for CorpusSummary {
    fn default() -> Self {
        CorpusSummary::new()
    }
}

impl PartialEq for CorpusSummary {
    fn eq(&self, o: &Self) -> bool {
        self.schema == o.schema
            && self.evidence_cap == o.evidence_cap
            && self.totals == o.totals
            && self.entity_labels == o.entity_labels
            && self.relation_labels == o.relation_labels
            && self.problems == o.problems
            && self.timings == o.timings
            && self.sorted_entities() == o.sorted_entities()
            && self.sorted_relations() == o.sorted_relations()
            && self.sorted_cooccurrence() == o.sorted_cooccurrence()
    }
}

impl CorpusSummary {
    /// An empty summary for records of this crate's [`SCHEMA_VERSION`].
    pub fn new() -> CorpusSummary {
        CorpusSummary {
            schema: SCHEMA_VERSION,
            evidence_cap: DEFAULT_EVIDENCE_CAP,
            totals: Totals::default(),
            entity_labels: BTreeMap::new(),
            relation_labels: BTreeMap::new(),
            names: Names::default(),
            entities: Vec::new(),
            entity_rows: 0,
            relations: FxMap::default(),
            cooccurrence: FxMap::default(),
            problems: BTreeMap::new(),
            timings: StageTimings::default(),
            strings: HashSet::default(),
            scratch: Scratch::default(),
            instance: Instance::fresh(),
            drained: None,
        }
    }

    /// Keeps `cap` evidence snippets per relation instead of [`DEFAULT_EVIDENCE_CAP`].
    pub fn with_evidence_cap(mut self, cap: usize) -> CorpusSummary {
        self.set_evidence_cap(cap);
        self
    }

    fn set_evidence_cap(&mut self, cap: usize) {
        self.evidence_cap = cap;
        for r in self.relations.values_mut() {
            r.evidence.truncate(cap);
        }
    }

    /// Per entity key, before cross-document resolution; in no particular order.
    pub fn entities(&self) -> impl Iterator<Item = (&EntityKey, &EntityStats)> {
        self.entities
            .iter()
            .zip(&self.names.keys)
            .filter_map(|(s, k)| Some((k, s.as_ref()?)))
    }

    /// Per relation key (ends as [`EntityKey::relation_end`], symmetric labels with the
    /// smaller key as head), before resolution; in no particular order.
    pub fn relations(
        &self,
    ) -> impl Iterator<Item = (&EntityKey, RelationLabel, &EntityKey, &RelationStats)> {
        self.relations
            .iter()
            .map(|(&(h, l, t), s)| (self.names.key(h), l, self.names.key(t), s))
    }

    /// Sentence-level co-occurrence of named entities: each pair (smaller key first)
    /// with the number of sentences containing both; in no particular order.
    pub fn cooccurrence(&self) -> impl Iterator<Item = (&EntityKey, &EntityKey, u64)> {
        self.cooccurrence.iter().map(|(&(a, b), &n)| {
            let (a, b) = (self.names.key(a), self.names.key(b));
            if a < b { (a, b, n) } else { (b, a, n) }
        })
    }

    /// Co-occurrence by interned ids (smaller id first).
    pub(crate) fn cooccurrence_ids(&self) -> impl Iterator<Item = (u32, u32, u64)> {
        self.cooccurrence.iter().map(|(&(a, b), &n)| (a, b, n))
    }

    /// Whether the pair of ids (smaller first) co-occurs.
    pub(crate) fn has_cooccurrence_ids(&self, a: u32, b: u32) -> bool {
        self.cooccurrence.contains_key(&(a, b))
    }

    /// [`CorpusSummary::entities`] sorted by key.
    pub fn sorted_entities(&self) -> Vec<(&EntityKey, &EntityStats)> {
        let mut v: Vec<_> = self.entities().collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// [`CorpusSummary::relations`] sorted by (head, label, tail).
    pub fn sorted_relations(&self) -> Vec<(&EntityKey, RelationLabel, &EntityKey, &RelationStats)> {
        let rank = self.names.ranks();
        let mut v: Vec<_> = self
            .relations
            .iter()
            .map(|(&(h, l, t), s)| ((rank[h as usize], l, rank[t as usize]), (h, t, s)))
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        v.into_iter()
            .map(|((_, l, _), (h, t, s))| (self.names.key(h), l, self.names.key(t), s))
            .collect()
    }

    /// [`CorpusSummary::cooccurrence`] sorted by pair.
    pub fn sorted_cooccurrence(&self) -> Vec<(&EntityKey, &EntityKey, u64)> {
        self.sorted_cooccurrence_iter().collect()
    }

    /// [`CorpusSummary::sorted_cooccurrence`] without the list of keys: only a packed
    /// list of the pairs (16 bytes each) is held while it is read.
    pub(crate) fn sorted_cooccurrence_iter(
        &self,
    ) -> impl Iterator<Item = (&EntityKey, &EntityKey, u64)> {
        // PERF: sort by rank (integers), not by comparing names; a pair of ranks packs
        // into one u64 and each rank maps back to its id (peak RSS of `gleaner run`).
        let rank = self.names.ranks();
        let mut by_rank = vec![0u32; rank.len()];
        for (id, &r) in rank.iter().enumerate() {
            by_rank[r as usize] = id as u32;
        }
        let mut v: Vec<(u64, u64)> = self
            .cooccurrence
            .iter()
            .map(|(&(a, b), &n)| {
                let (ra, rb) = (rank[a as usize], rank[b as usize]);
                (u64::from(ra.min(rb)) << 32 | u64::from(ra.max(rb)), n)
            })
            .collect();
        drop(rank);
        v.sort_unstable_by_key(|x| x.0);
        v.into_iter().map(move |(pair, n)| {
            let (ra, rb) = ((pair >> 32) as usize, (pair & u64::from(u32::MAX)) as usize);
            (self.names.key(by_rank[ra]), self.names.key(by_rank[rb]), n)
        })
    }

    fn entity_mut(&mut self, id: u32) -> &mut EntityStats {
        let i = id as usize;
        if self.entities.len() <= i {
            self.entities.resize(i + 1, None);
        }
        let row = &mut self.entities[i];
        if row.is_none() {
            self.entity_rows += 1;
        }
        row.get_or_insert_with(EntityStats::default)
    }

    /// Adds counts for an entity key (as folding or merging would).
    pub fn add_entity_stats(&mut self, key: &EntityKey, stats: EntityStats) {
        let id = self.names.intern(key.label, &collapsed(&key.name));
        self.entity_mut(id).absorb(stats);
    }

    /// Adds counts and evidence for a relation key (as folding or merging would); the
    /// evidence is kept to the summary's cap.
    pub fn add_relation_stats(&mut self, key: &RelationKey, mut stats: RelationStats) {
        let h = self
            .names
            .intern(key.head.label, &collapsed(&key.head.name));
        let t = self
            .names
            .intern(key.tail.label, &collapsed(&key.tail.name));
        let id = self.rel_id(h, key.label, t);
        let cap = self.evidence_cap;
        match self.relations.get_mut(&id) {
            Some(old) => old.absorb(stats, cap),
            None => {
                let ev = std::mem::take(&mut stats.evidence);
                for e in ev {
                    insert_capped(&mut stats.evidence, e, cap);
                }
                self.relations.insert(id, stats);
            }
        }
    }

    /// Adds `n` sentences in which `a` and `b` co-occur; a pair of one key is ignored.
    pub fn add_cooccurrence_count(&mut self, a: &EntityKey, b: &EntityKey, n: u64) {
        let a = self.names.intern(a.label, &collapsed(&a.name));
        let b = self.names.intern(b.label, &collapsed(&b.name));
        if a != b {
            self.add_pair(a, b, n);
        }
    }

    /// The relation id, ordering the ends of symmetric labels by name (as
    /// [`RelationKey::new`] does), so equal relations get equal ids in any summary.
    fn rel_id(&self, h: u32, label: RelationLabel, t: u32) -> RelId {
        if label.is_symmetric() && self.names.key(t) < self.names.key(h) {
            (t, label, h)
        } else {
            (h, label, t)
        }
    }

    /// The id of the entity at `index` as a relation end; `ids` are the record's
    /// entity ids, reused unless the end counts as its country.
    fn end_id(&mut self, ids: &[u32], index: usize, e: &Entity) -> u32 {
        match (&e.label, &e.country) {
            (EntityLabel::Norp, Some(_)) => {}
            _ => {
                if let Some(&id) = ids.get(index)
                    && id != u32::MAX
                {
                    return id;
                }
            }
        }
        match (&e.label, &e.country) {
            (EntityLabel::Norp, Some(c)) => self.names.intern(EntityLabel::Gpe, &collapsed(c)),
            _ => self.names.intern(e.label, &collapsed(e.name())),
        }
    }

    /// Folds one record into the summary.
    ///
    /// # Errors
    /// A record of another schema version is refused and the summary is unchanged.
    pub fn add_record(&mut self, rec: &Record) -> Result<(), ReportError> {
        let tokens = rec.tokens.as_ref().map(Vec::len);
        self.add(rec, tokens)
    }

    /// Folds one record whose token spans were left out of it, counting `tokens`
    /// tokens for it (a pipeline knows the count even when it does not write tokens).
    ///
    /// # Errors
    /// As [`CorpusSummary::add_record`].
    pub fn add_record_with_token_count(
        &mut self,
        rec: &Record,
        tokens: usize,
    ) -> Result<(), ReportError> {
        self.add(rec, Some(tokens))
    }

    fn add(&mut self, rec: &Record, tokens: Option<usize>) -> Result<(), ReportError> {
        if rec.schema != self.schema {
            return Err(ReportError::new(ReportErrorKind::SchemaMismatch {
                ours: self.schema,
                theirs: rec.schema,
            }));
        }
        let text = rec.text.as_deref();
        let t = &mut self.totals;
        t.documents += 1;
        t.failed += u64::from(rec.error.is_some());
        t.with_warnings += u64::from(!rec.warnings.is_empty());
        t.bytes += text.map_or(0, |s| s.len() as u64);
        t.sentences += rec.sentences.len() as u64;
        if let Some(n) = tokens {
            t.tokens += n as u64;
            t.tokenized_documents += 1;
        }
        t.entities += rec.entities.len() as u64;
        t.relations += rec.relations.len() as u64;
        if rec.error.is_some() || !rec.warnings.is_empty() {
            let p = DocProblems {
                error: rec.error.clone(),
                warnings: rec.warnings.clone(),
            };
            match self.problems.get_mut(&rec.id) {
                Some(old) => old.absorb(p),
                None => {
                    self.problems.insert(rec.id.clone(), p);
                }
            }
        }

        // PERF: counts go straight into the summary, by interned id; `seen` then
        // counts each entity's document once (report/fold_10k_records).
        let mut sc = std::mem::take(&mut self.scratch);
        sc.entity_ids.clear();
        sc.seen.clear();
        sc.labels.clear();
        for e in &rec.entities {
            // PERF: counted per record, then added to the ordered map once per label.
            match sc.labels.iter_mut().find(|(l, _)| *l == e.label) {
                Some((_, n)) => *n += 1,
                None => sc.labels.push((e.label, 1)),
            }
            // Values (dates, amounts, counts) are counted per label only: a row per
            // distinct number would grow with the corpus and tell a reader nothing.
            if !e.label.is_name() {
                sc.entity_ids.push(u32::MAX);
                continue;
            }
            let id = self.names.intern(e.label, &collapsed(e.name()));
            sc.entity_ids.push(id);
            sc.seen.push(id);
            let s = self.entity_mut(id);
            s.mentions += 1;
            if e.label == EntityLabel::Norp
                && let Some(c) = &e.country
                && s.country.as_ref().is_none_or(|old| c < old)
            {
                s.country = Some(c.clone());
            }
        }
        for &(l, n) in &sc.labels {
            *self.entity_labels.entry(l).or_default() += n;
        }
        sc.seen.sort_unstable();
        sc.seen.dedup();
        for &id in &sc.seen {
            self.entity_mut(id).documents += 1;
        }

        sc.relations.clear();
        let cap = self.evidence_cap;
        let mut doc: Option<Arc<str>> = None;
        for r in &rec.relations {
            *self.relation_labels.entry(r.label).or_default() += 1;
            let (Some(h), Some(tl)) = (
                rec.entities.get(r.head.0 as usize),
                rec.entities.get(r.tail.0 as usize),
            ) else {
                continue; // a dangling id; counted in totals, not attributable
            };
            let (h, tl) = (
                self.end_id(&sc.entity_ids, r.head.0 as usize, h),
                self.end_id(&sc.entity_ids, r.tail.0 as usize, tl),
            );
            let key = self.rel_id(h, r.label, tl);
            sc.relations.push(key);
            let s = self.relations.entry(key).or_default();
            s.count += 1;
            let conf = if r.confidence.is_nan() {
                0.0
            } else {
                r.confidence
            };
            s.max_confidence = s.max_confidence.max(conf);
            let (start, end) = (r.evidence.start, r.evidence.end);
            let past_floor = self.drained.as_ref().is_some_and(|d| {
                d.floor
                    .get(&key)
                    .is_some_and(|(fd, fs, fe)| (rec.id.as_str(), start, end) > (&**fd, *fs, *fe))
            });
            if !past_floor && may_keep(&s.evidence, cap, &rec.id, start, end) {
                let ev = Evidence {
                    doc: doc.get_or_insert_with(|| rec.id.as_str().into()).clone(),
                    start,
                    end,
                    sentence: text.and_then(|t| t.get(r.evidence.range())).map(snippet),
                    trigger: r.trigger.as_deref().map(|t| shared(&mut self.strings, t)),
                    pattern: shared(&mut self.strings, &r.pattern),
                };
                insert_capped(&mut s.evidence, ev, cap);
            }
        }
        sc.relations.sort_unstable();
        sc.relations.dedup();
        for k in &sc.relations {
            if let Some(s) = self.relations.get_mut(k) {
                s.documents += 1;
            }
        }

        self.add_cooccurrence(rec, &mut sc);
        self.scratch = sc;
        Ok(())
    }

    fn add_cooccurrence(&mut self, rec: &Record, sc: &mut Scratch) {
        let mut i = 0;
        let ents = &rec.entities;
        for s in &rec.sentences {
            while i < ents.len() && ents[i].start < s.start {
                i += 1;
            }
            sc.sentence.clear();
            let mut j = i;
            while j < ents.len() && ents[j].end <= s.end {
                let id = sc.entity_ids.get(j).copied().unwrap_or(u32::MAX);
                j += 1;
                if id == u32::MAX || sc.sentence.len() >= COOCCURRENCE_ENTITIES_PER_SENTENCE {
                    continue;
                }
                if !sc.sentence.contains(&id) {
                    sc.sentence.push(id);
                }
            }
            for (a_i, &a) in sc.sentence.iter().enumerate() {
                for &b in &sc.sentence[a_i + 1..] {
                    self.add_pair(a, b, 1);
                }
            }
        }
    }

    /// Entries in the large maps (entity names, relations, co-occurring pairs): how
    /// much memory the summary holds and how much work merging it into another is.
    pub fn size(&self) -> usize {
        self.cooccurrence.len() + self.relations.len() + self.names.keys.len()
    }

    /// Entries counted since the summary was made or last drained: the work the next
    /// [`CorpusSummary::drain_into`] does (unlike [`CorpusSummary::size`], interned
    /// names a drained summary keeps are not counted).
    pub fn pending(&self) -> usize {
        self.cooccurrence.len() + self.relations.len() + self.entity_rows
    }

    /// Moves everything `self` has counted into `whole`, as [`CorpusSummary::merge`]
    /// would, and leaves `self` empty but for its interned names and what it learned
    /// of `whole`: draining into the same summary again re-interns no names, and a
    /// snippet that `whole` could no longer keep is never built. For a worker that
    /// folds records into a small summary and empties it into a shared one now and
    /// then; the result is the same as merging.
    ///
    /// # Errors
    /// Summaries of different schema versions are refused; both are unchanged.
    pub fn drain_into(&mut self, whole: &mut CorpusSummary) -> Result<(), ReportError> {
        if whole.schema != self.schema {
            return Err(ReportError::new(ReportErrorKind::SchemaMismatch {
                ours: whole.schema,
                theirs: self.schema,
            }));
        }
        let cap = self.evidence_cap.min(whole.evidence_cap);
        if cap < whole.evidence_cap {
            whole.set_evidence_cap(cap);
        }
        let mut d = match self.drained.take() {
            Some(d) if d.into == whole.instance.0 => d,
            _ => Drained {
                into: whole.instance.0,
                remap: Vec::new(),
                floor: FxMap::default(),
            },
        };
        whole.absorb_unkeyed(
            &std::mem::take(&mut self.totals),
            &std::mem::take(&mut self.timings),
            std::mem::take(&mut self.entity_labels),
            std::mem::take(&mut self.relation_labels),
            std::mem::take(&mut self.problems),
        );
        for k in &self.names.keys[d.remap.len()..] {
            d.remap.push(whole.names.intern(k.label, &k.name));
        }
        let id = |i: u32| d.remap[i as usize];
        for (i, s) in self.entities.iter_mut().enumerate() {
            if let Some(s) = s.take() {
                whole.entity_mut(d.remap[i]).absorb(s);
            }
        }
        self.entity_rows = 0;
        for ((h, l, t), s) in self.relations.drain() {
            let w = whole.absorb_relation((id(h), l, id(t)), s, cap);
            if w.evidence.len() >= cap
                && let Some(last) = w.evidence.last()
            {
                d.floor
                    .insert((h, l, t), (last.doc.clone(), last.start, last.end));
            }
        }
        for ((a, b), n) in self.cooccurrence.drain() {
            whole.add_pair(id(a), id(b), n);
        }
        self.drained = Some(d);
        Ok(())
    }

    /// Merges `other` into `self`. Associative and commutative: shards can be merged
    /// in any grouping and order. The evidence cap becomes the smaller of the two.
    ///
    /// # Errors
    /// Summaries of different schema versions are refused; `self` is unchanged.
    pub fn merge(&mut self, mut other: CorpusSummary) -> Result<(), ReportError> {
        if other.schema != self.schema {
            return Err(ReportError::new(ReportErrorKind::SchemaMismatch {
                ours: self.schema,
                theirs: other.schema,
            }));
        }
        let cap = self.evidence_cap.min(other.evidence_cap);
        // PERF: fold the smaller into the larger (merge is commutative), so merging
        // worker summaries into an empty one moves nothing and the peak holds each
        // entry once (the run's peak RSS).
        if other.size() > self.size() {
            std::mem::swap(self, &mut other);
        }
        if cap < self.evidence_cap {
            self.set_evidence_cap(cap);
        }
        self.absorb_unkeyed(
            &other.totals,
            &other.timings,
            other.entity_labels,
            other.relation_labels,
            other.problems,
        );
        let remap: Vec<u32> = other
            .names
            .keys
            .iter()
            .map(|k| self.names.intern(k.label, &k.name))
            .collect();
        let id = |i: u32| remap[i as usize];
        for (i, s) in other.entities.into_iter().enumerate() {
            if let Some(s) = s {
                self.entity_mut(remap[i]).absorb(s);
            }
        }
        for ((h, l, t), s) in other.relations {
            // Both ends ordered by name already, and names are equal across summaries.
            self.absorb_relation((id(h), l, id(t)), s, cap);
        }
        self.cooccurrence.reserve(other.cooccurrence.len() / 4);
        for ((a, b), n) in other.cooccurrence {
            self.add_pair(id(a), id(b), n);
        }
        Ok(())
    }

    /// What `merge` and `drain_into` add that is not keyed by entity ids.
    fn absorb_unkeyed(
        &mut self,
        totals: &Totals,
        timings: &StageTimings,
        entity_labels: BTreeMap<EntityLabel, u64>,
        relation_labels: BTreeMap<RelationLabel, u64>,
        problems: BTreeMap<String, DocProblems>,
    ) {
        self.totals.absorb(totals);
        self.timings.absorb(timings);
        for (k, n) in entity_labels {
            *self.entity_labels.entry(k).or_default() += n;
        }
        for (k, n) in relation_labels {
            *self.relation_labels.entry(k).or_default() += n;
        }
        for (k, p) in problems {
            // Absorbing sorts warnings; only do it on a shared id, as add_record does.
            match self.problems.get_mut(&k) {
                Some(old) => old.absorb(p),
                None => {
                    self.problems.insert(k, p);
                }
            }
        }
    }

    /// Adds another summary's stats for relation `key` (ids of this summary), keeping
    /// `cap` snippets; returns the row.
    fn absorb_relation(&mut self, key: RelId, mut s: RelationStats, cap: usize) -> &RelationStats {
        match self.relations.entry(key) {
            Entry::Occupied(o) => {
                let w = o.into_mut();
                w.absorb(s, cap);
                w
            }
            Entry::Vacant(v) => {
                s.evidence.truncate(cap);
                v.insert(s)
            }
        }
    }

    /// Adds `n` co-occurrences of entity ids `a` and `b`, smaller id first.
    fn add_pair(&mut self, a: u32, b: u32, n: u64) {
        *self.cooccurrence.entry((a.min(b), a.max(b))).or_default() += n;
    }
}

/// The summary's shared copy of a trigger or pattern.
fn shared(set: &mut HashSet<Arc<str>, FxBuild>, s: &str) -> Arc<str> {
    if let Some(a) = set.get(s) {
        return a.clone();
    }
    let a: Arc<str> = s.into();
    set.insert(a.clone());
    a
}

/// The smaller country name wins, and a known one beats none: a join, so merging
/// stays order-independent.
pub(crate) fn join_country(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `s` with runs of whitespace collapsed, borrowed when it already is (nearly always).
fn collapsed(s: &str) -> Cow<'_, str> {
    let mut after_space = true;
    let mut ok = true;
    if s.is_ascii() {
        // PERF: names and sentences are nearly always ASCII; bytes are cheaper than
        // chars (report/fold_10k_records). The ASCII whitespace of `char::is_whitespace`.
        for &b in s.as_bytes() {
            match b {
                b' ' if !after_space => after_space = true,
                b'\t'..=b'\r' | b' ' => {
                    ok = false;
                    break;
                }
                _ => after_space = false,
            }
        }
    } else {
        for c in s.chars() {
            if c.is_whitespace() {
                if c != ' ' || after_space {
                    ok = false;
                    break;
                }
                after_space = true;
            } else {
                after_space = false;
            }
        }
    }
    if ok && (!after_space || s.is_empty()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(collapse_ws(s))
    }
}

/// Collapses runs of whitespace (hard-wrapped names) to one space.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn snippet(s: &str) -> Box<str> {
    let s = collapsed(s);
    if s.len() <= SNIPPET_MAX_BYTES {
        return s.into();
    }
    let mut cut = SNIPPET_MAX_BYTES;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = s[..cut].trim_end().to_string();
    out.push('…');
    out.into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gleaner_doc::{EntityId, Relation, Span};

    fn ent(id: u32, text: &str, start: usize, label: EntityLabel) -> Entity {
        Entity::new(
            EntityId(id),
            Span::new(start, start + text.len()),
            label,
            text,
        )
    }

    fn met(h: u32, t: u32, end: usize) -> Relation {
        Relation {
            label: RelationLabel::MetWith,
            head: EntityId(h),
            tail: EntityId(t),
            trigger: Some("met".into()),
            evidence: Span::new(0, end),
            pattern: "p".into(),
            confidence: 0.5,
        }
    }

    #[test]
    fn symmetric_relations_are_unordered() {
        let text = "Putin met Aliyev. Aliyev met Putin.";
        let mut r = Record::new("a.txt", text);
        r.sentences = vec![Span::new(0, 17), Span::new(18, 35)];
        r.entities = vec![
            ent(0, "Putin", 0, EntityLabel::Person),
            ent(1, "Aliyev", 10, EntityLabel::Person),
            ent(2, "Aliyev", 18, EntityLabel::Person),
            ent(3, "Putin", 29, EntityLabel::Person),
        ];
        r.relations = vec![met(0, 1, 17), met(2, 3, 35)];
        let mut s = CorpusSummary::new();
        s.add_record(&r).unwrap();
        assert_eq!(s.relations().count(), 1);
        let (h, _, t, v) = s.relations().next().unwrap();
        assert_eq!((h.name.as_str(), t.name.as_str()), ("Aliyev", "Putin"));
        assert_eq!((v.count, v.documents), (2, 1));
        // A directed label keeps its direction.
        let a = EntityKey::new(EntityLabel::Person, "B");
        let b = EntityKey::new(EntityLabel::Person, "A");
        let k = RelationKey::new(a.clone(), RelationLabel::Killed, b.clone());
        assert_eq!((k.head, k.tail), (a, b));
    }

    #[test]
    fn norp_tail_counts_as_its_country() {
        let text = "Azerbaijani President Ilham Aliyev spoke.";
        let mut r = Record::new("a.txt", text);
        r.sentences = vec![Span::new(0, text.len())];
        let mut norp = ent(0, "Azerbaijani", 0, EntityLabel::Norp);
        norp.country = Some("Azerbaijan".into());
        r.entities = vec![norp, ent(1, "Ilham Aliyev", 22, EntityLabel::Person)];
        r.relations = vec![Relation {
            label: RelationLabel::WorksFor,
            head: EntityId(1),
            tail: EntityId(0),
            trigger: Some("President".into()),
            evidence: Span::new(0, text.len()),
            pattern: "title-before-name".into(),
            confidence: 0.33,
        }];
        let mut s = CorpusSummary::new();
        s.add_record(&r).unwrap();
        let (_, _, tail, _) = s.relations().next().unwrap();
        assert_eq!(*tail, EntityKey::new(EntityLabel::Gpe, "Azerbaijan"));
        let norp_key = EntityKey::new(EntityLabel::Norp, "Azerbaijani");
        let (_, norp) = s.entities().find(|(k, _)| **k == norp_key).unwrap();
        assert_eq!(norp.country.as_deref(), Some("Azerbaijan"));
        assert_eq!(s.cooccurrence().count(), 1);
    }

    #[test]
    fn a_drained_summary_still_keeps_an_earlier_snippet() {
        let text = "Putin met Aliyev.";
        let doc = |id: &str| {
            let mut r = Record::new(id, text);
            r.sentences = vec![Span::new(0, 17)];
            r.entities = vec![
                ent(0, "Putin", 0, EntityLabel::Person),
                ent(1, "Aliyev", 10, EntityLabel::Person),
            ];
            r.relations = vec![met(0, 1, 17)];
            r
        };
        let mut whole = CorpusSummary::new().with_evidence_cap(1);
        let mut part = CorpusSummary::new();
        for id in ["b.txt", "c.txt", "a.txt"] {
            part.add_record(&doc(id)).unwrap();
            part.drain_into(&mut whole).unwrap();
        }
        let (.., stats) = whole.sorted_relations()[0];
        assert_eq!(stats.count, 3);
        let kept: Vec<&str> = stats.evidence.iter().map(|e| &*e.doc).collect();
        assert_eq!(kept, ["a.txt"]);
        // "c.txt" came after the floor: no snippet was built for it.
        assert!(part.drained.as_ref().is_some_and(|d| d.floor.len() == 1));
    }

    #[test]
    fn evidence_is_capped_to_the_smallest() {
        let mut v = Vec::new();
        for x in [5, 3, 9, 1, 3, 7] {
            insert_capped(&mut v, x, 3);
        }
        assert_eq!(v, [1, 3, 5]);
    }

    #[test]
    fn cooccurrence_is_capped_per_sentence() {
        let names: Vec<String> = (0..200).map(|i| format!("N{i:03}")).collect();
        let text = names.join(" ");
        let mut r = Record::new("a.txt", text.as_str());
        r.sentences = vec![Span::new(0, text.len())];
        r.entities = names
            .iter()
            .enumerate()
            .map(|(i, n)| ent(i as u32, n, i * 5, EntityLabel::Org))
            .collect();
        let mut s = CorpusSummary::new();
        s.add_record(&r).unwrap();
        let k = COOCCURRENCE_ENTITIES_PER_SENTENCE;
        assert_eq!(s.cooccurrence().count(), k * (k - 1) / 2);
    }

    #[test]
    fn long_snippets_are_cut_on_char_boundaries() {
        let s = snippet(&"é".repeat(SNIPPET_MAX_BYTES));
        assert!(s.len() <= SNIPPET_MAX_BYTES + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert_eq!(collapse_ws(" Ilham\n  Aliyev "), "Ilham Aliyev");
        for (raw, borrowed) in [
            ("Ilham Aliyev", true),
            ("", true),
            ("Zoë Ünal", true),
            (" Aliyev", false),
            ("Aliyev ", false),
            ("Ilham  Aliyev", false),
            ("Ilham\tAliyev", false),
            ("Ilham\u{b}Aliyev", false),
            ("Zoë\u{a0}Ünal", false),
            ("Zoë  Ünal", false),
        ] {
            let c = collapsed(raw);
            assert_eq!(matches!(c, Cow::Borrowed(_)), borrowed, "{raw:?}");
            assert_eq!(c, collapse_ws(raw), "{raw:?}");
        }
    }

    #[test]
    fn schema_mismatch_is_refused() {
        let mut a = CorpusSummary::new();
        let mut b = CorpusSummary::new();
        b.schema = SCHEMA_VERSION + 1;
        b.totals.documents = 3;
        let err = a.merge(b).unwrap_err();
        assert!(matches!(err.kind(), ReportErrorKind::SchemaMismatch { .. }));
        assert_eq!(a, CorpusSummary::new());
        let mut r = Record::new("a", "x");
        r.schema = 7;
        assert!(a.add_record(&r).is_err());
    }
}
