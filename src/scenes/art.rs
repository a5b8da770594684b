//! Drawings of the things in the street and road scenes, in metres: `u` to the right of the
//! object's foot point, `v` up from the ground. A [`Pen`] maps them to image pixels.

use super::draw::{Item, P, Prim, Rgb, Shape, prim};

/// Maps object metres to image pixels: foot point (x, y), scale `s` px/m, mirrored when `flip`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pen {
    pub x: f64,
    pub y: f64,
    pub s: f64,
    pub flip: bool,
}

impl Pen {
    pub(crate) fn p(&self, u: f64, v: f64) -> P {
        let u = if self.flip { -u } else { u };
        (self.x + u * self.s, self.y - v * self.s)
    }

    pub(crate) fn rect(&self, u0: f64, v0: f64, u1: f64, v1: f64) -> Shape {
        let a = self.p(u0, v0);
        let b = self.p(u1, v1);
        Shape::rect(a.0, a.1, b.0, b.1)
    }

    pub(crate) fn circle(&self, u: f64, v: f64, r: f64) -> Shape {
        Shape::Circle {
            c: self.p(u, v),
            r: r * self.s,
        }
    }

    pub(crate) fn ring(&self, u: f64, v: f64, r: f64, w: f64) -> Shape {
        Shape::Ring {
            c: self.p(u, v),
            r: r * self.s,
            w: w * self.s,
        }
    }

    pub(crate) fn cap(&self, a: (f64, f64), b: (f64, f64), r: f64) -> Shape {
        Shape::Capsule {
            a: self.p(a.0, a.1),
            b: self.p(b.0, b.1),
            r: r * self.s,
        }
    }

    pub(crate) fn poly(&self, pts: &[(f64, f64)]) -> Shape {
        Shape::Poly(pts.iter().map(|&(u, v)| self.p(u, v)).collect())
    }
}

pub(crate) const TYRE: Rgb = Rgb(0x1c, 0x1c, 0x1e);
const UNDER: Rgb = Rgb(0x2a, 0x2a, 0x2c);
const GLASS: Rgb = Rgb(0x2f, 0x3d, 0x4c);
const TAIL: Rgb = Rgb(0xd0, 0x20, 0x1a);
const HEAD: Rgb = Rgb(0xf5, 0xf0, 0xc8);
const PLATE_BLUE: Rgb = Rgb(0x24, 0x56, 0xb0);
const PLATE_YELLOW: Rgb = Rgb(0xe0, 0xb0, 0x00);

/// A car from behind (`front`: from the front), 1.8 m wide, 1.5 m high.
pub(crate) fn car(pen: &Pen, body: Rgb, front: bool) -> Vec<Item> {
    let mut v = vec![
        prim(pen.rect(-0.85, 0.0, -0.55, 0.38), TYRE),
        prim(pen.rect(0.55, 0.0, 0.85, 0.38), TYRE),
        prim(pen.rect(-0.55, 0.12, 0.55, 0.38), UNDER),
        prim(pen.rect(-0.9, 0.3, 0.9, 0.95), body),
        prim(pen.rect(-0.9, 0.3, 0.9, 0.42), body.dark(0.35)),
        prim(
            pen.poly(&[(-0.82, 0.95), (0.82, 0.95), (0.64, 1.5), (-0.64, 1.5)]),
            body.dark(0.08),
        ),
        prim(
            pen.poly(&[(-0.7, 1.0), (0.7, 1.0), (0.56, 1.42), (-0.56, 1.42)]),
            GLASS,
        ),
    ];
    if front {
        v.push(prim(pen.rect(-0.86, 0.62, -0.56, 0.78), HEAD));
        v.push(prim(pen.rect(0.56, 0.62, 0.86, 0.78), HEAD));
        v.push(prim(pen.rect(-0.42, 0.58, 0.42, 0.8), body.dark(0.55)));
        v.push(prim(pen.rect(-0.2, 0.44, 0.2, 0.56), PLATE_BLUE));
    } else {
        v.push(prim(pen.rect(-0.86, 0.68, -0.58, 0.84), TAIL));
        v.push(prim(pen.rect(0.58, 0.68, 0.86, 0.84), TAIL));
        v.push(prim(pen.rect(-0.2, 0.46, 0.2, 0.6), PLATE_BLUE));
    }
    v
}

/// A bus from behind (or the front), 2.5 m wide, 3.1 m high.
pub(crate) fn bus(pen: &Pen, body: Rgb, accent: Rgb, front: bool) -> Vec<Item> {
    let mut v = vec![
        prim(pen.rect(-1.2, 0.0, -0.8, 0.5), TYRE),
        prim(pen.rect(0.8, 0.0, 1.2, 0.5), TYRE),
        prim(pen.rect(-0.8, 0.15, 0.8, 0.5), UNDER),
        prim(pen.rect(-1.25, 0.35, 1.25, 3.1), body),
        prim(pen.rect(-1.25, 1.2, 1.25, 1.45), accent),
        prim(pen.rect(-1.25, 0.35, 1.25, 0.55), body.dark(0.45)),
        prim(pen.rect(-0.65, 2.72, 0.65, 2.98), Rgb(0x22, 0x22, 0x22)),
        prim(pen.rect(-0.55, 2.77, 0.55, 2.93), Rgb(0xff, 0xb0, 0x00)),
        prim(pen.rect(-0.25, 0.6, 0.25, 0.78), PLATE_YELLOW),
    ];
    if front {
        v.push(prim(pen.rect(-1.15, 1.55, 1.15, 2.65), GLASS));
        v.push(prim(pen.rect(-1.18, 0.7, -0.9, 0.9), HEAD));
        v.push(prim(pen.rect(0.9, 0.7, 1.18, 0.9), HEAD));
    } else {
        v.push(prim(pen.rect(-1.05, 1.75, 1.05, 2.6), GLASS));
        v.push(prim(pen.rect(-1.2, 0.6, -1.02, 1.05), TAIL));
        v.push(prim(pen.rect(1.02, 0.6, 1.2, 1.05), TAIL));
    }
    v
}

/// A box truck from behind (or the front), 2.5 m wide, 3.6 m high.
pub(crate) fn truck(pen: &Pen, body: Rgb, front: bool) -> Vec<Item> {
    let mut v = vec![
        prim(pen.rect(-1.2, 0.0, -0.6, 0.55), TYRE),
        prim(pen.rect(0.6, 0.0, 1.2, 0.55), TYRE),
        prim(pen.rect(-0.6, 0.25, 0.6, 0.9), UNDER),
    ];
    if front {
        let cab = body.mix(Rgb(0x30, 0x60, 0xa0), 0.6);
        v.push(prim(pen.rect(-1.25, 2.9, 1.25, 3.6), body));
        v.push(prim(pen.rect(-1.2, 0.45, 1.2, 2.9), cab));
        v.push(prim(pen.rect(-1.05, 1.85, 1.05, 2.65), GLASS));
        v.push(prim(pen.rect(-0.7, 0.75, 0.7, 1.35), cab.dark(0.5)));
        v.push(prim(pen.rect(-1.12, 0.8, -0.85, 1.0), HEAD));
        v.push(prim(pen.rect(0.85, 0.8, 1.12, 1.0), HEAD));
        v.push(prim(pen.rect(-0.25, 0.5, 0.25, 0.68), PLATE_YELLOW));
    } else {
        v.push(prim(pen.rect(-1.1, 0.5, 1.1, 0.68), Rgb(0x3a, 0x3a, 0x3a)));
        v.push(prim(pen.rect(-1.05, 0.52, -0.8, 0.66), TAIL));
        v.push(prim(pen.rect(0.8, 0.52, 1.05, 0.66), TAIL));
        v.push(prim(pen.rect(-0.25, 0.7, 0.25, 0.86), PLATE_YELLOW));
        v.push(prim(pen.rect(-1.25, 0.9, 1.25, 3.6), body));
        v.push(prim(pen.rect(-0.025, 0.95, 0.025, 3.55), body.dark(0.3)));
        v.push(prim(pen.rect(-0.62, 0.95, -0.56, 3.55), body.dark(0.22)));
        v.push(prim(pen.rect(0.56, 0.95, 0.62, 3.55), body.dark(0.22)));
    }
    v
}

/// Clothing and skin of a person.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outfit {
    pub skin: Rgb,
    pub hair: Rgb,
    pub top: Rgb,
    pub bottom: Rgb,
    pub shoes: Rgb,
    pub dress: bool,
}

/// A pedestrian from the front, `tall` metres high; `step` spreads the feet, `swing` the hands.
pub(crate) fn pedestrian(pen: &Pen, o: &Outfit, tall: f64, step: f64, swing: f64) -> Vec<Item> {
    let k = tall / 1.7;
    let q = |u: f64, v: f64| (u * k, v * k);
    let p = Pen { s: pen.s, ..*pen };
    let mut v = Vec::new();
    for side in [-1.0, 1.0] {
        let foot = q(side * (0.1 + step), 0.07);
        v.push(prim(p.cap(q(side * 0.09, 0.88), foot, 0.065 * k), o.bottom));
        v.push(prim(
            p.cap(
                (foot.0 - 0.04 * k, foot.1),
                (foot.0 + 0.04 * k, foot.1),
                0.045 * k,
            ),
            o.shoes,
        ));
    }
    let torso = if o.dress {
        [q(-0.19, 1.42), q(0.19, 1.42), q(0.25, 0.62), q(-0.25, 0.62)]
    } else {
        [q(-0.2, 1.42), q(0.2, 1.42), q(0.16, 0.84), q(-0.16, 0.84)]
    };
    v.push(prim(p.poly(&torso), if o.dress { o.bottom } else { o.top }));
    if o.dress {
        v.push(prim(
            p.poly(&[q(-0.2, 1.42), q(0.2, 1.42), q(0.18, 1.05), q(-0.18, 1.05)]),
            o.top,
        ));
    }
    for side in [-1.0, 1.0] {
        let hand = q(side * (0.27 + swing * 0.5), 0.9 + swing.abs() * 0.1);
        v.push(prim(p.cap(q(side * 0.19, 1.38), hand, 0.05 * k), o.top));
        v.push(prim(p.circle(hand.0, hand.1, 0.045 * k), o.skin));
    }
    v.push(prim(p.cap(q(0.0, 1.42), q(0.0, 1.5), 0.045 * k), o.skin));
    v.push(prim(p.circle(0.0, 1.63 * k, 0.115 * k), o.hair));
    v.push(prim(p.circle(0.0, 1.6 * k, 0.11 * k), o.skin));
    v
}

/// The frame and wheels of a bicycle facing right (the pen flips it), wheel radius 0.34 m.
fn bicycle_parts(pen: &Pen, frame: Rgb, parked: bool) -> Vec<Item> {
    let mut v = vec![
        prim(pen.ring(-0.52, 0.34, 0.31, 0.07), TYRE),
        prim(pen.ring(0.52, 0.34, 0.31, 0.07), TYRE),
        prim(pen.circle(-0.52, 0.34, 0.05), TYRE),
        prim(pen.circle(0.52, 0.34, 0.05), TYRE),
    ];
    let r = 0.025;
    for (a, b) in [
        ((-0.52, 0.34), (0.0, 0.3)),
        ((0.0, 0.3), (-0.12, 0.85)),
        ((-0.12, 0.85), (-0.52, 0.34)),
        ((0.0, 0.3), (0.38, 0.74)),
        ((-0.12, 0.82), (0.38, 0.82)),
        ((0.38, 0.74), (0.42, 0.95)),
        ((0.42, 0.95), (0.52, 0.34)),
    ] {
        v.push(prim(pen.cap(a, b, r), frame));
    }
    v.push(prim(pen.cap((0.42, 0.95), (0.34, 1.0), 0.02), TYRE));
    v.push(prim(pen.cap((-0.22, 0.88), (-0.04, 0.88), 0.03), TYRE));
    if parked {
        v.push(prim(pen.cap((-0.05, 0.3), (-0.2, 0.02), 0.015), TYRE));
    }
    v
}

/// A parked bicycle without a rider (a look-alike: not a cyclist).
pub(crate) fn parked_bicycle(pen: &Pen, frame: Rgb) -> Vec<Item> {
    bicycle_parts(pen, frame, true)
}

/// A cyclist: a person riding a bicycle, side view.
pub(crate) fn cyclist(pen: &Pen, frame: Rgb, o: &Outfit, helmet: Rgb) -> Vec<Item> {
    let mut v = Vec::new();
    // Far leg first (behind the bicycle).
    v.push(prim(
        pen.cap((-0.1, 0.95), (0.12, 0.78), 0.06),
        o.bottom.dark(0.2),
    ));
    v.push(prim(
        pen.cap((0.12, 0.78), (-0.06, 0.4), 0.05),
        o.bottom.dark(0.2),
    ));
    v.extend(bicycle_parts(pen, frame, false));
    v.push(prim(pen.cap((-0.1, 0.95), (0.18, 1.45), 0.1), o.top));
    v.push(prim(pen.cap((-0.1, 0.95), (0.2, 0.7), 0.065), o.bottom));
    v.push(prim(pen.cap((0.2, 0.7), (0.06, 0.2), 0.055), o.bottom));
    v.push(prim(pen.cap((0.02, 0.18), (0.14, 0.18), 0.04), o.shoes));
    v.push(prim(pen.cap((0.2, 1.42), (0.36, 1.02), 0.045), o.top));
    v.push(prim(pen.cap((0.2, 1.47), (0.2, 1.55), 0.045), o.skin));
    v.push(prim(pen.circle(0.26, 1.64, 0.11), o.skin));
    v.push(prim(
        pen.poly(&[(0.12, 1.68), (0.2, 1.78), (0.34, 1.77), (0.4, 1.67)]),
        helmet,
    ));
    v
}

/// A traffic-light housing with three lamps (red on top), 0.45 × 1.1 m, its bottom at `v0`.
/// `lit`: 0 red, 1 yellow, 2 green; `None`: seen from behind (no lamps: a look-alike).
pub(crate) fn traffic_light(pen: &Pen, v0: f64, lit: Option<usize>) -> Vec<Item> {
    match lit {
        Some(l) => {
            let mut v = vec![prim(
                pen.rect(-0.225, v0, 0.225, v0 + 1.1),
                Rgb(0x24, 0x24, 0x26),
            )];
            let on = [
                Rgb(0xff, 0x3b, 0x30),
                Rgb(0xff, 0xc8, 0x00),
                Rgb(0x2e, 0xd1, 0x5a),
            ];
            let off = [
                Rgb(0x55, 0x2e, 0x2c),
                Rgb(0x55, 0x4c, 0x2a),
                Rgb(0x2c, 0x4a, 0x34),
            ];
            for (i, dv) in [0.9, 0.55, 0.2].into_iter().enumerate() {
                v.push(prim(
                    pen.circle(0.0, v0 + dv, 0.14),
                    if i == l { on[i] } else { off[i] },
                ));
            }
            v
        }
        None => vec![
            prim(pen.rect(-0.225, v0, 0.225, v0 + 1.1), Rgb(0x70, 0x72, 0x74)),
            prim(
                pen.rect(-0.16, v0 + 0.08, 0.16, v0 + 1.02),
                Rgb(0x60, 0x62, 0x64),
            ),
        ],
    }
}

/// A signal pole at the kerb with an arm reaching `arm` metres (signed) over the road.
pub(crate) fn signal_pole(pen: &Pen, arm: f64) -> Vec<Item> {
    let c = Rgb(0x6b, 0x6f, 0x73);
    vec![
        prim(pen.rect(-0.1, 0.0, 0.1, 5.9), c),
        prim(pen.rect(0.0_f64.min(arm), 5.5, 0.0_f64.max(arm), 5.7), c),
    ]
}

/// A plain pole (for a sign), `tall` metres.
pub(crate) fn pole(pen: &Pen, tall: f64) -> Vec<Item> {
    vec![prim(
        pen.rect(-0.045, 0.0, 0.045, tall),
        Rgb(0x8a, 0x8e, 0x92),
    )]
}

/// A sign panel centred at height `vc`; `kind` 0 no entry, 1 warning, 2 go straight,
/// 3 pedestrian crossing (the figure on it is not a pedestrian).
pub(crate) fn sign(pen: &Pen, vc: f64, kind: usize) -> Vec<Item> {
    let red = Rgb(0xd7, 0x26, 0x1e);
    let blue = Rgb(0x1d, 0x5c, 0xb8);
    let white = Rgb(0xf4, 0xf4, 0xf0);
    let black = Rgb(0x1a, 0x1a, 0x1a);
    match kind {
        0 => vec![
            prim(pen.circle(0.0, vc, 0.4), red),
            prim(pen.rect(-0.28, vc - 0.07, 0.28, vc + 0.07), white),
        ],
        1 => vec![
            prim(
                pen.poly(&[(-0.46, vc - 0.38), (0.46, vc - 0.38), (0.0, vc + 0.42)]),
                black,
            ),
            prim(
                pen.poly(&[(-0.35, vc - 0.32), (0.35, vc - 0.32), (0.0, vc + 0.29)]),
                Rgb(0xf6, 0xc4, 0x00),
            ),
            prim(pen.rect(-0.035, vc - 0.12, 0.035, vc + 0.14), black),
            prim(pen.circle(0.0, vc - 0.2, 0.04), black),
        ],
        2 => vec![
            prim(pen.circle(0.0, vc, 0.4), blue),
            prim(
                pen.poly(&[
                    (-0.06, vc - 0.26),
                    (0.06, vc - 0.26),
                    (0.06, vc + 0.06),
                    (0.16, vc + 0.06),
                    (0.0, vc + 0.26),
                    (-0.16, vc + 0.06),
                    (-0.06, vc + 0.06),
                ]),
                white,
            ),
        ],
        _ => vec![
            prim(pen.rect(-0.38, vc - 0.38, 0.38, vc + 0.38), blue),
            prim(
                pen.poly(&[(-0.31, vc - 0.3), (0.31, vc - 0.3), (0.0, vc + 0.32)]),
                white,
            ),
            prim(pen.circle(0.02, vc + 0.1, 0.045), black),
            prim(pen.cap((0.01, vc + 0.04), (-0.01, vc - 0.1), 0.035), black),
            prim(pen.cap((-0.01, vc - 0.1), (-0.09, vc - 0.24), 0.025), black),
            prim(pen.cap((-0.01, vc - 0.1), (0.08, vc - 0.24), 0.025), black),
            prim(pen.cap((0.01, vc + 0.02), (-0.08, vc - 0.06), 0.02), black),
            prim(pen.cap((0.01, vc + 0.02), (0.09, vc - 0.04), 0.02), black),
        ],
    }
}

/// A billboard on two legs whose picture shows a car (a look-alike: not a car).
pub(crate) fn billboard(pen: &Pen, paper: Rgb, car_color: Rgb) -> Vec<Item> {
    let leg = Rgb(0x5a, 0x5c, 0x60);
    let mut v = vec![
        prim(pen.rect(-1.6, 0.0, -1.4, 2.3), leg),
        prim(pen.rect(1.4, 0.0, 1.6, 2.3), leg),
        prim(pen.rect(-2.2, 2.2, 2.2, 4.6), Rgb(0x33, 0x33, 0x36)),
        prim(pen.rect(-2.1, 2.3, 2.1, 4.5), paper),
        prim(pen.rect(-2.1, 2.3, 2.1, 2.75), paper.dark(0.25)),
    ];
    let inner = Pen {
        x: pen.p(0.6, 0.0).0,
        y: pen.p(0.0, 2.55).1,
        s: pen.s * 1.05,
        flip: pen.flip,
    };
    v.extend(car(&inner, car_color, false));
    v.push(prim(pen.rect(-1.9, 3.5, -0.6, 3.75), paper.dark(0.5)));
    v.push(prim(pen.rect(-1.9, 3.05, -1.0, 3.25), paper.dark(0.35)));
    v
}

/// A tree: trunk and a crown of three discs.
pub(crate) fn tree(pen: &Pen, leaf: Rgb, size: f64) -> Vec<Item> {
    let k = size;
    vec![
        prim(
            pen.rect(-0.15 * k, 0.0, 0.15 * k, 2.4 * k),
            Rgb(0x6b, 0x4a, 0x2f),
        ),
        prim(pen.circle(-0.7 * k, 2.8 * k, 0.95 * k), leaf.dark(0.12)),
        prim(pen.circle(0.75 * k, 2.9 * k, 0.9 * k), leaf.dark(0.06)),
        prim(pen.circle(0.0, 3.4 * k, 1.25 * k), leaf),
    ]
}

/// A street lamp.
pub(crate) fn street_lamp(pen: &Pen, arm: f64) -> Vec<Item> {
    let c = Rgb(0x4f, 0x55, 0x5a);
    vec![
        prim(pen.rect(-0.07, 0.0, 0.07, 6.5), c),
        prim(pen.rect(0.0_f64.min(arm), 6.35, 0.0_f64.max(arm), 6.5), c),
        prim(
            pen.rect(arm - 0.3, 6.18, arm + 0.3, 6.38),
            Rgb(0xd8, 0xd8, 0xc8),
        ),
    ]
}

/// A rubbish bin or bollard: small clutter.
pub(crate) fn bin(pen: &Pen, c: Rgb) -> Vec<Item> {
    vec![
        prim(pen.rect(-0.3, 0.0, 0.3, 0.95), c),
        prim(pen.rect(-0.34, 0.9, 0.34, 1.05), c.dark(0.3)),
    ]
}

/// A translucent prim (overlays).
pub(crate) fn glaze(shape: Shape, color: Rgb, opacity: f64) -> Item {
    Item::Prim(Prim {
        shape,
        color,
        opacity,
    })
}
