//! The hand-written JSON line is byte for byte serde_json's output for the derived
//! `Serialize`, and reads back into the same record.

use gleaner_doc::{
    Entity, EntityId, EntityLabel, Record, Relation, RelationLabel, SCHEMA_VERSION, Span,
};
use proptest::prelude::*;

/// Any text, with the characters JSON escapes made common.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z \"\\\\\\n\\t\\r\u{0}-\u{1f}\u{7f}é😀]{0,40}",
    ]
}

fn span() -> impl Strategy<Value = Span> {
    (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Span::new(a.min(b), a.max(b)))
}

fn entity() -> impl Strategy<Value = Entity> {
    (
        any::<u32>(),
        span(),
        0..EntityLabel::ALL.len(),
        text(),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(id, s, l, t, canonical, country)| {
            let mut e = Entity::new(EntityId(id), s, EntityLabel::ALL[l], t);
            e.canonical = canonical;
            e.country = country;
            e
        })
}

fn confidence() -> impl Strategy<Value = f32> {
    prop_oneof![
        0.0f32..=1.0,
        any::<f32>(),
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(-0.0),
        Just(1e-40),
    ]
}

fn relation() -> impl Strategy<Value = Relation> {
    (
        0..RelationLabel::ALL.len(),
        any::<u32>(),
        any::<u32>(),
        proptest::option::of(text()),
        span(),
        text(),
        confidence(),
    )
        .prop_map(
            |(l, head, tail, trigger, evidence, pattern, confidence)| Relation {
                label: RelationLabel::ALL[l],
                head: EntityId(head),
                tail: EntityId(tail),
                trigger,
                evidence,
                pattern,
                confidence,
            },
        )
}

fn record() -> impl Strategy<Value = Record> {
    (
        (
            any::<u32>(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        prop::collection::vec(span(), 0..4),
        proptest::option::of(prop::collection::vec(span(), 0..4)),
        prop::collection::vec(entity(), 0..4),
        prop::collection::vec(relation(), 0..3),
        prop::collection::vec(text(), 0..3),
        proptest::option::of(text()),
    )
        .prop_map(
            |(
                (schema, id, title, text),
                sentences,
                tokens,
                entities,
                relations,
                warnings,
                error,
            )| {
                let mut r = Record::new(id, "");
                r.schema = schema;
                r.title = title;
                r.text = text;
                r.sentences = sentences;
                r.tokens = tokens;
                r.entities = entities;
                r.relations = relations;
                r.warnings = warnings;
                r.error = error;
                r
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_line_is_serde_jsons(r in record()) {
        let mut line = Vec::new();
        r.write_json_line(&mut line).expect("writes");
        let mut want = serde_json::to_vec(&r).expect("serde_json writes");
        want.push(b'\n');
        prop_assert_eq!(String::from_utf8_lossy(&line), String::from_utf8_lossy(&want));
        let string = r.to_json_line().expect("writes");
        prop_assert_eq!(string.as_bytes(), &want[..want.len() - 1]);
    }

    #[test]
    fn the_line_reads_back(mut r in record()) {
        r.schema = SCHEMA_VERSION;
        for rel in &mut r.relations {
            // JSON has no NaN or infinity: serde_json writes null, which does not read
            // back as a float.
            if !rel.confidence.is_finite() {
                rel.confidence = 0.5;
            }
        }
        let line = r.to_json_line().expect("writes");
        prop_assert_eq!(Record::from_json_line(&line).expect("reads"), r);
    }
}
