//! `summary.json`: the summary's exact, mergeable state as arrays of rows (JSON maps
//! need string keys), plus the resolved rows the CSVs hold, for readers. The
//! resolved part is derived, so it is ignored when a summary is read back.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use gleaner_doc::{EntityLabel, RelationLabel, SCHEMA_VERSION};

use serde::{Deserialize, Serialize};

use crate::resolve::Resolved;
use crate::summary::{
    CorpusSummary, DocProblems, EntityKey, EntityStats, Evidence, RelationKey, RelationStats,
    StageTimings, Totals, insert_capped,
};
use crate::{ReportError, ReportErrorKind};

#[derive(Deserialize)]
struct In {
    schema: u32,
    evidence_cap: usize,
    #[serde(default)]
    totals: Totals,
    #[serde(default)]
    entity_labels: BTreeMap<EntityLabel, u64>,
    #[serde(default)]
    relation_labels: BTreeMap<RelationLabel, u64>,
    #[serde(default)]
    timings: StageTimings,
    #[serde(default)]
    entities: Vec<EntityRow<EntityKey, EntityStats>>,
    #[serde(default)]
    relations: Vec<RelationRow<EntityKey, RelationStats>>,
    #[serde(default)]
    cooccurrence: Vec<(EntityLabel, String, EntityLabel, String, u64)>,
    #[serde(default)]
    problems: Vec<ProblemRow<String, DocProblems>>,
}

#[derive(Serialize, Deserialize)]
struct EntityRow<K, S> {
    #[serde(flatten)]
    key: K,
    #[serde(flatten)]
    stats: S,
}

#[derive(Serialize, Deserialize)]
struct RelationRow<K, S> {
    head: K,
    label: RelationLabel,
    tail: K,
    #[serde(flatten)]
    stats: S,
}

/// A resolved relation as the CSV has it: only the first evidence snippet.
#[derive(Serialize)]
struct ResolvedRelationRow<'a> {
    head: &'a EntityKey,
    label: RelationLabel,
    tail: &'a EntityKey,
    count: u64,
    documents: u64,
    max_confidence: f32,
    evidence: &'a [Evidence],
}

#[derive(Serialize, Deserialize)]
struct ProblemRow<I, P> {
    id: I,
    #[serde(flatten)]
    problems: P,
}

impl CorpusSummary {
    /// The summary as `summary.json` text (one row per line), without the resolved rows.
    pub fn to_json(&self) -> Result<String, ReportError> {
        to_json(self, None)
    }

    /// Reads a summary written by [`CorpusSummary::to_json`] or `write_reports`.
    ///
    /// # Errors
    /// Malformed JSON, and a schema version this crate does not know.
    pub fn from_json(json: &str) -> Result<CorpusSummary, ReportError> {
        #[derive(Deserialize)]
        struct Version {
            schema: Option<u32>,
        }
        let v: Version = serde_json::from_str(json).map_err(ReportError::json)?;
        if v.schema != Some(SCHEMA_VERSION) {
            return Err(ReportError::new(ReportErrorKind::UnknownSchema(v.schema)));
        }
        let w: In = serde_json::from_str(json).map_err(ReportError::json)?;
        let cap = w.evidence_cap;
        let mut s = CorpusSummary::new().with_evidence_cap(cap);
        s.schema = w.schema;
        s.totals = w.totals;
        s.entity_labels = w.entity_labels;
        s.relation_labels = w.relation_labels;
        s.timings = w.timings;
        for r in w.entities {
            s.add_entity_stats(&r.key, r.stats);
        }
        // Normalised again, so a hand-edited file cannot break the merge laws.
        for r in w.relations {
            let mut st = r.stats;
            let mut ev = std::mem::take(&mut st.evidence);
            ev.sort();
            for e in ev {
                insert_capped(&mut st.evidence, e, cap);
            }
            s.add_relation_stats(&RelationKey::new(r.head, r.label, r.tail), st);
        }
        for (al, an, bl, bn, weight) in w.cooccurrence {
            s.add_cooccurrence_count(&EntityKey::new(al, &an), &EntityKey::new(bl, &bn), weight);
        }
        for p in w.problems {
            s.problems.insert(p.id, p.problems);
        }
        Ok(s)
    }
}

/// The summary as one JSON object with one member per line and one array element per
/// line: compact enough for large corpora, still readable and diffable.
pub(crate) fn to_json(
    s: &CorpusSummary,
    resolved: Option<&Resolved>,
) -> Result<String, ReportError> {
    let mut j = Vec::new();
    write_json(&mut j, s, resolved).map_err(|e| ReportError::json(serde::ser::Error::custom(e)))?;
    String::from_utf8(j).map_err(|e| ReportError::json(serde::ser::Error::custom(e)))
}

/// Streams the summary's JSON into `w`, so a large summary is never held twice.
pub(crate) fn write_json<W: Write>(
    w: &mut W,
    s: &CorpusSummary,
    resolved: Option<&Resolved>,
) -> io::Result<()> {
    write_json_then(w, s, || resolved).map(|_| ())
}

/// As [`write_json`], with the resolved rows made by `resolve` only once the
/// summary's own rows are written — so the buffers that sort those are freed before
/// the resolved rows exist (peak RSS of `gleaner run`) — and handed back.
pub(crate) fn write_json_then<'a, W: Write, R: Borrow<Resolved<'a>>>(
    w: &mut W,
    s: &CorpusSummary,
    resolve: impl FnOnce() -> Option<R>,
) -> io::Result<Option<R>> {
    let mut o = Obj::open(w)?;
    o.member("schema", &s.schema)?;
    o.member("evidence_cap", &s.evidence_cap)?;
    o.member("totals", &s.totals)?;
    o.member("entity_labels", &s.entity_labels)?;
    o.member("relation_labels", &s.relation_labels)?;
    o.member("timings", &s.timings)?;
    o.rows(
        "entities",
        s.sorted_entities()
            .into_iter()
            .map(|(key, stats)| EntityRow { key, stats }),
    )?;
    o.rows(
        "relations",
        s.sorted_relations()
            .into_iter()
            .map(|(head, label, tail, stats)| RelationRow {
                head,
                label,
                tail,
                stats,
            }),
    )?;
    o.rows(
        "cooccurrence",
        s.sorted_cooccurrence_iter()
            // Arrays, not objects: this is the longest list, often most of the file.
            .map(|(a, b, w)| (a.label, a.name.as_str(), b.label, b.name.as_str(), w)),
    )?;
    o.rows(
        "problems",
        s.problems
            .iter()
            .map(|(id, problems)| ProblemRow { id, problems }),
    )?;
    let resolved = resolve();
    if let Some(r) = resolved.as_ref().map(Borrow::borrow) {
        o.key("resolved")?;
        let mut inner = Obj::open(&mut *o.w)?;
        inner.rows("entities", r.entities.iter())?;
        inner.rows(
            "relations",
            r.relations.iter().map(|r| ResolvedRelationRow {
                head: r.head,
                label: r.label,
                tail: r.tail,
                count: r.count,
                documents: r.documents,
                max_confidence: r.max_confidence,
                evidence: &r.evidence[..r.evidence.len().min(1)],
            }),
        )?;
        inner.close()?;
    }
    o.close()?;
    w.write_all(b"\n")?;
    Ok(resolved)
}

/// A JSON object written member by member, each on its own line.
struct Obj<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Obj<'w, W> {
    fn open(w: &'w mut W) -> io::Result<Self> {
        w.write_all(b"{")?;
        Ok(Obj { w, first: true })
    }

    fn key(&mut self, name: &str) -> io::Result<()> {
        self.w
            .write_all(if self.first { b"\n\"" } else { b",\n\"" })?;
        self.first = false;
        self.w.write_all(name.as_bytes())?;
        self.w.write_all(b"\": ")
    }

    fn member<T: Serialize + ?Sized>(&mut self, name: &str, v: &T) -> io::Result<()> {
        self.key(name)?;
        serde_json::to_writer(&mut *self.w, v).map_err(io::Error::other)
    }

    fn rows<T: Serialize>(&mut self, name: &str, items: impl Iterator<Item = T>) -> io::Result<()> {
        self.key(name)?;
        self.w.write_all(b"[")?;
        let mut first = true;
        for it in items {
            self.w.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *self.w, &it).map_err(io::Error::other)?;
        }
        self.w.write_all(if first { b"]" } else { b"\n]" })
    }

    fn close(self) -> io::Result<()> {
        self.w.write_all(if self.first { b"}" } else { b"\n}" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unknown_schema_and_garbage() {
        let e = CorpusSummary::from_json(r#"{"schema": 99, "evidence_cap": 3}"#).unwrap_err();
        assert!(matches!(e.kind(), ReportErrorKind::UnknownSchema(Some(99))));
        assert!(e.to_string().contains("99"));
        assert!(CorpusSummary::from_json("[]").is_err());
        assert!(CorpusSummary::from_json(r#"{"evidence_cap": 3}"#).is_err());
    }

    #[test]
    fn empty_round_trips() {
        let s = CorpusSummary::new();
        let back = CorpusSummary::from_json(&s.to_json().unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
