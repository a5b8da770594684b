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

/// Generates an aerial scene: the grid, the plots cut from it, their drawing, and the gold —
/// the outline of every labeled plot, exactly as drawn.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("aerial", level, seed);
    let lv = level_params(level);
    let grid = Grid::draw(&mut rng, &lv);
    let groups = plots(&mut rng, &lv, &grid);
    let canvas = draw(&mut rng, &lv, &grid, &groups);
    let gold = gold(&canvas);
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

/// A grid cell (column, row).
type Cell = (usize, usize);

/// The jittered grid the plots are cut from: corner vertices, and one midpoint on each inner
/// edge, shared by the cells on both sides so that neighbours touch exactly. One column (and at
/// hard levels one row) is a road.
struct Grid {
    nc: usize,
    nr: usize,
    road_col: Option<usize>,
    road_row: Option<usize>,
    /// Corner vertices, by [`Grid::vid`].
    v: Vec<P>,
    /// Edge midpoints, by the edge's (lower, higher) vertex ids.
    mid: HashMap<(usize, usize), P>,
}

impl Grid {
    fn draw(rng: &mut Rng, lv: &Level) -> Grid {
        let (nc, nr) = (lv.cols, lv.rows);
        // Road column (and, with two roads, a road row), never at the border.
        let road_col = Some(rng.int(1, nc as i64 - 2) as usize);
        let road_row = if lv.roads >= 2 {
            Some(rng.int(1, nr as i64 - 2) as usize)
        } else {
            None
        };
        let xs = splits(rng, W, nc, road_col);
        let ys = splits(rng, H, nr, road_row);
        let mut grid = Grid {
            nc,
            nr,
            road_col,
            road_row,
            v: Vec::new(),
            mid: HashMap::new(),
        };
        grid.v = grid.corners(rng, &xs, &ys);
        grid.mid = grid.midpoints(rng);
        grid
    }

    /// Vertex id of corner (i, j).
    fn vid(&self, i: usize, j: usize) -> usize {
        j * (self.nc + 1) + i
    }

    /// Index of cell (i, j).
    fn cid(&self, i: usize, j: usize) -> usize {
        j * self.nc + i
    }

    fn is_road(&self, i: usize, j: usize) -> bool {
        Some(i) == self.road_col || Some(j) == self.road_row
    }

    /// Corner vertices at the splits, jittered unless on a road's edge (roads stay straight) or
    /// on the border.
    fn corners(&self, rng: &mut Rng, xs: &[f64], ys: &[f64]) -> Vec<P> {
        let (nc, nr) = (self.nc, self.nr);
        let mut v: Vec<P> = vec![(0.0, 0.0); (nc + 1) * (nr + 1)];
        for j in 0..=nr {
            for i in 0..=nc {
                let (mut x, mut y) = (xs[i], ys[j]);
                let road_x = self.road_col.is_some_and(|c| i == c || i == c + 1);
                let road_y = self.road_row.is_some_and(|r| j == r || j == r + 1);
                if i > 0 && i < nc && !road_x {
                    let wmin = (xs[i] - xs[i - 1]).min(xs[i + 1] - xs[i]);
                    x += rng.range(-0.18, 0.18) * wmin;
                }
                if j > 0 && j < nr && !road_y {
                    let hmin = (ys[j] - ys[j - 1]).min(ys[j + 1] - ys[j]);
                    y += rng.range(-0.18, 0.18) * hmin;
                }
                v[self.vid(i, j)] = (q1(x), q1(y));
            }
        }
        v
    }

    /// One midpoint per inner edge not along a road, pushed sideways: horizontal edges first,
    /// then vertical ones.
    fn midpoints(&self, rng: &mut Rng) -> HashMap<(usize, usize), P> {
        let (nc, nr) = (self.nc, self.nr);
        let mut mid = HashMap::new();
        let mut add = |rng: &mut Rng, a: usize, b: usize, road: bool| {
            if road {
                return;
            }
            let (p, q) = (self.v[a], self.v[b]);
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let t = rng.range(0.35, 0.65);
            let off = rng.range(-0.12, 0.12);
            let m = (q1(p.0 + dx * t - dy * off), q1(p.1 + dy * t + dx * off));
            mid.insert((a.min(b), a.max(b)), m);
        };
        for j in 1..nr {
            for i in 0..nc {
                let road = self.is_road(i, j - 1) || self.is_road(i, j);
                add(rng, self.vid(i, j), self.vid(i + 1, j), road);
            }
        }
        for j in 0..nr {
            for i in 1..nc {
                let road = self.is_road(i - 1, j) || self.is_road(i, j);
                add(rng, self.vid(i, j), self.vid(i, j + 1), road);
            }
        }
        mid
    }
}

/// The plots: a class per cell, then cells merged into pairs and L shapes. Each plot is its
/// class and cells, in row-major order of its first cell.
fn plots(rng: &mut Rng, lv: &Level, grid: &Grid) -> Vec<(Class, Vec<Cell>)> {
    let (nc, nr) = (grid.nc, grid.nr);
    let mut class: Vec<Class> = Vec::with_capacity(nc * nr);
    for j in 0..nr {
        for i in 0..nc {
            class.push(if grid.is_road(i, j) {
                Class::Road
            } else {
                CLASSES[rng.weighted(&lv.weights)]
            });
        }
    }
    let mut owner: Vec<Option<usize>> = vec![None; nc * nr];
    let mut groups: Vec<(Class, Vec<Cell>)> = Vec::new();
    for j in 0..nr {
        for i in 0..nc {
            if owner[grid.cid(i, j)].is_some() {
                continue;
            }
            let c = class[grid.cid(i, j)];
            let mut cells = vec![(i, j)];
            // Roads stay straight and pool yards small; the merged cells take this cell's class.
            if c != Class::Road && c != Class::PoolYard && rng.chance(lv.merge) {
                cells.extend(merge(rng, grid, &owner, i, j));
            }
            for &(a, b) in &cells {
                owner[grid.cid(a, b)] = Some(groups.len());
            }
            groups.push((c, cells));
        }
    }
    groups
}

/// The cells that join cell (i, j) in a pair or an L shape drawn at random; none when one of
/// them is off the grid, a road or taken.
fn merge(rng: &mut Rng, grid: &Grid, owner: &[Option<usize>], i: usize, j: usize) -> Vec<Cell> {
    let shapes: [&[Cell]; 5] = [
        &[(1, 0)],
        &[(0, 1)],
        &[(1, 0), (0, 1)],
        &[(1, 0), (1, 1)],
        &[(0, 1), (1, 1)],
    ];
    let s = shapes[rng.index(5)];
    let ok = s.iter().all(|&(di, dj)| {
        let (a, b) = (i + di, j + dj);
        a < grid.nc && b < grid.nr && !grid.is_road(a, b) && owner[grid.cid(a, b)].is_none()
    });
    if ok {
        s.iter().map(|&(di, dj)| (i + di, j + dj)).collect()
    } else {
        Vec::new()
    }
}

/// Object colours, mixed towards a dull ground colour as the level lowers the contrast.
#[derive(Clone, Copy)]
struct Tone(f64);

impl Tone {
    fn of(self, c: Rgb) -> Rgb {
        c.mix(Rgb(0x8c, 0x8a, 0x78), (1.0 - self.0) * 0.9)
    }
}

/// The picture: the plots (labeled or not), then the roads, one object per road cell, under
/// thin clouds.
fn draw(rng: &mut Rng, lv: &Level, grid: &Grid, groups: &[(Class, Vec<Cell>)]) -> Canvas {
    let mut polys: Vec<(Class, Vec<P>)> = Vec::new();
    let mut road_cells: Vec<Cell> = Vec::new();
    for (c, cells) in groups {
        if *c == Class::Road {
            road_cells.extend(cells.iter().copied());
        } else {
            polys.push((*c, outline(cells, grid)));
        }
    }
    let roads = road_cells
        .iter()
        .map(|&c| (Class::Road, outline(&[c], grid)));
    let tone = Tone(lv.contrast);
    let mut canvas = Canvas {
        w: W as u32,
        h: H as u32,
        ..Default::default()
    };
    canvas.background.push(Layer::Item(prim(
        Shape::rect(0.0, 0.0, W, H),
        Rgb(0x50, 0x50, 0x50),
    )));
    for (g, (c, pts)) in polys.into_iter().chain(roads).enumerate() {
        let items = draw_plot(rng, c, &pts, tone);
        canvas.objects.push(Obj {
            role: c.role(),
            items,
            group: g,
            label: c.label(),
        });
    }
    canvas.overlay = clouds(rng, lv);
    canvas
}

/// Thin translucent clouds: each four overlapping discs.
fn clouds(rng: &mut Rng, lv: &Level) -> Vec<Layer> {
    let mut v = Vec::new();
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
            v.push(Layer::Item(glaze(
                Shape::Circle { c, r: r * 0.7 },
                Rgb(0xf4, 0xf6, 0xf8),
                0.32,
            )));
        }
    }
    v
}

/// The gold: each labeled plot's outline, the polygon it is filled with.
fn gold(canvas: &Canvas) -> Vec<(usize, Value)> {
    canvas
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
        .collect()
}

/// The boundary of a group of grid cells (pairs and L shapes: one simple loop), clockwise on
/// screen, with the shared edge midpoints.
fn outline(cells: &[Cell], grid: &Grid) -> Vec<P> {
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for &(i, j) in cells {
        let c = [
            grid.vid(i, j),
            grid.vid(i + 1, j),
            grid.vid(i + 1, j + 1),
            grid.vid(i, j + 1),
        ];
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
        out.push(grid.v[a]);
        if let Some(m) = grid.mid.get(&(a.min(b), a.max(b))) {
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
        .map(|i| {
            let edge = Shape::Capsule {
                a: pts[i],
                b: pts[(i + 1) % pts.len()],
                r,
            };
            solid(edge, color)
        })
        .collect()
}

fn bounds(pts: &[P]) -> (f64, f64, f64, f64) {
    Shape::Poly(pts.to_vec()).bounds()
}

/// Parallel stripes across the box `b`, horizontal or vertical, every `gap` px, `2r` thick.
fn stripes(b: (f64, f64, f64, f64), horizontal: bool, gap: f64, r: f64, color: Rgb) -> Vec<Prim> {
    let mut v = Vec::new();
    if horizontal {
        let mut y = b.1 + gap / 2.0;
        while y < b.3 {
            v.push(solid(Shape::rect(b.0, y - r, b.2, y + r), color));
            y += gap;
        }
    } else {
        let mut x = b.0 + gap / 2.0;
        while x < b.2 {
            v.push(solid(Shape::rect(x - r, b.1, x + r, b.3), color));
            x += gap;
        }
    }
    v
}

/// A detail drawn opaque.
fn solid(shape: Shape, color: Rgb) -> Prim {
    Prim {
        shape,
        color,
        opacity: 1.0,
    }
}

/// A plot's drawing: the polygon filled in the class's ground colour (its silhouette, and the
/// gold), then the class's details clipped to it.
fn draw_plot(rng: &mut Rng, c: Class, pts: &[P], tone: Tone) -> Vec<Item> {
    let b = bounds(pts);
    let (fill, details) = match c {
        Class::Building => building(rng, pts, b, tone),
        Class::Pond => pond(rng, pts, b, tone),
        Class::Field => field(rng, b, tone),
        Class::Parking => parking(rng, b, tone),
        Class::Bare => bare(rng, b, tone),
        Class::Lawn => lawn(rng, b, tone),
        Class::Plaza => plaza(b, tone),
        Class::PoolYard => pool_yard(b, tone),
        Class::Road => road(b),
    };
    let poly = Shape::Poly(pts.to_vec());
    vec![
        prim(poly.clone(), fill),
        Item::Clip {
            clip: poly,
            prims: details,
        },
    ]
}

fn centre(b: (f64, f64, f64, f64)) -> P {
    ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0)
}

/// A roof with darker eaves, a ridge along its longer side and one slope in shadow.
fn building(rng: &mut Rng, pts: &[P], b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let (cx, cy) = centre(b);
    let roof = tone.of(*rng.pick(&[
        Rgb(0xb0, 0x4a, 0x3a),
        Rgb(0x8f, 0x96, 0xa3),
        Rgb(0xc8, 0xc4, 0xbc),
        Rgb(0x5f, 0x74, 0x8c),
        Rgb(0x9c, 0x6b, 0x4e),
    ]));
    let mut d = edge_caps(pts, 3.0, roof.dark(0.3));
    let wide = b.2 - b.0 > b.3 - b.1;
    let ridge = if wide {
        Shape::rect(b.0, cy - 1.2, b.2, cy + 1.2)
    } else {
        Shape::rect(cx - 1.2, b.1, cx + 1.2, b.3)
    };
    d.push(solid(ridge, roof.light(0.25)));
    let shade = if wide {
        Shape::rect(b.0, cy + 1.2, b.2, b.3)
    } else {
        Shape::rect(cx + 1.2, b.1, b.2, b.3)
    };
    d.push(solid(shade, roof.dark(0.12)));
    (roof, d)
}

/// Water with a green bank and a few ripples.
fn pond(rng: &mut Rng, pts: &[P], b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let (cx, _) = centre(b);
    let water = tone.of(Rgb(0x2e, 0x6f, 0x95));
    let mut d = edge_caps(pts, 4.0, tone.of(Rgb(0x6f, 0x8f, 0x5a)));
    for k in 0..3 {
        let y = b.1 + (b.3 - b.1) * (0.3 + 0.2 * k as f64);
        let x = cx + rng.range(-0.2, 0.2) * (b.2 - b.0);
        let ripple = Shape::Capsule {
            a: (x - 8.0, y),
            b: (x + 8.0, y),
            r: 0.8,
        };
        d.push(solid(ripple, water.light(0.3)));
    }
    (water, d)
}

/// A crop with its rows: what tells a field from a lawn.
fn field(rng: &mut Rng, b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let crop = tone.of(*rng.pick(&[
        Rgb(0x7d, 0xa4, 0x3c),
        Rgb(0xc9, 0xb4, 0x4a),
        Rgb(0x5e, 0x8f, 0x3a),
        Rgb(0xa8, 0xb8, 0x50),
    ]));
    let gap = rng.range(6.0, 10.0);
    let d = stripes(b, rng.chance(0.5), gap, gap * 0.22, crop.dark(0.22));
    (crop, d)
}

/// Asphalt with rows of white-lined stalls (what tells a parking lot from a plaza), about half
/// of them taken by a car.
fn parking(rng: &mut Rng, b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let asphalt = tone.of(Rgb(0x6e, 0x70, 0x74));
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
    // Rows of stalls 14 px wide, 24 px deep, along the longer side: `a` runs along a row, `c`
    // across the rows.
    let (a0, a1, c0, c1) = if horizontal {
        (b.0, b.2, b.1, b.3)
    } else {
        (b.1, b.3, b.0, b.2)
    };
    let shape = |p: f64, q: f64, r: f64, t: f64| {
        if horizontal {
            Shape::rect(p, r, q, t)
        } else {
            Shape::rect(r, p, t, q)
        }
    };
    let mut row = c0 + 6.0;
    while row + 24.0 < c1 {
        let mut s = a0 + 4.0;
        while s < a1 {
            d.push(solid(shape(s - 0.8, s + 0.8, row, row + 24.0), line));
            if rng.chance(0.45) {
                let car = shape(s + 3.0, s + 11.0, row + 3.0, row + 20.0);
                d.push(solid(car, *rng.pick(&cars)));
            }
            s += 14.0;
        }
        row += 34.0;
    }
    (asphalt, d)
}

/// Look-alike: bare soil with clods.
fn bare(rng: &mut Rng, b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let soil = tone.of(Rgb(0xa6, 0x84, 0x5c));
    let mut d = Vec::new();
    for _ in 0..12 {
        let c = (rng.range(b.0, b.2), rng.range(b.1, b.3));
        let clod = Shape::Circle {
            c,
            r: rng.range(1.0, 2.5),
        };
        d.push(solid(clod, soil.dark(0.15)));
    }
    (soil, d)
}

/// Look-alike: a lawn (green, but no crop rows) with a few trees.
fn lawn(rng: &mut Rng, b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let grass = tone.of(Rgb(0x6c, 0xa8, 0x4a));
    let mut d = Vec::new();
    for _ in 0..rng.int(2, 5) {
        let c = (rng.range(b.0, b.2), rng.range(b.1, b.3));
        let tree = Shape::Circle {
            c,
            r: rng.range(5.0, 9.0),
        };
        d.push(solid(tree, Rgb(0x2f, 0x6b, 0x34)));
    }
    (grass, d)
}

/// Look-alike: a paved plaza, a square grid of joints but no stall lines.
fn plaza(b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let pave = tone.of(Rgb(0xb5, 0xb0, 0xa4));
    let mut d = stripes(b, true, 12.0, 0.5, pave.dark(0.08));
    d.extend(stripes(b, false, 12.0, 0.5, pave.dark(0.08)));
    (pave, d)
}

/// Look-alike: a garden with a rectangular light-blue pool and white coping (not a pond).
fn pool_yard(b: (f64, f64, f64, f64), tone: Tone) -> (Rgb, Vec<Prim>) {
    let (cx, cy) = centre(b);
    let grass = tone.of(Rgb(0x76, 0xae, 0x52));
    let (w, h) = (b.2 - b.0, b.3 - b.1);
    let (pw, ph) = (w * 0.35, h * 0.3);
    let coping = Shape::rect(
        cx - pw / 2.0 - 2.5,
        cy - ph / 2.0 - 2.5,
        cx + pw / 2.0 + 2.5,
        cy + ph / 2.0 + 2.5,
    );
    let pool = Shape::rect(cx - pw / 2.0, cy - ph / 2.0, cx + pw / 2.0, cy + ph / 2.0);
    let d = vec![
        solid(coping, Rgb(0xf4, 0xf4, 0xf0)),
        solid(pool, Rgb(0x4f, 0xc8, 0xe8)),
    ];
    (grass, d)
}

/// A road cell, dashed along its middle.
fn road(b: (f64, f64, f64, f64)) -> (Rgb, Vec<Prim>) {
    let (cx, cy) = centre(b);
    let asphalt = Rgb(0x55, 0x57, 0x5b);
    let horizontal = b.2 - b.0 > b.3 - b.1;
    let mut d = Vec::new();
    let line = Rgb(0xe8, 0xe8, 0xe0);
    if horizontal {
        let mut x = b.0 + 3.0;
        while x < b.2 {
            d.push(solid(Shape::rect(x, cy - 0.7, x + 8.0, cy + 0.7), line));
            x += 16.0;
        }
    } else {
        let mut y = b.1 + 3.0;
        while y < b.3 {
            d.push(solid(Shape::rect(cx - 0.7, y, cx + 0.7, y + 8.0), line));
            y += 16.0;
        }
    }
    (asphalt, d)
}
