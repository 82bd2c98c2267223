//! Cross-document resolution: one entity, one row.
//!
//! Within a document the tagger already folds "Putin" into "Vladimir Putin"; across
//! documents this module does it, from the summary's exact counts, at render time —
//! so `merge` stays exact and the rule sees the whole (merged) corpus. The rule:
//!
//! - a PERSON whose name is one word folds into the one multi-word PERSON whose last
//!   word it is ("Aliyev" -> "Ilham Aliyev"); when two or more such names exist
//!   ("Aliyev" with "Ilham Aliyev" and "Heydar Aliyev") or none, it stays a row of its own;
//! - an ORG whose name is one all-capital word of 2 to 6 letters folds into the one
//!   multi-word ORG whose capitalised words' initials spell it ("WHO" -> "World
//!   Health Organization"); ambiguous or absent, it stays;
//! - relation ends and co-occurrence pairs are renamed the same way (a nationality
//!   at a relation end already counts as its country, see [`EntityKey::relation_end`]).
//!
//! Folded rows add their mentions and documents. The document count stays exact
//! because a document that has both forms already folds them itself.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gleaner_doc::{EntityLabel, RelationLabel};
use serde::{Deserialize, Serialize};

use crate::summary::{
    CorpusSummary, EntityKey, EntityStats, Evidence, FxMap, RelationStats, insert_capped,
};

/// Co-occurrence pairs kept in [`Resolved`] (for the graph), strongest first.
pub const RESOLVED_PAIRS: usize = 2000;

/// An entity across the corpus after resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedEntity {
    /// Its label.
    pub label: EntityLabel,
    /// Its name.
    pub name: String,
    /// Mentions, including those of folded names.
    pub mentions: u64,
    /// Documents mentioning it under any of its names.
    pub documents: u64,
    /// For a nationality, its country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Other names folded into this one, sorted.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A relation across the corpus after resolution. Rows borrow from the summary: a
/// relation with one name pair keeps its evidence where it is, and only rows that
/// resolution joined own theirs (peak RSS of `gleaner run`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolvedRelation<'a> {
    /// The head entity.
    pub head: &'a EntityKey,
    /// The label.
    pub label: RelationLabel,
    /// The tail entity.
    pub tail: &'a EntityKey,
    /// Times found.
    pub count: u64,
    /// Documents it was found in.
    pub documents: u64,
    /// Highest confidence.
    pub max_confidence: f32,
    /// Evidence snippets, smallest first.
    pub evidence: Cow<'a, [Evidence]>,
}

/// The summary seen with one row per entity: what the CSVs, the Markdown, the graph
/// and the HTML show. Rows are sorted most frequent first, then by label and name.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Resolved<'a> {
    /// Entities.
    pub entities: Vec<ResolvedEntity>,
    /// Relations.
    pub relations: Vec<ResolvedRelation<'a>>,
    /// The [`RESOLVED_PAIRS`] strongest co-occurrence pairs (smaller key first) and
    /// their sentence counts; all pairs, unresolved, are in the summary.
    pub cooccurrence: Vec<(&'a EntityKey, &'a EntityKey, u64)>,
}

impl<'a> Resolved<'a> {
    /// Resolves a summary.
    pub fn new(s: &'a CorpusSummary) -> Resolved<'a> {
        let keys = s
            .entities()
            .map(|(k, _)| k)
            .chain(s.relations().flat_map(|(h, _, t, _)| [h, t]));
        let alias = aliases(keys);
        // PERF: borrowed keys throughout; only output rows are cloned
        // (report/resolve_10k_summary).
        resolve_with(s, &alias)
    }
}

fn resolve_with<'a>(s: &'a CorpusSummary, alias: &BTreeMap<EntityKey, EntityKey>) -> Resolved<'a> {
    // Fold targets are returned as the summary's own keys, so rows can borrow them.
    let map = |k: &'a EntityKey| -> &'a EntityKey {
        alias
            .get(k)
            .and_then(|to| s.names.id(to.label, &to.name))
            .map_or(k, |id| s.names.key(id))
    };

    let mut ents: BTreeMap<&EntityKey, (EntityStats, Vec<&str>)> = BTreeMap::new();
    for (k, st) in s.entities() {
        let to = map(k);
        let slot = ents.entry(to).or_default();
        slot.0.absorb(st.clone());
        if to != k {
            slot.1.push(&k.name);
        }
    }
    let mut entities: Vec<ResolvedEntity> = ents
        .into_iter()
        .map(|(k, (st, mut aliases))| {
            aliases.sort();
            ResolvedEntity {
                label: k.label,
                name: k.name.clone(),
                mentions: st.mentions,
                documents: st.documents,
                country: st.country,
                aliases: aliases.into_iter().map(str::to_string).collect(),
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.label.cmp(&b.label))
            .then_with(|| a.name.cmp(&b.name))
    });

    // PERF: rows are sorted in a flat vector and runs of one resolved key joined;
    // no map of every relation is built (peak RSS of `gleaner run`).
    let cap = s.evidence_cap;
    let mut rows: Vec<(&EntityKey, RelationLabel, &EntityKey, &RelationStats)> = s
        .relations()
        .map(|(h, label, t, st)| {
            let (mut h, mut t) = (map(h), map(t));
            if label.is_symmetric() && t < h {
                std::mem::swap(&mut h, &mut t);
            }
            (h, label, t, st)
        })
        .collect();
    rows.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut relations: Vec<ResolvedRelation> = Vec::with_capacity(rows.len());
    for (h, label, t, st) in rows {
        if let Some(last) = relations.last_mut()
            && (last.head, last.label, last.tail) == (h, label, t)
        {
            last.count += st.count;
            last.documents += st.documents;
            last.max_confidence = last.max_confidence.max(st.max_confidence);
            let ev = last.evidence.to_mut();
            for e in &st.evidence {
                insert_capped(ev, e.clone(), cap);
            }
            continue;
        }
        relations.push(ResolvedRelation {
            head: h,
            label,
            tail: t,
            count: st.count,
            documents: st.documents,
            max_confidence: st.max_confidence,
            evidence: Cow::Borrowed(&st.evidence[..st.evidence.len().min(cap)]),
        });
    }
    relations.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (a.head, a.label, a.tail).cmp(&(b.head, b.label, b.tail)))
    });

    // PERF: pairs are summed by interned id, and only those that can reach the top
    // are sorted by name (report/resolve_10k_summary).
    let names = &s.names;
    let alias_ids: FxMap<u32, u32> = alias
        .iter()
        .filter_map(|(k, to)| Some((names.id(k.label, &k.name)?, names.id(to.label, &to.name)?)))
        .collect();
    let fold = |i: u32| alias_ids.get(&i).copied();
    // PERF: only pairs with a folded end are renamed and summed in a map; the others
    // are distinct already. Their weights alone give the top pairs' threshold, so no
    // map or list of every pair is built (peak RSS of `gleaner run`).
    let mut renamed: FxMap<(u32, u32), u64> = FxMap::default();
    for (a, b, n) in s.cooccurrence_ids() {
        if fold(a).is_none() && fold(b).is_none() {
            continue;
        }
        let (a, b) = (fold(a).unwrap_or(a), fold(b).unwrap_or(b));
        if a != b {
            *renamed.entry((a.min(b), a.max(b))).or_default() += n;
        }
    }
    // Every resolved pair once, with its weight. Fold targets are full names, never
    // folded themselves, so a renamed pair present in the summary is an unfolded one.
    let resolved_pairs = || {
        s.cooccurrence_ids()
            .filter(|&(a, b, _)| fold(a).is_none() && fold(b).is_none())
            .map(|(a, b, n)| ((a, b), n + renamed.get(&(a, b)).copied().unwrap_or(0)))
            .chain(
                renamed
                    .iter()
                    .filter(|(k, _)| !s.has_cooccurrence_ids(k.0, k.1))
                    .map(|(&k, &n)| (k, n)),
            )
    };
    let mut weights: Vec<u64> = resolved_pairs().map(|(_, n)| n).collect();
    let w = if weights.len() > RESOLVED_PAIRS {
        *weights
            .select_nth_unstable_by(RESOLVED_PAIRS - 1, |x, y| y.cmp(x))
            .1
    } else {
        0
    };
    drop(weights);
    let mut pairs: Vec<(&EntityKey, &EntityKey, u64)> = resolved_pairs()
        .filter(|p| p.1 >= w)
        .map(|((a, b), n)| {
            let (a, b) = (names.key(a), names.key(b));
            if a < b { (a, b, n) } else { (b, a, n) }
        })
        .collect();
    pairs.sort_unstable_by(|x, y| y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1))));
    pairs.truncate(RESOLVED_PAIRS);
    Resolved {
        entities,
        relations,
        cooccurrence: pairs,
    }
}

/// The fold map of the module's rule: short name -> full name, unambiguous only.
pub fn aliases<'a>(keys: impl Iterator<Item = &'a EntityKey>) -> BTreeMap<EntityKey, EntityKey> {
    // Candidate full names per (label, short form); BTreeMap keeps it deterministic.
    let mut full: BTreeMap<(EntityLabel, String), Vec<&str>> = BTreeMap::new();
    let mut short: Vec<&EntityKey> = Vec::new();
    for k in keys {
        let multi = k.name.contains(' ');
        match k.label {
            EntityLabel::Person if multi => {
                if let Some(last) = k.name.rsplit(' ').next() {
                    push_unique(
                        full.entry((k.label, last.to_string())).or_default(),
                        &k.name,
                    );
                }
            }
            EntityLabel::Org if multi => {
                let initials: String = k
                    .name
                    .split(' ')
                    .filter_map(|w| w.chars().next())
                    .filter(|c| c.is_uppercase())
                    .collect();
                if initials.chars().count() >= 2 {
                    push_unique(full.entry((k.label, initials)).or_default(), &k.name);
                }
            }
            EntityLabel::Person if !multi => short.push(k),
            EntityLabel::Org if !multi && is_acronym(&k.name) => short.push(k),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for k in short {
        if let Some([one]) = full.get(&(k.label, k.name.clone())).map(Vec::as_slice) {
            out.insert(k.clone(), EntityKey::new(k.label, one));
        }
    }
    out
}

fn push_unique<'a>(v: &mut Vec<&'a str>, s: &'a str) {
    if !v.contains(&s) {
        v.push(s);
    }
}

fn is_acronym(s: &str) -> bool {
    (2..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{RelationKey, RelationStats};

    fn person(n: &str) -> EntityKey {
        EntityKey::new(EntityLabel::Person, n)
    }

    fn summary(names: &[(&str, u64)]) -> CorpusSummary {
        let mut s = CorpusSummary::new();
        for (n, m) in names {
            s.add_entity_stats(
                &person(n),
                EntityStats {
                    mentions: *m,
                    documents: 1,
                    country: None,
                },
            );
        }
        s
    }

    #[test]
    fn unambiguous_surname_folds() {
        let s = summary(&[("Ilham Aliyev", 3), ("Aliyev", 2), ("Putin", 1)]);
        let r = Resolved::new(&s);
        assert_eq!(r.entities.len(), 2);
        assert_eq!(r.entities[0].name, "Ilham Aliyev");
        assert_eq!(r.entities[0].mentions, 5);
        assert_eq!(r.entities[0].documents, 2);
        assert_eq!(r.entities[0].aliases, ["Aliyev"]);
        assert_eq!(r.entities[1].name, "Putin");
    }

    #[test]
    fn cooccurrence_follows_the_fold() {
        let mut s = summary(&[
            ("Ilham Aliyev", 1),
            ("Aliyev", 1),
            ("Baku", 1),
            ("Zed", 1),
            ("Able", 1),
        ]);
        for (a, b, n) in [
            ("Aliyev", "Baku", 2),
            ("Baku", "Ilham Aliyev", 3),
            ("Able", "Aliyev", 1),
            ("Aliyev", "Ilham Aliyev", 5),
            ("Able", "Zed", 3),
            ("Baku", "Zed", 1),
        ] {
            s.add_cooccurrence_count(&person(a), &person(b), n);
        }
        let r = Resolved::new(&s);
        let got: Vec<(&str, &str, u64)> = r
            .cooccurrence
            .iter()
            .map(|(a, b, n)| (a.name.as_str(), b.name.as_str(), *n))
            .collect();
        assert_eq!(
            got,
            [
                ("Baku", "Ilham Aliyev", 5),
                ("Able", "Zed", 3),
                ("Able", "Ilham Aliyev", 1),
                ("Baku", "Zed", 1)
            ]
        );
    }

    #[test]
    fn ambiguous_surname_stays_separate() {
        let s = summary(&[("Ilham Aliyev", 3), ("Heydar Aliyev", 1), ("Aliyev", 2)]);
        let r = Resolved::new(&s);
        assert_eq!(r.entities.len(), 3);
        assert!(r.entities.iter().all(|e| e.aliases.is_empty()));
    }

    #[test]
    fn acronym_folds_into_one_org() {
        let keys = [
            EntityKey::new(EntityLabel::Org, "World Health Organization"),
            EntityKey::new(EntityLabel::Org, "WHO"),
            EntityKey::new(EntityLabel::Org, "EU"),
            EntityKey::new(EntityLabel::Org, "European Union"),
            EntityKey::new(EntityLabel::Org, "Eastern Utilities"),
        ];
        let a = aliases(keys.iter());
        assert_eq!(a.len(), 1);
        assert_eq!(a[&keys[1]].name, "World Health Organization");
    }

    #[test]
    fn relations_follow_the_fold_and_stay_unordered() {
        let mut s = summary(&[("Ilham Aliyev", 1), ("Aliyev", 1), ("Vladimir Putin", 1)]);
        let st = RelationStats {
            count: 1,
            documents: 1,
            max_confidence: 0.5,
            evidence: vec![],
        };
        for (h, t) in [
            ("Aliyev", "Vladimir Putin"),
            ("Vladimir Putin", "Ilham Aliyev"),
        ] {
            s.add_relation_stats(
                &RelationKey::new(person(h), RelationLabel::MetWith, person(t)),
                st.clone(),
            );
        }
        let r = Resolved::new(&s);
        assert_eq!(r.relations.len(), 1);
        assert_eq!(r.relations[0].count, 2);
        assert_eq!(r.relations[0].head.name, "Ilham Aliyev");
    }
}
