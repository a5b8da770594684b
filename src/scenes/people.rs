//! `people` (人体关键点): human figures in varied poses for `keypoints`, with the 17 COCO joints;
//! joints hidden by another object or person are v = 1, joints outside the image v = 0.

use serde_json::{Value, json};

use super::ImageScene;
use super::art::glaze;
use super::draw::{Canvas, Gradient, Item, Layer, Obj, P, Rgb, Shape, prim, rasterize};
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

fn add(a: P, b: P) -> P {
    (a.0 + b.0, a.1 + b.1)
}

fn dist(a: P, b: P) -> f64 {
    ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).sqrt()
}

/// Poses a figure `height` px tall whose feet stand at (fx, fy). None when the drawn pose would
/// cover its own face (the arms are kept clear of the head).
fn pose(rng: &mut Rng, fx: f64, fy: f64, height: f64, front: bool) -> Option<Figure> {
    let hgt = height;
    let u = |x: f64, y: f64| (x * hgt, y * hgt);
    // Local frame: pelvis at origin, y down, in figure heights; "a" = image left, "b" = image right.
    let lean = rng.range(-0.02, 0.02);
    let stance = rng.index(4);
    let (ta, tb, ka, kb) = match stance {
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
    };
    let leg = |hip: P, t: f64, k: f64| {
        let (st, ct) = sin_cos(deg(t));
        let knee = add(hip, (0.245 * st, 0.245 * ct));
        let (sk, ck) = sin_cos(deg(t + k));
        (knee, add(knee, (0.235 * sk, 0.235 * ck)))
    };
    let hip_a = (-0.085, 0.0);
    let hip_b = (0.085, 0.0);
    let (knee_a, ankle_a) = leg(hip_a, ta, ka);
    let (knee_b, ankle_b) = leg(hip_b, tb, kb);
    let neck = (lean, -0.3);
    let sh_a = (lean - 0.125, -0.29);
    let sh_b = (lean + 0.125, -0.29);
    let arm = |sh: P, side: f64, rng: &mut Rng| {
        let a = rng.range(8.0, 150.0);
        let b = rng.range(-50.0, 80.0);
        let (sa, ca) = sin_cos(deg(a));
        let elbow = add(sh, (side * 0.165 * sa, 0.165 * ca));
        let (sb, cb) = sin_cos(deg(a + b));
        (elbow, add(elbow, (side * 0.145 * sb, 0.145 * cb)))
    };
    let (elbow_a, wrist_a) = arm(sh_a, -1.0, rng);
    let (elbow_b, wrist_b) = arm(sh_b, 1.0, rng);
    let head = (neck.0, neck.1 - 0.115);
    let head_r = 0.062;
    for p in [elbow_a, wrist_a, elbow_b, wrist_b] {
        if dist(p, head) < head_r + 0.075 {
            return None;
        }
    }
    let nose = (head.0, head.1 + 0.014);
    let eye_a = (head.0 - 0.022, head.1 - 0.008);
    let eye_b = (head.0 + 0.022, head.1 - 0.008);
    let ear_a = (head.0 - 0.064, head.1 + 0.004);
    let ear_b = (head.0 + 0.064, head.1 + 0.004);
    // Feet on the ground: the lowest ankle sits 0.03 above fy.
    let low = ankle_a.1.max(ankle_b.1) + 0.03;
    let place = |p: P| -> P {
        let q = u(p.0, p.1 - low);
        (r1(fx + q.0), r1(fy + q.1))
    };
    // Person's left is image right when facing the camera.
    let (l, r) = if front { (1, 0) } else { (0, 1) };
    let pick = |a: P, b: P, side: usize| if side == 0 { a } else { b };
    let kp = [
        place(nose),
        place(pick(eye_a, eye_b, l)),
        place(pick(eye_a, eye_b, r)),
        place(pick(ear_a, ear_b, l)),
        place(pick(ear_a, ear_b, r)),
        place(pick(sh_a, sh_b, l)),
        place(pick(sh_a, sh_b, r)),
        place(pick(elbow_a, elbow_b, l)),
        place(pick(elbow_a, elbow_b, r)),
        place(pick(wrist_a, wrist_b, l)),
        place(pick(wrist_a, wrist_b, r)),
        place(pick(hip_a, hip_b, l)),
        place(pick(hip_a, hip_b, r)),
        place(pick(knee_a, knee_b, l)),
        place(pick(knee_a, knee_b, r)),
        place(pick(ankle_a, ankle_b, l)),
        place(pick(ankle_a, ankle_b, r)),
    ];
    Some(Figure {
        front,
        kp,
        head: place(head),
        head_r: r1(head_r * hgt),
        neck: place(neck),
        height: hgt,
    })
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

/// The drawing of a figure. Every keypoint lies inside one of its shapes.
fn draw_figure(f: &Figure, look: &Look) -> Vec<Item> {
    let h = f.height;
    let k = &f.kp;
    // Image-left / image-right limbs: for a front view the person's right (even indices) is on
    // the image left.
    let (a, b) = if f.front { (1, 0) } else { (0, 1) };
    let side = |i: usize, s: usize| k[i + s];
    let mut v = Vec::new();
    for s in [a, b] {
        let (hip, knee, ankle) = (side(11, s), side(13, s), side(15, s));
        v.push(prim(
            Shape::Capsule {
                a: hip,
                b: knee,
                r: 0.045 * h,
            },
            look.bottom,
        ));
        v.push(prim(
            Shape::Capsule {
                a: knee,
                b: ankle,
                r: 0.04 * h,
            },
            look.bottom,
        ));
        let out = if s == a { -1.0 } else { 1.0 };
        let toe = (ankle.0 + out * 0.03 * h, ankle.1 + 0.015 * h);
        v.push(prim(
            Shape::Capsule {
                a: ankle,
                b: toe,
                r: 0.03 * h,
            },
            look.shoes,
        ));
    }
    let (sha, shb, hipa, hipb) = (side(5, a), side(5, b), side(11, a), side(11, b));
    let torso = vec![
        (sha.0 - 0.02 * h, sha.1 - 0.005 * h),
        (shb.0 + 0.02 * h, shb.1 - 0.005 * h),
        (hipb.0 + 0.03 * h, hipb.1 + 0.03 * h),
        (hipa.0 - 0.03 * h, hipa.1 + 0.03 * h),
    ];
    v.push(prim(Shape::Poly(torso), look.top));
    v.push(prim(
        Shape::Capsule {
            a: f.neck,
            b: f.head,
            r: 0.028 * h,
        },
        look.skin,
    ));
    let ear_r = (0.016 * h).max(1.6);
    if f.front {
        v.push(prim(
            Shape::Circle {
                c: (f.head.0, f.head.1 - 0.012 * h),
                r: f.head_r + 0.004 * h,
            },
            look.hair,
        ));
        for i in [3, 4] {
            v.push(prim(
                Shape::Circle { c: k[i], r: ear_r },
                look.skin.dark(0.12),
            ));
        }
        v.push(prim(
            Shape::Circle {
                c: f.head,
                r: f.head_r,
            },
            look.skin,
        ));
        let eye_r = (0.008 * h).max(0.9);
        for i in [1, 2] {
            v.push(prim(
                Shape::Circle { c: k[i], r: eye_r },
                Rgb(0x22, 0x1c, 0x1a),
            ));
        }
        v.push(prim(
            Shape::Circle {
                c: k[0],
                r: (0.007 * h).max(0.8),
            },
            look.skin.dark(0.3),
        ));
        let m = (f.head.0, f.head.1 + 0.032 * h);
        v.push(prim(
            Shape::rect(
                m.0 - 0.014 * h,
                m.1 - 0.003 * h,
                m.0 + 0.014 * h,
                m.1 + 0.003 * h,
            ),
            Rgb(0x9a, 0x3c, 0x3c),
        ));
    } else {
        v.push(prim(
            Shape::Circle {
                c: f.head,
                r: f.head_r + 0.002 * h,
            },
            look.hair,
        ));
        for i in [3, 4] {
            v.push(prim(
                Shape::Circle { c: k[i], r: ear_r },
                look.skin.dark(0.12),
            ));
        }
    }
    for s in [a, b] {
        let (sh, el, wr) = (side(5, s), side(7, s), side(9, s));
        v.push(prim(
            Shape::Capsule {
                a: sh,
                b: el,
                r: 0.034 * h,
            },
            look.top,
        ));
        v.push(prim(
            Shape::Capsule {
                a: el,
                b: wr,
                r: 0.028 * h,
            },
            look.top.mix(look.skin, 0.5),
        ));
        v.push(prim(Shape::Circle { c: wr, r: 0.03 * h }, look.skin));
    }
    if let Some(d) = look.dots {
        for p in &k[5..] {
            v.push(prim(
                Shape::Circle {
                    c: *p,
                    r: (0.011 * h).max(1.2),
                },
                d,
            ));
        }
    }
    v
}

fn look(rng: &mut Rng, tone: &dyn Fn(Rgb) -> Rgb, dots: bool) -> Look {
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
        top: tone(*rng.pick(&tops)),
        bottom: tone(*rng.pick(&bottoms)),
        shoes: Rgb(0x25, 0x22, 0x20),
        dots: if dots {
            Some(Rgb(0xff, 0xff, 0xff))
        } else {
            None
        },
    }
}

/// Things that stand in front of people: crates, bushes, benches, low walls, posts.
fn occluder(
    rng: &mut Rng,
    x: f64,
    y: f64,
    s: f64,
    tone: &dyn Fn(Rgb) -> Rgb,
) -> (&'static str, Vec<Item>) {
    match rng.index(5) {
        0 => {
            let w = rng.range(0.7, 1.1) * s;
            let hh = rng.range(0.6, 1.0) * s;
            let c = tone(Rgb(0xb0, 0x7a, 0x45));
            let mut v = vec![prim(Shape::rect(x - w / 2.0, y - hh, x + w / 2.0, y), c)];
            let n = 3;
            for i in 1..n {
                let yy = y - hh * i as f64 / n as f64;
                v.push(prim(
                    Shape::rect(x - w / 2.0, yy - 0.02 * s, x + w / 2.0, yy + 0.02 * s),
                    c.dark(0.3),
                ));
            }
            ("crate", v)
        }
        1 => {
            let c = tone(*rng.pick(&[
                Rgb(0x3f, 0x8f, 0x3a),
                Rgb(0x2f, 0x70, 0x3c),
                Rgb(0x5a, 0xa0, 0x45),
            ]));
            let r = rng.range(0.35, 0.5) * s;
            let v = vec![
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
            ];
            ("bush", v)
        }
        2 => {
            let w = rng.range(1.4, 1.9) * s;
            let c = tone(Rgb(0x8a, 0x5a, 0x34));
            let leg = Rgb(0x3a, 0x3a, 0x3c);
            let v = vec![
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
            ];
            ("bench", v)
        }
        3 => {
            let w = rng.range(1.5, 3.0) * s;
            let hh = rng.range(0.7, 1.0) * s;
            let c = tone(*rng.pick(&[
                Rgb(0xb5, 0x65, 0x4a),
                Rgb(0xa8, 0xa4, 0x9c),
                Rgb(0xc9, 0xb0, 0x8a),
            ]));
            let v = vec![
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
            ];
            ("wall", v)
        }
        _ => {
            let c = Rgb(0x4f, 0x55, 0x5a);
            let v = vec![
                prim(Shape::rect(x - 0.07 * s, y - 3.6 * s, x + 0.07 * s, y), c),
                prim(
                    Shape::rect(x - 0.16 * s, y - 3.8 * s, x + 0.16 * s, y - 3.55 * s),
                    Rgb(0xe8, 0xe4, 0xc8),
                ),
            ];
            ("post", v)
        }
    }
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

struct Placed {
    base: f64,
    obj: Obj,
    figure: Option<Figure>,
}

/// Generates a people scene.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("people", level, seed);
    let lv = level_params(level);
    let yh = rng.range(140.0, 200.0);
    let contrast = lv.contrast;
    let indoor = rng.chance(0.5);
    let floor = if indoor {
        Rgb(0xc8, 0xb8, 0x9e)
    } else {
        Rgb(0xb9, 0xb6, 0xad)
    };
    let tone = move |c: Rgb| c.mix(floor, (1.0 - contrast) * 0.7);
    // Pixels per metre at ground line y (camera 1.5 m up; a 1.7 m person spans (y − yh) / 0.88).
    let scale = |y: f64| (y - yh) / (0.88 * 1.7);
    let mut placed: Vec<Placed> = Vec::new();
    let mut group = 0;

    let n = rng.int(lv.people.0, lv.people.1);
    for _ in 0..n {
        for _ in 0..40 {
            let hgt = if rng.chance(lv.near) {
                rng.range(300.0, 420.0)
            } else {
                rng.range(lv.height.0, lv.height.1)
            };
            let fy = yh + 0.88 * hgt;
            let fx = if lv.truncate {
                rng.range(-0.12 * hgt, W + 0.12 * hgt)
            } else {
                rng.range(0.0, W)
            };
            let front = !rng.chance(lv.back);
            let Some(fig) = pose(&mut rng, fx, fy, hgt, front) else {
                continue;
            };
            let lk = look(&mut rng, &tone, lv.dots);
            let obj = Obj {
                role: "person",
                items: draw_figure(&fig, &lk),
                group,
                label: Some("person"),
            };
            let b = obj.bounds();
            if !lv.truncate && (b.0 < 3.0 || b.1 < 3.0 || b.2 > W - 3.0 || b.3 > H - 3.0) {
                continue;
            }
            if b.2 < 4.0 || b.0 > W - 4.0 {
                continue;
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
                continue;
            }
            placed.push(Placed {
                base: fy,
                obj,
                figure: Some(fig),
            });
            group += 1;
            break;
        }
    }
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
        // In front of that person (drawn after), standing at most a little below the picture.
        let base = y + rng.range(4.0, 30.0);
        let y = base.min(H + 20.0);
        let x = x + rng.range(-0.3, 0.3) * hgt;
        let (role, items) = occluder(&mut rng, x, y, scale(y), &tone);
        placed.push(Placed {
            base,
            obj: Obj {
                role,
                items,
                group,
                label: None,
            },
            figure: None,
        });
        group += 1;
    }
    let n = rng.int(lv.distractors.0, lv.distractors.1);
    for _ in 0..n {
        for _ in 0..20 {
            let statue = rng.chance(0.5);
            let (base, obj) = if statue {
                let hgt = rng.range(lv.height.0, lv.height.1.min(230.0));
                let fy = yh + 0.88 * hgt;
                let fx = rng.range(0.1 * W, 0.9 * W);
                let ped = 0.14 * hgt;
                let Some(fig) = pose(&mut rng, fx, fy - ped, hgt * 0.92, true) else {
                    continue;
                };
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
                (
                    fy,
                    Obj {
                        role: "statue",
                        items,
                        group,
                        label: None,
                    },
                )
            } else {
                let ph = rng.range(90.0, 150.0).min(yh - 10.0);
                let pw = ph * 0.72;
                let x0 = rng.range(10.0, W - pw - 10.0);
                let y0 = rng.range(8.0, (yh - ph - 2.0).max(9.0));
                let paper = *rng.pick(&[
                    Rgb(0xf4, 0xe9, 0xd0),
                    Rgb(0xd8, 0xee, 0xf8),
                    Rgb(0xfa, 0xd4, 0xd4),
                ]);
                let Some(fig) = pose(&mut rng, x0 + pw / 2.0, y0 + ph * 0.93, ph * 0.8, true)
                else {
                    continue;
                };
                let lk = look(&mut rng, &tone, false);
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
                (
                    yh,
                    Obj {
                        role: "poster",
                        items,
                        group,
                        label: None,
                    },
                )
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
            group += 1;
            break;
        }
    }

    placed.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut figs: Vec<Option<Figure>> = placed.iter().map(|p| p.figure.clone()).collect();
    let mut canvas = Canvas {
        w: W as u32,
        h: H as u32,
        ..Default::default()
    };
    canvas.objects = placed.into_iter().map(|p| p.obj).collect();
    canvas.background = background(&mut rng, yh, indoor, floor);
    if contrast < 0.9 {
        canvas.overlay.push(Layer::Item(glaze(
            Shape::rect(0.0, 0.0, W, H),
            floor,
            (1.0 - contrast) * 0.35,
        )));
    }

    // Drop the people whose keypoints a person could not judge, until none is left.
    let (raster, vis) = loop {
        let r = rasterize(&canvas, false, &|k, _| figs[k].is_some());
        let mut bad: Vec<usize> = Vec::new();
        let mut vis: Vec<Option<[u8; 17]>> = vec![None; canvas.objects.len()];
        for (k, f) in figs.iter().enumerate() {
            let Some(f) = f else { continue };
            let mut v = [0u8; 17];
            let mut ok = true;
            for (i, p) in f.kp.iter().enumerate() {
                if !f.front && i < 3 {
                    continue;
                }
                match visibility(&canvas, k, *p) {
                    Some(x) => v[i] = x,
                    None => ok = false,
                }
            }
            let seen = v.iter().filter(|x| **x == 2).count();
            if !ok || seen < MIN_VISIBLE || r.cov[k].xywh().is_none() || r.fragile(k) {
                bad.push(k);
            } else {
                vis[k] = Some(v);
            }
        }
        if bad.is_empty() {
            break (r, vis);
        }
        let mut i = 0;
        canvas.objects.retain(|_| {
            i += 1;
            !bad.contains(&(i - 1))
        });
        let mut i = 0;
        figs.retain(|_| {
            i += 1;
            !bad.contains(&(i - 1))
        });
    };

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

    ImageScene {
        canvas,
        gold,
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
