//! Records from elsewhere may be malformed (spans out of bounds, reversed, off char
//! boundaries, unsorted; dangling entity ids): folding and rendering never panic.

use gleaner_doc::{Entity, EntityId, EntityLabel, Record, Relation, RelationLabel, Span};
use gleaner_report::{
    CorpusSummary, HtmlDocs, RenderOptions, Resolved, dot, entities_csv, html, markdown,
    relations_csv, summary_json,
};
use proptest::prelude::*;

fn span() -> impl Strategy<Value = Span> {
    (0usize..40, 0usize..40).prop_map(|(start, end)| Span { start, end })
}

fn record() -> impl Strategy<Value = Record> {
    (
        "[a-zé<>\"& \n]{0,30}",
        prop::collection::vec(span(), 0..4),
        prop::collection::vec((span(), 0usize..18, "[A-Zé<\"]{0,6}"), 0..6),
        prop::collection::vec((0u32..8, 0u32..8, 0usize..8, span(), -1.0f32..2.0), 0..4),
    )
        .prop_map(|(text, sentences, ents, rels)| {
            let mut r = Record::new("x<y>.txt", text);
            r.sentences = sentences;
            r.entities = ents
                .into_iter()
                .enumerate()
                .map(|(i, (s, l, name))| Entity {
                    id: EntityId(i as u32),
                    start: s.start,
                    end: s.end,
                    label: EntityLabel::ALL[l],
                    text: name,
                    canonical: None,
                    country: (l == 1).then(|| "Země".to_string()),
                })
                .collect();
            r.relations = rels
                .into_iter()
                .map(|(h, t, l, evidence, confidence)| Relation {
                    label: RelationLabel::ALL[l],
                    head: EntityId(h),
                    tail: EntityId(t),
                    trigger: None,
                    evidence,
                    pattern: "p".into(),
                    confidence,
                })
                .collect();
            r
        })
}

proptest! {
    #[test]
    fn malformed_records_never_panic(recs in prop::collection::vec(record(), 0..5)) {
        let mut s = CorpusSummary::new();
        let mut docs = HtmlDocs::new(3).with_max_text_bytes(7);
        for r in &recs {
            s.add_record(r).expect("schema");
            docs.offer(r);
        }
        let res = Resolved::new(&s);
        let o = RenderOptions::default();
        let page = html(&s, &res, &docs, &o);
        prop_assert_eq!(page.matches("<script").count(), 4);
        let _ = (markdown(&s, &res, &o), dot(&res, &o), entities_csv(&res), relations_csv(&res));
        let json = summary_json(&s, &res).expect("json");
        prop_assert_eq!(CorpusSummary::from_json(&json).expect("reads back"), s);
    }
}
