// Plane geometry in image pixels: crossings, distances, bounds.

const EPS = 1e-9;

function orient(a, b, c) {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < EPS ? 0 : v > 0 ? 1 : -1;
}

function onSeg(a, b, p) {
  return Math.min(a[0], b[0]) - EPS <= p[0] && p[0] <= Math.max(a[0], b[0]) + EPS &&
    Math.min(a[1], b[1]) - EPS <= p[1] && p[1] <= Math.max(a[1], b[1]) + EPS;
}

/** Do the closed segments ab and cd meet? */
export function segmentsIntersect(a, b, c, d) {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSeg(a, b, c)) return true;
  if (o2 === 0 && onSeg(a, b, d)) return true;
  if (o3 === 0 && onSeg(c, d, a)) return true;
  if (o4 === 0 && onSeg(c, d, b)) return true;
  return false;
}

/**
 * Indices of edges that cross another, non-adjacent edge. `edges` is a list of [p, q]; two
 * edges are adjacent when they share an endpoint index in the chain (i, i+1, and for a closed
 * ring the last and the first).
 */
export function crossingEdges(points, closed) {
  const n = points.length;
  const m = closed ? n : n - 1;
  const bad = new Set();
  if (n < 3) return bad;
  for (let i = 0; i < m; i++) {
    const a = points[i], b = points[(i + 1) % n];
    for (let j = i + 1; j < m; j++) {
      const adjacent = j === i + 1 || (closed && i === 0 && j === m - 1);
      if (adjacent) {
        // Adjacent edges only "cross" when they fold back onto each other.
        const c = points[j], d = points[(j + 1) % n];
        const shared = j === i + 1 ? b : a;
        const other1 = j === i + 1 ? a : b;
        const other2 = j === i + 1 ? d : c;
        if (orient(other1, shared, other2) === 0 && dot(sub(other1, shared), sub(other2, shared)) > 0) {
          bad.add(i);
          bad.add(j);
        }
        continue;
      }
      if (segmentsIntersect(a, b, points[j], points[(j + 1) % n])) {
        bad.add(i);
        bad.add(j);
      }
    }
  }
  return bad;
}

function sub(a, b) {
  return [a[0] - b[0], a[1] - b[1]];
}

function dot(a, b) {
  return a[0] * b[0] + a[1] * b[1];
}

export function dist(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The point of segment ab nearest to p, and its distance. */
export function nearestOnSegment(p, a, b) {
  const ab = sub(b, a);
  const l2 = dot(ab, ab);
  const u = l2 < EPS ? 0 : Math.max(0, Math.min(1, dot(sub(p, a), ab) / l2));
  const q = [a[0] + ab[0] * u, a[1] + ab[1] * u];
  return { point: q, d: dist(p, q), u };
}

/** Signed area (shoelace). */
export function area(points) {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i], b = points[(i + 1) % points.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function distinctCount(points) {
  return new Set(points.map((p) => `${p[0]},${p[1]}`)).size;
}

/** [x, y, w, h] of points. */
export function bounds(points) {
  if (!points.length) return [0, 0, 0, 0];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

export function unionBounds(list) {
  const pts = [];
  for (const b of list) if (b) pts.push([b[0], b[1]], [b[0] + b[2], b[1] + b[3]]);
  return bounds(pts);
}
