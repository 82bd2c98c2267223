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
        *degree.entry(&rel.head).or_default() += rel.count;
        *degree.entry(&rel.tail).or_default() += rel.count;
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
    let edges: Vec<Edge> = pairs.into_values().collect();
    let mut g = Graph { nodes, edges };
    place(&mut g);
    g
}

fn place(g: &mut Graph) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    for (i, node) in g.nodes.iter_mut().enumerate() {
        let a = std::f64::consts::TAU * i as f64 / n as f64;
        node.x = cx + 0.35 * HEIGHT * a.cos();
        node.y = cy + 0.35 * HEIGHT * a.sin();
    }
    let k = (WIDTH * HEIGHT / n as f64).sqrt() * 0.75;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..ITERATIONS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
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
        for (node, d) in g.nodes.iter_mut().zip(&disp) {
            // Gravity keeps unconnected nodes from drifting off.
            let (gx, gy) = ((cx - node.x) * GRAVITY, (cy - node.y) * GRAVITY);
            let (dx, dy) = (d.0 + gx, d.1 + gy);
            let len = (dx * dx + dy * dy).sqrt().max(0.01);
            let step = len.min(temp);
            node.x += dx / len * step;
            node.y += dy / len * step;
        }
    }
    fit(g);
    separate(g);
}

/// Scales the layout into the canvas, leaving room for labels on the right.
fn fit(g: &mut Graph) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for n in &g.nodes {
        x0 = x0.min(n.x);
        y0 = y0.min(n.y);
        x1 = x1.max(n.x);
        y1 = y1.max(n.y);
    }
    let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let (left, right, top, bottom) = (30.0, WIDTH - 190.0, 30.0, HEIGHT - 30.0);
    for n in &mut g.nodes {
        n.x = left + (n.x - x0) / w * (right - left);
        n.y = top + (n.y - y0) / h * (bottom - top);
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

    fn resolved(n: usize) -> Resolved {
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
                head: EntityKey::new(EntityLabel::Person, &format!("Person Number {i}")),
                label: RelationLabel::MetWith,
                tail: EntityKey::new(EntityLabel::Person, "Person Number 0"),
                count: 1,
                documents: 1,
                max_confidence: 0.5,
                evidence: vec![],
            });
        }
        r
    }

    #[test]
    fn layout_is_deterministic_and_inside_the_canvas() {
        let r = resolved(30);
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
        let g = graph(&resolved(1), 10);
        assert_eq!(g.nodes.len(), 1);
        assert!(g.nodes[0].x.is_finite());
    }
}
