//! The drawing model shared by the image scenes: shapes, objects in painter's order, the SVG
//! writer (the picture, the masks) and a pixel-centre rasteriser that tells, for every pixel,
//! which object is on top — the source of every "visible extent" in the gold.

use std::fmt::Write as _;

/// A point in image pixels.
pub(crate) type P = (f64, f64);

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `self` moved towards `o` by `t` ∈ [0, 1].
    pub(crate) fn mix(self, o: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| {
            (a as f64 + (b as f64 - a as f64) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, o.0), m(self.1, o.1), m(self.2, o.2))
    }

    /// Darker (t > 0) towards black.
    pub(crate) fn dark(self, t: f64) -> Rgb {
        self.mix(Rgb(0, 0, 0), t)
    }

    /// Lighter towards white.
    pub(crate) fn light(self, t: f64) -> Rgb {
        self.mix(Rgb(255, 255, 255), t)
    }
}

/// A filled shape. Coordinates are image pixels.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    Circle {
        c: P,
        r: f64,
    },
    /// A circle's outline of width `w` (the stroke of radius `r`).
    Ring {
        c: P,
        r: f64,
        w: f64,
    },
    /// A segment of width 2·`r` with round caps.
    Capsule {
        a: P,
        b: P,
        r: f64,
    },
    /// A simple polygon (closed).
    Poly(Vec<P>),
}

impl Shape {
    pub(crate) fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Shape {
        Shape::Rect {
            x: x0.min(x1),
            y: y0.min(y1),
            w: (x1 - x0).abs(),
            h: (y1 - y0).abs(),
        }
    }

    /// Bounding box (x0, y0, x1, y1).
    pub(crate) fn bounds(&self) -> (f64, f64, f64, f64) {
        match self {
            Shape::Rect { x, y, w, h } => (*x, *y, x + w, y + h),
            Shape::Circle { c, r } => (c.0 - r, c.1 - r, c.0 + r, c.1 + r),
            Shape::Ring { c, r, w } => {
                let o = r + w / 2.0;
                (c.0 - o, c.1 - o, c.0 + o, c.1 + o)
            }
            Shape::Capsule { a, b, r } => (
                a.0.min(b.0) - r,
                a.1.min(b.1) - r,
                a.0.max(b.0) + r,
                a.1.max(b.1) + r,
            ),
            Shape::Poly(p) => {
                let mut b = (
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                );
                for q in p {
                    b = (b.0.min(q.0), b.1.min(q.1), b.2.max(q.0), b.3.max(q.1));
                }
                b
            }
        }
    }

    /// Whether point (x, y) is inside (boundary conventions do not matter: the gold never
    /// depends on a point exactly on an edge by more than the 1 px the tests allow).
    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        match self {
            Shape::Rect { x: rx, y: ry, w, h } => x >= *rx && x < rx + w && y >= *ry && y < ry + h,
            Shape::Circle { c, r } => {
                let (dx, dy) = (x - c.0, y - c.1);
                dx * dx + dy * dy < r * r
            }
            Shape::Ring { c, r, w } => {
                let (dx, dy) = (x - c.0, y - c.1);
                let d2 = dx * dx + dy * dy;
                let (i, o) = (r - w / 2.0, r + w / 2.0);
                d2 >= i.max(0.0) * i.max(0.0) && d2 < o * o
            }
            Shape::Capsule { a, b, r } => seg_dist2((x, y), *a, *b) < r * r,
            Shape::Poly(p) => {
                let mut inside = false;
                let n = p.len();
                let mut j = n - 1;
                for i in 0..n {
                    let (pi, pj) = (p[i], p[j]);
                    if (pi.1 > y) != (pj.1 > y)
                        && x < (pj.0 - pi.0) * (y - pi.1) / (pj.1 - pi.1) + pi.0
                    {
                        inside = !inside;
                    }
                    j = i;
                }
                inside
            }
        }
    }
}

/// Squared distance from `p` to segment `ab`.
pub(crate) fn seg_dist2(p: P, a: P, b: P) -> f64 {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let (wx, wy) = (p.0 - a.0, p.1 - a.1);
    let l2 = vx * vx + vy * vy;
    let t = if l2 > 0.0 {
        ((wx * vx + wy * vy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (dx, dy) = (wx - t * vx, wy - t * vy);
    dx * dx + dy * dy
}

/// One drawn piece: a shape in a colour (with an opacity for the picture; masks are opaque).
#[derive(Clone, Debug)]
pub(crate) struct Prim {
    pub shape: Shape,
    pub color: Rgb,
    pub opacity: f64,
}

/// What an object is made of: shapes, or details clipped to a shape (stripes on a field …).
/// Clipped details never reach outside the object, so only plain shapes make its silhouette.
#[derive(Clone, Debug)]
pub(crate) enum Item {
    Prim(Prim),
    Clip { clip: Shape, prims: Vec<Prim> },
}

pub(crate) fn prim(shape: Shape, color: Rgb) -> Item {
    Item::Prim(Prim {
        shape,
        color,
        opacity: 1.0,
    })
}

/// A thing in the scene, drawn over everything before it.
#[derive(Clone, Debug)]
pub(crate) struct Obj {
    /// What it is, in the generator's words ("car", "billboard", "tree" …): read by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub role: &'static str,
    pub items: Vec<Item>,
    /// Objects removed together (a traffic light and its pole) share a group.
    pub group: usize,
    /// The label it gets in the gold when the specification counts it; `None` for clutter and
    /// look-alikes, which are never labeled.
    pub label: Option<&'static str>,
}

impl Obj {
    /// Bounding box of the silhouette.
    pub(crate) fn bounds(&self) -> (f64, f64, f64, f64) {
        let mut b = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for it in &self.items {
            if let Item::Prim(p) = it {
                let s = p.shape.bounds();
                b = (b.0.min(s.0), b.1.min(s.1), b.2.max(s.2), b.3.max(s.3));
            }
        }
        b
    }
}

/// A vertical linear gradient of the picture (sky, haze).
#[derive(Clone, Debug)]
pub(crate) struct Gradient {
    pub y0: f64,
    pub y1: f64,
    pub stops: Vec<(f64, Rgb, f64)>,
}

/// Background and overlay layers of the picture.
#[derive(Clone, Debug)]
pub(crate) enum Layer {
    Item(Item),
    /// A rectangle filled with a vertical gradient.
    Grad {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        g: Gradient,
    },
}

/// A whole image scene in painter's order: background (never hides an object), objects, overlay
/// (translucent: haze, cloud; never hides an object).
#[derive(Clone, Debug, Default)]
pub(crate) struct Canvas {
    pub w: u32,
    pub h: u32,
    pub background: Vec<Layer>,
    pub objects: Vec<Obj>,
    pub overlay: Vec<Layer>,
}

/// How to draw a canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The picture.
    Picture,
    /// Black background; object `k` in `colors[k]` when `Some`, else black (it still hides what
    /// is behind it). No anti-aliasing, so every pixel has exactly one colour.
    Flat,
}

/// Writes a number with at most two decimals ("12", "-3.5", "0.07").
pub(crate) fn num(s: &mut String, x: f64) {
    let r = (x * 100.0).round();
    if !r.is_finite() || r.abs() > 9.0e15 {
        let _ = write!(s, "{x}");
        return;
    }
    let mut v = r as i64;
    if v < 0 {
        s.push('-');
        v = -v;
    }
    let _ = write!(s, "{}", v / 100);
    let frac = v % 100;
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            s.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

fn shape_svg(s: &mut String, shape: &Shape, fill: &str, opacity: f64) {
    let op = |s: &mut String| {
        if opacity < 1.0 {
            s.push_str(" opacity=\"");
            num(s, opacity);
            s.push('"');
        }
    };
    match shape {
        Shape::Rect { x, y, w, h } => {
            s.push_str("<rect x=\"");
            num(s, *x);
            s.push_str("\" y=\"");
            num(s, *y);
            s.push_str("\" width=\"");
            num(s, *w);
            s.push_str("\" height=\"");
            num(s, *h);
            let _ = write!(s, "\" fill=\"{fill}\"");
        }
        Shape::Circle { c, r } => {
            s.push_str("<circle cx=\"");
            num(s, c.0);
            s.push_str("\" cy=\"");
            num(s, c.1);
            s.push_str("\" r=\"");
            num(s, *r);
            let _ = write!(s, "\" fill=\"{fill}\"");
        }
        Shape::Ring { c, r, w } => {
            s.push_str("<circle cx=\"");
            num(s, c.0);
            s.push_str("\" cy=\"");
            num(s, c.1);
            s.push_str("\" r=\"");
            num(s, *r);
            let _ = write!(s, "\" fill=\"none\" stroke=\"{fill}\" stroke-width=\"");
            num(s, *w);
            s.push('"');
        }
        Shape::Capsule { a, b, r } => {
            s.push_str("<line x1=\"");
            num(s, a.0);
            s.push_str("\" y1=\"");
            num(s, a.1);
            s.push_str("\" x2=\"");
            num(s, b.0);
            s.push_str("\" y2=\"");
            num(s, b.1);
            let _ = write!(
                s,
                "\" stroke=\"{fill}\" stroke-linecap=\"round\" stroke-width=\""
            );
            num(s, 2.0 * r);
            s.push('"');
        }
        Shape::Poly(p) => {
            s.push_str("<path d=\"");
            for (i, q) in p.iter().enumerate() {
                s.push(if i == 0 { 'M' } else { 'L' });
                num(s, q.0);
                s.push(' ');
                num(s, q.1);
            }
            let _ = write!(s, "Z\" fill=\"{fill}\"");
        }
    }
    op(s);
    s.push_str("/>");
}

fn clip_path(s: &mut String, id: usize, clip: &Shape) {
    let _ = write!(s, "<clipPath id=\"c{id}\">");
    shape_svg(s, clip, "#000", 1.0);
    s.push_str("</clipPath>");
}

fn item_svg(s: &mut String, item: &Item, flat: Option<&str>, clip_id: &mut usize) {
    match item {
        Item::Prim(p) => match flat {
            Some(c) => shape_svg(s, &p.shape, c, 1.0),
            None => shape_svg(s, &p.shape, &p.color.hex(), p.opacity),
        },
        Item::Clip { clip, prims } => {
            let id = *clip_id;
            *clip_id += 1;
            s.push_str("<defs>");
            clip_path(s, id, clip);
            let _ = write!(s, "</defs><g clip-path=\"url(#c{id})\">");
            for p in prims {
                match flat {
                    Some(c) => shape_svg(s, &p.shape, c, 1.0),
                    None => shape_svg(s, &p.shape, &p.color.hex(), p.opacity),
                }
            }
            s.push_str("</g>");
        }
    }
}

fn layer_svg(s: &mut String, l: &Layer, clip_id: &mut usize, grad_id: &mut usize) {
    match l {
        Layer::Item(it) => item_svg(s, it, None, clip_id),
        Layer::Grad { x, y, w, h, g } => {
            let id = *grad_id;
            *grad_id += 1;
            let _ = write!(
                s,
                "<defs><linearGradient id=\"g{id}\" gradientUnits=\"userSpaceOnUse\" x1=\"0\" y1=\""
            );
            num(s, g.y0);
            s.push_str("\" x2=\"0\" y2=\"");
            num(s, g.y1);
            s.push_str("\">");
            for (o, c, a) in &g.stops {
                s.push_str("<stop offset=\"");
                num(s, *o);
                let _ = write!(s, "\" stop-color=\"{}\" stop-opacity=\"", c.hex());
                num(s, *a);
                s.push_str("\"/>");
            }
            s.push_str("</linearGradient></defs>");
            shape_svg(
                s,
                &Shape::Rect {
                    x: *x,
                    y: *y,
                    w: *w,
                    h: *h,
                },
                &format!("url(#g{id})"),
                1.0,
            );
        }
    }
}

/// The SVG of a canvas. In [`Mode::Flat`], `colors[k]` is object `k`'s colour (`None`: black).
pub(crate) fn svg(c: &Canvas, mode: Mode, colors: &[Option<Rgb>]) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"",
        w = c.w,
        h = c.h
    );
    if mode == Mode::Flat {
        s.push_str(" shape-rendering=\"crispEdges\"");
    }
    s.push('>');
    let (mut clip_id, mut grad_id) = (0, 0);
    match mode {
        Mode::Picture => {
            for l in &c.background {
                layer_svg(&mut s, l, &mut clip_id, &mut grad_id);
            }
            for o in &c.objects {
                for it in &o.items {
                    item_svg(&mut s, it, None, &mut clip_id);
                }
            }
            for l in &c.overlay {
                layer_svg(&mut s, l, &mut clip_id, &mut grad_id);
            }
        }
        Mode::Flat => {
            let _ = write!(
                s,
                "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#000000\"/>",
                c.w, c.h
            );
            for (k, o) in c.objects.iter().enumerate() {
                let col = colors
                    .get(k)
                    .copied()
                    .flatten()
                    .map(|c| c.hex())
                    .unwrap_or_else(|| "#000000".into());
                for it in &o.items {
                    item_svg(&mut s, it, Some(&col), &mut clip_id);
                }
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// What the rasteriser knows about one object.
#[derive(Clone, Debug, Default)]
pub(crate) struct Coverage {
    /// Pixels (centres) the silhouette covers, inside or outside the image.
    pub full: u32,
    /// Of those, the ones inside the image.
    pub in_image: u32,
    /// Of those, the ones where it is on top.
    pub visible: u32,
    /// Tight box of the visible pixels: (x0, y0, x1, y1), x1 and y1 exclusive.
    pub bbox: Option<(u32, u32, u32, u32)>,
    /// For checked objects ([`rasterize`]): whether the visible extent is uncertain
    /// ([`Raster::fragile`]).
    pub fragile: bool,
}

impl Coverage {
    /// Share of the in-image part hidden by objects drawn over it.
    pub(crate) fn occluded(&self) -> f64 {
        if self.in_image == 0 {
            1.0
        } else {
            1.0 - self.visible as f64 / self.in_image as f64
        }
    }

    /// Share of the silhouette outside the image.
    pub(crate) fn truncated(&self) -> f64 {
        if self.full == 0 {
            0.0
        } else {
            1.0 - self.in_image as f64 / self.full as f64
        }
    }

    /// Visible box as [x, y, w, h].
    pub(crate) fn xywh(&self) -> Option<[u32; 4]> {
        self.bbox.map(|(x0, y0, x1, y1)| [x0, y0, x1 - x0, y1 - y0])
    }
}

impl Raster {
    /// The gold box of object `k`: the tight box of its visible pixels, as [x, y, w, h].
    pub(crate) fn gold_box(&self, k: usize) -> Option<[u32; 4]> {
        self.cov[k].xywh()
    }

    /// Whether object `k`'s visible extent is uncertain: moving every edge by the margin
    /// (the object shrunk and everything over it grown, or the reverse) moves a side of its
    /// visible box by more than 1 px — a sliver peeping between occluders, a part thinner than
    /// the margin at the extreme. Rasterisers (and people) see such extents differently, so the
    /// generators drop these objects rather than guess. Only for checked objects.
    pub(crate) fn fragile(&self, k: usize) -> bool {
        self.cov[k].fragile
    }
}

/// What [`rasterize`] found: per object, its coverage.
pub(crate) struct Raster {
    pub cov: Vec<Coverage>,
}

/// Keeps the elements of `v` whose flag in `keep` is set (the objects of a canvas and what the
/// generators keep alongside them: coverage, states, figures).
pub(crate) fn retain_where<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut keep = keep.iter();
    v.retain(|_| *keep.next().expect("one flag per element"));
}

/// Pixel index range [a, b) whose centres lie in [lo, hi).
fn span(lo: f64, hi: f64) -> (i64, i64) {
    ((lo - 0.5).ceil() as i64, (hi - 0.5).ceil() as i64)
}

impl Shape {
    /// The x intervals [a, b) of the horizontal line at height `y` inside the shape, appended to
    /// `out` (the same sets as [`Shape::contains`], computed per row).
    pub(crate) fn row(&self, y: f64, out: &mut Vec<(f64, f64)>) {
        match self {
            Shape::Rect { x, y: ry, w, h } => {
                if y >= *ry && y < ry + h {
                    out.push((*x, x + w));
                }
            }
            Shape::Circle { c, r } => {
                let dy = y - c.1;
                if dy * dy < r * r {
                    let hw = (r * r - dy * dy).sqrt();
                    out.push((c.0 - hw, c.0 + hw));
                }
            }
            Shape::Ring { c, r, w } => {
                let dy = y - c.1;
                let (ri, ro) = ((r - w / 2.0).max(0.0), r + w / 2.0);
                if dy * dy < ro * ro {
                    let ho = (ro * ro - dy * dy).sqrt();
                    if dy * dy < ri * ri {
                        let hi = (ri * ri - dy * dy).sqrt();
                        out.push((c.0 - ho, c.0 - hi));
                        out.push((c.0 + hi, c.0 + ho));
                    } else {
                        out.push((c.0 - ho, c.0 + ho));
                    }
                }
            }
            Shape::Capsule { a, b, r } => {
                // Convex: the union of the two end discs and the band between them.
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for c in [a, b] {
                    let dy = y - c.1;
                    if dy * dy < r * r {
                        let hw = (r * r - dy * dy).sqrt();
                        lo = lo.min(c.0 - hw);
                        hi = hi.max(c.0 + hw);
                    }
                }
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let len = (dx * dx + dy * dy).sqrt();
                if len > 0.0 {
                    let (nx, ny) = (-dy / len * r, dx / len * r);
                    let q = [
                        (a.0 + nx, a.1 + ny),
                        (b.0 + nx, b.1 + ny),
                        (b.0 - nx, b.1 - ny),
                        (a.0 - nx, a.1 - ny),
                    ];
                    for i in 0..4 {
                        let (p, s) = (q[i], q[(i + 1) % 4]);
                        if (p.1 > y) != (s.1 > y) {
                            let x = p.0 + (y - p.1) * (s.0 - p.0) / (s.1 - p.1);
                            lo = lo.min(x);
                            hi = hi.max(x);
                        }
                    }
                }
                if lo < hi {
                    out.push((lo, hi));
                }
            }
            Shape::Poly(p) => {
                // Crossings first (as (x, x)), sorted, then paired in place (even–odd rule).
                let start = out.len();
                let n = p.len();
                let mut j = n - 1;
                for i in 0..n {
                    let (pi, pj) = (p[i], p[j]);
                    if (pi.1 > y) != (pj.1 > y) {
                        let x = (pj.0 - pi.0) * (y - pi.1) / (pj.1 - pi.1) + pi.0;
                        out.push((x, x));
                    }
                    j = i;
                }
                out[start..].sort_by(|a, b| a.0.total_cmp(&b.0));
                let m = (out.len() - start) / 2;
                for i in 0..m {
                    out[start + i] = (out[start + 2 * i].0, out[start + 2 * i + 1].0);
                }
                out.truncate(start + m);
            }
        }
    }
}

impl Shape {
    /// [`Shape::row`] of the shape grown by `d` px (a little more at rectangle corners).
    pub(crate) fn row_grown(&self, y: f64, d: f64, out: &mut Vec<(f64, f64)>) {
        match self {
            Shape::Rect { x, y: ry, w, h } => Shape::Rect {
                x: x - d,
                y: ry - d,
                w: w + 2.0 * d,
                h: h + 2.0 * d,
            }
            .row(y, out),
            Shape::Circle { c, r } => Shape::Circle { c: *c, r: r + d }.row(y, out),
            Shape::Ring { c, r, w } => Shape::Ring {
                c: *c,
                r: *r,
                w: w + 2.0 * d,
            }
            .row(y, out),
            Shape::Capsule { a, b, r } => Shape::Capsule {
                a: *a,
                b: *b,
                r: r + d,
            }
            .row(y, out),
            Shape::Poly(p) => {
                self.row(y, out);
                for i in 0..p.len() {
                    Shape::Capsule {
                        a: p[i],
                        b: p[(i + 1) % p.len()],
                        r: d,
                    }
                    .row(y, out);
                }
            }
        }
    }
}

/// A silhouette as drawn, or moved outwards / inwards by a margin (px).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Edge {
    Exact,
    Grown(f64),
    Shrunk(f64),
}

impl Shape {
    /// [`Shape::row`] of the shape shrunk by `d` px.
    pub(crate) fn row_shrunk(&self, y: f64, d: f64, out: &mut Vec<(f64, f64)>) {
        match self {
            Shape::Rect { x, y: ry, w, h } => {
                if *w > 2.0 * d && *h > 2.0 * d {
                    Shape::Rect {
                        x: x + d,
                        y: ry + d,
                        w: w - 2.0 * d,
                        h: h - 2.0 * d,
                    }
                    .row(y, out)
                }
            }
            Shape::Circle { c, r } => {
                if *r > d {
                    Shape::Circle { c: *c, r: r - d }.row(y, out)
                }
            }
            Shape::Ring { c, r, w } => {
                if *w > 2.0 * d {
                    Shape::Ring {
                        c: *c,
                        r: *r,
                        w: w - 2.0 * d,
                    }
                    .row(y, out)
                }
            }
            Shape::Capsule { a, b, r } => {
                if *r > d {
                    Shape::Capsule {
                        a: *a,
                        b: *b,
                        r: r - d,
                    }
                    .row(y, out)
                }
            }
            Shape::Poly(p) => {
                // The polygon minus a band of width d along its edges.
                let mut keep = Vec::new();
                self.row(y, &mut keep);
                let mut cut = Vec::new();
                for i in 0..p.len() {
                    Shape::Capsule {
                        a: p[i],
                        b: p[(i + 1) % p.len()],
                        r: d,
                    }
                    .row(y, &mut cut);
                }
                for (a, b) in keep {
                    let mut parts = vec![(a, b)];
                    for &(c0, c1) in &cut {
                        let mut next = Vec::with_capacity(parts.len() + 1);
                        for (p0, p1) in parts {
                            if c1 <= p0 || c0 >= p1 {
                                next.push((p0, p1));
                                continue;
                            }
                            if c0 > p0 {
                                next.push((p0, c0));
                            }
                            if c1 < p1 {
                                next.push((c1, p1));
                            }
                        }
                        parts = next;
                    }
                    out.extend(parts);
                }
            }
        }
    }

    fn row_at(&self, y: f64, e: Edge, out: &mut Vec<(f64, f64)>) {
        match e {
            Edge::Exact => self.row(y, out),
            Edge::Grown(d) => self.row_grown(y, d, out),
            Edge::Shrunk(d) => self.row_shrunk(y, d, out),
        }
    }
}

/// An object's plain shapes with their vertical extents, and its bounds.
struct Prims<'a> {
    list: Vec<(&'a Shape, f64, f64)>,
    bounds: (f64, f64, f64, f64),
}

fn prims_of(o: &Obj) -> Prims<'_> {
    let list = o
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Prim(p) => {
                let b = p.shape.bounds();
                Some((&p.shape, b.1, b.3))
            }
            Item::Clip { .. } => None,
        })
        .collect();
    Prims {
        list,
        bounds: o.bounds(),
    }
}

/// The pixel ranges [a, b) of row `y` that an object's silhouette (moved by `e`) covers,
/// merged and sorted, into `out` (unclipped).
fn object_row(
    o: &Prims<'_>,
    e: Edge,
    y: i64,
    spans: &mut Vec<(f64, f64)>,
    out: &mut Vec<(i64, i64)>,
) {
    spans.clear();
    out.clear();
    let yc = y as f64 + 0.5;
    let m = match e {
        Edge::Grown(d) => d,
        _ => 0.0,
    };
    for &(shape, y0, y1) in &o.list {
        if yc >= y0 - m && yc <= y1 + m {
            shape.row_at(yc, e, spans);
        }
    }
    for &(a, b) in spans.iter() {
        let (pa, pb) = span(a, b);
        if pa < pb {
            out.push((pa, pb));
        }
    }
    out.sort_unstable();
    let mut n = 0;
    for i in 0..out.len() {
        if n > 0 && out[i].0 <= out[n - 1].1 {
            out[n - 1].1 = out[n - 1].1.max(out[i].1);
        } else {
            out[n] = out[i];
            n += 1;
        }
    }
    out.truncate(n);
}

/// The topmost object at every pixel of the image (index + 1; 0 = none), every silhouette
/// moved by `e`.
fn top_buffer(
    c: &Canvas,
    prims: &[Prims<'_>],
    e: Edge,
    spans: &mut Vec<(f64, f64)>,
    ranges: &mut Vec<(i64, i64)>,
) -> Vec<u16> {
    let (w, h) = (c.w as i64, c.h as i64);
    let mut top = vec![0u16; (w * h) as usize];
    for (k, p) in prims.iter().enumerate() {
        let b = p.bounds;
        if !b.0.is_finite() {
            continue;
        }
        let (y0, y1) = span(b.1 - 2.0, b.3 + 2.0);
        for y in y0.max(0)..y1.min(h) {
            object_row(p, e, y, spans, ranges);
            let row = (y * w) as usize;
            for &(a, b) in ranges.iter() {
                let (a, b) = (a.max(0), b.min(w));
                if a < b {
                    top[row + a as usize..row + b as usize].fill(k as u16 + 1);
                }
            }
        }
    }
    top
}

/// How far edges move for the certainty check (px): well above any rasteriser's error.
pub(crate) const MARGIN: f64 = 0.5;

/// Rasterises the objects' silhouettes (plain shapes; clipped details lie inside them). With
/// `outside`, pixels beyond the image are counted too ([`Coverage::full`]); without, the work
/// stays inside the image (`full` is then the in-image count). For the objects `check` picks,
/// the sure and loose boxes are computed too ([`Raster::fragile`]).
pub(crate) fn rasterize(
    c: &Canvas,
    outside: bool,
    check: &dyn Fn(usize, &Coverage) -> bool,
) -> Raster {
    assert!(c.objects.len() < u16::MAX as usize, "too many objects");
    let (w, h) = (c.w as i64, c.h as i64);
    let mut top = vec![0u16; (w * h) as usize];
    let mut cov = vec![Coverage::default(); c.objects.len()];
    let mut spans: Vec<(f64, f64)> = Vec::new();
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    let prims: Vec<Prims<'_>> = c.objects.iter().map(prims_of).collect();
    for (k, p) in prims.iter().enumerate() {
        let b = p.bounds;
        if !b.0.is_finite() {
            continue;
        }
        let (mut y0, mut y1) = span(b.1, b.3 + 1e-9);
        if !outside {
            (y0, y1) = (y0.max(0), y1.min(h));
        }
        let cv = &mut cov[k];
        for y in y0..y1 {
            object_row(p, Edge::Exact, y, &mut spans, &mut ranges);
            let inside_row = y >= 0 && y < h;
            for &(a, b) in &ranges {
                let (ca, cb) = (a.max(0), b.min(w));
                let inside = if inside_row && ca < cb {
                    (cb - ca) as u32
                } else {
                    0
                };
                cv.full += if outside { (b - a) as u32 } else { inside };
                cv.in_image += inside;
                if inside > 0 {
                    let row = (y * w) as usize;
                    top[row + ca as usize..row + cb as usize].fill(k as u16 + 1);
                }
            }
        }
    }
    // Visible pixels, one run of an object at a time.
    for y in 0..h {
        let row = &top[(y * w) as usize..((y + 1) * w) as usize];
        let mut x = 0usize;
        while x < row.len() {
            let t = row[x];
            let mut e = x + 1;
            while e < row.len() && row[e] == t {
                e += 1;
            }
            if t != 0 {
                let cv = &mut cov[t as usize - 1];
                cv.visible += (e - x) as u32;
                let b = grow_box(cv.bbox, x as u32, y as u32);
                cv.bbox = Some((b.0, b.1, b.2.max(e as u32), b.3));
            }
            x = e;
        }
    }
    let checked: Vec<usize> = (0..c.objects.len())
        .filter(|&k| cov[k].bbox.is_some() && check(k, &cov[k]))
        .collect();
    if !checked.is_empty() {
        let grown = top_buffer(c, &prims, Edge::Grown(MARGIN), &mut spans, &mut ranges);
        let shrunk = top_buffer(c, &prims, Edge::Shrunk(MARGIN), &mut spans, &mut ranges);
        for k in checked {
            cov[k].fragile = uncertain(
                c,
                k,
                &prims[k],
                &cov[k],
                &grown,
                &shrunk,
                &mut spans,
                &mut ranges,
            );
        }
    }
    Raster { cov }
}

/// See [`Raster::fragile`]. Surely visible pixels (the object shrunk by the margin, on top
/// of everything grown) must reach within 1 px of every side of the visible box, and no
/// possibly visible pixel (the object grown, on top of everything shrunk) may lie more than
/// 1 px outside it.
#[allow(clippy::too_many_arguments)]
fn uncertain(
    c: &Canvas,
    k: usize,
    o: &Prims<'_>,
    cv: &Coverage,
    grown: &[u16],
    shrunk: &[u16],
    spans: &mut Vec<(f64, f64)>,
    ranges: &mut Vec<(i64, i64)>,
) -> bool {
    let Some((x0, y0, x1, y1)) = cv.bbox else {
        return false;
    };
    let (x0, y0, x1, y1) = (x0 as i64, y0 as i64, x1 as i64, y1 as i64);
    let (w, h) = (c.w as i64, c.h as i64);
    let id = k as u16 + 1;
    // Sure pixels near each side: left, right, top, bottom.
    let mut sides = [false; 4];
    for y in y0..y1 {
        object_row(o, Edge::Shrunk(MARGIN), y, spans, ranges);
        let edge_row = y < y0 + 2 || y >= y1 - 2;
        for &(a, b) in ranges.iter() {
            let (pa, pb) = (a.max(x0), b.min(x1));
            let mut x = pa;
            while x < pb {
                if !edge_row && x >= x0 + 2 && x < x1 - 2 {
                    x = x1 - 2;
                    continue;
                }
                if grown[(y * w + x) as usize] == id {
                    sides[0] |= x < x0 + 2;
                    sides[1] |= x >= x1 - 2;
                    sides[2] |= y < y0 + 2;
                    sides[3] |= y >= y1 - 2;
                }
                x += 1;
            }
        }
    }
    if !sides.iter().all(|s| *s) {
        return true;
    }
    // Possibly visible pixels beyond the box.
    let b = o.bounds;
    let (r0, r1) = span(b.1 - MARGIN, b.3 + MARGIN + 1e-9);
    for y in r0.max(0)..r1.min(h) {
        object_row(o, Edge::Grown(MARGIN), y, spans, ranges);
        let in_rows = y >= y0 - 1 && y < y1 + 1;
        for &(a, bb) in ranges.iter() {
            let (pa, pb) = (a.max(0), bb.min(w));
            let mut x = pa;
            while x < pb {
                if in_rows && x >= x0 - 1 && x < x1 + 1 {
                    x = x1 + 1;
                    continue;
                }
                if shrunk[(y * w + x) as usize] <= id {
                    return true;
                }
                x += 1;
            }
        }
    }
    false
}

fn grow_box(b: Option<(u32, u32, u32, u32)>, x: u32, y: u32) -> (u32, u32, u32, u32) {
    match b {
        None => (x, y, x + 1, y + 1),
        Some((a, c, d, e)) => (a.min(x), c.min(y), d.max(x + 1), e.max(y + 1)),
    }
}

/// The colour of gold object `i` in the masks: a bijective hash of `i` into the bright half of
/// the RGB cube (each channel 128–255), so colours are distinct for the first 2²¹ indices, never
/// black, and neighbours in the list look different.
pub fn mask_color(i: usize) -> [u8; 3] {
    let v = ((i as u64 + 1).wrapping_mul(0x5B_D1E9) & 0x1F_FFFF) as u32;
    [
        128 | ((v >> 14) & 0x7F) as u8,
        128 | ((v >> 7) & 0x7F) as u8,
        128 | (v & 0x7F) as u8,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn numbers() {
        let f = |x: f64| {
            let mut s = String::new();
            num(&mut s, x);
            s
        };
        assert_eq!(f(12.0), "12");
        assert_eq!(f(-3.5), "-3.5");
        assert_eq!(f(0.07), "0.07");
        assert_eq!(f(-0.001), "0");
        assert_eq!(f(1234.567), "1234.57");
        assert_eq!(f(-0.5), "-0.5");
        assert_eq!(f(10.106), "10.11");
    }

    #[test]
    fn mask_colors_distinct() {
        let set: HashSet<[u8; 3]> = (0..1024).map(mask_color).collect();
        assert_eq!(set.len(), 1024);
        assert!(!set.contains(&[0, 0, 0]));
    }

    #[test]
    fn rows_agree_with_contains() {
        let shapes = [
            Shape::rect(1.3, 2.7, 17.2, 9.9),
            Shape::Circle {
                c: (10.2, 9.7),
                r: 6.3,
            },
            Shape::Ring {
                c: (10.2, 9.7),
                r: 6.3,
                w: 2.1,
            },
            Shape::Capsule {
                a: (3.1, 4.2),
                b: (15.7, 16.1),
                r: 2.2,
            },
            Shape::Capsule {
                a: (3.1, 4.2),
                b: (3.1, 4.2),
                r: 2.2,
            },
            Shape::Poly(vec![
                (1.0, 1.0),
                (18.0, 3.0),
                (9.0, 9.0),
                (17.0, 18.0),
                (2.0, 15.0),
            ]),
        ];
        let mut out = Vec::new();
        for s in &shapes {
            for py in 0..20 {
                let y = py as f64 + 0.5;
                out.clear();
                s.row(y, &mut out);
                for px in 0..20 {
                    let x = px as f64 + 0.5;
                    let by_row = out.iter().any(|&(a, b)| x >= a && x < b);
                    assert_eq!(by_row, s.contains(x, y), "{s:?} at ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn grown_rows_contain_rows() {
        let shapes = [
            Shape::rect(1.3, 2.7, 17.2, 9.9),
            Shape::Circle {
                c: (10.2, 9.7),
                r: 6.3,
            },
            Shape::Ring {
                c: (10.2, 9.7),
                r: 6.3,
                w: 2.1,
            },
            Shape::Capsule {
                a: (3.1, 4.2),
                b: (15.7, 16.1),
                r: 2.2,
            },
            Shape::Poly(vec![
                (1.0, 1.0),
                (18.0, 3.0),
                (9.0, 9.0),
                (17.0, 18.0),
                (2.0, 15.0),
            ]),
        ];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for s in &shapes {
            for py in -2..22 {
                let y = py as f64 + 0.5;
                for px in -2..22 {
                    let x = px as f64 + 0.5;
                    a.clear();
                    b.clear();
                    let inside = |v: &Vec<(f64, f64)>| v.iter().any(|&(p, q)| x >= p && x < q);
                    s.row(y, &mut a);
                    s.row_grown(y, 0.5, &mut b);
                    let mut sh = Vec::new();
                    s.row_shrunk(y, 0.5, &mut sh);
                    // Shrunk points are inside, and more than 0.4 px from the outside.
                    if inside(&sh) {
                        assert!(inside(&a), "{s:?} shrunk grew at ({x}, {y})");
                        for (dx, dy) in [(0.4, 0.0), (-0.4, 0.0), (0.0, 0.4), (0.0, -0.4)] {
                            assert!(
                                s.contains(x + dx, y + dy),
                                "{s:?} shrunk too little at ({x}, {y})"
                            );
                        }
                    }
                    if inside(&a) {
                        assert!(inside(&b), "{s:?} grown lost ({x}, {y})");
                    }
                    // Points just outside the shape but within 0.5 px are inside the grown one.
                    let near = [(0.4, 0.0), (-0.4, 0.0), (0.0, 0.4), (0.0, -0.4)]
                        .iter()
                        .any(|(dx, dy)| s.contains(x + dx, y + dy));
                    if near {
                        assert!(inside(&b), "{s:?} grown misses ({x}, {y})");
                    }
                }
            }
        }
    }

    #[test]
    fn raster_rect_and_occlusion() {
        // A 10×10 rect at (5, 5) under a 10×10 rect at (10, 5): the first keeps x 5..10.
        let mut c = Canvas {
            w: 20,
            h: 20,
            ..Default::default()
        };
        for (x, role) in [(5.0, "a"), (10.0, "b")] {
            c.objects.push(Obj {
                role,
                items: vec![prim(Shape::rect(x, 5.0, x + 10.0, 15.0), Rgb(1, 1, 1))],
                group: 0,
                label: None,
            });
        }
        let r = rasterize(&c, true, &|_, _| false);
        assert_eq!(r.cov[0].full, 100);
        assert_eq!(r.cov[0].visible, 50);
        assert_eq!(r.cov[0].bbox, Some((5, 5, 10, 15)));
        assert_eq!(r.cov[1].bbox, Some((10, 5, 20, 15)));
        // The second runs over the right border: 100 px in the plane, 100 in the image (x < 20).
        assert_eq!(r.cov[1].truncated(), 0.0);
    }
}
