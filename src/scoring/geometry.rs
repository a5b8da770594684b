//! Geometry: box and interval IoU, simple-polygon validation, exact polygon IoU, polyline
//! resampling. Coordinates are image pixels, origin top-left, x right, y down.

use std::cmp::Ordering;

use geo::kernels::RobustKernel;
use geo::{Area, BooleanOps, Coord, Kernel, LineString, Orientation, Polygon};

use crate::i18n::{Lang, Msg};

/// IoU of two boxes `[x, y, w, h]` (w, h > 0).
pub fn box_iou(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    if a == b {
        return 1.0;
    }
    let ix = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let iy = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    if !(ix > 0.0 && iy > 0.0) {
        return 0.0;
    }
    let inter = ix * iy;
    let union = a[2] * a[3] + b[2] * b[3] - inter;
    ratio(inter, union)
}

/// IoU of two intervals `[s, e)` (e > s): overlap ÷ (length of the union).
pub fn interval_iou(a: (f64, f64), b: (f64, f64)) -> f64 {
    if a == b {
        return 1.0;
    }
    let inter = a.1.min(b.1) - a.0.max(b.0);
    if inter.is_nan() || inter <= 0.0 {
        return 0.0;
    }
    let union = (a.1 - a.0) + (b.1 - b.0) - inter;
    ratio(inter, union)
}

/// `inter / union` clamped to [0, 1], 0 when undefined.
fn ratio(inter: f64, union: f64) -> f64 {
    let r = inter / union;
    if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Why a list of points is not a simple polygon. Edge `i` joins point `i` and point `i + 1`
/// (the last edge joins the last point and the first), with positions in the input list.
#[derive(Clone, Debug, PartialEq)]
pub enum RingError {
    /// Fewer than 3 distinct points.
    TooFewPoints(usize),
    /// All points on one line.
    ZeroArea,
    /// Two non-adjacent edges cross or touch at a point.
    Cross {
        a: usize,
        b: usize,
        at: Coord<f64>,
        touch: bool,
    },
    /// Two edges lie on top of each other along a stretch (a spike, or an edge retraced).
    Overlap { a: usize, b: usize, at: Coord<f64> },
}

impl RingError {
    /// The message (a key of `[input_error]` and its arguments); edges count from 0.
    pub fn msg(&self) -> Msg {
        let edges = |key, a: &usize, b: &usize, at: &Coord<f64>| {
            Msg::new(key)
                .arg("a", a)
                .arg("b", b)
                .arg("x", format!("{:.1}", at.x))
                .arg("y", format!("{:.1}", at.y))
        };
        match self {
            RingError::TooFewPoints(n) => Msg::new("input_error.polygon_points").arg("n", n),
            RingError::ZeroArea => Msg::new("input_error.polygon_zero_area"),
            RingError::Cross {
                a,
                b,
                at,
                touch: false,
            } => edges("input_error.edges_cross", a, b, at),
            RingError::Cross {
                a,
                b,
                at,
                touch: true,
            } => edges("input_error.edges_touch", a, b, at),
            RingError::Overlap { a, b, at } => edges("input_error.edges_overlap", a, b, at),
        }
    }
}

/// In English; [`RingError::msg`] for other languages.
impl std::fmt::Display for RingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().render(Lang::En))
    }
}

/// A valid simple polygon, counter-clockwise in the y-up sense, without repeated points.
#[derive(Clone, Debug)]
pub struct Ring {
    pub points: Vec<Coord<f64>>,
    pub area: f64,
    /// min x, min y, max x, max y
    pub bbox: [f64; 4],
    pub polygon: Polygon<f64>,
}

fn orient(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>) -> Orientation {
    RobustKernel::orient2d(p, q, r)
}

fn on_segment(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>) -> bool {
    // r is collinear with p–q: is it within the segment's box?
    r.x >= p.x.min(q.x) && r.x <= p.x.max(q.x) && r.y >= p.y.min(q.y) && r.y <= p.y.max(q.y)
}

/// How two segments meet, if they do.
enum Meet {
    Cross(Coord<f64>),
    Touch(Coord<f64>),
    Overlap(Coord<f64>),
}

fn segments_meet(p1: Coord<f64>, p2: Coord<f64>, q1: Coord<f64>, q2: Coord<f64>) -> Option<Meet> {
    let o1 = orient(p1, p2, q1);
    let o2 = orient(p1, p2, q2);
    let o3 = orient(q1, q2, p1);
    let o4 = orient(q1, q2, p2);
    use Orientation::Collinear as C;
    if o1 == C && o2 == C {
        // Collinear: overlapping along a stretch, touching at one point, or apart.
        let (lo_p, hi_p) = if cmp_xy(p1, p2) == Ordering::Less {
            (p1, p2)
        } else {
            (p2, p1)
        };
        let (lo_q, hi_q) = if cmp_xy(q1, q2) == Ordering::Less {
            (q1, q2)
        } else {
            (q2, q1)
        };
        let lo = if cmp_xy(lo_p, lo_q) == Ordering::Less {
            lo_q
        } else {
            lo_p
        };
        let hi = if cmp_xy(hi_p, hi_q) == Ordering::Less {
            hi_p
        } else {
            hi_q
        };
        return match cmp_xy(lo, hi) {
            Ordering::Less => Some(Meet::Overlap(lo)),
            Ordering::Equal => Some(Meet::Touch(lo)),
            Ordering::Greater => None,
        };
    }
    if o1 != o2 && o3 != o4 {
        if o1 == C {
            return Some(Meet::Touch(q1));
        }
        if o2 == C {
            return Some(Meet::Touch(q2));
        }
        if o3 == C {
            return Some(Meet::Touch(p1));
        }
        if o4 == C {
            return Some(Meet::Touch(p2));
        }
        // Proper crossing: p1 + t (p2 − p1).
        let d = (p2.x - p1.x) * (q2.y - q1.y) - (p2.y - p1.y) * (q2.x - q1.x);
        let t = ((q1.x - p1.x) * (q2.y - q1.y) - (q1.y - p1.y) * (q2.x - q1.x)) / d;
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.5
        };
        return Some(Meet::Cross(Coord {
            x: p1.x + t * (p2.x - p1.x),
            y: p1.y + t * (p2.y - p1.y),
        }));
    }
    if o1 == C && on_segment(p1, p2, q1) {
        return Some(Meet::Touch(q1));
    }
    if o2 == C && on_segment(p1, p2, q2) {
        return Some(Meet::Touch(q2));
    }
    if o3 == C && on_segment(q1, q2, p1) {
        return Some(Meet::Touch(p1));
    }
    if o4 == C && on_segment(q1, q2, p2) {
        return Some(Meet::Touch(p2));
    }
    None
}

fn cmp_xy(a: Coord<f64>, b: Coord<f64>) -> Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

/// Checks that `input` (finite points) is a simple polygon and builds it.
///
/// Consecutive repeated points (and a last point repeating the first) are dropped. Then: at least
/// 3 distinct points, not all on one line, and no two edges meeting except adjacent edges at their
/// shared point. Orientation may be either way. Exact (robust orientation predicates).
pub fn validate_ring(input: &[Coord<f64>]) -> Result<Ring, RingError> {
    // Drop consecutive duplicates, remembering each kept point's input position.
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(input.len());
    let mut orig: Vec<usize> = Vec::with_capacity(input.len());
    for (i, &p) in input.iter().enumerate() {
        if pts.last() != Some(&p) {
            pts.push(p);
            orig.push(i);
        }
    }
    while pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
        orig.pop();
    }
    let n = pts.len();
    if n < 3 {
        let mut distinct = pts.clone();
        distinct.sort_by(|a, b| cmp_xy(*a, *b));
        distinct.dedup();
        return Err(RingError::TooFewPoints(distinct.len()));
    }
    // All collinear? Find a point off the line through p0 and the first point different from it.
    let p0 = pts[0];
    let p1 = pts[1];
    if pts
        .iter()
        .all(|&q| orient(p0, p1, q) == Orientation::Collinear)
    {
        return Err(RingError::ZeroArea);
    }
    // Edge k joins pts[k] and pts[(k + 1) % n]; its input number is orig[k] (the input edge that
    // starts at that point; repeated points only shorten the input's edges to zero length).
    let edge = |k: usize| (pts[k], pts[(k + 1) % n]);
    let report = |a: usize, b: usize, m: Meet| -> RingError {
        let (a, b) = (orig[a].min(orig[b]), orig[a].max(orig[b]));
        match m {
            Meet::Cross(at) => RingError::Cross {
                a,
                b,
                at,
                touch: false,
            },
            Meet::Touch(at) => RingError::Cross {
                a,
                b,
                at,
                touch: true,
            },
            Meet::Overlap(at) => RingError::Overlap { a, b, at },
        }
    };
    // Adjacent edges k and k+1 share pts[k+1]; they must not fold back onto each other.
    for k in 0..n {
        let a = pts[k];
        let v = pts[(k + 1) % n];
        let c = pts[(k + 2) % n];
        if orient(a, v, c) == Orientation::Collinear {
            let dot = (a.x - v.x) * (c.x - v.x) + (a.y - v.y) * (c.y - v.y);
            if dot > 0.0 {
                // The outline goes out along a line and comes back along it: a spike at v.
                return Err(report(k, (k + 1) % n, Meet::Overlap(v)));
            }
        }
    }
    // Edge boxes [min x, max x, min y, max y], computed once.
    let boxes: Vec<[f64; 4]> = (0..n)
        .map(|k| {
            let (a, b) = edge(k);
            [a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y)]
        })
        .collect();
    // Boxes apart: the segments cannot meet (a cheap test before the exact predicates). Kept
    // inline in the loops below: most pairs stop here, and a call per pair cost more than the
    // test itself.
    let apart = |bi: &[f64; 4], bj: &[f64; 4]| {
        bi[1] < bj[0] || bj[1] < bi[0] || bi[3] < bj[2] || bj[3] < bi[2]
    };
    // Edges i < j, not adjacent, whose boxes touch: do they meet?
    let meet = |i: usize, j: usize| -> Option<RingError> {
        let ((p1, p2), (q1, q2)) = (edge(i), edge(j));
        segments_meet(p1, p2, q1, q2).map(|m| report(i, j, m))
    };
    if n <= 64 {
        // Every pair i < j in order, so the error names the first pair that meets. Adjacent
        // edges (j = i + 1, and 0 with n − 1) share a point and were checked above.
        for (i, bi) in boxes.iter().enumerate() {
            let last = if i == 0 { n - 1 } else { n };
            let Some(later) = boxes.get(i + 2..last) else {
                continue;
            };
            for (k, bj) in later.iter().enumerate() {
                if !apart(bi, bj)
                    && let Some(e) = meet(i, i + 2 + k)
                {
                    return Err(e);
                }
            }
        }
    } else {
        // Sort-and-sweep on x: only edges whose x ranges overlap can meet.
        let adjacent = |i: usize, j: usize| j == i + 1 || (i == 0 && j == n - 1);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| boxes[a][0].total_cmp(&boxes[b][0]).then(a.cmp(&b)));
        for (oi, &i) in order.iter().enumerate() {
            let hi = boxes[i][1];
            for &j in &order[oi + 1..] {
                if boxes[j][0] > hi {
                    break;
                }
                let (i, j) = (i.min(j), i.max(j));
                if !adjacent(i, j)
                    && !apart(&boxes[i], &boxes[j])
                    && let Some(e) = meet(i, j)
                {
                    return Err(e);
                }
            }
        }
    }
    let signed = signed_area(&pts);
    if signed < 0.0 {
        pts.reverse();
    }
    let area = signed.abs();
    if area.is_nan() || area <= 0.0 || area.is_infinite() {
        return Err(RingError::ZeroArea);
    }
    let mut bbox = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in &pts {
        bbox[0] = bbox[0].min(p.x);
        bbox[1] = bbox[1].min(p.y);
        bbox[2] = bbox[2].max(p.x);
        bbox[3] = bbox[3].max(p.y);
    }
    // geo's rings repeat the first point at the end: allocate for it once (Polygon::new would
    // otherwise grow a copy of exactly n points to add it).
    let mut closed = Vec::with_capacity(n + 1);
    closed.extend_from_slice(&pts);
    closed.push(pts[0]);
    let polygon = Polygon::new(LineString::from(closed), vec![]);
    Ok(Ring {
        points: pts,
        area,
        bbox,
        polygon,
    })
}

/// Shoelace area, positive for counter-clockwise (y-up) order.
pub fn signed_area(pts: &[Coord<f64>]) -> f64 {
    let n = pts.len();
    if n < 3 {
        return 0.0;
    }
    // Relative to the first point, to keep the products small.
    let o = pts[0];
    let mut s = 0.0;
    for k in 1..n - 1 {
        let a = pts[k];
        let b = pts[k + 1];
        s += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    s / 2.0
}

/// Exact area IoU of two simple polygons: area(A ∩ B) ÷ (area A + area B − area(A ∩ B)).
/// The intersection comes from geo's boolean operations.
pub fn polygon_iou(a: &Ring, b: &Ring) -> f64 {
    if a.bbox[0] >= b.bbox[2]
        || b.bbox[0] >= a.bbox[2]
        || a.bbox[1] >= b.bbox[3]
        || b.bbox[1] >= a.bbox[3]
    {
        return 0.0;
    }
    if a.points == b.points {
        return 1.0;
    }
    let inter = a.polygon.intersection(&b.polygon).unsigned_area();
    if inter.is_nan() || inter <= 0.0 {
        return 0.0;
    }
    let inter = inter.min(a.area).min(b.area);
    ratio(inter, a.area + b.area - inter)
}

/// Resamples a polyline (≥ 2 points, positive length) to `n ≥ 2` points evenly spaced by arc
/// length, including both ends.
pub fn resample(pts: &[Coord<f64>], n: usize) -> Vec<Coord<f64>> {
    let n = n.max(2);
    if pts.is_empty() {
        return Vec::new();
    }
    let mut cum = Vec::with_capacity(pts.len());
    cum.push(0.0f64);
    for w in pts.windows(2) {
        let d = (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
        cum.push(cum[cum.len() - 1] + d);
    }
    let total = cum[cum.len() - 1];
    let last = pts[pts.len() - 1];
    let mut out = Vec::with_capacity(n);
    out.push(pts[0]);
    let mut s = 0usize; // current segment: pts[s] → pts[s + 1]
    for k in 1..n - 1 {
        let target = total * (k as f64) / ((n - 1) as f64);
        while s + 2 < pts.len() && cum[s + 1] < target {
            s += 1;
        }
        let p = if s + 1 < pts.len() {
            let len = cum[s + 1] - cum[s];
            if len > 0.0 {
                let t = ((target - cum[s]) / len).clamp(0.0, 1.0);
                Coord {
                    x: pts[s].x + t * (pts[s + 1].x - pts[s].x),
                    y: pts[s].y + t * (pts[s + 1].y - pts[s].y),
                }
            } else {
                pts[s]
            }
        } else {
            last
        };
        out.push(p);
    }
    out.push(last);
    out
}

/// Squared distance.
pub fn dist2(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let dx = a.x - b.x;
    let dy = a.y - b.y;
    dx * dx + dy * dy
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    fn ring(p: &[(f64, f64)]) -> Result<Ring, RingError> {
        validate_ring(&p.iter().map(|&(x, y)| c(x, y)).collect::<Vec<_>>())
    }

    #[test]
    fn box_iou_by_hand() {
        // [0,0,10,10] vs [5,0,10,10]: overlap 5×10 = 50; union 100 + 100 − 50 = 150; IoU = 1/3.
        assert!(
            (box_iou(&[0.0, 0.0, 10.0, 10.0], &[5.0, 0.0, 10.0, 10.0]) - 1.0 / 3.0).abs() < 1e-15
        );
        // Touching edges: no overlap.
        assert_eq!(
            box_iou(&[0.0, 0.0, 10.0, 10.0], &[10.0, 0.0, 10.0, 10.0]),
            0.0
        );
        assert_eq!(box_iou(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 3.0, 4.0]), 1.0);
        // Contained: 4×4 = 16 inside 10×10 = 100: IoU = 16/100.
        assert!((box_iou(&[0.0, 0.0, 10.0, 10.0], &[3.0, 3.0, 4.0, 4.0]) - 0.16).abs() < 1e-15);
    }

    #[test]
    fn interval_iou_by_hand() {
        // [0.4, 2.1) vs [0.5, 2.0): overlap 1.5; union 1.7 + 1.5 − 1.5 = 1.7; IoU = 1.5/1.7.
        assert!((interval_iou((0.4, 2.1), (0.5, 2.0)) - 1.5 / 1.7).abs() < 1e-12);
        assert_eq!(interval_iou((0.0, 1.0), (1.0, 2.0)), 0.0);
    }

    #[test]
    fn polygon_errors() {
        assert_eq!(
            ring(&[(0.0, 0.0), (1.0, 1.0)]).unwrap_err(),
            RingError::TooFewPoints(2)
        );
        assert_eq!(
            ring(&[(0.0, 0.0), (0.0, 0.0), (1.0, 1.0), (0.0, 0.0)]).unwrap_err(),
            RingError::TooFewPoints(2)
        );
        assert_eq!(
            ring(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)]).unwrap_err(),
            RingError::ZeroArea
        );
        // Bow tie: edge 0 (0,0)→(10,10) crosses edge 2 (10,0)→(0,10) at (5,5).
        let e = ring(&[(0.0, 0.0), (10.0, 10.0), (10.0, 0.0), (0.0, 10.0)]).unwrap_err();
        assert_eq!(e.to_string(), "edges 0 and 2 cross at (5.0, 5.0)");
        // A point lying on a non-adjacent edge: edges 1 and 3 touch at (5, 0).
        let e = ring(&[
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (5.0, 0.0),
            (0.0, 10.0),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("touch at (5.0, 0.0)"), "{e}");
        // Spike: (0,0)→(10,0)→(5,0) folds back.
        let e = ring(&[(0.0, 0.0), (10.0, 0.0), (5.0, 0.0), (5.0, 5.0)]).unwrap_err();
        assert!(matches!(e, RingError::Overlap { .. }), "{e}");
    }

    #[test]
    fn polygon_ok_with_duplicates_and_closing_point() {
        let r = ring(&[
            (0.0, 0.0),
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 3.0),
            (0.0, 3.0),
            (0.0, 0.0),
        ])
        .unwrap();
        assert_eq!(r.points.len(), 4);
        assert_eq!(r.area, 12.0);
        // Clockwise input is accepted and reoriented.
        let r = ring(&[(0.0, 0.0), (0.0, 3.0), (4.0, 3.0), (4.0, 0.0)]).unwrap();
        assert_eq!(r.area, 12.0);
        assert!(signed_area(&r.points) > 0.0);
    }

    #[test]
    fn polygon_iou_by_hand() {
        // Squares [0,10]² and [5,15]×[0,10]: overlap 5×10 = 50, union 150, IoU 1/3.
        let a = ring(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]).unwrap();
        let b = ring(&[(5.0, 0.0), (15.0, 0.0), (15.0, 10.0), (5.0, 10.0)]).unwrap();
        assert!((polygon_iou(&a, &b) - 1.0 / 3.0).abs() < 1e-9);
        // Triangle (0,0),(10,0),(0,10) (area 50) vs the square [0,10]² (100): IoU 50/100.
        let t = ring(&[(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)]).unwrap();
        assert!((polygon_iou(&t, &a) - 0.5).abs() < 1e-9);
        // Concave L (area 3 unit squares) vs the square [0,2]² (area 4): overlap 3, union 4.
        let l = ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
        ])
        .unwrap();
        let s = ring(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]).unwrap();
        assert!((polygon_iou(&l, &s) - 0.75).abs() < 1e-9);
        assert_eq!(polygon_iou(&a, &a), 1.0);
        let far = ring(&[(20.0, 0.0), (30.0, 0.0), (30.0, 10.0)]).unwrap();
        assert_eq!(polygon_iou(&a, &far), 0.0);
    }

    #[test]
    fn big_polygons() {
        // A 10,000-gon is valid (checked by the sweep) and IoU with itself shifted is sane.
        let n = 10_000;
        let pts: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let t = k as f64 / n as f64 * std::f64::consts::TAU;
                c(500.0 + 400.0 * t.cos(), 500.0 + 400.0 * t.sin())
            })
            .collect();
        let a = validate_ring(&pts).unwrap();
        let shifted: Vec<Coord<f64>> = pts.iter().map(|p| c(p.x + 1.0, p.y)).collect();
        let b = validate_ring(&shifted).unwrap();
        let iou = polygon_iou(&a, &b);
        assert!(iou > 0.99 && iou < 1.0, "{iou}");
        // A zig-zag whose last edge crosses the first is found by the sweep.
        let mut z: Vec<Coord<f64>> = (0..200)
            .map(|k| c(k as f64, if k % 2 == 0 { 0.0 } else { 1.0 }))
            .collect();
        z.push(c(199.0, 10.0));
        z.push(c(50.0, -5.0));
        assert!(validate_ring(&z).is_err());
    }

    #[test]
    fn resample_by_hand() {
        // An L of length 20: (0,0)→(10,0)→(10,10), 5 points every 5 units.
        let r = resample(&[c(0.0, 0.0), c(10.0, 0.0), c(10.0, 10.0)], 5);
        assert_eq!(
            r,
            vec![
                c(0.0, 0.0),
                c(5.0, 0.0),
                c(10.0, 0.0),
                c(10.0, 5.0),
                c(10.0, 10.0)
            ]
        );
        // Repeated points are harmless.
        let r = resample(&[c(0.0, 0.0), c(0.0, 0.0), c(4.0, 0.0), c(4.0, 0.0)], 3);
        assert_eq!(r, vec![c(0.0, 0.0), c(2.0, 0.0), c(4.0, 0.0)]);
    }

    /// Reference check: every pair of non-adjacent edges, no shortcuts.
    fn naive_simple(v: &[Coord<f64>]) -> bool {
        let mut pts: Vec<Coord<f64>> = Vec::new();
        for &p in v {
            if pts.last() != Some(&p) {
                pts.push(p);
            }
        }
        while pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        let n = pts.len();
        if n < 3
            || pts
                .iter()
                .all(|&q| orient(pts[0], pts[1], q) == Orientation::Collinear)
        {
            return false;
        }
        for k in 0..n {
            let (a, v, c) = (pts[k], pts[(k + 1) % n], pts[(k + 2) % n]);
            if orient(a, v, c) == Orientation::Collinear
                && (a.x - v.x) * (c.x - v.x) + (a.y - v.y) * (c.y - v.y) > 0.0
            {
                return false;
            }
        }
        for i in 0..n {
            for j in i + 1..n {
                if j == i + 1 || (i == 0 && j == n - 1) {
                    continue;
                }
                if segments_meet(pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n]).is_some() {
                    return false;
                }
            }
        }
        true
    }

    proptest! {
        #[test]
        fn sweep_agrees_with_the_naive_check(
            radii in proptest::collection::vec(3i32..12, 3..120),
            noise in proptest::collection::vec((-3i32..=3, -3i32..=3), 120),
        ) {
            // Star polygons on a coarse grid: mostly simple, sometimes touching or crossing.
            let n = radii.len();
            let v: Vec<Coord<f64>> = radii.iter().enumerate().map(|(k, &r)| {
                let t = k as f64 / n as f64 * std::f64::consts::TAU;
                let r = r as f64 * (1 + n / 12) as f64;
                c((r * t.cos()).round() + noise[k].0 as f64, (r * t.sin()).round() + noise[k].1 as f64)
            }).collect();
            prop_assert_eq!(validate_ring(&v).is_ok(), naive_simple(&v));
        }

        #[test]
        fn random_rings_never_panic(pts in proptest::collection::vec((-50i32..50, -50i32..50), 0..40)) {
            let v: Vec<Coord<f64>> = pts.iter().map(|&(x, y)| c(x as f64, y as f64)).collect();
            if let Ok(r) = validate_ring(&v) {
                prop_assert!(r.area > 0.0);
                let iou = polygon_iou(&r, &r);
                prop_assert_eq!(iou, 1.0);
            }
        }

        #[test]
        fn star_polygons_are_valid_and_iou_in_range(radii in proptest::collection::vec(1.0f64..100.0, 3..64),
                                                    radii2 in proptest::collection::vec(1.0f64..100.0, 3..64),
                                                    dx in -50.0f64..50.0) {
            let star = |r: &[f64], ox: f64| -> Vec<Coord<f64>> {
                r.iter().enumerate().map(|(k, &rad)| {
                    let t = k as f64 / r.len() as f64 * std::f64::consts::TAU;
                    c(ox + rad * t.cos(), rad * t.sin())
                }).collect()
            };
            let a = validate_ring(&star(&radii, 0.0)).unwrap();
            let b = validate_ring(&star(&radii2, dx)).unwrap();
            let iou = polygon_iou(&a, &b);
            prop_assert!((0.0..=1.0).contains(&iou));
            prop_assert!((iou - polygon_iou(&b, &a)).abs() < 1e-9);
        }
    }
}
