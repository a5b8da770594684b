//! `roads` (车道线): a dash-camera view of a road for `polylines` — lane lines solid or dashed,
//! white or yellow, on straight and curved roads, with lane drops; the gold is the centre line of
//! each painted line from where it enters the picture to where its paint ends.

use serde_json::{Value, json};

use super::ImageScene;
use super::art::{self, glaze};
use super::draw::{Canvas, Item, Layer, Obj, P, Rgb, Shape, prim, seg_dist2};
use super::rng::{PI, Rng, r1, sin_cos, smooth};
use super::street::Cam;

/// Bumped whenever the same seed would draw a different road.
pub const GENERATOR_VERSION: u32 = 1;

const W: f64 = 640.0;
const H: f64 = 480.0;

/// Lines whose visible part is shorter than this (px) are not labeled.
pub const MIN_LENGTH: f64 = 20.0;

/// The annotation specification (标注规范); the gold follows it exactly.
pub const SPEC: &str = "\
【任务】车道线标注：用折线沿每条纵向车道线的中心线标注。
【标签】lane_line 车道线（车道分界线和车道边缘线）。
1. 每条车道线标一条折线，从它进入图像的位置（图像边缘或线的起点）画到油漆结束的位置；点要落在线的中心，弯道处多加点，贴合弯曲。
2. 虚线按一整条线标注：从图像内第一段的起点连续画到最后一段的终点，中间的间隔不断开。
3. 被车辆遮挡的部分按车道线的走向连续标注，不断开。
4. 双黄线按两条线分别标注。车道减少处结束的车道线画到它的终点为止。
5. 属性：style 实线为 solid、虚线为 dashed；color 白色为 white、黄色为 yellow。
6. 以下不标：停止线、人行横道、路面箭头、已涂销的旧标线（浅灰色痕迹）、轮胎印和阴影；图像内可见长度小于 20 像素的车道线。";

struct Level {
    layout: usize,
    /// Largest sideways bend (m) of the road at its far end.
    curve: f64,
    cars: (i64, i64),
    arrows: (i64, i64),
    crosswalk: bool,
    ghost: bool,
    marks: (i64, i64),
    shadows: (i64, i64),
    wear: f64,
    zfar: (f64, f64),
}

fn level_params(level: u8) -> Level {
    match level {
        5 => Level {
            layout: 0,
            curve: 0.0,
            cars: (0, 0),
            arrows: (0, 0),
            crosswalk: false,
            ghost: false,
            marks: (0, 0),
            shadows: (0, 0),
            wear: 0.0,
            zfar: (40.0, 50.0),
        },
        4 => Level {
            layout: 1,
            curve: 3.0,
            cars: (0, 1),
            arrows: (0, 1),
            crosswalk: false,
            ghost: false,
            marks: (0, 0),
            shadows: (0, 0),
            wear: 0.0,
            zfar: (45.0, 60.0),
        },
        3 => Level {
            layout: 2,
            curve: 5.0,
            cars: (1, 2),
            arrows: (1, 2),
            crosswalk: true,
            ghost: false,
            marks: (0, 1),
            shadows: (0, 1),
            wear: 0.1,
            zfar: (50.0, 70.0),
        },
        2 => Level {
            layout: 3,
            curve: 6.5,
            cars: (2, 3),
            arrows: (1, 3),
            crosswalk: true,
            ghost: true,
            marks: (1, 2),
            shadows: (1, 2),
            wear: 0.25,
            zfar: (55.0, 75.0),
        },
        _ => Level {
            layout: 4,
            curve: 8.0,
            cars: (3, 4),
            arrows: (2, 3),
            crosswalk: true,
            ghost: true,
            marks: (1, 3),
            shadows: (2, 3),
            wear: 0.4,
            zfar: (60.0, 80.0),
        },
    }
}

/// A painted line on the ground: lateral position X(Z) = x0 + c·Z² + shift over [z1, z2].
#[derive(Clone, Debug)]
struct Line {
    x0: f64,
    /// Lateral move (m) between z1 and z2 (a lane drop's taper).
    shift: f64,
    z1: f64,
    z2: f64,
    /// Where the paint ends.
    zend: f64,
    width: f64,
    /// Dash and gap lengths (m).
    dashed: Option<(f64, f64)>,
    yellow: bool,
}

impl Line {
    fn x(&self, z: f64, c: f64) -> f64 {
        let t = if self.z2 > self.z1 {
            smooth((z - self.z1) / (self.z2 - self.z1))
        } else {
            0.0
        };
        self.x0 + c * z * z + self.shift * t
    }

    /// Painted Z intervals.
    fn pieces(&self) -> Vec<(f64, f64)> {
        match self.dashed {
            None => vec![(Z0, self.zend)],
            Some((dash, gap)) => {
                // Whole dashes, the last one ending where the paint ends.
                let mut v = Vec::new();
                let mut b = self.zend;
                while b > Z0 {
                    v.push(((b - dash).max(Z0), b));
                    b -= dash + gap;
                }
                v.reverse();
                v
            }
        }
    }
}

/// Nearest depth drawn (below the picture).
const Z0: f64 = 1.0;

/// Depth samples between a and b: dense near the camera, where the image moves fastest.
fn zs(a: f64, b: f64, n: usize) -> Vec<f64> {
    let (ia, ib) = (1.0 / a, 1.0 / b);
    (0..=n)
        .map(|k| 1.0 / (ia + (ib - ia) * k as f64 / n as f64))
        .collect()
}

/// The layout's lines (world X relative to the road centre) and the lane centres.
fn layout(rng: &mut Rng, kind: usize, zfar: f64) -> (Vec<Line>, Vec<f64>) {
    let zend = zfar - 0.6;
    let line = |x0: f64, w: f64, dashed: bool, yellow: bool, dash: (f64, f64)| Line {
        x0,
        shift: 0.0,
        z1: 0.0,
        z2: 0.0,
        zend,
        width: w,
        dashed: if dashed { Some(dash) } else { None },
        yellow,
    };
    let city = (4.0, 6.0);
    let fast = (6.0, 9.0);
    match kind {
        0 => (
            vec![
                line(-3.5, 0.2, false, false, city),
                line(0.0, 0.15, true, false, city),
                line(3.5, 0.2, false, false, city),
            ],
            vec![-1.75, 1.75],
        ),
        1 => (
            vec![
                line(-5.25, 0.2, false, false, city),
                line(-1.75, 0.15, true, false, city),
                line(1.75, 0.15, true, false, city),
                line(5.25, 0.2, false, false, city),
            ],
            vec![-3.5, 0.0, 3.5],
        ),
        2 => (
            vec![
                line(-7.0, 0.2, false, false, city),
                line(-3.5, 0.15, true, false, city),
                line(-0.15, 0.15, false, true, city),
                line(0.15, 0.15, false, true, city),
                line(3.5, 0.15, true, false, city),
                line(7.0, 0.2, false, false, city),
            ],
            vec![-5.25, -1.75, 1.75, 5.25],
        ),
        _ => {
            // Two lanes towards us, three ours; the outer one ends (a lane drop).
            let dash = if kind == 4 && rng.chance(0.5) {
                fast
            } else {
                city
            };
            let mut v = vec![
                line(-7.0, 0.2, false, false, city),
                line(-3.5, 0.15, true, false, dash),
            ];
            if kind == 4 && rng.chance(0.4) {
                // A single dashed yellow centre line (overtaking allowed).
                v.push(line(0.0, 0.15, true, true, city));
            } else {
                v.push(line(-0.15, 0.15, false, true, city));
                v.push(line(0.15, 0.15, false, true, city));
            }
            v.push(line(3.5, 0.15, true, false, dash));
            let z1 = rng.range(14.0, 22.0).min(zend - 32.0);
            let mut drop = line(7.0, 0.15, true, false, dash);
            drop.zend = z1;
            v.push(drop);
            let mut edge = line(10.5, 0.2, false, false, city);
            edge.shift = -3.5;
            edge.z1 = z1;
            edge.z2 = z1 + 30.0;
            v.push(edge);
            (v, vec![-5.25, -1.75, 1.75, 5.25, 8.75])
        }
    }
}

/// How the road lies in the picture: the camera, the road's bend and where the camera drives.
#[derive(Clone, Copy)]
struct View {
    cam: Cam,
    /// The road's centre line bends to X = c·Z² (m).
    c: f64,
    /// The camera's sideways offset from the road's centre (m).
    xoff: f64,
}

impl View {
    /// Image point of the ground `x` m right of the road's centre line, at depth z.
    fn at(&self, z: f64, x: f64) -> P {
        self.cam.ground(x + self.c * z * z - self.xoff, z)
    }

    /// Image point of line `l`'s centre at depth z.
    fn on_line(&self, l: &Line, z: f64) -> P {
        self.cam.ground(l.x(z, self.c) - self.xoff, z)
    }
}

/// The road of one scene: how it is seen, its painted lines and its lanes, up to the junction
/// at `zfar` where the lines end.
struct Road {
    view: View,
    zfar: f64,
    lines: Vec<Line>,
    /// Lane centres (m from the road's centre), left to right.
    lanes: Vec<f64>,
}

impl Road {
    /// A camera and road drawn afresh.
    fn draw(rng: &mut Rng, lv: &Level) -> Road {
        let cam = Cam {
            xv: 320.0 + rng.range(-30.0, 30.0),
            yh: rng.range(190.0, 230.0),
            f: rng.range(560.0, 640.0),
            hc: 1.4,
        };
        let zfar = rng.range(lv.zfar.0, lv.zfar.1);
        let c = rng.range(-lv.curve, lv.curve) / (zfar * zfar);
        let (lines, lanes) = layout(rng, lv.layout, zfar);
        // The camera drives in one of our lanes (right of the centre on two-way roads).
        let ours: Vec<f64> = lanes
            .iter()
            .copied()
            .filter(|x| lv.layout < 2 || *x > 0.0)
            .collect();
        let xoff = *rng.pick(&ours) + rng.range(-0.5, 0.5);
        Road {
            view: View { cam, c, xoff },
            zfar,
            lines,
            lanes,
        }
    }

    /// Whether `lane` still runs at depth z: the lane that drops (beyond the road's right edge
    /// after the taper) takes nothing past its end.
    fn lane_open(&self, lane: f64, z: f64) -> bool {
        match self.lines.iter().find(|l| l.shift != 0.0).map(|l| l.z1) {
            Some(z1) => lane < 7.5 || z + 4.0 < z1,
            None => true,
        }
    }
}

/// Tries for a camera under which every line is clearly in or out of the picture.
const VIEW_TRIES: usize = 31;

/// Generates a roads scene: the road (drawn again until every line is clear), its lines and
/// their gold, the look-alikes painted under them, then the cars and shadows over them.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("roads", level, seed);
    let lv = level_params(level);
    let (road, golds) = clear_road(&mut rng, &lv);
    let paints = Paints::worn(lv.wear);
    let mut canvas = Canvas {
        w: W as u32,
        h: H as u32,
        ..Default::default()
    };
    canvas.background = background(&mut rng, &road, paints.asphalt);
    let mut gold_lines = draw_lines(&mut canvas, &road, golds, &paints);
    let n_lines = canvas.objects.len();
    road_marks(&mut rng, &lv, &road, &paints, &mut canvas);
    under_lines(&mut canvas, n_lines, &mut gold_lines);
    let ends: Vec<P> = gold_lines
        .iter()
        .flat_map(|g| [g.pts[0], g.pts[g.pts.len() - 1]])
        .collect();
    cars(&mut rng, &lv, &road, &ends, &mut canvas);
    shadows(&mut rng, &lv, &road, &mut canvas);
    ImageScene {
        canvas,
        gold: gold(gold_lines),
        spec: SPEC.to_string(),
        labels: vec!["lane_line"],
        attributes: json!({"style": ["solid", "dashed"], "color": ["white", "yellow"]}),
        params: json!({"sim_threshold": 0.5}),
        extra: None,
    }
}

/// Draws the camera and road until every line is clearly in or clearly out of the picture;
/// after `VIEW_TRIES`, the unclear lines are left unlabeled. Returns the road and each line's
/// gold (`None`: not labeled).
fn clear_road(rng: &mut Rng, lv: &Level) -> (Road, Vec<Option<Vec<P>>>) {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let road = Road::draw(rng, lv);
        let golds: Vec<Result<Option<Vec<P>>, ()>> = road
            .lines
            .iter()
            .map(|l| gold_line(&road.view, l))
            .collect();
        let unclear = golds.iter().any(|g| g.is_err());
        if !unclear || attempt >= VIEW_TRIES {
            let golds = golds.into_iter().map(|g| g.ok().flatten()).collect();
            return (road, golds);
        }
    }
}

/// Whether an image point is in the picture (its border included).
fn inside(p: P) -> bool {
    p.0 >= 0.0 && p.0 <= W && p.1 >= 0.0 && p.1 <= H
}

/// Whether a drawn strip comes within half a pixel of a pixel centre in the picture.
fn shows(shape: &Shape) -> bool {
    let b = shape.bounds();
    let mut spans = Vec::new();
    let (y0, y1) = (
        (b.1 - 1.0).floor().max(0.0) as i64,
        (b.3 + 1.0).ceil().min(H) as i64,
    );
    (y0..y1).any(|y| {
        spans.clear();
        shape.row_grown(y as f64 + 0.5, 0.5, &mut spans);
        spans.iter().any(|&(a, b)| {
            b > 0.5 && a < W - 0.5 && (a.max(0.5) - 0.5).ceil() < (b.min(W - 0.5) - 0.5).ceil()
        })
    })
}

/// Length of a polyline (px).
fn length(p: &[P]) -> f64 {
    p.windows(2)
        .map(|q| seg_dist2(q[0], q[1], q[1]).sqrt())
        .sum()
}

/// A line sampled for its gold: depths dense over its paint, with the exact end of every dash.
struct Trace<'a> {
    view: &'a View,
    line: &'a Line,
    pieces: Vec<(f64, f64)>,
    zz: Vec<f64>,
}

impl<'a> Trace<'a> {
    fn new(view: &'a View, line: &'a Line) -> Trace<'a> {
        let pieces = line.pieces();
        let mut zz: Vec<f64> = zs(Z0, line.zend, 400);
        for (a, b) in &pieces {
            zz.push(*a);
            zz.push(*b);
        }
        zz.sort_by(f64::total_cmp);
        zz.dedup();
        Trace {
            view,
            line,
            pieces,
            zz,
        }
    }

    fn pt(&self, z: f64) -> P {
        self.view.on_line(self.line, z)
    }

    /// The dash painted at depth z, if any.
    fn piece_of(&self, z: f64) -> Option<(f64, f64)> {
        self.pieces
            .iter()
            .find(|(a, b)| z >= *a - 1e-9 && z <= *b + 1e-9)
            .copied()
    }

    fn painted(&self, z: f64) -> bool {
        self.pieces
            .iter()
            .any(|(a, b)| z >= *a - 1e-9 && z <= *b + 1e-9)
    }

    fn visible(&self, z: f64) -> bool {
        self.painted(z) && inside(self.pt(z))
    }

    /// Whether the sample next to a run's end (index `i`, if it exists) is paint outside the
    /// picture: the run is cut by the border there.
    fn cut_at(&self, i: Option<usize>) -> bool {
        i.and_then(|i| self.zz.get(i))
            .is_some_and(|&z| self.painted(z) && !inside(self.pt(z)))
    }

    /// The depth between `out` (outside the picture) and `inn` (inside) where the line crosses
    /// the border, by bisection.
    fn border(&self, out: f64, inn: f64) -> f64 {
        let (mut o, mut i) = (out, inn);
        for _ in 0..50 {
            let m = 0.5 * (o + i);
            if inside(self.pt(m)) {
                i = m;
            } else {
                o = m;
            }
        }
        i
    }
}

/// A line's gold: its centre line inside the picture, from the first painted point in the
/// picture to the last, simplified to within 0.25 px. `Ok(None)`: no paint shows. `Err(())`:
/// the line is unclear — paint shows but its centre line does not run through the picture
/// with it (a dash in a corner whose middle is outside), or it shows less than `MIN_LENGTH`.
#[allow(clippy::result_unit_err)]
fn gold_line(view: &View, l: &Line) -> Result<Option<Vec<P>>, ()> {
    let t = Trace::new(view, l);
    let strips = paint(view, l);
    let Some(first) = t.zz.iter().position(|&z| t.visible(z)) else {
        return if strips.iter().any(shows) {
            Err(())
        } else {
            Ok(None)
        };
    };
    let last = t.zz.iter().rposition(|&z| t.visible(z)).unwrap_or(first);
    // The run between must stay inside the picture (no exit and re-entry), and no paint may
    // show outside it except where the strip straddles the border next to the run.
    if t.zz[first..=last].iter().any(|&z| !inside(t.pt(z))) {
        return Err(());
    }
    let (za, zb) = (t.zz[first], t.zz[last]);
    for ((a, b), strip) in t.pieces.iter().zip(&strips) {
        if (*b < za - 1e-9 || *a > zb + 1e-9) && shows(strip) {
            return Err(());
        }
    }
    let (za, zb) = run_ends(&t, first, last)?;
    let mut pts: Vec<P> = vec![t.pt(za)];
    pts.extend(t.zz.iter().filter(|&&z| z > za && z < zb).map(|&z| t.pt(z)));
    pts.push(t.pt(zb));
    let pts = simplify(&pts, 0.25);
    if length(&pts) < MIN_LENGTH {
        return Err(());
    }
    Ok(Some(
        pts.into_iter()
            .map(|p| (r1(p.0.clamp(0.0, W)), r1(p.1.clamp(0.0, H))))
            .collect(),
    ))
}

/// The depths where the visible run of samples `first..=last` starts and ends: moved out to the
/// border where the paint goes on beyond it. `Err` when a dash cut by the border shows only a
/// sliver (under 3 px), which is unclear.
fn run_ends(t: &Trace, first: usize, last: usize) -> Result<(f64, f64), ()> {
    let (mut za, mut zb) = (t.zz[first], t.zz[last]);
    let start_cut = t.cut_at(first.checked_sub(1));
    if start_cut {
        za = t.border(t.zz[first - 1], za);
    }
    let end_cut = t.cut_at(Some(last + 1));
    if end_cut {
        zb = t.border(t.zz[last + 1], zb);
    }
    let dist = |p: P, q: P| seg_dist2(p, q, q).sqrt();
    if start_cut
        && t.piece_of(za)
            .is_some_and(|(_, b)| dist(t.pt(za), t.pt(b.min(zb))) < 3.0)
    {
        return Err(());
    }
    if end_cut
        && t.piece_of(zb)
            .is_some_and(|(a, _)| dist(t.pt(a.max(za)), t.pt(zb)) < 3.0)
    {
        return Err(());
    }
    Ok((za, zb))
}

/// Douglas–Peucker simplification.
fn simplify(p: &[P], tol: f64) -> Vec<P> {
    if p.len() <= 2 {
        return p.to_vec();
    }
    let mut keep = vec![false; p.len()];
    keep[0] = true;
    keep[p.len() - 1] = true;
    let mut stack = vec![(0, p.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut best = (0.0, 0);
        for i in a + 1..b {
            let d = seg_dist2(p[i], p[a], p[b]);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tol * tol {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    p.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(q, _)| *q)
        .collect()
}

/// The painted strips of a line (one polygon per dash): the centre line widened by the line's
/// width in perspective, but never thinner than 1.2 px across (far lines stay visible).
fn paint(view: &View, l: &Line) -> Vec<Shape> {
    l.pieces()
        .into_iter()
        .map(|(a, b)| {
            let n = if l.dashed.is_some() { 4 } else { 160 };
            let z = zs(a, b, n);
            let mut p: Vec<P> = z.iter().map(|&z| view.on_line(l, z)).collect();
            // A far dash is never shorter than 1.2 px either: it stays visible.
            let len = length(&p);
            if len < 1.2 && p.len() >= 2 {
                let (u, v) = (p[0], p[p.len() - 1]);
                let d = seg_dist2(u, v, v).sqrt().max(1e-9);
                let e = (1.2 - len) / 2.0;
                let (tx, ty) = ((v.0 - u.0) / d * e, (v.1 - u.1) / d * e);
                let last = p.len() - 1;
                p[0] = (u.0 - tx, u.1 - ty);
                p[last] = (v.0 + tx, v.1 + ty);
            }
            let mut left = Vec::with_capacity(p.len());
            let mut right = Vec::with_capacity(p.len());
            for i in 0..p.len() {
                let (u, v) = (p[i.saturating_sub(1)], p[(i + 1).min(p.len() - 1)]);
                let (dx, dy) = (v.0 - u.0, v.1 - u.1);
                let len = (dx * dx + dy * dy).sqrt().max(1e-12);
                let (nx, ny) = (-dy / len, dx / len);
                // The width runs sideways on the ground, horizontally in the picture.
                let hx = l.width / 2.0 * view.cam.f / z[i];
                let half = (hx * nx.abs()).max(0.6);
                left.push((p[i].0 - nx * half, p[i].1 - ny * half));
                right.push((p[i].0 + nx * half, p[i].1 + ny * half));
            }
            left.extend(right.into_iter().rev());
            Shape::Poly(left)
        })
        .collect()
}

/// The paint and the asphalt; the paint wears towards the asphalt at hard levels.
struct Paints {
    asphalt: Rgb,
    white: Rgb,
    yellow: Rgb,
}

impl Paints {
    fn worn(wear: f64) -> Paints {
        let asphalt = Rgb(0x4e, 0x51, 0x56);
        Paints {
            asphalt,
            white: Rgb(0xf0, 0xf0, 0xea).mix(asphalt, wear),
            yellow: Rgb(0xf2, 0xc0, 0x1e).mix(asphalt, wear),
        }
    }
}

/// A labeled line: its object on the canvas, the line and its gold points.
struct GoldLine<'a> {
    obj: usize,
    line: &'a Line,
    pts: Vec<P>,
}

/// Draws every line as an object, labeled when it has a gold.
fn draw_lines<'a>(
    canvas: &mut Canvas,
    road: &'a Road,
    golds: Vec<Option<Vec<P>>>,
    paints: &Paints,
) -> Vec<GoldLine<'a>> {
    let mut gold = Vec::new();
    for (l, g) in road.lines.iter().zip(golds) {
        let color = if l.yellow {
            paints.yellow
        } else {
            paints.white
        };
        let items: Vec<Item> = paint(&road.view, l)
            .into_iter()
            .map(|s| prim(s, color))
            .collect();
        let label = if g.is_some() { Some("lane_line") } else { None };
        let k = canvas.objects.len();
        canvas.objects.push(Obj {
            role: "lane_line",
            items,
            group: k,
            label,
        });
        if let Some(pts) = g {
            gold.push(GoldLine {
                obj: k,
                line: l,
                pts,
            });
        }
    }
    gold
}

/// Look-alikes on the road surface: stop line, crosswalk, arrows, an old erased line, tyre marks.
fn road_marks(rng: &mut Rng, lv: &Level, road: &Road, paints: &Paints, canvas: &mut Canvas) {
    stop_line(lv, road, paints.white, canvas);
    arrows(rng, lv, road, paints.white, canvas);
    if lv.ghost {
        ghost_line(rng, road, paints.asphalt, canvas);
    }
    tyre_marks(rng, lv, road, paints.asphalt, canvas);
}

/// The stop line across the road at the junction and, at harder levels, a crosswalk beyond it.
fn stop_line(lv: &Level, road: &Road, white: Rgb, canvas: &mut Canvas) {
    let v = &road.view;
    let edge_l = road.lines.first().map(|l| l.x0).unwrap_or(-7.0);
    let edge_r = road.lines.last().map(|l| l.x0 + l.shift).unwrap_or(7.0);
    let z = road.zfar;
    let stop = Shape::Poly(vec![
        v.at(z, edge_l),
        v.at(z, edge_r),
        v.at(z + 0.45, edge_r),
        v.at(z + 0.45, edge_l),
    ]);
    push(canvas, "stop_line", vec![prim(stop, white)]);
    if lv.crosswalk {
        let mut items = Vec::new();
        let mut x = edge_l + 0.3;
        while x + 0.45 < edge_r {
            let (a, b) = (z + 1.5, z + 5.5);
            let bar = vec![v.at(a, x), v.at(a, x + 0.45), v.at(b, x + 0.45), v.at(b, x)];
            items.push(prim(Shape::Poly(bar), white));
            x += 1.0;
        }
        push(canvas, "crosswalk", items);
    }
}

/// Arrows in the lanes, at most one per 8 m of a lane; a draw that lands too close to another
/// or past a lane's end is skipped.
fn arrows(rng: &mut Rng, lv: &Level, road: &Road, white: Rgb, canvas: &mut Canvas) {
    let n = rng.int(lv.arrows.0, lv.arrows.1);
    let mut used: Vec<(f64, f64)> = Vec::new();
    for _ in 0..n {
        let lane = *rng.pick(&road.lanes);
        let z = rng.range(9.0, (road.zfar - 8.0).max(10.0));
        if !road.lane_open(lane, z)
            || used
                .iter()
                .any(|&(l, zz)| l == lane && (zz - z).abs() < 8.0)
        {
            continue;
        }
        used.push((lane, z));
        let (s, hw) = (3.0, 0.25);
        let shape = |u: f64, v: f64| road.view.at(z + v, lane + u);
        let poly = vec![
            shape(-hw * 0.5, 0.0),
            shape(hw * 0.5, 0.0),
            shape(hw * 0.5, s * 0.65),
            shape(hw * 1.6, s * 0.65),
            shape(0.0, s),
            shape(-hw * 1.6, s * 0.65),
            shape(-hw * 0.5, s * 0.65),
        ];
        push(canvas, "arrow", vec![prim(Shape::Poly(poly), white)]);
    }
}

/// An erased old line, half a lane off the current ones: a pale trace between two depths.
fn ghost_line(rng: &mut Rng, road: &Road, asphalt: Rgb, canvas: &mut Canvas) {
    let lanes = &road.lanes;
    let x = *rng.pick(&lanes[..lanes.len().min(4)]) + rng.range(-0.6, 0.6);
    let (za, zb) = (rng.range(6.0, 12.0), rng.range(25.0, road.zfar - 3.0));
    let ghost = Line {
        x0: x,
        shift: 0.0,
        z1: 0.0,
        z2: 0.0,
        zend: zb,
        width: 0.15,
        dashed: None,
        yellow: false,
    };
    let cam = &road.view.cam;
    let mut items = Vec::new();
    for s in paint(&road.view, &ghost) {
        if let Shape::Poly(p) = s {
            let keep: Vec<P> = p
                .into_iter()
                .filter(|q| q.1 <= cam.ground(0.0, za).1 + 0.01)
                .collect();
            if keep.len() >= 3 {
                items.push(prim(Shape::Poly(keep), asphalt.light(0.22)));
            }
        }
    }
    if !items.is_empty() {
        push(canvas, "ghost_line", items);
    }
}

/// Dark tyre marks curving along the lanes.
fn tyre_marks(rng: &mut Rng, lv: &Level, road: &Road, asphalt: Rgb, canvas: &mut Canvas) {
    let lanes = &road.lanes;
    let n = rng.int(lv.marks.0, lv.marks.1);
    for _ in 0..n {
        let x = *rng.pick(&lanes[..lanes.len().min(4)]) + rng.range(-1.0, 1.0);
        let (za, len) = (rng.range(5.0, 20.0), rng.range(6.0, 15.0));
        let bend = rng.range(-0.6, 0.6);
        let pts: Vec<P> = (0..=8)
            .map(|k| {
                let t = k as f64 / 8.0;
                road.view.at(za + len * t, x + bend * t * t)
            })
            .collect();
        let r = (road.view.cam.f / (za + len) * 0.08).max(0.6);
        let items = pts
            .windows(2)
            .map(|w| {
                let capsule = Shape::Capsule {
                    a: w[0],
                    b: w[1],
                    r,
                };
                prim(capsule, asphalt.dark(0.35))
            })
            .collect();
        push(canvas, "tyre_mark", items);
    }
}

/// Moves the road-surface look-alikes (every object after the first `n_lines`) before the
/// lines in painter's order: paint never overlaps on a real road, and a mark drawn over a line
/// would hide where it ends. The gold follows its objects.
fn under_lines(canvas: &mut Canvas, n_lines: usize, gold: &mut [GoldLine]) {
    let marks: Vec<Obj> = canvas.objects.drain(n_lines..).collect();
    let n_marks = marks.len();
    canvas.objects.splice(0..0, marks);
    for (k, o) in canvas.objects.iter_mut().enumerate() {
        o.group = k;
    }
    for g in gold.iter_mut() {
        g.obj += n_marks;
    }
}

/// Cars in the lanes, far ones drawn first. They hide the lines under them (the gold goes on
/// under them), but may not hide where a line starts or ends (`ends`), which a person could not
/// see: such places are drawn again.
fn cars(rng: &mut Rng, lv: &Level, road: &Road, ends: &[P], canvas: &mut Canvas) {
    let n = rng.int(lv.cars.0, lv.cars.1);
    let mut cars: Vec<(f64, Obj)> = Vec::new();
    let mut taken: Vec<(f64, f64)> = Vec::new();
    for _ in 0..n {
        for _ in 0..12 {
            if let Some((lane, z, obj)) = car(rng, lv, road, ends, &taken) {
                taken.push((lane, z));
                cars.push((z, obj));
                break;
            }
        }
    }
    cars.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, mut o) in cars {
        o.group = canvas.objects.len();
        canvas.objects.push(o);
    }
}

/// One try at a car: (lane, depth, car), or `None` when the draw lands where the lane has ended,
/// next to a car in the same lane (`taken`), out of the picture or over a line's end.
fn car(
    rng: &mut Rng,
    lv: &Level,
    road: &Road,
    ends: &[P],
    taken: &[(f64, f64)],
) -> Option<(f64, f64, Obj)> {
    let lane = *rng.pick(&road.lanes);
    let z = rng.range(8.0, (road.zfar * 0.6).max(12.0));
    if !road.lane_open(lane, z)
        || taken
            .iter()
            .any(|&(l, zz)| l == lane && (zz - z).abs() < 7.0)
    {
        return None;
    }
    let v = &road.view;
    let x = lane + v.c * z * z - v.xoff;
    let front = lv.layout >= 2 && lane < 0.0;
    let color = *rng.pick(&[
        Rgb(0xc8, 0x30, 0x2c),
        Rgb(0x2f, 0x5f, 0xb3),
        Rgb(0xe6, 0xe6, 0xe6),
        Rgb(0x2b, 0x2b, 0x2e),
        Rgb(0xb8, 0xbc, 0xc0),
    ]);
    let items = art::car(&v.cam.pen(x, z, false), color, front);
    let obj = Obj {
        role: if front { "car_oncoming" } else { "car" },
        items,
        group: 0,
        label: None,
    };
    let b = obj.bounds();
    let m = 4.0;
    let cx = (b.0 + b.2) / 2.0;
    if !(20.0..=W - 20.0).contains(&cx) || b.3 > H {
        return None;
    }
    if ends
        .iter()
        .any(|p| p.0 > b.0 - m && p.0 < b.2 + m && p.1 > b.1 - m && p.1 < b.3 + m)
    {
        return None;
    }
    Some((lane, z, obj))
}

/// Tree shadows on the road: translucent discs in perspective, over everything.
fn shadows(rng: &mut Rng, lv: &Level, road: &Road, canvas: &mut Canvas) {
    let n = rng.int(lv.shadows.0, lv.shadows.1);
    for _ in 0..n {
        let z = rng.range(6.0, road.zfar * 0.7);
        let x = rng.range(-8.0, 8.0);
        for k in 0..3 {
            let (cx, cz, r) = (
                x + (k as f64 - 1.0) * 1.6,
                z + ((k % 2) as f64) * 0.8,
                rng.range(1.2, 1.8),
            );
            let disc: Vec<P> = (0..20)
                .map(|i| {
                    let (s, co) = sin_cos(i as f64 * PI / 10.0);
                    road.view.at(cz + r * s, cx + r * co)
                })
                .collect();
            canvas.overlay.push(Layer::Item(glaze(
                Shape::Poly(disc),
                Rgb(0x10, 0x14, 0x10),
                0.22,
            )));
        }
    }
}

/// The gold polylines with their `style` and `color`.
fn gold(lines: Vec<GoldLine>) -> Vec<(usize, Value)> {
    lines
        .into_iter()
        .map(|g| {
            let pts: Vec<Value> = g.pts.iter().map(|p| json!([p.0, p.1])).collect();
            let attrs = json!({
                "style": if g.line.dashed.is_some() { "dashed" } else { "solid" },
                "color": if g.line.yellow { "yellow" } else { "white" },
            });
            (
                g.obj,
                json!({"label": "lane_line", "points": pts, "attributes": attrs}),
            )
        })
        .collect()
}

fn push(c: &mut Canvas, role: &'static str, items: Vec<Item>) {
    let k = c.objects.len();
    c.objects.push(Obj {
        role,
        items,
        group: k,
        label: None,
    });
}

/// Sky, verge, the road up to the junction and the cross road, and buildings beyond.
fn background(rng: &mut Rng, road: &Road, asphalt: Rgb) -> Vec<Layer> {
    let (v, zfar) = (&road.view, road.zfar);
    let cam = &v.cam;
    let mut out = Vec::new();
    out.push(Layer::Item(prim(
        Shape::rect(0.0, 0.0, W, cam.yh + 1.0),
        Rgb(0xa9, 0xcf, 0xee),
    )));
    let verge = *rng.pick(&[Rgb(0x7f, 0x9e, 0x55), Rgb(0x9c, 0x9a, 0x8c)]);
    out.push(Layer::Item(prim(Shape::rect(0.0, cam.yh, W, H), verge)));
    // The road surface up to the junction, then the cross road.
    let z = zs(Z0, zfar + 16.0, 120);
    let (wl, wr) = (-12.0, 14.0);
    let mut pts: Vec<P> = z.iter().map(|&z| v.at(z, wl)).collect();
    pts.extend(z.iter().rev().map(|&z| v.at(z, wr)));
    out.push(Layer::Item(prim(Shape::Poly(pts), asphalt)));
    let cross = [
        cam.ground(-400.0, zfar + 7.0),
        cam.ground(400.0, zfar + 7.0),
        cam.ground(400.0, zfar + 16.0),
        cam.ground(-400.0, zfar + 16.0),
    ];
    out.push(Layer::Item(prim(Shape::Poly(cross.to_vec()), asphalt)));
    // Buildings and trees beyond the junction hide the rest of the ground.
    let yb = cam.ground(0.0, zfar + 16.0).1;
    let mut x = -10.0;
    while x < W + 10.0 {
        let w = rng.range(30.0, 80.0);
        let h = rng.range(25.0, 70.0) * 60.0 / zfar;
        let col = *rng.pick(&[
            Rgb(0xc9, 0xb8, 0x9b),
            Rgb(0xa7, 0xa9, 0xad),
            Rgb(0xd7, 0xcf, 0xc4),
            Rgb(0x6f, 0x9a, 0x5c),
        ]);
        out.push(Layer::Item(prim(
            Shape::rect(x, yb - h, x + w, yb + 0.5),
            col,
        )));
        x += w;
    }
    out
}
