//! `summary.json`: the summary's exact, mergeable state as arrays of rows (JSON maps
//! need string keys), plus the resolved rows the CSVs hold, for readers. The
//! resolved part is derived, so it is ignored when a summary is read back.

use std::collections::BTreeMap;

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
            s.entities.entry(r.key).or_default().absorb(r.stats);
        }
        // Normalised again, so a hand-edited file cannot break the merge laws.
        for r in w.relations {
            let mut st = r.stats;
            let mut ev = std::mem::take(&mut st.evidence);
            ev.sort();
            for e in ev {
                insert_capped(&mut st.evidence, e, cap);
            }
            let key = RelationKey::new(r.head, r.label, r.tail);
            s.relations.entry(key).or_default().absorb(st, cap);
        }
        for (al, an, bl, bn, weight) in w.cooccurrence {
            let (a, b) = (EntityKey::new(al, &an), EntityKey::new(bl, &bn));
            if a == b {
                continue;
            }
            let pair = if a < b { (a, b) } else { (b, a) };
            *s.cooccurrence.entry(pair).or_default() += weight;
        }
        for p in w.problems {
            s.problems.insert(p.id, p.problems);
        }
        Ok(s)
    }
}

/// Writes one JSON object with one member per line and one array element per line:
/// compact enough for large corpora, still readable and diffable.
pub(crate) fn to_json(
    s: &CorpusSummary,
    resolved: Option<&Resolved>,
) -> Result<String, ReportError> {
    let mut j: Vec<u8> = b"{\n".to_vec();
    member(&mut j, "schema", &s.schema)?;
    member(&mut j, "evidence_cap", &s.evidence_cap)?;
    member(&mut j, "totals", &s.totals)?;
    member(&mut j, "entity_labels", &s.entity_labels)?;
    member(&mut j, "relation_labels", &s.relation_labels)?;
    member(&mut j, "timings", &s.timings)?;
    rows(
        &mut j,
        "entities",
        s.entities
            .iter()
            .map(|(key, stats)| EntityRow { key, stats }),
    )?;
    rows(
        &mut j,
        "relations",
        s.relations.iter().map(|(k, stats)| RelationRow {
            head: &k.head,
            label: k.label,
            tail: &k.tail,
            stats,
        }),
    )?;
    let mut pairs: Vec<_> = s.cooccurrence.iter().collect();
    pairs.sort_unstable_by(|x, y| x.0.cmp(y.0));
    rows(
        &mut j,
        "cooccurrence",
        pairs
            .into_iter()
            // Arrays, not objects: this is the longest list, often most of the file.
            .map(|((a, b), w)| (a.label, a.name.as_str(), b.label, b.name.as_str(), *w)),
    )?;
    rows(
        &mut j,
        "problems",
        s.problems
            .iter()
            .map(|(id, problems)| ProblemRow { id, problems }),
    )?;
    if let Some(r) = resolved {
        j.extend_from_slice("\"resolved\": {\n".as_bytes());
        rows(&mut j, "entities", r.entities.iter())?;
        rows(
            &mut j,
            "relations",
            r.relations.iter().map(|r| ResolvedRelationRow {
                head: &r.head,
                label: r.label,
                tail: &r.tail,
                count: r.count,
                documents: r.documents,
                max_confidence: r.max_confidence,
                evidence: &r.evidence[..r.evidence.len().min(1)],
            }),
        )?;
        close(&mut j);
        j.extend_from_slice("},\n".as_bytes());
    }
    close(&mut j);
    j.extend_from_slice("}\n".as_bytes());
    // PERF: rows are written straight into one buffer (report/summary_json_10k_summary).
    String::from_utf8(j).map_err(|e| ReportError::json(serde::ser::Error::custom(e)))
}

fn member<T: Serialize + ?Sized>(j: &mut Vec<u8>, name: &str, v: &T) -> Result<(), ReportError> {
    j.push(b'"');
    j.extend_from_slice(name.as_bytes());
    j.extend_from_slice("\": ".as_bytes());
    serde_json::to_writer(&mut *j, v).map_err(ReportError::json)?;
    j.extend_from_slice(",\n".as_bytes());
    Ok(())
}

fn rows<T: Serialize>(
    j: &mut Vec<u8>,
    name: &str,
    items: impl Iterator<Item = T>,
) -> Result<(), ReportError> {
    j.push(b'"');
    j.extend_from_slice(name.as_bytes());
    j.extend_from_slice("\": [".as_bytes());
    let mut first = true;
    for it in items {
        j.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        serde_json::to_writer(&mut *j, &it).map_err(ReportError::json)?;
    }
    j.extend_from_slice(if first { b"],\n" } else { b"\n],\n" });
    Ok(())
}

/// Drops the trailing comma of the last member.
fn close(j: &mut Vec<u8>) {
    if j.ends_with(b",\n") {
        j.truncate(j.len() - 2);
        j.push(b'\n');
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
