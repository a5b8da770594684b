//! `street` (街景): a dash-camera view of a city street for `boxes` — cars, buses, trucks,
//! cyclists, pedestrians, traffic lights (with `state`) and traffic signs, in perspective so far
//! objects are small, with `occluded` and `truncated` attributes measured on the pixels.

use serde_json::{Value, json};

use super::ImageScene;
use super::art::{self, Outfit, Pen};
use super::draw::{
    Canvas, Gradient, Item, Layer, Obj, Raster, Rgb, Shape, prim, rasterize, retain_where,
};
use super::rng::Rng;

/// Bumped whenever the same seed would draw a different street.
pub const GENERATOR_VERSION: u32 = 1;

const W: f64 = 640.0;
const H: f64 = 480.0;

/// The labels, in picker order.
pub const LABELS: [&str; 7] = [
    "car",
    "bus",
    "truck",
    "cyclist",
    "pedestrian",
    "traffic_light",
    "traffic_sign",
];

/// Objects whose visible box is smaller than this (width or height, px) are not labeled.
pub const MIN_SIZE: u32 = 10;

/// The annotation specification (标注规范); the gold follows it exactly.
pub const SPEC: &str = "\
【任务】街景目标检测：用矩形框标出下列目标。
【标签】car 小汽车；bus 公交车/大客车；truck 货车；cyclist 骑车人（人和自行车合为一个框）；\
pedestrian 行人；traffic_light 交通信号灯（只框灯箱，不含灯杆和横臂）；traffic_sign 交通标志（只框标志牌面，不含立杆）。
1. 只框目标的可见部分：被其他物体挡住的部分不框入；被图像边缘截断的目标只框图像内的部分。框要紧贴可见像素。
2. 可见部分的宽或高小于 10 像素的目标不标。
3. 每个目标填写 occluded 和 truncated：被其他物体遮挡的面积超过目标在图像内部分的一半时 occluded=true，否则为 false；\
目标有一部分在图像之外时 truncated=true，否则为 false。
4. traffic_light 另填 state：亮红灯为 red，亮黄灯为 yellow，亮绿灯为 green。
5. 以下不标：广告牌上的车辆图案、无人骑行（停放）的自行车、背面朝向镜头（看不到灯色）的信号灯、标志牌上的人形图案。";

struct Level {
    vehicles: (i64, i64),
    peds: (i64, i64),
    cyclists: (i64, i64),
    lights: (i64, i64),
    signs: (i64, i64),
    distractors: (i64, i64),
    clutter: (i64, i64),
    zmin: f64,
    zmax: f64,
    overlap: bool,
    truncate: bool,
    /// 1 = full contrast; lower mixes object colours towards the road.
    contrast: f64,
    haze: f64,
    dusk: f64,
}

fn level_params(level: u8) -> Level {
    match level {
        5 => Level {
            vehicles: (3, 4),
            peds: (1, 2),
            cyclists: (0, 1),
            lights: (1, 1),
            signs: (1, 1),
            distractors: (0, 0),
            clutter: (0, 1),
            zmin: 7.0,
            zmax: 32.0,
            overlap: false,
            truncate: false,
            contrast: 1.0,
            haze: 0.0,
            dusk: 0.0,
        },
        4 => Level {
            vehicles: (4, 6),
            peds: (2, 3),
            cyclists: (0, 1),
            lights: (1, 2),
            signs: (1, 1),
            distractors: (1, 1),
            clutter: (1, 2),
            zmin: 5.0,
            zmax: 45.0,
            overlap: true,
            truncate: true,
            contrast: 0.9,
            haze: 0.0,
            dusk: 0.0,
        },
        3 => Level {
            vehicles: (5, 8),
            peds: (2, 4),
            cyclists: (1, 2),
            lights: (1, 2),
            signs: (1, 2),
            distractors: (1, 2),
            clutter: (2, 3),
            zmin: 4.0,
            zmax: 65.0,
            overlap: true,
            truncate: true,
            contrast: 0.78,
            haze: 0.12,
            dusk: 0.0,
        },
        2 => Level {
            vehicles: (7, 10),
            peds: (3, 5),
            cyclists: (1, 2),
            lights: (2, 2),
            signs: (2, 2),
            distractors: (2, 3),
            clutter: (3, 4),
            zmin: 3.5,
            zmax: 85.0,
            overlap: true,
            truncate: true,
            contrast: 0.64,
            haze: 0.2,
            dusk: 0.35,
        },
        _ => Level {
            vehicles: (9, 13),
            peds: (4, 7),
            cyclists: (1, 3),
            lights: (2, 3),
            signs: (2, 3),
            distractors: (3, 4),
            clutter: (4, 6),
            zmin: 3.5,
            zmax: 110.0,
            overlap: true,
            truncate: true,
            contrast: 0.52,
            haze: 0.28,
            dusk: 0.7,
        },
    }
}

/// A pinhole camera 1.5 m above a flat ground.
#[derive(Clone, Copy)]
pub(crate) struct Cam {
    pub xv: f64,
    pub yh: f64,
    pub f: f64,
    pub hc: f64,
}

impl Cam {
    /// Image point of ground point (X, Z).
    pub(crate) fn ground(&self, x: f64, z: f64) -> (f64, f64) {
        (self.xv + self.f * x / z, self.yh + self.f * self.hc / z)
    }

    /// Image point of (X, Y, Z), Y up.
    pub(crate) fn p3(&self, x: f64, y: f64, z: f64) -> (f64, f64) {
        (
            self.xv + self.f * x / z,
            self.yh + self.f * (self.hc - y) / z,
        )
    }

    /// The pen drawing an object standing at (X, Z).
    pub(crate) fn pen(&self, x: f64, z: f64, flip: bool) -> Pen {
        let (px, py) = self.ground(x, z);
        Pen {
            x: px,
            y: py,
            s: self.f / z,
            flip,
        }
    }
}

/// A traffic light's lit colour per canvas object (`None` for everything else).
type States = Vec<Option<&'static str>>;

/// Generates a street scene: the layout, the objects standing on it, the picture, then the
/// objects a person could not judge taken out again, and the gold measured on what is left.
pub(crate) fn generate(level: u8, seed: u64) -> ImageScene {
    let mut rng = Rng::new("street", level, seed);
    let lv = level_params(level);
    let road = layout(&mut rng, level, &lv);
    let placed = place_objects(&mut rng, level, &lv, &road);
    let (mut canvas, mut states) = compose(&mut rng, level, &lv, &road, placed);
    let raster = drop_unclear(&mut canvas, &mut states);
    let gold = gold(&canvas, &raster, &states);
    ImageScene {
        canvas,
        gold,
        spec: SPEC.to_string(),
        labels: LABELS.to_vec(),
        attributes: json!({"occluded": ["true", "false"], "truncated": ["true", "false"], "state": ["red", "yellow", "green"]}),
        params: json!({"iou_threshold": 0.5}),
        extra: None,
    }
}

/// The street's frame, decided before anything is placed on it: camera, carriageway,
/// crosswalk, time of day.
struct Layout {
    cam: Cam,
    /// Half the carriageway's width (m).
    hw: f64,
    /// Lane centres (m from the middle of the road), left to right.
    lanes: Vec<f64>,
    two_way: bool,
    /// Lanes per direction: on a two-way street the centre line follows lane `per_dir`.
    per_dir: usize,
    /// Depth (m) of the crosswalk's near edge.
    crosswalk: Option<f64>,
    dusk: bool,
}

fn layout(rng: &mut Rng, level: u8, lv: &Level) -> Layout {
    let cam = Cam {
        xv: 320.0 + rng.range(-45.0, 45.0),
        yh: rng.range(168.0, 200.0),
        f: rng.range(560.0, 640.0),
        hc: 1.5,
    };
    let two_way = level <= 4 || rng.chance(0.3);
    let per_dir = if level >= 4 { 1 } else { rng.int(1, 2) } as usize;
    let n_lanes = if two_way { 2 * per_dir } else { per_dir + 1 };
    let hw = n_lanes as f64 * 3.5 / 2.0;
    let lanes = (0..n_lanes).map(|i| -hw + (i as f64 + 0.5) * 3.5).collect();
    let crosswalk = if rng.chance(0.5) {
        Some(rng.range(14.0, 30.0))
    } else {
        None
    };
    let dusk = rng.chance(lv.dusk);
    Layout {
        cam,
        hw,
        lanes,
        two_way,
        per_dir,
        crosswalk,
        dusk,
    }
}

/// The asphalt, which low-contrast levels fade object colours towards.
const ROAD: Rgb = Rgb(0x5b, 0x5e, 0x63);

/// Object colours, mixed towards the road as the level lowers the contrast.
#[derive(Clone, Copy)]
struct Tone(f64);

impl Tone {
    fn of(self, c: Rgb) -> Rgb {
        c.mix(ROAD, (1.0 - self.0) * 0.75)
    }
}

/// A ground footprint [x0, x1] × [z0, z1], metres.
#[derive(Clone, Copy)]
struct Foot(f64, f64, f64, f64);

impl Foot {
    /// The footprint of something `half` m to either side of x, 0.3 m deep either side of z.
    fn around(x: f64, z: f64, half: f64) -> Foot {
        Foot(x - half, x + half, z - 0.3, z + 0.3)
    }

    fn hits(&self, o: &Foot) -> bool {
        self.0 < o.1 && o.0 < self.1 && self.2 < o.3 && o.2 < self.3
    }
}

/// An object placed at depth `z`; `order` sorts the parts of one thing at one depth (a pole
/// before the light hanging on it), `state` is a traffic light's lit colour.
struct Placed {
    z: f64,
    order: u8,
    obj: Obj,
    state: Option<&'static str>,
}

impl Placed {
    /// A thing in one piece, with no state.
    fn at(z: f64, obj: Obj) -> Placed {
        Placed {
            z,
            order: 0,
            obj,
            state: None,
        }
    }
}

/// A candidate for the street: its objects and the ground it stands on.
type Candidate = (Vec<Placed>, Foot);

/// A candidate in one piece standing at (x, z), `half` m to either side.
fn standing(x: f64, z: f64, half: f64, obj: Obj) -> Candidate {
    (vec![Placed::at(z, obj)], Foot::around(x, z, half))
}

/// Tries per object; when none fits, the scene has one object fewer.
const TRIES: usize = 30;

/// Places the objects one at a time, keeping each only if it fits beside those before it.
struct Builder<'a> {
    rng: &'a mut Rng,
    lv: &'a Level,
    level: u8,
    road: &'a Layout,
    tone: Tone,
    placed: Vec<Placed>,
    feet: Vec<Foot>,
    boxes: Vec<(f64, f64, f64, f64)>,
    group: usize,
}

impl Builder<'_> {
    /// Accepts a candidate (objects, footprint) if it fits the level's rules; else false.
    fn accept(&mut self, objs: Vec<Placed>, foot: Foot) -> bool {
        if self.feet.iter().any(|f| f.hits(&foot)) {
            return false;
        }
        let mut bb = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for p in &objs {
            let b = p.obj.bounds();
            bb = (bb.0.min(b.0), bb.1.min(b.1), bb.2.max(b.2), bb.3.max(b.3));
        }
        // Something of it must be in the picture.
        if bb.2 < 1.0 || bb.0 > W - 1.0 || bb.3 < 1.0 || bb.1 > H - 1.0 {
            return false;
        }
        if !self.lv.truncate && (bb.0 < 2.0 || bb.1 < 2.0 || bb.2 > W - 2.0 || bb.3 > H - 2.0) {
            return false;
        }
        if !self.lv.overlap {
            let m = 3.0;
            if self
                .boxes
                .iter()
                .any(|b| bb.0 < b.2 + m && b.0 < bb.2 + m && bb.1 < b.3 + m && b.1 < bb.3 + m)
            {
                return false;
            }
        }
        self.feet.push(foot);
        self.boxes.push(bb);
        self.placed.extend(objs);
        self.group += 1;
        true
    }

    /// Draws candidates until one is accepted, at most `TRIES` times.
    fn place(&mut self, mut candidate: impl FnMut(&mut Self) -> Candidate) {
        for _ in 0..TRIES {
            let (objs, foot) = candidate(self);
            if self.accept(objs, foot) {
                return;
            }
        }
    }

    fn obj(&self, role: &'static str, label: Option<&'static str>, items: Vec<Item>) -> Obj {
        Obj {
            role,
            items,
            group: self.group,
            label,
        }
    }

    /// A depth in [lo, hi] within the level's range, biased towards the near end.
    fn z(&mut self, lo: f64, hi: f64) -> f64 {
        let (lo, hi) = (lo.max(self.lv.zmin), hi.min(self.lv.zmax));
        let t = self.rng.f();
        lo + (hi - lo) * t * (0.4 + 0.6 * t)
    }

    /// Left (−1) or right (+1) of the road.
    fn side(&mut self) -> f64 {
        if self.rng.chance(0.5) { 1.0 } else { -1.0 }
    }

    /// The level's count in `range`, each placed by `candidate` (given its index).
    fn place_n(
        &mut self,
        range: (i64, i64),
        mut candidate: impl FnMut(&mut Self, i64) -> Candidate,
    ) {
        let n = self.rng.int(range.0, range.1);
        for i in 0..n {
            self.place(|b| candidate(b, i));
        }
    }
}

/// Places everything that stands on the street. Traffic lights come first (they claim the space
/// over the road), then signs, vehicles, people, the look-alikes and the clutter.
fn place_objects(rng: &mut Rng, level: u8, lv: &Level, road: &Layout) -> Vec<Placed> {
    let mut b = Builder {
        rng,
        lv,
        level,
        road,
        tone: Tone(lv.contrast),
        placed: Vec::new(),
        feet: Vec::new(),
        boxes: Vec::new(),
        group: 0,
    };
    b.place_n(lv.lights, |b, _| traffic_light(b));
    b.place_n(lv.signs, |b, _| traffic_sign(b));
    b.place_n(lv.vehicles, |b, _| vehicle(b));
    b.place_n(lv.peds, |b, _| pedestrian(b));
    b.place_n(lv.cyclists, |b, _| cyclist(b));
    // Look-alikes that must not be labeled: billboards, parked bicycles, back-facing lights.
    b.place_n(lv.distractors, |b, i| {
        let side = b.side();
        match (i as usize + b.rng.index(3)) % 3 {
            0 => billboard(b, side),
            1 => parked_bicycle(b, side),
            _ => light_back(b, side),
        }
    });
    // Clutter: trees, lamps, bins (they hide what is behind them).
    b.place_n(lv.clutter, |b, _| {
        let side = b.side();
        match b.rng.weighted(&[0.5, 0.25, 0.25]) {
            0 => tree(b, side),
            1 => lamp(b, side),
            _ => bin(b, side),
        }
    });
    b.placed
}

/// A traffic light hanging over a lane from a pole at the kerb, sometimes with a back-facing
/// light for the cross street on the same pole (a look-alike).
fn traffic_light(b: &mut Builder) -> Candidate {
    let (cam, road) = (b.road.cam, b.road);
    let z = b.z(9.0, 60.0);
    let side = b.side();
    let xp = side * (road.hw + 0.5);
    let target = road.lanes[b.rng.index(road.lanes.len())];
    // The head hangs over a lane, at least 1.5 m out from its pole.
    let xh = if (target - xp).abs() < 1.5 {
        xp - side * 2.0
    } else {
        target
    };
    let state = b.rng.weighted(&[0.4, 0.2, 0.4]);
    let pole = b.obj(
        "signal_pole",
        None,
        art::signal_pole(&cam.pen(xp, z, false), xh - xp),
    );
    let head = b.obj(
        "traffic_light",
        Some("traffic_light"),
        art::traffic_light(&cam.pen(xh, z, false), 4.35, Some(state)),
    );
    let mut objs = vec![Placed::at(z, pole)];
    if b.level <= 4 && b.rng.chance(0.35) {
        let back = b.obj(
            "light_back",
            None,
            art::traffic_light(&cam.pen(xp - side * 0.42, z, false), 2.7, None),
        );
        objs.push(Placed {
            z,
            order: 1,
            obj: back,
            state: None,
        });
    }
    objs.push(Placed {
        z,
        order: 2,
        obj: head,
        state: Some(["red", "yellow", "green"][state]),
    });
    (objs, Foot::around(xp, z, 0.3))
}

/// A sign panel on its pole beside the road; at hard levels often one with a figure on it.
fn traffic_sign(b: &mut Builder) -> Candidate {
    let (cam, hw) = (b.road.cam, b.road.hw);
    let z = b.z(6.0, 55.0);
    let side = b.side();
    let x = side * (hw + b.rng.range(0.4, 1.4));
    let kind = if b.level <= 3 && b.rng.chance(0.4) {
        3
    } else {
        b.rng.index(3)
    };
    let pen = cam.pen(x, z, false);
    let pole = b.obj("sign_pole", None, art::pole(&pen, 2.1));
    let panel = b.obj(
        "traffic_sign",
        Some("traffic_sign"),
        art::sign(&pen, 2.5, kind),
    );
    let objs = vec![
        Placed::at(z, pole),
        Placed {
            z,
            order: 1,
            obj: panel,
            state: None,
        },
    ];
    (objs, Foot::around(x, z, 0.45))
}

const CAR_COLORS: [Rgb; 10] = [
    Rgb(0xc8, 0x30, 0x2c),
    Rgb(0x2f, 0x5f, 0xb3),
    Rgb(0xe6, 0xe6, 0xe6),
    Rgb(0xe3, 0xb2, 0x1b),
    Rgb(0x3b, 0x8a, 0x4c),
    Rgb(0xb8, 0xbc, 0xc0),
    Rgb(0x2b, 0x2b, 0x2e),
    Rgb(0x7a, 0x7d, 0x82),
    Rgb(0x1f, 0x35, 0x58),
    Rgb(0x7b, 0x50, 0x37),
];

/// A car, bus or truck in a lane, facing us on the left half of a two-way street.
fn vehicle(b: &mut Builder) -> Candidate {
    let (cam, road, tone) = (b.road.cam, b.road, b.tone);
    let lane = b.rng.index(road.lanes.len());
    let x = road.lanes[lane] + b.rng.range(-0.35, 0.35);
    let z = b.z(b.lv.zmin, b.lv.zmax);
    let kind = b.rng.weighted(&[0.66, 0.14, 0.2]);
    let front = road.two_way && x < 0.0;
    let pen = cam.pen(x, z, false);
    // The easiest level uses only the five bright colours.
    let color = tone.of(if b.level == 5 {
        CAR_COLORS[b.rng.index(5)]
    } else {
        *b.rng.pick(&CAR_COLORS)
    });
    let (w, len, label, items) = match kind {
        0 => (1.8, 4.6, "car", art::car(&pen, color, front)),
        1 => {
            let body = tone.of(*b.rng.pick(&[
                Rgb(0x2e, 0x9b, 0x5a),
                Rgb(0x2d, 0x6c, 0xc0),
                Rgb(0xc8, 0x37, 0x2d),
                Rgb(0xe8, 0xe8, 0xe8),
            ]));
            let accent = tone.of(*b.rng.pick(&[
                Rgb(0xf2, 0xf2, 0xf2),
                Rgb(0xf0, 0xa2, 0x02),
                Rgb(0x1b, 0x3a, 0x6b),
            ]));
            (2.5, 12.0, "bus", art::bus(&pen, body, accent, front))
        }
        _ => {
            let body = tone.of(*b.rng.pick(&[
                Rgb(0xee, 0xee, 0xea),
                Rgb(0xb9, 0xbd, 0xc2),
                Rgb(0x2c, 0x6e, 0xb5),
                Rgb(0xe0, 0x7b, 0x20),
            ]));
            (2.5, 8.0, "truck", art::truck(&pen, body, front))
        }
    };
    let obj = b.obj(label, Some(label), items);
    let foot = Foot(x - w / 2.0, x + w / 2.0, z, z + len);
    (vec![Placed::at(z, obj)], foot)
}

fn outfit(rng: &mut Rng, tone: Tone) -> Outfit {
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
        Rgb(0x9a, 0x9a, 0x9a),
    ];
    let tops = [
        Rgb(0xd9, 0x48, 0x3b),
        Rgb(0x2e, 0x7d, 0xd2),
        Rgb(0xf2, 0xf2, 0xf2),
        Rgb(0x3f, 0xa3, 0x5b),
        Rgb(0xf0, 0xa2, 0x02),
        Rgb(0x8e, 0x44, 0xad),
        Rgb(0x33, 0x33, 0x33),
        Rgb(0xe8, 0x7e, 0xa1),
    ];
    let bottoms = [
        Rgb(0x24, 0x3a, 0x5e),
        Rgb(0x2d, 0x2d, 0x2d),
        Rgb(0x6b, 0x5b, 0x4b),
        Rgb(0x4a, 0x6f, 0xa5),
    ];
    Outfit {
        skin: *rng.pick(&skins),
        hair: *rng.pick(&hairs),
        top: tone.of(*rng.pick(&tops)),
        bottom: tone.of(*rng.pick(&bottoms)),
        shoes: Rgb(0x22, 0x22, 0x22),
        dress: rng.chance(0.2),
    }
}

/// A pedestrian on the crosswalk or the pavement.
fn pedestrian(b: &mut Builder) -> Candidate {
    let (cam, hw, lv) = (b.road.cam, b.road.hw, b.lv);
    let (x, z) = match b.road.crosswalk {
        Some(zc) if b.rng.chance(0.3) && zc >= lv.zmin => {
            (b.rng.range(-hw + 0.5, hw - 0.5), zc + b.rng.range(0.5, 3.5))
        }
        _ => {
            let side = b.side();
            (
                side * (hw + b.rng.range(0.5, 3.2)),
                b.z(lv.zmin, lv.zmax * 0.8),
            )
        }
    };
    let o = outfit(b.rng, b.tone);
    let tall = b.rng.range(1.55, 1.85);
    let (step, swing) = (b.rng.range(0.0, 0.12), b.rng.range(-0.12, 0.12));
    let items = art::pedestrian(&cam.pen(x, z, false), &o, tall, step, swing);
    standing(x, z, 0.3, b.obj("pedestrian", Some("pedestrian"), items))
}

/// A cyclist anywhere across the road and its edges.
fn cyclist(b: &mut Builder) -> Candidate {
    let (cam, hw, tone) = (b.road.cam, b.road.hw, b.tone);
    let x = b.rng.range(-hw - 2.0, hw + 2.0);
    let z = b.z(b.lv.zmin, b.lv.zmax * 0.8);
    let o = outfit(b.rng, tone);
    let frame = tone.of(*b.rng.pick(&[
        Rgb(0x1f, 0x6f, 0xd0),
        Rgb(0xd0, 0x30, 0x30),
        Rgb(0x20, 0x20, 0x20),
        Rgb(0x10, 0xa0, 0x80),
    ]));
    let helmet = *b.rng.pick(&[
        Rgb(0xf5, 0xd0, 0x20),
        Rgb(0xf0, 0xf0, 0xf0),
        Rgb(0xe0, 0x40, 0x30),
    ]);
    let flip = b.rng.chance(0.5);
    let items = art::cyclist(&cam.pen(x, z, flip), frame, &o, helmet);
    standing(x, z, 0.9, b.obj("cyclist", Some("cyclist"), items))
}

/// Look-alike: a billboard with a car on it, set back from the road.
fn billboard(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + b.rng.range(2.6, 4.0));
    let z = b.z(9.0, 45.0);
    let paper = *b.rng.pick(&[
        Rgb(0xf4, 0xe9, 0xd0),
        Rgb(0xd8, 0xee, 0xf8),
        Rgb(0xfa, 0xd4, 0xd4),
    ]);
    let car = *b.rng.pick(&CAR_COLORS[..5]);
    let items = art::billboard(&b.road.cam.pen(x, z, false), paper, car);
    standing(x, z, 2.3, b.obj("billboard", None, items))
}

/// Look-alike: a bicycle parked on the pavement, nobody riding it.
fn parked_bicycle(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + b.rng.range(0.6, 2.6));
    let z = b.z(b.lv.zmin + 1.0, 35.0);
    let frame = *b.rng.pick(&[
        Rgb(0x1f, 0x6f, 0xd0),
        Rgb(0xd0, 0x30, 0x30),
        Rgb(0x20, 0x20, 0x20),
    ]);
    let flip = b.rng.chance(0.5);
    let items = art::parked_bicycle(&b.road.cam.pen(x, z, flip), frame);
    standing(x, z, 0.9, b.obj("parked_bicycle", None, items))
}

/// Look-alike: a traffic light seen from behind (no lit colour) on its own pole.
fn light_back(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + b.rng.range(0.4, 1.2));
    let z = b.z(8.0, 45.0);
    let pen = b.road.cam.pen(x, z, false);
    let mut items = art::pole(&pen, 2.8);
    items.extend(art::traffic_light(
        &Pen {
            x: pen.p(-side * 0.3, 0.0).0,
            ..pen
        },
        2.7,
        None,
    ));
    standing(x, z, 0.5, b.obj("light_back", None, items))
}

fn tree(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + b.rng.range(1.2, 3.0));
    let z = b.z(b.lv.zmin, b.lv.zmax);
    let leaf = b.tone.of(*b.rng.pick(&[
        Rgb(0x3f, 0x8f, 0x3a),
        Rgb(0x5a, 0xa0, 0x45),
        Rgb(0x2f, 0x70, 0x3c),
    ]));
    let size = b.rng.range(0.8, 1.25);
    let items = art::tree(&b.road.cam.pen(x, z, false), leaf, size);
    standing(x, z, 0.3, b.obj("tree", None, items))
}

fn lamp(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + 0.35);
    let z = b.z(b.lv.zmin, b.lv.zmax);
    let items = art::street_lamp(&b.road.cam.pen(x, z, false), -side * 1.6);
    standing(x, z, 0.2, b.obj("lamp", None, items))
}

fn bin(b: &mut Builder, side: f64) -> Candidate {
    let x = side * (b.road.hw + b.rng.range(0.5, 3.0));
    let z = b.z(b.lv.zmin, b.lv.zmax);
    let c = *b.rng.pick(&[
        Rgb(0x2e, 0x7d, 0x32),
        Rgb(0x15, 0x65, 0xc0),
        Rgb(0x75, 0x75, 0x75),
    ]);
    let items = art::bin(&b.road.cam.pen(x, z, false), c);
    standing(x, z, 0.35, b.obj("bin", None, items))
}

/// The picture: the objects in painter's order (far first; at one depth, poles before what
/// hangs on them) between the street behind them and the haze in front, and the objects' states.
fn compose(
    rng: &mut Rng,
    level: u8,
    lv: &Level,
    road: &Layout,
    mut placed: Vec<Placed>,
) -> (Canvas, States) {
    placed.sort_by(|a, b| b.z.total_cmp(&a.z).then(a.order.cmp(&b.order)));
    let states = placed.iter().map(|p| p.state).collect();
    let objects = placed.into_iter().map(|p| p.obj).collect();
    let canvas = Canvas {
        w: W as u32,
        h: H as u32,
        background: background(rng, road, level),
        objects,
        overlay: overlay(&road.cam, lv.haze, road.dusk),
    };
    (canvas, states)
}

/// Removes the objects a person could not judge against the specification (visible size near
/// the 10 px cut-off, occlusion near one half, a sliver outside the border, an extent that
/// hangs on a sliver: `fragile`), with everything in their groups, until none is left; returns
/// the raster of what stays.
fn drop_unclear(canvas: &mut Canvas, states: &mut States) -> Raster {
    loop {
        // Every labelable object gets the certainty check: one left out for its size must be
        // clearly small too.
        let r = rasterize(canvas, true, &|k, _| canvas.objects[k].label.is_some());
        let mut bad: Vec<usize> = Vec::new();
        for (k, o) in canvas.objects.iter().enumerate() {
            if o.label.is_some() && unclear(&r, k) && !bad.contains(&o.group) {
                bad.push(o.group);
            }
        }
        if bad.is_empty() {
            return r;
        }
        let keep: Vec<bool> = canvas
            .objects
            .iter()
            .map(|o| !bad.contains(&o.group))
            .collect();
        // When nothing removed touches anything kept, the others' pixels stay as they are and
        // the raster need not be drawn again.
        let isolated = apart(&canvas.objects, &keep);
        retain_where(&mut canvas.objects, &keep);
        retain_where(states, &keep);
        if isolated {
            let mut r = r;
            retain_where(&mut r.cov, &keep);
            return r;
        }
    }
}

/// Whether object `k`'s size, occlusion or truncation is too close to a rule's threshold (or
/// its extent too fragile) for a person to decide.
fn unclear(r: &Raster, k: usize) -> bool {
    let c = &r.cov[k];
    let m = c.xywh().map(|b| b[2].min(b[3])).unwrap_or(0);
    if m == 0 {
        false
    } else if r.fragile(k) {
        true
    } else if m < MIN_SIZE - 1 {
        false
    } else if m < MIN_SIZE + 2 {
        true
    } else {
        let (oc, tr) = (c.occluded(), c.truncated());
        (oc > 0.4 && oc < 0.6) || oc > 0.85 || (tr > 0.0 && tr < 0.1)
    }
}

/// Whether no removed object (`!keep`) comes within 2 px of a kept one.
fn apart(objects: &[Obj], keep: &[bool]) -> bool {
    let boxes: Vec<(f64, f64, f64, f64)> = objects.iter().map(|o| o.bounds()).collect();
    let touch = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
        a.0 < b.2 + 2.0 && b.0 < a.2 + 2.0 && a.1 < b.3 + 2.0 && b.1 < a.3 + 2.0
    };
    (0..boxes.len()).filter(|&i| !keep[i]).all(|i| {
        (0..boxes.len())
            .filter(|&j| keep[j])
            .all(|j| !touch(boxes[i], boxes[j]))
    })
}

/// The gold: every labeled object whose visible box is at least `MIN_SIZE` both ways, with
/// `occluded` and `truncated` measured on its pixels and a light's `state`.
fn gold(canvas: &Canvas, raster: &Raster, states: &States) -> Vec<(usize, Value)> {
    let mut gold = Vec::new();
    for (k, o) in canvas.objects.iter().enumerate() {
        let Some(label) = o.label else { continue };
        let c = &raster.cov[k];
        let Some(bb) = raster.gold_box(k) else {
            continue;
        };
        if bb[2].min(bb[3]) < MIN_SIZE {
            continue;
        }
        let tf = |b: bool| if b { "true" } else { "false" };
        let mut attrs = serde_json::Map::new();
        attrs.insert("occluded".into(), tf(c.occluded() >= 0.5).into());
        attrs.insert("truncated".into(), tf(c.truncated() > 0.0).into());
        if let Some(s) = states[k] {
            attrs.insert("state".into(), s.into());
        }
        gold.push((
            k,
            json!({"label": label, "bbox": bb, "attributes": Value::Object(attrs)}),
        ));
    }
    gold
}

/// Depths (m) between which the road is drawn: from under the camera to beyond the horizon.
const NEAR: f64 = 1.2;
const FAR: f64 = 2000.0;

/// Sky, buildings, road and markings: drawn first, never in front of an object.
fn background(rng: &mut Rng, road: &Layout, level: u8) -> Vec<Layer> {
    let cam = &road.cam;
    let (top, horizon) = if road.dusk {
        (Rgb(0x2c, 0x3e, 0x66), Rgb(0xe3, 0x9a, 0x6a))
    } else {
        (Rgb(0x7e, 0xb8, 0xe6), Rgb(0xdc, 0xea, 0xf4))
    };
    let mut v = vec![Layer::Grad {
        x: 0.0,
        y: 0.0,
        w: W,
        h: cam.yh + 1.0,
        g: Gradient {
            y0: 0.0,
            y1: cam.yh,
            stops: vec![(0.0, top, 1.0), (1.0, horizon, 1.0)],
        },
    }];
    skyline(rng, cam, horizon, &mut v);
    let pave = Rgb(0xb4, 0xb0, 0xa8);
    v.push(Layer::Item(prim(Shape::rect(0.0, cam.yh, W, H), pave)));
    for side in [-1.0, 1.0] {
        facades(rng, cam, side * (road.hw + 4.2), road.dusk, &mut v);
    }
    carriageway(road, &mut v);
    markings(rng, road, level, &mut v);
    v
}

/// A distant skyline at the vanishing point.
fn skyline(rng: &mut Rng, cam: &Cam, horizon: Rgb, v: &mut Vec<Layer>) {
    let mut x = cam.xv - 220.0;
    while x < cam.xv + 220.0 {
        let w = rng.range(18.0, 50.0);
        let h = rng.range(8.0, 38.0);
        let c = Rgb(0x9a, 0xa6, 0xb4).mix(horizon, rng.range(0.2, 0.5));
        v.push(Layer::Item(prim(
            Shape::rect(x, cam.yh - h, x + w, cam.yh + 1.0),
            c,
        )));
        x += w;
    }
}

/// The facades along one side of the street (at X = `xf`), with rows of windows; all blocks are
/// drawn first, then painted far to near.
fn facades(rng: &mut Rng, cam: &Cam, xf: f64, dusk: bool, v: &mut Vec<Layer>) {
    let mut blocks = Vec::new();
    let mut z = 3.0;
    while z < 260.0 {
        let len = rng.range(8.0, 26.0);
        let hgt = rng.range(7.0, 26.0);
        let c = *rng.pick(&[
            Rgb(0xc9, 0xb8, 0x9b),
            Rgb(0xa7, 0xa9, 0xad),
            Rgb(0xd7, 0xcf, 0xc4),
            Rgb(0x9c, 0x8a, 0x78),
            Rgb(0xb8, 0xc4, 0xcc),
        ]);
        blocks.push((z, z + len, hgt, c));
        z += len + rng.range(0.0, 3.0);
    }
    // The wall of the facade (X = xf) between heights y0, y1 and depths z0, z1.
    let panel = |y0: f64, y1: f64, z0: f64, z1: f64| {
        Shape::Poly(vec![
            cam.p3(xf, y0, z0),
            cam.p3(xf, y1, z0),
            cam.p3(xf, y1, z1),
            cam.p3(xf, y0, z1),
        ])
    };
    for &(z0, z1, hgt, c) in blocks.iter().rev() {
        let c = if dusk { c.dark(0.35) } else { c };
        v.push(Layer::Item(prim(panel(0.0, hgt, z0, z1), c)));
        let glass = if dusk {
            Rgb(0xe8, 0xc8, 0x70)
        } else {
            c.dark(0.4)
        };
        let mut y = 2.5;
        while y + 1.4 < hgt {
            let mut zz = z0 + 1.0;
            while zz + 1.5 < z1 {
                v.push(Layer::Item(prim(panel(y, y + 1.4, zz, zz + 1.5), glass)));
                zz += 3.2;
            }
            y += 3.2;
        }
    }
}

/// The road surface and its kerbs.
fn carriageway(road: &Layout, v: &mut Vec<Layer>) {
    let (cam, hw) = (&road.cam, road.hw);
    let surface = Shape::Poly(vec![
        cam.ground(-hw, NEAR),
        cam.ground(hw, NEAR),
        cam.ground(hw, FAR),
        cam.ground(-hw, FAR),
    ]);
    v.push(Layer::Item(prim(
        surface,
        if road.dusk { ROAD.dark(0.3) } else { ROAD },
    )));
    let kerb = Rgb(0xd8, 0xd6, 0xd0);
    for side in [-1.0, 1.0] {
        let x = side * hw;
        let pts = vec![
            cam.ground(x, NEAR),
            cam.ground(x + side * 0.25, NEAR),
            cam.ground(x + side * 0.25, FAR),
            cam.ground(x, FAR),
        ];
        v.push(Layer::Item(prim(Shape::Poly(pts), kerb)));
    }
}

/// A painted strip on the ground, `w` m wide around X = x, from depth za to zb.
fn strip(cam: &Cam, x: f64, w: f64, za: f64, zb: f64) -> Shape {
    Shape::Poly(vec![
        cam.ground(x - w / 2.0, za),
        cam.ground(x + w / 2.0, za),
        cam.ground(x + w / 2.0, zb),
        cam.ground(x - w / 2.0, zb),
    ])
}

/// Edge lines, lane lines (a double yellow between the directions, dashed white between lanes
/// of one direction; both broken by the crosswalk) and the crosswalk with its stop line. Worn
/// paint at the hardest levels.
fn markings(rng: &mut Rng, road: &Layout, level: u8, v: &mut Vec<Layer>) {
    let (cam, hw) = (&road.cam, road.hw);
    let white = Rgb(0xee, 0xee, 0xe8).mix(ROAD, if level <= 2 { 0.3 } else { 0.0 });
    let yellow = Rgb(0xf0, 0xc0, 0x20).mix(ROAD, if level <= 2 { 0.3 } else { 0.0 });
    let mut paint = |shape: Shape, c: Rgb| v.push(Layer::Item(prim(shape, c)));
    let zstop = road.crosswalk.map(|z| z - 1.0).unwrap_or(FAR);
    for side in [-1.0, 1.0] {
        paint(strip(cam, side * (hw - 0.25), 0.2, NEAR, FAR), white);
    }
    for i in 1..road.lanes.len() {
        let x = -hw + i as f64 * 3.5;
        if road.two_way && i == road.per_dir {
            for dx in [-0.18, 0.18] {
                paint(strip(cam, x + dx, 0.15, NEAR, zstop), yellow);
                if let Some(zc) = road.crosswalk {
                    paint(strip(cam, x + dx, 0.15, zc + 5.0, FAR), yellow);
                }
            }
        } else {
            let mut z = NEAR + rng.range(0.0, 6.0);
            while z < 300.0 {
                let inside = road
                    .crosswalk
                    .map(|zc| z + 4.0 > zc - 1.0 && z < zc + 5.0)
                    .unwrap_or(false);
                if !inside {
                    paint(strip(cam, x, 0.15, z, z + 4.0), white);
                }
                z += 10.0;
            }
        }
    }
    if let Some(zc) = road.crosswalk {
        let stop = Shape::Poly(vec![
            cam.ground(-hw, zc - 1.3),
            cam.ground(hw, zc - 1.3),
            cam.ground(hw, zc - 0.9),
            cam.ground(-hw, zc - 0.9),
        ]);
        paint(stop, white);
        let mut x = -hw + 0.4;
        while x + 0.45 < hw - 0.2 {
            paint(strip(cam, x + 0.225, 0.45, zc, zc + 4.0), white);
            x += 1.0;
        }
    }
}

/// Haze towards the horizon and dusk light: translucent, so nothing is hidden.
fn overlay(cam: &Cam, haze: f64, dusk: bool) -> Vec<Layer> {
    let mut v = Vec::new();
    if haze > 0.0 {
        let c = Rgb(0xdd, 0xe3, 0xea);
        v.push(Layer::Grad {
            x: 0.0,
            y: 0.0,
            w: W,
            h: H,
            g: Gradient {
                y0: cam.yh - 60.0,
                y1: H,
                stops: vec![(0.0, c, haze * 0.6), (0.25, c, haze), (1.0, c, 0.0)],
            },
        });
    }
    if dusk {
        v.push(Layer::Item(art::glaze(
            Shape::rect(0.0, 0.0, W, H),
            Rgb(0x1a, 0x22, 0x48),
            0.22,
        )));
    }
    v
}
