//! The HTML page's graph: which entities to draw, and a deterministic
//! force-directed layout (Fruchterman–Reingold from a circle, fixed iteration count)
//! followed by a pass that pushes overlapping node labels apart.

use std::collections::BTreeMap;

use gleaner_doc::{EntityLabel, RelationLabel};

use crate::resolve::Resolved;
use crate::summary::EntityKey;

/// Canvas size in SVG units.
pub(crate) const WIDTH: f64 = 1160.0;
pub(crate) const HEIGHT: f64 = 720.0;
const ITERATIONS: usize = 300;
/// Pull toward the centre per unit of distance: strong enough that isolated pairs
/// stay near the main cluster instead of squeezing it when the layout is fitted.
const GRAVITY: f64 = 0.3;
/// Labels longer than this many characters are cut with `…`.
pub(crate) const LABEL_CHARS: usize = 26;
/// Approximate advance of one character at the labels' 12px font.
const CHAR_W: f64 = 7.2;

pub(crate) struct Node {
    pub label: EntityLabel,
    pub name: String,
    pub shown: String,
    pub mentions: u64,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

impl Node {
    fn label_w(&self) -> f64 {
        self.shown.chars().count() as f64 * CHAR_W
    }

    /// The box of the circle and its label (to the right of it).
    fn bounds(&self) -> (f64, f64, f64, f64) {
        let h = self.r.max(9.0);
        (
            self.x - self.r,
            self.y - h,
            self.x + self.r + 5.0 + self.label_w(),
            self.y + h,
        )
    }
}

pub(crate) struct Edge {
    pub a: usize,
    pub b: usize,
    /// Relation labels with counts; empty for a co-occurrence-only edge.
    pub relations: Vec<(RelationLabel, u64)>,
    /// `Some(true)`: every directed relation points a -> b; `Some(false)`: b -> a.
    pub arrow: Option<bool>,
    pub cooccurrence: u64,
}

pub(crate) struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

pub(crate) fn graph(r: &Resolved, max_nodes: usize) -> Graph {
    let mut degree: BTreeMap<&EntityKey, u64> = BTreeMap::new();
    for rel in &r.relations {
        *degree.entry(rel.head).or_default() += rel.count;
        *degree.entry(rel.tail).or_default() += rel.count;
    }
    let mut mentions: BTreeMap<(EntityLabel, &str), u64> = BTreeMap::new();
    for e in &r.entities {
        mentions.insert((e.label, e.name.as_str()), e.mentions);
    }
    // Candidates: relation ends, then named entities; connected ones first.
    let mut cand: BTreeMap<(EntityLabel, &str), (u64, u64)> = BTreeMap::new();
    for (k, d) in &degree {
        let m = mentions
            .get(&(k.label, k.name.as_str()))
            .copied()
            .unwrap_or(0);
        cand.insert((k.label, k.name.as_str()), (*d, m));
    }
    for e in r.entities.iter().filter(|e| e.label.is_name()) {
        cand.entry((e.label, e.name.as_str()))
            .or_insert((0, e.mentions));
    }
    let mut ranked: Vec<_> = cand.into_iter().collect();
    ranked.sort_by(|(ka, (da, ma)), (kb, (db, mb))| {
        (*db > 0)
            .cmp(&(*da > 0))
            .then((db + mb).cmp(&(da + ma)))
            .then(ka.cmp(kb))
    });
    ranked.truncate(max_nodes);

    let max_m = ranked
        .iter()
        .map(|(_, (_, m))| *m)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut index: BTreeMap<(EntityLabel, &str), usize> = BTreeMap::new();
    let mut nodes = Vec::with_capacity(ranked.len());
    for (i, ((label, name), (_, m))) in ranked.iter().enumerate() {
        index.insert((*label, name), i);
        let mut shown: String = name.chars().take(LABEL_CHARS).collect();
        if name.chars().count() > LABEL_CHARS {
            shown.push('…');
        }
        nodes.push(Node {
            label: *label,
            name: name.to_string(),
            shown,
            mentions: *m,
            x: 0.0,
            y: 0.0,
            r: 5.0 + 11.0 * (*m as f64 / max_m).sqrt(),
        });
    }

    let mut pairs: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    for rel in &r.relations {
        let (Some(&h), Some(&t)) = (
            index.get(&(rel.head.label, rel.head.name.as_str())),
            index.get(&(rel.tail.label, rel.tail.name.as_str())),
        ) else {
            continue;
        };
        if h == t {
            continue;
        }
        let (a, b) = (h.min(t), h.max(t));
        let e = pairs.entry((a, b)).or_insert(Edge {
            a,
            b,
            relations: Vec::new(),
            arrow: None,
            cooccurrence: 0,
        });
        if !rel.label.is_symmetric() {
            let forward = h == a;
            e.arrow = match (e.relations.is_empty(), e.arrow) {
                (true, _) => Some(forward),
                (false, Some(f)) if f == forward => Some(f),
                _ => None,
            };
        }
        e.relations.push((rel.label, rel.count));
    }
    // A few of the strongest co-occurrences, so unrelated clusters still cohere.
    let mut co_added = 0;
    for (x, y, w) in &r.cooccurrence {
        if co_added >= nodes.len() || *w < 2 {
            break;
        }
        let (Some(&i), Some(&j)) = (
            index.get(&(x.label, x.name.as_str())),
            index.get(&(y.label, y.name.as_str())),
        ) else {
            continue;
        };
        let (a, b) = (i.min(j), i.max(j));
        let e = pairs.entry((a, b)).or_insert(Edge {
            a,
            b,
            relations: Vec::new(),
            arrow: None,
            cooccurrence: 0,
        });
        e.cooccurrence = *w;
        co_added += 1;
    }
    // A dense corpus would draw a hairball: keep the strongest relation edges only.
    let max_edges = 2 * nodes.len();
    let (mut rel, co): (Vec<Edge>, Vec<Edge>) =
        pairs.into_values().partition(|e| !e.relations.is_empty());
    if rel.len() > max_edges {
        let weight = |e: &Edge| e.relations.iter().map(|r| r.1).sum::<u64>();
        rel.sort_by(|x, y| weight(y).cmp(&weight(x)).then((x.a, x.b).cmp(&(y.a, y.b))));
        rel.truncate(max_edges);
    }
    let mut edges = rel;
    edges.extend(co);
    let mut g = Graph { nodes, edges };
    place(&mut g);
    g
}

fn place(g: &mut Graph) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    // Unconnected nodes would be pushed to the rim and squeeze the rest when the
    // layout is fitted: they get a strip of rows at the bottom instead.
    let mut linked = vec![false; n];
    for e in &g.edges {
        linked[e.a] = true;
        linked[e.b] = true;
    }
    let strip = place_unlinked(g, &linked);
    let ids: Vec<usize> = (0..n).filter(|&i| linked[i]).collect();
    let m = ids.len();
    if m > 0 {
        let bottom = HEIGHT - 30.0 - strip;
        force(g, &ids, (WIDTH - 160.0) / 2.0, bottom / 2.0);
        fit(g, &ids, bottom);
    }
    separate(g);
}

/// Lays the unlinked nodes out in rows along the bottom; returns the rows' height.
fn place_unlinked(g: &mut Graph, linked: &[bool]) -> f64 {
    const ROW: f64 = 30.0;
    let any_linked = linked.iter().any(|&l| l);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut x = 20.0;
    for i in (0..g.nodes.len()).filter(|&i| !linked[i]) {
        let w = 2.0 * g.nodes[i].r + 5.0 + g.nodes[i].label_w() + 24.0;
        if x + w > WIDTH - 20.0 && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = 20.0;
        }
        g.nodes[i].x = x + g.nodes[i].r;
        x += w;
        if let Some(r) = rows.last_mut() {
            r.push(i);
        }
    }
    let rows: Vec<_> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    let height = rows.len() as f64 * ROW;
    let top = if any_linked {
        HEIGHT - 15.0 - height
    } else {
        30.0
    };
    for (k, row) in rows.iter().enumerate() {
        for &i in row {
            g.nodes[i].y = top + k as f64 * ROW + ROW / 2.0;
        }
    }
    height
}

/// Fruchterman–Reingold over the nodes `ids`, from a circle, fixed iterations.
fn force(g: &mut Graph, ids: &[usize], cx: f64, cy: f64) {
    let m = ids.len();
    for (k, &i) in ids.iter().enumerate() {
        let a = std::f64::consts::TAU * k as f64 / m as f64;
        g.nodes[i].x = cx + 0.35 * HEIGHT * a.cos();
        g.nodes[i].y = cy + 0.35 * HEIGHT * a.sin();
    }
    let k = (WIDTH * HEIGHT / m as f64).sqrt() * 0.75;
    let mut disp = vec![(0.0f64, 0.0f64); g.nodes.len()];
    for it in 0..ITERATIONS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for (p, &i) in ids.iter().enumerate() {
            for &j in &ids[p + 1..] {
                let (dx, dy) = (g.nodes[i].x - g.nodes[j].x, g.nodes[i].y - g.nodes[j].y);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for e in &g.edges {
            let w = if e.relations.is_empty() { 0.3 } else { 1.0 };
            let (dx, dy) = (
                g.nodes[e.a].x - g.nodes[e.b].x,
                g.nodes[e.a].y - g.nodes[e.b].y,
            );
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k * w;
            disp[e.a].0 -= dx / d * f;
            disp[e.a].1 -= dy / d * f;
            disp[e.b].0 += dx / d * f;
            disp[e.b].1 += dy / d * f;
        }
        let temp = WIDTH / 10.0 * (1.0 - it as f64 / ITERATIONS as f64) + 0.5;
        for &i in ids {
            // Gravity keeps separate components near each other.
            let node = &mut g.nodes[i];
            let (gx, gy) = ((cx - node.x) * GRAVITY, (cy - node.y) * GRAVITY);
            let (dx, dy) = (disp[i].0 + gx, disp[i].1 + gy);
            let len = (dx * dx + dy * dy).sqrt().max(0.01);
            let step = len.min(temp);
            node.x += dx / len * step;
            node.y += dy / len * step;
        }
    }
}

/// Scales the nodes `ids` into the canvas above `bottom`, leaving room for labels
/// on the right.
fn fit(g: &mut Graph, ids: &[usize], bottom: f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &i in ids {
        let n = &g.nodes[i];
        x0 = x0.min(n.x);
        y0 = y0.min(n.y);
        x1 = x1.max(n.x);
        y1 = y1.max(n.y);
    }
    let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let (left, right, top) = (30.0, WIDTH - 190.0, 30.0);
    let bottom = bottom.max(top + 100.0);
    // Stretch to fill, but not so far that a small graph becomes a few distant dots.
    let sx = ((right - left) / w).min(1.5);
    let sy = ((bottom - top) / h).min(1.5);
    let (ox, oy) = (
        left + ((right - left) - w * sx) / 2.0,
        top + ((bottom - top) - h * sy) / 2.0,
    );
    for &i in ids {
        let n = &mut g.nodes[i];
        n.x = ox + (n.x - x0) * sx;
        n.y = oy + (n.y - y0) * sy;
    }
}

/// Pushes apart nodes whose circle-and-label boxes overlap, along the axis of the
/// smaller overlap, for a bounded number of rounds.
fn separate(g: &mut Graph) {
    let n = g.nodes.len();
    for _ in 0..300 {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (g.nodes[i].bounds(), g.nodes[j].bounds());
                let ox = a.2.min(b.2) - a.0.max(b.0);
                let oy = a.3.min(b.3) - a.1.max(b.1);
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                if oy <= ox {
                    let s = if g.nodes[i].y <= g.nodes[j].y {
                        -1.0
                    } else {
                        1.0
                    };
                    g.nodes[i].y += s * (oy / 2.0 + 1.0);
                    g.nodes[j].y -= s * (oy / 2.0 + 1.0);
                } else {
                    let s = if g.nodes[i].x <= g.nodes[j].x {
                        -1.0
                    } else {
                        1.0
                    };
                    g.nodes[i].x += s * (ox / 2.0 + 1.0);
                    g.nodes[j].x -= s * (ox / 2.0 + 1.0);
                }
            }
        }
        for node in &mut g.nodes {
            let max_x = WIDTH - node.r - 8.0 - node.label_w();
            node.x = node.x.clamp(node.r + 4.0, max_x.max(node.r + 4.0));
            node.y = node
                .y
                .clamp(node.r.max(9.0) + 4.0, HEIGHT - node.r.max(9.0) - 4.0);
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{ResolvedEntity, ResolvedRelation};

    fn keys(n: usize) -> Vec<EntityKey> {
        (0..n)
            .map(|i| EntityKey::new(EntityLabel::Person, &format!("Person Number {i}")))
            .collect()
    }

    fn resolved(keys: &[EntityKey]) -> Resolved<'_> {
        let n = keys.len();
        let mut r = Resolved::default();
        for i in 0..n {
            r.entities.push(ResolvedEntity {
                label: EntityLabel::Person,
                name: format!("Person Number {i}"),
                mentions: (n - i) as u64,
                documents: 1,
                country: None,
                aliases: vec![],
            });
        }
        for i in 1..n {
            r.relations.push(ResolvedRelation {
                head: &keys[i],
                label: RelationLabel::MetWith,
                tail: &keys[0],
                count: 1,
                documents: 1,
                max_confidence: 0.5,
                evidence: Vec::new().into(),
            });
        }
        r
    }

    #[test]
    fn layout_is_deterministic_and_inside_the_canvas() {
        let k = keys(30);
        let r = resolved(&k);
        let a = graph(&r, 25);
        let b = graph(&r, 25);
        assert_eq!(a.nodes.len(), 25);
        for (x, y) in a.nodes.iter().zip(&b.nodes) {
            assert_eq!((x.x, x.y), (y.x, y.y));
            assert!(x.x >= 0.0 && x.x <= WIDTH && x.y >= 0.0 && x.y <= HEIGHT);
        }
        let overlaps = (0..a.nodes.len())
            .flat_map(|i| (i + 1..a.nodes.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| {
                let (p, q) = (a.nodes[i].bounds(), a.nodes[j].bounds());
                p.2.min(q.2) - p.0.max(q.0) > 1.0 && p.3.min(q.3) - p.1.max(q.1) > 1.0
            })
            .count();
        assert!(overlaps <= 2, "{overlaps} overlapping labels");
    }

    #[test]
    fn empty_and_single_graphs() {
        assert!(graph(&Resolved::default(), 10).nodes.is_empty());
        let k = keys(1);
        let g = graph(&resolved(&k), 10);
        assert_eq!(g.nodes.len(), 1);
        assert!(g.nodes[0].x.is_finite());
    }
}
