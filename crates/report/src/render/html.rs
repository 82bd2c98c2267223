//! `report.html`: one self-contained page (inline CSS, JS and SVG; nothing fetched).
//! Every string from the corpus passes through `escape::html`; the one JSON block
//! goes through `escape::json_in_script`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use gleaner_doc::{EntityLabel, RelationLabel};
use serde::Serialize;

use super::layout::{self, HEIGHT, WIDTH};
use super::{RenderOptions, label_color, tokens_cell};
use crate::docs::{HtmlDoc, HtmlDocs};
use crate::escape::{self, html_into, thousands};
use crate::resolve::Resolved;
use crate::summary::CorpusSummary;

const CSS: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
header{background:#24292f;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:22px;font-weight:600}
header nav{margin-top:6px}
header nav a{color:#c9d1d9;margin-right:16px;text-decoration:none;font-size:13px}
header nav a:hover{color:#fff}
main{max-width:1240px;margin:0 auto;padding:8px 32px 48px}
h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:6px;margin-top:36px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin-top:16px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card b{display:block;font-size:20px;font-variant-numeric:tabular-nums}
.card span{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:12px 0}
.chip{display:inline-block;border-radius:4px;padding:1px 7px;font-size:11px;font-weight:600;background:var(--c,#ddd);white-space:nowrap}
.chip em{font-style:normal;font-weight:400;margin-left:4px}
.graph{width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:#fcfcfd}
.graph .e{stroke-width:1.6;fill:none}
.graph .e.co{stroke-dasharray:4 3;stroke-width:1}
.graph .el{font-size:9.5px;fill:#57606a;paint-order:stroke;stroke:#fcfcfd;stroke-width:3px;text-anchor:middle}
.graph circle{stroke:#57606a;stroke-width:1}
.graph .nl{font-size:12px;fill:#1f2328;paint-order:stroke;stroke:#fcfcfd;stroke-width:3px}
.rkey{font-size:12px;color:var(--muted);margin-left:8px;white-space:nowrap}
.rkey i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:5px;border-radius:2px}
.filter{display:flex;gap:8px;align-items:center;margin:10px 0}
.filter input{flex:0 1 320px;padding:5px 9px;border:1px solid var(--line);border-radius:6px;font:inherit}
.filter select{padding:5px;border:1px solid var(--line);border-radius:6px;font:inherit;background:#fff}
.filter .count{color:var(--muted);font-size:12px}
.scroll{max-height:560px;overflow:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%}
th,td{padding:5px 10px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:var(--bg);cursor:pointer;user-select:none;white-space:nowrap;border-bottom:1px solid var(--line)}
thead th:after{content:" \2195";color:#afb8c1;font-size:11px}
thead th[aria-sort=ascending]:after{content:" \25B2";color:var(--accent)}
thead th[aria-sort=descending]:after{content:" \25BC";color:var(--accent)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.ev{color:var(--muted);font-size:12.5px;max-width:520px}
tbody tr:hover{background:#f6f8fa}
button.more{margin:8px 0;padding:5px 14px;border:1px solid var(--line);border-radius:6px;background:var(--bg);font:inherit;cursor:pointer}
.doclist{columns:3 260px;padding-left:18px;font-size:13px}
article.doc{border:1px solid var(--line);border-radius:8px;padding:4px 20px 14px;margin:18px 0}
article.doc h3{font-size:15px;margin:12px 0 2px}
article.doc h3 code{font-size:12px;color:var(--muted);font-weight:400;margin-left:8px}
.text{white-space:pre-wrap;line-height:2.1;font-size:14.5px;margin:8px 0}
mark.ent{background:var(--c);border-radius:4px;padding:2px 4px;margin:0 1px;color:inherit}
mark.ent .tag{font-size:9.5px;font-weight:700;margin-left:4px;vertical-align:middle;opacity:.75;letter-spacing:.02em}
.rels{margin:6px 0 0;padding-left:18px;font-size:13px}
.rels .rl{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:#8250df}
.note{color:var(--muted);font-size:13px}
.err{color:#cf222e}
footer{color:var(--muted);font-size:12px;margin-top:40px}
"#;

const JS: &str = r#"
(function(){
  var PAGE = 500;
  var coll = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
  // Rows are built with textContent only: corpus strings never become markup.
  function el(tag, cls, text){
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function named(label, name){
    var td = el('td');
    td.appendChild(el('span', 'chip l-' + label, label));
    td.appendChild(document.createTextNode(' ' + name));
    return td;
  }
  var rows = {
    'entity-table': function(r){
      var tr = el('tr'), td = el('td');
      tr.dataset.label = r[0];
      td.appendChild(el('span', 'chip l-' + r[0], r[0]));
      tr.appendChild(td);
      tr.appendChild(el('td', '', r[1]));
      tr.appendChild(el('td', 'n', String(r[2])));
      tr.appendChild(el('td', 'n', String(r[3])));
      tr.appendChild(el('td', '', r[4]));
      tr.appendChild(el('td', '', r[5]));
      return tr;
    },
    'relation-table': function(r){
      var tr = el('tr'), td = el('td');
      tr.dataset.label = r[2];
      tr.appendChild(named(r[0], r[1]));
      td.appendChild(el('code', '', r[2]));
      tr.appendChild(td);
      tr.appendChild(named(r[3], r[4]));
      tr.appendChild(el('td', 'n', String(r[5])));
      tr.appendChild(el('td', 'n', String(r[6])));
      tr.appendChild(el('td', 'n', Number(r[7]).toFixed(2)));
      td = el('td', 'ev', r[8]);
      if (r[9]) {
        var note = el('span', 'note', ' — ');
        if (r[10] >= 0) {
          var a = el('a', '', r[9]);
          a.href = '#doc-' + r[10];
          note.appendChild(a);
        } else {
          note.appendChild(document.createTextNode(r[9]));
        }
        td.appendChild(note);
      }
      tr.appendChild(td);
      return tr;
    }
  };
  document.querySelectorAll('.filter').forEach(function(box){
    var id = box.dataset.table, t = document.getElementById(id);
    var data = JSON.parse(document.getElementById(id + '-data').textContent);
    var make = rows[id], labelCol = Number(box.dataset.labelCol);
    var hay = data.map(function(r){ return r.slice(0, 10).join(' ').toLowerCase(); });
    var order = data.map(function(_, i){ return i; });
    var q = box.querySelector('input'), sel = box.querySelector('select');
    var count = box.querySelector('.count'), more = box.parentNode.querySelector('button.more');
    var limit = PAGE, shown = [];
    function draw(){
      var f = document.createDocumentFragment();
      for (var k = 0; k < shown.length && k < limit; k++) f.appendChild(make(data[shown[k]]));
      t.tBodies[0].replaceChildren(f);
      count.textContent = Math.min(limit, shown.length) + ' shown of ' + shown.length +
        (shown.length === data.length ? ' rows' : ' matching rows (' + data.length + ' in all)');
      more.hidden = shown.length <= limit;
    }
    function apply(){
      var needle = q.value.trim().toLowerCase(), lab = sel.value;
      shown = order.filter(function(i){
        return (!lab || data[i][labelCol] === lab) && (!needle || hay[i].indexOf(needle) >= 0);
      });
      limit = PAGE;
      draw();
    }
    var ths = t.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function(th){
      th.tabIndex = 0;
      function sort(){
        var col = Number(th.dataset.col), num = th.classList.contains('n');
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(ths, function(h){ h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        order.sort(function(i, j){
          var x = data[i][col], y = data[j][col];
          var c = num ? x - y : coll.compare(String(x), String(y));
          return (asc ? c : -c) || i - j;
        });
        apply();
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function(e){ if (e.key === 'Enter') sort(); });
    });
    q.addEventListener('input', apply);
    sel.addEventListener('change', apply);
    more.addEventListener('click', function(){ limit += PAGE; draw(); });
    apply();
  });
})();
"#;

#[derive(Serialize)]
struct PageData<'a> {
    schema: u32,
    totals: &'a crate::summary::Totals,
    entity_labels: &'a BTreeMap<EntityLabel, u64>,
    relation_labels: &'a BTreeMap<RelationLabel, u64>,
    documents_shown: Vec<&'a str>,
}

/// `report.html`: totals, the entity–relation graph as inline SVG, sortable and
/// filterable entity and relation tables (complete, as JSON drawn a page at a time by
/// the page's script), the shown documents' texts with entities highlighted by label
/// and their relations, and errors.
pub fn html(s: &CorpusSummary, r: &Resolved, docs: &HtmlDocs, o: &RenderOptions) -> String {
    let mut h = String::with_capacity(64 * 1024 + 200 * (r.entities.len() + r.relations.len()));
    // Keeping everything, nothing can fail.
    let _ = html_to(s, r, docs, o, &mut h, &mut |_| Ok(()));
    h
}

/// Hands the text written so far to its destination; may empty the buffer.
pub(crate) type Flush<'f> = &'f mut dyn FnMut(&mut String) -> io::Result<()>;

/// [`html`] appended to `h`, handed to `flush` (which may empty it) between sections
/// and every megabyte of table data: `write_reports` streams the page to its file.
pub(crate) fn html_to(
    s: &CorpusSummary,
    r: &Resolved,
    docs: &HtmlDocs,
    o: &RenderOptions,
    h: &mut String,
    flush: Flush<'_>,
) -> io::Result<()> {
    let shown: BTreeMap<&str, usize> = docs
        .docs()
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();

    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // No network: nothing may be fetched, even by accident.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>");
    html_into(h, &o.title);
    h.push_str("</title>\n<style>");
    h.push_str(CSS);
    for l in EntityLabel::ALL {
        let _ = write!(h, ".l-{}{{--c:{}}}", l.as_str(), label_color(l));
    }
    h.push_str("\n</style>\n</head>\n<body>\n<header><h1>");
    html_into(h, &o.title);
    h.push_str("</h1><nav><a href=\"#totals\">Totals</a><a href=\"#graph\">Graph</a><a href=\"#entities\">Entities</a><a href=\"#relations\">Relations</a><a href=\"#documents\">Documents</a><a href=\"#problems\">Errors and warnings</a></nav></header>\n<main>\n");

    totals(h, s, r);
    graph(h, r, o);
    flush(h)?;
    entities(h, s, r, flush)?;
    relations(h, s, r, &shown, flush)?;
    documents(h, docs);
    problems(h, s, &shown);

    let data = PageData {
        schema: s.schema,
        totals: &s.totals,
        entity_labels: &s.entity_labels,
        relation_labels: &s.relation_labels,
        documents_shown: docs.docs().iter().map(|d| d.id.as_str()).collect(),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_string());
    let _ = write!(
        h,
        "<footer>Written by gleaner-report {}; record schema {}.</footer>\n</main>\n\
         <script type=\"application/json\" id=\"gleaner-data\">{}</script>\n<script>{}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        s.schema,
        escape::json_in_script(&json),
        JS
    );
    flush(h)
}

/// Edge colours per relation label, distinct from the entity palette.
fn relation_color(l: RelationLabel) -> &'static str {
    match l {
        RelationLabel::WorksFor => "#0969da",
        RelationLabel::LivesIn => "#1a7f37",
        RelationLabel::LocatedIn => "#8c959f",
        RelationLabel::BasedIn => "#0b7f85",
        RelationLabel::Killed => "#cf222e",
        RelationLabel::Visited => "#9a6700",
        RelationLabel::MetWith => "#8250df",
        RelationLabel::ConflictWith => "#e16f24",
    }
}

fn chip(h: &mut String, l: EntityLabel, count: Option<u64>) {
    let _ = write!(h, "<span class=\"chip l-{}\">{}", l.as_str(), l.as_str());
    if let Some(n) = count {
        let _ = write!(h, "<em>{}</em>", thousands(n));
    }
    h.push_str("</span>");
}

fn totals(h: &mut String, s: &CorpusSummary, r: &Resolved) {
    let t = &s.totals;
    h.push_str("<section id=\"totals\"><h2>Totals</h2><div class=\"cards\">");
    let tokens = match t.tokenized_documents {
        0 => None,
        _ => Some((
            tokens_cell(t.tokens, t.tokenized_documents, t.documents),
            "tokens",
        )),
    };
    for (v, k) in [
        (thousands(t.documents), "documents"),
        (escape::bytes(t.bytes), "of text"),
        (thousands(t.sentences), "sentences"),
    ]
    .into_iter()
    .chain(tokens)
    .chain([
        (thousands(t.entities), "entity mentions"),
        (thousands(r.entities.len() as u64), "distinct entities"),
        (thousands(t.relations), "relations"),
        (thousands(r.relations.len() as u64), "distinct relations"),
        (thousands(t.failed), "failed documents"),
        (thousands(t.with_warnings), "with warnings"),
    ]) {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{k}</span></div>",
            escape::html(&v)
        );
    }
    h.push_str("</div><div class=\"legend\">");
    for (l, n) in &s.entity_labels {
        chip(h, *l, Some(*n));
    }
    h.push_str("</div>");
    if !s.relation_labels.is_empty() {
        h.push_str("<p class=\"note\">Relations: ");
        let parts: Vec<String> = s
            .relation_labels
            .iter()
            .map(|(l, n)| format!("{l} {}", thousands(*n)))
            .collect();
        h.push_str(&parts.join(" · "));
        h.push_str("</p>");
    }
    h.push_str("</section>\n");
}

fn graph(h: &mut String, r: &Resolved, o: &RenderOptions) {
    let g = layout::graph(r, o.graph_nodes);
    let _ = write!(
        h,
        "<section id=\"graph\"><h2>Entity–relation graph</h2><p class=\"note\">The {} most connected and most mentioned entities \
         and the {} strongest relations among them, coloured by label (arrow from head to tail; hover for counts); dashed edges are \
         sentence co-occurrence; entities with neither sit along the bottom.</p>",
        g.nodes.len(),
        g.edges.iter().filter(|e| !e.relations.is_empty()).count()
    );
    let _ = write!(
        h,
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"entity–relation graph\">\
<defs>"
    );
    for l in RelationLabel::ALL {
        let _ = write!(
            h,
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
             orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            l.as_str(),
            relation_color(l)
        );
    }
    h.push_str("</defs>");
    for e in &g.edges {
        let (a, b) = (&g.nodes[e.a], &g.nodes[e.b]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let d = (dx * dx + dy * dy).sqrt().max(0.01);
        // Lines end at the circles' rims so arrow heads stay visible.
        let (x1, y1) = (a.x + dx / d * a.r, a.y + dy / d * a.r);
        let (x2, y2) = (b.x - dx / d * (b.r + 1.0), b.y - dy / d * (b.r + 1.0));
        // An edge takes the colour of its most frequent relation label.
        let main = e.relations.iter().max_by_key(|(_, n)| *n).map(|(l, _)| *l);
        let (class, marker, color) = match (main, e.arrow) {
            (None, _) => ("e co", String::new(), "#d0d7de"),
            (Some(l), Some(fwd)) => (
                "e",
                format!(
                    " marker-{}=\"url(#arrow-{})\"",
                    if fwd { "end" } else { "start" },
                    l.as_str()
                ),
                relation_color(l),
            ),
            (Some(l), None) => ("e", String::new(), relation_color(l)),
        };
        let _ = write!(
            h,
            "<line class=\"{class}\" style=\"stroke:{color}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"{marker}><title>"
        );
        html_into(h, &a.name);
        h.push_str(" – ");
        html_into(h, &b.name);
        for (l, n) in &e.relations {
            let _ = write!(h, "; {l} ×{n}");
        }
        if e.relations.is_empty() {
            let _ = write!(h, ": together in {} sentences", e.cooccurrence);
        }
        h.push_str("</title></line>");
        let text_w = 5.3
            * e.relations
                .iter()
                .map(|(l, _)| l.as_str().len() + 4)
                .sum::<usize>() as f64;
        // A label longer than its edge would sit on the nodes; the <title> still names it.
        if !e.relations.is_empty() && d - a.r - b.r > text_w + 4.0 {
            let text: Vec<String> = e
                .relations
                .iter()
                .map(|(l, n)| {
                    if *n > 1 {
                        format!("{l} ×{n}")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            let _ = write!(
                h,
                "<text class=\"el\" x=\"{:.1}\" y=\"{:.1}\">",
                (a.x + b.x) / 2.0,
                (a.y + b.y) / 2.0 - 3.0
            );
            html_into(h, &text.join(", "));
            h.push_str("</text>");
        }
    }
    for n in &g.nodes {
        let _ = write!(
            h,
            "<g class=\"node\"><title>{} ({}), {} mentions</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{}\"/>\
             <text class=\"nl\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            escape::html(&n.name),
            n.label,
            n.mentions,
            n.x,
            n.y,
            n.r,
            label_color(n.label),
            n.x + n.r + 4.0,
            n.y + 4.0,
            escape::html(&n.shown)
        );
    }
    h.push_str("</svg><div class=\"legend\">");
    let mut labels: Vec<EntityLabel> = g.nodes.iter().map(|n| n.label).collect();
    labels.sort();
    labels.dedup();
    for l in labels {
        chip(h, l, None);
    }
    let mut rels: Vec<RelationLabel> = g
        .edges
        .iter()
        .flat_map(|e| e.relations.iter().map(|r| r.0))
        .collect();
    rels.sort();
    rels.dedup();
    for l in rels {
        let _ = write!(
            h,
            "<span class=\"rkey\"><i style=\"background:{}\"></i>{}</span>",
            relation_color(l),
            l.as_str()
        );
    }
    h.push_str("</div></section>\n");
}

/// A table whose rows the page's script builds from embedded JSON, a page at a
/// time: the data is complete, while the DOM stays small for large corpora
/// (30,000 server-rendered rows took Chromium 14 s to lay out).
#[allow(clippy::too_many_arguments)] // private: the page, the table's parts, the sink
fn data_table(
    h: &mut String,
    id: &str,
    what: &str,
    labels: &[&str],
    label_col: usize,
    columns: &[(&str, bool)],
    data: &impl Serialize,
    flush: Flush<'_>,
) -> io::Result<()> {
    let _ = write!(
        h,
        "<div class=\"filter\" data-table=\"{id}\" data-label-col=\"{label_col}\"><input type=\"search\" placeholder=\"Filter {what}…\" aria-label=\"Filter {what}\">\
         <select aria-label=\"Label\"><option value=\"\">all labels</option>"
    );
    for o in labels {
        let _ = write!(h, "<option>{o}</option>");
    }
    let _ = write!(
        h,
        "</select><span class=\"count\"></span></div><div class=\"scroll\"><table id=\"{id}\"><thead><tr>"
    );
    for (i, (name, numeric)) in columns.iter().enumerate() {
        let class = if *numeric { " class=\"n\"" } else { "" };
        let _ = write!(
            h,
            "<th data-col=\"{}\"{class}>{name}</th>",
            column_index(id, i)
        );
    }
    let _ = write!(
        h,
        "</tr></thead><tbody></tbody></table></div><button class=\"more\" type=\"button\" hidden>Show more rows</button>\
         <noscript><p class=\"note\">This table is drawn by the page's script; the same rows are in {what}.csv.</p></noscript>\
         <script type=\"application/json\" id=\"{id}-data\">"
    );
    flush(h)?;
    let mut w = ScriptJson {
        out: &mut *h,
        pending: Vec::new(),
        flush,
    };
    // PERF: serde_json writes token by token; batch them (report/render_html_10k_summary).
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut w);
    let written = serde_json::to_writer(&mut buffered, data);
    let flushed = io::Write::flush(&mut buffered);
    drop(buffered);
    match written.map_err(io::Error::from).and(flushed) {
        Ok(()) if w.pending.is_empty() => {}
        Ok(()) => return Err(io::Error::other("incomplete UTF-8 in table data")),
        Err(e) => return Err(e),
    }
    h.push_str("</script>");
    Ok(())
}

/// A sequence serialised from an iterator, so rows are never collected.
struct SeqOf<F>(F);

impl<F, I> Serialize for SeqOf<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// JSON text appended to a page as [`escape::json_in_script`] has it, as it is written.
struct ScriptJson<'a, 'f> {
    out: &'a mut String,
    /// An incomplete UTF-8 sequence at the end of the last write.
    pending: Vec<u8>,
    flush: Flush<'f>,
}

impl io::Write for ScriptJson<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            let mut j = std::mem::take(&mut self.pending);
            j.extend_from_slice(buf);
            joined = j;
            &joined[..]
        };
        let (ok, rest) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, &[][..]),
            Err(e) if e.error_len().is_none() => {
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                (std::str::from_utf8(ok).map_err(io::Error::other)?, rest)
            }
            Err(e) => return Err(io::Error::other(e)),
        };
        escape::json_in_script_into(self.out, ok);
        self.pending.extend_from_slice(rest);
        if self.out.len() >= 1 << 20 {
            (self.flush)(self.out)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The data column a header sorts by (relations show two data columns in one cell).
fn column_index(id: &str, i: usize) -> usize {
    match id {
        "relation-table" => [1, 2, 4, 5, 6, 7, 8][i.min(6)],
        _ => i,
    }
}

fn entities(h: &mut String, s: &CorpusSummary, r: &Resolved, flush: Flush<'_>) -> io::Result<()> {
    h.push_str("<section id=\"entities\"><h2>Entities</h2><p class=\"note\">One row per entity across documents: a lone surname or acronym is folded into the one full name it abbreviates, when only one exists in the corpus. Click a column to sort.</p>");
    let labels: Vec<&str> = s.entity_labels.keys().map(|l| l.as_str()).collect();
    // PERF: rows are serialised straight into the page, never collected or held as
    // a second JSON string (peak RSS of `gleaner run`).
    let rows = SeqOf(|| {
        r.entities.iter().map(|e| {
            (
                e.label.as_str(),
                e.name.as_str(),
                e.mentions,
                e.documents,
                e.country.as_deref().unwrap_or(""),
                e.aliases.join(", "),
            )
        })
    });
    data_table(
        h,
        "entity-table",
        "entities",
        &labels,
        0,
        &[
            ("Label", false),
            ("Name", false),
            ("Mentions", true),
            ("Documents", true),
            ("Country", false),
            ("Also written", false),
        ],
        &rows,
        flush,
    )?;
    h.push_str("</section>\n");
    flush(h)
}

fn relations(
    h: &mut String,
    s: &CorpusSummary,
    r: &Resolved,
    shown: &BTreeMap<&str, usize>,
    flush: Flush<'_>,
) -> io::Result<()> {
    h.push_str("<section id=\"relations\"><h2>Relations</h2><p class=\"note\">Aggregated across documents by the names of their ends; met_with and conflict_with are unordered. A nationality at a relation end counts as its country.</p>");
    let labels: Vec<&str> = s.relation_labels.keys().map(|l| l.as_str()).collect();
    let rows = SeqOf(|| {
        r.relations.iter().map(|rel| {
            let ev = rel.evidence.first();
            let doc = ev.map_or("", |e| &*e.doc);
            (
                rel.head.label.as_str(),
                rel.head.name.as_str(),
                rel.label.as_str(),
                rel.tail.label.as_str(),
                rel.tail.name.as_str(),
                rel.count,
                rel.documents,
                rel.max_confidence,
                ev.and_then(|e| e.sentence.as_deref()).unwrap_or(""),
                doc,
                shown.get(doc).map_or(-1, |i| *i as i64),
            )
        })
    });
    data_table(
        h,
        "relation-table",
        "relations",
        &labels,
        2,
        &[
            ("Head", false),
            ("Relation", false),
            ("Tail", false),
            ("Count", true),
            ("Documents", true),
            ("Confidence", true),
            ("Evidence", false),
        ],
        &rows,
        flush,
    )?;
    h.push_str("</section>\n");
    flush(h)
}

fn documents(h: &mut String, docs: &HtmlDocs) {
    h.push_str("<section id=\"documents\"><h2>Documents</h2>");
    let kept = docs.docs();
    if kept.is_empty() {
        h.push_str("<p class=\"note\">Document texts are not included in this report");
        if docs.offered() == 0 {
            h.push_str(" (it was merged from summaries; <code>gleaner report documents.jsonl</code> shows them)");
        }
        h.push_str(".</p></section>\n");
        return;
    }
    let _ = write!(
        h,
        "<p class=\"note\">Showing {} of {} documents in full; the tables above cover all of them.</p><ol class=\"doclist\">",
        thousands(kept.len() as u64),
        thousands(docs.offered())
    );
    for (i, d) in kept.iter().enumerate() {
        let _ = write!(h, "<li><a href=\"#doc-{i}\">");
        html_into(h, &d.id);
        h.push_str("</a></li>");
    }
    h.push_str("</ol>\n");
    let mut labels: Vec<EntityLabel> = kept
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.1))
        .collect();
    labels.sort();
    labels.dedup();
    h.push_str("<div class=\"legend\">");
    for l in labels {
        chip(h, l, None);
    }
    h.push_str("</div>");
    for (i, d) in kept.iter().enumerate() {
        document(h, i, d);
    }
    h.push_str("</section>\n");
}

fn document(h: &mut String, i: usize, d: &HtmlDoc) {
    let _ = write!(h, "<article class=\"doc\" id=\"doc-{i}\"><h3>");
    match &d.title {
        Some(t) => {
            html_into(h, t);
            h.push_str("<code>");
            html_into(h, &d.id);
            h.push_str("</code>");
        }
        None => html_into(h, &d.id),
    }
    h.push_str("</h3>");
    if let Some(e) = &d.error {
        h.push_str("<p class=\"err\">Error: ");
        html_into(h, e);
        h.push_str("</p>");
    } else if d.missing_text {
        h.push_str("<p class=\"note\">The record carries no text.</p>");
    }
    if !d.warnings.is_empty() {
        h.push_str("<p class=\"note\">Warnings: ");
        html_into(h, &d.warnings.join("; "));
        h.push_str("</p>");
    }
    if !d.text.is_empty() {
        h.push_str("<div class=\"text\">");
        highlight(h, &d.text, &d.entities);
        h.push_str("</div>");
    }
    if d.truncated {
        h.push_str("<p class=\"note\">Text cut here.</p>");
    }
    if !d.relations.is_empty() {
        h.push_str("<ul class=\"rels\">");
        for (head, label, tail, trigger) in &d.relations {
            h.push_str("<li><b>");
            html_into(h, head);
            let _ = write!(h, "</b> <span class=\"rl\">{}</span> <b>", label.as_str());
            html_into(h, tail);
            h.push_str("</b>");
            if let Some(t) = trigger {
                h.push_str(" <span class=\"note\">(");
                html_into(h, t);
                h.push_str(")</span>");
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</article>\n");
}

/// The text with each entity in a `<mark>` (displaCy style). Entities out of order,
/// overlapping or off character boundaries are skipped rather than trusted.
fn highlight(h: &mut String, text: &str, ents: &[(gleaner_doc::Span, EntityLabel, String)]) {
    let mut pos = 0;
    for (span, label, name) in ents {
        if span.start < pos {
            continue;
        }
        let (Some(before), Some(inner)) = (text.get(pos..span.start), text.get(span.range()))
        else {
            continue;
        };
        html_into(h, before);
        let _ = write!(
            h,
            "<mark class=\"ent l-{}\" title=\"{} · ",
            label.as_str(),
            label.as_str()
        );
        html_into(h, name);
        h.push_str("\">");
        html_into(h, inner);
        let _ = write!(h, "<span class=\"tag\">{}</span></mark>", label.as_str());
        pos = span.end;
    }
    html_into(h, text.get(pos..).unwrap_or(""));
}

fn problems(h: &mut String, s: &CorpusSummary, shown: &BTreeMap<&str, usize>) {
    h.push_str("<section id=\"problems\"><h2>Errors and warnings</h2>");
    if s.problems.is_empty() {
        h.push_str("<p class=\"note\">None: every document was read and processed without repairs.</p></section>\n");
        return;
    }
    h.push_str("<div class=\"scroll\"><table id=\"problem-table\"><thead><tr><th>Document</th><th>Error</th><th>Warnings</th></tr></thead><tbody>\n");
    for (id, p) in &s.problems {
        h.push_str("<tr><td>");
        match shown.get(id.as_str()) {
            Some(i) => {
                let _ = write!(h, "<a href=\"#doc-{i}\">");
                html_into(h, id);
                h.push_str("</a>");
            }
            None => html_into(h, id),
        }
        h.push_str("</td><td class=\"err\">");
        html_into(h, p.error.as_deref().unwrap_or(""));
        h.push_str("</td><td>");
        html_into(h, &p.warnings.join("; "));
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody></table></div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use gleaner_doc::{Entity, EntityId, Record, Span};

    #[test]
    fn corpus_text_cannot_inject_markup() {
        let text = "<script>document.title='PWNED'</script> \"Putin\" </style><blink>";
        let mut rec = Record::new("<x>\"'.txt", text);
        rec.sentences.push(Span::new(0, text.len()));
        let start = text.find("Putin").unwrap();
        let mut e = Entity::new(
            EntityId(0),
            Span::new(start, start + 5),
            EntityLabel::Person,
            "Putin",
        );
        e.canonical = Some("Vladimir \"</style>\" Putin".into());
        rec.entities.push(e);
        let mut s = CorpusSummary::new();
        s.add_record(&rec).unwrap();
        let mut docs = HtmlDocs::new(5);
        docs.offer(&rec);
        let page = html(&s, &Resolved::new(&s), &docs, &RenderOptions::default());
        assert_eq!(
            page.matches("<script").count(),
            4,
            "only the page's own scripts"
        );
        assert!(
            page.contains("\"Vladimir \\\"\\u003c/style\\u003e\\\" Putin\""),
            "table data escaped"
        );
        assert_eq!(
            page.matches("</style>").count(),
            1,
            "only the page's own style end"
        );
        assert!(page.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
        assert!(!page.contains("<blink>"));
        assert!(page.contains("<mark class=\"ent l-PERSON\""));
        assert!(
            page.contains("\\u003cx\\u003e"),
            "the id in the JSON block is escaped"
        );
    }

    #[test]
    fn highlight_skips_bad_spans() {
        let mut h = String::new();
        let ents = vec![
            (Span::new(0, 2), EntityLabel::Org, "Ab".into()),
            (Span::new(1, 3), EntityLabel::Org, "overlap".into()),
            (Span::new(4, 5), EntityLabel::Org, "mid-char".into()),
            (Span::new(7, 99), EntityLabel::Org, "out".into()),
        ];
        highlight(&mut h, "Ab cé <", &ents);
        assert!(h.starts_with("<mark class=\"ent l-ORG\" title=\"ORG · Ab\">Ab<span"));
        assert!(h.ends_with(" cé &lt;"));
    }

    #[test]
    fn script_json_escapes_across_split_writes() {
        use io::Write as _;
        let json = "[\"a<b\u{2028}é</script>\"]";
        let mut out = String::new();
        let mut keep = |_: &mut String| Ok(());
        let mut w = ScriptJson {
            out: &mut out,
            pending: Vec::new(),
            flush: &mut keep,
        };
        // One byte at a time: every multi-byte character arrives split.
        for b in json.as_bytes() {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        assert!(w.pending.is_empty());
        assert_eq!(out, escape::json_in_script(json));
    }
}
