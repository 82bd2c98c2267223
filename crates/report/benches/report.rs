//! The report's costs on a synthetic 10,000-document corpus (records built
//! deterministically here, outside the timed loops): folding records into a summary,
//! merging two 5,000-document summaries, resolving, and rendering every file.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use gleaner_doc::{Entity, EntityId, EntityLabel, Record, Relation, RelationLabel, Span};
use gleaner_report::{
    CorpusSummary, HtmlDocs, RenderOptions, Resolved, html, summary_json, write_reports,
};

const DOCS: usize = 10_000;

const FIRST: [&str; 40] = [
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemal",
    "Lena", "Mario", "Nadia", "Omar", "Petra", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wim", "Xenia", "Yusuf", "Zoe", "Ali", "Bea", "Cem", "Dora", "Emil", "Fay", "Gil", "Hana",
    "Ivo", "Jana", "Karl", "Lola", "Milo", "Nina",
];
const LAST: [&str; 60] = [
    "Aliyev",
    "Berger",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanov",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Olsen",
    "Petrov",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Urban",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmer",
    "Abbas",
    "Bauer",
    "Castro",
    "Dahl",
    "Engel",
    "Ferrari",
    "Gomez",
    "Hansen",
    "Ito",
    "Jovanovic",
    "Klein",
    "Lopez",
    "Meyer",
    "Nagy",
    "Ortiz",
    "Popescu",
    "Ramos",
    "Santos",
    "Torres",
    "Ueda",
    "Vogel",
    "Wolf",
    "Young",
    "Zapata",
    "Arnaud",
    "Blanc",
    "Chen",
    "Diaz",
    "Evans",
    "Fontaine",
    "Gruber",
    "Haas",
    "Ibsen",
    "Jung",
];
const PLACES: [&str; 30] = [
    "Baku", "Berlin", "Paris", "Nairobi", "Lyon", "Geneva", "Yerevan", "Moscow", "Kyiv", "London",
    "Madrid", "Rome", "Vienna", "Prague", "Warsaw", "Oslo", "Lisbon", "Athens", "Cairo", "Lagos",
    "Dakar", "Accra", "Tunis", "Doha", "Delhi", "Tokyo", "Seoul", "Lima", "Quito", "Bogota",
];

/// A small deterministic generator (xorshift), so every run sees the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn name(rng: &mut Rng) -> (EntityLabel, String) {
    match rng.next(10) {
        0..=4 => {
            let last = LAST[rng.next(LAST.len())];
            if rng.next(4) == 0 {
                (EntityLabel::Person, last.to_string())
            } else {
                (
                    EntityLabel::Person,
                    format!("{} {last}", FIRST[rng.next(FIRST.len())]),
                )
            }
        }
        5..=6 => (
            EntityLabel::Org,
            format!("{} Holdings", LAST[rng.next(LAST.len())]),
        ),
        7..=8 => (EntityLabel::Gpe, PLACES[rng.next(PLACES.len())].to_string()),
        _ => (EntityLabel::Date, format!("{} May", 1 + rng.next(28))),
    }
}

fn record(i: usize, rng: &mut Rng) -> Record {
    let mut rec = Record::new(format!("news/{i:05}.txt"), "");
    let mut text = String::new();
    for _ in 0..8 {
        let start = text.len();
        let first = rec.entities.len();
        text.push_str("On the record, ");
        for k in 0..(3 + rng.next(3)) {
            if k > 0 {
                text.push_str(" said that ");
            }
            let (label, n) = name(rng);
            let s = text.len();
            text.push_str(&n);
            let id = EntityId(rec.entities.len() as u32);
            rec.entities
                .push(Entity::new(id, Span::new(s, text.len()), label, n));
        }
        text.push_str(" met in talks about trade and security.");
        let sent = Span::new(start, text.len());
        rec.sentences.push(sent);
        text.push(' ');
        let n = rec.entities.len() - first;
        if rng.next(2) == 0 {
            let h = first + rng.next(n);
            let t = first + rng.next(n);
            if h != t {
                rec.relations.push(Relation {
                    label: RelationLabel::ALL[rng.next(RelationLabel::ALL.len())],
                    head: EntityId(h as u32),
                    tail: EntityId(t as u32),
                    trigger: Some("met".into()),
                    evidence: sent,
                    pattern: "bench".into(),
                    confidence: 0.5,
                });
            }
        }
    }
    rec.text = Some(text);
    rec
}

fn records() -> Vec<Record> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..DOCS).map(|i| record(i, &mut rng)).collect()
}

fn summarize(recs: &[Record]) -> CorpusSummary {
    let mut s = CorpusSummary::new();
    for r in recs {
        s.add_record(r).expect("same schema");
    }
    s
}

fn bench(c: &mut Criterion) {
    let recs = records();
    let bytes: u64 = recs
        .iter()
        .map(|r| r.text.as_ref().map_or(0, |t| t.len() as u64))
        .sum();
    let whole = summarize(&recs);
    let (a, b) = (summarize(&recs[..DOCS / 2]), summarize(&recs[DOCS / 2..]));
    let mut docs = HtmlDocs::default();
    for r in &recs {
        docs.offer(r);
    }
    let resolved = Resolved::new(&whole);
    let opts = RenderOptions::default();
    eprintln!(
        "corpus: {DOCS} documents, {bytes} bytes; summary: {} entity keys, {} relation keys, {} co-occurrence pairs; resolved: {} entities, {} relations",
        whole.entities().count(),
        whole.relations().count(),
        whole.cooccurrence().count(),
        resolved.entities.len(),
        resolved.relations.len()
    );

    eprintln!(
        "outputs: report.html {} bytes, summary.json {} bytes",
        html(&whole, &resolved, &docs, &opts).len(),
        summary_json(&whole, &resolved).map_or(0, |j| j.len())
    );

    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    g.throughput(Throughput::Elements(DOCS as u64));
    g.bench_function("fold_10k_records", |bch| {
        bch.iter(|| {
            let s = summarize(&recs);
            assert_eq!(s.totals.documents, DOCS as u64);
            s
        })
    });
    g.bench_function("merge_two_5k_summaries", |bch| {
        bch.iter_batched(
            || (a.clone(), b.clone()),
            |(mut x, y)| {
                x.merge(y).expect("same schema");
                assert_eq!(x.totals.documents, DOCS as u64);
                x
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("resolve_10k_summary", |bch| {
        bch.iter(|| {
            let r = Resolved::new(black_box(&whole));
            assert_eq!(r.entities.len(), resolved.entities.len());
            r
        })
    });
    g.bench_function("render_html_10k_summary", |bch| {
        bch.iter(|| {
            let page = html(&whole, &resolved, &docs, &opts);
            assert!(page.len() > 100_000);
            page
        })
    });
    g.bench_function("summary_json_10k_summary", |bch| {
        bch.iter(|| {
            let json = summary_json(&whole, &resolved).expect("serialises");
            assert!(json.len() > 100_000);
            json
        })
    });
    let dir = tempfile::tempdir().expect("temp dir");
    g.bench_function("write_all_reports_10k_summary", |bch| {
        bch.iter(|| {
            let w = write_reports(dir.path(), &whole, &docs, &opts).expect("written");
            assert_eq!(w.files.len(), 6);
            w
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
