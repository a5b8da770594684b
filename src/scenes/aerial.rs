//! `aerial` (航拍地物): a top view of land use for `polygons` — buildings, ponds, fields and
//! parking lots as irregular, sometimes concave polygons that touch but never overlap: the plots
//! are the cells of one jittered grid (some merged into L shapes), so neighbours share their
//! boundary vertices exactly.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::ImageScene;
use super::art::glaze;
use super::draw::{Canvas, Item, Layer, Obj, P, Prim, Rgb, Shape, prim};
use super::rng::{Rng, q1};

/// Bumped whenever the same seed would draw different land.
pub const GENERATOR_VERSION: u32 = 1;

const W: f64 = 640.0;
const H: f64 = 480.0;

/// The labels, in picker order.
pub const LABELS: [&str; 4] = ["building", "pond", "field", "parking_lot"];

/// The annotation specification (标注规范); the gold follows it exactly.
pub const SPEC: &str = "\
【任务】航拍地物分割：用多边形沿边界勾画下列地块。
【标签】building 建筑物（屋顶）；pond 池塘（天然水面，边界不规则）；field 农田（有成行的作物条纹）；parking_lot 停车场（有白色车位线）。
1. 每个地块画一个多边形，沿它与相邻地块的分界线勾画；相邻地块共用分界线，多边形之间不重叠、不留缝。
2. 形状不规则或有凹角的地块按实际轮廓勾画，不要简化成矩形。
3. 地块被图像边缘截断时，沿图像边缘闭合，只画图像内的部分。
4. 地块里的细节（屋脊、车辆、作物行、车位线、树木）属于所在地块，不单独标注。
5. 以下不标：道路、裸土、草坪（没有作物条纹的绿地）、广场（没有车位线的硬化地面）、带游泳池的院子（泳池为规则矩形、浅蓝色、白色池边）。
6. 薄云下的地块照常按完整边界勾画。";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Building,
    Pond,
    Field,
    Parking,
    Bare,
    Lawn,
    Plaza,
    PoolYard,
    Road,
}

impl Class {
    fn label(self) -> Option<&'static str> {
        match self {
            Class::Building => Some("building"),
            Class::Pond => Some("pond"),
            Class::Field => Some("field"),
            Class::Parking => Some("parking_lot"),
            _ => None,
        }
    }

    fn role(self) -> &'static str {
        match self {
            Class::Building => "building",
            Class::Pond => "pond",
            Class::Field => "field",
            Class::Parking => "parking_lot",
            Class::Bare => "bare",
            Class::Lawn => "lawn",
            Class::Plaza => "plaza",
            Class::PoolYard => "pool_yard",
            Class::Road => "road",
        }
    }
}

const CLASSES: [Class; 8] = [
    Class::Building,
    Class::Pond,
    Class::Field,
    Class::Parking,
    Class::Bare,
    Class::Lawn,
    Class::Plaza,
    Class::PoolYard,
];

struct Level {
    cols: usize,
    rows: usize,
    merge: f64,
    /// Weights of CLASSES.
    weights: [f64; 8],
    roads: usize,
    contrast: f64,
    clouds: (i64, i64),
}

fn level_params(level: u8) -> Level {
    match level {
        5 => Level {
            cols: 4,
            rows: 3,
            merge: 0.15,
            weights: [3.0, 2.0, 2.5, 2.0, 0.6, 0.0, 0.0, 0.0],
            roads: 1,
            contrast: 1.0,
            clouds: (0, 0),
        },
        4 => Level {
            cols: 5,
            rows: 4,
            merge: 0.25,
            weights: [3.0, 1.6, 2.4, 1.8, 0.5, 1.0, 0.0, 0.0],
            roads: 1,
            contrast: 0.95,
            clouds: (0, 0),
        },
        3 => Level {
            cols: 6,
            rows: 5,
            merge: 0.3,
            weights: [3.0, 1.4, 2.2, 1.6, 0.4, 1.0, 0.9, 0.5],
            roads: 1,
            contrast: 0.85,
            clouds: (0, 1),
        },
        2 => Level {
            cols: 8,
            rows: 6,
            merge: 0.35,
            weights: [3.0, 1.3, 2.0, 1.5, 0.4, 1.1, 1.0, 0.8],
            roads: 2,
            contrast: 0.75,
            clouds: (1, 2),
        },
        _ => Level {
            cols: 10,
            rows: 7,
            merge: 0.4,
            weights: [3.0, 1.2, 2.0, 1.5, 0.4, 1.2, 1.1, 1.0],
            roads: 2,
            contrast: 0.65,
            clouds: (2, 3),
        },
    }
}

/// Splits `total` into `n` parts of random sizes, one of them (index `road`) narrow.
fn splits(rng: &mut Rng, total: f64, n: usize, road: Option<usize>) -> Vec<f64> {
    let mut w: Vec<f64> = (0..n)
        .map(|i| {
            if Some(i) == road {
                0.0
            } else {
                rng.range(0.75, 1.25)
            }
        })
        .collect();
    let road_w = if road.is_some() {
        rng.range(14.0, 20.0)
    } else {
        0.0
    };
    let sum: f64 = w.iter().sum();
    for x in w.iter_mut() {
        *x *= (total - road_w) / sum;
    }
    if let Some(r) = road {
        w[r] = road_w;
    }
    let mut out = vec![0.0];
    let mut acc = 0.0;
    for x in &w {
        acc += x;
        out.push(q1(acc));
    }
    out[n] = total;
    out
}

/// Generates an aerial scene.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("aerial", level, seed);
    let lv = level_params(level);
    let (nc, nr) = (lv.cols, lv.rows);
    // Road column (and, with two roads, a road row), never at the border.
    let road_col = Some(rng.int(1, nc as i64 - 2) as usize);
    let road_row = if lv.roads >= 2 {
        Some(rng.int(1, nr as i64 - 2) as usize)
    } else {
        None
    };
    let xs = splits(&mut rng, W, nc, road_col);
    let ys = splits(&mut rng, H, nr, road_row);
    let is_road = |i: usize, j: usize| Some(i) == road_col || Some(j) == road_row;
    let vid = |i: usize, j: usize| j * (nc + 1) + i;
    // Corner vertices, jittered unless on a road's edge (roads stay straight) or a border.
    let mut v: Vec<P> = vec![(0.0, 0.0); (nc + 1) * (nr + 1)];
    for j in 0..=nr {
        for i in 0..=nc {
            let (mut x, mut y) = (xs[i], ys[j]);
            let road_x = road_col.is_some_and(|c| i == c || i == c + 1);
            let road_y = road_row.is_some_and(|r| j == r || j == r + 1);
            if i > 0 && i < nc && !road_x {
                let wmin = (xs[i] - xs[i - 1]).min(xs[i + 1] - xs[i]);
                x += rng.range(-0.18, 0.18) * wmin;
            }
            if j > 0 && j < nr && !road_y {
                let hmin = (ys[j] - ys[j - 1]).min(ys[j + 1] - ys[j]);
                y += rng.range(-0.18, 0.18) * hmin;
            }
            v[vid(i, j)] = (q1(x), q1(y));
        }
    }
    // One midpoint per inner edge, pushed sideways (shared by both neighbours).
    let mut mid: HashMap<(usize, usize), P> = HashMap::new();
    let mut add_mid = |rng: &mut Rng, a: usize, b: usize, road: bool| {
        if road {
            return;
        }
        let (p, q) = (v[a], v[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let t = rng.range(0.35, 0.65);
        let off = rng.range(-0.12, 0.12);
        let m = (q1(p.0 + dx * t - dy * off), q1(p.1 + dy * t + dx * off));
        mid.insert((a.min(b), a.max(b)), m);
    };
    for j in 1..nr {
        for i in 0..nc {
            let road = is_road(i, j - 1) || is_road(i, j);
            add_mid(&mut rng, vid(i, j), vid(i + 1, j), road);
        }
    }
    for j in 0..nr {
        for i in 1..nc {
            let road = is_road(i - 1, j) || is_road(i, j);
            add_mid(&mut rng, vid(i, j), vid(i, j + 1), road);
        }
    }
    // Classes, then merges into pairs and L shapes.
    let mut class: Vec<Class> = Vec::with_capacity(nc * nr);
    for j in 0..nr {
        for i in 0..nc {
            class.push(if is_road(i, j) {
                Class::Road
            } else {
                CLASSES[rng.weighted(&lv.weights)]
            });
        }
    }
    let cid = |i: usize, j: usize| j * nc + i;
    let mut owner: Vec<Option<usize>> = vec![None; nc * nr];
    let mut groups: Vec<(Class, Vec<(usize, usize)>)> = Vec::new();
    for j in 0..nr {
        for i in 0..nc {
            if owner[cid(i, j)].is_some() {
                continue;
            }
            let c = class[cid(i, j)];
            let mut cells = vec![(i, j)];
            if c != Class::Road && c != Class::PoolYard && rng.chance(lv.merge) {
                let shapes: [&[(usize, usize)]; 5] = [
                    &[(1, 0)],
                    &[(0, 1)],
                    &[(1, 0), (0, 1)],
                    &[(1, 0), (1, 1)],
                    &[(0, 1), (1, 1)],
                ];
                let s = shapes[rng.index(5)];
                let ok = s.iter().all(|&(di, dj)| {
                    let (a, b) = (i + di, j + dj);
                    a < nc && b < nr && !is_road(a, b) && owner[cid(a, b)].is_none()
                });
                if ok {
                    cells.extend(s.iter().map(|&(di, dj)| (i + di, j + dj)));
                }
            }
            for &(a, b) in &cells {
                owner[cid(a, b)] = Some(groups.len());
            }
            groups.push((c, cells));
        }
    }
    // Road cells in one column/row become one strip each: merge them.
    let mut polys: Vec<(Class, Vec<P>)> = Vec::new();
    let mut road_cells: Vec<(usize, usize)> = Vec::new();
    for (c, cells) in &groups {
        if *c == Class::Road {
            road_cells.extend(cells.iter().copied());
        } else {
            polys.push((*c, outline(cells, &v, &mid, nc)));
        }
    }
    let road_polys: Vec<Vec<P>> = road_cells
        .iter()
        .map(|&c| outline(&[c], &v, &mid, nc))
        .collect();

    let contrast = lv.contrast;
    let base = Rgb(0x8c, 0x8a, 0x78);
    let tone = move |c: Rgb| c.mix(base, (1.0 - contrast) * 0.9);
    let mut canvas = Canvas {
        w: W as u32,
        h: H as u32,
        ..Default::default()
    };
    canvas.background.push(Layer::Item(prim(
        Shape::rect(0.0, 0.0, W, H),
        Rgb(0x50, 0x50, 0x50),
    )));
    for (g, (c, pts)) in polys.iter().enumerate() {
        let items = draw_plot(&mut rng, *c, pts, &tone);
        canvas.objects.push(Obj {
            role: c.role(),
            items,
            group: g,
            label: c.label(),
        });
    }
    for (g, pts) in road_polys.iter().enumerate() {
        let items = draw_plot(&mut rng, Class::Road, pts, &tone);
        canvas.objects.push(Obj {
            role: "road",
            items,
            group: polys.len() + g,
            label: None,
        });
    }
    let n = rng.int(lv.clouds.0, lv.clouds.1);
    for _ in 0..n {
        let (cx, cy) = (rng.range(60.0, W - 60.0), rng.range(50.0, H - 50.0));
        let r = rng.range(40.0, 80.0);
        for k in 0..4 {
            let a = k as f64 * 1.7;
            let c = (
                cx + (a - 2.5) * r * 0.45,
                cy + ((k % 2) as f64 - 0.5) * r * 0.5,
            );
            canvas.overlay.push(Layer::Item(glaze(
                Shape::Circle { c, r: r * 0.7 },
                Rgb(0xf4, 0xf6, 0xf8),
                0.32,
            )));
        }
    }

    let gold: Vec<(usize, Value)> = canvas
        .objects
        .iter()
        .enumerate()
        .filter_map(|(k, o)| {
            let label = o.label?;
            let Some(Item::Prim(p)) = o.items.first() else {
                return None;
            };
            let Shape::Poly(pts) = &p.shape else {
                return None;
            };
            let pts: Vec<Value> = pts.iter().map(|q| json!([q.0, q.1])).collect();
            Some((k, json!({"label": label, "points": pts})))
        })
        .collect();

    ImageScene {
        canvas,
        gold,
        spec: SPEC.to_string(),
        labels: LABELS.to_vec(),
        attributes: json!({}),
        params: json!({"iou_threshold": 0.5}),
        extra: None,
    }
}

/// The boundary of a group of grid cells (pairs and L shapes: one simple loop), clockwise on
/// screen, with the shared edge midpoints.
fn outline(
    cells: &[(usize, usize)],
    v: &[P],
    mid: &HashMap<(usize, usize), P>,
    nc: usize,
) -> Vec<P> {
    let vid = |i: usize, j: usize| j * (nc + 1) + i;
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for &(i, j) in cells {
        let c = [vid(i, j), vid(i + 1, j), vid(i + 1, j + 1), vid(i, j + 1)];
        for k in 0..4 {
            edges.push((c[k], c[(k + 1) % 4]));
        }
    }
    let boundary: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| !edges.contains(&(b, a)))
        .collect();
    let next: HashMap<usize, usize> = boundary.iter().copied().collect();
    let start = boundary.iter().map(|e| e.0).min().unwrap_or(0);
    let mut out = Vec::new();
    let mut a = start;
    for _ in 0..boundary.len() {
        let Some(&b) = next.get(&a) else { break };
        out.push(v[a]);
        if let Some(m) = mid.get(&(a.min(b), a.max(b))) {
            out.push(*m);
        }
        a = b;
        if a == start {
            break;
        }
    }
    out
}

/// Capsules along every edge of `pts` (clipped to the polygon they make an inner border).
fn edge_caps(pts: &[P], r: f64, color: Rgb) -> Vec<Prim> {
    (0..pts.len())
        .map(|i| Prim {
            shape: Shape::Capsule {
                a: pts[i],
                b: pts[(i + 1) % pts.len()],
                r,
            },
            color,
            opacity: 1.0,
        })
        .collect()
}

fn bounds(pts: &[P]) -> (f64, f64, f64, f64) {
    Shape::Poly(pts.to_vec()).bounds()
}

/// Parallel stripes across the box `b` in direction (dx, dy), every `gap` px, `r` thick.
fn stripes(b: (f64, f64, f64, f64), horizontal: bool, gap: f64, r: f64, color: Rgb) -> Vec<Prim> {
    let mut v = Vec::new();
    if horizontal {
        let mut y = b.1 + gap / 2.0;
        while y < b.3 {
            v.push(Prim {
                shape: Shape::rect(b.0, y - r, b.2, y + r),
                color,
                opacity: 1.0,
            });
            y += gap;
        }
    } else {
        let mut x = b.0 + gap / 2.0;
        while x < b.2 {
            v.push(Prim {
                shape: Shape::rect(x - r, b.1, x + r, b.3),
                color,
                opacity: 1.0,
            });
            x += gap;
        }
    }
    v
}

fn draw_plot(rng: &mut Rng, c: Class, pts: &[P], tone: &dyn Fn(Rgb) -> Rgb) -> Vec<Item> {
    let poly = Shape::Poly(pts.to_vec());
    let b = bounds(pts);
    let (cx, cy) = ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0);
    let clip = |prims: Vec<Prim>| Item::Clip {
        clip: poly.clone(),
        prims,
    };
    match c {
        Class::Building => {
            let roof = tone(*rng.pick(&[
                Rgb(0xb0, 0x4a, 0x3a),
                Rgb(0x8f, 0x96, 0xa3),
                Rgb(0xc8, 0xc4, 0xbc),
                Rgb(0x5f, 0x74, 0x8c),
                Rgb(0x9c, 0x6b, 0x4e),
            ]));
            let mut d = edge_caps(pts, 3.0, roof.dark(0.3));
            let wide = b.2 - b.0 > b.3 - b.1;
            d.push(Prim {
                shape: if wide {
                    Shape::rect(b.0, cy - 1.2, b.2, cy + 1.2)
                } else {
                    Shape::rect(cx - 1.2, b.1, cx + 1.2, b.3)
                },
                color: roof.light(0.25),
                opacity: 1.0,
            });
            d.push(Prim {
                shape: if wide {
                    Shape::rect(b.0, cy + 1.2, b.2, b.3)
                } else {
                    Shape::rect(cx + 1.2, b.1, b.2, b.3)
                },
                color: roof.dark(0.12),
                opacity: 1.0,
            });
            vec![prim(poly.clone(), roof), clip(d)]
        }
        Class::Pond => {
            let water = tone(Rgb(0x2e, 0x6f, 0x95));
            let mut d = edge_caps(pts, 4.0, tone(Rgb(0x6f, 0x8f, 0x5a)));
            for k in 0..3 {
                let y = b.1 + (b.3 - b.1) * (0.3 + 0.2 * k as f64);
                let x = cx + rng.range(-0.2, 0.2) * (b.2 - b.0);
                d.push(Prim {
                    shape: Shape::Capsule {
                        a: (x - 8.0, y),
                        b: (x + 8.0, y),
                        r: 0.8,
                    },
                    color: water.light(0.3),
                    opacity: 1.0,
                });
            }
            vec![prim(poly.clone(), water), clip(d)]
        }
        Class::Field => {
            let crop = tone(*rng.pick(&[
                Rgb(0x7d, 0xa4, 0x3c),
                Rgb(0xc9, 0xb4, 0x4a),
                Rgb(0x5e, 0x8f, 0x3a),
                Rgb(0xa8, 0xb8, 0x50),
            ]));
            let gap = rng.range(6.0, 10.0);
            let d = stripes(b, rng.chance(0.5), gap, gap * 0.22, crop.dark(0.22));
            vec![prim(poly.clone(), crop), clip(d)]
        }
        Class::Parking => {
            let asphalt = tone(Rgb(0x6e, 0x70, 0x74));
            let mut d = Vec::new();
            let horizontal = b.2 - b.0 > b.3 - b.1;
            let line = Rgb(0xf2, 0xf2, 0xee);
            let cars = [
                Rgb(0xc8, 0x30, 0x2c),
                Rgb(0x2f, 0x5f, 0xb3),
                Rgb(0xe6, 0xe6, 0xe6),
                Rgb(0x2b, 0x2b, 0x2e),
                Rgb(0xb8, 0xbc, 0xc0),
            ];
            // Rows of stalls 14 px wide, 24 px deep.
            let (a0, a1, c0, c1) = if horizontal {
                (b.0, b.2, b.1, b.3)
            } else {
                (b.1, b.3, b.0, b.2)
            };
            let mut row = c0 + 6.0;
            while row + 24.0 < c1 {
                let mut s = a0 + 4.0;
                while s < a1 {
                    let shape = |p: f64, q: f64, r: f64, t: f64| {
                        if horizontal {
                            Shape::rect(p, r, q, t)
                        } else {
                            Shape::rect(r, p, t, q)
                        }
                    };
                    d.push(Prim {
                        shape: shape(s - 0.8, s + 0.8, row, row + 24.0),
                        color: line,
                        opacity: 1.0,
                    });
                    if rng.chance(0.45) {
                        d.push(Prim {
                            shape: shape(s + 3.0, s + 11.0, row + 3.0, row + 20.0),
                            color: *rng.pick(&cars),
                            opacity: 1.0,
                        });
                    }
                    s += 14.0;
                }
                row += 34.0;
            }
            vec![prim(poly.clone(), asphalt), clip(d)]
        }
        Class::Bare => {
            let soil = tone(Rgb(0xa6, 0x84, 0x5c));
            let mut d = Vec::new();
            for _ in 0..12 {
                let c = (rng.range(b.0, b.2), rng.range(b.1, b.3));
                d.push(Prim {
                    shape: Shape::Circle {
                        c,
                        r: rng.range(1.0, 2.5),
                    },
                    color: soil.dark(0.15),
                    opacity: 1.0,
                });
            }
            vec![prim(poly.clone(), soil), clip(d)]
        }
        Class::Lawn => {
            let grass = tone(Rgb(0x6c, 0xa8, 0x4a));
            let mut d = Vec::new();
            for _ in 0..rng.int(2, 5) {
                let c = (rng.range(b.0, b.2), rng.range(b.1, b.3));
                d.push(Prim {
                    shape: Shape::Circle {
                        c,
                        r: rng.range(5.0, 9.0),
                    },
                    color: Rgb(0x2f, 0x6b, 0x34),
                    opacity: 1.0,
                });
            }
            vec![prim(poly.clone(), grass), clip(d)]
        }
        Class::Plaza => {
            let pave = tone(Rgb(0xb5, 0xb0, 0xa4));
            let mut d = stripes(b, true, 12.0, 0.5, pave.dark(0.08));
            d.extend(stripes(b, false, 12.0, 0.5, pave.dark(0.08)));
            vec![prim(poly.clone(), pave), clip(d)]
        }
        Class::PoolYard => {
            let grass = tone(Rgb(0x76, 0xae, 0x52));
            let (w, h) = (b.2 - b.0, b.3 - b.1);
            let (pw, ph) = (w * 0.35, h * 0.3);
            let d = vec![
                Prim {
                    shape: Shape::rect(
                        cx - pw / 2.0 - 2.5,
                        cy - ph / 2.0 - 2.5,
                        cx + pw / 2.0 + 2.5,
                        cy + ph / 2.0 + 2.5,
                    ),
                    color: Rgb(0xf4, 0xf4, 0xf0),
                    opacity: 1.0,
                },
                Prim {
                    shape: Shape::rect(cx - pw / 2.0, cy - ph / 2.0, cx + pw / 2.0, cy + ph / 2.0),
                    color: Rgb(0x4f, 0xc8, 0xe8),
                    opacity: 1.0,
                },
            ];
            vec![prim(poly.clone(), grass), clip(d)]
        }
        Class::Road => {
            let asphalt = Rgb(0x55, 0x57, 0x5b);
            let horizontal = b.2 - b.0 > b.3 - b.1;
            let mut d = Vec::new();
            let line = Rgb(0xe8, 0xe8, 0xe0);
            if horizontal {
                let mut x = b.0 + 3.0;
                while x < b.2 {
                    d.push(Prim {
                        shape: Shape::rect(x, cy - 0.7, x + 8.0, cy + 0.7),
                        color: line,
                        opacity: 1.0,
                    });
                    x += 16.0;
                }
            } else {
                let mut y = b.1 + 3.0;
                while y < b.3 {
                    d.push(Prim {
                        shape: Shape::rect(cx - 0.7, y, cx + 0.7, y + 8.0),
                        color: line,
                        opacity: 1.0,
                    });
                    y += 16.0;
                }
            }
            vec![prim(poly.clone(), asphalt), clip(d)]
        }
    }
}
