//! The merge laws: associative, commutative, and the summary of a corpus equals the
//! merge of its parts' summaries (timings aside); summary.json round-trips exactly.

mod common;

use common::{Spec, record};
use gleaner_doc::SCHEMA_VERSION;
use gleaner_report::{CorpusSummary, ReportErrorKind, Resolved, StageTimings};
use proptest::prelude::*;

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(prop::collection::vec(0usize..24, 0..5), 0..4),
        prop::collection::vec((0usize..4, 0usize..5, 0usize..5, 0usize..16), 0..4),
        prop::bool::weighted(0.1),
        prop::collection::vec(0usize..3, 0..3),
    )
        .prop_map(|(sentences, relations, error, warnings)| Spec {
            sentences,
            relations,
            error,
            warnings,
        })
}

/// A corpus: documents with ids `d{offset+i}`.
fn summarize(specs: &[Spec], offset: usize, cap: usize) -> CorpusSummary {
    let mut s = CorpusSummary::new().with_evidence_cap(cap);
    for (i, sp) in specs.iter().enumerate() {
        s.add_record(&record(&format!("d{:03}.txt", offset + i), sp))
            .expect("same schema");
    }
    s.timings = StageTimings {
        read: 0.1 * specs.len() as f64,
        report: 0.3,
        ..StageTimings::default()
    };
    s
}

/// Documents and an order to fold them in; a narrow vocabulary (three names, two
/// labels), so the same relation recurs across documents.
fn docs_in_any_order() -> impl Strategy<Value = (Vec<Spec>, Vec<usize>)> {
    let narrow = spec().prop_map(|mut d| {
        for s in &mut d.sentences {
            s.iter_mut().for_each(|n| *n %= 3);
        }
        d.relations.iter_mut().for_each(|r| r.3 %= 2);
        d
    });
    prop::collection::vec(narrow, 0..16).prop_flat_map(|docs| {
        let order: Vec<usize> = (0..docs.len()).collect();
        (Just(docs), Just(order).prop_shuffle())
    })
}

fn merged(mut a: CorpusSummary, b: CorpusSummary) -> CorpusSummary {
    a.merge(b).expect("same schema");
    a
}

fn sans_timings(mut s: CorpusSummary) -> CorpusSummary {
    s.timings = StageTimings::default();
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn halves_merge_into_the_whole(docs in prop::collection::vec(spec(), 0..12), cut in 0usize..12, cap in 1usize..4) {
        let cut = cut.min(docs.len());
        let whole = summarize(&docs, 0, cap);
        let parts = merged(summarize(&docs[..cut], 0, cap), summarize(&docs[cut..], cut, cap));
        prop_assert_eq!(&whole.timings.report, &0.3);
        prop_assert_eq!(sans_timings(parts.clone()), sans_timings(whole.clone()));
        prop_assert_eq!(Resolved::new(&parts), Resolved::new(&whole));
    }

    #[test]
    fn drains_add_up_to_the_whole((docs, order) in docs_in_any_order(), cuts in prop::collection::vec(0usize..16, 0..6), caps in (1usize..4, 1usize..4), workers in 1usize..4) {
        // Workers fold documents into their own summaries and drain them into one
        // shared summary at the cuts, as the pipeline does; documents are dealt in
        // turn and out of id order, so drains interleave, each worker drains into the
        // shared summary many times, and a later document can hold an earlier snippet.
        let recs: Vec<_> = order.iter().map(|&i| record(&format!("d{i:03}.txt"), &docs[i])).collect();
        let mut whole = CorpusSummary::new().with_evidence_cap(caps.0.min(caps.1));
        for r in &recs {
            whole.add_record(r).expect("same schema");
        }
        let mut shared = CorpusSummary::new().with_evidence_cap(caps.0);
        let mut parts: Vec<CorpusSummary> =
            (0..workers).map(|_| CorpusSummary::new().with_evidence_cap(caps.1)).collect();
        for (i, r) in recs.iter().enumerate() {
            let part = &mut parts[i % workers];
            part.add_record(r).expect("same schema");
            if cuts.contains(&i) {
                part.drain_into(&mut shared).expect("same schema");
                prop_assert_eq!(part.pending(), 0);
            }
        }
        for mut p in parts {
            p.drain_into(&mut shared).expect("same schema");
        }
        prop_assert_eq!(sans_timings(shared.clone()), sans_timings(whole.clone()));
        prop_assert_eq!(Resolved::new(&shared), Resolved::new(&whole));
    }

    #[test]
    fn merge_is_commutative(a in prop::collection::vec(spec(), 0..6), b in prop::collection::vec(spec(), 0..6), ca in 1usize..4, cb in 1usize..4) {
        // Overlapping ids on purpose: the laws hold even for repeated documents.
        let (x, y) = (summarize(&a, 0, ca), summarize(&b, 2, cb));
        prop_assert_eq!(sans_timings(merged(x.clone(), y.clone())), sans_timings(merged(y, x)));
    }

    #[test]
    fn merge_is_associative(a in prop::collection::vec(spec(), 0..5), b in prop::collection::vec(spec(), 0..5), c in prop::collection::vec(spec(), 0..5), caps in (1usize..4, 1usize..4, 1usize..4)) {
        let (x, y, z) = (summarize(&a, 0, caps.0), summarize(&b, 5, caps.1), summarize(&c, 3, caps.2));
        let left = merged(merged(x.clone(), y.clone()), z.clone());
        let right = merged(x, merged(y, z));
        prop_assert_eq!(sans_timings(left), sans_timings(right));
    }

    #[test]
    fn summary_json_is_byte_identical_whatever_the_order(docs in prop::collection::vec(spec(), 0..8)) {
        let recs: Vec<_> = docs.iter().enumerate().map(|(i, d)| record(&format!("d{i}.txt"), d)).collect();
        let (mut fwd, mut back) = (CorpusSummary::new(), CorpusSummary::new());
        for r in &recs {
            fwd.add_record(r).expect("schema");
        }
        for r in recs.iter().rev() {
            back.add_record(r).expect("schema");
        }
        prop_assert_eq!(fwd.to_json().expect("json"), back.to_json().expect("json"));
    }

    #[test]
    fn summary_json_round_trips(docs in prop::collection::vec(spec(), 0..8)) {
        let s = summarize(&docs, 0, 3);
        let back = CorpusSummary::from_json(&s.to_json().expect("serialises")).expect("reads back");
        prop_assert_eq!(back, s);
    }
}

#[test]
fn a_drained_summary_can_drain_into_another() {
    let docs: Vec<Spec> = (0..6)
        .map(|i| Spec {
            sentences: vec![vec![i % 4, 2, 7]],
            relations: vec![(0, 0, 1, 6), (0, 1, 2, i % 3)],
            error: false,
            warnings: vec![],
        })
        .collect();
    let (mut a, mut b) = (CorpusSummary::new(), CorpusSummary::new());
    let mut part = CorpusSummary::new();
    for (i, d) in docs.iter().enumerate() {
        part.add_record(&record(&format!("d{i}.txt"), d))
            .expect("schema");
        // Alternate targets: what was learnt of one must not be used for the other;
        // a clone is another summary too.
        let target = if i % 2 == 0 { &mut a } else { &mut b };
        part.drain_into(target).expect("schema");
        let mut copy = target.clone();
        part.drain_into(&mut copy).expect("schema");
        *target = copy;
    }
    let (even, odd): (Vec<_>, Vec<_>) = docs.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let fold = |ds: Vec<(usize, &Spec)>| {
        let mut s = CorpusSummary::new();
        for (i, d) in ds {
            s.add_record(&record(&format!("d{i}.txt"), d))
                .expect("schema");
        }
        s
    };
    assert_eq!(sans_timings(a), sans_timings(fold(even)));
    assert_eq!(sans_timings(b), sans_timings(fold(odd)));
}

#[test]
fn different_schema_versions_are_refused() {
    let docs = [Spec {
        sentences: vec![vec![0, 2]],
        relations: vec![(0, 0, 1, 6)],
        error: false,
        warnings: vec![],
    }];
    let mut a = summarize(&docs, 0, 3);
    let mut b = summarize(&docs, 1, 3);
    b.schema = SCHEMA_VERSION + 1;
    let before = a.clone();
    let err = a.merge(b.clone()).expect_err("refused");
    assert!(matches!(
        err.kind(),
        ReportErrorKind::SchemaMismatch { ours, theirs } if *ours == SCHEMA_VERSION && *theirs == SCHEMA_VERSION + 1
    ));
    assert_eq!(a, before, "a refused merge changes nothing");
    // Written and read back, the newer summary is refused before any merge.
    let json = b.to_json().expect("serialises");
    let err = CorpusSummary::from_json(&json).expect_err("unknown schema");
    assert!(
        matches!(err.kind(), ReportErrorKind::UnknownSchema(Some(v)) if *v == SCHEMA_VERSION + 1)
    );
}
