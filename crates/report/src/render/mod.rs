//! The renderers: each takes the summary (and its resolved view) and returns the
//! file's text; [`crate::write_reports`] writes them.

use std::fmt::Write as _;
use std::io;

use gleaner_doc::EntityLabel;

use crate::ReportError;
use crate::escape::{self, csv_row_into, markdown_cell as md, thousands};
use crate::resolve::Resolved;
use crate::summary::CorpusSummary;

mod html;
mod layout;

pub use html::html;
pub(crate) use html::html_to;

/// Choices for the human-readable renderings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// The page and document title.
    pub title: String,
    /// Entities listed per label in `report.md`.
    pub top_entities_per_label: usize,
    /// Relations listed in `report.md`.
    pub top_relations: usize,
    /// Nodes drawn in the HTML page's graph (most connected, then most mentioned).
    pub graph_nodes: usize,
    /// Threads [`crate::write_reports`] may use: with two or more, summary.json is
    /// written beside the other files. The output is the same.
    pub threads: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            title: "gleaner corpus report".to_string(),
            top_entities_per_label: 10,
            top_relations: 30,
            graph_nodes: 40,
            threads: 1,
        }
    }
}

/// The displaCy colour of a label, so highlights look familiar.
pub(crate) fn label_color(l: EntityLabel) -> &'static str {
    match l {
        EntityLabel::Person => "#aa9cfc",
        EntityLabel::Norp => "#c887fb",
        EntityLabel::Fac => "#9cc9cc",
        EntityLabel::Org => "#7aecec",
        EntityLabel::Gpe => "#feca74",
        EntityLabel::Loc => "#ff9561",
        EntityLabel::Product => "#bfeeb7",
        EntityLabel::Event => "#ffeb80",
        EntityLabel::WorkOfArt => "#f0d0ff",
        EntityLabel::Law => "#ff8197",
        EntityLabel::Language => "#ff8197",
        EntityLabel::Date | EntityLabel::Time => "#bfe1d9",
        _ => "#e4e7d2",
    }
}

/// `summary.json`: the mergeable state plus the resolved rows (see `docs/FORMAT.md`).
pub fn summary_json(s: &CorpusSummary, r: &Resolved) -> Result<String, ReportError> {
    crate::json::to_json(s, Some(r))
}

/// The header of `entities.csv`.
pub const ENTITY_COLUMNS: [&str; 6] = [
    "label",
    "name",
    "mentions",
    "documents",
    "country",
    "aliases",
];

/// The header of `relations.csv`.
pub const RELATION_COLUMNS: [&str; 14] = [
    "head_label",
    "head",
    "label",
    "tail_label",
    "tail",
    "count",
    "documents",
    "max_confidence",
    "trigger",
    "pattern",
    "evidence_document",
    "evidence_start",
    "evidence_end",
    "evidence_sentence",
];

/// `entities.csv`: one row per resolved entity; aliases joined with `"; "`.
pub fn entities_csv(r: &Resolved) -> String {
    let mut out = String::with_capacity(64 * (r.entities.len() + 1));
    csv_row_into(&mut out, &ENTITY_COLUMNS);
    for e in &r.entities {
        let (m, d) = (e.mentions.to_string(), e.documents.to_string());
        let aliases = e.aliases.join("; ");
        csv_row_into(
            &mut out,
            &[
                e.label.as_str(),
                &e.name,
                &m,
                &d,
                e.country.as_deref().unwrap_or(""),
                &aliases,
            ],
        );
    }
    out
}

/// `relations.csv`: one row per resolved relation, with its first evidence snippet.
pub fn relations_csv(r: &Resolved) -> String {
    let mut out = String::with_capacity(160 * (r.relations.len() + 1));
    let _ = relations_csv_to(r, &mut out, &mut |_| Ok(()));
    out
}

/// `relations.csv` appended to `out`, handed to `flush` (which may empty it) every
/// megabyte and at the end: `write_reports` streams the file instead of holding it.
pub(crate) fn relations_csv_to(
    r: &Resolved,
    out: &mut String,
    flush: &mut dyn FnMut(&mut String) -> io::Result<()>,
) -> io::Result<()> {
    csv_row_into(out, &RELATION_COLUMNS);
    for rel in &r.relations {
        let ev = rel.evidence.first();
        let nums = [
            rel.count.to_string(),
            rel.documents.to_string(),
            rel.max_confidence.to_string(),
            ev.map(|e| e.start.to_string()).unwrap_or_default(),
            ev.map(|e| e.end.to_string()).unwrap_or_default(),
        ];
        csv_row_into(
            out,
            &[
                rel.head.label.as_str(),
                &rel.head.name,
                rel.label.as_str(),
                rel.tail.label.as_str(),
                &rel.tail.name,
                &nums[0],
                &nums[1],
                &nums[2],
                ev.and_then(|e| e.trigger.as_deref()).unwrap_or(""),
                ev.map_or("", |e| &*e.pattern),
                ev.map_or("", |e| &*e.doc),
                &nums[3],
                &nums[4],
                ev.and_then(|e| e.sentence.as_deref()).unwrap_or(""),
            ],
        );
        if out.len() >= 1 << 20 {
            flush(out)?;
        }
    }
    flush(out)
}

/// `report.md`: totals, top entities per label, top relations with evidence, errors.
pub fn markdown(s: &CorpusSummary, r: &Resolved, o: &RenderOptions) -> String {
    let mut m = String::new();
    let t = &s.totals;
    let _ = writeln!(m, "# {}\n", md(&o.title));
    let _ = writeln!(m, "## Totals\n\n| | |\n|---|---:|");
    for (k, v) in [
        ("documents", thousands(t.documents)),
        ("failed", thousands(t.failed)),
        ("with warnings", thousands(t.with_warnings)),
        ("text", escape::bytes(t.bytes)),
        ("sentences", thousands(t.sentences)),
        (
            "tokens",
            tokens_cell(t.tokens, t.tokenized_documents, t.documents),
        ),
        ("entity mentions", thousands(t.entities)),
        ("distinct entities", thousands(r.entities.len() as u64)),
        ("relations", thousands(t.relations)),
        ("distinct relations", thousands(r.relations.len() as u64)),
    ] {
        let _ = writeln!(m, "| {k} | {v} |");
    }

    let _ = writeln!(m, "\n## Entities\n\n| label | mentions |\n|---|---:|");
    for (l, n) in &s.entity_labels {
        let _ = writeln!(m, "| {l} | {} |", thousands(*n));
    }
    for l in EntityLabel::ALL {
        let rows: Vec<_> = r.entities.iter().filter(|e| e.label == l).collect();
        if rows.is_empty() {
            continue;
        }
        let shown = rows.len().min(o.top_entities_per_label);
        let _ = writeln!(
            m,
            "\n### {l} (top {shown} of {})\n\n| name | mentions | documents | also written |\n|---|---:|---:|---|",
            rows.len()
        );
        for e in rows.iter().take(shown) {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} |",
                md(&e.name),
                e.mentions,
                e.documents,
                md(&e.aliases.join(", "))
            );
        }
    }

    let shown = r.relations.len().min(o.top_relations);
    let _ = writeln!(m, "\n## Relations (top {shown} of {})\n", r.relations.len());
    if !s.relation_labels.is_empty() {
        let _ = writeln!(m, "| label | found |\n|---|---:|");
        for (l, n) in &s.relation_labels {
            let _ = writeln!(m, "| {l} | {} |", thousands(*n));
        }
        let _ = writeln!(m);
    }
    if shown > 0 {
        let _ = writeln!(
            m,
            "| head | relation | tail | count | documents | evidence |\n|---|---|---|---:|---:|---|"
        );
        for rel in r.relations.iter().take(shown) {
            let ev = rel
                .evidence
                .first()
                .map(|e| {
                    format!(
                        "{} ({})",
                        md(e.sentence.as_deref().unwrap_or("")),
                        md(&e.doc)
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {ev} |",
                md(&rel.head.name),
                rel.label,
                md(&rel.tail.name),
                rel.count,
                rel.documents
            );
        }
    }

    let _ = writeln!(m, "\n## Errors and warnings\n");
    if s.problems.is_empty() {
        let _ = writeln!(m, "None.");
    } else {
        let _ = writeln!(m, "| document | error | warnings |\n|---|---|---|");
        for (id, p) in &s.problems {
            let _ = writeln!(
                m,
                "| {} | {} | {} |",
                md(id),
                md(p.error.as_deref().unwrap_or("")),
                md(&p.warnings.join("; "))
            );
        }
    }
    m
}

pub(crate) fn tokens_cell(tokens: u64, tokenized: u64, docs: u64) -> String {
    if tokenized == docs {
        thousands(tokens)
    } else if tokenized == 0 {
        "not recorded".to_string()
    } else {
        format!("{} (in {tokenized} documents)", thousands(tokens))
    }
}

fn dot_shape(l: EntityLabel) -> &'static str {
    match l {
        EntityLabel::Person => "ellipse",
        EntityLabel::Org => "box",
        EntityLabel::Gpe | EntityLabel::Loc => "hexagon",
        EntityLabel::Norp => "diamond",
        EntityLabel::Fac => "house",
        _ => "note",
    }
}

/// `graph.dot`: every entity at a relation's end as a node (shape and colour by
/// label), every relation as an edge labelled with its label and count; symmetric
/// relations are undirected.
pub fn dot(r: &Resolved, o: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = dot_to(r, o, &mut out, &mut |_| Ok(()));
    out
}

/// `graph.dot` appended to `g`, handed to `flush` (which may empty it) every
/// megabyte and at the end, as [`relations_csv_to`] does.
pub(crate) fn dot_to(
    r: &Resolved,
    _o: &RenderOptions,
    g: &mut String,
    flush: &mut dyn FnMut(&mut String) -> io::Result<()>,
) -> io::Result<()> {
    use std::collections::BTreeMap;
    let mentions: BTreeMap<(EntityLabel, &str), u64> = r
        .entities
        .iter()
        .map(|e| ((e.label, e.name.as_str()), e.mentions))
        .collect();
    let mut ids: BTreeMap<(EntityLabel, &str), usize> = BTreeMap::new();
    for rel in &r.relations {
        for k in [rel.head, rel.tail] {
            let n = ids.len();
            ids.entry((k.label, k.name.as_str())).or_insert(n);
        }
    }
    g.push_str(
        "digraph gleaner {\n  graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n  \
         node [style=\"filled\", fontname=\"Helvetica\", fontsize=11];\n  \
         edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n",
    );
    let mut nodes: Vec<_> = ids.iter().map(|(k, id)| (*id, *k)).collect();
    nodes.sort();
    for (id, (label, name)) in nodes {
        let m = mentions.get(&(label, name)).copied().unwrap_or(0);
        let _ = writeln!(
            g,
            "  n{id} [label={}, shape={}, fillcolor=\"{}\", tooltip={}];",
            escape::dot(name),
            dot_shape(label),
            label_color(label),
            escape::dot(&format!("{label}, mentions: {m}"))
        );
        if g.len() >= 1 << 20 {
            flush(g)?;
        }
    }
    for rel in &r.relations {
        let (Some(h), Some(t)) = (
            ids.get(&(rel.head.label, rel.head.name.as_str())),
            ids.get(&(rel.tail.label, rel.tail.name.as_str())),
        ) else {
            continue;
        };
        let label = if rel.count > 1 {
            format!("{} ×{}", rel.label, rel.count)
        } else {
            rel.label.to_string()
        };
        let dir = if rel.label.is_symmetric() {
            ", dir=none"
        } else {
            ""
        };
        let _ = writeln!(g, "  n{h} -> n{t} [label={}{dir}];", escape::dot(&label));
        if g.len() >= 1 << 20 {
            flush(g)?;
        }
    }
    g.push_str("}\n");
    flush(g)
}
