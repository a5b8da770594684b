//! `people` (人体关键点): human figures in varied poses for `keypoints`, with the 17 COCO joints;
//! joints hidden by another object or person are v = 1, joints outside the image v = 0.

use serde_json::{Value, json};

use super::ImageScene;
use super::art::glaze;
use super::draw::{
    Canvas, Gradient, Item, Layer, Obj, P, Raster, Rgb, Shape, prim, rasterize, retain_where,
};
use super::rng::{Rng, deg, r1, sin_cos};

/// Bumped whenever the same seed would draw different people.
pub const GENERATOR_VERSION: u32 = 1;

const W: f64 = 640.0;
const H: f64 = 480.0;

/// The COCO person keypoints, in order.
pub const KEYPOINT_NAMES: [&str; 17] = [
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
];

/// The COCO person skeleton as pairs of 0-based keypoint indices (COCO files write them 1-based).
pub const SKELETON: [[u8; 2]; 19] = [
    [15, 13],
    [13, 11],
    [16, 14],
    [14, 12],
    [11, 12],
    [5, 11],
    [6, 12],
    [5, 6],
    [5, 7],
    [6, 8],
    [7, 9],
    [8, 10],
    [1, 2],
    [0, 1],
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 5],
    [4, 6],
];

/// Fewest visible (v = 2) keypoints of a person the generator keeps.
const MIN_VISIBLE: usize = 5;

/// The annotation specification (标注规范); the gold follows it exactly.
pub const SPEC: &str = "\
【任务】人体关键点：为图中每个真人标注 17 个关键点，并框出人物（bbox）。
【标签】person。
【关键点顺序】0 鼻子，1 左眼，2 右眼，3 左耳，4 右耳，5 左肩，6 右肩，7 左肘，8 右肘，9 左腕，10 右腕，\
11 左髋，12 右髋，13 左膝，14 右膝，15 左踝，16 右踝（COCO 顺序）。
1. 左右以人物自身为准：面向镜头的人（看得到五官），其左侧身体在图像右侧；背对镜头的人（只看到后脑头发），其左侧身体在图像左侧。
2. 关节点标在肢体线段相接处的中心：肩在上臂的起点，肘、腕在前臂的两端，髋在大腿的起点，膝、踝在小腿的两端；\
耳朵标在头部两侧小圆的中心，眼睛、鼻子标在五官的中心。
3. 可见性 v：2 表示可见；1 表示在图像内、但被其他物体或其他人挡住，标在推测的位置；0 表示不标，坐标写 0, 0。\
在图像之外的关键点 v=0。
4. 背对镜头的人看不到鼻子和眼睛：这三个点 v=0、坐标 0, 0；耳朵照常标注。
5. bbox 框出人物的可见部分：被挡住的部分和图像之外的部分不框入，框要紧贴可见像素。
6. 以下不标：雕像（单一灰色、站在底座上）和海报、广告画中的人像。";

struct Level {
    people: (i64, i64),
    height: (f64, f64),
    near: f64,
    occluders: (i64, i64),
    distractors: (i64, i64),
    back: f64,
    truncate: bool,
    dots: bool,
    contrast: f64,
}

fn level_params(level: u8) -> Level {
    match level {
        5 => Level {
            people: (1, 2),
            height: (230.0, 300.0),
            near: 0.0,
            occluders: (0, 0),
            distractors: (0, 0),
            back: 0.0,
            truncate: false,
            dots: true,
            contrast: 1.0,
        },
        4 => Level {
            people: (2, 3),
            height: (170.0, 280.0),
            near: 0.0,
            occluders: (1, 1),
            distractors: (0, 0),
            back: 0.15,
            truncate: false,
            dots: true,
            contrast: 0.92,
        },
        3 => Level {
            people: (3, 4),
            height: (120.0, 260.0),
            near: 0.15,
            occluders: (1, 2),
            distractors: (0, 1),
            back: 0.3,
            truncate: true,
            dots: false,
            contrast: 0.8,
        },
        2 => Level {
            people: (4, 6),
            height: (90.0, 240.0),
            near: 0.2,
            occluders: (2, 3),
            distractors: (1, 1),
            back: 0.4,
            truncate: true,
            dots: false,
            contrast: 0.68,
        },
        _ => Level {
            people: (5, 8),
            height: (70.0, 220.0),
            near: 0.25,
            occluders: (3, 4),
            distractors: (1, 2),
            back: 0.5,
            truncate: true,
            dots: false,
            contrast: 0.56,
        },
    }
}

/// Object colours, mixed towards the floor as the level lowers the contrast.
#[derive(Clone, Copy)]
struct Tone {
    floor: Rgb,
    contrast: f64,
}

impl Tone {
    fn of(self, c: Rgb) -> Rgb {
        c.mix(self.floor, (1.0 - self.contrast) * 0.7)
    }
}

/// Where the people stand: the horizon, indoors or out, and the floor.
struct Setting {
    /// The horizon's height in the picture (px).
    yh: f64,
    indoor: bool,
    floor: Rgb,
    tone: Tone,
}

impl Setting {
    fn draw(rng: &mut Rng, lv: &Level) -> Setting {
        let yh = rng.range(140.0, 200.0);
        let indoor = rng.chance(0.5);
        let floor = if indoor {
            Rgb(0xc8, 0xb8, 0x9e)
        } else {
            Rgb(0xb9, 0xb6, 0xad)
        };
        Setting {
            yh,
            indoor,
            floor,
            tone: Tone {
                floor,
                contrast: lv.contrast,
            },
        }
    }

    /// Pixels per metre at ground line y (camera 1.5 m up; a 1.7 m person spans (y − yh) / 0.88).
    fn scale(&self, y: f64) -> f64 {
        (y - self.yh) / (0.88 * 1.7)
    }
}

/// An object standing with its base at `base` (px; lower in the picture is nearer, drawn later),
/// and its figure when it is a person.
struct Placed {
    base: f64,
    obj: Obj,
    figure: Option<Figure>,
}

/// Generates a people scene: the setting, the people, things in front of them and look-alikes,
/// then the picture, the people whose keypoints a person could not judge taken out, and the gold.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("people", level, seed);
    let lv = level_params(level);
    let set = Setting::draw(&mut rng, &lv);
    let mut placed: Vec<Placed> = Vec::new();
    place_people(&mut rng, level, &lv, &set, &mut placed);
    place_occluders(&mut rng, &lv, &set, &mut placed);
    place_distractors(&mut rng, &lv, &set, &mut placed);
    let (mut canvas, mut figs) = compose(&mut rng, &lv, &set, placed);
    let (raster, vis) = drop_unjudgeable(&mut canvas, &mut figs);
    ImageScene {
        gold: gold(&figs, &vis, &raster),
        canvas,
        spec: SPEC.to_string(),
        labels: vec!["person"],
        attributes: json!({}),
        params: json!({"oks_threshold": 0.5}),
        extra: Some((
            "keypoints",
            json!({"names": KEYPOINT_NAMES, "skeleton": SKELETON}),
        )),
    }
}

/// The level's number of people, each the first of up to 40 candidates that fits.
fn place_people(rng: &mut Rng, level: u8, lv: &Level, set: &Setting, placed: &mut Vec<Placed>) {
    let n = rng.int(lv.people.0, lv.people.1);
    for _ in 0..n {
        for _ in 0..40 {
            if let Some(p) = person(rng, level, lv, set, placed) {
                placed.push(p);
                break;
            }
        }
    }
}

/// One candidate person, or `None` when the pose covers the face, the figure leaves the
/// picture more than the level allows, or it stands too close to someone placed before.
fn person(
    rng: &mut Rng,
    level: u8,
    lv: &Level,
    set: &Setting,
    placed: &[Placed],
) -> Option<Placed> {
    let hgt = if rng.chance(lv.near) {
        rng.range(300.0, 420.0)
    } else {
        rng.range(lv.height.0, lv.height.1)
    };
    let fy = set.yh + 0.88 * hgt;
    let fx = if lv.truncate {
        rng.range(-0.12 * hgt, W + 0.12 * hgt)
    } else {
        rng.range(0.0, W)
    };
    let front = !rng.chance(lv.back);
    let fig = pose(rng, fx, fy, hgt, front)?;
    let lk = look(rng, set.tone, lv.dots);
    let obj = Obj {
        role: "person",
        items: draw_figure(&fig, &lk),
        group: placed.len(),
        label: Some("person"),
    };
    let b = obj.bounds();
    if !lv.truncate && (b.0 < 3.0 || b.1 < 3.0 || b.2 > W - 3.0 || b.3 > H - 3.0) {
        return None;
    }
    if b.2 < 4.0 || b.0 > W - 4.0 {
        return None;
    }
    // Keep people apart enough that nobody is mostly hidden by another.
    let clash = placed.iter().any(|p| match &p.figure {
        Some(g) => {
            (g.kp[5].0 + g.kp[6].0 - fig.kp[5].0 - fig.kp[6].0).abs() / 2.0
                < 0.18 * (g.height + hgt) / 2.0
        }
        None => false,
    });
    if clash || (level == 5 && placed.iter().any(|p| overlaps(p.obj.bounds(), b, 6.0))) {
        return None;
    }
    Some(Placed {
        base: fy,
        obj,
        figure: Some(fig),
    })
}

/// Things standing in front of people (drawn after them), each in front of a person drawn at
/// random, at most a little below the picture.
fn place_occluders(rng: &mut Rng, lv: &Level, set: &Setting, placed: &mut Vec<Placed>) {
    let figures: Vec<(f64, f64, f64)> = placed
        .iter()
        .filter_map(|p| p.figure.as_ref().map(|f| (f.kp[11].0, p.base, f.height)))
        .collect();
    let n = rng.int(lv.occluders.0, lv.occluders.1);
    for _ in 0..n {
        if figures.is_empty() {
            break;
        }
        let &(x, y, hgt) = rng.pick(&figures);
        let base = y + rng.range(4.0, 30.0);
        let y = base.min(H + 20.0);
        let x = x + rng.range(-0.3, 0.3) * hgt;
        let (role, items) = occluder(rng, x, y, set.scale(y), set.tone);
        let obj = Obj {
            role,
            items,
            group: placed.len(),
            label: None,
        };
        placed.push(Placed {
            base,
            obj,
            figure: None,
        });
    }
}

/// Look-alikes that must not be labeled: statues and posters of people, wholly in the picture.
fn place_distractors(rng: &mut Rng, lv: &Level, set: &Setting, placed: &mut Vec<Placed>) {
    let n = rng.int(lv.distractors.0, lv.distractors.1);
    for _ in 0..n {
        for _ in 0..20 {
            let group = placed.len();
            let candidate = if rng.chance(0.5) {
                statue(rng, lv, set, group)
            } else {
                poster(rng, set, group)
            };
            let Some((base, obj)) = candidate else {
                continue;
            };
            let b = obj.bounds();
            if b.0 < 2.0 || b.2 > W - 2.0 || b.1 < 2.0 || b.3 > H - 2.0 {
                continue;
            }
            placed.push(Placed {
                base,
                obj,
                figure: None,
            });
            break;
        }
    }
}

/// A grey stone figure on a pedestal: (base, object), or `None` when its pose covers its face.
fn statue(rng: &mut Rng, lv: &Level, set: &Setting, group: usize) -> Option<(f64, Obj)> {
    let hgt = rng.range(lv.height.0, lv.height.1.min(230.0));
    let fy = set.yh + 0.88 * hgt;
    let fx = rng.range(0.1 * W, 0.9 * W);
    let ped = 0.14 * hgt;
    let fig = pose(rng, fx, fy - ped, hgt * 0.92, true)?;
    let stone = Rgb(0x9c, 0x9c, 0x98);
    let lk = Look {
        skin: stone,
        hair: stone.dark(0.08),
        top: stone.light(0.05),
        bottom: stone.dark(0.05),
        shoes: stone.dark(0.1),
        dots: None,
    };
    let mut items = vec![prim(
        Shape::rect(fx - 0.2 * hgt, fy - ped, fx + 0.2 * hgt, fy),
        Rgb(0x7d, 0x78, 0x70),
    )];
    items.extend(draw_figure(&fig, &lk));
    let obj = Obj {
        role: "statue",
        items,
        group,
        label: None,
    };
    Some((fy, obj))
}

/// A framed poster on the wall with a printed person: (base, object), or `None` when the
/// printed pose covers its face.
fn poster(rng: &mut Rng, set: &Setting, group: usize) -> Option<(f64, Obj)> {
    let yh = set.yh;
    let ph = rng.range(90.0, 150.0).min(yh - 10.0);
    let pw = ph * 0.72;
    let x0 = rng.range(10.0, W - pw - 10.0);
    let y0 = rng.range(8.0, (yh - ph - 2.0).max(9.0));
    let paper = *rng.pick(&[
        Rgb(0xf4, 0xe9, 0xd0),
        Rgb(0xd8, 0xee, 0xf8),
        Rgb(0xfa, 0xd4, 0xd4),
    ]);
    let fig = pose(rng, x0 + pw / 2.0, y0 + ph * 0.93, ph * 0.8, true)?;
    let lk = look(rng, set.tone, false);
    let mut items = vec![
        prim(
            Shape::rect(x0 - 4.0, y0 - 4.0, x0 + pw + 4.0, y0 + ph + 4.0),
            Rgb(0x33, 0x33, 0x36),
        ),
        prim(Shape::rect(x0, y0, x0 + pw, y0 + ph), paper),
        prim(
            Shape::rect(x0, y0, x0 + pw, y0 + ph * 0.12),
            paper.dark(0.3),
        ),
    ];
    // The printed person stays on the paper.
    let prims = draw_figure(&fig, &lk)
        .into_iter()
        .filter_map(|it| {
            if let Item::Prim(p) = it {
                Some(p)
            } else {
                None
            }
        })
        .collect();
    items.push(Item::Clip {
        clip: Shape::rect(x0, y0, x0 + pw, y0 + ph),
        prims,
    });
    let obj = Obj {
        role: "poster",
        items,
        group,
        label: None,
    };
    // On the wall: behind everyone standing on the floor.
    Some((yh, obj))
}

/// The picture: everything in painter's order (farthest base first) over the setting, a haze of
/// the floor colour at low contrast; and each object's figure alongside.
fn compose(
    rng: &mut Rng,
    lv: &Level,
    set: &Setting,
    mut placed: Vec<Placed>,
) -> (Canvas, Vec<Option<Figure>>) {
    placed.sort_by(|a, b| a.base.total_cmp(&b.base));
    let figs = placed.iter().map(|p| p.figure.clone()).collect();
    let mut canvas = Canvas {
        w: W as u32,
        h: H as u32,
        ..Default::default()
    };
    canvas.objects = placed.into_iter().map(|p| p.obj).collect();
    canvas.background = background(rng, set.yh, set.indoor, set.floor);
    if lv.contrast < 0.9 {
        canvas.overlay.push(Layer::Item(glaze(
            Shape::rect(0.0, 0.0, W, H),
            set.floor,
            (1.0 - lv.contrast) * 0.35,
        )));
    }
    (canvas, figs)
}

/// Drops the people whose keypoints a person could not judge, until none is left; returns the
/// raster and each kept person's keypoint visibilities.
fn drop_unjudgeable(
    canvas: &mut Canvas,
    figs: &mut Vec<Option<Figure>>,
) -> (Raster, Vec<Option<[u8; 17]>>) {
    loop {
        let r = rasterize(canvas, false, &|k, _| figs[k].is_some());
        let mut keep = vec![true; canvas.objects.len()];
        let mut vis: Vec<Option<[u8; 17]>> = vec![None; canvas.objects.len()];
        for (k, f) in figs.iter().enumerate() {
            let Some(f) = f else { continue };
            match keypoint_visibility(canvas, k, f) {
                Some(v) if judgeable(&r, k, &v) => vis[k] = Some(v),
                _ => keep[k] = false,
            }
        }
        if keep.iter().all(|&k| k) {
            return (r, vis);
        }
        retain_where(&mut canvas.objects, &keep);
        retain_where(figs, &keep);
    }
}

/// The visibility of each keypoint of figure `f` (object `k`), or `None` when any is unclear.
/// The face of a person seen from behind stays 0.
fn keypoint_visibility(canvas: &Canvas, k: usize, f: &Figure) -> Option<[u8; 17]> {
    let mut v = [0u8; 17];
    for (i, p) in f.kp.iter().enumerate() {
        if !f.front && i < 3 {
            continue;
        }
        v[i] = visibility(canvas, k, *p)?;
    }
    Some(v)
}

/// Whether person `k` is clear enough to label: enough keypoints in sight and a visible extent
/// that does not hang on a sliver.
fn judgeable(r: &Raster, k: usize, v: &[u8; 17]) -> bool {
    let seen = v.iter().filter(|x| **x == 2).count();
    seen >= MIN_VISIBLE && r.cov[k].xywh().is_some() && !r.fragile(k)
}

/// The gold: each kept person's keypoints (outside or unseen ones as 0, 0, 0) and visible box.
fn gold(figs: &[Option<Figure>], vis: &[Option<[u8; 17]>], raster: &Raster) -> Vec<(usize, Value)> {
    let mut gold = Vec::new();
    for (k, f) in figs.iter().enumerate() {
        let (Some(f), Some(v)) = (f, vis[k]) else {
            continue;
        };
        let Some(bb) = raster.gold_box(k) else {
            continue;
        };
        let kps: Vec<Value> =
            f.kp.iter()
                .zip(v.iter())
                .map(|(p, &vi)| {
                    if vi == 0 {
                        json!([0, 0, 0])
                    } else {
                        json!([p.0, p.1, vi])
                    }
                })
                .collect();
        gold.push((k, json!({"label": "person", "keypoints": kps, "bbox": bb})));
    }
    gold
}

/// A figure's joints in image pixels, by the person's own left and right.
#[derive(Clone, Debug)]
struct Figure {
    front: bool,
    /// The 17 keypoints (COCO order), rounded to 0.1 px.
    kp: [P; 17],
    /// Head centre and radius, neck base.
    head: P,
    head_r: f64,
    neck: P,
    height: f64,
}

impl Figure {
    /// The offsets (0 = the person's left, 1 = right) of the limb on the image left, then the
    /// image right: facing the camera, the person's right is on the image left.
    fn image_sides(&self) -> [usize; 2] {
        if self.front { [1, 0] } else { [0, 1] }
    }

    /// Joint `i` (a left-side COCO index) on side `s`.
    fn joint(&self, i: usize, s: usize) -> P {
        self.kp[i + s]
    }
}

fn add(a: P, b: P) -> P {
    (a.0 + b.0, a.1 + b.1)
}

fn dist(a: P, b: P) -> f64 {
    ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).sqrt()
}

/// Head radius, in figure heights.
const HEAD_R: f64 = 0.062;

/// Poses a figure `height` px tall whose feet stand at (fx, fy). None when the drawn pose would
/// cover its own face (the arms are kept clear of the head).
///
/// The pose is built in a local frame — pelvis at the origin, y down, in figure heights — with
/// each pair of joints as [image left, image right], then scaled and placed in the picture.
fn pose(rng: &mut Rng, fx: f64, fy: f64, height: f64, front: bool) -> Option<Figure> {
    let lean = rng.range(-0.02, 0.02);
    let (ta, tb, ka, kb) = stance(rng);
    let hips = [(-0.085, 0.0), (0.085, 0.0)];
    let (knee_a, ankle_a) = leg(hips[0], ta, ka);
    let (knee_b, ankle_b) = leg(hips[1], tb, kb);
    let neck = (lean, -0.3);
    let shoulders = [(lean - 0.125, -0.29), (lean + 0.125, -0.29)];
    let (elbow_a, wrist_a) = arm(rng, shoulders[0], -1.0);
    let (elbow_b, wrist_b) = arm(rng, shoulders[1], 1.0);
    let head = (neck.0, neck.1 - 0.115);
    if [elbow_a, wrist_a, elbow_b, wrist_b]
        .iter()
        .any(|&p| dist(p, head) < HEAD_R + 0.075)
    {
        return None;
    }
    let nose = (head.0, head.1 + 0.014);
    let eyes = [
        (head.0 - 0.022, head.1 - 0.008),
        (head.0 + 0.022, head.1 - 0.008),
    ];
    let ears = [
        (head.0 - 0.064, head.1 + 0.004),
        (head.0 + 0.064, head.1 + 0.004),
    ];
    // Feet on the ground: the lowest ankle sits 0.03 above fy.
    let low = ankle_a.1.max(ankle_b.1) + 0.03;
    let place = |p: P| -> P {
        let q = (p.0 * height, (p.1 - low) * height);
        (r1(fx + q.0), r1(fy + q.1))
    };
    // COCO order after the nose: left then right of each pair, by the person's own side.
    let pairs = [
        eyes,
        ears,
        shoulders,
        [elbow_a, elbow_b],
        [wrist_a, wrist_b],
        hips,
        [knee_a, knee_b],
        [ankle_a, ankle_b],
    ];
    let (l, r) = if front { (1, 0) } else { (0, 1) };
    let mut kp = [place(nose); 17];
    for (n, pair) in pairs.iter().enumerate() {
        kp[1 + 2 * n] = place(pair[l]);
        kp[2 + 2 * n] = place(pair[r]);
    }
    Some(Figure {
        front,
        kp,
        head: place(head),
        head_r: r1(HEAD_R * height),
        neck: place(neck),
        height,
    })
}

/// The legs' angles (degrees): thigh of the image-left leg, of the image-right leg, then the
/// knees' bends; standing, striding, one knee bent, or one leg lifted.
fn stance(rng: &mut Rng) -> (f64, f64, f64, f64) {
    match rng.index(4) {
        0 => (rng.range(-4.0, 2.0), rng.range(-2.0, 4.0), 0.0, 0.0),
        1 => (
            rng.range(-18.0, -8.0),
            rng.range(8.0, 18.0),
            rng.range(-5.0, 5.0),
            rng.range(-5.0, 5.0),
        ),
        2 => (
            rng.range(-12.0, -4.0),
            rng.range(-4.0, 6.0),
            rng.range(10.0, 35.0),
            rng.range(-5.0, 5.0),
        ),
        _ => (
            rng.range(-6.0, 4.0),
            rng.range(20.0, 45.0),
            0.0,
            rng.range(-70.0, -40.0),
        ),
    }
}

/// Knee and ankle of a leg from `hip`, the thigh at `t` degrees from vertical and the knee bent
/// by `k`.
fn leg(hip: P, t: f64, k: f64) -> (P, P) {
    let (st, ct) = sin_cos(deg(t));
    let knee = add(hip, (0.245 * st, 0.245 * ct));
    let (sk, ck) = sin_cos(deg(t + k));
    (knee, add(knee, (0.235 * sk, 0.235 * ck)))
}

/// Elbow and wrist of an arm from shoulder `sh`, swung outwards (`side` −1 on the image left).
fn arm(rng: &mut Rng, sh: P, side: f64) -> (P, P) {
    let a = rng.range(8.0, 150.0);
    let b = rng.range(-50.0, 80.0);
    let (sa, ca) = sin_cos(deg(a));
    let elbow = add(sh, (side * 0.165 * sa, 0.165 * ca));
    let (sb, cb) = sin_cos(deg(a + b));
    (elbow, add(elbow, (side * 0.145 * sb, 0.145 * cb)))
}

#[derive(Clone, Copy)]
struct Look {
    skin: Rgb,
    hair: Rgb,
    top: Rgb,
    bottom: Rgb,
    shoes: Rgb,
    dots: Option<Rgb>,
}

/// The drawing of a figure, back to front: legs, torso, head, arms, and the joint dots of the
/// easy levels. Every keypoint lies inside one of its shapes.
fn draw_figure(f: &Figure, look: &Look) -> Vec<Item> {
    let mut v = Vec::new();
    draw_legs(f, look, &mut v);
    draw_torso(f, look, &mut v);
    if f.front {
        draw_face(f, look, &mut v);
    } else {
        draw_back_of_head(f, look, &mut v);
    }
    draw_arms(f, look, &mut v);
    if let Some(d) = look.dots {
        let r = (0.011 * f.height).max(1.2);
        for p in &f.kp[5..] {
            v.push(prim(Shape::Circle { c: *p, r }, d));
        }
    }
    v
}

fn capsule(a: P, b: P, r: f64) -> Shape {
    Shape::Capsule { a, b, r }
}

fn circle(c: P, r: f64) -> Shape {
    Shape::Circle { c, r }
}

/// Thighs, shins and shoes (pointing outwards), image left first.
fn draw_legs(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let h = f.height;
    let [a, _] = f.image_sides();
    for s in f.image_sides() {
        let (hip, knee, ankle) = (f.joint(11, s), f.joint(13, s), f.joint(15, s));
        v.push(prim(capsule(hip, knee, 0.045 * h), look.bottom));
        v.push(prim(capsule(knee, ankle, 0.04 * h), look.bottom));
        let out = if s == a { -1.0 } else { 1.0 };
        let toe = (ankle.0 + out * 0.03 * h, ankle.1 + 0.015 * h);
        v.push(prim(capsule(ankle, toe, 0.03 * h), look.shoes));
    }
}

/// The torso between shoulders and hips, and the neck.
fn draw_torso(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let h = f.height;
    let [a, b] = f.image_sides();
    let (sha, shb) = (f.joint(5, a), f.joint(5, b));
    let (hipa, hipb) = (f.joint(11, a), f.joint(11, b));
    let torso = vec![
        (sha.0 - 0.02 * h, sha.1 - 0.005 * h),
        (shb.0 + 0.02 * h, shb.1 - 0.005 * h),
        (hipb.0 + 0.03 * h, hipb.1 + 0.03 * h),
        (hipa.0 - 0.03 * h, hipa.1 + 0.03 * h),
    ];
    v.push(prim(Shape::Poly(torso), look.top));
    v.push(prim(capsule(f.neck, f.head, 0.028 * h), look.skin));
}

/// The ears on the sides of the head (keypoints 3 and 4).
fn draw_ears(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let ear_r = (0.016 * f.height).max(1.6);
    for i in [3, 4] {
        v.push(prim(circle(f.kp[i], ear_r), look.skin.dark(0.12)));
    }
}

/// A head facing the camera: hair behind, ears, face, eyes, nose and mouth.
fn draw_face(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let (h, k) = (f.height, &f.kp);
    let hair = circle((f.head.0, f.head.1 - 0.012 * h), f.head_r + 0.004 * h);
    v.push(prim(hair, look.hair));
    draw_ears(f, look, v);
    v.push(prim(circle(f.head, f.head_r), look.skin));
    let eye_r = (0.008 * h).max(0.9);
    for i in [1, 2] {
        v.push(prim(circle(k[i], eye_r), Rgb(0x22, 0x1c, 0x1a)));
    }
    v.push(prim(
        circle(k[0], (0.007 * h).max(0.8)),
        look.skin.dark(0.3),
    ));
    let m = (f.head.0, f.head.1 + 0.032 * h);
    let mouth = Shape::rect(
        m.0 - 0.014 * h,
        m.1 - 0.003 * h,
        m.0 + 0.014 * h,
        m.1 + 0.003 * h,
    );
    v.push(prim(mouth, Rgb(0x9a, 0x3c, 0x3c)));
}

/// A head seen from behind: all hair, with the ears showing.
fn draw_back_of_head(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let hair = circle(f.head, f.head_r + 0.002 * f.height);
    v.push(prim(hair, look.hair));
    draw_ears(f, look, v);
}

/// Upper arms, forearms (sleeve fading to skin) and hands, image left first: drawn last, so
/// arms in front of the body stay visible.
fn draw_arms(f: &Figure, look: &Look, v: &mut Vec<Item>) {
    let h = f.height;
    for s in f.image_sides() {
        let (sh, el, wr) = (f.joint(5, s), f.joint(7, s), f.joint(9, s));
        v.push(prim(capsule(sh, el, 0.034 * h), look.top));
        v.push(prim(
            capsule(el, wr, 0.028 * h),
            look.top.mix(look.skin, 0.5),
        ));
        v.push(prim(circle(wr, 0.03 * h), look.skin));
    }
}

/// Clothes and skin colours; clothes fade towards the floor as the contrast drops.
fn look(rng: &mut Rng, tone: Tone, dots: bool) -> Look {
    let skins = [
        Rgb(0xf1, 0xc2, 0x9b),
        Rgb(0xe0, 0xa8, 0x7c),
        Rgb(0xc6, 0x8a, 0x5e),
        Rgb(0x9a, 0x65, 0x40),
    ];
    let hairs = [
        Rgb(0x1e, 0x1a, 0x18),
        Rgb(0x3b, 0x2a, 0x1e),
        Rgb(0x6d, 0x4c, 0x2e),
        Rgb(0x8a, 0x8a, 0x8a),
    ];
    let tops = [
        Rgb(0xd9, 0x48, 0x3b),
        Rgb(0x2e, 0x7d, 0xd2),
        Rgb(0x3f, 0xa3, 0x5b),
        Rgb(0xf0, 0xa2, 0x02),
        Rgb(0x8e, 0x44, 0xad),
        Rgb(0xe8, 0x7e, 0xa1),
        Rgb(0x16, 0xa0, 0x9a),
    ];
    let bottoms = [
        Rgb(0x24, 0x3a, 0x5e),
        Rgb(0x2d, 0x2d, 0x2d),
        Rgb(0x6b, 0x5b, 0x4b),
        Rgb(0x4a, 0x6f, 0xa5),
    ];
    Look {
        skin: *rng.pick(&skins),
        hair: *rng.pick(&hairs),
        top: tone.of(*rng.pick(&tops)),
        bottom: tone.of(*rng.pick(&bottoms)),
        shoes: Rgb(0x25, 0x22, 0x20),
        dots: if dots {
            Some(Rgb(0xff, 0xff, 0xff))
        } else {
            None
        },
    }
}

/// Things that stand in front of people: crates, bushes, benches, low walls, posts. `s` is
/// pixels per metre where it stands.
fn occluder(rng: &mut Rng, x: f64, y: f64, s: f64, tone: Tone) -> (&'static str, Vec<Item>) {
    match rng.index(5) {
        0 => ("crate", crate_box(rng, x, y, s, tone)),
        1 => ("bush", bush(rng, x, y, s, tone)),
        2 => ("bench", bench(rng, x, y, s, tone)),
        3 => ("wall", wall(rng, x, y, s, tone)),
        _ => ("post", post(x, y, s)),
    }
}

/// A crate, its slats darker.
fn crate_box(rng: &mut Rng, x: f64, y: f64, s: f64, tone: Tone) -> Vec<Item> {
    let w = rng.range(0.7, 1.1) * s;
    let hh = rng.range(0.6, 1.0) * s;
    let c = tone.of(Rgb(0xb0, 0x7a, 0x45));
    let mut v = vec![prim(Shape::rect(x - w / 2.0, y - hh, x + w / 2.0, y), c)];
    let n = 3;
    for i in 1..n {
        let yy = y - hh * i as f64 / n as f64;
        v.push(prim(
            Shape::rect(x - w / 2.0, yy - 0.02 * s, x + w / 2.0, yy + 0.02 * s),
            c.dark(0.3),
        ));
    }
    v
}

/// A bush of three leafy discs.
fn bush(rng: &mut Rng, x: f64, y: f64, s: f64, tone: Tone) -> Vec<Item> {
    let c = tone.of(*rng.pick(&[
        Rgb(0x3f, 0x8f, 0x3a),
        Rgb(0x2f, 0x70, 0x3c),
        Rgb(0x5a, 0xa0, 0x45),
    ]));
    let r = rng.range(0.35, 0.5) * s;
    vec![
        prim(
            Shape::Circle {
                c: (x - r, y - r),
                r,
            },
            c.dark(0.1),
        ),
        prim(
            Shape::Circle {
                c: (x + r, y - r),
                r,
            },
            c.dark(0.05),
        ),
        prim(
            Shape::Circle {
                c: (x, y - 1.5 * r),
                r: r * 1.15,
            },
            c,
        ),
    ]
}

/// A park bench seen from the front.
fn bench(rng: &mut Rng, x: f64, y: f64, s: f64, tone: Tone) -> Vec<Item> {
    let w = rng.range(1.4, 1.9) * s;
    let c = tone.of(Rgb(0x8a, 0x5a, 0x34));
    let leg = Rgb(0x3a, 0x3a, 0x3c);
    vec![
        prim(
            Shape::rect(
                x - w / 2.0 + 0.1 * s,
                y - 0.45 * s,
                x - w / 2.0 + 0.18 * s,
                y,
            ),
            leg,
        ),
        prim(
            Shape::rect(
                x + w / 2.0 - 0.18 * s,
                y - 0.45 * s,
                x + w / 2.0 - 0.1 * s,
                y,
            ),
            leg,
        ),
        prim(
            Shape::rect(x - w / 2.0, y - 0.5 * s, x + w / 2.0, y - 0.42 * s),
            c,
        ),
        prim(
            Shape::rect(x - w / 2.0, y - 0.92 * s, x + w / 2.0, y - 0.72 * s),
            c,
        ),
        prim(
            Shape::rect(
                x - w / 2.0 + 0.12 * s,
                y - 0.72 * s,
                x - w / 2.0 + 0.18 * s,
                y - 0.5 * s,
            ),
            leg,
        ),
        prim(
            Shape::rect(
                x + w / 2.0 - 0.18 * s,
                y - 0.72 * s,
                x + w / 2.0 - 0.12 * s,
                y - 0.5 * s,
            ),
            leg,
        ),
    ]
}

/// A low wall with a darker coping.
fn wall(rng: &mut Rng, x: f64, y: f64, s: f64, tone: Tone) -> Vec<Item> {
    let w = rng.range(1.5, 3.0) * s;
    let hh = rng.range(0.7, 1.0) * s;
    let c = tone.of(*rng.pick(&[
        Rgb(0xb5, 0x65, 0x4a),
        Rgb(0xa8, 0xa4, 0x9c),
        Rgb(0xc9, 0xb0, 0x8a),
    ]));
    vec![
        prim(Shape::rect(x - w / 2.0, y - hh, x + w / 2.0, y), c),
        prim(
            Shape::rect(
                x - w / 2.0 - 0.04 * s,
                y - hh - 0.08 * s,
                x + w / 2.0 + 0.04 * s,
                y - hh,
            ),
            c.dark(0.2),
        ),
    ]
}

/// A tall post with a pale sign on top.
fn post(x: f64, y: f64, s: f64) -> Vec<Item> {
    let c = Rgb(0x4f, 0x55, 0x5a);
    vec![
        prim(Shape::rect(x - 0.07 * s, y - 3.6 * s, x + 0.07 * s, y), c),
        prim(
            Shape::rect(x - 0.16 * s, y - 3.8 * s, x + 0.16 * s, y - 3.55 * s),
            Rgb(0xe8, 0xe4, 0xc8),
        ),
    ]
}
/// The topmost object at point p (shapes tested directly, for sub-pixel samples).
fn top_at(c: &Canvas, p: P) -> Option<usize> {
    (0..c.objects.len()).rev().find(|&k| {
        c.objects[k]
            .items
            .iter()
            .any(|it| matches!(it, Item::Prim(q) if q.shape.contains(p.0, p.1)))
    })
}

/// Visibility of keypoint `p` of object `k`: Some(0 | 1 | 2), or None when a person could not
/// tell (an occluding edge within 0.3 px of the keypoint's pixel centre, or within 2 px of the
/// image border).
fn visibility(c: &Canvas, k: usize, p: P) -> Option<u8> {
    let m = 2.0;
    if p.0 < -m || p.1 < -m || p.0 >= W + m || p.1 >= H + m {
        return Some(0);
    }
    if p.0 < m || p.1 < m || p.0 >= W - m || p.1 >= H - m {
        return None;
    }
    let cx = p.0.floor() + 0.5;
    let cy = p.1.floor() + 0.5;
    let mut on = 0;
    let samples = [
        (cx, cy),
        (cx - 0.3, cy),
        (cx + 0.3, cy),
        (cx, cy - 0.3),
        (cx, cy + 0.3),
    ];
    for s in samples {
        // The figure itself must cover the sample (the drawing guarantees it; be safe).
        if !c.objects[k]
            .items
            .iter()
            .any(|it| matches!(it, Item::Prim(q) if q.shape.contains(s.0, s.1)))
        {
            return None;
        }
        if top_at(c, s) == Some(k) {
            on += 1;
        }
    }
    match on {
        5 => Some(2),
        0 => Some(1),
        _ => None,
    }
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64), m: f64) -> bool {
    a.0 < b.2 + m && b.0 < a.2 + m && a.1 < b.3 + m && b.1 < a.3 + m
}

fn background(rng: &mut Rng, yh: f64, indoor: bool, floor: Rgb) -> Vec<Layer> {
    let mut v = Vec::new();
    if indoor {
        let wall = *rng.pick(&[
            Rgb(0xe8, 0xe2, 0xd6),
            Rgb(0xd6, 0xe2, 0xe8),
            Rgb(0xe6, 0xdc, 0xcc),
        ]);
        v.push(Layer::Item(prim(Shape::rect(0.0, 0.0, W, yh), wall)));
        v.push(Layer::Item(prim(
            Shape::rect(0.0, yh - 6.0, W, yh),
            wall.dark(0.25),
        )));
        // Windows on the wall.
        let n = rng.int(1, 3);
        for i in 0..n {
            let x = (i as f64 + 0.2 + rng.range(0.0, 0.4)) * W / n as f64;
            let w = rng.range(60.0, 110.0);
            let top = rng.range(15.0, 40.0);
            v.push(Layer::Item(prim(
                Shape::rect(x, top, x + w, (yh - 30.0).max(top + 20.0)),
                Rgb(0xb8, 0xd4, 0xe6),
            )));
        }
        v.push(Layer::Item(prim(Shape::rect(0.0, yh, W, H), floor)));
        // Floor tiles in perspective: lines towards the vanishing point.
        let vx = W / 2.0;
        let mut x = -4.0 * W;
        while x < 5.0 * W {
            let top = (vx + (x - vx) * 0.02, yh);
            v.push(Layer::Item(prim(
                Shape::Poly(vec![top, (x - 1.5, H), (x + 1.5, H)]),
                floor.dark(0.12),
            )));
            x += 160.0;
        }
    } else {
        v.push(Layer::Grad {
            x: 0.0,
            y: 0.0,
            w: W,
            h: yh + 1.0,
            g: Gradient {
                y0: 0.0,
                y1: yh,
                stops: vec![
                    (0.0, Rgb(0x86, 0xbd, 0xe8), 1.0),
                    (1.0, Rgb(0xdc, 0xea, 0xf4), 1.0),
                ],
            },
        });
        let mut x = -20.0;
        while x < W + 20.0 {
            let r = rng.range(18.0, 40.0);
            v.push(Layer::Item(prim(
                Shape::Circle {
                    c: (x, yh - r * 0.6),
                    r,
                },
                Rgb(0x6f, 0xa0, 0x68),
            )));
            x += r * 1.4;
        }
        v.push(Layer::Item(prim(Shape::rect(0.0, yh, W, H), floor)));
        let mut y = yh + 12.0;
        let mut step = 10.0;
        while y < H {
            v.push(Layer::Item(prim(
                Shape::rect(0.0, y, W, y + 1.0),
                floor.dark(0.1),
            )));
            step *= 1.35;
            y += step;
        }
    }
    v
}
