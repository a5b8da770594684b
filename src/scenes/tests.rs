//! Scene tests: the gold against the pixels resvg draws, for many seeds of every kind and level.
//!
//! The masks are drawn without anti-aliasing, so each pixel has exactly one colour; the gold is
//! measured by the generators on pixel centres too, so a gold box and the box of its mask pixels
//! agree to within a pixel (rasterisers differ only for centres lying on an edge).

use std::collections::HashMap;

use serde_json::Value;

use super::draw::{self, Canvas, Item, Mode, Obj, Rgb, Shape};
use super::*;

/// The level `n` (1 … 5) of a test.
fn lv(n: u8) -> Level {
    Level::new(n).expect("a level")
}

/// Seeds per kind and level (× 5 levels × 4 image kinds = the scenes checked against pixels).
const SEEDS: u64 = 200;

fn image(s: &Scene) -> &ImageScene {
    match &s.body {
        Body::Image(i) => i,
        Body::Text(_) => panic!("not an image scene"),
    }
}

/// Pixels of an opaque SVG as RGB triples.
fn pixels(svg: &str) -> (u32, u32, Vec<[u8; 3]>) {
    let (w, h, rgba) = render_rgba(svg).expect("renders");
    let mut out = Vec::with_capacity(rgba.len() / 4);
    let mut opaque = true;
    for c in rgba.chunks_exact(4) {
        opaque &= c[3] == 255;
        out.push([c[0], c[1], c[2]]);
    }
    assert!(opaque, "masks are opaque");
    (w, h, out)
}

fn rgb(c: [u8; 3]) -> Rgb {
    Rgb(c[0], c[1], c[2])
}

/// Per colour: (x0, y0, x1, y1) exclusive box and pixel count.
type ColorBoxes = HashMap<[u8; 3], ((u32, u32, u32, u32), u32)>;

fn boxes_by_color(w: u32, px: &[[u8; 3]]) -> ColorBoxes {
    let mut m = ColorBoxes::new();
    let h = px.len() as u32 / w;
    for y in 0..h {
        let row = &px[(y * w) as usize..((y + 1) * w) as usize];
        let mut x = 0;
        while x < w {
            // One run of a colour at a time.
            let c = row[x as usize];
            let mut e = x + 1;
            while e < w && row[e as usize] == c {
                e += 1;
            }
            if c != [0, 0, 0] {
                let b = m.entry(c).or_insert(((x, y, e, y + 1), 0));
                b.0 = (b.0.0.min(x), b.0.1.min(y), b.0.2.max(e), b.0.3.max(y + 1));
                b.1 += e - x;
            }
            x = e;
        }
    }
    m
}

/// Every object in its own colour (by object index), for checks on objects outside the gold.
fn all_objects_svg(s: &ImageScene) -> String {
    let colors: Vec<Option<Rgb>> = (0..s.canvas.objects.len())
        .map(|k| Some(rgb(mask_color(k))))
        .collect();
    draw::svg(&s.canvas, Mode::Flat, &colors)
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

/// `ANNOCERT_SCENE_SEEDS=N` checks N seeds per kind and level instead (a longer soak, e.g. in
/// release mode); `ANNOCERT_SCENE_SEED0` moves the first seed.
fn each_scene(kind: SceneKind, mut check: impl FnMut(&Scene)) {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (n, first) = (
        env("ANNOCERT_SCENE_SEEDS", SEEDS),
        env("ANNOCERT_SCENE_SEED0", 0),
    );
    for level in (1..=5).rev() {
        for seed in first..first + n {
            let s = generate(kind, lv(level), seed * 7919 + 11);
            crate::scoring::validate_task(&s.task())
                .unwrap_or_else(|e| panic!("{kind} {level} {seed}: {e}"));
            check(&s);
        }
    }
}

#[test]
fn determinism_and_validity() {
    for kind in SceneKind::ALL {
        for level in 1..=5 {
            for seed in [0, u64::MAX] {
                let a = generate(kind, lv(level), seed);
                let b = generate(kind, lv(level), seed);
                assert_eq!(
                    a.svg(),
                    b.svg(),
                    "{kind} {level} {seed}: same seed, same SVG"
                );
                assert_eq!(
                    a.task(),
                    b.task(),
                    "{kind} {level} {seed}: same seed, same task"
                );
                assert_eq!(masks_svg(&a), masks_svg(&b));
                let task = a.task();
                crate::scoring::validate_task(&task)
                    .unwrap_or_else(|e| panic!("{kind} {level} {seed}: {e}"));
                // The gold scores 1 against itself.
                let r = crate::scoring::score(&task, &task["gold"]).unwrap();
                assert_eq!(r.score, 1.0, "{kind} {level} {seed}");
                assert!(a.practice_task().get("gold").is_none());
                assert_eq!(task["scene"]["name"], kind.as_str());
                assert_eq!(task["scene"]["version"], kind.version());
                assert_eq!(task["kind"], kind.task_kind());
                assert!(!task["spec"].as_str().unwrap().is_empty());
            }
            let a = generate(kind, lv(level), 0);
            let b = generate(kind, lv(level), 1);
            assert_ne!(a.task(), b.task(), "{kind} {level}: seeds differ");
        }
    }
    assert_eq!(
        generate_named("street", 0, 1).err(),
        Some(SceneError::BadLevel(0))
    );
    assert_eq!(
        generate_named("street", 6, 1).err(),
        Some(SceneError::BadLevel(6))
    );
    assert!(matches!(
        generate_named("forest", 3, 1),
        Err(SceneError::UnknownKind(_))
    ));
}

#[test]
fn pinned_scene() {
    // If this changes, every stored seed draws a different street: bump street's version.
    let s = generate(SceneKind::Street, lv(3), 42);
    let g = s.gold();
    let sig: Vec<String> = g
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{}{}", o["label"], o["bbox"]))
        .collect();
    let sig = sig.join(";");
    assert_eq!(sig, PINNED_STREET_3_42, "street 3/42 changed: {sig}");
}

const PINNED_STREET_3_42: &str = concat!(
    "\"bus\"[305,139,49,61];\"traffic_sign\"[158,133,21,21];\"pedestrian\"[62,158,26,63];",
    "\"car\"[329,170,68,57];\"car\"[113,170,118,98];\"traffic_sign\"[0,72,21,54];",
    "\"cyclist\"[363,138,201,207]"
);

/// Every output of the first `PINNED_SEEDS` seeds of each kind at every level, hashed: the
/// picture, the task with its gold, and the masks. A refactor of a generator must leave these
/// unchanged; a change that draws differently bumps the kind's version and these digests.
#[test]
fn pinned_outputs() {
    use sha2::{Digest, Sha256};
    let mut changed = Vec::new();
    for (kind, want) in PINNED_DIGESTS {
        let mut h = Sha256::new();
        for level in 1..=5 {
            for seed in 0..PINNED_SEEDS {
                let s = generate(kind, lv(level), seed);
                for part in [
                    s.svg().unwrap_or_default(),
                    s.task().to_string(),
                    masks_svg(&s).unwrap_or_default(),
                ] {
                    // Length-prefixed, so parts cannot run into each other.
                    h.update((part.len() as u64).to_le_bytes());
                    h.update(part.as_bytes());
                }
            }
        }
        let got = hex::encode(h.finalize());
        if got != want {
            changed.push(format!("{kind} v{}: {got}", kind.version()));
        }
    }
    assert!(changed.is_empty(), "outputs changed: {changed:#?}");
}

const PINNED_SEEDS: u64 = 20;

const PINNED_DIGESTS: [(SceneKind, &str); 5] = [
    (
        SceneKind::Street,
        "efebf8af160451e65389b5942b31a31ba768378c5bc4642099fb8a91eb5e5481",
    ),
    (
        SceneKind::Aerial,
        "a4ae355681c272828b31d0e3c36e10d810d80e9da84f2bca4ad3240d9cdc8385",
    ),
    (
        SceneKind::People,
        "efd4cfcddaceb1e55b1b6362408837ed8c99f327cb51b3ee142932f82f57a25e",
    ),
    (
        SceneKind::Roads,
        "9911b4df3c9a1a800244b8961c1d736c1aa2c1b1fafdb0ad7e4ffd2e64d02307",
    ),
    (
        SceneKind::Text,
        "03be88c81fb5bbd118a150aa27779a84dd6b7691da9af06cc6b4c664da935383",
    ),
];

#[test]
fn png_and_masks_json() {
    let s = generate(SceneKind::Street, lv(3), 5);
    let png = render_png(&s.svg().unwrap()).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let m = masks_json(&s).unwrap();
    let objs = m["objects"].as_array().unwrap();
    assert_eq!(objs.len(), s.gold().as_array().unwrap().len());
    for (i, o) in objs.iter().enumerate() {
        let [r, g, b] = mask_color(i);
        assert_eq!(o["color"], format!("#{r:02x}{g:02x}{b:02x}"));
        assert_eq!(o["index"], i);
    }
    let t = generate(SceneKind::Text, lv(3), 5);
    assert!(t.svg().is_none() && masks_svg(&t).is_none() && masks_json(&t).is_none());
    assert!(render_png("<svg").is_err());
    // No text elements and no external references in any picture.
    for kind in [
        SceneKind::Street,
        SceneKind::Aerial,
        SceneKind::People,
        SceneKind::Roads,
    ] {
        let svg = generate(kind, lv(1), 3).svg().unwrap();
        assert!(
            !svg.contains("<text") && !svg.contains("href") && !svg.contains("<image"),
            "{kind}"
        );
    }
}

/// Boxes: each gold box is the tight box of its mask pixels within 1 px; labelable objects left
/// out are under the size cut-off; attributes agree with the pixels.
#[test]
fn street_gold_matches_pixels() {
    let mut n_gold = [0usize; 6];
    let mut n_left_out = 0;
    each_scene(SceneKind::Street, |s| {
        let im = image(s);
        let gold = s.gold();
        let gold = gold.as_array().unwrap();
        let (w, _, px) = pixels(&masks_svg(s).unwrap());
        let by = boxes_by_color(w, &px);
        let colors: Vec<[u8; 3]> = (0..gold.len()).map(mask_color).collect();
        for c in by.keys() {
            assert!(colors.contains(c), "stray colour {c:?} in the masks");
        }
        for (i, g) in gold.iter().enumerate() {
            let b: Vec<f64> = g["bbox"].as_array().unwrap().iter().map(f).collect();
            let ((x0, y0, x1, y1), _) = by
                .get(&colors[i])
                .copied()
                .unwrap_or_else(|| panic!("gold {i} has no pixels"));
            let d = [
                b[0] - x0 as f64,
                b[1] - y0 as f64,
                b[0] + b[2] - x1 as f64,
                b[1] + b[3] - y1 as f64,
            ];
            assert!(
                d.iter().all(|e| e.abs() <= 1.0),
                "level {} seed {}: gold {i} {b:?} vs pixels {:?}",
                s.level(),
                s.seed(),
                (x0, y0, x1, y1)
            );
            assert!(b[2] >= 10.0 && b[3] >= 10.0);
            assert!(street::LABELS.contains(&g["label"].as_str().unwrap()));
            assert_eq!(
                g["attributes"]["state"].is_string(),
                g["label"] == "traffic_light"
            );
        }
        n_gold[usize::from(s.level().get())] += gold.len();
        // Objects outside the gold: clutter and look-alikes have no label; labelable ones are small.
        let (w, _, px) = pixels(&all_objects_svg(im));
        let by = boxes_by_color(w, &px);
        let in_gold: Vec<usize> = im.gold.iter().map(|(k, _)| *k).collect();
        for (k, o) in im.canvas.objects.iter().enumerate() {
            if in_gold.contains(&k) {
                assert!(o.label.is_some(), "a {} is in the gold", o.role);
                continue;
            }
            if o.label.is_some() {
                n_left_out += 1;
                if let Some(((x0, y0, x1, y1), _)) = by.get(&mask_color(k)) {
                    assert!(
                        (x1 - x0).min(y1 - y0) <= 10,
                        "level {} seed {}: a visible {} ({x0},{y0},{x1},{y1}) is missing",
                        s.level(),
                        s.seed(),
                        o.role
                    );
                }
            }
        }
    });
    // Harder levels have more objects to label.
    assert!(n_gold[1] > n_gold[5], "{n_gold:?}");
    assert!(n_left_out > 0, "the size cut-off never applied");
}

/// Occluded and truncated, recounted with resvg: each gold object alone on a larger canvas.
#[test]
fn street_attributes_match_pixels() {
    for level in [4u8, 2, 1] {
        for seed in 0..8u64 {
            let s = generate(SceneKind::Street, lv(level), seed * 31 + 5);
            let im = image(&s);
            let (w, _, px) = pixels(&all_objects_svg(im));
            let by = boxes_by_color(w, &px);
            for (k, g) in &im.gold {
                let o = &im.canvas.objects[*k];
                // The object alone on a canvas just larger than it.
                let b = o.bounds();
                let (dx, dy) = (4.0 - b.0.floor(), 4.0 - b.1.floor());
                let moved = Obj {
                    items: o.items.iter().map(|it| translate(it, dx, dy)).collect(),
                    ..o.clone()
                };
                let (cw, ch) = ((b.2 - b.0).ceil() as u32 + 9, (b.3 - b.1).ceil() as u32 + 9);
                let alone = Canvas {
                    w: cw,
                    h: ch,
                    objects: vec![moved],
                    ..Default::default()
                };
                let (bw, _, bpx) =
                    pixels(&draw::svg(&alone, Mode::Flat, &[Some(Rgb(255, 255, 255))]));
                let (mut full, mut inside) = (0u32, 0u32);
                for (i, c) in bpx.iter().enumerate() {
                    if *c != [0, 0, 0] {
                        full += 1;
                        let (x, y) = ((i as u32 % bw) as f64 - dx, (i as u32 / bw) as f64 - dy);
                        if x >= 0.0 && y >= 0.0 && x < im.canvas.w as f64 && y < im.canvas.h as f64
                        {
                            inside += 1;
                        }
                    }
                }
                let visible = by.get(&mask_color(*k)).map(|e| e.1).unwrap_or(0);
                let occ = 1.0 - visible as f64 / inside as f64;
                let trunc = full > inside;
                let a = &g["attributes"];
                assert_eq!(
                    a["truncated"] == "true",
                    trunc,
                    "level {level} seed {seed}: {}",
                    o.role
                );
                if a["occluded"] == "true" {
                    assert!(occ > 0.55, "occluded {occ}");
                } else {
                    assert!(occ < 0.45, "not occluded {occ}");
                }
            }
        }
    }
}

fn translate(it: &Item, dx: f64, dy: f64) -> Item {
    let t = |s: &Shape| -> Shape {
        match s {
            Shape::Rect { x, y, w, h } => Shape::Rect {
                x: x + dx,
                y: y + dy,
                w: *w,
                h: *h,
            },
            Shape::Circle { c, r } => Shape::Circle {
                c: (c.0 + dx, c.1 + dy),
                r: *r,
            },
            Shape::Ring { c, r, w } => Shape::Ring {
                c: (c.0 + dx, c.1 + dy),
                r: *r,
                w: *w,
            },
            Shape::Capsule { a, b, r } => Shape::Capsule {
                a: (a.0 + dx, a.1 + dy),
                b: (b.0 + dx, b.1 + dy),
                r: *r,
            },
            Shape::Poly(p) => Shape::Poly(p.iter().map(|q| (q.0 + dx, q.1 + dy)).collect()),
        }
    };
    match it {
        Item::Prim(p) => Item::Prim(draw::Prim {
            shape: t(&p.shape),
            ..p.clone()
        }),
        Item::Clip { clip, prims } => Item::Clip {
            clip: t(clip),
            prims: prims
                .iter()
                .map(|p| draw::Prim {
                    shape: t(&p.shape),
                    ..p.clone()
                })
                .collect(),
        },
    }
}

/// Polygons: each gold polygon covers its mask region with IoU ≥ 0.98; plots tile the image
/// without overlapping; some are concave.
#[test]
fn aerial_gold_matches_pixels() {
    let mut concave = [0usize; 6];
    each_scene(SceneKind::Aerial, |s| {
        let im = image(s);
        let (w, h, px) = pixels(&masks_svg(s).unwrap());
        let counts = boxes_by_color(w, &px);
        let gold = s.gold();
        let gold = gold.as_array().unwrap();
        let mut rings = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            let pts: Vec<(f64, f64)> = g["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (f(&p[0]), f(&p[1])))
                .collect();
            // The gold polygon sampled at pixel centres (even–odd rule) against the mask pixels.
            let gold_shape = Shape::Poly(pts.clone());
            let col = mask_color(i);
            let (mut inter, mut uni) = (0u32, 0u32);
            let b = gold_shape.bounds();
            let mut in_box = 0u32;
            for y in (b.1.floor().max(0.0) as u32)..(b.3.ceil() as u32).min(h) {
                for x in (b.0.floor().max(0.0) as u32)..(b.2.ceil() as u32).min(w) {
                    let a = px[(y * w + x) as usize] == col;
                    let g = gold_shape.contains(x as f64 + 0.5, y as f64 + 0.5);
                    in_box += a as u32;
                    inter += (a && g) as u32;
                    uni += (a || g) as u32;
                }
            }
            // Mask pixels outside the polygon's box count against it too.
            uni += counts.get(&col).map(|e| e.1).unwrap_or(0) - in_box;
            let iou = inter as f64 / uni as f64;
            assert!(
                iou >= 0.98,
                "level {} seed {}: gold {i} IoU {iou}",
                s.level(),
                s.seed()
            );
            let ring: Vec<geo::Coord<f64>> =
                pts.iter().map(|p| geo::Coord { x: p.0, y: p.1 }).collect();
            if is_concave(&pts) {
                concave[usize::from(s.level().get())] += 1;
            }
            rings.push(crate::scoring::geometry::validate_ring(&ring).expect("valid polygon"));
        }
        // Touching, never overlapping (pairs whose boxes meet).
        let boxes: Vec<(f64, f64, f64, f64)> = gold
            .iter()
            .map(|g| {
                let pts: Vec<(f64, f64)> = g["points"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (f(&p[0]), f(&p[1])))
                    .collect();
                Shape::Poly(pts).bounds()
            })
            .collect();
        for a in 0..rings.len() {
            for b in a + 1..rings.len() {
                let (p, q) = (boxes[a], boxes[b]);
                if p.2 < q.0 || q.2 < p.0 || p.3 < q.1 || q.3 < p.1 {
                    continue;
                }
                let iou = crate::scoring::geometry::polygon_iou(&rings[a], &rings[b]);
                assert!(
                    iou < 1e-9,
                    "level {} seed {}: gold {a} and {b} overlap ({iou})",
                    s.level(),
                    s.seed()
                );
            }
        }
        // All plots (gold or not) tile the picture exactly.
        let total: f64 = im
            .canvas
            .objects
            .iter()
            .map(|o| match o.items.first() {
                Some(Item::Prim(p)) => match &p.shape {
                    Shape::Poly(q) => area(q),
                    _ => 0.0,
                },
                _ => 0.0,
            })
            .sum();
        assert!(
            (total - (w * h) as f64).abs() < 1e-6,
            "plots cover {total} of {}",
            w * h
        );
        for (k, o) in im.canvas.objects.iter().enumerate() {
            let in_gold = im.gold.iter().any(|(g, _)| *g == k);
            assert_eq!(in_gold, o.label.is_some(), "{} in gold: {in_gold}", o.role);
        }
    });
    for (l, n) in concave.iter().enumerate().skip(1) {
        assert!(*n > 0, "no concave plot at level {l}");
    }
}

fn area(p: &[(f64, f64)]) -> f64 {
    let mut a = 0.0;
    for i in 0..p.len() {
        let (q, r) = (p[i], p[(i + 1) % p.len()]);
        a += q.0 * r.1 - r.0 * q.1;
    }
    (a / 2.0).abs()
}

fn is_concave(p: &[(f64, f64)]) -> bool {
    let n = p.len();
    let mut signs = (false, false);
    for i in 0..n {
        let (a, b, c) = (p[i], p[(i + 1) % n], p[(i + 2) % n]);
        let cross = (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0);
        if cross > 1e-6 {
            signs.0 = true;
        } else if cross < -1e-6 {
            signs.1 = true;
        }
    }
    signs.0 && signs.1
}

/// Keypoints: every visible keypoint lies on its own figure's pixels, every occluded one on
/// someone else's, outside ones are [0, 0, 0]; boxes are tight; left and right are the person's.
#[test]
fn people_gold_matches_pixels() {
    let mut counts = [0usize; 3];
    each_scene(SceneKind::People, |s| {
        let im = image(s);
        let (w, h, px) = pixels(&masks_svg(s).unwrap());
        let by = boxes_by_color(w, &px);
        let gold = s.gold();
        for (i, g) in gold.as_array().unwrap().iter().enumerate() {
            let col = mask_color(i);
            let kp = g["keypoints"].as_array().unwrap();
            assert_eq!(kp.len(), 17);
            for (j, p) in kp.iter().enumerate() {
                let (x, y, v) = (f(&p[0]), f(&p[1]), p[2].as_u64().unwrap());
                counts[v as usize] += 1;
                if v == 0 {
                    assert_eq!((x, y), (0.0, 0.0));
                    continue;
                }
                assert!(x >= 0.0 && y >= 0.0 && x < w as f64 && y < h as f64);
                let c = px[(y.floor() as u32 * w + x.floor() as u32) as usize];
                if v == 2 {
                    assert_eq!(
                        c,
                        col,
                        "level {} seed {}: person {i} keypoint {j} ({x}, {y}) is not on the figure",
                        s.level(),
                        s.seed()
                    );
                } else {
                    assert_ne!(
                        c,
                        col,
                        "level {} seed {}: person {i} keypoint {j} is not hidden",
                        s.level(),
                        s.seed()
                    );
                }
            }
            let b: Vec<f64> = g["bbox"].as_array().unwrap().iter().map(f).collect();
            let ((x0, y0, x1, y1), _) = by[&col];
            let d = [
                b[0] - x0 as f64,
                b[1] - y0 as f64,
                b[0] + b[2] - x1 as f64,
                b[1] + b[3] - y1 as f64,
            ];
            assert!(
                d.iter().all(|e| e.abs() <= 1.0),
                "level {} seed {}: person {i} box {b:?} vs {:?}",
                s.level(),
                s.seed(),
                (x0, y0, x1, y1)
            );
            // Facing the camera (a face is drawn): the person's left shoulder is on the image right.
            let kx = |j: usize| f(&kp[j][0]);
            let front = kp[0][2] != 0 || kp[1][2] != 0 || kp[2][2] != 0;
            if front && kp[5][2] != 0 && kp[6][2] != 0 {
                assert!(kx(5) > kx(6));
            }
            if !front && kp[5][2] != 0 && kp[6][2] != 0 && kp[3][2] != 0 && kp[4][2] != 0 {
                assert!(
                    kx(5) < kx(6),
                    "a person seen from behind has the left shoulder on the image left"
                );
            }
        }
        for (k, o) in im.canvas.objects.iter().enumerate() {
            let in_gold = im.gold.iter().any(|(g, _)| *g == k);
            assert_eq!(in_gold, o.role == "person", "{}", o.role);
        }
    });
    assert!(
        counts[0] > 0 && counts[1] > 0 && counts[2] > 0,
        "{counts:?}"
    );
}

/// Polylines: the paint of each gold line lies along it, solid lines are painted along their
/// whole length (except under cars), the ends are on paint.
#[test]
fn roads_gold_matches_pixels() {
    let mut styles = HashMap::new();
    let mut dashed_full = 0;
    each_scene(SceneKind::Roads, |s| {
        let im = image(s);
        let (w, _, px) = pixels(&all_objects_svg(im));
        for (k, g) in &im.gold {
            let col = mask_color(*k);
            let pts: Vec<(f64, f64)> = g["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (f(&p[0]), f(&p[1])))
                .collect();
            let style = g["attributes"]["style"].as_str().unwrap().to_string();
            *styles.entry(style.clone()).or_insert(0) += 1;
            // Every painted pixel is near the line (lines are at most 0.2 m wide: ≤ 40 px here).
            let mut max_d: f64 = 0.0;
            for (i, c) in px.iter().enumerate() {
                if *c == col {
                    let p = ((i as u32 % w) as f64 + 0.5, (i as u32 / w) as f64 + 0.5);
                    let d = pts
                        .windows(2)
                        .map(|q| draw::seg_dist2(p, q[0], q[1]))
                        .fold(f64::INFINITY, f64::min)
                        .sqrt();
                    max_d = max_d.max(d);
                }
            }
            assert!(
                max_d < 24.0,
                "level {} seed {}: paint {max_d} px off the gold line",
                s.level(),
                s.seed()
            );
            // Walk along the line; a sample is "on" when it shows the line or a car over it.
            let (mut on, mut all) = (0, 0);
            for q in pts.windows(2) {
                let len = draw::seg_dist2(q[0], q[1], q[1]).sqrt();
                let n = (len / 2.0).ceil() as usize;
                for t in 0..n {
                    let a = t as f64 / n as f64;
                    let (x, y) = (
                        q[0].0 + (q[1].0 - q[0].0) * a,
                        q[0].1 + (q[1].1 - q[0].1) * a,
                    );
                    // The pixel under the sample and its 8 neighbours (thin lines are 1–2 px).
                    let (cx, cy) = (x.min(639.0) as i64, y.min(479.0) as i64);
                    let near: Vec<[u8; 3]> = (-1..=1)
                        .flat_map(|dy| (-1..=1).map(move |dx| (cx + dx, cy + dy)))
                        .filter(|&(x, y)| x >= 0 && y >= 0 && x < 640 && y < 480)
                        .map(|(x, y)| px[(y as u32 * w + x as u32) as usize])
                        .collect();
                    if near.contains(&col) {
                        all += 1;
                        on += 1;
                        continue;
                    }
                    // Under a car, or under a neighbouring line that merges with it far away.
                    let c = px[(cy as u32 * w + cx as u32) as usize];
                    let over = im.canvas.objects.iter().enumerate().any(|(j, o)| {
                        j != *k
                            && (o.role.starts_with("car") || o.role == "lane_line")
                            && mask_color(j) == c
                    });
                    if !over {
                        all += 1;
                    }
                }
            }
            let share = on as f64 / all.max(1) as f64;
            if style == "solid" {
                assert!(
                    share > 0.85,
                    "level {} seed {}: solid line painted on {share}",
                    s.level(),
                    s.seed()
                );
            } else {
                // Gaps show unless only one dash is in the picture.
                assert!(
                    share > 0.05,
                    "level {} seed {}: dashed line painted on {share}",
                    s.level(),
                    s.seed()
                );
                if pts.len() > 2 && share > 0.85 {
                    dashed_full += 1;
                }
            }
            // Each end lies on its paint; a far end may lie under a neighbour that merges with it
            // in perspective (double lines far away), its own paint then close by.
            let lines: Vec<[u8; 3]> = im
                .canvas
                .objects
                .iter()
                .enumerate()
                .filter(|(_, o)| o.role == "lane_line")
                .map(|(j, _)| mask_color(j))
                .collect();
            let around = |e: (f64, f64), r: i64, ok: &dyn Fn([u8; 3]) -> bool| {
                (-r..=r).any(|dx| {
                    (-r..=r).any(|dy| {
                        let (x, y) = (e.0.floor() as i64 + dx, e.1.floor() as i64 + dy);
                        x >= 0
                            && y >= 0
                            && x < 640
                            && y < 480
                            && ok(px[(y as u32 * w + x as u32) as usize])
                    })
                })
            };
            for e in [pts[0], pts[pts.len() - 1]] {
                let near = around(e, 4, &|c| c == col)
                    || (around(e, 4, &|c| lines.contains(&c)) && around(e, 12, &|c| c == col));
                assert!(
                    near,
                    "level {} seed {}: line end {e:?} is not on paint",
                    s.level(),
                    s.seed()
                );
            }
        }
        for (k, o) in im.canvas.objects.iter().enumerate() {
            if o.role != "lane_line" {
                assert!(
                    !im.gold.iter().any(|(g, _)| *g == k),
                    "a {} is in the gold",
                    o.role
                );
            }
        }
    });
    assert!(styles.contains_key("solid") && styles.contains_key("dashed"));
    assert!(
        dashed_full * 20 < styles["dashed"],
        "{dashed_full} dashed lines show no gap"
    );
}

/// Spans: inside the text, in order, never overlapping, and each one what its label says.
#[test]
fn text_spans_are_exact() {
    let mut labels: HashMap<String, usize> = HashMap::new();
    each_scene(SceneKind::Text, |s| {
        let text: Vec<char> = s.text().unwrap().chars().collect();
        let gold = s.gold();
        let mut end = 0;
        for g in gold.as_array().unwrap() {
            let (a, b) = (
                g["start"].as_u64().unwrap() as usize,
                g["end"].as_u64().unwrap() as usize,
            );
            assert!(a >= end && b > a && b <= text.len());
            end = b;
            let span: String = text[a..b].iter().collect();
            let label = g["label"].as_str().unwrap();
            *labels.entry(label.to_string()).or_insert(0) += 1;
            assert!(
                !span.chars().any(|c| "，。、；：！？".contains(c)),
                "punctuation in {span}"
            );
            match label {
                "PER" => assert!(
                    text::SURNAMES.iter().any(|x| span.starts_with(x)) && span.chars().count() <= 4,
                    "{span}"
                ),
                "MONEY" => assert!(span.ends_with('元') && !span.ends_with("人"), "{span}"),
                "TIME" => assert!(span.chars().any(|c| "年月日点天周".contains(c)), "{span}"),
                "ORG" => assert!(
                    [
                        "公司", "集团", "大学", "局", "医院", "中心", "超市", "书店", "餐厅",
                        "药店"
                    ]
                    .iter()
                    .any(|x| span.ends_with(x)),
                    "{span}"
                ),
                "LOC" => assert!(!span.is_empty()),
                other => panic!("unknown label {other}"),
            }
        }
        // Look-alikes stay outside every span.
        let full: String = text.iter().collect();
        for word in [
            "最近",
            "当时",
            "以前",
            "不久前",
            "近年来",
            "高兴",
            "马上",
            "周到",
            "万人",
            "吨",
            "%",
            "员工",
            "经理",
            "教授",
        ] {
            let mut from = 0;
            while let Some(i) = full[from..].find(word) {
                let ci = full[..from + i].chars().count();
                for g in gold.as_array().unwrap() {
                    let (a, b) = (
                        g["start"].as_u64().unwrap() as usize,
                        g["end"].as_u64().unwrap() as usize,
                    );
                    assert!(!(ci >= a && ci < b), "{word} inside a span in {full}");
                }
                from += i + word.len();
            }
        }
    });
    for l in text::LABELS {
        assert!(labels.get(l).copied().unwrap_or(0) > 0, "no {l}");
    }
}

#[test]
fn look_alikes_appear_at_hard_levels() {
    let mut roles: HashMap<&str, usize> = HashMap::new();
    for kind in [
        SceneKind::Street,
        SceneKind::Aerial,
        SceneKind::People,
        SceneKind::Roads,
    ] {
        for seed in 0..10 {
            let s = generate(kind, lv(1), seed);
            for o in &image(&s).canvas.objects {
                *roles.entry(o.role).or_insert(0) += 1;
            }
            let e = generate(kind, lv(5), seed);
            for o in &image(&e).canvas.objects {
                assert!(
                    ![
                        "billboard",
                        "parked_bicycle",
                        "light_back",
                        "statue",
                        "poster",
                        "lawn",
                        "plaza",
                        "pool_yard",
                        "ghost_line"
                    ]
                    .contains(&o.role),
                    "{} at level 5",
                    o.role
                );
            }
        }
    }
    for r in [
        "billboard",
        "parked_bicycle",
        "light_back",
        "statue",
        "poster",
        "lawn",
        "plaza",
        "pool_yard",
        "ghost_line",
        "crosswalk",
        "arrow",
    ] {
        assert!(roles.get(r).copied().unwrap_or(0) > 0, "no {r} at level 1");
    }
}
