//! The mergeable corpus summary: exact counts keyed by each document's own
//! canonical names. Cross-document resolution happens later, in [`crate::resolve`],
//! so that `merge` stays exact.

use std::collections::{BTreeMap, HashMap};

use gleaner_doc::{Entity, EntityLabel, Record, RelationLabel, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};

use crate::{ReportError, ReportErrorKind};

/// Evidence snippets kept per relation unless [`CorpusSummary::with_evidence_cap`] says otherwise.
pub const DEFAULT_EVIDENCE_CAP: usize = 3;

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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id.
    pub doc: String,
    /// Start of the sentence (byte offset into the document text).
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence text (cut at [`SNIPPET_MAX_BYTES`]); absent when the record had no text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// The relation's trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The pattern that produced it.
    pub pattern: String,
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
        v.insert(pos, item);
        v.truncate(cap);
    }
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

/// The corpus summary: a mergeable value. Build one with [`CorpusSummary::add_record`]
/// per record; combine shards with [`CorpusSummary::merge`], which is associative and
/// commutative, so the summary of a corpus equals the merge of its parts' summaries
/// (timings aside, which add up).
///
/// Memory grows with distinct entities, relations and co-occurring pairs, never with
/// documents or bytes: evidence is capped per relation and snippets are cut. Only
/// documents with errors or warnings are listed one by one.
#[derive(Clone, Debug, PartialEq)]
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
    /// Per entity key, before cross-document resolution.
    pub entities: BTreeMap<EntityKey, EntityStats>,
    /// Per relation key (ends as [`EntityKey::relation_end`]), before resolution.
    pub relations: BTreeMap<RelationKey, RelationStats>,
    /// Sentence-level co-occurrence of named entities: pair (smaller key first) ->
    /// number of sentences containing both.
    /// Unordered (outputs sort it): it is the largest map, and hashing beats ordered
    /// lookups there (report/fold_10k_records).
    pub cooccurrence: HashMap<(EntityKey, EntityKey), u64>,
    /// Documents with an error or warnings, by id.
    pub problems: BTreeMap<String, DocProblems>,
    /// Seconds per stage.
    pub timings: StageTimings,
}

impl Default for CorpusSummary {
    fn default() -> Self {
        CorpusSummary::new()
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
            entities: BTreeMap::new(),
            relations: BTreeMap::new(),
            cooccurrence: HashMap::new(),
            problems: BTreeMap::new(),
            timings: StageTimings::default(),
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

        // Per document first, so `documents` counts each document once.
        let mut ents: BTreeMap<EntityKey, EntityStats> = BTreeMap::new();
        for e in &rec.entities {
            *self.entity_labels.entry(e.label).or_default() += 1;
            // Values (dates, amounts, counts) are counted per label only: a row per
            // distinct number would grow with the corpus and tell a reader nothing.
            if !e.label.is_name() {
                continue;
            }
            let s = ents.entry(EntityKey::of(e)).or_default();
            s.mentions += 1;
            s.documents = 1;
            if e.label == EntityLabel::Norp {
                s.country = join_country(s.country.take(), e.country.clone());
            }
        }
        for (k, s) in ents {
            match self.entities.get_mut(&k) {
                Some(old) => old.absorb(s),
                None => {
                    self.entities.insert(k, s);
                }
            }
        }

        let mut rels: BTreeMap<RelationKey, RelationStats> = BTreeMap::new();
        for r in &rec.relations {
            *self.relation_labels.entry(r.label).or_default() += 1;
            let (Some(h), Some(tl)) = (
                rec.entities.get(r.head.0 as usize),
                rec.entities.get(r.tail.0 as usize),
            ) else {
                continue; // a dangling id; counted in totals, not attributable
            };
            let key = RelationKey::new(
                EntityKey::relation_end(h),
                r.label,
                EntityKey::relation_end(tl),
            );
            let s = rels.entry(key).or_default();
            s.count += 1;
            s.documents = 1;
            let conf = if r.confidence.is_nan() {
                0.0
            } else {
                r.confidence
            };
            s.max_confidence = s.max_confidence.max(conf);
            let ev = Evidence {
                doc: rec.id.clone(),
                start: r.evidence.start,
                end: r.evidence.end,
                sentence: text.and_then(|t| t.get(r.evidence.range())).map(snippet),
                trigger: r.trigger.clone(),
                pattern: r.pattern.clone(),
            };
            insert_capped(&mut s.evidence, ev, self.evidence_cap);
        }
        for (k, s) in rels {
            match self.relations.get_mut(&k) {
                Some(old) => old.absorb(s, self.evidence_cap),
                None => {
                    self.relations.insert(k, s);
                }
            }
        }

        self.add_cooccurrence(rec);
        Ok(())
    }

    fn add_cooccurrence(&mut self, rec: &Record) {
        let mut i = 0;
        let ents = &rec.entities;
        let mut in_sentence: Vec<EntityKey> = Vec::new();
        for s in &rec.sentences {
            while i < ents.len() && ents[i].start < s.start {
                i += 1;
            }
            in_sentence.clear();
            let mut j = i;
            while j < ents.len() && ents[j].end <= s.end {
                let e = &ents[j];
                j += 1;
                if !e.label.is_name() || in_sentence.len() >= COOCCURRENCE_ENTITIES_PER_SENTENCE {
                    continue;
                }
                let k = EntityKey::of(e);
                if !in_sentence.contains(&k) {
                    in_sentence.push(k);
                }
            }
            for (a_i, a) in in_sentence.iter().enumerate() {
                for b in &in_sentence[a_i + 1..] {
                    let pair = if a < b {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    };
                    *self.cooccurrence.entry(pair).or_default() += 1;
                }
            }
        }
    }

    /// Merges `other` into `self`. Associative and commutative: shards can be merged
    /// in any grouping and order. The evidence cap becomes the smaller of the two.
    ///
    /// # Errors
    /// Summaries of different schema versions are refused; `self` is unchanged.
    pub fn merge(&mut self, other: CorpusSummary) -> Result<(), ReportError> {
        if other.schema != self.schema {
            return Err(ReportError::new(ReportErrorKind::SchemaMismatch {
                ours: self.schema,
                theirs: other.schema,
            }));
        }
        if other.evidence_cap < self.evidence_cap {
            self.set_evidence_cap(other.evidence_cap);
        }
        let cap = self.evidence_cap;
        self.totals.absorb(&other.totals);
        self.timings.absorb(&other.timings);
        for (k, n) in other.entity_labels {
            *self.entity_labels.entry(k).or_default() += n;
        }
        for (k, n) in other.relation_labels {
            *self.relation_labels.entry(k).or_default() += n;
        }
        for (k, s) in other.entities {
            self.entities.entry(k).or_default().absorb(s);
        }
        for (k, mut s) in other.relations {
            match self.relations.get_mut(&k) {
                Some(old) => old.absorb(s, cap),
                None => {
                    s.evidence.truncate(cap);
                    self.relations.insert(k, s);
                }
            }
        }
        for (k, n) in other.cooccurrence {
            *self.cooccurrence.entry(k).or_default() += n;
        }
        for (k, p) in other.problems {
            // Absorbing sorts warnings; only do it on a shared id, as add_record does.
            match self.problems.get_mut(&k) {
                Some(old) => old.absorb(p),
                None => {
                    self.problems.insert(k, p);
                }
            }
        }
        Ok(())
    }
}

/// The smaller country name wins, and a known one beats none: a join, so merging
/// stays order-independent.
pub(crate) fn join_country(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
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

fn snippet(s: &str) -> String {
    let s = collapse_ws(s);
    if s.len() <= SNIPPET_MAX_BYTES {
        return s;
    }
    let mut cut = SNIPPET_MAX_BYTES;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = s[..cut].trim_end().to_string();
    out.push('…');
    out
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
        assert_eq!(s.relations.len(), 1);
        let (k, v) = s.relations.iter().next().unwrap();
        assert_eq!(
            (k.head.name.as_str(), k.tail.name.as_str()),
            ("Aliyev", "Putin")
        );
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
        let k = s.relations.keys().next().unwrap();
        assert_eq!(k.tail, EntityKey::new(EntityLabel::Gpe, "Azerbaijan"));
        let norp = &s.entities[&EntityKey::new(EntityLabel::Norp, "Azerbaijani")];
        assert_eq!(norp.country.as_deref(), Some("Azerbaijan"));
        assert_eq!(s.cooccurrence.len(), 1);
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
        assert_eq!(s.cooccurrence.len(), k * (k - 1) / 2);
    }

    #[test]
    fn long_snippets_are_cut_on_char_boundaries() {
        let s = snippet(&"é".repeat(SNIPPET_MAX_BYTES));
        assert!(s.len() <= SNIPPET_MAX_BYTES + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert_eq!(collapse_ws(" Ilham\n  Aliyev "), "Ilham Aliyev");
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
