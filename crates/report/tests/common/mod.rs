//! Deterministic synthetic records for the report tests: a small vocabulary, so names
//! recur across documents, including the awkward strings a corpus can hold.

use gleaner_doc::{Entity, EntityId, EntityLabel, Record, Relation, RelationLabel, Span};

pub const NAMES: [(EntityLabel, &str); 12] = [
    (EntityLabel::Person, "Ilham Aliyev"),
    (EntityLabel::Person, "Aliyev"),
    (EntityLabel::Person, "Vladimir Putin"),
    (EntityLabel::Person, "Heydar Aliyev"),
    (EntityLabel::Person, "Putin"),
    (EntityLabel::Org, "World Health Organization"),
    (EntityLabel::Org, "WHO"),
    (EntityLabel::Gpe, "Azerbaijan"),
    (EntityLabel::Gpe, "Baku, \"the capital\""),
    (EntityLabel::Norp, "Azerbaijani"),
    (EntityLabel::Org, "<script>document.title='PWNED'</script>"),
    (EntityLabel::Date, "Monday"),
];

/// One document: sentences of entity indices into `NAMES`, relations as
/// (sentence, head position, tail position, label index), an error, warnings.
#[derive(Clone, Debug)]
pub struct Spec {
    pub sentences: Vec<Vec<usize>>,
    pub relations: Vec<(usize, usize, usize, usize)>,
    pub error: bool,
    pub warnings: Vec<usize>,
}

pub fn record(id: &str, spec: &Spec) -> Record {
    if spec.error {
        return Record::failed(id, "cannot read: \"binary\", content");
    }
    let mut text = String::new();
    let mut rec = Record::new(id, "");
    let mut sent_ents: Vec<Vec<u32>> = Vec::new();
    for names in &spec.sentences {
        let start = text.len();
        let mut ids = Vec::new();
        text.push_str("Then ");
        for (i, &n) in names.iter().enumerate() {
            if i > 0 {
                text.push_str(", and\n");
            }
            let (label, name) = NAMES[n % NAMES.len()];
            let s = text.len();
            text.push_str(name);
            let id = rec.entities.len() as u32;
            let mut e = Entity::new(EntityId(id), Span::new(s, text.len()), label, name);
            if label == EntityLabel::Norp {
                e.country = Some("Azerbaijan".into());
            }
            if name == "Putin" && n >= NAMES.len() {
                e.canonical = Some("Vladimir Putin".into());
            }
            rec.entities.push(e);
            ids.push(id);
        }
        text.push_str(" met.");
        rec.sentences.push(Span::new(start, text.len()));
        sent_ents.push(ids);
        text.push(' ');
    }
    for &(s, h, t, l) in &spec.relations {
        let Some(ids) = sent_ents.get(s % sent_ents.len().max(1)) else {
            continue;
        };
        if ids.len() < 2 {
            continue;
        }
        let (h, t) = (ids[h % ids.len()], ids[t % ids.len()]);
        if h == t {
            continue;
        }
        let sent = rec.sentences[s % sent_ents.len()];
        rec.relations.push(Relation {
            label: RelationLabel::ALL[l % RelationLabel::ALL.len()],
            head: EntityId(h),
            tail: EntityId(t),
            trigger: Some(["met", "President, \"acting\""][l % 2].into()),
            evidence: sent,
            pattern: format!("p{}", l % 3),
            confidence: [0.25, 0.5, 0.8][l % 3],
        });
    }
    rec.warnings = spec
        .warnings
        .iter()
        .map(|w| format!("replaced {w} invalid UTF-8 sequence(s)"))
        .collect();
    rec.text = Some(text);
    rec
}
